package search

import (
	"context"
	"fmt"
	"slices"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/index"
)

// Proximity.
//
//	国有企业 NEAR/5 改革     both, at most 5 words apart, in either order
//	国有企业 PRE/5 改革      国有企业 first, then 改革 within 5 words
//	"国有企业 改革"~5        the phrase's words, in any order, with at most
//	                       5 words between them in all
//	title:(a NEAR/3 b)     in the title (a field on either side applies
//	                       to both); (a OR b) NEAR/5 c takes either
//
// Two matches are near when nothing of one lies inside the other and the
// words between them (the gap) are at most n. A side of NEAR is a word, a
// phrase (its words together, exactly) or alternatives of them; in "…"~n
// each of the query analyzer's words is a side, so "国有企业改革"~3 lets
// 国有企业 and 改革 part, and up to maxNearWords words may be given.
//
// What a word is. The index counts positions as the analyzer does: a word
// of letters or digits is one, and each Chinese character is one (国有企业
// takes four). A gap in an English text is therefore in words; in Chinese
// it is in characters, and the CCTV corpus's Chinese words, as the query
// analyzer cuts them (stop characters counted as words), average 2.0
// characters (every third of the first 3,000 bodies: 389,834 characters in
// 194,543 words; 65% of the words have two characters, 22% one, 13% three
// or more; every 30th body past the 40,000th, not looked at before: 2.06).
// So when either
// side is written in Chinese characters, n words allow 2n characters
// between the matches: 国有企业 NEAR/5 改革 finds them with up to ten
// characters between. When both sides are Latin (coal NEAR/3 Shanxi), n
// words are n words. A place name searched as its place counts as one
// word wherever the text writes it.
//
// Cost. bleve v2.5.7's phrase searcher carries a slop through its path
// search, but its queries always ask for none, and its path search only
// walks in phrase order. So a near query has its own searcher: the
// conjunction of its words' postings, with their positions, as a phrase
// has; each article that has all the words is then checked by a dynamic
// programme over the sides' occurrences in text order, which finds the
// smallest total gap (see nearMatcher.match). Sides that are the same
// ("发展 发展 发展"~10) are counted, not told apart: told apart, eight of
// 发展 took past the 5 s deadline over the CCTV corpus, counted 30–80 ms.
// BenchmarkNear and BenchmarkCorpus/zh-pair-near5 compare it with the
// phrase and the plain conjunction of the same words.

// charsPerWord converts a distance in Chinese words to characters.
const charsPerWord = 2

// maxNearWords bounds the words of a "…"~n phrase: each is a side, and the
// check's states grow as 2 to the number of sides.
const maxNearWords = 8

// endMark is a word appended to a side's text to learn where its last word
// ends: the position the analyzer gives the next word.
const endMark = "xinwenendmark"

// nearSide is one side of a near query: alternatives, any of which may
// stand there.
type nearSide []nearAlt

// nearAlt is a word or a phrase: its terms by position (a slot with
// several is a word with alternatives, an empty one a stop word), and the
// positions it takes in the text.
type nearAlt struct {
	slots [][]string
	width int
}

// near compiles a proximity node.
func (c *compiler) near(n *node) (query.Query, error) {
	var sides []nearSide
	chinese := false
	if n.slop {
		text := n.kids[0].text
		chinese = hasHan(text)
		tokens, end := c.spanOf(text)
		words := byPosition(tokens)
		switch {
		case len(words) == 0:
			return nil, nil
		case len(words) == 1:
			return textQuery(tokens, n.field), nil
		case len(words) > maxNearWords:
			return nil, queryError(n.pos, "the phrase at %d has %d words; \"…\"~n takes at most %d", n.pos, len(words), maxNearWords)
		}
		for i, w := range words {
			next := end
			if i+1 < len(words) {
				next = words[i+1][0].Position
			}
			sides = append(sides, nearSide{{slots: [][]string{termsOf(w)}, width: next - w[0].Position}})
		}
	} else {
		for _, k := range n.kids {
			var side nearSide
			var leaves func(k *node) error
			leaves = func(k *node) error {
				if k.kind == nodeOr {
					for _, kk := range k.kids {
						if err := leaves(kk); err != nil {
							return err
						}
					}
					return nil
				}
				chinese = chinese || hasHan(k.text)
				tokens, end := c.spanOf(k.text)
				if len(tokens) == 0 {
					return queryError(k.pos, "%q at %d has no word to search for beside NEAR or PRE", k.text, k.pos)
				}
				first := tokens[0].Position
				alt := nearAlt{slots: make([][]string, tokens[len(tokens)-1].Position-first+1), width: end - first}
				for _, t := range tokens {
					alt.slots[t.Position-first] = append(alt.slots[t.Position-first], string(t.Term))
				}
				side = append(side, alt)
				return nil
			}
			if err := leaves(k); err != nil {
				return nil, err
			}
			sides = append(sides, side)
		}
	}
	gap := n.dist
	if chinese {
		gap *= charsPerWord
	}
	classes := classesOf(sides)
	// a PRE/n a has one class: the order of two alike is no order.
	ordered := n.ordered && len(classes) > 1
	q := func(field string, boost float64) query.Query {
		return nearQuery{classes: classes, field: field, maxGap: gap, ordered: ordered, boost: boost}
	}
	switch n.field {
	case fieldTitle:
		return q(index.FieldTitle, 1), nil
	case fieldBody:
		return q(index.FieldBody, 1), nil
	}
	return query.NewDisjunctionQuery([]query.Query{q(index.FieldTitle, titleBoost), q(index.FieldBody, 1)}), nil
}

// spanOf analyzes text as a query and returns its tokens and the position
// right after its last word.
func (c *compiler) spanOf(text string) (analysis.TokenStream, int) {
	tokens := c.qa.Analyze([]byte(text + " " + endMark))
	if n := len(tokens); n > 0 && string(tokens[n-1].Term) == endMark {
		return tokens[:n-1], tokens[n-1].Position
	}
	// Not expected: the mark was joined or dropped. One position a word.
	if len(tokens) == 0 {
		return tokens, 0
	}
	return tokens, tokens[len(tokens)-1].Position + 1
}

// termsOf returns the terms of tokens.
func termsOf(tokens analysis.TokenStream) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = string(t.Term)
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// nearQuery matches articles where one occurrence of each side lies in
// field with at most maxGap positions between them in all, none inside
// another, in the sides' order if ordered.
type nearQuery struct {
	classes []nearClass
	field   string
	maxGap  int
	ordered bool
	boost   float64
}

// Searcher returns the conjunction of the sides (each the disjunction of
// its alternatives, each the conjunction of its terms), read with
// positions, behind the searcher that checks their distance.
func (q nearQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	opts := options
	opts.IncludeTermVectors = true
	var opened []bsearch.Searcher
	fail := func(err error) (bsearch.Searcher, error) {
		for _, s := range opened {
			_ = s.Close()
		}
		return nil, fmt.Errorf("search: near: %w", err)
	}
	// all combines searchers: one is itself; and, several are their
	// conjunction, else their disjunction.
	all := func(ss []bsearch.Searcher, and bool) (bsearch.Searcher, error) {
		if len(ss) == 1 {
			return ss[0], nil
		}
		opened = slices.DeleteFunc(opened, func(s bsearch.Searcher) bool { return slices.Contains(ss, s) })
		var s bsearch.Searcher
		var err error
		if and {
			// The conjunction of an alternative's slots sits in the
			// disjunction of its side's alternatives: it must stay
			// done (see stayDone); that of the sides, behind
			// nearSearcher, is done with it.
			s, err = searcher.NewConjunctionSearcher(ctx, r, ss, opts)
			if err == nil {
				s = &doneSearcher{Searcher: s}
			}
		} else {
			s, err = searcher.NewDisjunctionSearcher(ctx, r, ss, 1, opts)
		}
		if err != nil {
			for _, x := range ss {
				_ = x.Close()
			}
			return nil, err
		}
		opened = append(opened, s)
		return s, nil
	}
	var sides []bsearch.Searcher
	for _, class := range q.classes {
		side := class.side
		var alts []bsearch.Searcher
		for _, alt := range side {
			var slots []bsearch.Searcher
			for _, slot := range alt.slots {
				var ts []bsearch.Searcher
				for _, term := range slot {
					s, err := searcher.NewTermSearcher(ctx, r, term, q.field, q.boost, opts)
					if err != nil {
						return fail(err)
					}
					opened = append(opened, s)
					ts = append(ts, s)
				}
				if len(ts) == 0 {
					continue
				}
				s, err := all(ts, false)
				if err != nil {
					return fail(err)
				}
				slots = append(slots, s)
			}
			s, err := all(slots, true)
			if err != nil {
				return fail(err)
			}
			alts = append(alts, s)
		}
		s, err := all(alts, false)
		if err != nil {
			return fail(err)
		}
		sides = append(sides, s)
	}
	must, err := all(sides, true)
	if err != nil {
		return fail(err)
	}
	return &nearSearcher{Searcher: must, q: q, locations: options.IncludeTermVectors}, nil
}

// nearSearcher passes on the matches of its conjunction whose sides are
// near, with the locations of the words that are (when asked for them).
type nearSearcher struct {
	bsearch.Searcher
	q         nearQuery
	locations bool
	m         nearMatcher
	// done is set once the conjunction has no more matches (see
	// phraseSearcher.done).
	done bool
}

func (s *nearSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for !s.done {
		dm, err := s.Searcher.Next(ctx)
		if err != nil || dm == nil {
			s.done = dm == nil && err == nil
			return dm, err
		}
		if s.check(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
	return nil, nil
}

func (s *nearSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	dm, err := s.Searcher.Advance(ctx, id)
	if err != nil || dm == nil {
		s.done = dm == nil && err == nil
		return dm, err
	}
	if s.check(dm) {
		return dm, nil
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

func (s *nearSearcher) Min() int { return 0 }

// check reports whether dm's sides are near, and leaves dm with the
// locations of the occurrences that are.
func (s *nearSearcher) check(dm *bsearch.DocumentMatch) bool {
	kept, ok := s.m.match(s.q, dm.FieldTermLocations)
	if ok && s.locations {
		dm.FieldTermLocations = append(dm.FieldTermLocations[:0], kept...)
	} else {
		dm.FieldTermLocations = dm.FieldTermLocations[:0]
	}
	return ok
}

// nearClass is one or more sides that are the same ("发展 发展"~5 has one
// class of two): the matcher counts how many of a class it has chosen, so
// that it neither tries the same sides in every order nor sees each
// occurrence once per side.
type nearClass struct {
	side nearSide
	need int
}

// classesOf groups identical sides, in the order they first come.
func classesOf(sides []nearSide) []nearClass {
	var out []nearClass
next:
	for _, side := range sides {
		for i := range out {
			if slices.EqualFunc(out[i].side, side, func(a, b nearAlt) bool {
				return a.width == b.width && slices.EqualFunc(a.slots, b.slots, slices.Equal)
			}) {
				out[i].need++
				continue next
			}
		}
		out = append(out, nearClass{side: side, need: 1})
	}
	return out
}

// nearOcc is an occurrence of a class: positions [start, end), and the
// locations of its words.
type nearOcc struct {
	start, end int
	class      int
	locs       []bsearch.FieldTermLocation
}

// nearState is how many sides of each class have been chosen in text
// order up to an occurrence (a number in a mixed radix: see match), with
// the smallest total gap that reaches it, and the state it came from.
type nearState struct {
	chosen uint32
	gap    int
	occ    int
	prev   int
}

// nearMatcher checks articles for a nearSearcher, reusing its buffers.
type nearMatcher struct {
	byTerm map[string][]bsearch.FieldTermLocation
	occs   []nearOcc
	states []nearState
	first  []int // by occurrence: its first state in states
	kept   []bsearch.FieldTermLocation
	seen   []bool
	radix  []uint32
}

// match finds the occurrences of q's sides among an article's term
// locations and reports whether some are near; it returns the locations
// of every occurrence that is part of a near set.
//
// The occurrences are taken in text order. A state is how many sides of
// each class have been chosen so far, ending with an occurrence, and the
// smallest total gap that reaches it; from a state, the next occurrence
// that starts after its last one ends, of a class not yet complete (in
// order, if ordered), adds the gap between them, as long as the total
// stays within maxGap. The article matches when a state holds every side.
// Any set of occurrences, none inside another, is a path of such steps,
// so none is missed; an occurrence has at most one state for each count
// of each class (2^sides when the sides differ), and a step looks back
// only as far as maxGap and the longest side allow.
func (m *nearMatcher) match(q nearQuery, ftls []bsearch.FieldTermLocation) ([]bsearch.FieldTermLocation, bool) {
	if m.byTerm == nil {
		m.byTerm = map[string][]bsearch.FieldTermLocation{}
	}
	for t, l := range m.byTerm {
		m.byTerm[t] = l[:0]
	}
	for _, l := range ftls {
		if l.Field == q.field {
			m.byTerm[l.Term] = append(m.byTerm[l.Term], l)
		}
	}
	m.occs, m.states, m.first, m.kept = m.occs[:0], m.states[:0], m.first[:0], m.kept[:0]
	// chosen counts class c in the digit of radix[c], which runs to need[c].
	m.radix = m.radix[:0]
	var full, r uint32 = 0, 1
	widest := 0
	for c, class := range q.classes {
		m.radix = append(m.radix, r)
		full += uint32(class.need) * r
		r *= uint32(class.need + 1)
		for _, alt := range class.side {
			widest = max(widest, alt.width)
			m.occurrences(c, alt)
		}
	}
	slices.SortFunc(m.occs, func(a, b nearOcc) int { return a.start - b.start })
	// step reports whether a state that has chosen chosen may take an
	// occurrence of class c next.
	step := func(chosen uint32, c int) bool {
		if q.ordered {
			// Every class before c complete, none after it begun.
			return chosen%m.radix[c] == full%m.radix[c] && chosen/m.radix[c] == 0
		}
		return chosen/m.radix[c]%uint32(q.classes[c].need+1) < uint32(q.classes[c].need)
	}
	end := -1 // a state that holds every side
	for i, o := range m.occs {
		m.first = append(m.first, len(m.states))
		if step(0, o.class) {
			m.add(nearState{chosen: m.radix[o.class], occ: i, prev: -1})
		}
		for j := i - 1; j >= 0 && m.occs[j].start >= o.start-q.maxGap-widest; j-- {
			p := m.occs[j]
			if p.end > o.start {
				continue // overlapping
			}
			gap := o.start - p.end
			for si := m.first[j]; si < m.first[j+1]; si++ {
				st := m.states[si]
				if st.gap+gap > q.maxGap || !step(st.chosen, o.class) {
					continue
				}
				m.add(nearState{chosen: st.chosen + m.radix[o.class], gap: st.gap + gap, occ: i, prev: si})
			}
		}
		for si := m.first[i]; si < len(m.states); si++ {
			if m.states[si].chosen == full {
				end = si
				m.keep(si)
			}
		}
	}
	return m.kept, end >= 0
}

// keep adds the locations of the occurrences on the path to state si.
func (m *nearMatcher) keep(si int) {
	if len(m.seen) < len(m.occs) {
		m.seen = make([]bool, len(m.occs))
	}
	if len(m.kept) == 0 {
		clear(m.seen)
	}
	for ; si >= 0; si = m.states[si].prev {
		if o := m.states[si].occ; !m.seen[o] {
			m.seen[o] = true
			m.kept = append(m.kept, m.occs[o].locs...)
		}
	}
}

// add adds a state to the last occurrence, or lowers the gap of the one
// it has with the same choice.
func (m *nearMatcher) add(st nearState) {
	for i := m.first[len(m.first)-1]; i < len(m.states); i++ {
		if m.states[i].chosen == st.chosen {
			if st.gap < m.states[i].gap {
				m.states[i] = st
			}
			return
		}
	}
	m.states = append(m.states, st)
}

// occurrences adds the occurrences of alt, a word or a phrase of class c:
// wherever its first word is, with each other word at its place after it.
func (m *nearMatcher) occurrences(c int, alt nearAlt) {
	for _, term := range alt.slots[0] {
		at := m.byTerm[term]
	starts:
		for k, l := range at {
			p := int(l.Location.Pos)
			locs := at[k : k+1 : k+1] // a word: no copy
			for off, slot := range alt.slots[1:] {
				if len(slot) == 0 {
					continue
				}
				found := false
				for _, t := range slot {
					for _, x := range m.byTerm[t] {
						if int(x.Location.Pos) == p+off+1 {
							locs, found = append(locs, x), true
							break
						}
					}
				}
				if !found {
					continue starts
				}
			}
			m.occs = append(m.occs, nearOcc{start: p, end: p + alt.width, class: c, locs: locs})
		}
	}
}
