package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestDocLinks follows every relative link of the repository's Markdown
// files (the README and the reference files beside the code) and fails on
// one that leads to no file, or to no heading of the file: the README is
// short and links into the reference files, so a heading renamed in one of
// them must not leave a reader at the top of the wrong page.
func TestDocLinks(t *testing.T) {
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "README.md")); err != nil {
		t.Skip("not in a checkout of the repository:", err)
	}
	var docs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".md") {
			docs = append(docs, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 2 {
		t.Fatalf("found %d Markdown files; want the README and the reference files", len(docs))
	}
	headings := map[string]map[string]bool{}
	anchorsOf := func(path string) map[string]bool {
		if a, ok := headings[path]; ok {
			return a
		}
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a := anchors(string(text))
		headings[path] = a
		return a
	}
	for _, doc := range docs {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(root, doc)
		for _, l := range links(string(text)) {
			file, frag, _ := strings.Cut(l.url, "#")
			target := doc
			if file != "" {
				target = filepath.Join(filepath.Dir(doc), filepath.FromSlash(file))
				if _, err := os.Stat(target); err != nil {
					t.Errorf("%s:%d: %s leads to no file", name, l.line, l.url)
					continue
				}
			}
			if frag != "" && !anchorsOf(target)[frag] {
				t.Errorf("%s:%d: %s leads to no heading of %s", name, l.line, l.url, filepath.Base(target))
			}
		}
	}
}

func TestAnchors(t *testing.T) {
	text := "# Title\n\n## Exports and feeds (`format=`)\n\n```\n# not a heading\n```\n\n### Where a query's time goes\n\n## Errors\n\n## Errors\n"
	var got []string
	for a := range anchors(text) {
		got = append(got, a)
	}
	sort.Strings(got)
	want := []string{"errors", "errors-1", "exports-and-feeds-format", "title", "where-a-querys-time-goes"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("anchors = %q, want %q", got, want)
	}
}

// A link is a relative link of a Markdown file and the line it is on.
type link struct {
	url  string
	line int
}

var (
	linkRE    = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	headingRE = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*$`)
)

// links returns the relative links of a Markdown text, outside code blocks.
func links(text string) []link {
	var out []link
	fenced := false
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		for _, m := range linkRE.FindAllStringSubmatch(line, -1) {
			if u := m[1]; !strings.Contains(u, "://") && !strings.HasPrefix(u, "mailto:") {
				out = append(out, link{u, i + 1})
			}
		}
	}
	return out
}

// anchors returns the anchors of a Markdown text's headings, as GitHub makes
// them: lower case, spaces to hyphens, punctuation but hyphens and
// underscores dropped, and a repeated heading numbered (errors, errors-1).
func anchors(text string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		m := headingRE.FindStringSubmatch(line)
		if fenced || m == nil {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(m[1]) {
			switch {
			case r == ' ' || r == '-':
				b.WriteByte('-')
			case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		a := b.String()
		if n := seen[a]; n > 0 {
			seen[a]++
			a += "-" + strconv.Itoa(n)
		} else {
			seen[a] = 1
		}
		out[a] = true
	}
	return out
}
