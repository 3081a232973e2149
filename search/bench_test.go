package search

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/seeds"
)

// The corpus benchmarks measure what a user waits for: Search with facets
// and highlighted snippets, over the 74,504 CCTV news items of
// ../shared/corpus/zh-news.jsonl.gz beside the repository (skipped when
// it is absent). They
// report the median and 99th-percentile latency of each query set.
//
//	go test -run '^$' -bench BenchmarkCorpus -benchtime 3x ./search
//
// Building the index takes minutes; XINWEN_BENCH_INDEX=DIR keeps it: the
// index in DIR is used when there is one, else built there (with
// `xinwen index -index DIR zh-news.jsonl.gz` or by the first run).
// Without it the index is built in a temporary directory, once per run.

// corpusQueries are the query sets, by kind: Chinese words, pairs of them,
// whole titles, English words (the corpus is Chinese with some Latin
// acronyms), and all of these mixed.
func corpusQueries(titles []string) map[string][]string {
	zh := []string{"改革", "经济", "发展", "习近平", "疫情", "农业", "扶贫", "一带一路", "科技创新", "生态环境",
		"国有企业", "脱贫攻坚", "乡村振兴", "新冠肺炎", "高质量发展", "人民币", "航天", "港珠澳大桥", "甘肃", "山西",
		"煤炭", "雾霾", "地震", "台风", "奥运会", "冬奥会", "自贸区", "粮食安全", "医疗保险", "城镇化",
		"互联网", "人工智能", "芯片", "碳达峰", "长江经济带", "京津冀", "粤港澳大湾区", "反腐败", "国务院常务会议", "两会",
		"春运", "高铁", "房地产", "外交部", "联合国", "丝绸之路", "新能源", "中欧班列", "疫苗", "教育"}
	en := []string{"GDP", "APEC", "CEPA", "WTO", "G20", "BRICS", "COVID", "5G", "CPI", "PM2.5",
		"NBA", "iPhone", "FAST", "ECFA", "SCO", "ASEAN", "NASA", "IMF", "CBD", "AI",
		"economy", "reform", "coal", "Shanxi", "Gansu", "trade", "China", "summit", "vaccine", "internet",
		"GDP growth", "WTO rules", "Belt and Road", "APEC summit", "5G network", "CPI rise", "AI chips", "trade war", "coal mine", "new energy",
		"COVID-19", "G20 summit", "BRICS bank", "SCO summit", "ASEAN free trade", "IMF report", "NBA China", "NASA Mars", "iPhone sales", "PM2.5 index"}
	var pairs []string
	for i := range zh {
		pairs = append(pairs, zh[i]+" "+zh[(i*7+3)%len(zh)])
	}
	// newest: every article, then the Chinese words, newest first (the
	// page opens with every article).
	newest := append([]string{""}, zh...)
	sets := map[string][]string{"zh-word": zh, "zh-pair": pairs, "title": titles, "en-word": en, "newest": newest}
	// The pairs as phrases and within five words of each other (near.go),
	// for what proximity costs beside them.
	for _, p := range pairs {
		a, b, _ := strings.Cut(p, " ")
		sets["zh-pair-phrase"] = append(sets["zh-pair-phrase"], `"`+p+`"`)
		sets["zh-pair-near5"] = append(sets["zh-pair-near5"], a+" NEAR/5 "+b)
	}
	var mixed []string
	for i := 0; i < len(zh); i++ {
		for _, kind := range []string{"zh-word", "zh-pair", "title", "en-word"} {
			if i < len(sets[kind]) {
				mixed = append(mixed, sets[kind][i])
			}
		}
	}
	sets["mixed"] = mixed
	return sets
}

// BenchmarkCorpus runs each query set in turn, b.N passes, and reports
// p50 and p99 latency in milliseconds (and the mean, as ns/op per query).
// "mixed+province" is the mixed set with province=Shanxi selected, which
// adds the multi-select facet's second search; "newest" sorts newest first,
// which every match pays for; "zh-pair-phrase" and "zh-pair-near5" are the
// pairs as phrases and within five words (BenchmarkCorpus/zh-pair-near5
// against zh-pair and zh-pair-phrase is what proximity costs).
func BenchmarkCorpus(b *testing.B) {
	s, titles := corpusSearcher(b)
	sets := corpusQueries(titles)
	ctx := context.Background()
	for _, name := range []string{"mixed", "mixed+province", "zh-word", "zh-pair", "title", "en-word", "newest", "zh-pair-phrase", "zh-pair-near5"} {
		queries := sets[strings.TrimSuffix(name, "+province")]
		b.Run(name, func(b *testing.B) {
			var lat []time.Duration
			var hits, relaxed, failed int
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, q := range queries {
					req := Request{Query: q}
					switch name {
					case "mixed+province":
						req.Provinces = []string{"Shanxi"}
					case "newest":
						req.Sort = SortDateDesc
					}
					start := time.Now()
					res, err := s.Search(ctx, req)
					lat = append(lat, time.Since(start))
					if err != nil {
						failed++
						var e *Error
						if !errors.As(err, &e) {
							b.Fatalf("%q: %v", q, err)
						}
						continue
					}
					if res.Total > 0 {
						hits++
					}
					if res.Relaxed {
						relaxed++
					}
				}
			}
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			pct := func(p float64) float64 {
				i := int(math.Ceil(p/100*float64(len(lat)))) - 1
				return float64(lat[max(i, 0)].Microseconds()) / 1000
			}
			b.ReportMetric(pct(50), "p50-ms")
			b.ReportMetric(pct(99), "p99-ms")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(float64(hits)/float64(len(lat)), "found/query")
			b.ReportMetric(float64(relaxed)/float64(len(lat)), "relaxed/query")
			b.ReportMetric(float64(failed)/float64(len(lat)), "refused/query")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(len(lat)), "ns/query")
		})
	}
}

var (
	corpusOnce   sync.Once
	corpusS      *Searcher
	corpusTitles []string
	corpusErr    error
)

// corpusSearcher returns a Searcher over the CCTV corpus and every 1,490th
// title of it (50 titles), building or opening the index once per run.
func corpusSearcher(b *testing.B) (*Searcher, []string) {
	path, err := seeds.Corpus("zh-news.jsonl.gz")
	if err != nil {
		b.Skip(err)
	}
	corpusOnce.Do(func() {
		if corpusTitles, corpusErr = sampleTitles(path, 1490); corpusErr != nil {
			return
		}
		dir := os.Getenv("XINWEN_BENCH_INDEX")
		if dir == "" {
			tmp, err := os.MkdirTemp("", "xinwen-bench")
			if err != nil {
				corpusErr = err
				return
			}
			dir = filepath.Join(tmp, "index")
		}
		ix, err := index.Open(dir)
		if errors.Is(err, index.ErrNotExist) {
			start := time.Now()
			fmt.Fprintf(os.Stderr, "building the corpus index in %s (minutes)...\n", dir)
			ix, err = buildIndex(dir, path)
			fmt.Fprintf(os.Stderr, "built in %s\n", time.Since(start).Round(time.Second))
		}
		if err != nil {
			corpusErr = err
			return
		}
		corpusS, corpusErr = New(ix)
	})
	if corpusErr != nil {
		b.Fatal(corpusErr)
	}
	return corpusS, corpusTitles
}

// sampleTitles returns the title of every nth record of a .jsonl.gz file.
func sampleTitles(path string, every int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []string
	for n := 0; sc.Scan(); n++ {
		if n%every != 0 {
			continue
		}
		var rec struct {
			Title string `json:"title"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n+1, err)
		}
		out = append(out, rec.Title)
	}
	return out, sc.Err()
}

// BenchmarkTotals measures what the date facet's shares cost: counting
// all the articles of the CCTV corpus by month and year under the
// request's filters, from the columns (attention.go). "none" is what a
// request without filters would pay without the cache of its counts.
//
//	XINWEN_BENCH_INDEX=/tmp/zh-index go test -run '^$' -bench BenchmarkTotals ./search
func BenchmarkTotals(b *testing.B) {
	s, _ := corpusSearcher(b)
	adv, err := s.ix.Bleve().Advanced()
	if err != nil {
		b.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	v, err := s.columns.viewOf(r)
	if err != nil {
		b.Fatal(err)
	}
	from, _ := parseDay("2016-03-15", false)
	to, _ := parseDay("2020", true)
	for _, c := range []struct {
		name string
		f    totalsFilter
	}{
		{"none", totalsFilter{}},
		{"province", totalsFilter{provinces: []string{"Shanxi"}}},
		{"source", totalsFilter{sources: []string{"新华社"}}},
		{"dates", totalsFilter{from: from, to: to}},
		{"province+dates", totalsFilter{provinces: []string{"Shanxi", "Gansu"}, from: from, to: to}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := v.count(c.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCorpusQueryFile runs the queries of a file written by the peers
// harness's querygen (XINWEN_BENCH_QUERIES, comma-separated for several) as
// its httppeer sends them (op=or, ten hits, facets and highlights), after
// one untimed pass, and reports the 50th, 95th and 99th percentiles of the
// CPU time of a query, by the file's classes (zh1, zh2, title, en) and for
// all: the process's CPU, which a loaded machine disturbs far less than the
// latency, with -cpu 1 that of the query alone (and its share of GC).
// A query's figure is its median over the b.N passes.
//
//	XINWEN_BENCH_INDEX=/tmp/zh-index XINWEN_BENCH_QUERIES=q-101.txt \
//	go test ./search -run '^$' -bench CorpusQueryFile -benchtime 3x -cpu 1
//
// XINWEN_BENCH_PERQ=FILE writes each query's class, CPU and wall
// milliseconds, total and text, a line each (the slowest queries, to
// profile); XINWEN_BENCH_ANSWERS=FILE writes every answer as JSON, but its
// time taken, so that two versions' answers can be compared with cmp.
func BenchmarkCorpusQueryFile(b *testing.B) {
	files := os.Getenv("XINWEN_BENCH_QUERIES")
	if files == "" {
		b.Skip("set XINWEN_BENCH_QUERIES to a query file of the peers' querygen")
	}
	var qs []evalQuery
	for _, f := range strings.Split(files, ",") {
		fq, err := readEvalQueries(f)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, fq...)
	}
	s, _ := corpusSearcher(b)
	ctx := context.Background()
	search := func(q string) (*Result, error) {
		return s.Search(ctx, Request{Query: q, Op: OpOr, Size: 10})
	}
	var answers *json.Encoder
	if path := os.Getenv("XINWEN_BENCH_ANSWERS"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		answers = json.NewEncoder(f)
	}
	for _, q := range qs {
		res, err := search(q.text)
		if answers == nil {
			continue
		}
		if res != nil {
			res.TookMS = 0
		}
		if err := answers.Encode(struct {
			Query  string
			Result *Result
			Err    string
		}{q.text, res, fmt.Sprint(err)}); err != nil {
			b.Fatal(err)
		}
	}
	cpu := make([][]time.Duration, len(qs))
	wall := make([][]time.Duration, len(qs))
	totals := make([]uint64, len(qs))
	b.ResetTimer()
	for range b.N {
		for i, q := range qs {
			c0, t0 := cpuTime(), time.Now()
			res, err := search(q.text)
			wall[i] = append(wall[i], time.Since(t0))
			cpu[i] = append(cpu[i], cpuTime()-c0)
			if err == nil {
				totals[i] = res.Total
			}
		}
	}
	b.StopTimer()
	median := func(ds []time.Duration) time.Duration {
		ds = slices.Clone(ds)
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	byClass := map[string][]time.Duration{}
	for i, q := range qs {
		m := median(cpu[i])
		byClass[q.typ] = append(byClass[q.typ], m)
		byClass["all"] = append(byClass["all"], m)
	}
	for class, ds := range byClass {
		slices.Sort(ds)
		pct := func(p float64) float64 {
			i := int(math.Ceil(p/100*float64(len(ds)))) - 1
			return float64(ds[max(i, 0)].Microseconds()) / 1000
		}
		b.ReportMetric(pct(50), class+"-p50-cpu-ms")
		b.ReportMetric(pct(95), class+"-p95-cpu-ms")
		b.ReportMetric(pct(99), class+"-p99-cpu-ms")
	}
	if path := os.Getenv("XINWEN_BENCH_PERQ"); path != "" {
		var out strings.Builder
		for i, q := range qs {
			fmt.Fprintf(&out, "%s\t%.3f\t%.3f\t%d\t%s\n", q.typ, float64(median(cpu[i]).Microseconds())/1000,
				float64(median(wall[i]).Microseconds())/1000, totals[i], q.text)
		}
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}
