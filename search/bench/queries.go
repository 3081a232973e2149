package bench

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index"
)

// Kinds of derived queries, in the order the mix lists them.
const (
	KindChineseWord = "chinese_word" // one Chinese word of two or more characters
	KindPair        = "pair"         // two words of one article: both must match
	KindTitle       = "title"        // an article's whole title, as pasted
	KindEnglishWord = "english_word" // one word in Latin letters (GDP, reform)
)

var kinds = []string{KindChineseWord, KindPair, KindTitle, KindEnglishWord}

// Query is one query of the mix and where it came from.
type Query struct {
	Text string `json:"text"`
	Kind string `json:"kind"` // one of the Kind constants, or "file"
}

// ReadQueries reads a query file: one query per line, in xinwen's query
// syntax; blank lines are skipped.
func ReadQueries(path string) ([]Query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bench: queries: %w", err)
	}
	defer f.Close()
	var out []Query
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for line := 1; sc.Scan(); line++ {
		q := strings.TrimSpace(sc.Text())
		if q == "" {
			continue
		}
		if !utf8.ValidString(q) {
			return nil, fmt.Errorf("bench: queries: %s:%d: not UTF-8", path, line)
		}
		out = append(out, Query{Text: q, Kind: "file"})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bench: queries: %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("bench: queries: %s has no queries", path)
	}
	return out, nil
}

// sampler keeps a uniform random sample of the documents it is shown
// (reservoir sampling), so that the query mix can be drawn from the whole
// corpus without keeping the corpus in memory.
type sampler struct {
	rng  *rand.Rand
	seen int
	docs []index.Document
}

func newSampler(size int, seed uint64) *sampler {
	return &sampler{rng: rand.New(rand.NewPCG(seed, 0x78696e77656e)), docs: make([]index.Document, 0, size)}
}

func (s *sampler) add(d index.Document) {
	s.seen++
	if len(s.docs) < cap(s.docs) {
		s.docs = append(s.docs, d)
		return
	}
	if i := s.rng.IntN(s.seen); i < len(s.docs) {
		s.docs[i] = d
	}
}

// Derive draws a mix of n queries from docs with a fixed seed: a quarter
// each of Chinese words, pairs of words from one article, whole titles and
// English words, shuffled together. The words are the query analyzer's, so
// each is something the engine can match, and each is written as it appears
// in the text. A kind the corpus cannot supply (English words in a corpus
// with no Latin script, Chinese words in an English one) is made up by the
// others. The same docs, n and seed give the same mix.
func Derive(docs []index.Document, n int, seed uint64) ([]Query, error) {
	if n < 1 {
		return nil, fmt.Errorf("bench: cannot derive %d queries", n)
	}
	if len(docs) == 0 {
		return nil, errors.New("bench: no documents to draw queries from")
	}
	qa, err := analyzer.New(false, nil)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x7175657279))
	d := &deriver{qa: qa, rng: rng, docs: docs, seen: map[string]bool{}, words: map[int][]string{}}

	var out []Query
	quota := map[string]int{}
	for i, k := range kinds {
		quota[k] = n / len(kinds)
		if i < n%len(kinds) {
			quota[k]++
		}
	}
	// Draw each kind in turn; a kind that fails too often is dropped and
	// the remaining ones share its quota.
	live := append([]string(nil), kinds...)
	for len(out) < n && len(live) > 0 {
		progress := false
		for i := 0; i < len(live); i++ {
			k := live[i]
			if quota[k] == 0 {
				continue
			}
			q, ok := d.draw(k)
			if !ok {
				// Hand the rest of this kind's quota to the others.
				rest := quota[k]
				live = append(live[:i], live[i+1:]...)
				i--
				for j := 0; j < rest && len(live) > 0; j++ {
					quota[live[j%len(live)]]++
				}
				quota[k] = 0
				continue
			}
			quota[k]--
			out = append(out, Query{Text: q, Kind: k})
			progress = true
			if len(out) == n {
				break
			}
		}
		if !progress {
			break
		}
	}
	if len(out) == 0 {
		return nil, errors.New("bench: the documents have no words to draw queries from")
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, nil
}

// deriver draws queries of one kind at a time from random documents.
type deriver struct {
	qa    analysis.Analyzer
	rng   *rand.Rand
	docs  []index.Document
	seen  map[string]bool  // queries already in the mix
	words map[int][]string // the words of docs[i], once analyzed
}

// maxTries bounds how many documents a draw looks at before it concludes
// that the corpus has no query of that kind.
const maxTries = 200

// maxTitleRunes skips the rare title that is a whole paragraph: nobody
// pastes that into a search box.
const maxTitleRunes = 60

func (d *deriver) draw(kind string) (string, bool) {
	for range maxTries {
		i := d.rng.IntN(len(d.docs))
		doc := &d.docs[i]
		var q string
		switch kind {
		case KindTitle:
			q = cleanTitle(doc.Title)
			if utf8.RuneCountInString(q) > maxTitleRunes {
				q = ""
			}
		case KindChineseWord:
			q = d.pick(d.wordsOf(i, isChineseWord))
		case KindEnglishWord:
			q = d.pick(d.wordsOf(i, isEnglishWord))
		case KindPair:
			ws := d.wordsOf(i, func(string) bool { return true })
			a, b := d.pick(ws), d.pick(ws)
			if a != "" && b != "" && a != b {
				q = a + " " + b
			}
		}
		if q != "" && !d.seen[q] {
			d.seen[q] = true
			return q, true
		}
	}
	return "", false
}

// wordsOf returns the distinct words of docs[i]'s title and body, as
// written in the text, that are Chinese or English words and that keep
// wants.
func (d *deriver) wordsOf(i int, keep func(string) bool) []string {
	all, ok := d.words[i]
	if !ok {
		seen := map[string]bool{}
		for _, text := range []string{d.docs[i].Title, d.docs[i].Body} {
			for _, t := range d.qa.Analyze([]byte(text)) {
				w := text[t.Start:t.End]
				if !seen[w] && (isChineseWord(w) || isEnglishWord(w)) {
					seen[w] = true
					all = append(all, w)
				}
			}
		}
		d.words[i] = all
	}
	var out []string
	for _, w := range all {
		if keep(w) {
			out = append(out, w)
		}
	}
	return out
}

func (d *deriver) pick(ws []string) string {
	if len(ws) == 0 {
		return ""
	}
	return ws[d.rng.IntN(len(ws))]
}

func isChineseWord(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= 2
}

// isEnglishWord keeps words of two or more Latin letters, digits allowed
// (G20, 5G), but not bare numbers.
func isEnglishWord(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Latin, r):
			letters++
		case unicode.IsDigit(r):
		default:
			return false
		}
	}
	return letters >= 2
}

// cleanTitle makes a title a query that means "these words": quotation
// marks would make it a phrase or, unbalanced, a bad query, and a leading
// hyphen would exclude the first word.
func cleanTitle(t string) string {
	t = strings.Map(func(r rune) rune {
		switch r {
		case '"', '“', '”':
			return ' '
		}
		return r
	}, t)
	f := strings.Fields(t)
	for i, w := range f {
		f[i] = strings.TrimLeft(w, "-")
	}
	return strings.Join(strings.Fields(strings.Join(f, " ")), " ")
}
