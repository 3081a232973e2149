package analyzer

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestOOVEval measures how each treatment of unknown words (oovMode, and
// gse's hidden Markov model: hmmAnalyzer) finds
// words that are not in the dictionary, on the first 20,000 CCTV articles.
// It is how defaultOOV was chosen; it takes a few minutes, so it runs only
// with XINWEN_EVAL=oov:
//
//	XINWEN_EVAL=oov go test ./analyzer -run OOVEval -v -timeout 30m
//
// Two sets of words:
//
//   - real: the names and terms of testdata/oov_terms.txt that the
//     dictionary does not have (新质生产力, 碳达峰, 马兴瑞…);
//   - removed: 300 dictionary words of two to four characters (fixed seed),
//     taken out of the dictionary for the test.
//
// A word's relevant articles are those where the analyzer finds it as a
// word when the dictionary has it (a user dictionary of the real words;
// the full dictionary for the removed ones): what a perfect treatment of
// unknown words would give. Each word is searched as the search engine
// does, as a phrase of the query analyzer's tokens, over the index
// analyzer's tokens. Recall and precision are summed over all words
// (micro); "substring recall" counts every article with the characters
// anywhere, which a word-based engine must not all find (国有 in 中国有).
func TestOOVEval(t *testing.T) {
	if os.Getenv("XINWEN_EVAL") != "oov" {
		t.Skip("set XINWEN_EVAL=oov to run the evaluation of unknown-word treatments")
	}
	bodies := corpusBodies(t, "zh-news.jsonl.gz", 20000)
	full, err := loadBase()
	if err != nil {
		t.Fatal(err)
	}

	// The real unknown words: in the list, not in the dictionary, in at
	// least three articles.
	raw, err := os.ReadFile("testdata/oov_terms.txt")
	if err != nil {
		t.Fatal(err)
	}
	var real []string
	for _, w := range strings.Fields(string(raw)) {
		if !strings.ContainsFunc(w, func(r rune) bool { return classOf(r) == clIdeo }) {
			continue
		}
		if e, ok := (view{base: full}).lookup([]byte(strings.ToLower(w))); ok && e.word {
			continue
		}
		if docsWith(bodies, w) >= 3 {
			real = append(real, w)
		}
	}

	// The removed words: a fixed sample of dictionary words of two to four
	// characters that the analyzer finds in 5 to 2,000 of the articles.
	df := map[string]int{}
	plain := &Analyzer{dict: full, oov: oovNone}
	for _, b := range bodies {
		seen := map[string]bool{}
		for _, tk := range plain.Analyze([]byte(b)) {
			w := string(tk.Term)
			if n := utf8.RuneCountInString(w); n >= 2 && n <= 4 && !seen[w] && tk.Type == analysis.Ideographic {
				seen[w] = true
				df[w]++
			}
		}
	}
	var candidates []string
	for w, n := range df {
		if e, ok := (view{base: full}).lookup([]byte(w)); ok && e.word && n >= 5 && n <= 2000 &&
			!strings.ContainsAny(w, "0123456789abcdefghijklmnopqrstuvwxyz") {
			candidates = append(candidates, w)
		}
	}
	sort.Strings(candidates)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(candidates), func(i, j int) { candidates[i], candidates[j] = candidates[j], candidates[i] })
	removed := candidates[:300]
	lines := strings.Split(strings.TrimSuffix(wordsData(), "\n"), "\n")[1:]
	sort.Strings(removed)
	var kept strings.Builder
	kept.WriteString(strings.SplitN(wordsData(), "\n", 2)[0] + "\n")
	drop := map[string]bool{}
	for _, w := range removed {
		drop[w] = true
	}
	for _, l := range lines {
		w, _, _ := strings.Cut(l, " ")
		if !drop[w] {
			kept.WriteString(l + "\n")
		}
	}
	less, err := parseBase(kept.String())
	if err != nil {
		t.Fatal(err)
	}
	var userWords strings.Builder
	for _, w := range real {
		userWords.WriteString(w + "\n")
	}
	user, err := ParseUserDict(strings.NewReader(userWords.String()), "oov_terms")
	if err != nil {
		t.Fatal(err)
	}

	t.Logf("%d articles; %d real unknown words, %d removed words", len(bodies), len(real), len(removed))
	for _, set := range []struct {
		name  string
		words []string
		dict  *dictionary
		ideal *UserDict
	}{
		{"real", real, full, user},
		{"removed", removed, less, nil},
	} {
		// What a perfect treatment would find: the words as words.
		truth := search(bodies, set.words, &Analyzer{dict: full, user: set.ideal, index: true, oov: oovNone}, &Analyzer{dict: full, user: set.ideal, oov: oovNone})
		t.Logf("%s words:\n%-8s %7s %9s %10s %9s", set.name, "mode", "recall", "precision", "substr.rec", "matches")
		for _, mode := range evalModes {
			got := search(bodies, set.words, mode.analyzer(set.dict, true), mode.analyzer(set.dict, false))
			var hit, rel, ret, sub, subHit int
			for i, w := range set.words {
				rel += len(truth[i])
				ret += len(got[i])
				for d := range got[i] {
					if truth[i][d] {
						hit++
					}
				}
				for d, b := range bodies {
					if strings.Contains(b, w) {
						sub++
						if got[i][d] {
							subHit++
						}
					}
				}
			}
			t.Logf("%-8s %7.4f %9.4f %10.4f %9d", mode.name,
				float64(hit)/float64(rel), float64(hit)/float64(max(ret, 1)), float64(subHit)/float64(sub), ret)
		}
	}

	// What each treatment costs: tokens in the index, and the time bleve
	// takes to answer the words as phrases (as package search asks).
	t.Logf("cost, over the real and removed words:\n%-8s %10s %12s %10s", "mode", "tokens", "query ms", "hits")
	words := append(append([]string{}, real...), removed...)
	for _, mode := range evalModes {
		tokens, ms, hits := phraseCost(t, bodies, words, mode)
		t.Logf("%-8s %10d %12.3f %10d", mode.name, tokens, ms, hits)
	}
}

// evalMode is a treatment of unknown words that TestOOVEval measures.
type evalMode struct {
	name string
	oov  oovMode // of the analyzer, or of the one under the model's
	hmm  bool    // the model's words (hmmAnalyzer)
}

var evalModes = []evalMode{
	{"none", oovNone, false},
	{"bigram", oovBigram, false},
	{"hmm", oovNone, true},
	{"both", oovNone, true}, // the model's words and pairs
}

// analyzer returns the index-time or query-time analyzer of the mode over
// the dictionary d.
func (m evalMode) analyzer(d *dictionary, index bool) analysis.Analyzer {
	if !m.hmm {
		return &Analyzer{dict: d, index: index, oov: m.oov}
	}
	return hmmAnalyzer{a: &Analyzer{dict: d, index: index, oov: oovNone}, pairs: m.name == "both"}
}

// phraseCost indexes bodies in memory with the index analyzer of mode and
// returns how many tokens that made, the mean time to search one of words
// as a phrase (the best of three rounds) and the hits.
func phraseCost(t *testing.T, bodies, words []string, mode evalMode) (int, float64, uint64) {
	d, err := loadBase()
	if err != nil {
		t.Fatal(err)
	}
	name := "xinwen_eval_" + mode.name
	index, query := mode.analyzer(d, true), mode.analyzer(d, false)
	if _, err := registry.NewCache().AnalyzerNamed(name); err != nil {
		err := registry.RegisterAnalyzer(name, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return index, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	body := mapping.NewTextFieldMapping()
	body.Analyzer = name
	body.Store, body.IncludeTermVectors, body.IncludeInAll = false, false, false
	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("body", body)
	m := mapping.NewIndexMapping()
	m.DefaultMapping = doc
	m.ScoringModel = bindex.BM25Scoring
	ix, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	tokens := 0
	b := ix.NewBatch()
	for i, body := range bodies {
		tokens += len(index.Analyze([]byte(body)))
		if err := b.Index(fmt.Sprint(i), map[string]interface{}{"body": body}); err != nil {
			t.Fatal(err)
		}
		if b.Size() == 1000 || i == len(bodies)-1 {
			if err := ix.Batch(b); err != nil {
				t.Fatal(err)
			}
			b.Reset()
		}
	}
	best := time.Duration(1 << 62)
	var hits uint64
	for round := 0; round < 3; round++ {
		hits = 0
		start := time.Now()
		for _, w := range words {
			ts := query.Analyze([]byte(w))
			if len(ts) == 0 {
				continue
			}
			var q bquery.Query
			if len(ts) == 1 {
				tq := bquery.NewTermQuery(string(ts[0].Term))
				tq.SetField("body")
				q = tq
			} else {
				slots := make([][]string, ts[len(ts)-1].Position-ts[0].Position+1)
				for _, tk := range ts {
					slots[tk.Position-ts[0].Position] = append(slots[tk.Position-ts[0].Position], string(tk.Term))
				}
				q = bquery.NewMultiPhraseQuery(slots, "body")
			}
			res, err := ix.Search(bleve.NewSearchRequest(q))
			if err != nil {
				t.Fatal(err)
			}
			hits += res.Total
		}
		best = min(best, time.Since(start))
	}
	return tokens, float64(best.Microseconds()) / 1000 / float64(len(words)), hits
}

func docsWith(bodies []string, w string) int {
	n := 0
	for _, b := range bodies {
		if strings.Contains(b, w) {
			n++
		}
	}
	return n
}

// search returns, for each word, the set of articles (by number) where the
// query analyzer's tokens for it occur as a phrase in the index analyzer's
// tokens, as package search asks bleve for them.
func search(bodies, words []string, index, query analysis.Analyzer) []map[int]bool {
	type slot struct {
		off  int
		term string
	}
	queries := make([][]slot, len(words))
	want := map[string]bool{}
	for i, w := range words {
		ts := query.Analyze([]byte(w))
		for _, tk := range ts {
			queries[i] = append(queries[i], slot{tk.Position - ts[0].Position, string(tk.Term)})
			want[string(tk.Term)] = true
		}
	}
	// Postings of the query terms only: term → article → positions.
	post := map[string]map[int]map[int]bool{}
	for d, b := range bodies {
		for _, tk := range index.Analyze([]byte(b)) {
			if !want[string(tk.Term)] {
				continue
			}
			p := post[string(tk.Term)]
			if p == nil {
				p = map[int]map[int]bool{}
				post[string(tk.Term)] = p
			}
			if p[d] == nil {
				p[d] = map[int]bool{}
			}
			p[d][tk.Position] = true
		}
	}
	out := make([]map[int]bool, len(words))
	for i, q := range queries {
		out[i] = map[int]bool{}
		if len(q) == 0 {
			continue
		}
		for d, positions := range post[q[0].term] {
		next:
			for p := range positions {
				for _, s := range q[1:] {
					if !post[s.term][d][p+s.off] {
						continue next
					}
				}
				out[i][d] = true
				break
			}
		}
	}
	return out
}
