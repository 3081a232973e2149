package index

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index/internal/corpustest"
	"github.com/xinwen/xinwen/seeds"
)

// errEnough stops a Reader once a benchmark has the documents it needs.
var errEnough = errors.New("enough documents")

// seedDocs returns n documents made of the seed articles' paragraphs,
// shuffled with a fixed seed, so that the benchmark indexes varied text of
// the kind xinwen serves without needing the shared corpus.
func seedDocs(tb testing.TB, n int) []Document {
	tb.Helper()
	var paras []string
	p := Pipeline{Sink: SinkFunc(func(e Entry) error {
		for _, p := range strings.Split(e.Document().Body, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		return nil
	})}
	if _, err := p.Run(context.Background(), Reader{}.FS(seeds.FS, "seeds")); err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	docs := make([]Document, n)
	for i := range docs {
		body := make([]string, 3+rng.IntN(4))
		for j := range body {
			body[j] = paras[rng.IntN(len(paras))]
		}
		docs[i] = Document{
			ID:    fmt.Sprintf("gen-%06d", i),
			Title: paras[rng.IntN(len(paras))],
			Body:  strings.Join(body, "\n"),
			Date:  fmt.Sprintf("20%02d-%02d-%02d", 12+rng.IntN(13), 1+rng.IntN(12), 1+rng.IntN(28)),
		}
		Complete(&docs[i])
	}
	return docs
}

// corpusDocs returns the first n articles of a shared corpus file, or skips
// the benchmark when the corpus is not there.
func corpusDocs(tb testing.TB, name string, n int) []Document {
	tb.Helper()
	p := corpustest.File(tb, name)
	var docs []Document
	pl := Pipeline{Sink: SinkFunc(func(e Entry) error {
		docs = append(docs, e.Document())
		if len(docs) == n {
			return errEnough
		}
		return nil
	})}
	if _, err := pl.Run(context.Background(), Reader{}.Files(p)); err != nil && !errors.Is(err, errEnough) {
		tb.Fatal(err)
	}
	return docs
}

func textBytes(docs []Document) int64 {
	var n int64
	for i := range docs {
		n += int64(len(docs[i].Title) + len(docs[i].Body))
	}
	return n
}

// benchmarkWriter indexes docs into a fresh index per iteration, through a
// Writer with the batch size the index command uses, and a durable Flush.
// Its MB/s is text (title and body) indexed per second.
func benchmarkWriter(b *testing.B, docs []Document) {
	if _, err := analyzer.New(false, nil); err != nil { // load the dictionary outside the timing
		b.Fatal(err)
	}
	b.SetBytes(textBytes(docs))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ix, err := Create(filepath.Join(b.TempDir(), fmt.Sprint("ix", i)), "")
		if err != nil {
			b.Fatal(err)
		}
		w := ix.NewWriter(DefaultBatchSize)
		for _, d := range docs {
			if err := w.Add(d); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriter indexes 2,000 articles made of the seeds' paragraphs.
func BenchmarkWriter(b *testing.B) {
	benchmarkWriter(b, seedDocs(b, 2000))
}

// BenchmarkWriterCorpus indexes the first 10,000 CCTV articles of the shared
// corpus (skipped when it is absent).
func BenchmarkWriterCorpus(b *testing.B) {
	benchmarkWriter(b, corpusDocs(b, "zh-news.jsonl.gz", 10000))
}
