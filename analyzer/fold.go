package analyzer

import (
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/t2s"
)

// IsWord reports whether the folded text w is a word of the analyzer's
// dictionary (the built-in one or its user dictionary). A query's word
// that is not one (厄瓜多, 世锦) is likely the start or a part of a word
// the user has not finished typing.
func (a *Analyzer) IsWord(w string) bool {
	e, ok := view{base: a.dict, user: a.user}.lookup([]byte(w))
	return ok && e.word
}

// FoldChinese returns text folded as the analyzers fold it (compatibility
// ideographs unified, traditional characters simplified, OpenCC's phrases
// first), one character for each of text's, if text is all ideographs;
// else false. The dictionary's tables must be loaded: New does it.
func FoldChinese(text string) ([]rune, bool) {
	if text == "" {
		return nil, false
	}
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	s.units = s.units[:0]
	for i, r := range text {
		if classOf(r) != clIdeo {
			return nil, false
		}
		s.units = append(s.units, unit{start: i, end: i + utf8.RuneLen(r), r: foldIdeo(r), ideo: true})
	}
	s.fold([]byte(text))
	out := make([]rune, len(s.units))
	for i, u := range s.units {
		out[i] = u.r
	}
	return out, true
}

// FoldRune returns r folded as the analyzers fold a character of Chinese
// on its own (compatibility ideographs unified, traditional simplified,
// without OpenCC's phrases); any other character as it is. It loads the
// character tables on first use, as New does, for callers that compare
// texts character by character without an analyzer (package index/story's
// prints, so that a reprint in traditional script reads as its original).
func FoldRune(r rune) rune {
	if r < 0x1100 { // below every character of the scripts read as Chinese (hangul jamo are the first)
		return r
	}
	if _, err := loadBase(); err != nil {
		return r // only a broken build fails here, and New reports it
	}
	if classOf(r) != clIdeo {
		return r
	}
	r = foldIdeo(r)
	if t2s.IsTraditional(r) {
		one := []rune{r}
		t2s.FoldRun(one)
		return one[0]
	}
	return r
}
