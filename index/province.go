package index

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Weights of the evidence for the province an article is about, as a reader
// weighs it: the paper's name and the headline say most, each mention in the
// body a little, and a place that only names a company ("Shanghai Silicon
// Semiconductor") or comes in passing says less.
const (
	weightSource   = 5
	weightTitle    = 3
	weightMention  = 1
	weightQualifed = 2   // "Gansu Province", "Shanxi Provincial Party Committee"
	weightCompany  = 0.3 // "Shanghai Silicon Semiconductor"
	minProvince    = 2   // below this the article is not clearly about one place
)

// Province returns the English name of the province the article is about, or
// "" when the text does not make it clear.
func Province(title, source, body string) string {
	score := map[string]float64{}
	for _, m := range mentions(source) {
		score[m.province] += weightSource
	}
	for _, m := range mentions(title) {
		score[m.province] += weightTitle
	}
	for _, m := range mentions(body) {
		score[m.province] += mentionWeight(body, m)
	}
	var names []string
	for p := range score {
		names = append(names, p)
	}
	sort.Slice(names, func(i, j int) bool {
		if score[names[i]] != score[names[j]] {
			return score[names[i]] > score[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) == 0 || score[names[0]] < minProvince {
		return ""
	}
	if len(names) > 1 && score[names[1]] == score[names[0]] {
		return "" // a tie: the text does not say
	}
	return names[0]
}

// mentionWeight weighs one mention in a body by the words after it.
func mentionWeight(text string, m mention) float64 {
	next := nextWord(text[m.end:])
	switch {
	case next == "":
		return weightMention
	case qualifiers[strings.ToLower(next)], strings.HasPrefix(next, "省"):
		return weightQualifed
	case isCapitalized(next):
		return weightCompany
	}
	return weightMention
}

// qualifiers are the words after a place name that make it the subject of
// the sentence's administration rather than part of a company's name.
var qualifiers = map[string]bool{"province": true, "provincial": true, "city": true, "municipal": true, "municipality": true, "autonomous": true}

// nextWord returns the word that follows a mention: a run of letters after
// spaces, or the first character when that is Chinese.
func nextWord(s string) string {
	s = strings.TrimLeft(s, " ")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return ""
	}
	if unicode.Is(unicode.Han, r) {
		return s[:n]
	}
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(s)
	}
	return s[:end]
}

func isCapitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}
