//go:build linux

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search/bench"
)

// TestHeldLoad holds a `xinwen serve` process at 50 searches a second
// while 100 articles a second are written to it, for XINWEN_SOAK (a
// duration; 3 s without it, in CI), and prints the searches' latency, the
// errors, and the server's memory (RSS) and open files over time. The
// articles are those of ../shared/corpus/zh-news.jsonl.gz when it is
// there, else made up; the queries are drawn from them (search/bench).
// The index holds them all before the server starts (xinwen index), and
// the writes send them again: each replaces its article, so the index
// stays the same size and what grows over time is the server's own. It
// fails on any error: a search or a write not answered 200, but for
// searches the server sheds with 503 and Retry-After when the machine
// cannot keep up (a busy CI runner), which it counts and prints apart.
//
//	XINWEN_SOAK=10m go test ./cmd/xinwen -run TestHeldLoad -v -timeout 20m
func TestHeldLoad(t *testing.T) {
	hold := 3 * time.Second
	if v := os.Getenv("XINWEN_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("XINWEN_SOAK=%q: %v", v, err)
		}
		hold = d
	}
	const searchesPerSecond, articlesPerSecond, perRequest = 50, 100, 10
	articles, docs := soakArticles(t, int(hold.Seconds()+1)*articlesPerSecond)
	queries, err := bench.Derive(docs[:min(len(docs), 2000)], 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "index")
	load := filepath.Join(t.TempDir(), "articles.jsonl")
	if err := os.WriteFile(load, []byte(strings.Join(articles, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	preload := time.Now()
	if stdout, stderr, err := run(t, "index", "-index", dir, load); err != nil {
		t.Fatalf("%v\n%s%s", err, stdout, stderr)
	}
	t.Logf("%d articles indexed first in %v", len(articles), time.Since(preload).Round(time.Second))
	p := startProcess(t, dir, 0, "-admin-key-file", keyFile(t))
	ready(t, p)
	w := writer{p.addr, &http.Client{Timeout: guard}}
	client := &http.Client{Timeout: guard}

	var (
		mu            sync.Mutex
		latencies     []time.Duration
		searchErrors  []string
		writeErrors   []string
		written       atomic.Int64
		searches      atomic.Int64
		inFlight      sync.WaitGroup
		writesRunning = make(chan struct{}, 16)
		failures      atomic.Int64
		// shed counts the searches answered 503 with Retry-After: the
		// server turning work away when its search slots stay full, as
		// it must (overloaded), not a failure. They are reported apart.
		shed atomic.Int64
	)
	fail := func(list *[]string, format string, args ...any) {
		failures.Add(1)
		mu.Lock()
		defer mu.Unlock()
		if len(*list) < 20 {
			*list = append(*list, fmt.Sprintf(format, args...))
		}
	}
	type sample struct {
		at time.Duration
		// anon and file are the resident memory of the heap and the
		// like, and of the mapped files (the index's segments, which
		// the kernel may drop and read again).
		anon, file, fds int64
		docs            int64
		searches        int64
		p99sofar        time.Duration
	}
	var samples []sample
	every := max(hold/20, time.Second)
	start := time.Now()
	searchTick := time.NewTicker(time.Second / searchesPerSecond)
	writeTick := time.NewTicker(time.Second * perRequest / articlesPerSecond)
	sampleTick := time.NewTicker(every)
	defer searchTick.Stop()
	defer writeTick.Stop()
	defer sampleTick.Stop()
	next, q := 0, 0
	takeSample := func() {
		mu.Lock()
		lat := slices.Clone(latencies)
		mu.Unlock()
		slices.Sort(lat)
		var p99 time.Duration
		if len(lat) > 0 {
			p99 = lat[len(lat)*99/100]
		}
		samples = append(samples, sample{at: time.Since(start), anon: bench.MemoryOf(p.cmd.Process.Pid).Anon, file: bench.MemoryOf(p.cmd.Process.Pid).File, fds: fdsOf(p.cmd.Process.Pid),
			docs: written.Load(), searches: searches.Load(), p99sofar: p99})
	}
	takeSample()
	for time.Since(start) < hold {
		select {
		case <-searchTick.C:
			query := queries[q%len(queries)].Text
			q++
			inFlight.Add(1)
			go func() {
				defer inFlight.Done()
				t0 := time.Now()
				resp, err := client.Get("http://" + p.addr + "/api/search?q=" + url.QueryEscape(query))
				if err != nil {
					fail(&searchErrors, "q=%s: %v", query, err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				took := time.Since(t0)
				searches.Add(1)
				if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
					shed.Add(1)
					return
				}
				if resp.StatusCode != 200 {
					fail(&searchErrors, "q=%s: %d", query, resp.StatusCode)
					return
				}
				mu.Lock()
				latencies = append(latencies, took)
				mu.Unlock()
			}()
		case <-writeTick.C:
			if next+perRequest > len(articles) {
				continue
			}
			body := strings.Join(articles[next:next+perRequest], "")
			next += perRequest
			select {
			case writesRunning <- struct{}{}:
			default:
				fail(&writeErrors, "16 writes still running: the server does not keep up with %d articles a second", articlesPerSecond)
				continue
			}
			inFlight.Add(1)
			go func() {
				defer inFlight.Done()
				defer func() { <-writesRunning }()
				status, indexed, err := w.post(body)
				if err != nil || status != 200 || indexed != perRequest {
					fail(&writeErrors, "write: %d, %d indexed, %v", status, indexed, err)
					return
				}
				written.Add(int64(indexed))
			}()
		case <-sampleTick.C:
			takeSample()
		}
	}
	inFlight.Wait()
	takeSample()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(float64(len(latencies))*p))]
	}
	t.Logf("held %v: %d searches (%.1f/s), %d articles written (%.1f/s); search latency p50 %v, p99 %v, max %v; %d searches shed (503 overloaded, with Retry-After); %d errors (the first 20 of each kind below)",
		elapsed.Round(time.Second), searches.Load(), float64(searches.Load())/elapsed.Seconds(), written.Load(), float64(written.Load())/elapsed.Seconds(),
		pct(0.5).Round(100*time.Microsecond), pct(0.99).Round(100*time.Microsecond), pct(1).Round(100*time.Microsecond), shed.Load(), failures.Load())
	t.Logf("load average at the end: %s", loadAverage())
	t.Logf("%8s %10s %8s %8s %6s %10s %12s", "time", "articles", "anon MB", "file MB", "fds", "searches", "p99 so far")
	for _, s := range samples {
		t.Logf("%8v %10d %8.1f %8.1f %6d %10d %12v", s.at.Round(time.Second), s.docs, float64(s.anon)/(1<<20), float64(s.file)/(1<<20), s.fds, s.searches, s.p99sofar.Round(100*time.Microsecond))
	}
	for _, e := range append(searchErrors, writeErrors...) {
		t.Error(e)
	}
	p.term(t)
}

// soakArticles returns n articles as JSON Lines, one a line, and as
// documents: the first n of the CCTV corpus when it is beside the
// repository, else made up.
func soakArticles(t *testing.T, n int) ([]string, []index.Document) {
	t.Helper()
	var lines []string
	var docs []index.Document
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "zh-news.jsonl.gz")
	if _, err := os.Stat(corpus); err == nil {
		for rec, err := range (index.Reader{}).Files(corpus) {
			if err != nil {
				continue
			}
			raw, _ := json.Marshal(rec.Doc)
			lines = append(lines, string(raw)+"\n")
			docs = append(docs, rec.Doc)
			if len(lines) == n {
				break
			}
		}
	}
	for i := 0; len(lines) < n; i++ {
		for _, line := range strings.SplitAfter(newsLinesFrom(fmt.Sprint("s", i, "-"), "soak", 100, i), "\n") {
			if line == "" || len(lines) == n {
				continue
			}
			lines = append(lines, line)
			var d index.Document
			json.Unmarshal([]byte(line), &d)
			docs = append(docs, d)
		}
	}
	return lines, docs
}

// loadAverage is the machine's load average over 1, 5 and 15 minutes.
func loadAverage() string {
	raw, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// fdsOf is how many files process pid has open.
func fdsOf(pid int) int64 {
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return -1
	}
	return int64(len(entries))
}
