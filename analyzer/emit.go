package analyzer

import (
	"bytes"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// englishStop is bleve's English stop-word list (Snowball's): words that
// rank nothing, left out of unquoted queries (IsStopWord).
var englishStop = func() analysis.TokenMap {
	m := analysis.NewTokenMap()
	// The list ships with bleve; LoadBytes only fails on a reader error.
	_ = m.LoadBytes(en.EnglishStopWords)
	return m
}()

// englishDropped are the most common English words, Lucene's stop words
// (StandardAnalyzer's): they are not indexed but keep their position, so a
// phrase with them has a gap there. They are 28% of the words of the
// English corpus; indexing them too made its index 23% larger, while the
// rest of englishStop (had, very, other: 12% of the words) costs 6%.
var englishDropped = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "but": true,
	"by": true, "for": true, "if": true, "in": true, "into": true, "is": true, "it": true, "no": true,
	"not": true, "of": true, "on": true, "or": true, "such": true, "that": true, "the": true, "their": true,
	"then": true, "there": true, "these": true, "they": true, "this": true, "to": true, "was": true,
	"will": true, "with": true,
}

// chineseStop are function characters, Chinese stop words (IsStopWord):
// where the segmentation leaves them on their own (的 in 我的, not in 目的)
// they are tokens that a search leaves out of all but phrases, and they
// never pair with their neighbours as unknown characters do.
var chineseStop = map[rune]bool{
	'的': true, '了': true, '着': true, '和': true, '与': true, '及': true,
	'而': true, '之': true, '其': true, '或': true, '是': true, '在': true,
	'也': true, '都': true, '把': true, '被': true, '于': true, '就': true,
}

// emit turns the segments of a chunk into tokens.
func (a *Analyzer) emit(o *out, v view, s *scratch, input []byte) {
	segs := s.segs
	for i := 0; i < len(segs); i++ {
		sg := segs[i]
		start := s.units[sg.a].start
		if start < s.pl.skip || start < s.pp.skip {
			continue // the rest of a name replaced by its place or person
		}
		if n := a.places(o, s, input, i); n > 0 {
			i += n - 1
			continue
		}
		if n := a.persons(o, s, i); n > 0 {
			i += n - 1
			continue
		}
		switch {
		case sg.kind == kQuantity:
			a.quantity(o, v, s, input, sg)
		case sg.b-sg.a == 1 && !s.units[sg.a].ideo:
			a.latin(o, s, input, sg.a)
		case sg.kind == kNumeral || s.numeral(sg):
			a.numeral(o, s, sg)
		case a.oov != oovNone && s.loneIdeo(sg):
			j := i + 1
			for j < len(segs) && s.loneIdeo(segs[j]) && !a.replaces(s, j) {
				j++
			}
			a.unknownRun(o, s, input, segs[i:j], i)
			i = j - 1
		default:
			a.word(o, v, s, sg)
		}
	}
}

// text returns the folded text of units [a,b).
func (s *scratch) text(a, b int) []byte { return s.fb[s.units[a].fs:s.units[b-1].fe] }

// loneIdeo reports whether sg is one ideograph standing alone, not a stop
// word: the stuff of words the dictionary does not have.
func (s *scratch) loneIdeo(sg seg) bool {
	u := &s.units[sg.a]
	return sg.b-sg.a == 1 && u.ideo && !chineseStop[u.r]
}

// numeral reports whether sg is two or more numeral characters.
func (s *scratch) numeral(sg seg) bool {
	if sg.b-sg.a < 2 {
		return false
	}
	for k := sg.a; k < sg.b; k++ {
		if !s.units[k].ideo || !isNumeral(s.units[k].r) {
			return false
		}
	}
	return true
}

// word emits a segment of ideographs (or a dictionary word that mixes them
// with letters) and, at index time, its sub-words.
func (a *Analyzer) word(o *out, v view, s *scratch, sg seg) {
	us := s.units
	o.add(s.text(sg.a, sg.b), us[sg.a].start, us[sg.b-1].end, us[sg.a].pos, analysis.Ideographic)
	if a.index && sg.kind == kWord && sg.b-sg.a > 2 {
		a.subwords(o, v, s, sg.a, sg.b)
	}
}

// subwords emits, depth first, the words of at least two units of the
// cheapest path through units [a,b) that does not keep them whole: gse's
// search mode.
func (a *Analyzer) subwords(o *out, v view, s *scratch, a0, b0 int) {
	n := b0 - a0
	// The recursion reuses the scratch arrays, so read the path out first.
	v.shortest(s, a0, b0, true)
	var buf [16]seg
	path := buf[:0]
	for m := n; m > 0; {
		k := int(s.sfrom[m])
		path = append(path, seg{a: k, b: a0 + m, kind: s.skind[m]})
		m = k - a0
	}
	us := s.units
	for i := len(path) - 1; i >= 0; i-- {
		p := path[i]
		if p.b-p.a < 2 || p.kind != kWord {
			continue
		}
		o.add(s.text(p.a, p.b), us[p.a].start, us[p.b-1].end, us[p.a].pos, analysis.Ideographic)
		if p.b-p.a > 2 {
			a.subwords(o, v, s, p.a, p.b)
		}
	}
}

// numeral emits a run of numeral characters: at index time as written and
// in Arabic digits, at query time in Arabic digits when it reads as one
// number.
func (a *Analyzer) numeral(o *out, s *scratch, sg seg) {
	us := s.units
	start, end, pos := us[sg.a].start, us[sg.b-1].end, us[sg.a].pos
	ar, ok := s.arabic(sg)
	if a.index || !ok {
		o.add(s.text(sg.a, sg.b), start, end, pos, analysis.Ideographic)
	}
	if ok {
		o.add([]byte(ar), start, end, pos, analysis.Numeric)
	}
}

func (s *scratch) arabic(sg seg) (string, bool) {
	s.runes = s.runes[:0]
	for k := sg.a; k < sg.b; k++ {
		s.runes = append(s.runes, s.units[k].r)
	}
	return arabic(s.runes)
}

// quantity emits a number and its unit (2024年, 1.5亿元, 二〇二四年) as one
// token, with the number in Arabic digits at query time. At index time it
// emits the quantity as written and in Arabic digits, the number with the
// magnitude of its unit (1.5亿 in 1.5亿元), and the number and the unit on
// their own.
func (a *Analyzer) quantity(o *out, v view, s *scratch, input []byte, sg seg) {
	us := s.units
	split := s.quantitySplit(sg)
	number := seg{a: sg.a, b: split, kind: kNumeral}
	digits := s.text(sg.a, split)
	var ar []byte
	if us[sg.a].ideo {
		if x, ok := s.arabic(number); ok {
			ar = []byte(x)
		}
	}
	unitText := s.text(split, sg.b)
	start, end, pos := us[sg.a].start, us[sg.b-1].end, us[sg.a].pos
	var term []byte
	add := func(number, unit []byte) {
		term = append(append(term[:0], number...), unit...)
		o.add(term, start, end, pos, analysis.Numeric)
	}
	if !a.index {
		if ar != nil {
			digits = ar
		}
		add(digits, unitText)
		return
	}
	m := magnitudePrefix(string(unitText))
	for _, n := range [][]byte{digits, ar} {
		if n == nil {
			continue
		}
		add(n, unitText)
		if m > 0 {
			add(n, unitText[:m])
		}
	}
	// The number and the unit, as if they stood alone.
	if us[sg.a].ideo {
		a.numeral(o, s, number)
	} else {
		a.latin(o, s, input, sg.a)
	}
	unit := seg{a: split, b: sg.b, kind: kSingle}
	if _, ok := v.lookup(unitText); ok || sg.b-split == 1 {
		unit.kind = kWord
		a.word(o, v, s, unit)
	} else {
		a.subwords(o, v, s, split, sg.b)
	}
}

// ideographs reports whether sg is all ideographs.
func (s *scratch) ideographs(sg seg) bool {
	for k := sg.a; k < sg.b; k++ {
		if !s.units[k].ideo {
			return false
		}
	}
	return true
}

// isDecimal reports whether b is digits with at most one decimal point.
func isDecimal(b []byte) bool {
	dot := false
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0 && i < len(b)-1:
			dot = true
		default:
			return false
		}
	}
	return len(b) > 0
}

// latin emits the word of letters and digits that is unit k.
func (a *Analyzer) latin(o *out, s *scratch, input []byte, k int) {
	u := &s.units[k]
	t := s.fb[u.fs:u.fe]
	if len(t) == 0 {
		return // a letter that folds to nothing (ͺ)
	}
	if u.parts > 1 {
		// One thing (COVID-19, m123-test) and, at index time, its parts.
		o.add(trimPossessive(t), u.start, u.end, u.pos, analysis.AlphaNumeric)
		if !a.index {
			return
		}
		p, start := u.pos, u.start
		for i := u.start; i <= u.end; {
			r, n := rune(0), 0
			if i < u.end {
				r, n = utf8.DecodeRune(input[i:u.end])
			}
			if i == u.end || punct(r) == '-' {
				var buf [64]byte
				if term := latinTerm(foldLatin(buf[:0], input[start:i])); term != nil {
					o.add(term, start, i, p, analysis.AlphaNumeric)
				}
				p++
				start = i + n
				if i == u.end {
					break
				}
			}
			i += n
		}
		return
	}
	if t[len(t)-1] == '%' {
		o.add(t, u.start, u.end, u.pos, analysis.Numeric)
		if a.index {
			o.add(t[:len(t)-1], u.start, u.end, u.pos, analysis.Numeric)
		}
		return
	}
	if term := latinTerm(t); term != nil {
		o.add(term, u.start, u.end, u.pos, analysis.AlphaNumeric)
	}
}

// latinTerm returns the search term for a folded word: without its
// possessive, stemmed if it is English letters, and a stop word as it is
// (see IsStopWord); nil for nothing or for one of the most common words
// (englishDropped).
func latinTerm(t []byte) []byte {
	t = trimPossessive(t)
	if len(t) == 0 || englishDropped[string(t)] {
		return nil
	}
	if _, stop := englishStop[string(t)]; stop {
		return t
	}
	for _, c := range t {
		if c < 'a' || c > 'z' {
			return t
		}
	}
	env := snowballstem.NewEnv(string(t))
	english.Stem(env)
	return []byte(env.Current())
}

// IsStopWord reports whether term is an English stop word (had, very,
// other) or a Chinese function character (的, 了, 和). Both analyzers emit
// them at their positions, English ones unstemmed, so that a phrase finds
// "had very" or 人和; a search leaves them out of everything but phrases,
// where they would match most articles and rank nothing. The most common
// English ones (the, of, to) are never emitted: see IsDropped.
func IsStopWord(term []byte) bool {
	if r, n := utf8.DecodeRune(term); n == len(term) && chineseStop[r] {
		return true
	}
	_, stop := englishStop[string(term)]
	return stop
}

func trimPossessive(t []byte) []byte {
	switch {
	case bytes.HasSuffix(t, []byte("'s")):
		return t[:len(t)-2]
	case bytes.HasSuffix(t, []byte("'")):
		return t[:len(t)-1]
	}
	return t
}

// IsDropped reports whether the folded word w is one of the most common
// English words (the, of, to), which the analyzers do not emit at all but
// leave a gap for.
func IsDropped(w string) bool { return englishDropped[w] }
