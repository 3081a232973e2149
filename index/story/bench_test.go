package story

import (
	"fmt"
	"math/rand"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkFingerprint measures Fingerprint on the articles of the tests.
func BenchmarkFingerprint(b *testing.B) {
	texts := append([]string{roads, roadsNextYear, harbour}, others...)
	size := 0
	for _, s := range texts {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			Fingerprint("", s)
		}
	}
}

// BenchmarkFingerprintCorpus measures Fingerprint on the first 10,000 CCTV
// articles, per article (ns/op) and per byte.
func BenchmarkFingerprintCorpus(b *testing.B) {
	as := readCorpus(b, "zh-news.jsonl.gz")[:10000]
	size := 0
	for _, a := range as {
		size += len(a.title) + len(a.body)
	}
	b.SetBytes(int64(size / len(as)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a := as[i%len(as)]
		Fingerprint(a.title, a.body)
		i++
	}
}

// synthetic returns n articles of random text, none like another, in
// Chinese characters drawn from a few thousand, of 100 to 900 characters
// in one to six lines.
func synthetic(n int) []Article {
	r := rand.New(rand.NewSource(1))
	out := make([]Article, n)
	var sb strings.Builder
	for i := range out {
		sb.Reset()
		length := 100 + r.Intn(800)
		for j := 0; j < length; j++ {
			if j > 0 && r.Intn(150) == 0 {
				sb.WriteByte('\n')
			}
			sb.WriteRune(rune(0x4E00 + r.Intn(3000)))
		}
		out[i] = Article{ID: fmt.Sprintf("a%06d", i), Date: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), Print: Fingerprint("", sb.String())}
	}
	return out
}

// BenchmarkIndex measures the time to file one more article in an index of
// 100,000 (finding its story among them), and the memory the index takes
// per article (B/article, the heap it holds).
func BenchmarkIndex(b *testing.B) {
	benchIndex(b, synthetic(100_000))
}

// BenchmarkIndexCorpus is BenchmarkIndex over the 74,504 CCTV articles.
func BenchmarkIndexCorpus(b *testing.B) {
	var as []Article
	for _, a := range readCorpus(b, "zh-news.jsonl.gz") {
		as = append(as, Article{ID: a.id, Date: a.date, Print: Fingerprint(a.title, a.body)})
	}
	benchIndex(b, as)
}

func benchIndex(b *testing.B, as []Article) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := NewIndex()
	for _, a := range as {
		if _, err := ix.Add(a); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perArticle := float64(after.HeapAlloc-before.HeapAlloc) / float64(len(as))
	// Each op files a copy of an article under a new id, which finds the
	// original's story, then removes it, so the index keeps its size.
	b.ResetTimer()
	i := 0
	for b.Loop() {
		a := as[i%len(as)]
		a.ID = "copy"
		if _, err := ix.Add(a); err != nil {
			b.Fatal(err)
		}
		ix.Remove("copy")
		i++
	}
	b.ReportMetric(perArticle, "B/article")
}
