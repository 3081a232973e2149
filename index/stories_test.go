package index

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// storyDocs reads testdata/stories.jsonl, articles written for these
// tests: library-night, and three reprints of it (a portal's, with a
// header, a footer and a headline of its own; one with its paragraphs
// reordered; one in traditional script), branch-night, which reads like
// it but is another library's news, and bridge-closed, another story.
func storyDocs(t testing.TB) map[string]Document {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "stories.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]Document{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var d Document
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		out[d.ID] = d
	}
	return out
}

// storiesOf returns the story of each id, from the stored documents.
func storiesOf(t *testing.T, ix *Index, ids ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, id := range ids {
		d, err := ix.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		out[id] = d.Story
	}
	return out
}

func wantStories(t *testing.T, ix *Index, want map[string]string) {
	t.Helper()
	var ids []string
	for id := range want {
		ids = append(ids, id)
	}
	got := storiesOf(t, ix, ids...)
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s is in story %q, want %q", id, got[id], w)
		}
	}
}

var everyStory = map[string]string{
	"library-night": "library-night", "library-portal": "library-night",
	"library-reordered": "library-night", "library-traditional": "library-night",
	"branch-night": "branch-night", "bridge-closed": "bridge-closed",
}

func TestStories(t *testing.T) {
	docs := storyDocs(t)
	put := func(t *testing.T, c *Committer, ids ...string) {
		t.Helper()
		var ch Change
		for _, id := range ids {
			ch.Put = append(ch.Put, entries(t, docs[id])...)
		}
		if _, err := c.Commit(context.Background(), ch); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("reprints loaded in one go join the earliest article's story, and a look-alike stays apart", func(t *testing.T) {
		ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		w := ix.NewWriter(2) // batches of two: a reprint's original is in flight or on disk
		for _, id := range []string{"library-portal", "library-traditional", "branch-night", "library-reordered", "bridge-closed", "library-night"} {
			if err := w.Add(docs[id]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		wantStories(t, ix, everyStory)
	})
	t.Run("an original written after its reprint takes the story over, and its deletion keeps the story together", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "ix")
		ix, err := Create(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		c := ix.NewCommitter(nil)
		put(t, c, "library-portal", "branch-night")
		put(t, c, "library-traditional")
		wantStories(t, ix, map[string]string{"library-portal": "library-portal", "library-traditional": "library-portal"})
		put(t, c, "library-night")
		wantStories(t, ix, map[string]string{"library-night": "library-night", "library-portal": "library-night", "library-traditional": "library-night", "branch-night": "branch-night"})
		if _, err := c.Commit(context.Background(), Change{Delete: []string{"library-night"}}); err != nil {
			t.Fatal(err)
		}
		wantStories(t, ix, map[string]string{"library-portal": "library-portal", "library-traditional": "library-portal"})
		// After a restart, the stories are read back, and a late reprint
		// still finds its own.
		c.Close()
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		ix, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		c = ix.NewCommitter(nil)
		defer c.Close()
		put(t, c, "library-reordered", "library-night")
		wantStories(t, ix, map[string]string{"library-night": "library-night", "library-portal": "library-night", "library-traditional": "library-night", "library-reordered": "library-night", "branch-night": "branch-night"})
	})
}

// BenchmarkReadStories measures what the first write after Open costs
// to read the stories back from the index in XINWEN_BENCH_INDEX (one
// built by xinwen index; it is opened, not changed):
//
//	XINWEN_BENCH_INDEX=/tmp/zh go test ./index -run '^$' -bench ReadStories -benchtime 3x
func BenchmarkReadStories(b *testing.B) {
	dir := os.Getenv("XINWEN_BENCH_INDEX")
	if dir == "" {
		b.Skip("set XINWEN_BENCH_INDEX to an index built by xinwen index")
	}
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for b.Loop() {
		ix.dropStories()
		if _, err := ix.storyIndex(); err != nil {
			b.Fatal(err)
		}
	}
	n, _ := ix.Count()
	b.ReportMetric(float64(n), "articles")
}
