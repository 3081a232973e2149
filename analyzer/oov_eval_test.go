package analyzer

import (
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// TestOOVEval measures how each treatment of unknown words (oovMode) finds
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
	lines := strings.Split(strings.TrimSuffix(wordsData, "\n"), "\n")[1:]
	sort.Strings(removed)
	var kept strings.Builder
	kept.WriteString(strings.SplitN(wordsData, "\n", 2)[0] + "\n")
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
		SetUserDict(set.ideal)
		truth := search(bodies, set.words, &Analyzer{dict: full, index: true, oov: oovNone}, &Analyzer{dict: full, oov: oovNone})
		SetUserDict(nil)
		t.Logf("%s words:\n%-8s %7s %9s %10s %9s", set.name, "mode", "recall", "precision", "substr.rec", "matches")
		for _, mode := range []oovMode{oovNone, oovBigram, oovHMM, oovBoth} {
			got := search(bodies, set.words, &Analyzer{dict: set.dict, index: true, oov: mode}, &Analyzer{dict: set.dict, oov: mode})
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
			t.Logf("%-8s %7.4f %9.4f %10.4f %9d", []string{"none", "bigram", "hmm", "both"}[mode],
				float64(hit)/float64(rel), float64(hit)/float64(max(ret, 1)), float64(subHit)/float64(sub), ret)
		}
	}
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
func search(bodies, words []string, index, query *Analyzer) []map[int]bool {
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

var _ analysis.Analyzer = (*Analyzer)(nil)
