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
	segments := func(t *testing.T, dir string) int {
		t.Helper()
		m, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
		if err != nil {
			t.Fatal(err)
		}
		return len(m)
	}
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

	t.Run("a bulk load ends in one segment, on disk", func(t *testing.T) {
		w := ix.NewWriter(10)
		add(t, w, 0, 100)
		compacted, err := w.Finish(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !compacted {
			t.Error("a first load was not compacted")
		}
		if n := segments(t, dir); n != 1 {
			t.Errorf("%d segment files after compacting, want 1", n)
		}
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
