package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
	"github.com/xinwen/xinwen/seeds"
)

// chinese is Chinese text written for these tests, to add to the seeds,
// which are mostly English translations.
var chinese = []string{
	"山西省太原市召开全市经济工作会议，部署明年煤炭产业转型升级和能源革命综合改革试点工作。",
	"甘肃省兰州市新建的轨道交通线路今天开通运营，沿线设有十二个车站，方便市民通勤出行。",
	"会议强调，要深化国有企业改革，推动制造业高质量发展，加快培育新质生产力。",
	"据省统计局发布的数据，今年前三季度全省地区生产总值同比增长百分之五点二。",
	"农业农村部门组织专家深入田间地头，指导农民做好秋收秋种和防灾减灾工作。",
	"省生态环境厅通报了黄河流域生态保护和高质量发展的最新进展情况。",
	"教育部门表示，将继续扩大优质教育资源覆盖面，促进城乡义务教育均衡发展。",
	"铁路部门加开旅客列车，保障春运期间旅客平安有序出行。",
}

// seedDocs returns n articles made of the seed articles' paragraphs and the
// Chinese above, shuffled with a fixed seed: the kind of text xinwen serves,
// without the shared corpus.
func seedDocs(t testing.TB, n int) []index.Document {
	t.Helper()
	paras := append([]string(nil), chinese...)
	pl := index.Pipeline{Sink: index.SinkFunc(func(e index.Entry) error {
		for _, p := range strings.Split(e.Document().Body, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		return nil
	})}
	if _, err := pl.Run(context.Background(), index.Reader{}.FS(seeds.FS, "seeds")); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	docs := make([]index.Document, n)
	for i := range docs {
		body := make([]string, 2+rng.IntN(3))
		for j := range body {
			body[j] = paras[rng.IntN(len(paras))]
		}
		title := []rune(paras[rng.IntN(len(paras))])
		docs[i] = index.Document{
			ID:    fmt.Sprintf("gen-%04d", i),
			Title: strings.TrimSpace(string(title[:min(len(title), 24)])),
			Body:  strings.Join(body, "\n"),
			Date:  fmt.Sprintf("20%02d-%02d-01", 20+rng.IntN(5), 1+rng.IntN(12)),
		}
	}
	return docs
}

// writeJSONL writes docs as a JSON Lines corpus and returns its path.
func writeJSONL(t *testing.T, docs []index.Document) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDerive(t *testing.T) {
	docs := seedDocs(t, 200)

	t.Run("the same articles and seed give the same mix", func(t *testing.T) {
		a, err := Derive(docs, 100, 7)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Derive(docs, 100, 7)
		if !slices.Equal(a, b) {
			t.Errorf("two derivations differ:\n%v\n%v", a, b)
		}
		c, _ := Derive(docs, 100, 8)
		if slices.Equal(a, c) {
			t.Errorf("seeds 7 and 8 gave the same mix")
		}
	})

	t.Run("the mix has every kind, a quarter each, without repeats", func(t *testing.T) {
		qs, err := Derive(docs, 100, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) != 100 {
			t.Fatalf("got %d queries, want 100", len(qs))
		}
		count := map[string]int{}
		seen := map[string]bool{}
		for _, q := range qs {
			count[q.Kind]++
			if seen[q.Text] {
				t.Errorf("%q is in the mix twice", q.Text)
			}
			seen[q.Text] = true
			switch q.Kind {
			case KindChineseWord:
				if !isChineseWord(q.Text) {
					t.Errorf("Chinese word %q", q.Text)
				}
			case KindEnglishWord:
				if !isEnglishWord(q.Text) {
					t.Errorf("English word %q", q.Text)
				}
			case KindPair:
				if len(strings.Fields(q.Text)) != 2 {
					t.Errorf("pair %q is not two words", q.Text)
				}
			}
		}
		for _, k := range kinds {
			if count[k] != 25 {
				t.Errorf("%d queries of kind %s, want 25 (%v)", count[k], k, count)
			}
		}
	})

	t.Run("an English corpus gives no Chinese words but as many queries", func(t *testing.T) {
		var en []index.Document
		for i := range 50 {
			en = append(en, index.Document{ID: fmt.Sprint(i), Title: fmt.Sprintf("Rail line %d opens", i),
				Body: fmt.Sprintf("The provincial capital opened rail line number %d on Monday, adding %d stations for commuters.", i, i+3)})
		}
		qs, err := Derive(en, 40, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) != 40 {
			t.Errorf("got %d queries, want 40", len(qs))
		}
		for _, q := range qs {
			if q.Kind == KindChineseWord {
				t.Errorf("Chinese word %q drawn from English text", q.Text)
			}
		}
	})

	t.Run("titles lose the quotes that would change their meaning", func(t *testing.T) {
		for in, want := range map[string]string{
			`习近平“一带一路”讲话`:             "习近平 一带一路 讲话",
			`"Belt and Road" -Summit`: "Belt and Road Summit",
			`unbalanced "quote`:       "unbalanced quote",
		} {
			if got := cleanTitle(in); got != want {
				t.Errorf("cleanTitle(%q) = %q, want %q", in, got, want)
			}
		}
	})
}

func TestReadQueries(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("one query per line, blank lines skipped", func(t *testing.T) {
		qs, err := ReadQueries(write("q.txt", "国有企业改革\n\n  coking coal  \n\"一带一路\" -美国\n"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, q := range qs {
			got = append(got, q.Text)
		}
		if want := []string{"国有企业改革", "coking coal", `"一带一路" -美国`}; !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("a file with no queries is an error", func(t *testing.T) {
		if _, err := ReadQueries(write("empty.txt", "\n \n")); err == nil || !strings.Contains(err.Error(), "no queries") {
			t.Errorf("err = %v, want one saying there are no queries", err)
		}
	})
	t.Run("a line that is not UTF-8 is named", func(t *testing.T) {
		p := write("bad.txt", "ok\nbad \xff\n")
		if _, err := ReadQueries(p); err == nil || !strings.Contains(err.Error(), p+":2") {
			t.Errorf("err = %v, want one naming %s:2", err, p)
		}
	})
}

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, c := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"the median of 1..100 is 50", ms(hundred...), 50, 50 * time.Millisecond},
		{"p99 of 1..100 is 99", ms(hundred...), 99, 99 * time.Millisecond},
		{"p99 of three values is the largest", ms(1, 2, 3), 99, 3 * time.Millisecond},
		{"p50 of one value is that value", ms(7), 50, 7 * time.Millisecond},
		{"nothing has a zero percentile", nil, 50, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := percentile(c.sorted, c.p); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestRun(t *testing.T) {
	corpus := writeJSONL(t, seedDocs(t, 60))
	dir := filepath.Join(t.TempDir(), "index")
	var colds int
	r, err := Run(context.Background(), Config{
		Corpus:      corpus,
		Docs:        50,
		QueryCount:  100,
		Concurrency: []int{1, 2},
		Rounds:      1,
		Dir:         dir,
		Cold: func(_ context.Context, d string, qs []Query) (ColdRun, error) {
			if d != dir {
				t.Errorf("server started on %s, want the built index %s", d, dir)
			}
			colds++
			return ColdRun{FirstAnswer: time.Duration(colds) * 300 * time.Millisecond, Listening: 200 * time.Millisecond, Memory: Memory{Peak: int64(colds) * 100e6, Anon: 60e6, File: 40e6}}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("it indexes the articles asked for, and the index is kept", func(t *testing.T) {
		if r.Docs != 50 {
			t.Errorf("indexed %d articles, want 50", r.Docs)
		}
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if n, _ := ix.Count(); n != 50 {
			t.Errorf("the index has %d articles, want 50", n)
		}
		if r.TextMB <= 0 || r.Index.MBPerS <= 0 || r.Index.SizeMB <= 0 || r.Index.Segments < 1 {
			t.Errorf("indexing figures missing: %+v, text %v MB", r.Index, r.TextMB)
		}
	})
	t.Run("the derived queries find what they were drawn from", func(t *testing.T) {
		if r.Query.Queries != 100 {
			t.Errorf("%d queries derived from 50 articles, want 100", r.Query.Queries)
		}
		if r.Query.ZeroHits > 0.02 {
			t.Errorf("%.1f%% of the derived queries find nothing", 100*r.Query.ZeroHits)
		}
	})
	t.Run("every client count is measured", func(t *testing.T) {
		if len(r.Query.Runs) != 2 || r.Query.Runs[0].Clients != 1 || r.Query.Runs[1].Clients != 2 {
			t.Fatalf("runs = %+v, want 1 and 2 clients", r.Query.Runs)
		}
		for _, run := range r.Query.Runs {
			if run.Queries != r.Query.Queries || run.QPS <= 0 || run.P50MS > run.P99MS || run.P99MS > run.MaxMS {
				t.Errorf("run %+v is inconsistent", run)
			}
		}
	})
	t.Run("fresh servers are started and their median taken", func(t *testing.T) {
		if r.Serve == nil || len(r.Serve.Runs) != DefaultColdRuns {
			t.Fatalf("serve = %+v, want %d runs", r.Serve, DefaultColdRuns)
		}
		if r.Serve.FirstAnswerS != 0.6 || r.Serve.PeakRSSMB != 300 {
			t.Errorf("first answer %v s, peak %v MB; want the median 0.6 s and the largest 300 MB", r.Serve.FirstAnswerS, r.Serve.PeakRSSMB)
		}
	})
	t.Run("the text and JSON reports carry the figures", func(t *testing.T) {
		var text bytes.Buffer
		if err := r.WriteText(&text); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`corpus.jsonl: 50 articles`, `MB of text per second\s+\d`, `index on disk\s+0\.\d MB`,
			`p99 ≤ 15 ms`, `QPS ≥ 300`, `start to first answer, median\s+0\.60 s`, `peak RSS after serving the mix\s+300 MB.*≤ 400 MB\s+ok`} {
			if !regexp.MustCompile(want).MatchString(text.String()) {
				t.Errorf("text report lacks %q:\n%s", want, text.String())
			}
		}
		var js bytes.Buffer
		if err := r.WriteJSON(&js); err != nil {
			t.Fatal(err)
		}
		var back Report
		if err := json.Unmarshal(js.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		if back.Docs != 50 || len(back.Query.Runs) != 2 || back.Serve.FirstAnswerS != 0.6 {
			t.Errorf("JSON report lost figures: %s", js.String())
		}
	})
	t.Run("an index can be measured again without rebuilding it", func(t *testing.T) {
		again, err := Run(context.Background(), Config{Corpus: corpus, Docs: 50, QueryCount: 20, Concurrency: []int{1}, Rounds: 1, Dir: dir, Reuse: true})
		if err != nil {
			t.Fatal(err)
		}
		if !again.Index.Reused || again.Index.SizeMB != r.Index.SizeMB || again.Docs != 50 || len(again.Query.Runs) != 1 {
			t.Errorf("reused report = %+v, want the same index measured", again)
		}
		if _, err := Run(context.Background(), Config{Corpus: corpus, Docs: 40, Dir: dir, Reuse: true}); err == nil || !strings.Contains(err.Error(), "was it built from it") {
			t.Errorf("reusing an index of 50 articles for 40: err = %v", err)
		}
	})
	t.Run("an existing directory is not overwritten", func(t *testing.T) {
		_, err := Run(context.Background(), Config{Corpus: corpus, Docs: 5, Dir: dir})
		if err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Errorf("err = %v, want one saying %s already exists", err, dir)
		}
	})
}

// benchmarkSearch indexes docs and then times Searcher.Search, the code
// behind /api/search, over a mix drawn from them: the first page of ten
// hits with facets and highlighted snippets.
func benchmarkSearch(b *testing.B, docs []index.Document) {
	ix, qs := indexAndDerive(b, docs)
	s, err := search.New(ix)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := warm(ctx, s, qs); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := s.Search(ctx, request(qs[i%len(qs)].Text)); err != nil {
			b.Fatal(err)
		}
	}
}

// indexAndDerive indexes docs in a new index, closed when b ends, and
// derives the default query mix from them.
func indexAndDerive(b *testing.B, docs []index.Document) (*index.Index, []Query) {
	ix, err := index.Create(filepath.Join(b.TempDir(), "index"), "")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	w := ix.NewWriter(index.DefaultBatchSize)
	for _, d := range docs {
		if err := w.Add(d); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	qs, err := Derive(docs, DefaultQueries, DefaultSeed)
	if err != nil {
		b.Fatal(err)
	}
	return ix, qs
}

// BenchmarkSearch searches 2,000 articles made of the seeds and the Chinese
// above. Package search's BenchmarkCorpus does the same over the CCTV
// corpus, and xinwen bench over any corpus.
func BenchmarkSearch(b *testing.B) {
	benchmarkSearch(b, seedDocs(b, 2000))
}

// BenchmarkNear measures what proximity costs over the 2,000 seed-style
// articles of BenchmarkSearch: the pairs of words that the mix draws from
// one article, searched as both words anywhere (and), as a phrase, within
// five words in either order (near), in order (pre), and as "a b"~5
// (slop). Each op is one Search with facets and highlights.
//
//	go test -run '^$' -bench BenchmarkNear ./search/bench
func BenchmarkNear(b *testing.B) {
	ix, qs := indexAndDerive(b, seedDocs(b, 2000))
	var pairs [][2]string
	for _, q := range qs {
		if f := strings.Fields(q.Text); q.Kind == KindPair && len(f) == 2 {
			pairs = append(pairs, [2]string{f[0], f[1]})
		}
	}
	s, err := search.New(ix)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, form := range []struct{ name, format string }{
		{"and", "%s %s"}, {"phrase", `"%s %s"`}, {"near5", "%s NEAR/5 %s"}, {"pre5", "%s PRE/5 %s"}, {"slop5", `"%s %s"~5`},
	} {
		b.Run(form.name, func(b *testing.B) {
			found := 0
			for i := 0; b.Loop(); i++ {
				p := pairs[i%len(pairs)]
				res, err := s.Search(ctx, request(fmt.Sprintf(form.format, p[0], p[1])))
				if err != nil {
					b.Fatal(err)
				}
				if res.Total > 0 && !res.Relaxed {
					found++
				}
			}
			b.ReportMetric(float64(found)/float64(b.N), "found/op")
		})
	}
}
