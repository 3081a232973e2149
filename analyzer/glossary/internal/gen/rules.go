package main

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/glossary/internal/english"
)

// The rules that choose CC-CEDICT's words and weigh them. The figures that
// chose them are in the package comment of package glossary and come from
// go test -run TestRules -v ./analyzer/glossary/internal/gen.
const (
	// maxSenses is how many of a word's senses are kept: the later ones
	// are rare uses.
	maxSenses = 3
	// maxGlossWords and maxKeyWords bound a gloss: a longer one explains
	// rather than translates.
	maxGlossWords = 6
	maxKeyWords   = 4
	// maxShared is the most words an English gloss may translate and still
	// be translated: "look" is 107 words, "make" 45.
	maxShared = 8
	// minShare is the least weight of a translation, relative to the best
	// of its gloss: below it, a rarer synonym or a later sense only adds
	// noise.
	minShare = 0.1
	// minFreq is the least frequency, in the analyzer's dictionary, of a
	// word that is kept: rarer ones are seldom in the news.
	minFreq = 20
	// cedictWeight is the weight of a gloss's best word: below the curated
	// entries' 1.
	cedictWeight = 0.5
)

// line is one word of the generated file.
type line struct {
	zh      string
	glosses []string
	keys    []string
	weights []int // hundredths; 0: not a translation of the gloss
}

// candidate is a word that translates an English key.
type candidate struct {
	line  *line
	sense int
	freq  int
}

// select_ applies the rules: words of two or more characters that the
// analyzer's dictionary has, their first senses that are short glosses;
// for English → Chinese, the words of glosses shared by at most maxShared
// words, weighed by their frequency and sense.
func select_(hws []*headword, freq map[string]int) []*line {
	return selectWith(hws, freq, rules{maxShared, minShare})
}

// rules are the tunable figures, apart so that TestRules can try others.
type rules struct {
	maxShared int
	minShare  float64
}

func selectWith(hws []*headword, freq map[string]int, r rules) []*line {
	var lines []*line
	byKey := map[string][]candidate{}
	for _, h := range hws {
		if utf8.RuneCountInString(h.simp) < 2 || strings.ContainsAny(h.simp, "\\t|") {
			continue
		}
		f, ok := freq[strings.ToLower(h.simp)]
		if !ok || f < minFreq {
			continue
		}
		l := &line{zh: h.simp}
		for _, s := range h.senses {
			if len(l.glosses) == maxSenses {
				break
			}
			if len(strings.Fields(s)) > maxGlossWords {
				continue
			}
			w := english.Words(s)
			if len(w) == 0 || len(w) > maxKeyWords {
				continue
			}
			k := strings.Join(w, " ")
			if contains(l.keys, k) {
				continue
			}
			byKey[k] = append(byKey[k], candidate{l, len(l.glosses), f})
			l.glosses = append(l.glosses, s)
			l.keys = append(l.keys, k)
			l.weights = append(l.weights, 0)
		}
		if len(l.glosses) > 0 {
			lines = append(lines, l)
		}
	}
	for _, cs := range byKey {
		if len(cs) > r.maxShared {
			continue
		}
		best := 0.0
		for _, c := range cs {
			best = math.Max(best, score(c))
		}
		for _, c := range cs {
			share := score(c) / best
			if share < r.minShare {
				continue
			}
			c.line.weights[c.sense] = max(1, int(math.Round(100*cedictWeight*share)))
		}
	}
	return lines
}

// score is how likely a word is the translation of a gloss: its frequency,
// less for a later sense.
func score(c candidate) float64 {
	return float64(c.freq) / float64(c.sense+1)
}
