package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// tally counts the values of some faceted fields over every match of one
// bleve search, from the columns (see columns.go), and gives the id sort
// key of each match. It sees the matches through tallyQuery, whose
// searcher is the one bleve's collector reads: each match passes it
// exactly once, whatever page is asked for (the collector counts facets
// the same way).
type tally struct {
	cache  *columnCache
	fields []string // the fields to count
	view   *view    // of the snapshot being searched; set by tallyQuery
	// counts are, by segment of the view and then by field (as fields),
	// the number of matches with each value: [0] those with none, [i]
	// those with the column's terms[i-1]. nil for a segment not met yet.
	counts [][][]int
	// seg caches the segment of the last match: matches come in document
	// order.
	seg int
}

func newTally(cache *columnCache, fields ...string) *tally {
	return &tally{cache: cache, fields: fields}
}

// segment returns the index in t.view of the segment holding document
// number n.
func (t *tally) segment(n uint64) int {
	segs := t.view.segs
	if s := segs[t.seg]; n < s.start || n >= s.end {
		t.seg = t.view.find(n)
	}
	return t.seg
}

// add counts the values of the match with internal id id.
func (t *tally) add(id bindex.IndexInternalID) {
	n := docNumber(id)
	si := t.segment(n)
	seg := &t.view.segs[si]
	local := uint32(n - seg.start)
	counts := t.counts[si]
	if counts == nil {
		counts = make([][]int, len(t.fields))
		for i, f := range t.fields {
			counts[i] = make([]int, len(seg.cols.fields[f].terms)+1)
		}
		t.counts[si] = counts
	}
	for i, f := range t.fields {
		col := seg.cols.fields[f]
		counts[i][col.first[local]]++
		if len(col.more) > 0 {
			for _, ord := range col.more[local] {
				counts[i][ord]++
			}
		}
	}
}

// id returns the article id of the match with internal id id.
func (t *tally) id(id bindex.IndexInternalID) string {
	n := docNumber(id)
	seg := &t.view.segs[t.segment(n)]
	return seg.cols.ids[n-seg.start]
}

// result returns what was counted for field: the matches by value (only
// values with matches), and how many matches have no value. The counts
// are those of a bleve terms facet on the field without a size limit.
func (t *tally) result(field string) facetCount {
	out := facetCount{values: map[string]int{}}
	fi := -1
	for i, f := range t.fields {
		if f == field {
			fi = i
		}
	}
	if fi < 0 || t.view == nil {
		return out
	}
	for si, counts := range t.counts {
		if counts == nil {
			continue
		}
		terms := t.view.segs[si].cols.fields[field].terms
		out.missing += counts[fi][0]
		for i, c := range counts[fi][1:] {
			if c > 0 {
				out.values[terms[i]] += c
			}
		}
	}
	return out
}

// tallyQuery matches what its query matches, and passes every match to its
// tally.
type tallyQuery struct {
	q query.Query
	t *tally
}

// Searcher returns q's searcher, behind one that tallies its matches over
// the columns of the snapshot i.
func (tq tallyQuery) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	v, err := tq.t.cache.viewOf(i)
	if err != nil {
		return nil, err
	}
	tq.t.view, tq.t.counts, tq.t.seg = v, make([][][]int, len(v.segs)), 0
	s, err := tq.q.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return tallySearcher{s, tq.t}, nil
}

type tallySearcher struct {
	bsearch.Searcher
	t *tally
}

func (s tallySearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm != nil {
		s.t.add(dm.IndexInternalID)
	}
	return dm, err
}

func (s tallySearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil {
		s.t.add(dm.IndexInternalID)
	}
	return dm, err
}

// sortID orders matches by article id, as bleve's SortDocID does and with
// the same sort values (so cursors hold the id), but reads the id from the
// tally's columns instead of the stored document: bleve's collector asks
// every match for its sort values, before it knows whether the match ties
// with another.
type sortID struct {
	t    *tally
	desc bool
}

func (s *sortID) UpdateVisitor(string, []byte)          {}
func (s *sortID) Value(d *bsearch.DocumentMatch) string { return s.t.id(d.IndexInternalID) }
func (s *sortID) DecodeValue(v string) string           { return v }
func (s *sortID) Descending() bool                      { return s.desc }
func (s *sortID) RequiresDocID() bool                   { return false }
func (s *sortID) RequiresScoring() bool                 { return false }
func (s *sortID) RequiresFields() []string              { return nil }
func (s *sortID) Reverse()                              { s.desc = !s.desc }
func (s *sortID) Copy() bsearch.SearchSort              { c := *s; return &c }
