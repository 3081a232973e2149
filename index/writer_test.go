package index

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
