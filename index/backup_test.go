package index

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// backupDocs are n articles of the test's own writing.
func backupDocs(from, n int) []Document {
	docs := make([]Document, n)
	for i := range docs {
		docs[i] = Document{ID: fmt.Sprint("b", from+i), Title: fmt.Sprint("太原第", from+i, "条新闻"),
			Body: "山西省太原市召开会议，部署煤矿安全生产工作。", Date: "2024-05-01", Province: "Shanxi", Source: "test"}
	}
	return docs
}

// indexOf makes an index of docs, on disk, and returns it open.
func indexOf(t *testing.T, docs []Document) *Index {
	t.Helper()
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	w := ix.NewWriter(7)
	for _, d := range docs {
		if err := w.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return ix
}

// restored restores the backup into a new directory and opens it.
func restored(t *testing.T, backup []byte) (*Index, Manifest) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "restored")
	m, err := Restore(context.Background(), bytes.NewReader(backup), dir)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, m
}

func TestBackupAndRestore(t *testing.T) {
	t.Run("a restored index holds every article, whole, and the index's settings", func(t *testing.T) {
		ix := indexOf(t, backupDocs(0, 30))
		if err := ix.b.SetInternal([]byte("xinwen.test"), []byte("kept")); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		m, err := ix.Backup(context.Background(), &buf, "")
		if err != nil {
			t.Fatal(err)
		}
		if m.Documents != 30 || m.Schema != Schema || len(m.Files) < 3 {
			t.Errorf("manifest %+v", m)
		}
		back, got := restored(t, buf.Bytes())
		if !reflect.DeepEqual(got, m) {
			t.Errorf("Restore read the manifest\n %+v\nBackup wrote\n %+v", got, m)
		}
		if n, _ := back.Count(); n != 30 {
			t.Errorf("%d articles restored, want 30", n)
		}
		want, _ := ix.Get("b17")
		if d, err := back.Get("b17"); err != nil || !reflect.DeepEqual(d, want) {
			t.Errorf("restored b17 = %+v, %v; want %+v", d, err, want)
		}
		if back.Meta() != ix.Meta() {
			t.Errorf("meta %+v, want %+v", back.Meta(), ix.Meta())
		}
		if v, _ := back.b.GetInternal([]byte("xinwen.test")); string(v) != "kept" {
			t.Errorf("an internal value came back as %q", v)
		}
		// Nothing of the staging is left beside the index.
		if left, _ := filepath.Glob(ix.Dir() + ".backup-*"); len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
	})

	t.Run("articles searchable but not yet on disk are in the backup", func(t *testing.T) {
		ix := indexOf(t, backupDocs(0, 5))
		// Add returns once the articles are searchable, before bleve has
		// written them (unsafe_batch).
		if err := ix.Add(backupDocs(5, 5)...); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := ix.Backup(context.Background(), &buf, ""); err != nil {
			t.Fatal(err)
		}
		back, _ := restored(t, buf.Bytes())
		if _, err := back.Get("b9"); err != nil {
			t.Errorf("the last article added is not in the backup: %v", err)
		}
	})

	t.Run("a backup taken while articles are written is one snapshot", func(t *testing.T) {
		ix := indexOf(t, backupDocs(0, 10))
		var wg sync.WaitGroup
		stop := make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := ix.Add(backupDocs(10*i, 10)...); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		var buf bytes.Buffer
		m, err := ix.Backup(context.Background(), &buf, "")
		close(stop)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		back, _ := restored(t, buf.Bytes())
		n, _ := back.Count()
		if n != m.Documents || n%10 != 0 {
			t.Errorf("restored %d articles, manifest %d: want the same, whole batches of 10", n, m.Documents)
		}
	})

	t.Run("a closed index is backed up without being changed", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "ix")
		ix, err := Create(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		err = ix.Add(backupDocs(0, 12)...)
		if cerr := ix.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		before := tree(t, dir)
		var buf bytes.Buffer
		m, err := BackupDir(context.Background(), dir, &buf, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if after := tree(t, dir); !reflect.DeepEqual(after, before) {
			t.Errorf("the index changed:\n%v\n%v", before, after)
		}
		if m.Documents != 12 {
			t.Errorf("manifest says %d articles, want 12", m.Documents)
		}
		if back, _ := restored(t, buf.Bytes()); back != nil {
			if n, _ := back.Count(); n != 12 {
				t.Errorf("restored %d, want 12", n)
			}
		}
	})

	t.Run("a gzipped backup restores", func(t *testing.T) {
		ix := indexOf(t, backupDocs(0, 3))
		var buf bytes.Buffer
		gz := gzip.NewWriter(&buf)
		if _, err := ix.Backup(context.Background(), gz, ""); err != nil {
			t.Fatal(err)
		}
		gz.Close()
		back, _ := restored(t, buf.Bytes())
		if n, _ := back.Count(); n != 3 {
			t.Errorf("restored %d, want 3", n)
		}
	})
}

// entries rewrites a backup's tar entries through edit, which may change
// a header or its contents, or drop the entry (nil).
func rewrite(t *testing.T, backup []byte, edit func(h *tar.Header, body []byte) []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	tr, tw := tar.NewReader(bytes.NewReader(backup)), tar.NewWriter(&out)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(tr)
		if body = edit(h, body); body == nil {
			continue
		}
		h.Size = int64(len(body))
		tw.WriteHeader(h)
		tw.Write(body)
	}
	tw.Close()
	return out.Bytes()
}

func TestRestoreRefuses(t *testing.T) {
	ix := indexOf(t, backupDocs(0, 8))
	var good bytes.Buffer
	if _, err := ix.Backup(context.Background(), &good, ""); err != nil {
		t.Fatal(err)
	}
	segment := func(h *tar.Header) bool { return strings.HasSuffix(h.Name, ".zap") }
	tests := []struct {
		name   string
		backup []byte
		target func(t *testing.T) string
		want   string
	}{
		{"a restore over an index is refused", good.Bytes(), func(t *testing.T) string {
			dir := filepath.Join(t.TempDir(), "ix")
			ix, err := Create(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			ix.Close()
			return dir
		},
			"there is an index there already"},
		{"a restore into a folder of the user's files is refused", good.Bytes(), func(t *testing.T) string { return userFiles(t) },
			"holds sub/, thesis.txt: not an index"},
		{"a backup with a byte of a segment changed is refused", rewrite(t, good.Bytes(), func(h *tar.Header, b []byte) []byte {
			if segment(h) {
				b[len(b)/2] ^= 0xff
			}
			return b
		}), nil, "is damaged: its SHA-256 is"},
		{"a backup cut short is refused", good.Bytes()[:good.Len()/2], nil, "cut short"},
		{"a backup without one of its segments is refused", rewrite(t, good.Bytes(), func(h *tar.Header, b []byte) []byte {
			if segment(h) {
				return nil
			}
			return b
		}), nil, "cut short: it lacks store/"},
		{"a backup with a file outside the index is refused", rewrite(t, good.Bytes(), func(h *tar.Header, b []byte) []byte {
			if segment(h) {
				h.Name = "index/../../evil.zap"
			}
			return b
		}), nil, `it holds "index/../../evil.zap", which its manifest does not list`},
		{"a file that is not a backup is refused", []byte("thesis\n"), nil, "not a backup of xinwen's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "restored")
			if tt.target != nil {
				dir = tt.target(t)
			}
			before := map[string]string{}
			if _, err := os.Stat(dir); err == nil {
				before = tree(t, dir)
			}
			_, err := Restore(context.Background(), bytes.NewReader(tt.backup), dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error saying %q", err, tt.want)
			}
			after := map[string]string{}
			if _, err := os.Stat(dir); err == nil {
				after = tree(t, dir)
			}
			if !reflect.DeepEqual(after, before) {
				t.Errorf("%s changed:\n%v\n%v", dir, before, after)
			}
			if _, err := os.Stat(dir + ".restoring"); !os.IsNotExist(err) {
				t.Errorf("%s.restoring was left behind", dir)
			}
		})
	}
}
