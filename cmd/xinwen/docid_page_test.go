package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPageOpensOddIDs checks that the search page opens articles whose ids
// are awkward in a URL (a /, a ?, or the dot segments . and .., which
// browsers resolve before they send a path) from their links in the
// results, and shows each one's own title.
func TestPageOpensOddIDs(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is skipped with -short")
	}
	chrome := findChromium(t)
	dir := t.TempDir()
	articles := map[string]string{
		"a/b":    "Slashed identifiers walk the archive",
		"..":     "Double dotted identifiers walk the archive",
		".":      "Single dotted identifiers walk the archive",
		"q?x=1#": "Questioning identifiers walk the archive",
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
	base := startServer(t, "-index", ix)
	tab := startBrowser(t, chrome).tab(t)
	tab.navigate(t, base+"/?q=identifiers")
	tab.wait(t, `document.querySelectorAll('#hits li').length === 4`)
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
