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

func TestSearchPeople(t *testing.T) {
	dir := t.TempDir()
	news := write(t, dir, "news.jsonl", `{"id":"zh-hu","title":"省委常委会召开会议","body":"省委书记胡昌升主持会议。胡昌升强调，要抓好落实。"}`+"\n"+
		`{"id":"en-hu","title":"Gansu plans","body":"Party Secretary Hu Changsheng chaired the meeting."}`+"\n"+
		`{"id":"en-other","title":"Remembering Hu Yaobang","body":"Hu Yaobang was remembered on Sunday."}`+"\n")
	idx := filepath.Join(dir, "index")
	if _, stderr, err := run(t, "index", "-index", idx, news); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr)
	}
	t.Run("an English name finds the Chinese article and prints the people of the hits", func(t *testing.T) {
		stdout, stderr, err := run(t, "search", "-index", idx, "Hu", "Changsheng")
		if err != nil {
			t.Fatalf("search: %v\n%s", err, stderr)
		}
		for _, want := range []string{"2 results", "zh-hu", "en-hu", "people: 胡昌升 Hu Changsheng (2)"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("search prints:\n%s\nwant %s", stdout, want)
			}
		}
		if strings.Contains(stdout, "en-other") {
			t.Errorf("search prints Hu Yaobang's article:\n%s", stdout)
		}
	})
	t.Run("-person keeps the articles that name the person, in either script", func(t *testing.T) {
		stdout, stderr, err := run(t, "search", "-index", idx, "-person", "胡昌升")
		if err != nil {
			t.Fatalf("search: %v\n%s", err, stderr)
		}
		if !strings.Contains(stdout, "2 results") || strings.Contains(stdout, "en-other") {
			t.Errorf("search prints:\n%s\nwant the two articles of 胡昌升", stdout)
		}
	})
	t.Run("-person with a name that is no Chinese name is an error", func(t *testing.T) {
		_, _, err := run(t, "search", "-index", idx, "-person", "Boris Johnson")
		if err == nil || !strings.Contains(err.Error(), `"Boris Johnson" is not a Chinese person's name`) {
			t.Errorf("err %v, want one that says Boris Johnson is no Chinese name", err)
		}
	})
}
