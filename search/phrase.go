package search

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Phrases in linear time.
//
// bleve's phrase searcher finds where a phrase is in an article by trying
// every location of each word after every location of the word before it
// (findPhrasePaths): O(n·m) for words found n and m times, without a look
// at the query's context. One article of 1 MB repeating 中国经济发展 cost
// 6.6 s of CPU for 经济发展, one of 4 MB about 80 s, going on after the
// client had its 503 and holding up shutdown. phraseQuery matches what
// bleve's MultiPhraseQuery (without slop or fuzziness) matches, scores it
// the same and gives the same locations, but walks the words' locations,
// which are in position order, side by side once: O(n+m) an article, and
// it gives up when the context is done.

// phraseQuery matches the terms of slots at consecutive positions of
// field: slots[i] holds the alternatives at the i-th position from the
// first; an empty slot is a position any word may take (see fieldQuery).
// The first and last slots are not empty.
type phraseQuery struct {
	slots [][]string
	field string
	boost float64
}

// Searcher returns the phrase's searcher: the conjunction of its words
// (a disjunction for a slot of alternatives), which scores as bleve's
// phrase searcher does, filtered to the articles where the words are in
// place.
func (q *phraseQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	// The words' positions are needed to find the phrase; the phrase's
	// locations only when the caller asks for them.
	keep := options.IncludeTermVectors
	options.IncludeTermVectors = true
	var words []bsearch.Searcher
	closeAll := func() {
		for _, s := range words {
			_ = s.Close()
		}
	}
	for _, slot := range q.slots {
		var alts []bsearch.Searcher
		for _, term := range slot {
			s, err := searcher.NewTermSearcher(ctx, r, term, q.field, q.boost, options)
			if err != nil {
				closeAll()
				for _, a := range alts {
					_ = a.Close()
				}
				return nil, fmt.Errorf("search: phrase: %w", err)
			}
			alts = append(alts, s)
		}
		switch len(alts) {
		case 0:
			continue
		case 1:
			words = append(words, alts[0])
			continue
		}
		d, err := searcher.NewDisjunctionSearcher(ctx, r, alts, 1, options)
		if err != nil {
			closeAll()
			for _, a := range alts {
				_ = a.Close()
			}
			return nil, fmt.Errorf("search: phrase: %w", err)
		}
		words = append(words, d)
	}
	all, err := searcher.NewConjunctionSearcher(ctx, r, words, options)
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("search: phrase: %w", err)
	}
	s := &phraseSearcher{ctx: ctx, all: all, keep: keep, slotsOf: map[string][]int{}}
	for i, slot := range q.slots {
		if len(slot) == 0 {
			continue
		}
		for _, term := range slot {
			s.slotsOf[term] = append(s.slotsOf[term], len(s.walk))
		}
		s.walk = append(s.walk, slotLocations{offset: i})
	}
	// As bleve's phrase searcher: the conjunction's weight is the
	// phrase's own norm.
	all.SetQueryNorm(1 / math.Sqrt(all.Weight()))
	return s, nil
}

// phraseSearcher yields the matches of its conjunction whose words are in
// place, with the locations of the phrase's occurrences only when keep is
// set; otherwise the first occurrence decides, and an article's
// locations are let go of at once (those of a long article are tens of
// megabytes a word, and a disjunction of phrases holds a match of each).
type phraseSearcher struct {
	ctx  context.Context
	all  bsearch.Searcher
	keep bool
	// walk holds the locations of each slot but the empty ones, kept from
	// one article to the next to spare allocations; slotsOf gives the
	// slots in walk that each term is in.
	walk    []slotLocations
	slotsOf map[string][]int
	// done is set once the conjunction has no more matches: asked again,
	// bleve's conjunction would read a word whose list it finished from
	// the start (its term readers seek backwards so), and a phrase in a
	// disjunction is asked again for every match of the disjunction's
	// other clauses.
	done bool
}

// slotLocations are the locations of a slot's terms in one field, in
// position order, and how far the walk through them has come.
type slotLocations struct {
	offset int // the slot's position after the first
	locs   []*bsearch.FieldTermLocation
	next   int
}

// checkEvery is how many locations the walk reads between looks at the
// context.
const checkEvery = 4096

func (s *phraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	return s.first(ctx, s.all.Next)
}

func (s *phraseSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	return s.first(ctx, func(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) { return s.all.Advance(ctx, id) })
}

// first returns the first match of the conjunction, from step and then
// from its Next, whose words are in place.
func (s *phraseSearcher) first(ctx *bsearch.SearchContext, step func(*bsearch.SearchContext) (*bsearch.DocumentMatch, error)) (*bsearch.DocumentMatch, error) {
	for ; !s.done; step = s.all.Next {
		if err := s.ctx.Err(); err != nil {
			return nil, err
		}
		dm, err := step(ctx)
		if dm == nil || err != nil {
			s.done = dm == nil && err == nil
			return nil, err
		}
		ok, err := s.inPlace(dm)
		if err != nil {
			return nil, err
		}
		if ok {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
	return nil, nil
}

// inPlace reports whether the phrase occurs in dm, a match of the
// conjunction, and leaves in dm the locations of its occurrences only, as
// bleve's phrase searcher does (none unless s.keep).
func (s *phraseSearcher) inPlace(dm *bsearch.DocumentMatch) (bool, error) {
	words := dm.FieldTermLocations
	dm.FieldTermLocations, dm.Locations = nil, nil
	var found []bsearch.FieldTermLocation
	// A phrase's words are in one field; the loop is for a conjunction
	// over several.
	done := map[string]bool{}
	for i := range words {
		field := words[i].Field
		if done[field] {
			continue
		}
		done[field] = true
		n := len(found)
		var err error
		if found, err = s.occurrences(field, words, found); err != nil {
			return false, err
		}
		if !s.keep && len(found) > n {
			return true, nil
		}
	}
	dm.FieldTermLocations = found
	return len(found) > 0, nil
}

// occurrences appends to out the locations of the phrase's occurrences
// in field (only the first's unless s.keep), given the locations of its
// words. It reads each location a bounded number of times: the first
// slot's locations are the candidates, in order, and each other slot's
// list is walked forward to the candidate's position plus the slot's
// offset.
func (s *phraseSearcher) occurrences(field string, words []bsearch.FieldTermLocation, out []bsearch.FieldTermLocation) ([]bsearch.FieldTermLocation, error) {
	for j := range s.walk {
		s.walk[j].locs, s.walk[j].next = s.walk[j].locs[:0], 0
	}
	for i := range words {
		if w := &words[i]; w.Field == field {
			for _, j := range s.slotsOf[w.Term] {
				s.walk[j].locs = append(s.walk[j].locs, w)
			}
		}
	}
	for j := range s.walk {
		sl := &s.walk[j]
		if len(sl.locs) == 0 {
			return out, nil
		}
		// Each term's locations are in position order; alternatives
		// need merging, and a term in two slots came twice.
		if !slices.IsSortedFunc(sl.locs, byPos) {
			slices.SortStableFunc(sl.locs, byPos)
		}
		sl.locs = slices.CompactFunc(sl.locs, func(a, b *bsearch.FieldTermLocation) bool {
			return a.Term == b.Term && a.Location.Pos == b.Location.Pos && a.Location.ArrayPositions.Equals(b.Location.ArrayPositions)
		})
	}
	first, rest := s.walk[0], s.walk[1:]
	for n, a := range first.locs {
		if n%checkEvery == checkEvery-1 {
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
		}
		start := len(out)
		out = append(out, *a)
		for j := range rest {
			sl := &rest[j]
			want := a.Location.Pos + uint64(sl.offset-first.offset)
			for sl.next < len(sl.locs) && sl.locs[sl.next].Location.Pos < want {
				sl.next++
			}
			// The locations at the wanted position (alternatives), in
			// the same element of an array field as the first word.
			matched := false
			for k := sl.next; k < len(sl.locs) && sl.locs[k].Location.Pos == want; k++ {
				if l := sl.locs[k]; l.Location.ArrayPositions.Equals(a.Location.ArrayPositions) {
					out = append(out, *l)
					matched = true
				}
			}
			if !matched {
				out = out[:start]
				break
			}
		}
		if !s.keep && len(out) > start {
			return out, nil
		}
	}
	return out, nil
}

func byPos(a, b *bsearch.FieldTermLocation) int {
	switch {
	case a.Location.Pos < b.Location.Pos:
		return -1
	case a.Location.Pos > b.Location.Pos:
		return 1
	}
	return 0
}

func (s *phraseSearcher) Weight() float64            { return s.all.Weight() }
func (s *phraseSearcher) SetQueryNorm(qnorm float64) { s.all.SetQueryNorm(qnorm) }
func (s *phraseSearcher) Count() uint64              { return s.all.Count() }
func (s *phraseSearcher) Min() int                   { return 0 }
func (s *phraseSearcher) Close() error               { return s.all.Close() }
func (s *phraseSearcher) DocumentMatchPoolSize() int { return s.all.DocumentMatchPoolSize() + 1 }
func (s *phraseSearcher) Size() int                  { return s.all.Size() }
