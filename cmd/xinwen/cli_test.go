package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	err = app.Run(context.Background(), args)
	return out.String(), errb.String(), err
}

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIndexThenServe(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "index")
	news := write(t, dir, "news.jsonl", strings.Join([]string{
		`{"id":"a1","title":"太原市推进煤矿安全生产","body":"山西省太原市召开会议，部署煤矿安全生产工作。","date":"2024-05-01","source":"test","lang":"zh"}`,
		`{"id":"a2","title":"Lanzhou opens a new rail line","body":"The Gansu capital opened a rail line on Monday.","date":"2023-11-02","province":"Gansu"}`,
		`{"id":"a5","title":"Taiyuan's rail line carries its first passengers","body":"The Shanxi capital's new line opened on Sunday.","date":"2024-01-15","province":"山西"}`,
		`{"id":"a3", "title": broken`,
		`{"id":"a4","title":"Bad date","body":"x","date":"May 2024"}`,
		``,
	}, "\n"))

	stdout, stderr, err := run(t, "index", "-index", idx, news)
	if err == nil {
		t.Fatal("index with two bad lines succeeded; want an error after indexing the good ones")
	}
	if !strings.Contains(stdout, "indexed 3 articles") {
		t.Errorf("stdout = %q, want 3 articles indexed", stdout)
	}
	for _, want := range []string{news + ":4: malformed JSON", news + `:5: date "May 2024" is not YYYY-MM-DD`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not name the bad line %q:\n%s", want, stderr)
		}
	}

	t.Run("indexing the same article again replaces it", func(t *testing.T) {
		again := write(t, dir, "again.jsonl", `{"id":"a2","title":"Lanzhou opens a second rail line","body":"Gansu again.","date":"2023-11-03","province":"Gansu"}`+"\n")
		if _, stderr, err := run(t, "index", "-index", idx, again); err != nil {
			t.Fatalf("index: %v\n%s", err, stderr)
		}
	})

	t.Run("a missing file is named", func(t *testing.T) {
		_, stderr, err := run(t, "index", "-index", idx, filepath.Join(dir, "nope.jsonl"))
		if err == nil || !strings.Contains(stderr, "nope.jsonl: no such file or directory") {
			t.Errorf("err = %v, stderr = %q", err, stderr)
		}
	})

	base := startServer(t, "-index", idx)
	var r searchResult
	get(t, base+"/api/search", &r)
	if r.Total != 3 {
		t.Fatalf("the index serves %d articles, want the 3 indexed (not the seeds)", r.Total)
	}
	if ids := hitIDs(r); fmt.Sprint(ids) != "[a1 a5 a2]" || r.Hits[2].Title != "Lanzhou opens a second rail line" {
		t.Errorf("hits %v, titles %+v; want a1, a5, then the replaced a2, newest first", ids, r.Hits)
	}
	get(t, base+"/api/search?q="+url.QueryEscape("煤矿"), &r)
	if r.Total != 1 || r.Hits[0].TitleHTML != "太原市推进<mark>煤矿</mark>安全生产" {
		t.Errorf("q=煤矿: %+v", r.Hits)
	}

	// A province filter keeps its province's articles; the province facet
	// still counts the others, so that the user can switch.
	tests := []struct {
		name   string
		params string
		ids    string // the hits, in order
		facet  string // the province facet
	}{
		{"rail finds both rail lines, oldest first with sort=date", "q=rail&sort=date", "[a2 a5]", "[{Gansu 1 甘肃} {Shanxi 1 山西}]"},
		{"province=Gansu keeps the Gansu line", "q=rail&province=Gansu", "[a2]", "[{Gansu 1 甘肃} {Shanxi 1 山西}]"},
		{"province=山西 keeps the Shanxi line", "q=rail&province=" + url.QueryEscape("山西"), "[a5]", "[{Gansu 1 甘肃} {Shanxi 1 山西}]"},
		{"province=Shanxi without a query keeps both Shanxi articles", "province=Shanxi", "[a1 a5]", "[{Shanxi 2 山西} {Gansu 1 甘肃}]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r searchResult
			if code := get(t, base+"/api/search?"+tt.params, &r); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			if ids := fmt.Sprint(hitIDs(r)); ids != tt.ids || r.Total != uint64(len(r.Hits)) {
				t.Errorf("hits %s (total %d), want %s", ids, r.Total, tt.ids)
			}
			if got := fmt.Sprint(r.Facets.Province); got != tt.facet {
				t.Errorf("province facet %s, want %s", got, tt.facet)
			}
			for _, h := range r.Hits {
				if strings.Contains(tt.params, "q=rail") && !strings.Contains(h.TitleHTML, "<mark>rail</mark>") {
					t.Errorf("%s: title_html %q, want rail marked", h.ID, h.TitleHTML)
				}
			}
		})
	}
}

func TestSearchCommand(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "index")
	stdout, stderr, err := run(t, "search", "-index", idx, "-n", "3", "coking", "coal")
	if err != nil {
		t.Fatalf("search: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "1. Wu Cunrong's Research in Shanxi [Coking] [Coal] Group") {
		t.Errorf("search prints:\n%s", stdout)
	}
	if !strings.Contains(stdout, "Shanxi CPPCC Daily · Shanxi 山西 · 2024-03-28 · ") {
		t.Errorf("search does not print the source, the province in both scripts and the date:\n%s", stdout)
	}

	tests := []struct {
		name  string
		args  []string
		want  []string // in the output
		total string   // the first line's count
		not   string   // not in the output
	}{
		{"-op or finds articles with any of the words", []string{"-op", "or", "Lanzhou", "Jincheng"}, []string{"Lanzhou", "Jincheng"}, "2 results", "none with all the words"},
		{"without -op no article has both words, and the output says the hits are partial matches", []string{"Lanzhou", "Jincheng"}, []string{"none with all the words"}, "2 results", ""},
		{"-source keeps one source's articles", []string{"-source", "shanxi cppcc daily", "Wu", "Cunrong"}, []string{"Shanxi CPPCC Daily"}, "2 results", "Gansu"},
		{"-source takes several", []string{"-source", "Shanxi CPPCC Daily", "-source", "nowhere", "Wu"}, nil, "2 results", ""},
		{"-province takes a Chinese name", []string{"-province", "甘肃", "reform"}, []string{"Gansu 甘肃 · 09-26"}, "1 results", "Shanxi"},
		{"a place in Chinese finds it written in English", []string{"吕梁"}, []string{"[Lvliang]"}, "1 results", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := run(t, append([]string{"search", "-index", idx}, tt.args...)...)
			if err != nil {
				t.Fatalf("search: %v\n%s", err, stderr)
			}
			if !strings.HasPrefix(stdout, tt.total) {
				t.Errorf("search %v prints:\n%s\nwant %s", tt.args, stdout, tt.total)
			}
			if tt.not != "" && strings.Contains(stdout, tt.not) {
				t.Errorf("search %v prints:\n%s\nwant no %q in it", tt.args, stdout, tt.not)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("search %v prints:\n%s\nwant %q in it", tt.args, stdout, w)
				}
			}
		})
	}
	t.Run("a bad -op is an error that says what op takes", func(t *testing.T) {
		_, stderr, err := run(t, "search", "-index", idx, "-op", "xor", "coal")
		if err == nil || !strings.Contains(stderr+err.Error(), "op must be and or or") {
			t.Errorf("err = %v, stderr = %q", err, stderr)
		}
	})
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		err    string // the usage error's message
		stderr string // in what is printed on stderr
	}{
		{"no command prints the commands", nil, "no command", "xinwen search [-index DIR] [-n 10] QUERY..."},
		{"an unknown command is named, and the commands printed", []string{"frobnicate"}, `unknown command "frobnicate"`, "xinwen search [-index DIR] [-n 10] QUERY..."},
		{"index without files says what it needs", []string{"index"}, "index needs at least one file or folder to read", ""},
		{"an unknown flag is named, and the command's flags printed", []string{"serve", "-nope"}, "flag provided but not defined: -nope", "listen address (env XINWEN_ADDR)"},
		{"serve takes no arguments", []string{"serve", "news.jsonl"}, "serve takes no arguments; index files with 'xinwen index'", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := run(t, tt.args...)
			var u usageError
			if !errors.As(err, &u) || err.Error() != tt.err {
				t.Errorf("xinwen %v: error %v, want the usage error %q", tt.args, err, tt.err)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("xinwen %v prints on stderr:\n%s\nwant %q in it", tt.args, stderr, tt.stderr)
			}
		})
	}
	t.Run("help prints the commands on stdout", func(t *testing.T) {
		stdout, _, err := run(t, "help")
		if err != nil || !strings.HasPrefix(stdout, "usage:\n  xinwen serve") {
			t.Errorf("xinwen help: %v, prints:\n%s", err, stdout)
		}
	})
}
