package search

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// panicQuery matches what q matches until its searcher is asked for a
// match, when it panics: a bug in bleve or in a searcher of ours.
type panicQuery struct{ q query.Query }

func (p panicQuery) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := p.q.Searcher(ctx, i, m, o)
	return panicSearcher{s}, err
}

type panicSearcher struct{ bsearch.Searcher }

func (panicSearcher) Next(*bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	var hits []int
	return nil, errors.New(string(rune(hits[1]))) // index out of range
}

func (p panicSearcher) Advance(ctx *bsearch.SearchContext, _ bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	return p.Next(ctx)
}

// TestPanicsAreErrors checks that a panic in a search, in any of the
// goroutines that run one, fails that search with a *PanicError that
// says where, instead of ending the process, and leaves the Searcher
// working.
func TestPanicsAreErrors(t *testing.T) {
	s := newSearcher(t, WithConcurrency(1))
	ctx := context.Background()
	coal := query.NewTermQuery("coal")
	coal.SetField("body")
	page, err := s.Search(ctx, Request{Query: "coal"})
	if err != nil || len(page.Hits) == 0 {
		t.Fatalf("coal: %v, %v", page, err)
	}
	for _, tt := range []struct {
		name string
		run  func() error
	}{
		{"a panic in the search for the page is an error", func() error {
			_, err := s.searchAll(ctx, []*bleve.SearchRequest{bleve.NewSearchRequest(panicQuery{coal})})
			return err
		}},
		{"a panic in a facet's search beside the page's is an error", func() error {
			_, err := s.searchAll(ctx, []*bleve.SearchRequest{bleve.NewSearchRequest(coal), bleve.NewSearchRequest(panicQuery{coal})})
			return err
		}},
		{"a panic while the page's matches are located is an error", func() error {
			r, err := s.ix.Bleve().Search(bleve.NewSearchRequest(coal))
			if err != nil {
				return err
			}
			return s.locate(ctx, panicQuery{coal}, r.Hits)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var p *PanicError
			if !errors.As(err, &p) || !strings.Contains(string(p.Stack), "panicSearcher.Next") {
				t.Fatalf("err = %v, want a PanicError with the stack of panicSearcher.Next", err)
			}
			if len(s.slots) != 0 {
				t.Errorf("%d slots still taken", len(s.slots))
			}
			if _, err := s.Search(ctx, Request{Query: "coal"}); err != nil {
				t.Errorf("the next search: %v", err)
			}
		})
	}
}
