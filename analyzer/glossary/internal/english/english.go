// Package english folds an English phrase into the words a glossary matches
// it by. It follows the analyzer's rules for English (package analyzer is
// not imported, so that the glossary stays a leaf): NFKC, lower case, Latin
// diacritics removed, the possessive dropped, bleve's English stop words
// left out, and the Snowball stem of each word of letters. Hyphens and other
// punctuation separate words, so "state-owned" is "state own" and "COVID-19"
// is "covid 19"; dots between letters join them, so "U.S." is "us".
//
// It lives apart from package glossary so that the generator of the
// glossary's data can fold with the same rules without importing the
// package whose data it writes.
package english

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/snowballstem"
	snowball "github.com/blevesearch/snowballstem/english"
	"golang.org/x/text/unicode/norm"
)

// stop is bleve's English stop-word list, the analyzer's.
var stop = func() analysis.TokenMap {
	m := analysis.NewTokenMap()
	// The list ships with bleve; LoadBytes only fails on a reader error.
	_ = m.LoadBytes(en.EnglishStopWords)
	return m
}()

// Words returns the folded words of phrase, in order; none for a phrase of
// stop words and punctuation.
func Words(phrase string) []string {
	return AppendWords(nil, phrase)
}

// AppendWords appends the folded words of phrase to dst.
func AppendWords(dst []string, phrase string) []string {
	eachWord(phrase, func(raw, folded string) { dst = append(dst, folded) })
	return dst
}

// eachWord calls f with each word of phrase that is not a stop word: as
// written (in lower case, without diacritics) and folded.
func eachWord(phrase string, f func(raw, folded string)) {
	s := plain(phrase)
	for len(s) > 0 {
		i := strings.IndexFunc(s, isWordRune)
		if i < 0 {
			break
		}
		s = s[i:]
		j := wordEnd(s)
		if w := term(s[:j]); w != "" {
			f(s[:j], w)
		}
		s = s[j:]
	}
}

// Key returns the folded words of phrase joined by spaces: the key under
// which a glossary stores and finds the phrase.
func Key(phrase string) string {
	return strings.Join(Words(phrase), " ")
}

// plain is phrase in NFKC, lower case, without diacritics.
func plain(phrase string) string {
	s := norm.NFKC.String(phrase)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordEnd returns the end of the word at the start of s: letters and
// digits, with an apostrophe between letters (people's, Xi'an) and a dot
// between letters (u.s.) inside it.
func wordEnd(s string) int {
	prevLetter := false
	for i, r := range s {
		switch {
		case isWordRune(r):
			prevLetter = unicode.IsLetter(r)
			continue
		case (r == '\'' || r == '’' || r == '.') && prevLetter:
			if next := i + len(string(r)); next < len(s) {
				n := []rune(s[next:min(len(s), next+4)])
				if len(n) > 0 && unicode.IsLetter(n[0]) {
					continue
				}
			}
		}
		return i
	}
	return len(s)
}

// term folds one word: the possessive off, dots and inner apostrophes out,
// "" for a stop word, the Snowball stem for letters a-z.
func term(w string) string {
	w = strings.ReplaceAll(w, "’", "'")
	w = strings.TrimSuffix(w, "'s")
	if _, ok := stop[w]; ok {
		return ""
	}
	if strings.ContainsAny(w, "'.") {
		w = strings.Map(func(r rune) rune {
			if r == '\'' || r == '.' {
				return -1
			}
			return r
		}, w)
	}
	if _, ok := stop[w]; ok || w == "" {
		return ""
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return w
		}
	}
	env := snowballstem.NewEnv(w)
	snowball.Stem(env)
	return env.Current()
}

// Inflected returns the words of phrase folded as Words folds them but
// with only the inflections off (plurals, -ed; the possessive), not the
// Snowball stem: words that Words makes one (cooperation and cooperative,
// housing and house, department and departs) stay apart, and a word and
// its plural (enterprise, enterprises) meet.
func Inflected(phrase string) string {
	var out []string
	eachWord(phrase, func(raw, _ string) {
		out = append(out, uninflect(strings.TrimSuffix(strings.ReplaceAll(raw, "’", "'"), "'s")))
	})
	return strings.Join(out, " ")
}

// uninflect takes a plural's or a past's ending off a word (a light
// stemmer, after Harman's S-stemmer): policies policy, enterprises
// enterprise, launched launch, approved approve.
func uninflect(w string) string {
	w = strings.Map(func(r rune) rune {
		if r == '\'' || r == '.' {
			return -1
		}
		return r
	}, w)
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies"):
		w = w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "ied"):
		w = w[:n-3] + "y"
	case n > 3 && strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "aes") && !strings.HasSuffix(w, "ees") && !strings.HasSuffix(w, "oes"):
		w = w[:n-1]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	case n > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
		w = w[:n-2]
	}
	// approve and approv(ed), state and stat(es): the silent e off too.
	return strings.TrimSuffix(w, "e")
}
