package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchCommandStories indexes the articles written for the tests of
// stories (a story in four versions, a look-alike, another story) and
// searches them as a user at a terminal does.
func TestSearchCommandStories(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "index")
	if _, stderr, err := run(t, "index", "-index", idx, "../../index/testdata/stories.jsonl"); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr)
	}
	t.Run("a search prints one hit per story, and how many more versions it has", func(t *testing.T) {
		stdout, stderr, err := run(t, "search", "-index", idx, "图书馆", "夜间开放")
		if err != nil {
			t.Fatalf("search: %v\n%s", err, stderr)
		}
		if !strings.HasPrefix(stdout, "5 results in 2 stories") || !strings.Contains(stdout, "3 more versions (-story library-night)") || strings.Count(stdout, "\n1. ") != 1 || strings.Contains(stdout, "\n3. ") {
			t.Errorf("search prints:\n%s", stdout)
		}
	})
	t.Run("-story lists the versions, earliest first", func(t *testing.T) {
		stdout, stderr, err := run(t, "search", "-index", idx, "-story", "library-night", "-sort", "date")
		if err != nil {
			t.Fatalf("search: %v\n%s", err, stderr)
		}
		for _, id := range []string{"library-night", "library-portal", "library-reordered", "library-traditional"} {
			if !strings.Contains(stdout, " · "+id+"\n") {
				t.Errorf("%s is not listed:\n%s", id, stdout)
			}
		}
		if i, j := strings.Index(stdout, "· library-night\n"), strings.Index(stdout, "· library-traditional\n"); i < 0 || j < i {
			t.Errorf("not earliest first:\n%s", stdout)
		}
	})
	t.Run("-collapse=false prints every article", func(t *testing.T) {
		stdout, _, err := run(t, "search", "-index", idx, "-collapse=false", "图书馆", "夜间开放")
		if err != nil || !strings.HasPrefix(stdout, "5 results (") || !strings.Contains(stdout, "\n5. ") || strings.Contains(stdout, "more version") {
			t.Errorf("search prints (%v):\n%s", err, stdout)
		}
	})
}
