package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search/bench"
)

func (a *App) bench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("xinwen bench", flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	corpus := fs.String("corpus", "", "the corpus to index: a `FILE`.jsonl(.gz), or anything index reads (required)")
	queries := fs.String("queries", "", "query `FILE`, one query per line (default: a seeded mix drawn from the corpus)")
	docs := fs.Int("docs", 0, "index only the first `N` articles (default: all)")
	concurrency := fs.String("concurrency", "1,2,8", "numbers of concurrent clients to run the queries with, comma-separated")
	rounds := fs.Int("rounds", bench.DefaultRounds, "times each client count runs the whole query mix")
	seed := fs.Uint64("seed", bench.DefaultSeed, "seed of the derived query mix")
	batch := fs.Int("batch", index.DefaultBatchSize, "documents per indexing `batch`")
	dir := fs.String("dir", "", "build the index in `DIR`, which must not exist, and keep it (default: a temporary directory, removed)")
	reuse := fs.Bool("reuse", false, "measure the index already in -dir, built by an earlier bench of the same corpus, instead of indexing")
	jsonOut := fs.String("json", "", "also write the figures as JSON to `FILE`")
	serve := fs.Int("serve", bench.DefaultColdRuns, "start `N` servers on the index, one after the other, to time the first answer and measure memory (0: none)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole bench to `FILE` (go tool pprof)")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if *corpus == "" {
		return usageError{"bench needs -corpus FILE"}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("bench takes no arguments, not %q; give the corpus with -corpus", fs.Arg(0))}
	}
	clients, err := parseCounts(*concurrency)
	if err != nil {
		return usageError{fmt.Sprintf("-concurrency %q: %v", *concurrency, err)}
	}
	cfg := bench.Config{
		Corpus:      *corpus,
		Docs:        *docs,
		Concurrency: clients,
		Rounds:      *rounds,
		Seed:        *seed,
		BatchSize:   *batch,
		Dir:         *dir,
		Reuse:       *reuse,
		Progress:    a.Stderr,
	}
	if *queries != "" {
		if cfg.Queries, err = bench.ReadQueries(*queries); err != nil {
			return err
		}
	}
	if *serve > 0 {
		cfg.Cold, cfg.ColdRuns = a.coldServe, *serve
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer pprof.StopCPUProfile()
	}

	r, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := r.WriteText(a.Stdout); err != nil {
		return err
	}
	if *jsonOut != "" {
		f, err := os.Create(*jsonOut)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		if err := r.WriteJSON(f); err != nil {
			f.Close()
			return fmt.Errorf("bench: write %s: %w", *jsonOut, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("bench: write %s: %w", *jsonOut, err)
		}
	}
	return nil
}

// parseCounts reads "1,2,8".
func parseCounts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a number of clients", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// coldServe starts `xinwen serve` on the index in dir as a new process and
// times it from the start to the answer of its first query over HTTP; then
// it sends the whole mix with two clients and reads the process's peak
// memory before stopping it.
func (a *App) coldServe(ctx context.Context, dir string, qs []bench.Query) (bench.ColdRun, error) {
	var run bench.ColdRun
	tmp, err := os.MkdirTemp("", "xinwen-bench-serve-")
	if err != nil {
		return run, fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(tmp)
	addrFile := filepath.Join(tmp, "addr")
	cmd, err := a.selfCommand("serve", "-index", dir, "-addr", "127.0.0.1:0", "-addr-file", addrFile)
	if err != nil {
		return run, err
	}
	log := &serverLog{}
	cmd.Stderr = log
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return run, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer stop(cmd, exited)

	// The server writes its address file once it listens; a stat every
	// 2 ms costs nothing and times the start to that.
	var addr string
	poll := time.NewTicker(2 * time.Millisecond)
	defer poll.Stop()
	timeout := time.After(time.Minute)
	for addr == "" {
		select {
		case <-poll.C:
			if addr, err = readAddrFile(addrFile); err != nil && !errors.Is(err, os.ErrNotExist) {
				return run, err
			}
		case err := <-exited:
			exited <- err
			return run, fmt.Errorf("xinwen serve ended before listening (%v):\n%s", err, log)
		case <-timeout:
			return run, fmt.Errorf("xinwen serve did not listen within a minute:\n%s", log)
		case <-ctx.Done():
			return run, ctx.Err()
		}
	}
	run.Listening = time.Since(start)

	client := &http.Client{Timeout: time.Minute}
	base := "http://" + addr + "/api/search?q="
	if err := fetch(ctx, client, base+url.QueryEscape(qs[0].Text)); err != nil {
		return run, fmt.Errorf("first query: %w\n%s", err, log)
	}
	run.FirstAnswer = time.Since(start)

	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(qs); i = int(next.Add(1)) - 1 {
				if err := fetch(ctx, client, base+url.QueryEscape(qs[i].Text)); err != nil {
					errs <- fmt.Errorf("query %q: %w", qs[i].Text, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return run, err
	}
	run.Memory = bench.MemoryOf(cmd.Process.Pid)
	return run, nil
}

// fetch fetches u and reads the whole answer, which must be 200 OK.
func fetch(ctx context.Context, c *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}

// selfCommand returns the command that runs this program with args.
func (a *App) selfCommand(args ...string) (*exec.Cmd, error) {
	if a.Self != nil {
		return a.Self(args...), nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: cannot find the xinwen executable to start a server: %w", err)
	}
	return exec.Command(exe, args...), nil
}

// stop asks a server to shut down and waits for it to exit, killing it if
// it takes more than a few seconds.
func stop(cmd *exec.Cmd, exited <-chan error) {
	_ = cmd.Process.Signal(os.Interrupt)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// serverLog keeps the start of a server's log, for error messages.
type serverLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *serverLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() < 64<<10 {
		l.b.Write(p)
	}
	return len(p), nil
}

func (l *serverLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
