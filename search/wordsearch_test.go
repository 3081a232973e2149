package search

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/mapping"
)

// TestWordSearch measures word search on the SIGHAN 2005 bakeoff's PKU test
// set, segmented by hand (icwb2-data's gold/pku_test_gold.utf8, which is
// not in the repository): every line is an article (its words joined), and
// every word of the gold standard made of Chinese characters is a query.
// An article is relevant to a query when the query's characters occur in it
// starting and ending where gold words do (a word, or words, as the
// annotators cut them), so a search that finds a word across a word
// boundary (国有 in 中国|有) loses precision and one that misses it where
// the segmenter cut differently loses recall. It reports precision,
// recall and F1 over all the (query, article) pairs (micro-averaged) and F1
// averaged over the queries (macro), for all the words and for those of
// two or more characters, for xinwen (the word as a user types it, op=and,
// every page) and for bleve's stock cjk analyzer with the word as a
// phrase of its bigrams (whose single characters match only where they
// stand alone, between non-Chinese characters).
//
//	XINWEN_EVAL=wordsearch XINWEN_SIGHAN=/tmp/icwb2/pku_test_gold.utf8 \
//	go test -run WordSearch -v ./search
func TestWordSearch(t *testing.T) {
	if os.Getenv("XINWEN_EVAL") != "wordsearch" {
		t.Skip("set XINWEN_EVAL=wordsearch and XINWEN_SIGHAN=pku_test_gold.utf8 to run")
	}
	path := os.Getenv("XINWEN_SIGHAN")
	if path == "" {
		t.Fatal("XINWEN_SIGHAN must name the PKU gold file (icwb2-data/gold/pku_test_gold.utf8)")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []goldLine
	for _, line := range strings.Split(string(raw), "\n") {
		if words := strings.Fields(line); len(words) > 0 {
			docs = append(docs, newGoldLine(words))
		}
	}
	queries := goldQueries(docs)
	relevant := make(map[string][]int, len(queries))
	for _, q := range queries {
		for i, d := range docs {
			if d.onBoundaries(q) {
				relevant[q] = append(relevant[q], i)
			}
		}
	}
	t.Logf("%d articles, %d queries (distinct gold words of Chinese characters)", len(docs), len(queries))

	// xinwen, through Search, as a user would.
	var lines []string
	for i, d := range docs {
		b, err := json.Marshal(map[string]string{"id": fmt.Sprint(i), "body": d.text})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	corpus := filepath.Join(t.TempDir(), "pku.jsonl")
	if err := os.WriteFile(corpus, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := searcherOver(t, corpus)
	xinwen := func(q string) ([]int, error) {
		var out []int
		req := Request{Query: q, Size: MaxSize}
		for {
			r, err := s.Search(context.Background(), req)
			if err != nil {
				return nil, err
			}
			if r.Relaxed {
				return nil, nil // not the word: its parts
			}
			for _, h := range r.Hits {
				var n int
				fmt.Sscan(h.ID, &n)
				out = append(out, n)
			}
			if r.Cursor == "" {
				return out, nil
			}
			req.Cursor = r.Cursor
		}
	}

	// bleve's cjk analyzer, the word as a phrase.
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = cjk.AnalyzerName
	bix, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	defer bix.Close()
	b := bix.NewBatch()
	for i, d := range docs {
		if err := b.Index(fmt.Sprint(i), map[string]string{"body": d.text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := bix.Batch(b); err != nil {
		t.Fatal(err)
	}
	bigrams := func(q string) ([]int, error) {
		mq := bleve.NewMatchPhraseQuery(q)
		mq.SetField("body")
		r, err := bix.Search(bleve.NewSearchRequestOptions(mq, len(docs), 0, false))
		if err != nil {
			return nil, err
		}
		var out []int
		for _, h := range r.Hits {
			var n int
			fmt.Sscan(h.ID, &n)
			out = append(out, n)
		}
		return out, nil
	}

	for _, e := range []struct {
		name   string
		search func(string) ([]int, error)
	}{{"xinwen", xinwen}, {"bleve cjk, phrase", bigrams}} {
		var all, long prf
		for _, q := range queries {
			got, err := e.search(q)
			if err != nil {
				t.Fatalf("%s %q: %v", e.name, q, err)
			}
			rel := map[int]bool{}
			for _, i := range relevant[q] {
				rel[i] = true
			}
			right := 0
			for _, i := range got {
				if rel[i] {
					right++
				}
			}
			all.add(right, len(got), len(rel))
			if len([]rune(q)) >= 2 {
				long.add(right, len(got), len(rel))
			}
			if os.Getenv("XINWEN_EVAL_SHOW") == e.name && right != len(got)+len(rel)-right {
				t.Logf("  %s: relevant %d, found %d, right %d", q, len(rel), len(got), right)
			}
		}
		t.Logf("%-18s all words:     %s", e.name, all)
		t.Logf("%-18s 2+ characters: %s", e.name, long)
	}
}

// prf sums precision and recall over queries: micro (over all the query
// and article pairs) and macro (F1 averaged over the queries).
type prf struct {
	right, found, relevant int
	f1s                    float64
	n                      int
}

func (p *prf) add(right, found, relevant int) {
	p.right, p.found, p.relevant, p.n = p.right+right, p.found+found, p.relevant+relevant, p.n+1
	if right > 0 {
		pr, re := float64(right)/float64(found), float64(right)/float64(relevant)
		p.f1s += 2 * pr * re / (pr + re)
	}
}

func (p prf) String() string {
	pr, re := float64(p.right)/float64(p.found), float64(p.right)/float64(p.relevant)
	return fmt.Sprintf("precision %.4f  recall %.4f  F1 %.4f  (macro F1 %.4f; %d queries)", pr, re, 2*pr*re/(pr+re), p.f1s/float64(p.n), p.n)
}

// goldLine is one line of a segmented gold standard: its text and where its
// words start and end (rune offsets).
type goldLine struct {
	text       string
	runes      []rune
	starts     map[int]bool
	ends       map[int]bool
	wordsInRow []string
}

func newGoldLine(words []string) goldLine {
	g := goldLine{starts: map[int]bool{}, ends: map[int]bool{}, wordsInRow: words}
	at := 0
	for _, w := range words {
		g.starts[at] = true
		at += len([]rune(w))
		g.ends[at] = true
	}
	g.text = strings.Join(words, "")
	g.runes = []rune(g.text)
	return g
}

// onBoundaries reports whether q occurs in the line starting where a gold
// word starts and ending where one ends.
func (g goldLine) onBoundaries(q string) bool {
	qr := []rune(q)
	for i := 0; i+len(qr) <= len(g.runes); i++ {
		if g.starts[i] && g.ends[i+len(qr)] && string(g.runes[i:i+len(qr)]) == q {
			return true
		}
	}
	return false
}

// goldQueries returns the distinct words of the lines that are all Chinese
// characters, in order.
func goldQueries(docs []goldLine) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		for _, w := range d.wordsInRow {
			if seen[w] || !allHan(w) {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

func allHan(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return w != ""
}
