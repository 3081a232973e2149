package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// guard bounds the waits of these tests, which are never timed: a test
// that waits longer has hung.
const guard = time.Minute

// countingObserver counts what a Committer tells.
type countingObserver struct {
	mu              sync.Mutex
	queued, commits int
	docs            int
	failed          int
}

func (o *countingObserver) Queued(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.queued += n
}

func (o *countingObserver) Committed(docs int, _ time.Duration, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		o.failed++
		return
	}
	o.commits++
	o.docs += docs
}

func (o *countingObserver) counts() (queued, commits, docs, failed int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.queued, o.commits, o.docs, o.failed
}

// entries are docs, checked.
func entries(t testing.TB, docs ...Document) []Entry {
	t.Helper()
	out := make([]Entry, len(docs))
	for i, d := range docs {
		e, err := Check(d)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = e
	}
	return out
}

// ids returns the ids of the index's documents, sorted.
func ids(t testing.TB, ix *Index) []string {
	t.Helper()
	var out []string
	if err := ix.Documents(context.Background(), func(d Document) error {
		out = append(out, d.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestCommitter(t *testing.T) {
	ix := indexOf(t, backupDocs(0, 3))
	obs := &countingObserver{}
	c := ix.NewCommitter(obs)
	t.Cleanup(func() { c.Close() })
	ctx := context.Background()

	t.Run("a change is searchable once Commit returns, and says what it did", func(t *testing.T) {
		out, err := c.Commit(ctx, Change{Put: entries(t, Document{ID: "new", Title: "兰州", Body: "甘肃省兰州市新建的轨道交通线路开通。"})})
		if err != nil || out.Indexed != 1 || out.Deleted != 0 {
			t.Fatalf("Commit = %+v, %v", out, err)
		}
		if !hasTerm(t, ix, "轨道交通") {
			t.Error("the new article is not searchable")
		}
		if d, err := ix.Get("new"); err != nil || d.Title != "兰州" {
			t.Errorf("Get = %+v, %v", d, err)
		}
	})
	t.Run("an article put again is replaced, not doubled", func(t *testing.T) {
		if _, err := c.Commit(ctx, Change{Put: entries(t, Document{ID: "new", Title: "兰州", Body: "黄河流域生态保护。"})}); err != nil {
			t.Fatal(err)
		}
		if n, _ := ix.Count(); n != 4 || hasTerm(t, ix, "轨道交通") || !hasTerm(t, ix, "生态") {
			t.Errorf("%d articles; the old text searchable %v, the new %v", n, hasTerm(t, ix, "轨道交通"), hasTerm(t, ix, "生态"))
		}
	})
	t.Run("a delete deletes, and one of an id that is not there is missing and changes nothing", func(t *testing.T) {
		out, err := c.Commit(ctx, Change{Delete: []string{"new", "nowhere"}})
		if err != nil || out.Deleted != 1 || !slices.Equal(out.Missing, []string{"nowhere"}) {
			t.Fatalf("Commit = %+v, %v", out, err)
		}
		if got := ids(t, ix); !slices.Equal(got, []string{"b0", "b1", "b2"}) {
			t.Errorf("ids %v", got)
		}
	})
	t.Run("the observer is told of each commit and of the queue", func(t *testing.T) {
		queued, commits, docs, failed := obs.counts()
		if queued != 0 || commits != 3 || docs != 3 || failed != 0 {
			t.Errorf("queued %d, commits %d of %d docs, %d failed; want 0, 3 of 3 (the id that was not there aside), 0", queued, commits, docs, failed)
		}
	})
}

// TestGroupCommit holds the committer in its first commit while fifteen
// more writers come: they must all be committed in the one batch after
// it, in the order they came.
func TestGroupCommit(t *testing.T) {
	ix := indexOf(t, nil)
	obs := &countingObserver{}
	c := ix.NewCommitter(obs)
	defer c.Close()
	entered, release := make(chan struct{}), make(chan struct{})
	first := true
	c.batch = func(b *bleve.Batch) error {
		if first {
			first = false
			close(entered)
			<-release
		}
		return ix.b.Batch(b)
	}
	var wg sync.WaitGroup
	outs := make([]Outcome, 16)
	errs := make([]error, 16)
	commit := func(i int, ch Change) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = c.Commit(context.Background(), ch)
		}()
	}
	commit(0, Change{Put: entries(t, Document{ID: "w0", Title: "第一条", Body: "煤矿安全。"})})
	<-entered
	for i := 1; i < 16; i++ {
		ch := Change{Put: entries(t, Document{ID: fmt.Sprint("w", i), Title: fmt.Sprint("第", i, "条"), Body: "煤矿安全。"})}
		if i == 15 { // the last writer deletes what the third put
			ch = Change{Delete: []string{"w2"}}
		}
		commit(i, ch)
		for deadline := time.Now().Add(guard); len(c.queue) < i; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the writers did not queue")
			}
		}
	}
	close(release)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	if _, commits, docs, _ := obs.counts(); commits != 2 || docs != 16 {
		t.Errorf("%d commits of %d docs; want the 15 writers that waited in one commit after the first: 2 of 16", commits, docs)
	}
	if outs[15].Deleted != 1 {
		t.Errorf("the delete of an article put earlier in its group: %+v", outs[15])
	}
	want := []string{"w0", "w1", "w10", "w11", "w12", "w13", "w14", "w3", "w4", "w5", "w6", "w7", "w8", "w9"}
	if got := ids(t, ix); !slices.Equal(got, want) {
		t.Errorf("ids %v\nwant %v", got, want)
	}
}

func TestCommitterWhileTheDiskFails(t *testing.T) {
	ix := indexOf(t, backupDocs(0, 3))
	c := ix.NewCommitter(nil)
	defer c.Close()
	put := func(id string) error {
		_, err := c.Commit(context.Background(), Change{Put: entries(t, Document{ID: id, Title: id, Body: "太原。"})})
		return err
	}
	ix.fail(&scorch.ScorchError{Source: "persister", ErrMsg: "got err persisting snapshot: write store/x.zap: no space left on device", ErrType: scorch.ErrPersist})
	t.Run("while the persister fails, a change is refused at once, for want of room", func(t *testing.T) {
		err := put("refused")
		if !errors.Is(err, ErrNoSpace) || !strings.Contains(err.Error(), "no space left on device") {
			t.Errorf("err = %v, want ErrNoSpace", err)
		}
		if _, err := ix.Get("refused"); !errors.Is(err, ErrNoDocument) {
			t.Errorf("the refused article is in the index: %v", err)
		}
	})
	t.Run("a failing merger refuses nothing", func(t *testing.T) {
		ix.progressed(scorch.EventKindPersisterProgress)
		ix.fail(&scorch.ScorchError{Source: "merger", ErrMsg: "merging err: no space left on device", ErrType: scorch.ErrPersist})
		if err := put("merging"); err != nil {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("once bleve has written, changes are taken again", func(t *testing.T) {
		ix.progressed(scorch.EventKindMergerProgress)
		if err := put("again"); err != nil {
			t.Errorf("err = %v", err)
		}
		if err := ix.Check(); err != nil {
			t.Errorf("Check() = %v", err)
		}
	})
}

func TestCommitterClose(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	c := ix.NewCommitter(nil)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Commit(context.Background(), Change{Put: entries(t, Document{ID: fmt.Sprint("c", i), Title: "t", Body: "b"})})
			errs <- err
		}()
	}
	wg.Wait()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a writer: %v", err)
		}
	}
	if _, err := c.Commit(context.Background(), Change{Delete: []string{"c1"}}); !errors.Is(err, ErrClosed) {
		t.Errorf("Commit after Close: %v, want ErrClosed", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if n, err := CountOnDisk(dir); err != nil || n != 8 {
		t.Errorf("%d articles on disk (%v), want 8", n, err)
	}
}

// BenchmarkCommit commits changes of one article, from one writer and from
// 16 at once, and reports the commits per change: each commit costs the
// fsyncs of one persisted snapshot (its segment file, root.bolt, the
// store directory), so with group commit 16 writers pay a fraction of
// them each. Count the fsyncs themselves with strace:
//
//	go test -c ./index && strace -f -c -e trace=fsync,fdatasync ./index.test -test.run '^$' -test.bench 'Commit/16' -test.benchtime 2000x
func BenchmarkCommit(b *testing.B) {
	for _, writers := range []int{1, 16} {
		b.Run(fmt.Sprintf("%d writers", writers), func(b *testing.B) {
			ix, err := Create(filepath.Join(b.TempDir(), "ix"), "")
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			obs := &countingObserver{}
			c := ix.NewCommitter(obs)
			defer c.Close()
			var n atomic.Int64
			commit := func() {
				i := n.Add(1)
				d := Document{ID: fmt.Sprint("c", i), Title: fmt.Sprint("第", i, "条"), Body: "山西省太原市召开会议，部署煤矿安全生产工作。"}
				if _, err := c.Commit(context.Background(), Change{Put: entries(b, d)}); err != nil {
					b.Error(err)
				}
			}
			b.ResetTimer()
			if writers == 1 {
				for range b.N {
					commit()
				}
			} else {
				b.SetParallelism((writers + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						commit()
					}
				})
			}
			b.StopTimer()
			_, commits, _, _ := obs.counts()
			b.ReportMetric(float64(commits)/float64(b.N), "commits/op")
		})
	}
}

// TestCommitterAdoptsTheSampleIndex writes to the sample index that serve
// builds: it becomes the user's, on disk too, so that nothing that
// replaces or rebuilds the sample index takes the article with it.
func TestCommitterAdoptsTheSampleIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir, "seeds")
	if err != nil {
		t.Fatal(err)
	}
	c := ix.NewCommitter(nil)
	if _, err := c.Commit(context.Background(), Change{Put: entries(t, Document{ID: "mine", Title: "t", Body: "b"})}); err != nil {
		t.Fatal(err)
	}
	if o := ix.Meta().Origin; o != "" {
		t.Errorf("origin %q after a write, want the user's", o)
	}
	c.Close()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if o := ix.Meta().Origin; o != "" {
		t.Errorf("origin %q on disk after a write, want the user's", o)
	}
}
