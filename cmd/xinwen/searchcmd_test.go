package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/index"
)

func TestSearchPrintsNoControlCharacters(t *testing.T) {
	dir := t.TempDir()
	news := write(t, dir, "news.jsonl", `{"id":"evil","title":"Coal \u001b[2J\u001b]0;owned\u0007 news \u202egnp.exe","body":"Coal mines \u009b31m reopen.\u2066 Line\nbreak."}`+"\n")
	idx := filepath.Join(dir, "index")
	if _, stderr, err := run(t, "index", "-index", idx, news); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr)
	}
	stdout, stderr, err := run(t, "search", "-index", idx, "coal")
	if err != nil {
		t.Fatalf("search: %v\n%s", err, stderr)
	}
	if i := strings.IndexFunc(stdout, func(r rune) bool { return index.IsControl(r) && r != '\n' }); i >= 0 {
		t.Errorf("search printed a control character at byte %d:\n%q", i, stdout)
	}
	for _, want := range []string{`[Coal] \x1b[2J\x1b]0;owned\x07 news \u202egnp.exe`, `[Coal] mines \u009b31m reopen.\u2066 Line break.`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("search prints:\n%s\nwant %s", stdout, want)
		}
	}
}
