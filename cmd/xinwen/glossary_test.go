package main

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// TestGlossary checks a user's glossary: index -glossary keeps it with
// the index, searches translate with it from then on, a search can turn
// translation off, and a bad line is an error naming the file and line.
func TestGlossary(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "index")
	news := write(t, dir, "news.jsonl", strings.Join([]string{
		`{"id":"z1","title":"太忻一体化推进绿色转型","body":"太忻经济区召开会议，推进绿色低碳转型。","date":"2024-03-05","lang":"zh"}`,
		`{"id":"e1","title":"Taixin integration speeds up","body":"The Taixin integration zone said its output rose.","date":"2024-03-06","lang":"en"}`,
	}, "\n")+"\n")
	terms := write(t, dir, "terms.txt", "# our terms\n太忻一体化 | 太忻经济区 = Taixin integration | Taiyuan-Xinzhou economic zone\n")
	if _, stderr, err := run(t, "index", "-index", idx, "-glossary", terms, news); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr)
	}
	search := func(args ...string) string {
		t.Helper()
		stdout, stderr, err := run(t, append([]string{"search", "-index", idx}, args...)...)
		if err != nil {
			t.Fatalf("search %s: %v\n%s", args, err, stderr)
		}
		return stdout
	}
	t.Run("the user's entry translates an English query into Chinese, kept with the index", func(t *testing.T) {
		out := search("Taixin integration")
		if !strings.Contains(out, "2 results") || !strings.Contains(out, "[太忻一体化]推进绿色转型") ||
			!strings.Contains(out, "also searched: Taixin integration → 太忻一体化, 太忻经济区") {
			t.Errorf("search prints:\n%s", out)
		}
		if !strings.Contains(out, "z1 · by translation") {
			t.Errorf("the Chinese hit does not say it matched by translation:\n%s", out)
		}
	})
	t.Run("-xlang off searches the words as typed only", func(t *testing.T) {
		out := search("-xlang", "off", "Taixin integration")
		if !strings.Contains(out, "1 results") || strings.Contains(out, "also searched") {
			t.Errorf("search prints:\n%s", out)
		}
	})
	t.Run("a bad line is refused with its file and line, and the index keeps its glossary", func(t *testing.T) {
		bad := write(t, dir, "bad.txt", "# ours\n太忻一体化 = Taixin\nTaixin integration\n")
		_, _, err := run(t, "index", "-index", idx, "-glossary", bad, news)
		if err == nil || !strings.Contains(err.Error(), bad+":3: ") {
			t.Fatalf("err = %v, want one naming %s:3", err, bad)
		}
		if out := search("Taixin integration"); !strings.Contains(out, "2 results") {
			t.Errorf("after the refused glossary, search prints:\n%s", out)
		}
	})
	t.Run("serve -glossary replaces the glossary kept with the index, with no reindex", func(t *testing.T) {
		other := write(t, dir, "other.txt", "绿色转型 = green transition\n")
		base := startServer(t, "-index", idx, "-glossary", other)
		addr := strings.TrimPrefix(base, "http://")
		if n := searchTotal(t, addr, url.Values{"q": {"green transition"}}); n != 1 {
			t.Errorf("green transition finds %d articles, want the Chinese one on 绿色转型", n)
		}
		if n := searchTotal(t, addr, url.Values{"q": {"Taixin integration"}}); n != 1 {
			t.Errorf("Taixin integration finds %d articles, want only the English one: the old glossary is replaced", n)
		}
	})
}
