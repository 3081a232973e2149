package analyzer

import (
	"strings"
	"sync"
	"testing"

	"github.com/go-ego/gse"

	"github.com/xinwen/xinwen/analyzer/place"
)

var (
	gseOnce sync.Once
	gseSeg  gse.Segmenter
)

// loadGse loads gse with the dictionary the analyzer's comes from.
func loadGse(tb testing.TB) *gse.Segmenter {
	gseOnce.Do(func() {
		gseSeg.SkipLog = true
		if err := gseSeg.LoadDictEmbed("zh_s"); err != nil {
			tb.Fatal(err)
		}
	})
	return &gseSeg
}

// BenchmarkCorpus measures throughput on the bodies of the first 2,000
// CCTV articles (about 3 MB): the index-time and query-time analyzers, and
// gse's own Cut (its default, shortest-path segmentation, which the
// analyzer reimplements) on the same text for comparison. The ratio of the
// MB/s figures is what the analyzer's extra rules and bleve tokens cost
// over bare segmentation. Run it on one core:
//
//	go test ./analyzer -run '^$' -bench Corpus -cpu 1
func BenchmarkCorpus(b *testing.B) {
	bodies := corpusBodies(b, "zh-news.jsonl.gz", 2000)
	size := 0
	for _, s := range bodies {
		size += len(s)
	}
	in := make([][]byte, len(bodies))
	for i, s := range bodies {
		in[i] = []byte(s)
	}
	for _, index := range []bool{true, false} {
		name := "xinwen/query"
		if index {
			name = "xinwen/index"
		}
		b.Run(name, func(b *testing.B) {
			a, err := New(index, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range in {
					a.Analyze(t)
				}
			}
		})
	}
	// The gazetteer's scan, which the analyzers make of every text for its
	// place names: part of xinwen/index and xinwen/query above.
	b.Run("place.Find", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range bodies {
				place.Find(t)
			}
		}
	})
	// The recognition of person names, which the index-time analyzer
	// makes of every text and the index of every article (its people).
	b.Run("People", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range bodies {
				People(t)
			}
		}
	})
	b.Run("gse/Cut", func(b *testing.B) {
		g := loadGse(b)
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range bodies {
				g.Cut(t)
			}
		}
	})
}

// BenchmarkAnalyze measures the index-time analyzer on mixed Chinese and
// English.
func BenchmarkAnalyze(b *testing.B) {
	a, err := New(true, nil)
	if err != nil {
		b.Fatal(err)
	}
	text := []byte(strings.Repeat("要深入贯彻习近平总书记关于国有Enterprise reform发展和Party building的重要论述，中国农业发展银行2024年增长76.7%。", 20))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Analyze(text)
	}
}

// BenchmarkLoad measures building the dictionary from the embedded word
// list, which every process does once before its first analysis.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseBase(wordsData()); err != nil {
			b.Fatal(err)
		}
		loadTables()
	}
}
