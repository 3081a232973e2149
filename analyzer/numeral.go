package analyzer

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Chinese numerals and quantities.
//
// A run of numeral characters (二〇二四, 一百二十三, 三千万) is one word, and
// a number followed by a unit or measure word (2024年, 1.5亿元, 二〇二四年,
// 76.7% is the same idea in Latin) is one quantity token. Where a numeral
// reads as one number it also gets its Arabic form, so 二〇二四年 and 2024年
// find each other.

// numeralDigit maps numeral characters to their digit value.
var numeralDigit = map[rune]int{
	'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5,
	'六': 6, '七': 7, '八': 8, '九': 9,
	'壹': 1, '贰': 2, '叁': 3, '肆': 4, '伍': 5, '陆': 6, '柒': 7, '捌': 8, '玖': 9,
}

// numeralUnit maps numeral multipliers to their value.
var numeralUnit = map[rune]int64{
	'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000,
	'万': 10_000, '亿': 100_000_000,
}

func isNumeral(r rune) bool {
	if _, ok := numeralDigit[r]; ok {
		return true
	}
	_, ok := numeralUnit[r]
	return ok
}

// maxNumeral bounds the characters of a numeral (一亿二千三百四十五万六千七百八十九
// has 18), and so the work of the lattice on a long run of them.
const maxNumeral = 24

// numeralCost is the cost of a run of numeral characters as one word: that
// of a fairly common word, so that a dictionary word that overlaps it (统一
// in 统一二十个) can still win.
const numeralCost = 16

// arabic returns the value of a numeral in Arabic digits, if it reads as
// one number: digit by digit (二〇二四, a year of four digits or one with a
// zero, so that 三五 "three or five" is not 35) or with multipliers
// (一百二十三, 三千万, 十四, 一百零五).
func arabic(runes []rune) (string, bool) {
	if len(runes) < 2 {
		return "", false
	}
	positional, zero := true, false
	for _, r := range runes {
		d, ok := numeralDigit[r]
		if !ok || r == '两' {
			positional = false
			break
		}
		zero = zero || d == 0
	}
	if positional {
		if len(runes) < 4 && !zero {
			return "", false
		}
		var b strings.Builder
		for _, r := range runes {
			b.WriteByte(byte('0' + numeralDigit[r]))
		}
		return b.String(), true
	}
	v, ok := multiplied(runes)
	if !ok {
		return "", false
	}
	return strconv.FormatInt(v, 10), true
}

// multiplied reads a numeral with multipliers: sections of digit-multiplier
// pairs under 万 and 亿, each multiplier smaller than the one before.
func multiplied(runes []rune) (int64, bool) {
	var total, section, digit int64
	lastSmall := int64(100_000) // the last multiplier below 万 in this section
	lastBig := int64(1 << 62)   // the last 万 or 亿
	haveDigit, zero := false, false
	for i, r := range runes {
		if d, ok := numeralDigit[r]; ok {
			if haveDigit && d != 0 {
				return 0, false // two digits in a row: 三五, 十四五
			}
			if d == 0 {
				zero = true // 一百零五
				continue
			}
			digit, haveDigit = int64(d), true
			continue
		}
		u := numeralUnit[r]
		switch {
		case u < 10_000:
			if u >= lastSmall {
				return 0, false
			}
			if !haveDigit {
				if u != 10 || i > 0 && section > 0 {
					return 0, false // only 十 stands alone at the start: 十四
				}
				digit = 1
			}
			section += digit * u
			lastSmall = u
		default:
			if u >= lastBig {
				return 0, false
			}
			if haveDigit {
				section += digit
			}
			if section == 0 {
				return 0, false
			}
			total += section * u
			section, lastSmall, lastBig = 0, 100_000, u
		}
		digit, haveDigit, zero = 0, false, false
	}
	if haveDigit {
		// A last digit is units after 十 or 零 (二十三, 一百零五); after
		// another multiplier it is the next place down in speech (一百五
		// is 150, 一万五 15000): too loose to be sure, so no number.
		if lastSmall != 10 && !zero {
			return 0, false
		}
		section += digit
	}
	return total + section, true
}

// unitChars are the units and measure words that make a quantity with the
// number before them.
const unitChars = "年月日号时分秒点岁个元角块人名位次家件项条种批届期部台辆架艘座所户只头张本篇份吨斤克米里亩度倍周天层套股枚场轮例起笔"

// unitWords are units of more than one character.
var unitWords = map[string]bool{
	"公里": true, "千米": true, "公斤": true, "千克": true, "毫米": true, "厘米": true,
	"小时": true, "分钟": true, "平方米": true, "平方公里": true, "立方米": true,
	"千瓦": true, "千瓦时": true, "兆瓦": true, "美元": true, "欧元": true, "日元": true,
	"英镑": true, "港元": true, "人次": true, "周年": true, "个月": true, "公顷": true,
}

// magnitudes may come between a number and its unit: 3亿元, 10万人.
const magnitudes = "十百千万亿"

// isUnit reports whether the folded word w is a unit: magnitudes followed by
// at most one unit (亿, 万元, 亿美元, 年).
func isUnit(w string) bool {
	rest := strings.TrimLeft(w, magnitudes)
	switch {
	case rest == "":
		return w != ""
	case unitWords[rest]:
		return true
	}
	r, n := utf8.DecodeRuneInString(rest)
	return n == len(rest) && strings.ContainsRune(unitChars, r)
}

// magnitudePrefix returns the length of w's leading magnitudes when a unit
// follows them, a shorter quantity that a query may ask for (3亿 in
// 3亿美元), else 0.
func magnitudePrefix(w string) int {
	m := len(w) - len(strings.TrimLeft(w, magnitudes))
	if m == len(w) {
		return 0
	}
	return m
}
