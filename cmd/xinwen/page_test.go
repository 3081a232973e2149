package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var screenshots = flag.String("screenshots", "", "save the browser test's screenshots in this `dir` (default: the test's temp dir)")

// TestSearchPage uses the search page as a person would, in headless
// Chromium against the real server over the seeds (and one article with
// long words, for the layout): it types a query, reads the highlighted
// hits, ticks a province, narrows by date, walks the results with the
// keyboard, opens an article and comes back; then the error states, a
// phone-sized screen and a Chinese browser.
func TestSearchPage(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is skipped with -short")
	}
	chrome := findChromium(t)
	ix := filepath.Join(t.TempDir(), "index")
	indexArticles(t, ix, filepath.Join("..", "..", "seeds"), filepath.Join("testdata", "page", "long.jsonl"))
	base := startServer(t, "-index", ix)
	shots := *screenshots
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	b := startBrowser(t, chrome)
	tab := b.tab(t)

	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow() // the later steps build on this one
		}
	}

	step("the first load fetches only the page's own files, and little", func(t *testing.T) {
		tab.navigate(t, base+"/")
		tab.wait(t, `document.querySelectorAll('#hits li').length === 6`)
		weight := tab.network.settle(t)
		var page, all int64
		for _, r := range weight {
			if !strings.HasPrefix(r.url, base+"/") {
				t.Errorf("the page fetched %s: it must load with no network but its server's", r.url)
			}
			all += r.bytes
			if !strings.HasPrefix(r.url, base+"/api/") {
				page += r.bytes
			}
			t.Logf("%6d bytes  %s", r.bytes, strings.TrimPrefix(r.url, base))
		}
		t.Logf("first load: %d bytes over the wire for the page, %d with its first search (%d requests)", page, all, len(weight))
		if page == 0 || page > 24<<10 {
			t.Errorf("the page's own files weigh %d bytes over the wire; keep them under 24 KiB", page)
		}
	})

	step("typing a query and Enter shows highlighted hits and puts the query in the URL", func(t *testing.T) {
		tab.do(t, chromedp.SendKeys(chromedp.ID("q"), "reform"+kb.Enter))
		tab.wait(t, `location.search === '?q=reform' && document.querySelectorAll('#hits li').length === 4`)
		if got := tab.text(t, "#summary"); !strings.HasPrefix(got, "4 results") {
			t.Errorf("summary = %q, want 4 results", got)
		}
		hits := tab.hits(t)
		if !strings.HasPrefix(hits[0].Title, "On September 26, the province's state-owned enterprise reform") {
			t.Errorf("first hit = %q, want the Gansu article on state-owned enterprise reform", hits[0].Title)
		}
		if !strings.HasSuffix(hits[0].Meta, "Gansu · Sep 26") {
			t.Errorf("first hit's meta = %q, want its date as a month and day without a year (Gansu · Sep 26)", hits[0].Meta)
		}
		for _, h := range hits {
			if len(h.Marks) == 0 {
				t.Errorf("hit %q has no highlighted word", h.Title)
			}
			for _, m := range h.Marks {
				if !strings.EqualFold(m, "reform") {
					t.Errorf("hit %q highlights %q, want only reform", h.Title, m)
				}
			}
			if strings.Contains(h.Title+h.Text, "&#39;") || strings.Contains(h.Title+h.Text, "<mark>") {
				t.Errorf("hit %q shows markup as text: %q", h.Title, h.Text)
			}
		}
		if got := tab.facet(t, "province"); got != "Shanxi 3, Gansu 1" {
			t.Errorf("province facet = %s, want Shanxi 3, Gansu 1", got)
		}
	})

	step("ticking Shanxi narrows to its three articles, with the URL, counts and chip to match", func(t *testing.T) {
		tab.do(t, chromedp.Click(chromedp.CSS(`#facet-province input[value="Shanxi"]`)))
		tab.wait(t, `location.search === '?q=reform&province=Shanxi' && document.querySelectorAll('#hits li').length === 3`)
		if got := tab.text(t, "#summary"); !strings.HasPrefix(got, "3 results") {
			t.Errorf("summary = %q, want 3 results", got)
		}
		for _, h := range tab.hits(t) {
			if !strings.Contains(h.Meta, "Shanxi") {
				t.Errorf("hit %q (%s) is not a Shanxi article", h.Title, h.Meta)
			}
		}
		if got := tab.facet(t, "province"); !strings.HasPrefix(got, "[x] Shanxi 3") || strings.Contains(got, "Gansu") && !strings.Contains(got, "Gansu 1") {
			t.Errorf("province facet = %s, want Shanxi ticked with 3 (and Gansu, if shown, with 1)", got)
		}
		if got := tab.text(t, "#chips"); !strings.Contains(got, "Province Shanxi ×") {
			t.Errorf("chips = %q, want a removable Province: Shanxi", got)
		}
		tab.screenshot(t, filepath.Join(shots, "results.png"))
	})

	step("dragging across the date histogram narrows to those months, and a click to one", func(t *testing.T) {
		tab.drag(t, `#hist .b[title^="2024-03"]`, `#hist .b[title^="2024-04"]`)
		tab.wait(t, `location.search === '?q=reform&province=Shanxi&from=2024-03&to=2024-04' && document.querySelectorAll('#hits li').length === 2`)
		tab.do(t, chromedp.Click(chromedp.CSS(`#hist .b[title^="2024-03"]`)))
		tab.wait(t, `location.search === '?q=reform&province=Shanxi&from=2024-03&to=2024-03' && document.querySelectorAll('#hits li').length === 1`)
		if h := tab.hits(t); !strings.Contains(h[0].Title, "Shanxi Coking Coal Group") || !strings.Contains(h[0].Meta, "2024-03-28") {
			t.Errorf("March 2024 gives %+v, want the Coking Coal article of 2024-03-28", h[0])
		}
		if got := tab.text(t, "#chips"); !strings.Contains(got, "Date 2024-03") {
			t.Errorf("chips = %q, want a removable Date 2024-03", got)
		}
		tab.do(t, chromedp.Click(chromedp.CSS(`#chips [data-chip="1"]`)))
		tab.wait(t, `location.search === '?q=reform&province=Shanxi' && document.querySelectorAll('#hits li').length === 3`)
	})

	var opened hitView
	step("arrow keys and Enter open the second hit, with the query's words highlighted", func(t *testing.T) {
		opened = tab.hits(t)[1]
		tab.do(t, slash)
		tab.wait(t, `document.activeElement === document.getElementById('q') && document.getElementById('q').value === 'reform'`)
		tab.do(t, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
		tab.wait(t, `location.pathname.startsWith('/doc/') && !!document.querySelector('#doc h1')`)
		loc := tab.eval(t, `location.pathname + location.search`)
		if want := "/doc/" + opened.ID + "?q=reform&province=Shanxi"; loc != `"`+want+`"` {
			t.Errorf("the article's URL is %s, want %s", loc, want)
		}
		if got := tab.text(t, "#doc h1"); got != opened.Title {
			t.Errorf("the article's title is %q, want %q", got, opened.Title)
		}
		var marks []string
		tab.decode(t, `[...document.querySelectorAll('#doc .body mark')].map(m => m.textContent)`, &marks)
		if len(marks) < len(opened.Marks) {
			t.Errorf("the article highlights %d words, fewer than its hit's %d", len(marks), len(opened.Marks))
		}
		for _, m := range marks {
			if !strings.EqualFold(m, "reform") {
				t.Errorf("the article highlights %q, want only reform", m)
			}
		}
		tab.screenshot(t, filepath.Join(shots, "article.png"))
	})

	step("Escape returns to the same results, with the opened hit focused", func(t *testing.T) {
		tab.do(t, chromedp.KeyEvent(kb.Escape))
		tab.wait(t, `location.search === '?q=reform&province=Shanxi' && !document.getElementById('results').hidden`)
		if n := len(tab.hits(t)); n != 3 {
			t.Errorf("back at the results, %d hits, want 3", n)
		}
		if got := tab.eval(t, `document.activeElement.dataset.id`); got != `"`+opened.ID+`"` {
			t.Errorf("focus is on %s, want the opened hit %s", got, opened.ID)
		}
	})

	step("an unclosed quote shows the API's message in place of the results", func(t *testing.T) {
		var e struct {
			Error struct {
				Code, Message string
				Position      int
			}
		}
		get(t, base+"/api/search?q="+url.QueryEscape(`"国有`), &e)
		tab.search(t, `"国有`)
		tab.wait(t, `document.getElementById('notice').className === 'error'`)
		if got := tab.text(t, "#notice"); !strings.Contains(got, e.Error.Message) || !strings.Contains(got, "bad_query") {
			t.Errorf("the notice reads %q, want the API's message %q and its code", got, e.Error.Message)
		}
		if n := len(tab.hits(t)); n != 0 {
			t.Errorf("%d hits stay on screen under a query that cannot be read", n)
		}
		if p := e.Error.Position; p > 0 { // the API says where: the page shows it
			if got, want := tab.text(t, "#notice .where mark"), string([]rune(`"国有`)[p-1]); got != want {
				t.Errorf("the page marks %q at position %d, want %q", got, p, want)
			}
		}
		if got := tab.eval(t, `document.getElementById('q').getAttribute('aria-invalid')`); got != `"true"` {
			t.Errorf("the search box is not marked invalid: %s", got)
		}
	})

	step("a query that matches nothing says so, and a hint drops the filters", func(t *testing.T) {
		tab.search(t, "zyzzyva")
		tab.wait(t, `location.search === '?q=zyzzyva&province=Shanxi' && !!document.querySelector('#empty .none')`)
		if got := tab.text(t, "#empty"); !strings.Contains(got, "No articles match “zyzzyva”") || !strings.Contains(got, "Check the spelling") {
			t.Errorf("the empty state reads %q", got)
		}
		tab.do(t, chromedp.Click(chromedp.CSS(`#empty [data-hint="nofilter"]`)))
		tab.wait(t, `location.search === '?q=zyzzyva'`)
	})

	step("a server that cannot be reached is reported, and Try again recovers", func(t *testing.T) {
		block := network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{{URLPattern: base + "/api/*", Block: true}}}
		call(t, tab, network.SetBlockedURLs, block)
		tab.search(t, "coal")
		tab.wait(t, `document.getElementById('notice').className === 'error'`)
		if got := tab.text(t, "#notice"); !strings.Contains(got, "cannot be reached") {
			t.Errorf("the notice reads %q, want that the server cannot be reached", got)
		}
		call(t, tab, network.SetBlockedURLs, network.SetBlockedURLsParams{})
		tab.do(t, chromedp.Click(chromedp.CSS(`#notice [data-retry]`)))
		tab.wait(t, `document.querySelectorAll('#hits li').length > 0 && document.getElementById('notice').className === ''`)
	})

	step("at phone width nothing overflows, long words and titles included", func(t *testing.T) {
		phone := b.tab(t)
		phone.do(t, chromedp.EmulateViewport(375, 740, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		phone.navigate(t, base+"/?province=Guangdong")
		phone.wait(t, `document.querySelectorAll('#hits li').length === 1`)
		phone.noOverflow(t)
		if got := phone.eval(t, `getComputedStyle(document.getElementById('facets')).display`); got != `"none"` {
			t.Errorf("at phone width the facets show (%s) before the Filters button is pressed", got)
		}
		phone.screenshot(t, filepath.Join(shots, "phone-results.png"))
		phone.do(t, chromedp.Click(chromedp.CSS(`#hits a`)))
		phone.wait(t, `!!document.querySelector('#doc .body')`)
		phone.noOverflow(t)
		phone.screenshot(t, filepath.Join(shots, "phone-article.png"))
	})

	step("a browser that prefers Chinese gets the page's labels in Chinese", func(t *testing.T) {
		zh := b.tab(t)
		ua := strings.Trim(tab.eval(t, `navigator.userAgent`), `"`)
		call(t, zh, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "zh-CN,zh;q=0.9"})
		zh.navigate(t, base+"/?q="+url.QueryEscape("国有")+"&xlang=off")
		zh.wait(t, `document.querySelectorAll('#hits li').length === 1`)
		if got := zh.text(t, "#also"); got != "只搜索了输入的词。 中英文都搜索" {
			t.Errorf("the line under the summary reads %q, want 只搜索了输入的词。 中英文都搜索", got)
		}
		if got := zh.text(t, "#go"); got != "搜索" {
			t.Errorf("the search button reads %q, want 搜索", got)
		}
		if got := zh.text(t, "#summary"); !strings.HasPrefix(got, "共 1 条结果") {
			t.Errorf("summary = %q, want 共 1 条结果…", got)
		}
		h := zh.hits(t)
		if len(h[0].Marks) == 0 || h[0].Marks[0] != "国有" {
			t.Errorf("the hit highlights %q, want 国有", h[0].Marks)
		}
		if !strings.Contains(h[0].Meta, "甘肃") || !strings.Contains(h[0].Meta, "9月26日") {
			t.Errorf("the hit's meta reads %q, want its province in Chinese (甘肃) and its date without a year (9月26日)", h[0].Meta)
		}
		if got := zh.facet(t, "province"); got != "甘肃 1" {
			t.Errorf("province facet = %s, want 甘肃 1", got)
		}
		zh.screenshot(t, filepath.Join(shots, "zh.png"))
	})

	step("a Chinese term is also searched in English, the page says so, and a click turns it off and on", func(t *testing.T) {
		tab.navigate(t, base+"/?q="+url.QueryEscape("改革"))
		tab.wait(t, `document.querySelectorAll('#hits li').length === 4`)
		if got := tab.text(t, "#also"); got != "Also searched: reform Search only the words as typed" {
			t.Errorf("the also-searched line reads %q, want Also searched: reform, and the way to turn it off", got)
		}
		for _, h := range tab.hits(t) {
			if len(h.Marks) == 0 || !strings.EqualFold(h.Marks[0], "reform") {
				t.Errorf("hit %q highlights %q, want the English of 改革 (reform) in its own text", h.Title, h.Marks)
			}
		}
		tab.do(t, chromedp.Click(chromedp.CSS(`#also [data-xlang="off"]`)))
		tab.wait(t, `location.search.includes('xlang=off') && document.querySelectorAll('#hits li').length === 0 && document.getElementById('summary').textContent.startsWith('0 results')`)
		if got := tab.text(t, "#also"); got != "Searched only the words as typed. Search in Chinese and English" {
			t.Errorf("with xlang=off the line reads %q, want that only the words as typed were searched", got)
		}
		tab.do(t, chromedp.Click(chromedp.CSS(`#also [data-xlang="on"]`)))
		tab.wait(t, `!location.search.includes('xlang') && document.querySelectorAll('#hits li').length === 4`)
	})

	step("an article's link opened on its own highlights the query's words and leads back to its results", func(t *testing.T) {
		doc := b.tab(t)
		doc.navigate(t, base+"/doc/004_55fed33ca88e0f02?q="+url.QueryEscape("国有 reform"))
		doc.wait(t, `!!document.querySelector('#doc .body mark')`)
		var marks []string
		doc.decode(t, `[...new Set([...document.querySelectorAll('#doc mark')].map(m => m.textContent.toLowerCase()))]`, &marks)
		slices.Sort(marks)
		if got := strings.Join(marks, " "); got != "reform state-owned 国有" {
			t.Errorf("the article highlights %q, want reform, 国有 and its English, state-owned", marks)
		}
		doc.do(t, chromedp.Click(chromedp.ID("back")))
		doc.wait(t, `location.pathname === '/' && document.querySelectorAll('#hits li').length === 1`)
	})

	step("part of a word finds the word, marks only the characters typed, and says the hit matched in part", func(t *testing.T) {
		tab.navigate(t, base+"/?q="+url.QueryEscape("争力"))
		tab.wait(t, `document.querySelectorAll('#hits li').length === 1`)
		h := tab.hits(t)[0]
		if h.ID != "layout_long_words" {
			t.Errorf("the hit is %s, want the article whose title has 竞争力", h.ID)
		}
		if len(h.Marks) == 0 {
			t.Errorf("the hit marks nothing, want 争力 (of 竞争力)")
		}
		for _, m := range h.Marks {
			if m != "争力" {
				t.Errorf("the hit marks %q, want only 争力 (of 竞争力)", m)
			}
		}
		if !strings.HasSuffix(h.Meta, "in part") {
			t.Errorf("the hit's meta reads %q, want it to say the hit matched in part", h.Meta)
		}
		if got := tab.eval(t, `document.querySelector('#hits .partial').title`); !strings.Contains(got, "part of longer words") {
			t.Errorf("the label explains itself as %s", got)
		}
		tab.screenshot(t, filepath.Join(shots, "partial.png"))
		tab.navigate(t, base+"/?q="+url.QueryEscape("竞争力"))
		tab.wait(t, `document.querySelectorAll('#hits li').length === 1`)
		if n := tab.eval(t, `document.querySelectorAll('#hits .partial').length`); n != "0" {
			t.Errorf("a whole word's hit is labelled as matched in part (%s labels)", n)
		}
	})

	step("the article view marks words in Chinese anywhere and in English as whole words", func(t *testing.T) {
		for _, c := range []struct{ words, text, want string }{
			{`["reform"]`, "Reforms, reforming and reform; not preform", "Reforms|reforming|reform"},
			{`["国有"]`, "关于国有Enterprise reform发展", "国有"},
			{`["enterprise"]`, "关于国有Enterprise reform发展", "Enterprise"},
			{`["coal"]`, "a coalition of coals", "coals"},
			{`["coking coal", "coal"]`, "Coking  Coal Group and coal", "Coking  Coal|coal"},
			{`["a.b"]`, "a.b axb", "a.b"},
			{`["energ*"]`, "Energy and energetic synergy", "Energy|energetic"},
			{`["**", ""]`, "nothing to mark", ""},
		} {
			var got []string
			tab.decode(t, `[...`+jsString(c.text)+`.matchAll(highlighter(`+c.words+`) || /(?!)/g)].map(m => m[0])`, &got)
			if strings.Join(got, "|") != c.want {
				t.Errorf("highlighting %s in %q marks %q, want %q", c.words, c.text, got, c.want)
			}
		}
		for q, want := range map[string]string{
			`"国有企业改革" -coal title:reform province:Shanxi OR (energy*)`: "国有企业改革|reform|energy*",
			`coking NOT "coal group" date:2024`:                        "coking",
			`国有企业 NEAR/5 改革 "coal mine"~3 a PRE/2 b`:                   "国有企业|改革|coal mine|a|b",
		} {
			var got []string
			tab.decode(t, `queryWords(`+jsString(q)+`)`, &got)
			if strings.Join(got, "|") != want {
				t.Errorf("the words of %s are %q, want %s", q, got, want)
			}
		}
	})

	step("the date histogram draws whatever buckets the API returns, on a time axis", func(t *testing.T) {
		for _, c := range []struct{ name, buckets, want string }{
			{"months with a gap", `[{value:"2024-03",count:1},{value:"2024-05",count:2}]`, "2024-03:1 2024-04:0 2024-05:2 |"},
			{"years, and a bucket that is no date", `[{value:"2019",count:4},{value:"2021",count:1},{value:"no year",count:7}]`, "2019:4 2020:0 2021:1 | no year:7"},
			{"months over more than six years, summed by year", `[{value:"2012-01",count:1},{value:"2012-06",count:2},{value:"2020-01",count:3}]`,
				"2012:3 2013:0 2014:0 2015:0 2016:0 2017:0 2018:0 2019:0 2020:3 |"},
			{"nothing", `[]`, "|"},
		} {
			var got string
			tab.decode(t, `(([bars, other]) => [bars.map(b => b.value + ':' + b.count).join(' '), '|', other.map(b => b.value + ':' + b.count).join(' ')].join(' ').trim())(histogram({buckets: `+c.buckets+`}))`, &got)
			if got != c.want {
				t.Errorf("%s: bars %q, want %q", c.name, got, c.want)
			}
		}
	})

	analystSteps(t, step, b, tab, base, shots) // page_analysts_test.go

	for _, tb := range b.tabs {
		tb.noExceptions(t)
	}
	t.Logf("screenshots in %s", shots)
}

// findChromium returns the path of Chromium or Chrome, or skips the test.
func findChromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on PATH, so the search page's browser test is skipped; install it with `apt-get install -y chromium`")
	return ""
}

// indexArticles runs `xinwen index` over paths into the index dir.
func indexArticles(t *testing.T, dir string, paths ...string) {
	t.Helper()
	var out syncBuffer
	app := &App{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
	if err := app.Run(context.Background(), append([]string{"index", "-index", dir}, paths...)); err != nil {
		t.Fatalf("index: %v\n%s", err, out.String())
	}
}

// browser is one headless Chromium with a fresh profile, shut when the test ends.
type browser struct {
	ctx  context.Context
	tabs []*tab
}

func startBrowser(t *testing.T, path string) *browser {
	t.Helper()
	var log syncBuffer
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		// A closed network: nothing to update, sync or phone home to.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-proxy-server", true),
		// English unless a tab asks otherwise, whatever the machine's locale.
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("accept-lang", "en-US,en"),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&log),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		if t.Failed() {
			t.Logf("browser output:\n%s", log.String())
		}
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v\n%s", path, err, log.String())
	}
	return &browser{ctx: ctx}
}

// tab opens a new tab that records its network traffic and the page's
// uncaught exceptions.
func (b *browser) tab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	tb := &tab{ctx: ctx, network: &traffic{}}
	tb.network.listen(ctx)
	go func() {
		for ev, err := range chromedp.Events(ctx, runtime.ExceptionThrown) {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.exceptions = append(tb.exceptions, ev.ExceptionDetails.Text+" "+exceptionDescription(ev.ExceptionDetails))
			tb.mu.Unlock()
		}
	}()
	b.tabs = append(b.tabs, tb)
	return tb
}

func exceptionDescription(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return fmt.Sprintf("at %s:%d", d.URL, d.LineNumber)
}

type tab struct {
	ctx        context.Context
	network    *traffic
	mu         sync.Mutex
	exceptions []string
}

const waitFor = 15 * time.Second // for a page on a shared, noisy machine; not a speed target

func (tb *tab) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitFor)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%v (page: %s)", err, tb.state())
	}
}

// call sends a protocol command that answers nothing to the tab.
func call[P any](t *testing.T, tb *tab, cmd cdp.Command[P, cdp.Empty], params P) {
	t.Helper()
	if _, err := chromedp.Call(tb.ctx, cmd, params); err != nil {
		t.Fatalf("%s: %v", cmd.Method, err)
	}
}

func (tb *tab) navigate(t *testing.T, u string) {
	t.Helper()
	tb.do(t, chromedp.Navigate(u))
}

// wait waits until the JavaScript condition holds and no search is running.
func (tb *tab) wait(t *testing.T, cond string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitFor)
	defer cancel()
	expr := `document.getElementById('main').getAttribute('aria-busy') === 'false' && (` + cond + `)`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatalf("waiting for %s: %v\npage: %s", cond, err, tb.state())
	}
}

// eval returns the JSON of a JavaScript expression's value.
func (tb *tab) eval(t *testing.T, js string) string {
	t.Helper()
	raw, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]byte](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return string(raw)
}

func (tb *tab) decode(t *testing.T, js string, into any) {
	t.Helper()
	if err := json.Unmarshal([]byte(tb.eval(t, js)), into); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
}

func (tb *tab) text(t *testing.T, sel string) string {
	t.Helper()
	var s string
	tb.decode(t, `(document.querySelector(`+jsString(sel)+`)?.textContent ?? '').replace(/\s+/g, ' ').trim()`, &s)
	return s
}

// state describes the page for a failure message.
func (tb *tab) state() string {
	raw, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]byte](`location.pathname + location.search + ' | ' +
		document.getElementById('summary').textContent + ' | ' + document.getElementById('notice').textContent + ' | ' +
		document.querySelectorAll('#hits li').length + ' hits'`))
	if err != nil {
		return err.Error()
	}
	return string(raw)
}

type hitView struct {
	ID, Title, Meta, Text string
	Marks                 []string
}

func (tb *tab) hits(t *testing.T) []hitView {
	t.Helper()
	var h []hitView
	tb.decode(t, `[...document.querySelectorAll('#hits li')].map(li => ({
		ID: li.querySelector('a').dataset.id, Title: li.querySelector('h2').textContent,
		Meta: li.querySelector('.meta')?.textContent ?? '', Text: li.textContent,
		Marks: [...li.querySelectorAll('mark')].map(m => m.textContent)}))`, &h)
	return h
}

// facet reads a facet as the user sees it: "[x] Shanxi 3, Gansu 1".
func (tb *tab) facet(t *testing.T, name string) string {
	t.Helper()
	var rows []string
	tb.decode(t, `[...document.querySelectorAll('#facet-`+name+` label')].map(l =>
		(l.querySelector('input').checked ? '[x] ' : '') + l.querySelector('.v').textContent + ' ' + l.querySelector('.n').textContent)`, &rows)
	return strings.Join(rows, ", ")
}

func (tb *tab) noOverflow(t *testing.T) {
	t.Helper()
	var w struct{ Scroll, View int }
	tb.decode(t, `({Scroll: document.documentElement.scrollWidth, View: document.documentElement.clientWidth})`, &w)
	if w.Scroll > w.View {
		t.Errorf("the page is %d px wide in a %d px screen: something overflows", w.Scroll, w.View)
	}
}

// slash presses "/" as a keyboard does: one keyDown that carries the
// character, so that a page that handles the key keeps it out of the box
// (chromedp.KeyEvent sends the character as a separate event, which a
// page cannot cancel).
var slash = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, e := range []input.DispatchKeyEventParams{
		{Type: input.DispatchKeyEventTypeKeyDown, Key: "/", Code: "Slash", Text: "/", UnmodifiedText: "/", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191},
		{Type: input.DispatchKeyEventTypeKeyUp, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191},
	} {
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, e); err != nil {
			return err
		}
	}
	return nil
})

// search replaces the search box's text with query and presses Enter.
func (tb *tab) search(t *testing.T, query string) {
	t.Helper()
	tb.eval(t, `document.getElementById('q').value = ''`)
	tb.do(t, chromedp.SendKeys(chromedp.ID("q"), query+kb.Enter))
}

// drag presses the mouse on one element, moves it over to another and
// releases it there, as a person brushes a range.
func (tb *tab) drag(t *testing.T, from, to string) {
	t.Helper()
	var p [2]struct{ X, Y float64 }
	tb.decode(t, `[`+jsString(from)+`, `+jsString(to)+`].map(s => {
		const r = document.querySelector(s).getBoundingClientRect();
		return {X: r.left + r.width / 2, Y: r.top + r.height / 2};
	})`, &p)
	mouse := func(typ input.DispatchMouseEventType, x, y float64) chromedp.Action[chromedp.Void] {
		return chromedp.MouseEvent(typ, x, y, func(e *input.DispatchMouseEventParams) {
			e.Button, e.Buttons, e.ClickCount = input.MouseButtonLeft, 1, 1
			if typ == chromedp.MouseReleased {
				e.Buttons = 0
			}
		})
	}
	steps := []chromedp.Action[chromedp.Void]{mouse(chromedp.MousePressed, p[0].X, p[0].Y)}
	for i := 1; i <= 5; i++ {
		f := float64(i) / 5
		steps = append(steps, mouse(chromedp.MouseMoved, p[0].X+(p[1].X-p[0].X)*f, p[0].Y+(p[1].Y-p[0].Y)*f))
	}
	tb.do(t, append(steps, mouse(chromedp.MouseReleased, p[1].X, p[1].Y))...)
}

func (tb *tab) screenshot(t *testing.T, file string) {
	t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func (tb *tab) noExceptions(t *testing.T) {
	t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.exceptions {
		t.Errorf("the page threw: %s", e)
	}
}

// traffic records a tab's requests and the bytes each took over the wire.
type traffic struct {
	mu       sync.Mutex
	urls     map[network.RequestID]string
	bytes    map[network.RequestID]int64
	requests []network.RequestID
}

type response struct {
	url   string
	bytes int64
}

func (tr *traffic) listen(ctx context.Context) {
	tr.urls, tr.bytes = map[network.RequestID]string{}, map[network.RequestID]int64{}
	sent := chromedp.Events(ctx, network.RequestWillBeSent)
	done := chromedp.Events(ctx, network.LoadingFinished)
	failed := chromedp.Events(ctx, network.LoadingFailed)
	go func() {
		for ev, err := range sent {
			if err != nil {
				return
			}
			tr.mu.Lock()
			if _, ok := tr.urls[ev.RequestID]; !ok {
				tr.requests = append(tr.requests, ev.RequestID)
			}
			tr.urls[ev.RequestID] = ev.Request.URL
			tr.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range done {
			if err != nil {
				return
			}
			tr.mu.Lock()
			tr.bytes[ev.RequestID] = int64(ev.EncodedDataLength)
			tr.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range failed {
			if err != nil {
				return
			}
			tr.mu.Lock()
			tr.bytes[ev.RequestID] = 0
			tr.mu.Unlock()
		}
	}()
}

// settle waits until every request seen so far has finished and returns
// them in the order they were sent.
func (tr *traffic) settle(t *testing.T) []response {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		tr.mu.Lock()
		pending := 0
		var out []response
		for _, id := range tr.requests {
			b, ok := tr.bytes[id]
			if !ok {
				pending++
			}
			out = append(out, response{tr.urls[id], b})
		}
		tr.mu.Unlock()
		if pending == 0 && len(out) > 0 {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d requests did not finish: %v", pending, len(out), out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
