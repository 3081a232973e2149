package place

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Designation is a word that follows a place's name and says what kind of
// division the place is: 省 and Province, 自治州 and Autonomous Prefecture.
type Designation struct {
	// Han is the Chinese form (省, 自治区, 州 as in 恩施州), "" if the row
	// has none of its own.
	Han string
	// English is the English form (Province, Autonomous Region, SAR), ""
	// if the row has none.
	English string
	// Province tells whether the English form designates a
	// provincial-level division (Shanxi Province) rather than a lower one
	// (Jilin City). 市 is either (北京市, 吕梁市); its row says City.
	Province bool
}

// designations is the one table of designations, in both scripts. Within
// each script a designation comes before any shorter one that it starts or
// ends with (壮族自治区 before 自治区, "Autonomous Prefecture" before
// "Prefecture"), so that the first one that matches is the whole of it.
// The English ones include the peoples in the official names of three
// autonomous regions (Guangxi Zhuang Autonomous Region) and of the
// autonomous prefectures whose short names are also other places' (Hainan
// Tibetan Autonomous Prefecture, Ili Kazakh Autonomous Prefecture).
var designations = []Designation{
	{Han: "特别行政区", English: "Special Administrative Region", Province: true},
	{English: "SAR", Province: true},
	{Han: "壮族自治区", English: "Zhuang Autonomous Region", Province: true},
	{Han: "回族自治区", English: "Hui Autonomous Region", Province: true},
	{Han: "维吾尔自治区", English: "Uygur Autonomous Region", Province: true},
	{English: "Uyghur Autonomous Region", Province: true},
	{English: "Uighur Autonomous Region", Province: true},
	{Han: "自治区", English: "Autonomous Region", Province: true},
	{Han: "省", English: "Province", Province: true},
	{English: "Municipality", Province: true}, // 直辖市: Beijing Municipality
	{English: "Tibetan Autonomous Prefecture"},
	{English: "Kazakh Autonomous Prefecture"},
	{Han: "自治州", English: "Autonomous Prefecture"},
	{Han: "州"}, // 恩施州 for 恩施土家族苗族自治州
	{Han: "地区", English: "Prefecture"},
	{Han: "盟", English: "League"},
	{Han: "市", English: "City"},
	{English: "Autonomous County"},
	{English: "County"},
}

// Designations returns the table of designations in both scripts, the
// longer ones first (see designations). The slice is the caller's.
func Designations() []Designation { return slices.Clone(designations) }

// HanDesignation returns the longest Chinese designation that s starts
// with (自治区 in 自治区政府), or "" if none does.
func HanDesignation(s string) string {
	longest := ""
	for _, d := range designations {
		if d.Han != "" && len(d.Han) > len(longest) && strings.HasPrefix(s, d.Han) {
			longest = d.Han
		}
	}
	return longest
}

// EndsWithHanDesignation reports whether a Chinese name carries its
// designation: 山西省, 吕梁市, 恩施州, 新疆维吾尔自治区.
func EndsWithHanDesignation(name string) bool {
	for _, d := range designations {
		if d.Han != "" && strings.HasSuffix(name, d.Han) {
			return true
		}
	}
	return false
}

// DesignationAfter returns the English designation that follows text[:end]
// across one or more spaces (Shanxi Province, Ili Kazakh Autonomous
// Prefecture), in any case and as whole words, and the byte where it ends.
// It reports false if none does.
func DesignationAfter(text string, end int) (Designation, int, bool) {
next:
	for _, d := range designations {
		if d.English == "" {
			continue
		}
		j, rest := end, d.English
		for rest != "" {
			var w string
			w, rest, _ = strings.Cut(rest, " ")
			k := j
			for k < len(text) && text[k] == ' ' {
				k++
			}
			if k == j || len(text)-k < len(w) || !strings.EqualFold(text[k:k+len(w)], w) {
				continue next
			}
			if r, _ := utf8.DecodeRuneInString(text[k+len(w):]); continuesWord(r) {
				continue next
			}
			j = k + len(w)
		}
		return d, j, true
	}
	return Designation{}, end, false
}

// continuesWord reports whether r, right after a word of letters, makes it
// a longer word: a letter or a digit, but not an ideograph, which starts a
// word of its own (Shanxi Province省).
func continuesWord(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) &&
		!unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}
