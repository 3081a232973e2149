package index

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Run("an open index on a writable disk is healthy", func(t *testing.T) {
		if err := indexOf(t, backupDocs(0, 3)).Check(); err != nil {
			t.Errorf("Check() = %v", err)
		}
	})
	t.Run("an index whose background writes failed is not", func(t *testing.T) {
		ix := indexOf(t, backupDocs(0, 3))
		ix.fail(errors.New("no space left on device")) // as bleve's persister reports it
		if err := ix.Check(); err == nil || !strings.Contains(err.Error(), "no space left on device") {
			t.Errorf("Check() = %v, want the write error", err)
		}
	})
	t.Run("an index whose directory cannot be written is not", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root may write anywhere")
		}
		ix := indexOf(t, backupDocs(0, 3))
		store := filepath.Join(ix.Dir(), "store")
		if err := os.Chmod(store, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(store, 0o755)
		if err := ix.Check(); err == nil || !strings.Contains(err.Error(), "cannot be written") {
			t.Errorf("Check() = %v, want the store unwritable", err)
		}
	})
}

func TestStats(t *testing.T) {
	ix := indexOf(t, backupDocs(0, 20))
	// bleve persists and merges in the background: the files are only
	// still once Compact has waited for its clean-up, so the bytes are
	// compared then.
	if err := ix.Compact(t.Context()); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	var bytes int64
	filepath.Walk(ix.Dir(), func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			bytes += info.Size()
		}
		return nil
	})
	if st.Documents != 20 || st.Segments != 1 || st.Bytes != bytes || st.FreeBytes <= 0 {
		t.Errorf("Stats() = %+v; want 20 documents, 1 segment after Compact, %d bytes, some free space", st, bytes)
	}
}
