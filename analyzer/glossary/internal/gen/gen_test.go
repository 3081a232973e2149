package main

import (
	"fmt"
	"strings"
	"testing"
)

func TestCleanGloss(t *testing.T) {
	tests := []struct {
		name   string
		gloss  string
		proper bool
		want   string
	}{
		{"a plain gloss stays", "coal", false, "coal"},
		{"a remark in parentheses goes", "to reform (a system)", false, "to reform"},
		{"a name ends at its apposition", "Kim Yong-nam (1928-), North Korean politician", true, "Kim Yong-nam"},
		{"a common word keeps its comma", "east, west", false, "east, west"},
		{"a pointer to another entry", "variant of 煤[mei2]", false, ""},
		{"an abbreviation's expansion", "abbr. for 国有企业", false, ""},
		{"a classifier", "CL:块[kuai4]", false, ""},
		{"a surname", "surname Zeng", false, ""},
		{"an explanation with sb", "to help sb", false, ""},
		{"Chinese inside", "see 中国[Zhong1 guo2]", false, ""},
		{"a figurative sense", "fig. to fight on", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanGloss(tt.gloss, tt.proper); got != tt.want {
				t.Errorf("cleanGloss(%q) = %q, want %q", tt.gloss, got, tt.want)
			}
		})
	}
}

// The lines are written for this test in CC-CEDICT's format.
const sample = "module.exports = `# a dictionary\n" +
	"#! license=https://creativecommons.org/licenses/by-sa/4.0/\n" +
	"#! entries=4\n" +
	"煤炭 煤炭 [mei2 tan4] /coal/CL:块[kuai4]/\n" +
	"雨傘 雨伞 [yu3 san3] /umbrella/\n" +
	"傘 伞 [san3] /umbrella/parasol/\n" +
	"曾 曾 [Zeng1] /surname Zeng/\n" +
	"曾 曾 [ceng2] /once/already/\n" +
	"`;"

func TestReadCedict(t *testing.T) {
	hdr, hws, err := readCedict(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hws {
		got = append(got, fmt.Sprintf("%s %v %q", h.simp, h.proper, h.senses))
	}
	want := []string{
		`煤炭 false ["coal"]`,
		`雨伞 false ["umbrella"]`,
		`伞 false ["umbrella" "parasol"]`,
		`曾 false ["once" "already"]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || hdr["entries"] != "4" {
		t.Errorf("readCedict gave %s\n%s\nwant entries=4 and\n%s", hdr, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSelect(t *testing.T) {
	_, hws, err := readCedict(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	freq := map[string]int{"煤炭": 5000, "雨伞": 300, "伞": 900, "曾": 9000}
	var got []string
	for _, l := range select_(hws, freq) {
		got = append(got, fmt.Sprintf("%s %q %q %v", l.zh, l.glosses, l.keys, l.weights))
	}
	// 伞 and 曾 are one character: left out.
	want := []string{
		`煤炭 ["coal"] ["coal"] [50]`,
		`雨伞 ["umbrella"] ["umbrella"] [50]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("select_ gave\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
