package analyzer

import (
	"sort"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/xinwen/xinwen/analyzer/place"
)

// placeMark starts a place term. No text is analyzed into a term that
// starts with it: terms start with a letter, a digit or an ideograph.
const placeMark = '#'

// PlaceTerm returns the term under which the analyzers index the mentions
// of the place with code c, in either script.
func PlaceTerm(c place.Code) string { return string(placeMark) + string(c) }

// IsPlaceTerm reports whether term is a place term (see PlaceTerm).
func IsPlaceTerm(term []byte) bool { return len(term) > 0 && term[0] == placeMark }

// placeScan holds the place names found in the text being analyzed.
type placeScan struct {
	ms   []place.Mention // by Start
	next int             // the first mention of ms not passed yet
	// local are the names of the current chunk when it was traditional
	// and its names were found again in its folded text (refold); they
	// stand for those of ms in the chunk.
	local     []place.Mention
	localNext int
	// lastEnd is the byte where the last name taken for a place ends: a
	// name right after it continues a run of names (广西南宁).
	lastEnd int
	// skip is, at query time, the byte offset before which the units
	// belong to a name that was replaced by its place term ("Inner
	// Mongolia" spans two chunks).
	skip int
}

// reset finds the place names of input.
func (ps *placeScan) reset(input []byte) {
	// Find reads the text and keeps nothing of it (mentions are offsets),
	// and Analyze never modifies its input: no need to copy it.
	*ps = placeScan{ms: place.Find(unsafe.String(unsafe.SliceData(input), len(input)))}
}

// before returns the next mention that starts before byte end, and moves
// on past it. Mentions come in order of their start.
func (ps *placeScan) before(end int) (place.Mention, bool) {
	if ps.localNext < len(ps.local) && ps.local[ps.localNext].Start < end {
		ps.localNext++
		return ps.local[ps.localNext-1], true
	}
	if ps.next < len(ps.ms) && ps.ms[ps.next].Start < end {
		ps.next++
		return ps.ms[ps.next-1], true
	}
	return place.Mention{}, false
}

// peek returns the mention that starts at byte start, if any, without
// moving on: for looking ahead.
func (ps *placeScan) peek(start int) (place.Mention, bool) {
	for _, list := range [][]place.Mention{ps.local[ps.localNext:], ps.ms[ps.next:]} {
		for _, m := range list {
			if m.Start == start {
				return m, true
			}
			if m.Start > start {
				break
			}
		}
	}
	return place.Mention{}, false
}

// refold finds the Chinese names of the chunk in s again, in its folded
// text: the gazetteer knows simplified names only, and a chunk with
// traditional characters (陝西) is folded to simplified (陕西) before it is
// looked up.
func (ps *placeScan) refold(s *scratch, input []byte) {
	us := s.units
	lo, hi := us[0].start, us[len(us)-1].end
	// The chunk as the gazetteer should read it: folded ideographs, and a
	// space for each word of letters, whose names were found already.
	b := make([]byte, 0, 3*len(us))
	starts := make([]int, 0, len(us)+1)
	for _, u := range us {
		starts = append(starts, len(b))
		if u.ideo {
			b = utf8.AppendRune(b, u.r)
		} else {
			b = append(b, ' ')
		}
	}
	starts = append(starts, len(b))
	unit := func(off int) int {
		k := sort.SearchInts(starts, off)
		if k < len(starts) && starts[k] == off {
			return k
		}
		return -1
	}
	var han []place.Mention
	for _, m := range place.Find(string(b)) {
		a, e := unit(m.Start), unit(m.End)
		if a < 0 || e <= a || !us[a].ideo {
			continue
		}
		han = append(han, place.Mention{Start: us[a].start, End: us[e-1].end, Places: m.Places})
	}
	// The chunk's romanized names, found already, and its Chinese ones
	// found again, in order, in place of the chunk's names in ps.ms.
	from := ps.next
	for from < len(ps.ms) && ps.ms[from].Start < lo {
		from++
	}
	to := from
	for to < len(ps.ms) && ps.ms[to].Start < hi {
		to++
	}
	local := ps.local[:0]
	for _, m := range ps.ms[from:to] {
		if r, _ := utf8.DecodeRune(input[m.Start:]); classOf(r) != clIdeo {
			local = append(local, m)
		}
	}
	local = append(local, han...)
	sort.SliceStable(local, func(i, j int) bool { return local[i].Start < local[j].Start })
	ps.local, ps.localNext, ps.next = local, 0, to
}

// spanKind is how a Chinese name lines up with the words of the path.
type spanKind uint8

const (
	spanNone   spanKind = iota // it does not: no mention
	spanWhole                  // it is one or more whole words
	spanInside                 // it starts a longer word (山西 in 山西人)
)

// hanSpan returns how the Chinese name m, which starts where segment i
// does, lines up with the words: the last segment it covers, the byte
// where it ends (cut back to a word's end if it ran into a word) and the
// places it names then.
func (s *scratch) hanSpan(i int, m place.Mention) (j, end int, places []*place.Place, kind spanKind) {
	us, segs := s.units, s.segs
	k := segs[i].a
	e := k // the unit after the name
	for e < len(us) && us[e].end <= m.End {
		e++
	}
	if e == k || us[e-1].end != m.End {
		return 0, 0, nil, spanNone
	}
	switch {
	case segs[i].b == e:
		return i, m.End, m.Places, spanWhole
	case segs[i].b > e:
		return i, m.End, m.Places, spanInside
	}
	j = i
	for j+1 < len(segs) && segs[j+1].a < e {
		j++
	}
	if segs[j].b == e {
		return j, m.End, m.Places, spanWhole
	}
	// 山西省 in 山西|省委: the longest run of whole words that still names
	// one of the places.
	for j--; j >= i; j-- {
		if ps := shared(place.Lookup(string(s.text(k, segs[j].b))), m.Places); len(ps) > 0 {
			return j, us[segs[j].b-1].end, ps, spanWhole
		}
	}
	return 0, 0, nil, spanNone
}

// shared returns the places of a that are in b, in a's order.
func shared(a, b []*place.Place) []*place.Place {
	var out []*place.Place
	for _, p := range a {
		for _, q := range b {
			if p == q {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// places emits the place terms of the names that start within segment i
// (see the package comment). At query time, when a name that starts where
// the segment does is whole words, its place terms replace them: places
// returns how many segments of the chunk that took, else 0.
func (a *Analyzer) places(o *out, s *scratch, input []byte, i int) int {
	us, sg := s.units, s.segs[i]
	start, end := us[sg.a].start, us[sg.b-1].end
	for {
		m, ok := s.pl.before(end)
		switch {
		case !ok:
			return 0
		case m.Start < start:
			// In a part of the text that was replaced, or not at a unit.
		case m.Start == start:
			if n := a.place(o, s, input, i, m); n > 0 {
				return n
			}
		case a.index:
			a.inside(o, s, input, i, m)
		}
	}
}

// place handles a name m that starts where segment i does. At index time it
// emits the place terms and returns 0: the name's words follow as usual. At
// query time, if the name is whole words, it emits the place terms instead
// of them and returns how many segments of the chunk they took; else 0.
func (a *Analyzer) place(o *out, s *scratch, input []byte, i int, m place.Mention) int {
	us, segs := s.units, s.segs
	k := segs[i].a
	if !us[k].ideo {
		// A romanized name: the gazetteer matched whole words.
		if a.index {
			s.pl.lastEnd = m.End
			placeTerms(o, m.Places, m.Start, m.End, us[k].pos)
			return 0
		}
		if segs[i].b != k+1 {
			return 0 // inside a dictionary word of letters and characters
		}
		end, ok := latinSpan(input, m.Start, m.End)
		if !ok {
			return 0
		}
		placeTerms(o, m.Places, m.Start, m.End, us[k].pos)
		if end == m.End {
			end = designation(input, end)
		}
		s.pl.skip = end
		return 1
	}
	j, end, places, kind := s.hanSpan(i, m)
	switch {
	case kind == spanNone, kind == spanInside && !a.index:
		return 0
	}
	s.pl.lastEnd = end
	placeTerms(o, places, m.Start, end, us[k].pos)
	if a.index {
		return 0
	}
	return j - i + 1
}

// insidePrefixes are the words that may precede a name inside one
// dictionary word (中国香港, 中共江苏省委).
var insidePrefixes = map[string]bool{"中国": true, "中共": true, "中华人民共和国": true}

// inside emits, at index time, the place terms of a name m that starts
// inside the word of segment i, where that word is several names or a name
// after a prefix: 广西南宁 (the dictionary's word for 广西|南宁), 中国香港,
// 中共江苏省委. Other names inside words are not the place: 长春 in 李长春,
// 大理 in 重大理论. gse's one common misreading of a name is read through:
// 在内蒙古 is 在内|蒙古, and 内蒙古 a name. A romanized name after a hyphen
// (Beijing-Tianjin-Hebei) is a place at its part's position.
func (a *Analyzer) inside(o *out, s *scratch, input []byte, i int, m place.Mention) {
	us, segs := s.units, s.segs
	sg := segs[i]
	if !us[sg.a].ideo {
		u := us[sg.a]
		if sg.b != sg.a+1 || m.Start >= u.end {
			return
		}
		pos := u.pos
		for _, r := range string(input[u.start:m.Start]) {
			if punct(r) == '-' {
				pos++
			}
		}
		s.pl.lastEnd = m.End
		placeTerms(o, m.Places, m.Start, m.End, pos)
		return
	}
	k := sg.a
	for k < sg.b && us[k].start < m.Start {
		k++
	}
	if k == sg.b || us[k].start != m.Start {
		return
	}
	e := k // the unit after the name
	for e < len(us) && us[e].end <= m.End {
		e++
	}
	if us[e-1].end != m.End {
		return
	}
	end, places := m.End, m.Places
	wordEnd := e <= sg.b
	for j := i + 1; j < len(segs) && !wordEnd && segs[j].a < e; j++ {
		wordEnd = segs[j].b == e
	}
	if !wordEnd {
		// 兰州市 in 甘肃兰州|市民: the longest part that ends a word and
		// still names the place.
		for j := i; j < len(segs) && segs[j].b < e; j++ {
			if ps := shared(place.Lookup(string(s.text(k, segs[j].b))), m.Places); len(ps) > 0 {
				e, end, places, wordEnd = segs[j].b, us[segs[j].b-1].end, ps, true
			}
		}
	}
	ok := wordEnd && (s.pl.lastEnd == m.Start || insidePrefixes[string(s.text(sg.a, k))])
	// 在内|蒙古: a name of three or more characters that starts with the
	// second character of a word of two and ends where a word does.
	ok = ok || k == sg.b-1 && sg.b-sg.a == 2 && e-k >= 3 && e > sg.b && wordEnd
	if ok {
		s.pl.lastEnd = end
		placeTerms(o, places, m.Start, end, us[k].pos)
	}
}

// replaces reports whether the query analyzer replaces a name that starts
// at segment i by its place term. It looks ahead without moving on.
func (a *Analyzer) replaces(s *scratch, i int) bool {
	if a.index {
		return false
	}
	k := s.segs[i].a
	m, ok := s.pl.peek(s.units[k].start)
	if !ok || !s.units[k].ideo {
		return ok
	}
	_, _, _, kind := s.hanSpan(i, m)
	return kind == spanWhole
}

// latinSpan reports whether the romanized name at input[start:end] is
// whole words of the analyzer's, the last one perhaps with a possessive
// (Shanxi's), and returns the end of the last word. A name that is part of
// a hyphenated word (Lüliang-based) is not.
func latinSpan(input []byte, start, end int) (int, bool) {
	i := start
	for {
		for i < end {
			r, n := utf8.DecodeRune(input[i:])
			if c := classOf(r); c == clLetter || c == clDigit {
				break
			}
			i += n
		}
		if i >= end {
			return 0, false
		}
		e, parts := scanLatin(input, i)
		if parts > 1 {
			return 0, false
		}
		if e < end {
			i = e
			continue
		}
		if e == end {
			return e, true
		}
		tail := string(input[end:e])
		return e, tail == "'s" || tail == "’s" || tail == "'" || tail == "’"
	}
}

// placeTerms emits the terms of places at pos, over input[start:end].
func placeTerms(o *out, places []*place.Place, start, end, pos int) {
	var buf [16]byte
	for _, p := range places {
		term := append(append(buf[:0], placeMark), p.Code...)
		o.add(term, start, end, pos, analysis.Single)
	}
}

// designation returns the end of the designation that follows input[:end]
// across spaces, or end if none does. A query takes it as part of the name
// before it (Shanxi Province, Guangxi Zhuang Autonomous Region), since the
// name's place term says as much and the gazetteer has chosen the level it
// gives, so that "Shanxi Province" finds 山西 as Shanxi does.
func designation(input []byte, end int) int {
	_, e, _ := place.DesignationAfter(unsafe.String(unsafe.SliceData(input), len(input)), end)
	return e
}
