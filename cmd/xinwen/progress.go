package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is what `xinwen index` says of a load while it runs: on a
// terminal, a bar of the bytes read against the files' size, with the
// rate in MB/s, the time left, and the articles indexed, per second and
// refused; elsewhere nothing until the summary (see summary).
type progress struct {
	start time.Time
	// read is the bytes read of the files, indexed the articles written
	// (or acknowledged by the server), refused those refused.
	read, indexed, refused atomic.Int64
	total                  int64
	// bar is nil when the standard error is not a terminal, and once the
	// load is done.
	bar *progressbar.ProgressBar
	mu  sync.Mutex // bar, its description and the lines printed over it
	// described is when the description was last updated.
	described time.Time
}

// newProgress starts the progress of a load of total bytes, with a bar
// on stderr when it is a terminal.
func newProgress(stderr io.Writer, total int64) *progress {
	p := &progress{start: time.Now(), total: total}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetDescription("reading"),
		)
	}
	return p
}

// addRead counts n bytes read from the files (index.Reader.Progress).
func (p *progress) addRead(n int) {
	p.read.Add(int64(n))
	p.mu.Lock()
	if p.bar != nil {
		p.bar.Add(n)
	}
	p.mu.Unlock()
	p.describe()
}

// addIndexed counts n articles indexed.
func (p *progress) addIndexed(n int) {
	p.indexed.Add(int64(n))
	p.describe()
}

// addRefused counts an article refused.
func (p *progress) addRefused() { p.refused.Add(1) }

// describe updates the bar's description, at most every 200 ms.
func (p *progress) describe() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil || time.Since(p.described) < 200*time.Millisecond {
		return
	}
	p.described = time.Now()
	n := p.indexed.Load()
	p.bar.Describe(fmt.Sprintf("%d articles, %.0f/s, %d refused", n, float64(n)/time.Since(p.start).Seconds(), p.refused.Load()))
}

// print writes a line to w, which is the bar's, over the bar.
func (p *progress) print(w io.Writer, format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Clear()
	}
	fmt.Fprintf(w, format, args...)
}

// finish takes the bar away, once.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
}

// summary is the load's rate: "1,240 articles/s, 2.1 MB/s, 3 refused".
func (p *progress) summary() string {
	secs := time.Since(p.start).Seconds()
	s := fmt.Sprintf("%.0f articles/s, %.1f MB/s", float64(p.indexed.Load())/secs, float64(p.read.Load())/secs/(1<<20))
	if n := p.refused.Load(); n > 0 {
		s += fmt.Sprintf(", %d refused", n)
	}
	return s
}
