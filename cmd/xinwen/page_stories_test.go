package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestSearchPageStories uses the search page over the articles written
// for the tests of stories (one story in four versions, a look-alike that
// is another story, one other story): a search shows one hit for the
// story with "3 more versions", which lists them, earliest first, and
// hides them again. Its screenshot is stories.png in -screenshots (the
// test's temp dir by default).
func TestSearchPageStories(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is skipped with -short")
	}
	chrome := findChromium(t)
	ix := filepath.Join(t.TempDir(), "index")
	indexArticles(t, ix, filepath.Join("..", "..", "index", "testdata", "stories.jsonl"))
	base := startServer(t, "-index", ix)
	shots := *screenshots
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	tab := startBrowser(t, chrome).tab(t)
	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow()
		}
	}

	step("a search shows one hit per story, and says how many more versions the story has", func(t *testing.T) {
		tab.navigate(t, base+"/")
		tab.do(t, chromedp.SendKeys(chromedp.ID("q"), "图书馆 夜间开放"+kb.Enter))
		tab.wait(t, `document.querySelectorAll('#hits > li').length === 2`)
		if got := tab.text(t, "#summary"); !strings.HasPrefix(got, "5 results in 2 stories") {
			t.Errorf("summary = %q, want 5 results in 2 stories", got)
		}
		var buttons []string
		tab.decode(t, `[...document.querySelectorAll('#hits button[data-story]')].map(b => b.dataset.story + ': ' + b.textContent)`, &buttons)
		if len(buttons) != 1 || buttons[0] != "library-night: 3 more versions" {
			t.Errorf("version buttons = %q, want one, library-night: 3 more versions", buttons)
		}
	})

	step("clicking it lists the versions under the hit, earliest first, each a link to the article", func(t *testing.T) {
		tab.do(t, chromedp.Click(chromedp.CSS(`#hits button[data-story]`)))
		tab.wait(t, `document.querySelectorAll('#hits .story li').length === 4`)
		var ids []string
		tab.decode(t, `[...document.querySelectorAll('#hits .story a[data-id]')].map(a => a.dataset.id)`, &ids)
		want := []string{"library-night", "library-portal", "library-reordered", "library-traditional"}
		if strings.Join(ids, " ") != strings.Join(want, " ") {
			t.Errorf("versions = %q, want %q", ids, want)
		}
		if got := tab.eval(t, `document.querySelector('#hits button[data-story]').getAttribute('aria-expanded')`); got != `"true"` {
			t.Errorf("aria-expanded = %s, want true", got)
		}
		tab.screenshot(t, filepath.Join(shots, "stories.png"))
		t.Logf("screenshot: %s", filepath.Join(shots, "stories.png"))
	})

	step("clicking again hides them", func(t *testing.T) {
		tab.do(t, chromedp.Click(chromedp.CSS(`#hits button[data-story]`)))
		tab.wait(t, `document.querySelectorAll('#hits .story').length === 0`)
		if got := tab.text(t, "#hits button[data-story]"); got != "3 more versions" {
			t.Errorf("button = %q, want 3 more versions", got)
		}
		tab.noExceptions(t)
	})
}
