package index

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/analyzer"
)

var rebuildDocs = []Document{
	{ID: "a", Title: "新质生产力", Body: "太原因地制宜发展新质生产力。", Date: "2024-03-05", Province: "Shanxi", Places: []string{"140000", "140100"}, Source: "test", Lang: "zh", URL: "https://example.com/a"},
	{ID: "b", Title: "Coking coal", Body: "Shanxi Coking Coal Group.", Lang: "en"},
}

func newIndex(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(rebuildDocs...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// hasTerm reports whether the body field of the index has term.
func hasTerm(t *testing.T, ix *Index, term string) bool {
	t.Helper()
	return len(termDocs(t, ix, term)) > 0
}

func userDict(t *testing.T, words string) *analyzer.UserDict {
	t.Helper()
	d, err := analyzer.ParseUserDict(strings.NewReader(words), "words.txt")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDocuments(t *testing.T) {
	dir := newIndex(t)
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	got := map[string]Document{}
	err = ix.Documents(context.Background(), func(d Document) error {
		got[d.ID] = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rebuildDocs) {
		t.Errorf("Documents gave %d documents, want %d", len(got), len(rebuildDocs))
	}
	for _, d := range rebuildDocs {
		want, err := ix.Get(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[d.ID], want) {
			t.Errorf("document %q is\n%+v, Get gives\n%+v", d.ID, got[d.ID], want)
		}
	}
	if p := got["a"].Places; len(p) != 2 {
		t.Errorf("places of a: %v, want both", p)
	}
}

func TestRebuild(t *testing.T) {
	t.Run("a new dictionary makes its words terms and keeps every document", func(t *testing.T) {
		dir := newIndex(t)
		dict := userDict(t, "新质生产力\n")
		n, err := Rebuild(context.Background(), dir, dict, 1)
		if err != nil || n != len(rebuildDocs) {
			t.Fatalf("Rebuild = %d, %v; want %d documents", n, err, len(rebuildDocs))
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if ix.Meta().Dict != dict.ID() || ix.Meta().DictWords != 1 {
			t.Errorf("meta %+v, want the dictionary %s of 1 word", ix.Meta(), dict.ID())
		}
		if got := ix.QueryAnalyzer().(*analyzer.Analyzer).UserDict().ID(); got != dict.ID() {
			t.Errorf("Open gives a query analyzer over dictionary %q, want the index's %q", got, dict.ID())
		}
		if !hasTerm(t, ix, "新质生产力") {
			t.Error("新质生产力 is not a term after rebuilding with it in the dictionary")
		}
		if _, err := os.Stat(dir + buildSuffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is left behind: %v", dir+buildSuffix, err)
		}
	})

	t.Run("a rebuild that fails leaves the old index as it was", func(t *testing.T) {
		dir := newIndex(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Rebuild(ctx, dir, userDict(t, "新质生产力\n"), 1); !errors.Is(err, context.Canceled) {
			t.Fatalf("Rebuild with a cancelled context: %v", err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if n, _ := ix.Count(); n != uint64(len(rebuildDocs)) || ix.Meta().Dict != "" || hasTerm(t, ix, "新质生产力") {
			t.Errorf("after a failed rebuild: %d documents, meta %+v", n, ix.Meta())
		}
		if _, err := os.Stat(dir + buildSuffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is left behind: %v", dir+buildSuffix, err)
		}
	})

	t.Run("an index of another version is rebuilt for this one", func(t *testing.T) {
		dir := newIndex(t)
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(Meta{Schema: schemaVersion - 1})
		if err := ix.Bleve().SetInternal([]byte(metaKey), raw); err != nil {
			t.Fatal(err)
		}
		ix.Close()
		if ix, err := Open(dir); !errors.Is(err, ErrSchema) {
			t.Fatalf("Open of an old index: %v", err)
		} else {
			ix.Close()
		}
		if _, err := Rebuild(context.Background(), dir, nil, 100); err != nil {
			t.Fatal(err)
		}
		ix, err = Open(dir)
		if err != nil {
			t.Fatalf("Open after the rebuild: %v", err)
		}
		defer ix.Close()
		if n, _ := ix.Count(); n != uint64(len(rebuildDocs)) || ix.Meta().Schema != schemaVersion {
			t.Errorf("after the rebuild: %d documents, schema %d; want %d documents, schema %d", n, ix.Meta().Schema, len(rebuildDocs), schemaVersion)
		}
		if d, err := ix.Get("a"); err != nil || d.Title != "新质生产力" || d.Date != "2024-03-05" || d.ProvinceCode != "140000" {
			t.Errorf("document a after the rebuild: %+v, %v", d, err)
		}
	})

	t.Run("an index held open elsewhere is not rebuilt", func(t *testing.T) {
		dir := newIndex(t)
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if _, err := Rebuild(context.Background(), dir, nil, 100); err == nil || !strings.Contains(err.Error(), "in use") {
			t.Errorf("Rebuild of an open index: %v, want it refused as in use", err)
		}
	})
}

func TestSwap(t *testing.T) {
	for name, swapFn := range map[string]func(string, string) error{"in one step": swap, "by two renames": swapByRenames} {
		t.Run(name+", the new index takes the old one's place", func(t *testing.T) {
			root := t.TempDir()
			dir, next := filepath.Join(root, "index"), filepath.Join(root, "index.rebuilding")
			for _, d := range []string{dir, next} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(d, "which"), []byte(filepath.Base(d)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := swapFn(next, dir); err != nil {
				t.Fatal(err)
			}
			for d, want := range map[string]string{dir: "index.rebuilding", next: "index"} {
				if got, _ := os.ReadFile(filepath.Join(d, "which")); string(got) != want {
					t.Errorf("%s holds %q, want %q", d, got, want)
				}
			}
		})
	}
	t.Run("an index left in .old by an interrupted swap is moved back", func(t *testing.T) {
		dir := newIndex(t)
		if err := os.Rename(dir, dir+oldSuffix); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer ix.Close()
		if n, _ := ix.Count(); n != uint64(len(rebuildDocs)) {
			t.Errorf("recovered index has %d documents", n)
		}
	})
}

func TestRebuildKeepsIDsOfOlderRules(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	// As an older xinwen indexed it, before ids with / were refused.
	w := ix.NewWriter(10)
	e, err := check(Document{ID: "2024/03/a", Title: "t", Body: "b"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(e); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if n, err := Rebuild(context.Background(), dir, nil, 10); err != nil || n != 1 {
		t.Fatalf("Rebuild = %d, %v; want the document kept", n, err)
	}
}
