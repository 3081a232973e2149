package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSearchPagePeople uses the people facet as a person would, in
// headless Chromium against the real server: an English name finds the
// Chinese articles, the facet lists the people of the hits in both
// scripts, ticking one narrows the hits and shows a chip, and the chip
// takes it off again.
func TestSearchPagePeople(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is skipped with -short")
	}
	chrome := findChromium(t)
	ix := filepath.Join(t.TempDir(), "index")
	indexArticles(t, ix, filepath.Join("testdata", "page", "people.jsonl"))
	base := startServer(t, "-index", ix)
	tab := startBrowser(t, chrome).tab(t)
	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow() // the later steps build on this one
		}
	}

	step("an English name finds the articles that write it in Chinese, and marks the name as they write it", func(t *testing.T) {
		tab.navigate(t, base+"/?q=Hu+Changsheng")
		tab.wait(t, `document.querySelectorAll('#hits li').length === 3`)
		var marks []string
		for _, h := range tab.hits(t) {
			marks = append(marks, h.Marks...)
			if strings.Contains(h.Title, "Hu Yaobang") {
				t.Errorf("Hu Changsheng finds Hu Yaobang's article")
			}
		}
		if got := strings.Join(marks, " "); !strings.Contains(got, "胡昌升") || !strings.Contains(got, "Hu Changsheng") {
			t.Errorf("the hits mark %q, want 胡昌升 and Hu Changsheng", got)
		}
		if got := tab.facet(t, "person"); got != "胡昌升 Hu Changsheng 3, 任振鹤 Ren Zhenhe 1" {
			t.Errorf("people facet = %s, want 胡昌升 Hu Changsheng 3, 任振鹤 Ren Zhenhe 1", got)
		}
	})

	step("ticking a person narrows to the articles that name them, with the URL and chip to match", func(t *testing.T) {
		tab.navigate(t, base+"/?q=economy+OR+%E7%BB%8F%E6%B5%8E")
		tab.wait(t, `document.querySelectorAll('#hits li').length === 4`)
		tab.do(t, chromedp.Click(chromedp.CSS(`#facet-person input[value="任振鹤"]`)))
		tab.wait(t, `new URLSearchParams(location.search).get('person') === '任振鹤' && document.querySelectorAll('#hits li').length === 1`)
		if got := tab.text(t, "#chips"); !strings.Contains(got, "任振鹤 Ren Zhenhe") {
			t.Errorf("chips read %q, want the person in both scripts", got)
		}
		if got := tab.facet(t, "person"); !strings.Contains(got, "[x] 任振鹤 Ren Zhenhe 1") || !strings.Contains(got, "胡昌升 Hu Changsheng 3") {
			t.Errorf("people facet = %s, want 任振鹤 ticked and the others still listed (multi-select)", got)
		}
	})

	step("the chip takes the person off again", func(t *testing.T) {
		tab.do(t, chromedp.Click(chromedp.CSS(`#chips .chip`)))
		tab.wait(t, `!new URLSearchParams(location.search).has('person') && document.querySelectorAll('#hits li').length === 4`)
	})
}
