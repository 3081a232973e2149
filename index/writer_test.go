package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

func TestWriter(t *testing.T) {
	t.Run("what is flushed is there after reopening", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "ix")
		ix, err := Create(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		w := ix.NewWriter(7)
		for i := range 50 {
			if err := w.Add(Document{ID: fmt.Sprint("d", i), Title: fmt.Sprint("第", i, "条新闻"), Body: "正文"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if w.Added() != 50 {
			t.Errorf("Added() = %d, want 50", w.Added())
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		ix, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if n, _ := ix.Count(); n != 50 {
			t.Errorf("reopened index has %d documents, want 50", n)
		}
	})

	t.Run("the last version of a document wins, across batches", func(t *testing.T) {
		ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		// Batches of 2: every version of "same" is in a different batch,
		// committed while the next is filled.
		w := ix.NewWriter(2)
		for v := range 20 {
			for _, d := range []Document{
				{ID: "same", Title: fmt.Sprint("version ", v), Body: "body"},
				{ID: fmt.Sprint("other", v), Title: "other", Body: "body"},
			} {
				if err := w.Add(d); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		d, err := ix.Get("same")
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != "version 19" {
			t.Errorf("title = %q, want the last version's", d.Title)
		}
		if n, _ := ix.Count(); n != 21 {
			t.Errorf("index has %d documents, want 21", n)
		}
	})

	t.Run("an invalid document is refused and the rest are written", func(t *testing.T) {
		ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		w := ix.NewWriter(10)
		if err := w.Add(Document{ID: "ok", Title: "fine"}); err != nil {
			t.Fatal(err)
		}
		if err := w.Add(Document{ID: "bad"}); err == nil {
			t.Error("a document with no title and no body was accepted")
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if n, _ := ix.Count(); n != 1 {
			t.Errorf("index has %d documents, want 1", n)
		}
	})

	t.Run("writing to a closed index is an error, not a hang", func(t *testing.T) {
		ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
		if err != nil {
			t.Fatal(err)
		}
		w := ix.NewWriter(10)
		if err := w.Add(Document{ID: "a", Title: "x"}); err != nil {
			t.Fatal(err)
		}
		ix.Close()
		if err := w.Flush(); err == nil {
			t.Error("Flush to a closed index succeeded")
		}
	})
}

func TestFinish(t *testing.T) {
	add := func(t *testing.T, w *Writer, from, to int) {
		t.Helper()
		for i := from; i < to; i++ {
			if err := w.Add(Document{ID: fmt.Sprint("d", i), Title: fmt.Sprint("第", i, "条新闻"), Body: "山西省太原市召开会议"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	t.Run("a bulk load ends in one segment, on disk, and nothing else", func(t *testing.T) {
		w := ix.NewWriter(10)
		add(t, w, 0, 100)
		compacted, err := w.Finish(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !compacted {
			t.Error("a first load was not compacted")
		}
		checkCompacted(t, ix)
	})
	t.Run("a small addition to a large index is not compacted", func(t *testing.T) {
		w := ix.NewWriter(10)
		add(t, w, 100, 110)
		compacted, err := w.Finish(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if compacted {
			t.Error("adding 10 articles to 100 rewrote the index")
		}
		if n, _ := ix.Count(); n != 110 {
			t.Errorf("index has %d documents, want 110", n)
		}
	})
}

// TestCompactManySegments compacts an index of 25 segments: one force merge
// of bleve's merges ten segments at most into each new one.
func TestCompactManySegments(t *testing.T) {
	ix := unmerged(t, 25)
	if paths := snapshotSegments(t, ix); len(paths) != 25 {
		t.Fatalf("%d segments before compacting, want 25 (one for each flushed batch)", len(paths))
	}
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkCompacted(t, ix)
	if n, _ := ix.Count(); n != 250 {
		t.Errorf("the compacted index has %d documents, want 250", n)
	}
}

// TestCompactKeepsWhatASearchReads compacts an index while a search holds
// its snapshot: the files that search reads stay until it is done.
func TestCompactKeepsWhatASearchReads(t *testing.T) {
	ix := unmerged(t, 3)
	before := snapshotSegments(t, ix)
	r := openSnapshot(t, ix)
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range before {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("a file an open search reads was deleted: %v", err)
		}
	}
	if d, err := r.Document("d25"); err != nil || d == nil {
		t.Errorf("the open search cannot read d25 after compacting: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	// Once the search is done, the next compaction deletes them.
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkCompacted(t, ix)
}

// unmerged returns an index of 10 documents in each of batches segments:
// background merging is held off, as it is when a long load outruns it,
// so that every flushed batch stays a segment of its own.
func unmerged(t *testing.T, batches int) *Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ix")
	cfg := openConfig()
	cfg["scorchMergePlanOptions"] = map[string]any{"MaxSegmentsPerTier": 1000, "FloorSegmentSize": 1}
	m, err := NewMapping(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bleve.NewUsing(dir, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ix := wrapIndex(b, dir, Meta{})
	t.Cleanup(func() { ix.Close() })
	w := ix.NewWriter(10)
	for i := range batches * 10 {
		if err := w.Add(Document{ID: fmt.Sprint("d", i), Title: fmt.Sprint("第", i, "条新闻"), Body: "山西省太原市召开会议"}); err != nil {
			t.Fatal(err)
		}
		if i%10 == 9 {
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ix
}

// checkCompacted checks that the index's current snapshot is one segment,
// in a file, and that the files of the segments merged into it are gone.
func checkCompacted(t *testing.T, ix *Index) {
	t.Helper()
	paths := snapshotSegments(t, ix)
	if len(paths) != 1 || paths[0] == "" {
		t.Fatalf("the index is %d segments after compacting (files %q), want one on disk", len(paths), paths)
	}
	files, err := filepath.Glob(filepath.Join(storePath(ix.Dir()), "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0] != paths[0] {
		t.Errorf("segment files %q after compacting, want only the index's one, %s", files, paths[0])
	}
}

// snapshotSegments returns the file of each segment of the index's current
// snapshot ("" for a segment in memory).
func snapshotSegments(t *testing.T, ix *Index) []string {
	t.Helper()
	r := openSnapshot(t, ix)
	defer r.Close()
	var out []string
	for _, s := range r.Segments() {
		p, _ := s.Segment().(segment.PersistedSegment)
		if p == nil {
			out = append(out, "")
			continue
		}
		out = append(out, p.Path())
	}
	return out
}

// openSnapshot returns the index's current snapshot, held open as a search
// holds it until it is closed.
func openSnapshot(t *testing.T, ix *Index) *scorch.IndexSnapshot {
	t.Helper()
	adv, err := ix.Bleve().Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.(*scorch.Scorch).Reader()
	if err != nil {
		t.Fatal(err)
	}
	return r.(*scorch.IndexSnapshot)
}

// TestFlushIsDurable flushes in a child process that then exits without
// closing the index, as a crash would, and opens what it left.
func TestFlushIsDurable(t *testing.T) {
	if dir := os.Getenv("XINWEN_TEST_FLUSH_DIR"); dir != "" {
		ix, err := Create(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		w := ix.NewWriter(7)
		for i := range 50 {
			if err := w.Add(Document{ID: fmt.Sprint("d", i), Title: fmt.Sprint("第", i, "条新闻"), Body: "正文"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		os.Exit(0)
	}
	dir := filepath.Join(t.TempDir(), "ix")
	cmd := exec.Command(os.Args[0], "-test.run=^TestFlushIsDurable$")
	cmd.Env = append(os.Environ(), "XINWEN_TEST_FLUSH_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != 50 {
		t.Errorf("after a crash following Flush, the index has %d documents, want 50", n)
	}
}

func TestWriterLimits(t *testing.T) {
	newWriter := func(t *testing.T) (*Index, *Writer, *[]int) {
		t.Helper()
		ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		w := ix.NewWriter(100)
		var sizes []int
		commit := w.commit
		w.commit = func(b *bleve.Batch) error {
			sizes = append(sizes, b.Size())
			return commit(b)
		}
		return ix, w, &sizes
	}
	t.Run("a batch holds at most its bytes of text, whatever its count", func(t *testing.T) {
		ix, w, sizes := newWriter(t)
		w.maxBytes = 1000
		for i := range 10 {
			if err := w.Add(Document{ID: fmt.Sprint("d", i), Title: "t", Body: strings.Repeat("x", 399)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*sizes, []int{2, 2, 2, 2, 2}) {
			t.Errorf("batches of %v documents, want five of 2 (800 bytes; 1,200 > 1,000)", *sizes)
		}
		if n, _ := ix.Count(); n != 10 {
			t.Errorf("%d documents, want 10", n)
		}
	})
	t.Run("a document larger than the limit is a batch of its own", func(t *testing.T) {
		_, w, sizes := newWriter(t)
		w.maxBytes = 1000
		for i, n := range []int{10, 5000, 10} {
			if err := w.Add(Document{ID: fmt.Sprint("d", i), Title: "t", Body: strings.Repeat("x", n)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*sizes, []int{1, 1, 1}) {
			t.Errorf("batches of %v documents, want 1, 1, 1", *sizes)
		}
	})
	t.Run("a panic in writing a batch is an error, and ends the load", func(t *testing.T) {
		_, w, _ := newWriter(t)
		w.size = 2
		w.commit = func(*bleve.Batch) error { panic("segment builder broke") }
		var err error
		for i := 0; i < 10 && err == nil; i++ {
			err = w.Add(Document{ID: fmt.Sprint("d", i), Title: "t", Body: "b"})
		}
		if err == nil {
			err = w.Flush()
		}
		if err == nil || !strings.Contains(err.Error(), "panic: segment builder broke") {
			t.Fatalf("err = %v, want the panic as an error", err)
		}
		if err := w.Add(Document{ID: "later", Title: "t", Body: "b"}); err == nil {
			t.Error("Add after the failed batch succeeded")
		}
		if w.Added() != 0 {
			t.Errorf("Added() = %d, want 0", w.Added())
		}
	})
	t.Run("an error in writing to disk stops the writer at its next document", func(t *testing.T) {
		ix, w, _ := newWriter(t)
		if err := w.Add(Document{ID: "a", Title: "t", Body: "b"}); err != nil {
			t.Fatal(err)
		}
		ix.fail(errors.New("no space left on device"))
		err := w.Add(Document{ID: "b", Title: "t", Body: "b"})
		if err == nil || !strings.Contains(err.Error(), "no space left on device") {
			t.Errorf("Add after a write error: %v", err)
		}
		if err := w.Flush(); err == nil {
			t.Error("Flush after a write error succeeded")
		}
	})
}

// TestLongArticle is the index side of a limit on what one article costs:
// text past analyzer.MaxAnalyzed characters is stored and returned whole,
// but not searchable.
func TestLongArticle(t *testing.T) {
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	filler := strings.Repeat("中国经济发展。", 20000) // 140,000 characters
	body := "煤矿安全。" + filler + "钢铁冶炼。"
	if err := ix.Add(Document{ID: "long", Title: "长文", Body: body}); err != nil {
		t.Fatal(err)
	}
	if !hasTerm(t, ix, "煤矿") {
		t.Error("a word at the start of a long article is not found")
	}
	if hasTerm(t, ix, "钢铁") {
		t.Error("a word 140,000 characters into the article is found; want the text past the limit not analyzed")
	}
	if d, err := ix.Get("long"); err != nil || d.Body != body {
		t.Errorf("the stored body has %d bytes, want all %d: %v", len(d.Body), len(body), err)
	}
}
