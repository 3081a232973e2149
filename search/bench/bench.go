// Package bench measures xinwen on a corpus the way a user meets it: it
// builds a fresh index with the real analyzer, mapping and extraction, runs a
// query mix through search.Searcher (the code behind /api/search, with facets
// and highlighted snippets), and reports indexing throughput, index size,
// query latency and throughput at several concurrencies, and memory. The
// figures that only a new process shows (time to the first answer, the
// serving process's memory) come from a Cold function that the caller
// provides, because starting a server is the command's business. The
// figures measured so far, the budget and the benchmark history are in
// MEASUREMENTS.md.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
)

// Defaults of a Config.
const (
	DefaultQueries  = 500
	DefaultRounds   = 2
	DefaultSeed     = 7
	DefaultColdRuns = 3
	sampleSize      = 2000 // articles kept to draw the query mix from
)

// DefaultConcurrency is the numbers of clients the queries are run with
// unless told otherwise.
var DefaultConcurrency = []int{1, 2, 8}

// Config says what to measure.
type Config struct {
	// Corpus is a JSON Lines file (.jsonl, .jsonl.gz), or anything else
	// index.Reader reads: a seed-style .txt file or a folder.
	Corpus string
	// Queries is the query mix; nil derives QueryCount of them
	// (DefaultQueries if 0) from the corpus (see Derive).
	Queries    []Query
	QueryCount int
	// Docs stops reading after this many articles; 0 reads them all.
	Docs int
	// Concurrency lists the numbers of clients to run the mix with.
	Concurrency []int
	// Rounds is how many times each client count runs the whole mix.
	Rounds int
	// Seed picks the derived query mix.
	Seed uint64
	// BatchSize is the Writer's batch size (index.DefaultBatchSize if 0).
	BatchSize int
	// Dir is where the index is built; it must not exist. "" builds it in
	// a temporary directory that is removed afterwards.
	Dir string
	// Reuse skips indexing and measures the index already in Dir (built
	// by an earlier run with the same corpus): for working on queries
	// without rebuilding. The corpus is still read for the query mix.
	Reuse bool
	// Cold, if set, measures fresh processes serving the built index,
	// ColdRuns of them (DefaultColdRuns if 0).
	Cold     Cold
	ColdRuns int
	// Progress receives a line as each phase starts, or nothing if nil.
	Progress io.Writer
}

// Cold starts a new process serving the index in dir, sends it the first
// query, then the whole mix, and reports what it measured. The bench
// command implements it by starting `xinwen serve`.
type Cold func(ctx context.Context, dir string, queries []Query) (ColdRun, error)

// ColdRun is what one fresh serving process showed.
type ColdRun struct {
	// FirstAnswer is the time from starting the process to having the
	// answer to its first query, the dictionary load included.
	FirstAnswer time.Duration
	// Listening is the part of FirstAnswer before the server accepted
	// connections.
	Listening time.Duration
	// Memory is the process's memory after answering the whole mix.
	Memory Memory
}

// Report is everything Run measured. Sizes are in MB of 10^6 bytes; RSS
// figures are -1 where the system does not report them.
type Report struct {
	Corpus     string    `json:"corpus"`
	Docs       int       `json:"docs"`
	Skipped    int       `json:"skipped"` // records that could not be read
	TextMB     float64   `json:"text_mb"` // titles and bodies, UTF-8
	Started    time.Time `json:"started"`
	GoVersion  string    `json:"go_version"`
	GOMAXPROCS int       `json:"gomaxprocs"`
	// Load is the machine's 1-minute load average when the run started,
	// after indexing, after querying and at the end: on a shared machine
	// it says how much the figures were disturbed. Nil where unknown.
	Load []float64 `json:"load,omitempty"`

	// DictLoadS is the time to load the segmenter's dictionary, which
	// every process pays once before it can analyze anything; it is not
	// part of IndexWallS.
	DictLoadS float64  `json:"dict_load_s"`
	Index     Indexing `json:"index"`
	Query     Querying `json:"query"`
	Serve     *Serving `json:"serve,omitempty"`
	// WallS is how long the whole bench took.
	WallS float64 `json:"wall_s"`
}

// Indexing is the figures of building the index.
type Indexing struct {
	// Reused says the index was not built by this run (Config.Reuse):
	// only its size is reported.
	Reused bool `json:"reused,omitempty"`
	// WallS runs from opening the corpus to the index being on disk:
	// reading, extraction, analysis, segment building, a durable flush and
	// compaction, as `xinwen index` does it (index.Writer.Finish).
	WallS     float64 `json:"wall_s"`
	CPUS      float64 `json:"cpu_s"` // user+system CPU time over WallS
	DocsPerS  float64 `json:"docs_per_s"`
	MBPerS    float64 `json:"mb_per_s"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	SizeMB    float64 `json:"size_mb"` // the index directory after closing
	// SizeRatio is SizeMB over the text's MB.
	SizeRatio float64 `json:"size_ratio"`
	Segments  int     `json:"segments"`
	Compacted bool    `json:"compacted"`
}

// Querying is the figures of running the query mix in this process.
type Querying struct {
	Queries  int            `json:"queries"`
	Kinds    map[string]int `json:"kinds"`
	Source   string         `json:"source"` // "derived (seed N)" or the file
	ZeroHits float64        `json:"zero_hit_fraction"`
	Runs     []Latency      `json:"runs"`
	// PeakRSSMB is this process's peak while querying, measured from a
	// fresh open of the index after indexing's memory was released;
	// AnonMB and FileMB split the resident memory at the end (see Memory).
	PeakRSSMB float64 `json:"peak_rss_mb"`
	AnonMB    float64 `json:"anon_mb"`
	FileMB    float64 `json:"file_mb"`
}

// Serving is the figures of fresh serving processes, from Config.Cold.
type Serving struct {
	Runs []ColdSummary `json:"runs"`
	// FirstAnswerS is the median of the runs' time to the first answer.
	FirstAnswerS float64 `json:"first_answer_s"`
	// PeakRSSMB is the largest peak of the runs.
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

// ColdSummary is one ColdRun in the report's units.
type ColdSummary struct {
	FirstAnswerS float64 `json:"first_answer_s"`
	ListeningS   float64 `json:"listening_s"`
	PeakRSSMB    float64 `json:"peak_rss_mb"`
	// AnonMB and FileMB split the resident memory at the end of the mix
	// into the heap and the mapped index files (see Memory).
	AnonMB float64 `json:"anon_mb"`
	FileMB float64 `json:"file_mb"`
}

// Run builds the index and measures it.
func Run(ctx context.Context, c Config) (*Report, error) {
	start := time.Now()
	if len(c.Concurrency) == 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.Rounds <= 0 {
		c.Rounds = DefaultRounds
	}
	if c.Seed == 0 {
		c.Seed = DefaultSeed
	}
	if c.QueryCount <= 0 {
		c.QueryCount = DefaultQueries
	}
	if c.ColdRuns <= 0 {
		c.ColdRuns = DefaultColdRuns
	}
	if c.BatchSize <= 0 {
		c.BatchSize = index.DefaultBatchSize
	}
	for _, n := range c.Concurrency {
		if n < 1 {
			return nil, fmt.Errorf("bench: %d clients: need at least one", n)
		}
	}
	dir := c.Dir
	if c.Reuse {
		if dir == "" {
			return nil, errors.New("bench: reusing an index needs its directory")
		}
	} else if dir == "" {
		tmp, err := os.MkdirTemp("", "xinwen-bench-")
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "index")
	} else if _, err := os.Stat(dir); err == nil {
		return nil, fmt.Errorf("bench: %s already exists; give a new directory", dir)
	}
	r := &Report{Corpus: c.Corpus, Started: start, GoVersion: runtime.Version(), GOMAXPROCS: runtime.GOMAXPROCS(0)}
	r.noteLoad()

	c.progress("loading the dictionary")
	t := time.Now()
	if _, err := analyzer.New(false, nil); err != nil {
		return nil, err
	}
	r.DictLoadS = round(time.Since(t).Seconds(), 2)

	c.progress("indexing %s into %s", c.Corpus, dir)
	var sample []index.Document
	var err error
	// The phases are labelled so that a CPU profile of the bench can be
	// split: go tool pprof -tagfocus phase=query.
	pprof.Do(ctx, pprof.Labels("phase", "index"), func(ctx context.Context) {
		if c.Reuse {
			sample, err = reuse(ctx, c, dir, r)
			return
		}
		sample, err = build(ctx, c, dir, r)
	})
	if err != nil {
		return nil, err
	}

	r.noteLoad()

	qs := c.Queries
	r.Query.Source = "file"
	if qs == nil {
		if qs, err = Derive(sample, c.QueryCount, c.Seed); err != nil {
			return nil, err
		}
		r.Query.Source = fmt.Sprintf("derived (seed %d)", c.Seed)
	}
	sample = nil
	r.Query.Queries = len(qs)
	r.Query.Kinds = map[string]int{}
	for _, q := range qs {
		r.Query.Kinds[q.Kind]++
	}
	pprof.Do(ctx, pprof.Labels("phase", "query"), func(ctx context.Context) {
		err = query(ctx, c, dir, qs, r)
	})
	if err != nil {
		return nil, err
	}

	r.noteLoad()

	if c.Cold != nil {
		r.Serve = &Serving{}
		var firsts []float64
		for i := range c.ColdRuns {
			c.progress("starting a server on the index (%d of %d)", i+1, c.ColdRuns)
			run, err := c.Cold(ctx, dir, qs)
			if err != nil {
				return nil, fmt.Errorf("bench: serve: %w", err)
			}
			s := ColdSummary{
				FirstAnswerS: round(run.FirstAnswer.Seconds(), 3),
				ListeningS:   round(run.Listening.Seconds(), 3),
				PeakRSSMB:    mb(run.Memory.Peak),
				AnonMB:       mb(run.Memory.Anon),
				FileMB:       mb(run.Memory.File),
			}
			r.Serve.Runs = append(r.Serve.Runs, s)
			firsts = append(firsts, s.FirstAnswerS)
			r.Serve.PeakRSSMB = max(r.Serve.PeakRSSMB, s.PeakRSSMB)
		}
		slices.Sort(firsts)
		r.Serve.FirstAnswerS = firsts[len(firsts)/2]
	}
	r.noteLoad()
	r.WallS = round(time.Since(start).Seconds(), 1)
	return r, nil
}

// noteLoad appends the current load average to r.Load, if there is one.
func (r *Report) noteLoad() {
	if l := loadAverage(); l >= 0 {
		r.Load = append(r.Load, l)
	}
}

// errEnough stops the reader after Config.Docs articles.
var errEnough = errors.New("enough articles")

// readCorpus reads the first Config.Docs articles of the corpus (all of
// them when 0) through index's pipeline, writing each to sink when it is
// not nil. It counts them and their skipped records in r, and returns a
// sample of them and the bytes of their titles and bodies.
func readCorpus(ctx context.Context, c Config, r *Report, sink index.Sink) (*sampler, int64, error) {
	samp := newSampler(sampleSize, c.Seed)
	var textBytes int64
	p := index.Pipeline{
		Sink: index.SinkFunc(func(e index.Entry) error {
			if c.Docs > 0 && r.Docs == c.Docs {
				return errEnough
			}
			if sink != nil {
				if err := sink.Write(e); err != nil {
					return err
				}
			}
			d := e.Document()
			r.Docs++
			textBytes += int64(len(d.Title) + len(d.Body))
			samp.add(d)
			return nil
		}),
		Bad: func(*index.RecordError) error { r.Skipped++; return nil },
	}
	_, err := p.Run(ctx, index.Reader{}.Files(c.Corpus))
	if errors.Is(err, errEnough) {
		err = nil
	}
	return samp, textBytes, err
}

// build indexes the corpus into dir and fills r's indexing figures. It
// returns a random sample of the articles to draw queries from.
func build(ctx context.Context, c Config, dir string, r *Report) ([]index.Document, error) {
	resetPeakRSS()
	cpu0, t0 := cpuTime(), time.Now()
	ix, err := index.Create(dir, "")
	if err != nil {
		return nil, err
	}
	w := ix.NewWriter(c.BatchSize)
	samp, textBytes, readErr := readCorpus(ctx, c, r, w)
	if readErr == nil {
		r.Index.Compacted, readErr = w.Finish(ctx)
	}
	if err := ix.Close(); err != nil && readErr == nil {
		readErr = err
	}
	if readErr != nil {
		return nil, fmt.Errorf("bench: index %s: %w", c.Corpus, readErr)
	}
	if r.Docs == 0 {
		return nil, fmt.Errorf("bench: %s has no articles to index", c.Corpus)
	}
	wall, cpu := time.Since(t0), cpuTime()-cpu0
	r.TextMB = round(float64(textBytes)/1e6, 2)
	size, segments, err := diskUsage(dir)
	if err != nil {
		return nil, err
	}
	r.Index = Indexing{
		Compacted: r.Index.Compacted,
		WallS:     round(wall.Seconds(), 2),
		CPUS:      round(cpu.Seconds(), 2),
		DocsPerS:  round(float64(r.Docs)/wall.Seconds(), 0),
		MBPerS:    round(float64(textBytes)/1e6/wall.Seconds(), 2),
		PeakRSSMB: mb(peakRSS(0)),
		SizeMB:    mb(size),
		SizeRatio: round(float64(size)/float64(textBytes), 2),
		Segments:  segments,
	}
	return samp.docs, nil
}

// reuse reads the corpus for the query mix without indexing it, and
// measures the index already in dir.
func reuse(ctx context.Context, c Config, dir string, r *Report) ([]index.Document, error) {
	ix, err := index.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("bench: reuse: %w", err)
	}
	n, err := ix.Count()
	ix.Close()
	if err != nil {
		return nil, fmt.Errorf("bench: reuse: %w", err)
	}
	samp, textBytes, err := readCorpus(ctx, c, r, nil)
	if err != nil {
		return nil, fmt.Errorf("bench: read %s: %w", c.Corpus, err)
	}
	if uint64(r.Docs) != n {
		return nil, fmt.Errorf("bench: reuse: %s has %d articles, the index in %s %d; was it built from it?", c.Corpus, r.Docs, dir, n)
	}
	r.TextMB = round(float64(textBytes)/1e6, 2)
	size, segments, err := diskUsage(dir)
	if err != nil {
		return nil, err
	}
	r.Index = Indexing{Reused: true, SizeMB: mb(size), SizeRatio: round(float64(size)/float64(textBytes), 2), Segments: segments, PeakRSSMB: -1}
	return samp.docs, nil
}

// query opens the built index afresh, as a server would, and runs the mix:
// once to warm up and count the queries with no hits, then at each
// concurrency.
func query(ctx context.Context, c Config, dir string, qs []Query, r *Report) error {
	// Give indexing's memory back, so that the peak below is querying's.
	runtime.GC()
	debug.FreeOSMemory()
	reset := resetPeakRSS()
	ix, err := index.Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	s, err := search.New(ix)
	if err != nil {
		return err
	}
	c.progress("warming up: %d queries", len(qs))
	zero, err := warm(ctx, s, qs)
	if err != nil {
		return err
	}
	r.Query.ZeroHits = round(float64(zero)/float64(len(qs)), 3)
	for _, n := range c.Concurrency {
		c.progress("querying with %d client(s)", n)
		run, err := measure(ctx, s, qs, n, c.Rounds)
		if err != nil {
			return err
		}
		r.Query.Runs = append(r.Query.Runs, run)
	}
	m := MemoryOf(0)
	r.Query.PeakRSSMB, r.Query.AnonMB, r.Query.FileMB = -1, mb(m.Anon), mb(m.File)
	if reset {
		r.Query.PeakRSSMB = mb(m.Peak)
	}
	return nil
}

// diskUsage returns the bytes of the files under dir and how many of them
// are index segments.
func diskUsage(dir string) (size int64, segments int, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		size += info.Size()
		if filepath.Ext(p) == ".zap" {
			segments++
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("bench: size of %s: %w", dir, err)
	}
	return size, segments, nil
}

func (c *Config) progress(format string, args ...any) {
	if c.Progress != nil {
		fmt.Fprintf(c.Progress, "bench: "+format+"\n", args...)
	}
}

func mb(bytes int64) float64 {
	if bytes < 0 {
		return -1
	}
	return round(float64(bytes)/1e6, 1)
}
