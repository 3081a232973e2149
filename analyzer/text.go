package analyzer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Character classes. Ideographs (and kana and hangul, which have no
// dictionary here either) are one unit each; letters, digits and marks make
// up words; everything else separates.
const (
	clSep uint8 = iota
	clIdeo
	clLetter
	clDigit
	clMark
)

var (
	// classTab holds the class of every character of the Basic
	// Multilingual Plane, computed once.
	classTab [0x10000]uint8
	// ideoFold maps ideographs that NFKC changes (compatibility
	// ideographs, Kangxi radicals, half-width katakana) to their normal
	// form, which is one character too.
	ideoFold map[rune]rune
)

// loadTables fills the character tables. It runs once, with the dictionary.
// The traditional → simplified tables are package t2s's.
func loadTables() {
	ideoFold = map[rune]rune{}
	for r := rune(0); r < 0x10000; r++ {
		classTab[r] = slowClass(r)
		if classTab[r] == clIdeo && !(r >= 0x4E00 && r <= 0x9FFF) {
			if f, ok := nfkcRune(r); ok && f != r {
				ideoFold[r] = f
			}
		}
	}
}

// nfkcRune returns the NFKC form of r when that is a single character.
func nfkcRune(r rune) (rune, bool) {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	p := norm.NFKC.Properties(buf[:n])
	d := p.Decomposition()
	if len(d) == 0 {
		return r, true
	}
	f, size := utf8.DecodeRune(d)
	return f, size == len(d)
}

func isIdeoScript(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) || r == 'ー'
}

// slowClass computes the class of r from the Unicode tables. A character
// that NFKC turns into a letter or digit (ｇ, ①, ﬁ) counts as one.
func slowClass(r rune) uint8 {
	if r < utf8.RuneSelf {
		c := byte(r)
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			return clLetter
		case c >= '0' && c <= '9':
			return clDigit
		}
		return clSep
	}
	if isIdeoScript(r) {
		return clIdeo
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	if d := norm.NFKC.Properties(buf[:n]).Decomposition(); len(d) > 0 {
		first, _ := utf8.DecodeRune(d)
		if first != r && !unicode.IsSpace(first) {
			return slowClass(first)
		}
	}
	switch {
	case unicode.IsLetter(r):
		return clLetter
	case unicode.IsDigit(r):
		return clDigit
	case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me):
		return clMark
	}
	return clSep
}

// classOf returns the class of r. The tables must be loaded.
func classOf(r rune) uint8 {
	if r < 0x10000 {
		return classTab[r]
	}
	return slowClass(r)
}

// foldIdeo returns the normal form of an ideographic character.
func foldIdeo(r rune) rune {
	if r >= 0x4E00 && r <= 0x9FFF {
		return r
	}
	if f, ok := ideoFold[r]; ok {
		return f
	}
	return r
}

// punct folds the punctuation that can join the parts of a word to ASCII:
// full-width forms, typographic apostrophes and hyphens.
func punct(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == '’' || r == 'ʼ' || r == '＇':
		return '\''
	case r == '‐' || r == '‑':
		return '-'
	case r == '‰':
		return '%'
	}
	return r
}

// scanLatin returns the end of the word of letters and digits that starts
// at i, and how many hyphen-joined parts it has. Kept inside a word: an
// apostrophe between letters (Jinping's), a decimal point between digits
// (76.7), a thousands comma (1,750), a hyphen between letters or digits
// (COVID-19, m123-test); a percent sign right after a digit ends it
// (76.7%). A word longer than maxWord bytes is cut there, as Lucene's
// standard tokenizer does, so that no term is absurdly long.
func scanLatin(in []byte, i int) (end, parts int) {
	parts = 1
	var prevClass uint8
	limit := min(len(in), i+maxWord)
	for i < limit {
		r, n := utf8.DecodeRune(in[i:])
		c := classOf(r)
		if c == clLetter || c == clDigit || c == clMark {
			if c != clMark {
				prevClass = c
			}
			i += n
			continue
		}
		p := punct(r)
		if p == '%' && prevClass == clDigit {
			return i + n, parts
		}
		if i+n >= limit || (p != '\'' && p != '.' && p != ',' && p != '-') {
			break
		}
		next, _ := utf8.DecodeRune(in[i+n:])
		nc := classOf(next)
		switch {
		case p == '\'' && prevClass == clLetter && nc == clLetter:
		case p == '.' && r != '。' && prevClass == clDigit && nc == clDigit:
		case p == ',' && r == ',' && prevClass == clDigit && thousands(in[i+1:]):
		case p == '-' && (prevClass == clLetter || prevClass == clDigit) && (nc == clLetter || nc == clDigit):
			parts++
		default:
			return i, parts
		}
		i += n
	}
	return i, parts
}

// maxWord is the longest word of letters and digits, in bytes.
const maxWord = 255

// thousands reports whether in starts with exactly three ASCII digits.
func thousands(in []byte) bool {
	if len(in) < 3 {
		return false
	}
	for _, c := range in[:3] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(in) == 3 || in[3] < '0' || in[3] > '9'
}

// foldLatin appends the folded form of a word of letters and digits: NFKC
// (full-width to half-width), lower case, Latin diacritics removed
// (Lüliang → luliang), typographic apostrophes and hyphens made ASCII, and
// thousands commas dropped (1,750 → 1750).
func foldLatin(dst, word []byte) []byte {
	ascii := true
	for _, c := range word {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		digits := true
		for _, c := range word {
			if isASCIIAlnum(c) && (c < '0' || c > '9') {
				digits = false
			}
		}
		for _, c := range word {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c == ',' && digits {
				continue
			}
			dst = append(dst, c)
		}
		return dst
	}
	s := norm.NFKC.String(string(word))
	s = strings.ToLower(s)
	s = norm.NFD.String(s)
	start := len(dst)
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = punct(r)
		if unicode.IsSpace(r) {
			continue // a few compatibility letters decompose to a space and a mark
		}
		dst = utf8.AppendRune(dst, r)
	}
	folded := norm.NFC.Bytes(dst[start:])
	dst = append(dst[:start], folded...)
	return dst
}
