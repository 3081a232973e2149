// Command knownitem measures known-item search on the CCTV corpus with
// xinwen's analyzers and with bleve's stock cjk analyzer (bigrams of
// characters), on the same index settings.
//
// It indexes the bodies of the articles of ../shared/corpus/zh-news.jsonl.gz
// (all 74,504 by default) twice, once per analyzer, into bleve indexes that
// have only a body field (BM25, as xinwen's index). Then, for a sample of
// articles (1,000, fixed seed) drawn from those whose title no other
// article has, it searches each title against the bodies, as a match query
// (any of the title's terms, BM25-ranked; the query analyzer for xinwen,
// cjk for cjk) and reports the mean reciprocal rank of the article in the
// top ten (MRR@10) and the share of articles found there (recall@10).
// xinwen is also measured with its index-time analyzer for the query
// (words and their sub-words), which suits a query of many words ORed
// together better than the product's query analysis does.
//
//	go run ./cmd/knownitem                 # the whole corpus: a while
//	go run ./cmd/knownitem -limit 20000    # the first 20,000 articles
//
// Flags: -corpus (the JSON Lines file), -limit, -n, -seed, -dir (keep the
// indexes there instead of a temporary folder). It is not a test: it takes
// minutes and needs the shared corpus.
//
// On the whole corpus (74,504 articles, 1,000 titles, seed 1):
//
//	index / query analyzer        MRR@10  recall@10  index MB
//	xinwen / xinwen_query         0.5912     0.7810       100
//	xinwen / xinwen               0.5803     0.7890
//	cjk / cjk                     0.6142     0.8020       188
//
// (The index sizes are as left when indexing ends, before any later
// merging; cjk's has measured 149 to 188 MB from one run to the next.)
//
// Bigrams of every pair of characters rank a known item a little better
// from a bag of title words: they give partial credit where a title and
// its article cut a phrase differently (举行仪式 against 举行欢迎仪式),
// which words cannot. xinwen's words are for what bigrams cannot do: a
// word found only where it is a word (国有 never in 中国|有), exact
// phrases, a third to a half less index.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/seeds"
)

type article struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

func main() {
	corpus := flag.String("corpus", "", "the corpus `file` (default: shared/corpus/zh-news.jsonl.gz beside the repository)")
	limit := flag.Int("limit", 0, "index only the first `n` articles (0: all)")
	n := flag.Int("n", 1000, "how many titles to search")
	seed := flag.Uint64("seed", 1, "seed of the sample")
	dir := flag.String("dir", "", "keep the indexes in this `folder` (default: a temporary one, removed after)")
	flag.Parse()
	log.SetFlags(0)

	if *corpus == "" {
		p, err := seeds.Corpus("zh-news.jsonl.gz")
		if err != nil {
			log.Fatal(err)
		}
		*corpus = p
	}
	arts, err := read(*corpus, *limit)
	if err != nil {
		log.Fatal(err)
	}
	sample := sampleUnique(arts, *n, *seed)
	size := 0
	for _, a := range arts {
		size += len(a.Body)
	}
	fmt.Printf("corpus: %s, %d articles (%.1f MB of bodies); %d titles searched (seed %d), drawn from the %d articles whose title is unique\n",
		*corpus, len(arts), float64(size)/1e6, len(sample), *seed, countUnique(arts))

	root := *dir
	if root == "" {
		root, err = os.MkdirTemp("", "knownitem-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(root)
	}
	fmt.Printf("\n%-28s %8s %10s %8s %10s %9s\n", "index / query analyzer", "MRR@10", "recall@10", "index s", "index MB/s", "index MB")
	for _, c := range []struct {
		name, index string
		queries     []string
	}{
		{"xinwen", analyzer.Name, []string{analyzer.QueryName, analyzer.Name}},
		{"cjk", cjk.AnalyzerName, []string{cjk.AnalyzerName}},
	} {
		path := filepath.Join(root, c.name)
		start := time.Now()
		ix, err := build(path, c.index, arts)
		if err != nil {
			log.Fatal(err)
		}
		took := time.Since(start)
		for i, q := range c.queries {
			mrr, recall, err := evaluate(ix, q, sample)
			if err != nil {
				log.Fatal(err)
			}
			if i == 0 {
				fmt.Printf("%-28s %8.4f %10.4f %8.0f %10.2f %9.0f\n", c.index+" / "+q, mrr, recall, took.Seconds(), float64(size)/1e6/took.Seconds(), float64(du(path))/1e6)
			} else {
				fmt.Printf("%-28s %8.4f %10.4f\n", c.index+" / "+q, mrr, recall)
			}
		}
		ix.Close()
	}
}

func read(path string, limit int) ([]article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []article
	for line := 1; sc.Scan() && (limit <= 0 || len(out) < limit); line++ {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

func titleCounts(arts []article) map[string]int {
	c := map[string]int{}
	for _, a := range arts {
		c[a.Title]++
	}
	return c
}

func countUnique(arts []article) int {
	n := 0
	for _, c := range titleCounts(arts) {
		if c == 1 {
			n++
		}
	}
	return n
}

// sampleUnique draws n articles whose title no other article has: a title
// shared by many (快讯) cannot single one out.
func sampleUnique(arts []article, n int, seed uint64) []article {
	counts := titleCounts(arts)
	var pool []article
	for _, a := range arts {
		if counts[a.Title] == 1 && a.Title != "" {
			pool = append(pool, a)
		}
	}
	sort.Slice(pool, func(i, j int) bool { return pool[i].ID < pool[j].ID })
	rng := rand.New(rand.NewPCG(seed, seed))
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	return pool[:min(n, len(pool))]
}

// build indexes the bodies with the named analyzer: one text field, BM25.
func build(path, analyzerName string, arts []article) (bleve.Index, error) {
	body := mapping.NewTextFieldMapping()
	body.Analyzer = analyzerName
	body.Store = false
	body.IncludeTermVectors = false
	body.IncludeInAll = false
	body.DocValues = false
	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("body", body)
	m := mapping.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerName
	m.IndexDynamic, m.StoreDynamic, m.DocValuesDynamic = false, false, false
	m.ScoringModel = bindex.BM25Scoring

	ix, err := bleve.New(path, m)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	b := ix.NewBatch()
	for i, a := range arts {
		if err := b.Index(a.ID, map[string]interface{}{"body": a.Body}); err != nil {
			return nil, err
		}
		if b.Size() == 1000 || i == len(arts)-1 {
			if err := ix.Batch(b); err != nil {
				return nil, err
			}
			b.Reset()
		}
	}
	return ix, nil
}

// evaluate searches each title in the bodies and returns MRR@10 and
// recall@10.
func evaluate(ix bleve.Index, analyzerName string, sample []article) (mrr, recall float64, err error) {
	for _, a := range sample {
		q := bleve.NewMatchQuery(a.Title)
		q.SetField("body")
		q.Analyzer = analyzerName
		req := bleve.NewSearchRequestOptions(q, 10, 0, false)
		res, err := ix.Search(req)
		if err != nil {
			return 0, 0, fmt.Errorf("search %q: %w", a.Title, err)
		}
		for i, h := range res.Hits {
			if h.ID == a.ID {
				mrr += 1 / float64(i+1)
				recall++
				break
			}
		}
	}
	n := float64(len(sample))
	return mrr / n, recall / n, nil
}

// du returns the bytes of the files under path.
func du(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return errors.Unwrap(err)
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}
