package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/xinwen/xinwen/search"
	"github.com/xinwen/xinwen/search/export"
)

// analystSteps are TestSearchPage's steps for what analysts take away from
// a search: the attention chart (two queries compared, a point's figures on
// hover, a click narrowing to its month, counts or shares), and the Follow
// and Export links, whose files are fetched and read back.
func analystSteps(t *testing.T, step func(string, func(*testing.T)), b *browser, tab *tab, base, shots string) {
	step("the chart draws a line for the search, and another for a query added to compare", func(t *testing.T) {
		tab.navigate(t, base+"/?q=reform&chart=count")
		tab.wait(t, `document.querySelectorAll('#plot polyline').length === 1 && !document.getElementById('chart').hidden`)
		tab.do(t, chromedp.SendKeys(`#compare input`, "coal"+kb.Enter))
		tab.wait(t, `location.search === '?q=reform&chart=count&vs=coal' && document.querySelectorAll('#plot polyline').length === 2`)
		var legend []string
		tab.decode(t, `[...document.querySelectorAll('#series li')].map(l => l.textContent.replace(/\s+/g, ' ').trim())`, &legend)
		if got := strings.Join(legend, ", "); got != "reform 4, coal 2 ×" {
			t.Errorf("the legend reads %q, want reform 4 and coal 2 (removable)", got)
		}
		var bars []string
		tab.decode(t, `[...document.querySelectorAll('#plot .tick')].map(t => t.textContent)`, &bars)
		if strings.Join(bars, " ") != "1 0 2024-03 2024-04" {
			t.Errorf("the axes read %q, want counts from 0 to 1 over 2024-03 to 2024-04", bars)
		}
	})

	step("hovering a point shows each query's count, total and share for its month", func(t *testing.T) {
		var a search.Attention
		get(t, base+"/api/attention?q=reform&q=coal", &a)
		tab.mouseTo(t, `#plot circle.s1[data-i="1"]`)
		tab.wait(t, `!document.getElementById('tip').hidden`)
		r, c := a.Series[0].Buckets[1], a.Series[1].Buckets[1]
		want := fmt.Sprintf("2024-04 | reform: %d of %d · %.1f%% | coal: %d of %d · %.1f%%", r.Count, r.All, 100*r.Share, c.Count, c.All, 100*c.Share)
		var lines []string
		tab.decode(t, `[...document.getElementById('tip').children].map(e => e.textContent)`, &lines)
		if got := strings.Join(lines, " | "); got != want {
			t.Errorf("the figures read %q, want %q (the API's)", got, want)
		}
		tab.screenshot(t, filepath.Join(shots, "chart.png"))
	})

	step("Share draws the shares, and a click on a point narrows the search to its month", func(t *testing.T) {
		tab.do(t, chromedp.Click(`#chart [data-view="share"]`))
		tab.wait(t, `location.search === '?q=reform&chart=share&vs=coal' && document.querySelector('#plot .tick')?.textContent === '100.0%'`)
		tab.mouseTo(t, `#plot circle.s0[data-i="1"]`)
		tab.wait(t, `!document.getElementById('tip').hidden`)
		tab.click(t, `#plot circle.s0[data-i="1"]`)
		tab.wait(t, `location.search === '?q=reform&from=2024-04&to=2024-04&chart=share&vs=coal' && document.querySelectorAll('#hits li').length === 1`)
		if h := tab.hits(t); !strings.Contains(h[0].Meta, "2024-04-09") {
			t.Errorf("April 2024 gives %+v, want the article of 2024-04-09", h[0])
		}
		if got := tab.text(t, "#chips"); !strings.Contains(got, "Date 2024-04") {
			t.Errorf("chips = %q, want a removable Date 2024-04", got)
		}
		tab.do(t, chromedp.Click(`#series [data-unvs="0"]`))
		tab.wait(t, `location.search === '?q=reform&from=2024-04&to=2024-04&chart=share' && document.querySelectorAll('#plot polyline').length === 1`)
		tab.do(t, chromedp.Click(`#chart-btn`))
		tab.wait(t, `location.search === '?q=reform&from=2024-04&to=2024-04' && document.getElementById('chart').hidden`)
	})

	step("Follow is the search's Atom feed, and Export its hits as CSV and JSON Lines", func(t *testing.T) {
		tab.navigate(t, base+"/?q=reform&province=Shanxi")
		tab.wait(t, `document.querySelectorAll('#hits li').length === 3 && !document.getElementById('tools').hidden`)
		var links map[string]string
		tab.decode(t, `Object.fromEntries(['follow', 'csv', 'jsonl', 'facets-csv'].map(id => [id, document.getElementById(id).getAttribute('href')]))`, &links)
		for id, want := range map[string]string{
			"follow":     "/api/search?q=reform&province=Shanxi&format=atom",
			"csv":        "/api/search?q=reform&province=Shanxi&format=csv",
			"jsonl":      "/api/search?q=reform&province=Shanxi&format=jsonl",
			"facets-csv": "/api/search?q=reform&province=Shanxi&format=facets-csv",
		} {
			if links[id] != want {
				t.Errorf("%s links to %s, want %s", id, links[id], want)
			}
		}
		var shown []string
		for _, h := range tab.hits(t) {
			shown = append(shown, h.ID)
		}
		feed := fetchBody(t, base+links["follow"])
		if err := export.CheckAtom(bytes.NewReader(feed)); err != nil {
			t.Errorf("the feed breaks RFC 4287: %v", err)
		}
		if n := bytes.Count(feed, []byte("<entry>")); n != len(shown) {
			t.Errorf("the feed has %d entries, want the %d hits", n, len(shown))
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(fetchBody(t, base+links["csv"]), []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows[1:] {
			got = append(got, r[0])
		}
		if strings.Join(got, " ") != strings.Join(shown, " ") {
			t.Errorf("the CSV has rows %v, want the hits on the page %v", got, shown)
		}
	})

	step("at phone width the chart and the links fit", func(t *testing.T) {
		phone := b.tab(t)
		phone.do(t, chromedp.EmulateViewport(375, 740, chromedp.EmulateScale(2), chromedp.EmulateMobile))
		phone.navigate(t, base+"/?q=reform&chart=share&vs="+url.QueryEscape("Shanxi"))
		phone.wait(t, `document.querySelectorAll('#plot polyline').length === 2`)
		phone.mouseTo(t, `#plot circle.s0[data-i="0"]`)
		phone.wait(t, `!document.getElementById('tip').hidden`)
		phone.noOverflow(t)
		phone.screenshot(t, filepath.Join(shots, "phone-chart.png"))
	})
}

// mouseTo moves the mouse over the middle of the element sel.
func (tb *tab) mouseTo(t *testing.T, sel string) {
	t.Helper()
	x, y := tb.middle(t, sel)
	tb.do(t, chromedp.MouseEvent(chromedp.MouseMoved, x, y))
}

// click clicks the middle of the element sel, where a person would.
func (tb *tab) click(t *testing.T, sel string) {
	t.Helper()
	x, y := tb.middle(t, sel)
	tb.do(t, chromedp.MouseClickXY(x, y))
}

func (tb *tab) middle(t *testing.T, sel string) (x, y float64) {
	t.Helper()
	var p struct{ X, Y float64 }
	tb.decode(t, `(r => ({X: r.left + r.width / 2, Y: r.top + r.height / 2}))(document.querySelector(`+jsString(sel)+`).getBoundingClientRect())`, &p)
	return p.X, p.Y
}

// fetchBody GETs u and returns its body, failing on any status but 200.
func fetchBody(t *testing.T, u string) []byte {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v: %s", u, resp.StatusCode, err, body)
	}
	return body
}
