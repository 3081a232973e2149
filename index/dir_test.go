package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// tree returns every file and folder under root, with a digest of each
// file's contents: two trees are equal when nothing was added, removed or
// changed.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			files[rel+"/"] = ""
			return nil
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(raw)
		files[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// userFiles makes the folder of a user's own files: thesis.txt and
// sub/d.csv.
func userFiles(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "v")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"thesis.txt": "x\n", "sub/d.csv": "y\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestOpenSaysWhatIsThere(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T) string
		is   error  // what the error wraps
		says string // in the message
	}{
		{"a missing directory is no index", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope") }, ErrNotExist, "no index"},
		{"an empty directory is no index", func(t *testing.T) string { return t.TempDir() }, ErrNotExist, "the directory is empty"},
		{"a directory of the user's files is not an index, and they are named", userFiles, ErrNotIndex, "holds sub/, thesis.txt"},
		{"a file is not an index", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "notes.txt")
			os.WriteFile(p, []byte("mine"), 0o644)
			return p
		}, ErrNotIndex, "is a file"},
		{"an index without its index_meta.json is not opened, and the message says how to restore it", func(t *testing.T) string {
			dir := newIndex(t)
			os.Remove(filepath.Join(dir, metaFile))
			return dir
		}, ErrNotIndex, "looks like an index that lost its index_meta.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.make(t)
			before := tree(t, filepath.Dir(p))
			ix, err := Open(p)
			if err == nil {
				ix.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Open: %v\nwant an error wrapping %q that says %q", err, tt.is, tt.says)
			}
			if after := tree(t, filepath.Dir(p)); !reflect.DeepEqual(before, after) {
				t.Errorf("Open changed what was there:\nbefore %v\nafter  %v", before, after)
			}
		})
	}

	t.Run("an index that lost its index_meta.json opens again once it is written as the message says", func(t *testing.T) {
		dir := newIndex(t)
		os.Remove(filepath.Join(dir, metaFile))
		_, err := Open(dir)
		if err == nil || !strings.Contains(err.Error(), metaJSON) {
			t.Fatalf("Open: %v, want the text to write", err)
		}
		if err := os.WriteFile(filepath.Join(dir, metaFile), []byte(metaJSON), 0o644); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if n, _ := ix.Count(); n != uint64(len(rebuildDocs)) {
			t.Errorf("the index has %d documents, want its %d", n, len(rebuildDocs))
		}
	})
}

func TestCreateOnlyWhereNothingIs(t *testing.T) {
	t.Run("in an empty directory", func(t *testing.T) {
		ix, err := Create(t.TempDir(), "")
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
	})
	t.Run("not in a directory of the user's files, which stay as they were", func(t *testing.T) {
		dir := userFiles(t)
		before := tree(t, dir)
		if ix, err := Create(dir, ""); !errors.Is(err, ErrNotIndex) {
			if err == nil {
				ix.Close()
			}
			t.Fatalf("Create: %v, want ErrNotIndex", err)
		}
		if after := tree(t, dir); !reflect.DeepEqual(before, after) {
			t.Errorf("Create changed the folder:\nbefore %v\nafter  %v", before, after)
		}
	})
	t.Run("not over an index", func(t *testing.T) {
		if ix, err := Create(newIndex(t), ""); err == nil || !strings.Contains(err.Error(), "there is an index there already") {
			if err == nil {
				ix.Close()
			}
			t.Fatalf("Create: %v", err)
		}
	})
}

func TestDiscard(t *testing.T) {
	t.Run("an index alone in its directory is removed", func(t *testing.T) {
		dir := newIndex(t)
		if err := Discard(dir); err != nil {
			t.Fatal(err)
		}
		if left, _ := os.ReadDir(filepath.Dir(dir)); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	})
	for _, stranger := range []string{"notes.txt", "store/notes.txt", "store/backup/"} {
		t.Run("an index with "+stranger+" beside it is left whole", func(t *testing.T) {
			dir := newIndex(t)
			p := filepath.Join(dir, stranger)
			if strings.HasSuffix(stranger, "/") {
				os.Mkdir(p, 0o755)
			} else {
				os.WriteFile(p, []byte("mine"), 0o644)
			}
			before := tree(t, dir)
			err := Discard(dir)
			if !errors.Is(err, ErrNotIndex) || !strings.Contains(err.Error(), stranger) {
				t.Errorf("Discard: %v, want a refusal naming %s", err, stranger)
			}
			if after := tree(t, dir); !reflect.DeepEqual(before, after) {
				t.Errorf("Discard changed the folder:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
	t.Run("a file is not removed", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "index")
		os.WriteFile(p, []byte("mine"), 0o644)
		if err := Discard(p); !errors.Is(err, ErrNotIndex) {
			t.Errorf("Discard: %v", err)
		}
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	})
}

func TestRebuildRemovesNothingOfTheUsers(t *testing.T) {
	t.Run("an index with the user's file in its directory is not rebuilt", func(t *testing.T) {
		dir := newIndex(t)
		os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
		before := tree(t, filepath.Dir(dir))
		if _, err := Rebuild(t.Context(), dir, nil, 10); !errors.Is(err, ErrNotIndex) || !strings.Contains(err.Error(), "notes.txt") {
			t.Errorf("Rebuild: %v, want a refusal naming notes.txt", err)
		}
		if after := tree(t, filepath.Dir(dir)); !reflect.DeepEqual(before, after) {
			t.Errorf("Rebuild changed the folder:\nbefore %v\nafter  %v", before, after)
		}
	})
	t.Run("a folder of the user's where the new index is built is not removed", func(t *testing.T) {
		dir := newIndex(t)
		theirs := dir + buildSuffix
		os.MkdirAll(theirs, 0o755)
		os.WriteFile(filepath.Join(theirs, "notes.txt"), []byte("mine"), 0o644)
		if _, err := Rebuild(t.Context(), dir, nil, 10); err == nil {
			t.Error("Rebuild succeeded")
		}
		if raw, err := os.ReadFile(filepath.Join(theirs, "notes.txt")); err != nil || string(raw) != "mine" {
			t.Errorf("notes.txt: %q, %v", raw, err)
		}
	})
	t.Run("a folder of the user's named like a half-swapped index is not moved into its place", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		theirs := dir + oldSuffix
		os.MkdirAll(theirs, 0o755)
		os.WriteFile(filepath.Join(theirs, "notes.txt"), []byte("mine"), 0o644)
		if _, err := Open(dir); !errors.Is(err, ErrNotExist) {
			t.Errorf("Open: %v, want no index", err)
		}
		if _, err := os.Stat(filepath.Join(theirs, "notes.txt")); err != nil {
			t.Error(err)
		}
	})
}
