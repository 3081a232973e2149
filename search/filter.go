package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// filterQuery matches what its query matches but scores nothing, so that a
// filter (a province, a source, a date range) narrows the results without
// changing their ranking. Unlike bleve's BooleanQuery.Filter, which tests
// each match of the main query in turn, it can be a clause of a
// conjunction, which skips ahead to the filter's articles: a query for a
// common word within one province reads only that province's postings.
type filterQuery struct{ q query.Query }

// filter wraps q, unless q is nil.
func filter(q query.Query) query.Query {
	if q == nil {
		return nil
	}
	return filterQuery{q}
}

// Searcher returns q's searcher, asked not to score, behind a searcher
// that reports no score and no weight.
func (f filterQuery) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	options.Score = "none"
	options.IncludeTermVectors = false
	options.Explain = false
	s, err := f.q.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return unscored{s}, nil
}

// unscored is a searcher whose matches score 0 and weigh nothing in the
// query norm of the searcher around it.
type unscored struct{ bsearch.Searcher }

func (u unscored) Weight() float64      { return 0 }
func (u unscored) SetQueryNorm(float64) {}

func (u unscored) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	return zero(u.Searcher.Next(ctx))
}

func (u unscored) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	return zero(u.Searcher.Advance(ctx, id))
}

func zero(dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if dm != nil {
		dm.Score = 0
		dm.Expl = nil
	}
	return dm, err
}
