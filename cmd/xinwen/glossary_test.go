package main

import (
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
		`{"id":"z1","title":"晋能控股推进绿色转型","body":"晋能控股集团召开会议，推进绿色低碳转型。","date":"2024-03-05","lang":"zh"}`,
		`{"id":"e1","title":"Jinneng Holding posts higher output","body":"Jinneng Holding Group said its output rose.","date":"2024-03-06","lang":"en"}`,
	}, "\n")+"\n")
	terms := write(t, dir, "terms.txt", "# our terms\n晋能控股 | 晋能控股集团 = Jinneng Holding | Jinneng Holding Group\n")
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
		out := search("Jinneng Holding")
		if !strings.Contains(out, "2 results") || !strings.Contains(out, "[晋能控股]推进绿色转型") ||
			!strings.Contains(out, "also searched: Jinneng Holding → 晋能控股, 晋能控股集团") {
			t.Errorf("search prints:\n%s", out)
		}
		if !strings.Contains(out, "z1 · by translation") {
			t.Errorf("the Chinese hit does not say it matched by translation:\n%s", out)
		}
	})
	t.Run("-xlang off searches the words as typed only", func(t *testing.T) {
		out := search("-xlang", "off", "Jinneng Holding")
		if !strings.Contains(out, "1 results") || strings.Contains(out, "also searched") {
			t.Errorf("search prints:\n%s", out)
		}
	})
	t.Run("a bad line is refused with its file and line, and the index keeps its glossary", func(t *testing.T) {
		bad := write(t, dir, "bad.txt", "# ours\n晋能控股 = Jinneng\nJinneng Holding\n")
		_, _, err := run(t, "index", "-index", idx, "-glossary", bad, news)
		if err == nil || !strings.Contains(err.Error(), bad+":3: ") {
			t.Fatalf("err = %v, want one naming %s:3", err, bad)
		}
		if out := search("Jinneng Holding"); !strings.Contains(out, "2 results") {
			t.Errorf("after the refused glossary, search prints:\n%s", out)
		}
	})
}
