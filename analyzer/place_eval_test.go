package analyzer

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/place"
)

// TestPlaceEval compares, on the bodies of the first 10,000 CCTV articles,
// two ways a Chinese query for a place could match: the place's short name
// as a word (what a query for 吕梁 matched before place terms: any 吕梁
// token, sub-words included) and the place term the gazetteer's mention
// gives (what it matches now). It prints how many (place, article) pairs
// each finds and a random sample of the pairs found by only one, with the
// text around the name, to be judged by reading. It is an evaluation, not
// a test, and runs only when asked:
//
//	XINWEN_EVAL=places go test ./analyzer -run PlaceEval -v
func TestPlaceEval(t *testing.T) {
	if os.Getenv("XINWEN_EVAL") != "places" {
		t.Skip("set XINWEN_EVAL=places to compare place terms with place names as words")
	}
	bodies := corpusBodies(t, "zh-news.jsonl.gz", 10000)
	index, _ := analyzers(t)
	var places []*place.Place
	for _, p := range place.All() {
		if p.Level != place.LevelCounty {
			places = append(places, p)
		}
	}
	type pair struct {
		p    *place.Place
		body int
	}
	var word, term int
	var onlyWord, onlyTerm []pair
	for i, body := range bodies {
		has := map[string]bool{}
		for _, tk := range index.Analyze([]byte(body)) {
			has[string(tk.Term)] = true
		}
		for _, p := range places {
			w, c := has[p.Short], has[PlaceTerm(p.Code)]
			if w {
				word++
			}
			if c {
				term++
			}
			switch {
			case w && !c:
				onlyWord = append(onlyWord, pair{p, i})
			case c && !w:
				onlyTerm = append(onlyTerm, pair{p, i})
			}
		}
	}
	t.Logf("%d articles, %d provinces and prefectures: the name as a word matches %d (place, article) pairs, the place term %d; %d only as a word, %d only as a place term",
		len(bodies), len(places), word, term, len(onlyWord), len(onlyTerm))
	rng := rand.New(rand.NewSource(1))
	// context returns the text around the first of the place's Chinese
	// names in body.
	context := func(body string, p *place.Place) string {
		i, name := -1, ""
		for _, n := range append([]string{p.Short}, p.HanAliases...) {
			if i = strings.Index(body, n); i >= 0 {
				name = n
				break
			}
		}
		if i < 0 {
			return "(no Chinese name of it)"
		}
		from, to := i, i+len(name)
		for n := 0; n < 8 && from > 0; n++ {
			_, size := utf8.DecodeLastRuneInString(body[:from])
			from -= size
		}
		for n := 0; n < 8 && to < len(body); n++ {
			_, size := utf8.DecodeRuneInString(body[to:])
			to += size
		}
		return strings.ReplaceAll(body[from:to], "\n", " ")
	}
	for _, s := range []struct {
		what  string
		pairs []pair
		n     int
	}{{"only as a word", onlyWord, 40}, {"only as a place term", onlyTerm, 20}} {
		rng.Shuffle(len(s.pairs), func(i, j int) { s.pairs[i], s.pairs[j] = s.pairs[j], s.pairs[i] })
		for _, pr := range s.pairs[:min(s.n, len(s.pairs))] {
			t.Log(fmt.Sprintf("%s: %s %s: %s", s.what, pr.p.Code, pr.p.Short, context(bodies[pr.body], pr.p)))
		}
	}
}
