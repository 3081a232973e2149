package story

import (
	"unicode"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer"
)

// A unit is what a text is compared by: one Chinese character (folded to
// simplified, so that a reprint in traditional script reads as its
// original) or one word of letters or digits (lower case, full-width
// folded). Spaces and punctuation are not units: a reprint that changes
// them is the same text. Units are cheaper than the analyzer's words (no
// dictionary, no lattice: some 100 MB/s against 10) and, in runs of five,
// as telling.
type unit struct {
	h   uint64 // the character, or a hash of the word's folded bytes
	num bool   // a number: digits (76.7, 1,750), or Chinese numerals that count
}

// wordBit sets words apart from characters, whose h is the rune.
const wordBit = 1 << 62

// units appends the units of s to dst.
func units(dst []unit, s string) []unit {
	from := len(dst)
	var word [64]byte // the folded bytes of the word being read (a longer one is cut)
	n, digits := 0, true
	flush := func() {
		if n > 0 {
			dst = append(dst, unit{h: fnv1a(word[:min(n, len(word))]) | wordBit, num: digits})
			n, digits = 0, true
		}
	}
	put := func(c byte) {
		if n < len(word) {
			word[n] = c
		}
		n++
	}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		switch {
		case r >= '0' && r <= '9':
			put(byte(r))
		case r >= 'a' && r <= 'z':
			put(byte(r))
			digits = false
		case r >= 'A' && r <= 'Z':
			put(byte(r + 'a' - 'A'))
			digits = false
		case (r == '.' || r == ',') && n > 0 && digits && i < len(s) && s[i] >= '0' && s[i] <= '9':
			// 76.7 and 1,750 are one number, 1,750 the same as 1750.
			if r == '.' {
				put('.')
			}
		case r < utf8.RuneSelf:
			flush()
		case isIdeograph(r):
			flush()
			dst = append(dst, unit{h: uint64(analyzer.FoldRune(r))})
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			var b [utf8.UTFMax]byte
			for _, c := range b[:utf8.EncodeRune(b[:], r)] {
				put(c)
			}
			digits = digits && unicode.IsDigit(r)
		default:
			flush()
		}
	}
	flush()
	markNumerals(dst[from:])
	return dst
}

// isIdeograph reports whether r is a character of a script written without
// spaces (Chinese, and the kana and hangul that come with it), each of
// which is a unit.
func isIdeograph(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r >= 0xF900 && r <= 0xFAFF,
		r >= 0x20000 && r <= 0x3FFFF, r >= 0x3040 && r <= 0x30FF, r >= 0xAC00 && r <= 0xD7AF:
		return true
	}
	return false
}

// isNumeral reports whether r is a character of Chinese numbers.
func isNumeral(h uint64) bool {
	switch h {
	case '〇', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '亿', '两':
		return true
	}
	return false
}

// isCounter reports whether r makes the numeral before it a number (三次,
// 五届, 九日, 十个).
func isCounter(h uint64) bool {
	switch h {
	case '届', '次', '年', '月', '日', '号', '时', '点', '个', '位', '名', '项', '条', '例', '人', '家', '岁', '期', '轮', '批':
		return true
	}
	return false
}

// markNumerals marks as numbers the Chinese numerals among us that count:
// two or more together (十二, 二〇二四) or one before a counter (三次),
// but not 一 in 一些 or 统一. Dates and ordinals written so are what set
// this year's announcement apart from last year's.
func markNumerals(us []unit) {
	for i := range us {
		if !isNumeral(us[i].h) {
			continue
		}
		prev := i > 0 && isNumeral(us[i-1].h)
		next := i+1 < len(us) && (isNumeral(us[i+1].h) || isCounter(us[i+1].h))
		us[i].num = prev || next
	}
}

// fnv1a is FNV-1a over b.
func fnv1a(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// mix is splitmix64's finaliser: every bit of x moves every bit of the
// result.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
