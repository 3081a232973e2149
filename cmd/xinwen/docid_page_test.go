package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/index"
)

// TestPageOpensOddIDs checks that the search page opens articles whose ids
// are awkward in a URL (a /, a ?, or the dot segments . and .., which
// browsers resolve before they send a path) from their links in the
// results, and shows each one's own title. Ids with a / and the dot
// segments are refused when articles are indexed now (index.ValidateID),
// but an index built under the older rules has them, and reindex keeps
// them: the test writes those three straight into the index.
func TestPageOpensOddIDs(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is skipped with -short")
	}
	chrome := findChromium(t)
	dir := t.TempDir()
	older := map[string]string{
		"a/b": "Slashed identifiers walk the archive",
		"..":  "Double dotted identifiers walk the archive",
		".":   "Single dotted identifiers walk the archive",
	}
	articles := map[string]string{
		"q?x=1#": "Questioning identifiers walk the archive",
		"50% &c": "Percent identifiers walk the archive",
	}
	var lines []string
	for id, title := range articles {
		rec, _ := json.Marshal(map[string]string{"id": id, "title": title, "body": title + ", every one of them found by its link."})
		lines = append(lines, string(rec))
	}
	src := filepath.Join(dir, "odd.jsonl")
	if err := os.WriteFile(src, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix := filepath.Join(dir, "index")
	indexArticles(t, ix, src)
	writeUnchecked(t, ix, older)
	for id, title := range older {
		articles[id] = title
	}
	base := startServer(t, "-index", ix)
	tab := startBrowser(t, chrome).tab(t)
	tab.navigate(t, base+"/?q=identifiers")
	tab.wait(t, `document.querySelectorAll('#hits li').length === 5`)
	var links []struct{ ID, Href string }
	tab.decode(t, `[...document.querySelectorAll('#hits h2 a')].map(a => ({ID: a.dataset.id, Href: a.getAttribute('href')}))`, &links)
	if len(links) != len(articles) {
		t.Fatalf("links %v", links)
	}
	for _, l := range links {
		t.Run(l.ID+" opens from "+l.Href, func(t *testing.T) {
			tab.navigate(t, base+l.Href)
			tab.wait(t, `!!document.querySelector('#doc h1')`)
			if got := tab.text(t, "#doc h1"); got != articles[l.ID] {
				t.Errorf("the article's title is %q, want %q", got, articles[l.ID])
			}
		})
	}
	tab.noExceptions(t)
}

// writeUnchecked adds articles to the index in dir as an older xinwen
// could have, without today's rule for ids.
func writeUnchecked(t *testing.T, dir string, articles map[string]string) {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for id, title := range articles {
		if err := ix.Bleve().Index(id, map[string]interface{}{"title": title, "body": title + ", every one of them found by its link."}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
}
