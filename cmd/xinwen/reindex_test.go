package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index"
)

func TestUserDictionaryAndReindex(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "index")
	news := write(t, dir, "news.jsonl", strings.Join([]string{
		`{"id":"n1","title":"发展新质生产力","body":"山西省因地制宜发展新质生产力，推动煤炭产业转型。","date":"2024-03-05","lang":"zh"}`,
		`{"id":"n2","title":"煤炭产业","body":"创新质量和生产力是两回事。","date":"2024-03-06","lang":"zh"}`,
	}, "\n")+"\n")
	if _, stderr, err := run(t, "index", "-index", idx, news); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr)
	}
	search := func(q string) string {
		t.Helper()
		stdout, stderr, err := run(t, "search", "-index", idx, q)
		if err != nil {
			t.Fatalf("search %s: %v\n%s", q, err, stderr)
		}
		return stdout
	}
	t.Run("an unknown word is found where it is, and only there", func(t *testing.T) {
		out := search("新质生产力")
		if !strings.Contains(out, "1. 发展[新质生产力]") || strings.Contains(out, "2. ") {
			t.Errorf("search prints:\n%s", out)
		}
	})

	words := write(t, dir, "words.txt", "# our terms\n新质生产力 50\n")
	t.Run("index refuses a dictionary the index was not built with", func(t *testing.T) {
		_, _, err := run(t, "index", "-index", idx, "-dict", words, news)
		if err == nil || !strings.Contains(err.Error(), "xinwen reindex -index "+idx+" -dict FILE") {
			t.Errorf("err = %v, want one telling to reindex", err)
		}
	})
	t.Run("reindex rebuilds with the dictionary", func(t *testing.T) {
		stdout, stderr, err := run(t, "reindex", "-index", idx, "-dict", words)
		if err != nil {
			t.Fatalf("reindex: %v\n%s", err, stderr)
		}
		if !strings.Contains(stdout, "reindexed 2 articles in "+idx+" with a user dictionary of 1 word ") {
			t.Errorf("reindex prints %q", stdout)
		}
		if out := search("新质生产力"); !strings.Contains(out, "1. 发展[新质生产力]") || strings.Contains(out, "2. ") {
			t.Errorf("search after reindex prints:\n%s", out)
		}
		ix, err := index.Open(idx)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if got := ix.QueryAnalyzer().(*analyzer.Analyzer).UserDict().Len(); got != 1 {
			t.Errorf("the index is searched with a dictionary of %d words, want its own 1", got)
		}
	})
	t.Run("index with the same dictionary adds to the index", func(t *testing.T) {
		more := write(t, dir, "more.jsonl", `{"id":"n3","title":"新质生产力","body":"加快培育新质生产力。","lang":"zh"}`+"\n")
		if _, stderr, err := run(t, "index", "-index", idx, "-dict", words, more); err != nil {
			t.Fatalf("index: %v\n%s", err, stderr)
		}
		out := search("新质生产力")
		for _, want := range []string{"2 results", "发展[新质生产力]", "\n1. [新质生产力]\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("search prints:\n%s\nwant %q in it", out, want)
			}
		}
	})
	t.Run("reindex without -dict keeps the dictionary, -dict= drops it", func(t *testing.T) {
		if stdout, _, err := run(t, "reindex", "-index", idx); err != nil || !strings.Contains(stdout, "reindexed 3 articles") || !strings.Contains(stdout, "of 1 word ") {
			t.Errorf("reindex: %q, %v", stdout, err)
		}
		if stdout, _, err := run(t, "reindex", "-index", idx, "-dict="); err != nil || !strings.Contains(stdout, "with no user dictionary") {
			t.Errorf("reindex -dict=: %q, %v", stdout, err)
		}
	})
	t.Run("a bad dictionary is named with its line, and nothing changes", func(t *testing.T) {
		bad := write(t, dir, "bad.txt", "新质生产力\n碳达峰 often\n")
		_, _, err := run(t, "reindex", "-index", idx, "-dict", bad)
		if err == nil || !strings.Contains(err.Error(), bad+`:2: frequency "often"`) {
			t.Errorf("err = %v, want the file and line", err)
		}
		if out := search("新质生产力"); !strings.Contains(out, "1. ") {
			t.Errorf("the index no longer answers:\n%s", out)
		}
	})
	t.Run("reindex of a missing index says so", func(t *testing.T) {
		_, _, err := run(t, "reindex", "-index", filepath.Join(dir, "nope"))
		if err == nil || !strings.Contains(err.Error(), "no index") {
			t.Errorf("err = %v", err)
		}
	})
}
