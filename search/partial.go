package search

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index"
)

// Parts of words.
//
// The index holds words, and a word is found only where it is a word (国有
// never in 中国|有). So a query for the start of a word (厄瓜多 of 厄瓜多尔,
// 世锦 of 世锦赛), or for characters that the text cuts into other words
// than the query does (冠肺 across 新冠|肺炎, 富汗总统 across 阿富汗|总统),
// matched no term. Indexing every character, or every pair, would find
// them, at the price of a larger index (unigrams are as many tokens as
// the text has characters); instead the search finds, in the index's own
// terms, the words that the query's characters are part of, and searches
// for those.
//
// The query's characters are found in a text when they are covered by the
// text's tokens at consecutive positions: the first token may start before
// them (新冠 holds 冠), the last may end after them (肺炎 holds 肺), the
// ones between are whole (a tiling: 冠|肺, or 富汗|总统 with 阿富汗 for
// 富汗), or one token holds them all (厄瓜多尔 holds 厄瓜多). Every position
// of a Chinese text has a token (the segmentation's words, lone characters,
// function characters), so some tiling always matches a text that has the
// characters; the search tries the tilings with the fewest pieces first,
// and, for the pieces at the ends, the most frequent words that hold them.
//
// The words that hold a piece are looked up in the index's Chinese terms
// (those of the title and the body that start with a Chinese character),
// kept in memory for each segment with a suffix array of their characters
// (5 MB for the CCTV corpus, built in about half a second the first time
// a search needs it), so that one binary search finds every term that
// starts with, ends with or holds a piece.
//
// When (the modes below): a run whose query words are not all dictionary
// words (厄瓜多 is 厄瓜|瓜多, two pairs of unknown characters; 世锦 one)
// also matches in part, always, ranked below whole words (partialBoost),
// with the tilings whose first piece is a whole word (the start of a word,
// or a word and the start of the next). Under op=or, where every word
// matches on its own, that is each stretch of unknown words of a run (厄瓜多
// of 厄瓜多足球). A query that finds nothing is searched again with every
// run so (a dictionary word included: found nowhere as a word, it may be
// inside others), and then with the tilings that start inside a word (冠
// of 新冠). A place (长治 never in 长治久安) and a negated run never match
// in part. A hit that matched only in part says so (Hit.Partial), and its
// highlights mark the query's characters, not the whole words that hold
// them.
//
// What it costs: the phrases of the tilings check the positions of every
// article that has words of each of their slots. The words of the ends are
// the most frequent (maxPartialTerms), and, where no whole word of the
// tiling is rarer, those of one end keep to partialCost articles together.
// On 2,500 queries drawn by the peers' querygen from the CCTV corpus (seed
// 101, op=or, TestKnownItem), the share of 2–4 character substrings of
// titles that found nothing went from 12.6% to 0.6%, and a search took
// 1.9 times the CPU it did (those substrings now find their articles, and
// some of them need the second and third searches).

const (
	// partialBoost weighs a match in part against a whole one.
	partialBoost = 0.2
	// maxPartialRunes bounds the runs matched in part, in characters.
	maxPartialRunes = 16
	// maxPartialTerms bounds the words that stand for one end piece of a
	// tiling (or for the run held inside a word): the most frequent.
	maxPartialTerms = 8
	// maxPartialPhrases bounds the phrases of the tilings of one run.
	maxPartialPhrases = 6
	// partialCost bounds, for the tilings whose first piece ends a longer
	// word (partInside), how many articles have the words of one end:
	// the phrase checks the positions of every article that has words of
	// both ends.
	partialCost = 20000
	// maxFirstLengths bounds how many lengths of the first piece's words
	// are tried: each length is a phrase of its own.
	maxFirstLengths = 2
)

// chineseTerms are the terms of a segment's title and body that start with
// a Chinese character, with a suffix array of their characters.
type chineseTerms struct {
	// blob is '\n' and then every term followed by '\n', in term order.
	blob []byte
	// starts are where the terms start in blob, in term order.
	starts []uint32
	// freq is, by term, how many of the segment's titles and bodies have
	// it (an article with it in both counts twice).
	freq []uint32
	// sa holds where every character of every term starts in blob,
	// sorted by the text from there to the end of its term.
	sa []uint32
}

// readChineseTerms reads the Chinese terms of seg.
func readChineseTerms(seg segment.Segment) (*chineseTerms, error) {
	type entry struct {
		term string
		n    uint64
	}
	var lists [2][]entry
	for i, field := range []string{index.FieldTitle, index.FieldBody} {
		dict, err := seg.Dictionary(field)
		if err != nil {
			return nil, fmt.Errorf("search: read the terms of %s: %w", field, err)
		}
		// Chinese characters start at U+2E80; the terms before are
		// letters, digits and places.
		it := dict.AutomatonIterator(nil, []byte("\u2e80"), nil)
		for {
			e, err := it.Next()
			if err != nil {
				return nil, fmt.Errorf("search: read the terms of %s: %w", field, err)
			}
			if e == nil {
				break
			}
			if r, _ := utf8.DecodeRuneInString(e.Term); unicode.Is(unicode.Han, r) {
				lists[i] = append(lists[i], entry{e.Term, e.Count})
			}
		}
	}
	// Both lists are in term order: merge them.
	var terms []termFreq
	a, b := lists[0], lists[1]
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(b) == 0 || len(a) > 0 && a[0].term < b[0].term:
			terms = append(terms, termFreq{a[0].term, a[0].n})
			a = a[1:]
		case len(a) == 0 || b[0].term < a[0].term:
			terms = append(terms, termFreq{b[0].term, b[0].n})
			b = b[1:]
		default:
			terms = append(terms, termFreq{a[0].term, a[0].n + b[0].n})
			a, b = a[1:], b[1:]
		}
	}
	return newChineseTerms(terms), nil
}

// termFreq is a term and in how many titles and bodies it is.
type termFreq struct {
	term string
	n    uint64
}

// newChineseTerms returns the Chinese terms of terms, which are in term
// order, each once.
func newChineseTerms(terms []termFreq) *chineseTerms {
	ct := &chineseTerms{blob: []byte{'\n'}}
	for _, t := range terms {
		ct.starts = append(ct.starts, uint32(len(ct.blob)))
		ct.freq = append(ct.freq, uint32(min(t.n, 1<<32-1)))
		ct.blob = append(append(ct.blob, t.term...), '\n')
	}
	type suffix struct{ start, end uint32 }
	var sfx []suffix
	for i, s := range ct.starts {
		end := uint32(len(ct.blob) - 1)
		if i+1 < len(ct.starts) {
			end = ct.starts[i+1] - 1
		}
		for p := s; p < end; {
			sfx = append(sfx, suffix{p, end})
			_, n := utf8.DecodeRune(ct.blob[p:end])
			p += uint32(n)
		}
	}
	slices.SortFunc(sfx, func(x, y suffix) int {
		return bytes.Compare(ct.blob[x.start:x.end], ct.blob[y.start:y.end])
	})
	ct.sa = make([]uint32, len(sfx))
	for i, s := range sfx {
		ct.sa[i] = s.start
	}
	return ct
}

// term returns the text of term i.
func (ct *chineseTerms) term(i int) []byte {
	end := len(ct.blob) - 1
	if i+1 < len(ct.starts) {
		end = int(ct.starts[i+1]) - 1
	}
	return ct.blob[ct.starts[i]:end]
}

// holding calls f with every term that holds p, and the byte where p
// starts in it.
func (ct *chineseTerms) holding(p []byte, f func(term int, at int)) {
	suffixAt := func(i int) []byte {
		s := ct.blob[ct.sa[i]:]
		return s[:bytes.IndexByte(s, '\n')]
	}
	lo := sort.Search(len(ct.sa), func(i int) bool { return bytes.Compare(suffixAt(i), p) >= 0 })
	for i := lo; i < len(ct.sa) && bytes.HasPrefix(suffixAt(i), p); i++ {
		pos := ct.sa[i]
		t := sort.Search(len(ct.starts), func(j int) bool { return ct.starts[j] > pos }) - 1
		f(t, int(pos-ct.starts[t]))
	}
}

// has reports whether p is a term.
func (ct *chineseTerms) has(p []byte) bool {
	i := sort.Search(len(ct.starts), func(j int) bool { return bytes.Compare(ct.term(j), p) >= 0 })
	return i < len(ct.starts) && bytes.Equal(ct.term(i), p)
}

// termCache keeps the Chinese terms of the segments of the latest snapshot
// it was asked about.
type termCache struct {
	mu   sync.Mutex
	snap *scorch.IndexSnapshot // held only to compare
	list []*chineseTerms
	segs map[segment.Segment]*chineseTerms
}

// termsOf returns the Chinese terms of the segments of the snapshot r,
// reading those of the segments it has not seen.
func (c *termCache) termsOf(r bindex.IndexReader) ([]*chineseTerms, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("search: the index is a %T, not a scorch index", r)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if snap == c.snap {
		return c.list, nil
	}
	var list []*chineseTerms
	segs := make(map[segment.Segment]*chineseTerms, len(snap.Segments()))
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		ct, ok := c.segs[seg]
		if !ok {
			var err error
			if ct, err = readChineseTerms(seg); err != nil {
				return nil, err
			}
		}
		segs[seg] = ct
		list = append(list, ct)
	}
	c.snap, c.list, c.segs = snap, list, segs
	return list, nil
}

// holder is a term that holds a piece: the term, how many titles and
// bodies have it, and the character where the piece starts in it.
type holder struct {
	term string
	freq uint64
	at   int
}

// partTerms answers, for one compilation, which terms hold a piece, over
// all the segments.
type partTerms struct {
	segs []*chineseTerms
	memo map[string][]holder
}

// holders returns the terms that hold p, each once (a term in several
// segments with its frequencies summed), the most frequent first.
func (pt *partTerms) holders(p string) []holder {
	if hs, ok := pt.memo[p]; ok {
		return hs
	}
	byTerm := map[string]int{}
	var hs []holder
	for _, ct := range pt.segs {
		ct.holding([]byte(p), func(t, at int) {
			term := ct.term(t)
			chars := utf8.RuneCount(term[:at])
			key := string(term) + "\x00" + fmt.Sprint(chars)
			if i, ok := byTerm[key]; ok {
				hs[i].freq += uint64(ct.freq[t])
				return
			}
			byTerm[key] = len(hs)
			hs = append(hs, holder{term: string(term), freq: uint64(ct.freq[t]), at: chars})
		})
	}
	slices.SortStableFunc(hs, func(a, b holder) int {
		switch {
		case a.freq > b.freq:
			return -1
		case a.freq < b.freq:
			return 1
		}
		return strings.Compare(a.term, b.term)
	})
	if pt.memo == nil {
		pt.memo = map[string][]holder{}
	}
	pt.memo[p] = hs
	return hs
}

// freq returns how many titles and bodies have the term p.
func (pt *partTerms) freq(p string) uint64 {
	for _, h := range pt.holders(p) {
		if h.at == 0 && h.term == p {
			return h.freq
		}
	}
	return 0
}

// has reports whether p is a term of any segment.
func (pt *partTerms) has(p string) bool {
	for _, ct := range pt.segs {
		if ct.has([]byte(p)) {
			return true
		}
	}
	return false
}

// tiling is one way of covering a run's characters with tokens: the first
// piece's words (by their length), the whole words between, and the last
// piece's words.
type tiling struct {
	first  []string // words of the same length that end with the first piece
	length int      // their length, in characters
	middle []string // whole words
	last   []string // words that start with the last piece (nil when the first covers the run)
	// expanded are the words of first and last that are longer than
	// their piece: a match with one of them is a match in part.
	expanded []string
}

// partial is a run that may match in part, as the compiler recorded it:
// for the highlights and the Partial flag of the hits.
type partial struct {
	// run is the run's text, folded.
	run []rune
	// slots are the run's own tokens by position (fieldQuery's phrase): a
	// hit whose locations have them together matched the run whole.
	slots [][]string
	// expanded are the words that hold part of the run.
	expanded map[string]bool
}

// How runs match in part (compiler.partMode).
const (
	// partUnknown: the runs that are not all dictionary words, with the
	// tilings whose first piece is a whole word (the run is a word or the
	// start of one, or starts where a word does).
	partUnknown = iota
	// partStart: every run, the same tilings: for a query that found
	// nothing.
	partStart
	// partInside: every run, the tilings whose first piece ends a longer
	// word (冠 of 新冠 in 冠肺), with words of at most partialCost
	// articles: for a query that found nothing even so.
	partInside
)

// tilings returns the tilings of run (folded, two or more characters)
// that the index's terms allow in mode, the fewest pieces first, at most
// maxPartialPhrases phrases' worth. own is the query's own cut of the run
// (its tokens' terms in order), which is searched already and left out.
func (pt *partTerms) tilings(run []rune, own []string, mode int) []tiling {
	n := len(run)
	piece := func(i, j int) string { return string(run[i:j]) }
	var out []tiling
	budget := maxPartialPhrases

	// The run inside one word.
	if mode != partInside {
		var inside []string
		for _, h := range pt.holders(piece(0, n)) {
			if utf8.RuneCountInString(h.term) == n || slices.Contains(inside, h.term) {
				continue // the run itself is a term: its own query finds it
			}
			if len(inside) == maxPartialTerms {
				break
			}
			inside = append(inside, h.term)
		}
		if len(inside) > 0 {
			out = append(out, tiling{first: inside, expanded: inside})
			budget--
		}
	}

	// Two or more pieces: the first [0,a), whole words [a,b), the last
	// [b,n); fewer pieces first.
	type split struct {
		a, b   int
		middle []string
	}
	var splits []split
	for a := 1; a < n; a++ {
		for b := a; b < n; b++ {
			for _, m := range pt.segmentations(run[a:b], 2) {
				splits = append(splits, split{a, b, m})
			}
		}
	}
	slices.SortStableFunc(splits, func(x, y split) int { return len(x.middle) - len(y.middle) })
	for _, sp := range splits {
		if budget <= 0 {
			break
		}
		first, last := piece(0, sp.a), piece(sp.b, n)
		// The phrase checks the positions of every article that has a
		// word of each slot: at most as many as its rarest slot has. So
		// one slot of the ends keeps to partialCost articles (the most
		// frequent words that fit), unless a whole word is rarer: the
		// first piece's words when they end longer words (partInside),
		// else the last's.
		limit := uint64(math.MaxUint64)
		for _, m := range sp.middle {
			limit = min(limit, pt.freq(m))
		}
		if mode != partInside {
			limit = min(limit, pt.freq(first))
		}
		cap := func(slot int, h holder, sum uint64) bool {
			want := 1
			if mode == partInside {
				want = 0
			}
			return slot == want && limit > partialCost && sum+h.freq > partialCost
		}
		// Words that end with the first piece, by their length.
		byLen := map[int][]string{}
		sums := map[int]uint64{}
		var lens []int
		for _, h := range pt.holders(first) {
			l := utf8.RuneCountInString(h.term)
			switch {
			case h.at+sp.a != l, len(byLen[l]) == maxPartialTerms:
				continue
			case mode == partInside && h.at == 0, mode != partInside && h.at > 0:
				continue
			case cap(0, h, sums[l]):
				continue
			}
			if _, ok := byLen[l]; !ok {
				lens = append(lens, l)
			}
			byLen[l] = append(byLen[l], h.term)
			sums[l] += h.freq
		}
		var lasts []string
		var sum uint64
		for _, h := range pt.holders(last) {
			if h.at != 0 || cap(1, h, sum) {
				continue
			}
			if len(lasts) == maxPartialTerms {
				break
			}
			lasts = append(lasts, h.term)
			sum += h.freq
		}
		if len(lens) == 0 || len(lasts) == 0 {
			continue
		}
		// The most frequent lengths first.
		slices.SortStableFunc(lens, func(x, y int) int {
			switch {
			case sums[x] > sums[y]:
				return -1
			case sums[x] < sums[y]:
				return 1
			}
			return x - y
		})
		for _, l := range lens[:min(len(lens), maxFirstLengths)] {
			if budget <= 0 {
				break
			}
			t := tiling{first: byLen[l], length: l, middle: sp.middle, last: lasts}
			if l > sp.a {
				t.expanded = append(t.expanded, t.first...)
			}
			for _, w := range lasts {
				if w != last {
					t.expanded = append(t.expanded, w)
				}
			}
			if len(t.expanded) == 0 && slices.Equal(append(append([]string{first}, sp.middle...), last), own) {
				continue // the query's own cut
			}
			out = append(out, t)
			budget--
		}
	}
	return out
}

// segmentations returns up to max ways of cutting s into whole terms, the
// fewest pieces first; one empty way for an empty s.
func (pt *partTerms) segmentations(s []rune, max int) [][]string {
	if len(s) == 0 {
		return [][]string{nil}
	}
	var out [][]string
	// Breadth first over the number of pieces, up to len(s).
	type state struct {
		at     int
		pieces []string
	}
	level := []state{{0, nil}}
	for len(level) > 0 && len(out) < max {
		var next []state
		for _, st := range level {
			for j := len(s); j > st.at; j-- {
				p := string(s[st.at:j])
				if !pt.has(p) {
					continue
				}
				ps := append(slices.Clone(st.pieces), p)
				if j == len(s) {
					if len(out) < max {
						out = append(out, ps)
					}
					continue
				}
				if len(next) < 64 {
					next = append(next, state{j, ps})
				}
			}
		}
		level = next
	}
	return out
}

// queries returns the phrase of t in field, boosted.
func (t tiling) query(field string, boost float64) query.Query {
	if t.last == nil {
		var any []query.Query
		for _, w := range t.first {
			q := query.NewTermQuery(w)
			q.SetField(field)
			q.SetBoost(boost)
			any = append(any, q)
		}
		return disjunction(any)
	}
	slots := [][]string{t.first}
	for range t.length - 1 {
		slots = append(slots, nil)
	}
	for _, m := range t.middle {
		slots = append(slots, []string{m})
		for range utf8.RuneCountInString(m) - 1 {
			slots = append(slots, nil)
		}
	}
	slots = append(slots, t.last)
	return &phraseQuery{slots: slots, field: field, boost: boost}
}

// partly returns the query for the run text (the query analyzer's tokens
// given) in part, in field: the tilings of its characters, or nil when it
// has none (it is not all Chinese characters, is too short or long, or
// the index has no terms for it). It records the run for the highlights.
func (c *compiler) partly(text string, tokens []string, slots [][]string, field string) (query.Query, error) {
	run, ok := analyzer.FoldChinese(text)
	if !ok || len(run) < 2 || len(run) > maxPartialRunes || c.dict == nil {
		return nil, nil
	}
	if c.parts == nil {
		segs, err := c.dict.chinese()
		if err != nil {
			return nil, err
		}
		c.parts = &partTerms{segs: segs}
	}
	ts := c.parts.tilings(run, tokens, c.partMode)
	if len(ts) == 0 {
		return nil, nil
	}
	pr := partial{run: run, slots: slots, expanded: map[string]bool{}}
	var any []query.Query
	for _, t := range ts {
		boost := 1.0
		if len(t.expanded) > 0 {
			boost = partialBoost
		}
		for _, w := range t.expanded {
			pr.expanded[w] = true
		}
		switch field {
		case fieldTitle:
			any = append(any, t.query(index.FieldTitle, boost))
		case fieldBody:
			any = append(any, t.query(index.FieldBody, boost))
		default:
			any = append(any, t.query(index.FieldTitle, boost*titleBoost), t.query(index.FieldBody, boost))
		}
	}
	c.partials = append(c.partials, pr)
	return disjunction(any), nil
}

// wholeIn reports whether locations (a hit's, by field and term) have the
// run's own tokens together, in one field: the run matched whole there.
func (pr partial) wholeIn(locations bsearch.FieldTermLocationMap) bool {
	first := -1
	for i, slot := range pr.slots {
		if len(slot) > 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return false
	}
	for _, terms := range locations {
		for _, t := range pr.slots[first] {
			for _, l := range terms[t] {
				if l.Pos < uint64(first) {
					continue
				}
				start := l.Pos - uint64(first)
				if pr.at(terms, start) {
					return true
				}
			}
		}
	}
	return false
}

// at reports whether every slot of the run has a term at its position
// from start.
func (pr partial) at(terms bsearch.TermLocationMap, start uint64) bool {
	for i, slot := range pr.slots {
		if len(slot) == 0 {
			continue
		}
		found := false
		for _, t := range slot {
			for _, l := range terms[t] {
				if l.Pos == start+uint64(i) {
					found = true
					break
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// isPartial reports whether h matched one of partials only in part: with
// a word that holds part of the run, and without the run's own tokens
// together.
func isPartial(h *bsearch.DocumentMatch, partials []partial) bool {
	for _, pr := range partials {
		expanded := false
		for _, terms := range h.Locations {
			for t := range terms {
				expanded = expanded || pr.expanded[t]
			}
		}
		if expanded && !pr.wholeIn(h.Locations) {
			return true
		}
	}
	return false
}

// partSpans returns the spans to mark for a location [start,end) of text
// whose term holds part of a run of partials: where the run's characters
// are in it, not the whole word (厄瓜多 of 厄瓜多尔); the whole location
// when none is found.
func partSpans(text string, start, end int, term string, partials []partial) []span {
	var out []span
	for _, pr := range partials {
		if !pr.expanded[term] {
			continue
		}
		out = append(out, runSpans(text, start, end, pr.run)...)
	}
	if len(out) == 0 {
		return []span{{start, end}}
	}
	return out
}

// runSpans returns the parts of [start,end) of text that are in an
// occurrence of run (folded characters) overlapping it.
func runSpans(text string, start, end int, run []rune) []span {
	if start < 0 || end > len(text) || start >= end || len(run) == 0 {
		return nil
	}
	// The window: len(run)-1 characters either side of the location.
	lo := start
	for k := 1; k < len(run) && lo > 0; k++ {
		_, n := utf8.DecodeLastRuneInString(text[:lo])
		lo -= n
	}
	hi := end
	for k := 1; k < len(run) && hi < len(text); k++ {
		_, n := utf8.DecodeRuneInString(text[hi:])
		hi += n
	}
	type char struct {
		r          rune
		start, end int
	}
	var cs []char
	for i := lo; i < hi; {
		r, n := utf8.DecodeRuneInString(text[i:])
		cs = append(cs, char{analyzer.FoldRune(r), i, i + n})
		i += n
	}
	var out []span
	for i := 0; i+len(run) <= len(cs); i++ {
		match := true
		for k, r := range run {
			if cs[i+k].r != r {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		s, e := max(cs[i].start, start), min(cs[i+len(run)-1].end, end)
		if s < e {
			out = append(out, span{s, e})
		}
	}
	return out
}
