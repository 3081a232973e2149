package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// conjunction is bleve's conjunction of qs behind a searcher that stays
// done (see stayDone): an AND group inside an OR, the rare words and the
// ranking words of a loose clause (ranked), the translations that cover a
// clause together (orTranslated).
func conjunction(qs []query.Query) query.Query {
	return stayDone(query.NewConjunctionQuery(qs))
}

// stayDone wraps q in a query whose searcher, once it has no more
// matches, answers so without asking q's again. bleve's conjunction,
// asked again when it is done, advances a word whose articles it has
// finished, and the word's term reader, asked for an article at or before
// the last it gave, opens its postings again and reads from the start; a
// conjunction in a disjunction is asked again whenever the disjunction is
// advanced: for every later article of the search around it.
func stayDone(q query.Query) query.Query {
	return stayDoneQuery{q}
}

// stayDoneQuery is a query whose searcher stays done (see stayDone).
type stayDoneQuery struct{ q query.Query }

// Searcher returns q's searcher behind one that remembers that it is
// done.
func (d stayDoneQuery) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := d.q.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	// bleve's boolean and disjunction queries drop a searcher that
	// matches nothing when they see it as such.
	if _, none := s.(*searcher.MatchNoneSearcher); none {
		return s, nil
	}
	return &doneSearcher{Searcher: s}, nil
}

// doneSearcher passes on its searcher's matches until it has none, then
// answers none without asking it again.
type doneSearcher struct {
	bsearch.Searcher
	done bool
}

func (d *doneSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if d.done {
		return nil, nil
	}
	return d.see(d.Searcher.Next(ctx))
}

func (d *doneSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if d.done {
		return nil, nil
	}
	return d.see(d.Searcher.Advance(ctx, id))
}

// see notes that the searcher is done when it gave no match and no error.
func (d *doneSearcher) see(dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	d.done = dm == nil && err == nil
	return dm, err
}
