package search

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/index"
)

// TestConjunctionReadsEachArticleOnce checks that an AND group that only
// ranks, or is one side of an OR that the search around it skips
// through, reads each article of its words once, however often it is
// asked for the next match: bleve's conjunction, asked again when it is
// done, advances a word it had finished, and a word asked for an article
// at or before its last reads its list again from the start (see
// stayDone): once for every later article of the search.
func TestConjunctionReadsEachArticleOnce(t *testing.T) {
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// Articles, in one batch (so in no set order), with the required
	// word only; with only another word that ranks, which keeps the
	// disjunction of those that rank behind the required word, so that it
	// is advanced (and advances the group) again and again; with the
	// required word and one of the group's, never both. The group is done
	// at once, one of its words having given an article far ahead.
	const required, ranks, each = 40, 40, 20
	var docs []index.Document
	kinds := []struct {
		n           int
		id, body    string
		hasRequired bool
	}{
		{required, "reform", "深化改革。", true},
		{ranks, "open", "对外开放。", false},
		{each, "economy", "经济工作要深化改革。", true},
		{each, "growth", "深化改革，促进发展。", true},
	}
	withRequired := 0
	for _, k := range kinds {
		for i := range k.n {
			docs = append(docs, index.Document{ID: fmt.Sprintf("%s%02d", k.id, i), Title: "报道", Body: k.body})
		}
		if k.hasRequired {
			withRequired += k.n
		}
	}
	if err := ix.Add(docs...); err != nil {
		t.Fatal(err)
	}
	term := func(w string) query.Query {
		q := query.NewTermQuery(w)
		q.SetField(index.FieldBody)
		return q
	}
	for _, tt := range []struct {
		name  string
		query func(group query.Query) query.Query
		hits  int
	}{
		{"an AND group that only ranks", func(group query.Query) query.Query {
			return query.NewBooleanQuery([]query.Query{term("改革")}, []query.Query{group, term("开放")}, nil)
		}, withRequired},
		{"an AND group on one side of an OR, with a filter", func(group query.Query) query.Query {
			return conjunction([]query.Query{disjunction([]query.Query{group, term("开放")}), filter(term("改革"))})
		}, 0},
	} {
		t.Run(tt.name+" reads each article of its words once", func(t *testing.T) {
			seeks := 0
			group := conjunction([]query.Query{seekCountingQuery{term("经济"), &seeks}, seekCountingQuery{term("发展"), &seeks}})
			r := bleve.NewSearchRequestOptions(tt.query(group), 100, 0, false)
			res, err := ix.Bleve().Search(r)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != uint64(tt.hits) {
				t.Errorf("%d hits, want %d", res.Total, tt.hits)
			}
			if seeks > 0 {
				t.Errorf("the group's words read their articles again from the start %d times, want none", seeks)
			}
		})
	}
}

// seekCountingQuery is a query that counts the times its searcher is
// asked to advance to an article at or before the last it gave: for a
// term, a read of its articles again from the start.
type seekCountingQuery struct {
	q     query.Query
	seeks *int
}

func (c seekCountingQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := c.q.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	return &seekCountingSearcher{Searcher: s, seeks: c.seeks}, nil
}

// seekCountingSearcher counts the advances of its searcher backwards.
type seekCountingSearcher struct {
	bsearch.Searcher
	seeks *int
	last  bindex.IndexInternalID
}

func (c *seekCountingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	return c.gave(c.Searcher.Next(ctx))
}

func (c *seekCountingSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if c.last != nil && id.Compare(c.last) <= 0 {
		*c.seeks++
	}
	return c.gave(c.Searcher.Advance(ctx, id))
}

func (c *seekCountingSearcher) gave(dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if dm != nil {
		c.last = append(c.last[:0], dm.IndexInternalID...)
	}
	return dm, err
}
