package place

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the key under which a romanized name is matched: lower case,
// without tone marks or other diacritics, ü and v as u, and without
// apostrophes, hyphens, spaces and other punctuation. "Lüliang", "Lvliang",
// "Luliang" and "lü liang" are all "luliang"; "Xi'an" and "Xian" are "xian";
// "Hong Kong" is "hongkong". Doubled letters stay, so "Shaanxi" (陕西) and
// "Shanxi" (山西) keep different keys. Han characters pass through unchanged.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		c, k := foldRune(r)
		switch k {
		case kindLetter, kindDigit:
			b.WriteByte(c)
		case kindHan, kindOtherLetter:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// kind classifies a rune for matching romanized names.
type kind uint8

const (
	kindOther       kind = iota // punctuation, symbols, anything else
	kindLetter                  // a Latin letter; folds to a-z
	kindDigit                   // 0-9, also full width
	kindApostrophe              // ' ’ ‘ ʼ ` ´: inside a name, ignored
	kindSpace                   // spaces and hyphens: between the words of a name
	kindHan                     // a Han character
	kindOtherLetter             // a letter of another script, or a Latin letter without an ASCII base
)

// foldRune returns the kind of r and, for letters and digits, the ASCII byte
// it folds to. The ASCII path comes first because it is nearly all of the
// romanized text.
func foldRune(r rune) (byte, kind) {
	switch {
	case 'a' <= r && r <= 'z':
		if r == 'v' {
			return 'u', kindLetter
		}
		return byte(r), kindLetter
	case 'A' <= r && r <= 'Z':
		if r == 'V' {
			return 'u', kindLetter
		}
		return byte(r) + 'a' - 'A', kindLetter
	case '0' <= r && r <= '9':
		return byte(r), kindDigit
	case r == '\'' || r == '`':
		return 0, kindApostrophe
	case r == ' ' || r == '-' || r == '\t' || r == '\n' || r == '\r':
		return 0, kindSpace
	case r < utf8.RuneSelf:
		return 0, kindOther
	case r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '\u00b4':
		return 0, kindApostrophe
	case r == '\u00a0' || ('\u2010' <= r && r <= '\u2013') || r == '\u3000' || unicode.IsSpace(r):
		return 0, kindSpace
	case 0xff21 <= r && r <= 0xff3a, 0xff41 <= r && r <= 0xff5a: // full-width Ａ-Ｚ, ａ-ｚ
		return foldRune(r - 0xff21 + 'A')
	case 0xff10 <= r && r <= 0xff19: // full-width ０-９
		return byte(r - 0xff10 + '0'), kindDigit
	case unicode.Is(unicode.Han, r):
		return 0, kindHan
	case unicode.Is(unicode.Latin, r):
		// ü, ǚ, ā, ê…: the base letter of the canonical decomposition.
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		if d := norm.NFD.Properties(buf[:n]).Decomposition(); len(d) > 0 && d[0] < utf8.RuneSelf {
			if c, k := foldRune(rune(d[0])); k == kindLetter {
				return c, k
			}
		}
		return 0, kindOtherLetter
	case unicode.IsLetter(r):
		return 0, kindOtherLetter
	case unicode.IsDigit(r):
		return 0, kindOtherLetter // a digit of another script: part of a word, never of a name
	}
	return 0, kindOther
}

// asciiFold is foldRune for ASCII, precomputed for the scanner's inner loops.
var asciiFold = func() (t [utf8.RuneSelf]struct {
	c byte
	k kind
}) {
	for r := range t {
		t[r].c, t[r].k = foldRune(rune(r))
	}
	return t
}()

// foldAt folds the rune at s[j] and returns its size too, without decoding
// ASCII.
func foldAt(s string, j int) (byte, kind, int) {
	if b := s[j]; b < utf8.RuneSelf {
		t := asciiFold[b]
		return t.c, t.k, 1
	}
	r, n := utf8.DecodeRuneInString(s[j:])
	c, k := foldRune(r)
	return c, k, n
}

// foldBefore folds the rune that ends at s[:j] and returns its size.
func foldBefore(s string, j int) (byte, kind, int) {
	if b := s[j-1]; b < utf8.RuneSelf {
		t := asciiFold[b]
		return t.c, t.k, 1
	}
	r, n := utf8.DecodeLastRuneInString(s[:j])
	c, k := foldRune(r)
	return c, k, n
}

// inWord reports whether a rune of kind k continues a romanized word, so that
// a name cannot start or end next to it: "Shanxi" is not in "Shanxiang".
func inWord(k kind) bool {
	return k == kindLetter || k == kindDigit || k == kindOtherLetter
}

// hasToneMark reports whether s carries a diacritic other than the diaeresis
// of ü: the tone marks of Shǎnxī tell it from Shānxī, and folding them away
// would make the two one name.
func hasToneMark(s string) bool {
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) && r != '\u0308' {
			return true
		}
	}
	return false
}

// lowerNFC is the key of a tone-marked name: only case and composition fold.
func lowerNFC(s string) string {
	return norm.NFC.String(strings.ToLower(s))
}
