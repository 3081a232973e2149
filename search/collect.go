package search

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// tally counts the values of some fields over every match of one bleve
// search, from the columns (see columns.go), and gives the sort keys of
// each match that the columns hold. It sees the matches through
// tallyQuery, whose searcher is the one bleve's collector reads: each
// match passes it exactly once, whatever page is asked for (the collector
// counts facets the same way).
type tally struct {
	cache  *columnCache
	fields []string // the fields to count
	view   *view    // of the snapshot being searched; set by tallyQuery
	// segs are the counts of each segment of the view, nil for a segment
	// with no match yet.
	segs []*tallySegment
	// seg is the index in view of the segment of the last match looked
	// up: matches come in document order.
	seg int
}

// tallySegment is what a tally counted in one segment.
type tallySegment struct {
	cols []*column // of the tally's fields
	// counts are, by field, the number of matches with each value: [0]
	// those with none, [i] those with the column's terms[i-1].
	counts [][]int
}

func newTally(cache *columnCache, fields ...string) *tally {
	return &tally{cache: cache, fields: fields}
}

// segment returns the index in t.view of the segment holding document
// number n, and n's number in that segment.
func (t *tally) segment(n uint64) (int, uint32) {
	segs := t.view.segs
	if s := segs[t.seg]; n < s.start || n >= s.end {
		t.seg = t.view.find(n)
	}
	return t.seg, uint32(n - segs[t.seg].start)
}

// add counts the values of the match with internal id id.
func (t *tally) add(id bindex.IndexInternalID) {
	si, doc := t.segment(docNumber(id))
	ts := t.segs[si]
	if ts == nil {
		ts = &tallySegment{cols: make([]*column, len(t.fields)), counts: make([][]int, len(t.fields))}
		for i, f := range t.fields {
			ts.cols[i] = t.view.segs[si].cols.fields[f]
			ts.counts[i] = make([]int, len(ts.cols[i].terms)+1)
		}
		t.segs[si] = ts
	}
	for i, col := range ts.cols {
		ts.counts[i][col.first[doc]]++
		if len(col.more) > 0 {
			for _, ord := range col.more[doc] {
				ts.counts[i][ord]++
			}
		}
	}
}

// result returns what was counted for field: the matches by value (only
// values with matches), and how many matches have no value. The counts
// are those of a bleve terms facet on the field without a size limit.
func (t *tally) result(field string) facetCount {
	out := facetCount{values: map[string]int{}}
	for fi, f := range t.fields {
		if f != field {
			continue
		}
		for _, ts := range t.segs {
			if ts == nil {
				continue
			}
			out.missing += ts.counts[fi][0]
			for i, c := range ts.counts[fi][1:] {
				if c > 0 {
					out.values[ts.cols[fi].terms[i]] += c
				}
			}
		}
	}
	return out
}

// countOf returns how many matches have the value v in field.
func (t *tally) countOf(field, v string) int {
	n := 0
	for fi, f := range t.fields {
		if f != field {
			continue
		}
		for _, ts := range t.segs {
			if ts == nil {
				continue
			}
			terms := ts.cols[fi].terms
			if i, ok := slices.BinarySearch(terms, v); ok {
				n += ts.counts[fi][i+1]
			}
		}
	}
	return n
}

// distinct returns how many values of field the matches have, the
// matches with none counted one each. It reads the counts of every value
// of the largest segment without a map (a bulk load leaves one segment),
// and holds in a map only those of the others.
func (t *tally) distinct(field string) int {
	fi := slices.Index(t.fields, field)
	if fi < 0 {
		return 0
	}
	largest := -1
	for i, ts := range t.segs {
		if ts != nil && (largest < 0 || len(ts.cols[fi].terms) > len(t.segs[largest].cols[fi].terms)) {
			largest = i
		}
	}
	if largest < 0 {
		return 0
	}
	others := map[string]bool{}
	n := 0
	for i, ts := range t.segs {
		if ts == nil {
			continue
		}
		n += ts.counts[fi][0]
		if i == largest {
			continue
		}
		for j, c := range ts.counts[fi][1:] {
			if c > 0 {
				others[ts.cols[fi].terms[j]] = true
			}
		}
	}
	n += len(others)
	big := t.segs[largest]
	for j, c := range big.counts[fi][1:] {
		if c > 0 && !others[big.cols[fi].terms[j]] {
			n++
		}
	}
	return n
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
	tq.t.view, tq.t.segs, tq.t.seg = v, make([]*tallySegment, len(v.segs)), 0
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

// Sorting by what the columns hold.
//
// bleve's collector asks every match for its sort values before it knows
// whether the match makes the page or ties with another: sorted by id,
// each match's id is read from the stored documents; sorted by a field,
// its doc values are visited. sortColumn gives the same values (so
// cursors, which hold them, are unchanged) from the tally's columns.

// sortColumn orders matches by the value of a column's field, as bleve's
// SortField with the type SortFieldAuto, the mode SortFieldDefault and
// missing values last does for a field of one value an article: by the
// value's term (for a date, at full precision), the articles without one
// last either way. On idField it orders by article id, as bleve's
// SortDocID does.
type sortColumn struct {
	t            *tally
	field        string
	desc         bool
	missingFirst bool // only once reversed
	// seg and col are the last segment met and its column.
	seg int
	col *column
}

func newSortColumn(t *tally, field string, desc bool) *sortColumn {
	return &sortColumn{t: t, field: field, desc: desc, seg: -1}
}

func (s *sortColumn) Value(d *bsearch.DocumentMatch) string {
	si, doc := s.t.segment(docNumber(d.IndexInternalID))
	if si != s.seg {
		s.seg, s.col = si, s.t.view.segs[si].cols.fields[s.field]
	}
	if ord := s.col.first[doc]; ord > 0 {
		if s.col.byDoc != nil {
			return s.col.byDoc[doc]
		}
		return s.col.terms[ord-1]
	}
	if s.desc != s.missingFirst {
		return bsearch.LowTerm
	}
	return bsearch.HighTerm
}

func (s *sortColumn) UpdateVisitor(string, []byte) {}
func (s *sortColumn) DecodeValue(v string) string  { return v }
func (s *sortColumn) Descending() bool             { return s.desc }
func (s *sortColumn) RequiresDocID() bool          { return false }
func (s *sortColumn) RequiresScoring() bool        { return false }
func (s *sortColumn) RequiresFields() []string     { return nil }

// Reverse turns the order around, missing values included, as bleve's.
func (s *sortColumn) Reverse() {
	s.desc, s.missingFirst = !s.desc, !s.missingFirst
}

func (s *sortColumn) Copy() bsearch.SearchSort { c := *s; return &c }
