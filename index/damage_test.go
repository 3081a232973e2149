package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// compactIndex makes an index of a few documents in one segment, closed,
// and returns its directory and the segment's path.
func compactIndex(t *testing.T) (dir, segment string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "index")
	ix, err := Create(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	w := ix.NewWriter(3)
	for i := range 10 {
		if err := w.Add(Document{ID: fmt.Sprint("d", i), Title: fmt.Sprint("第", i, "条新闻"), Body: "山西省太原市召开会议，部署煤矿安全生产工作。"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Finish(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	segs, _ := filepath.Glob(filepath.Join(dir, storeDir, "*.zap"))
	if len(segs) != 1 {
		t.Fatalf("%d segments after compacting, want 1", len(segs))
	}
	return dir, segs[0]
}

func TestOpenRefusesADamagedIndex(t *testing.T) {
	flipFooter := func(p string) error {
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i := len(raw) - 24; i < len(raw); i++ {
			raw[i] ^= 0xff
		}
		return os.WriteFile(p, raw, 0o600)
	}
	cutInHalf := func(p string) error {
		info, err := os.Stat(p)
		if err != nil {
			return err
		}
		return os.Truncate(p, info.Size()/2)
	}
	flipMiddle := func(p string) error {
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		raw[len(raw)/2] ^= 0x01
		return os.WriteFile(p, raw, 0o600)
	}
	empty := func(p string) error { return os.Truncate(p, 0) }
	tests := []struct {
		name   string
		damage func(dir, segment string) error
		file   string // the file named, relative to the index; "segment" for the segment
	}{
		{"a segment with its footer flipped", func(_, seg string) error { return flipFooter(seg) }, "segment"},
		{"a segment cut in half", func(_, seg string) error { return cutInHalf(seg) }, "segment"},
		{"a segment with one bit flipped in its middle", func(_, seg string) error { return flipMiddle(seg) }, "segment"},
		{"an emptied segment", func(_, seg string) error { return empty(seg) }, "segment"},
		{"a missing segment", func(_, seg string) error { return os.Remove(seg) }, "segment"},
		{"an emptied root.bolt", func(dir, _ string) error { return empty(filepath.Join(dir, storeDir, rootFile)) }, "store/root.bolt"},
		{"root.bolt cut after its first pages", func(dir, _ string) error { return os.Truncate(filepath.Join(dir, storeDir, rootFile), 8192) }, "store/root.bolt"},
		{"an emptied store", func(dir, _ string) error {
			files, _ := filepath.Glob(filepath.Join(dir, storeDir, "*"))
			for _, f := range files {
				if err := os.Remove(f); err != nil {
					return err
				}
			}
			return nil
		}, "store/root.bolt"},
		{"a missing store", func(dir, _ string) error { return os.RemoveAll(filepath.Join(dir, storeDir)) }, "store"},
		{"an emptied index_meta.json", func(dir, _ string) error { return empty(filepath.Join(dir, metaFile)) }, metaFile},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused, by name, and left as it is", func(t *testing.T) {
			dir, seg := compactIndex(t)
			if err := tt.damage(dir, seg); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, filepath.FromSlash(tt.file))
			if tt.file == "segment" {
				file = seg
			}
			before := tree(t, dir)
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("panic: %v", r)
					}
				}()
				var ix *Index
				if ix, err = Open(dir); err == nil {
					ix.Close()
				}
			}()
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("Open: %v, want ErrDamaged", err)
			}
			for _, want := range []string{file, "Restore the index from a backup", "xinwen index -index NEWDIR"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Open: %v\nwant it to say %q", err, want)
				}
			}
			if after := tree(t, dir); !reflect.DeepEqual(before, after) {
				t.Errorf("Open changed the damaged index:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}
