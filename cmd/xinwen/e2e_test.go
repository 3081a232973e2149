package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer collects a command's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer runs `xinwen serve` in-process on a free port over a new
// index directory, and returns its base URL.
func startServer(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	var out syncBuffer
	app := &App{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" },
		OnListen: func(addr string) { addrc <- addr }}
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve ended with %v\n%s", err, out.String())
		}
	})
	select {
	case addr := <-addrc:
		return "http://" + addr
	case err := <-done:
		done <- nil // for the cleanup, which waits for serve to end
		t.Fatalf("serve ended before listening: %v\n%s", err, out.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not listen within a minute\n%s", out.String())
	}
	return ""
}

type searchResult struct {
	Total uint64 `json:"total"`
	Hits  []struct {
		ID            string   `json:"id"`
		Title         string   `json:"title"`
		TitleHTML     string   `json:"title_html"`
		Date          string   `json:"date"`
		DateText      string   `json:"date_text"`
		DatePrecision string   `json:"date_precision"`
		Province      string   `json:"province"`
		ProvinceZH    string   `json:"province_zh"`
		ProvinceCode  string   `json:"province_code"`
		Source        string   `json:"source"`
		Snippets      []string `json:"snippets"`
	} `json:"hits"`
	Facets struct {
		Province []struct {
			Value   string `json:"value"`
			Count   int    `json:"count"`
			ValueZH string `json:"value_zh"`
		} `json:"province"`
		Date struct {
			Interval string `json:"interval"`
			Buckets  []struct {
				Value string `json:"value"`
				Count int    `json:"count"`
			} `json:"buckets"`
			NoYear int `json:"no_year"`
			NoDate int `json:"no_date"`
		} `json:"date"`
	} `json:"facets"`
}

func get(t *testing.T, u string, into any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: content type %q, body %s", u, ct, body)
	}
	if err := json.Unmarshal(body, into); err != nil {
		t.Fatalf("GET %s: %v in %s", u, err, body)
	}
	return resp.StatusCode
}

func TestServeSeeds(t *testing.T) {
	base := startServer(t, "-index", filepath.Join(t.TempDir(), "index"))
	search := func(t *testing.T, params string) searchResult {
		t.Helper()
		var r searchResult
		if code := get(t, base+"/api/search?"+params, &r); code != http.StatusOK {
			t.Fatalf("GET /api/search?%s: status %d", params, code)
		}
		return r
	}

	t.Run("coking coal ranks the Shanxi Coking Coal article first, highlighted", func(t *testing.T) {
		r := search(t, "q="+url.QueryEscape("coking coal"))
		if len(r.Hits) == 0 {
			t.Fatal("no hits")
		}
		top := r.Hits[0]
		if top.ID != "000_af93bdc7a1e7e16b" {
			t.Errorf("top hit is %s %q, want the Shanxi Coking Coal Group article", top.ID, top.Title)
		}
		if want := "Wu Cunrong&#39;s Research in Shanxi <mark>Coking</mark> <mark>Coal</mark> Group"; top.TitleHTML != want {
			t.Errorf("title_html = %q, want %q", top.TitleHTML, want)
		}
		joined := strings.Join(top.Snippets, " ")
		if !strings.Contains(joined, "<mark>coking</mark> <mark>coal</mark>") {
			t.Errorf("snippets do not mark coking coal: %q", top.Snippets)
		}
		if top.Date != "2024-03-28" || top.Province != "Shanxi" || top.Source != "Shanxi CPPCC Daily" {
			t.Errorf("metadata = %s %s %s, want 2024-03-28 Shanxi, Shanxi CPPCC Daily", top.Date, top.Province, top.Source)
		}
		if top.DateText != "2024-03-28" || top.DatePrecision != "day" || top.ProvinceZH != "山西" || top.ProvinceCode != "140000" {
			t.Errorf("date and province = %s (%s) %s %s, want 2024-03-28 (day) 山西 140000", top.DateText, top.DatePrecision, top.ProvinceZH, top.ProvinceCode)
		}
	})

	t.Run("国有 finds the Gansu article with the word marked inside its English sentence", func(t *testing.T) {
		r := search(t, "q="+url.QueryEscape("国有"))
		if r.Total != 1 || r.Hits[0].ID != "004_55fed33ca88e0f02" {
			t.Fatalf("got %d hits %+v, want only the Gansu article", r.Total, r.Hits)
		}
		joined := strings.Join(r.Hits[0].Snippets, " ")
		if !strings.Contains(joined, "关于<mark>国有</mark>Enterprise reform发展") {
			t.Errorf("snippets = %q, want 关于<mark>国有</mark>Enterprise reform发展", r.Hits[0].Snippets)
		}
	})

	t.Run("the province facet reads Shanxi 4, Gansu 1", func(t *testing.T) {
		r := search(t, "")
		got := fmt.Sprint(r.Facets.Province)
		if want := "[{Shanxi 4 山西} {Gansu 1 甘肃}]"; got != want {
			t.Errorf("province facet = %s, want %s", got, want)
		}
		if r.Total != 5 {
			t.Errorf("an empty query lists %d articles, want all 5", r.Total)
		}
		d := r.Facets.Date
		if got := fmt.Sprint(d.Buckets); got != "[{2024-03 1} {2024-04 1}]" || d.Interval != "month" || d.NoYear != 3 || d.NoDate != 0 {
			t.Errorf("date facet = %s %s, no_year %d, no_date %d; want month [{2024-03 1} {2024-04 1}], 3 without a year (On September 26), 0 undated", d.Interval, got, d.NoYear, d.NoDate)
		}
		if r.Hits[0].Date != "2024-04-09" || r.Hits[1].Date != "2024-03-28" {
			t.Errorf("an empty query does not list the newest first: %s, %s", r.Hits[0].Date, r.Hits[1].Date)
		}
	})

	t.Run("山西 finds the articles that write Shanxi, and marks Shanxi", func(t *testing.T) {
		// The four Shanxi articles write Shanxi, the Gansu one does not;
		// the one with Shanxi in its headline comes first.
		r := search(t, "q="+url.QueryEscape("山西"))
		ids := hitIDs(r)
		if r.Total != 4 || len(ids) != 4 || ids[0] != "000_af93bdc7a1e7e16b" ||
			fmt.Sprint(sorted(ids[1:])) != "[001_d985dd1586f04472 002_b133c8210882f2cb 003_cffe72ff8604bda2]" {
			t.Fatalf("got %d hits %v, want 000 (Shanxi in its headline) first, then 001, 002 and 003", r.Total, ids)
		}
		if want := "Wu Cunrong&#39;s Research in <mark>Shanxi</mark> Coking Coal Group"; r.Hits[0].TitleHTML != want {
			t.Errorf("title_html = %q, want %q", r.Hits[0].TitleHTML, want)
		}
		for _, h := range r.Hits {
			if got := marked(h.TitleHTML, h.Snippets); len(got) == 0 || strings.Join(unique(got), " ") != "Shanxi" {
				t.Errorf("%s marks %q, want Shanxi and nothing else", h.ID, got)
			}
		}
	})

	t.Run("山西 coking finds the two articles with both words, the headline with both first", func(t *testing.T) {
		r := search(t, "q="+url.QueryEscape("山西 coking"))
		if ids := hitIDs(r); r.Total != 2 || fmt.Sprint(ids) != "[000_af93bdc7a1e7e16b 003_cffe72ff8604bda2]" {
			t.Fatalf("got %d hits %v, want 000 then 003", r.Total, ids)
		}
		if want := "Wu Cunrong&#39;s Research in <mark>Shanxi</mark> <mark>Coking</mark> Coal Group"; r.Hits[0].TitleHTML != want {
			t.Errorf("title_html = %q, want %q", r.Hits[0].TitleHTML, want)
		}
		for _, h := range r.Hits {
			joined := strings.Join(h.Snippets, " ")
			for _, w := range []string{"<mark>Shanxi</mark>", "<mark>Coking</mark>"} {
				if !strings.Contains(joined, w) {
					t.Errorf("%s: snippets %q, want %s in them", h.ID, h.Snippets, w)
				}
			}
		}
	})

	t.Run("吕梁 finds Lvliang, and an article dated On September 26 shows no year", func(t *testing.T) {
		r := search(t, "q="+url.QueryEscape("吕梁"))
		if r.Total != 1 || !strings.Contains(r.Hits[0].TitleHTML, "<mark>Lvliang</mark>") {
			t.Fatalf("got %d hits %+v, want the Lvliang article with Lvliang marked", r.Total, r.Hits)
		}
		r = search(t, "province="+url.QueryEscape("甘肃"))
		if r.Total != 1 || r.Hits[0].DateText != "09-26" || r.Hits[0].DatePrecision != "monthday" || r.Hits[0].Date != "" {
			t.Fatalf("got %+v, want the Gansu article dated 09-26 (monthday) and no full date", r.Hits)
		}
	})

	t.Run("province=Gansu filters to one hit", func(t *testing.T) {
		r := search(t, "province=Gansu")
		if r.Total != 1 || len(r.Hits) != 1 || r.Hits[0].Province != "Gansu" {
			t.Errorf("province=Gansu gives %d hits: %+v", r.Total, r.Hits)
		}
	})

	t.Run("a date range keeps the articles dated within it", func(t *testing.T) {
		r := search(t, "from=2024-04-01&to=2024-12-31")
		if r.Total != 1 || r.Hits[0].Date != "2024-04-09" {
			t.Errorf("from=2024-04-01 gives %d hits: %+v", r.Total, r.Hits)
		}
	})

	t.Run("malformed requests get a 400 with a stable code", func(t *testing.T) {
		for params, code := range map[string]string{
			"size=100000":                 "bad_size",
			"size=ten":                    "bad_size",
			"page=-1":                     "bad_page",
			"q=" + url.QueryEscape(`"国有`): "bad_query",
			"from=2024-13-01":             "bad_date",
			"sort=sideways":               "bad_sort",
		} {
			var e struct {
				Error struct{ Code, Message string }
			}
			if status := get(t, base+"/api/search?"+params, &e); status != http.StatusBadRequest || e.Error.Code != code || e.Error.Message == "" {
				t.Errorf("%s: status %d, error %+v; want 400 %s with a message", params, status, e.Error, code)
			}
		}
	})

	t.Run("a document is returned whole by its id", func(t *testing.T) {
		var d struct {
			ID, Title, Body, Province string
			ProvinceZH                string `json:"province_zh"`
			DateText                  string `json:"date_text"`
			DatePrecision             string `json:"date_precision"`
		}
		if status := get(t, base+"/api/docs/004_55fed33ca88e0f02", &d); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		if !strings.Contains(d.Body, "The meeting was held by video at the city and state level") || d.Province != "Gansu" {
			t.Errorf("document = %+v", d)
		}
		if d.ProvinceZH != "甘肃" || d.DateText != "09-26" || d.DatePrecision != "monthday" {
			t.Errorf("province and date = %s %s (%s), want 甘肃 09-26 (monthday)", d.ProvinceZH, d.DateText, d.DatePrecision)
		}
		var e struct{ Error struct{ Code string } }
		if status := get(t, base+"/api/docs/nope", &e); status != http.StatusNotFound || e.Error.Code != "not_found" {
			t.Errorf("unknown id: status %d code %q, want 404 not_found", status, e.Error.Code)
		}
	})

	t.Run("healthz answers", func(t *testing.T) {
		var h struct{ Status string }
		if status := get(t, base+"/healthz", &h); status != http.StatusOK || h.Status != "ok" {
			t.Errorf("healthz: %d %+v", status, h)
		}
	})

	t.Run("the search page is served", func(t *testing.T) {
		resp, err := http.Get(base + "/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "/api/search") {
			t.Errorf("GET /: %d, %d bytes", resp.StatusCode, len(body))
		}
	})
}

func hitIDs(r searchResult) []string {
	ids := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		ids[i] = h.ID
	}
	return ids
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func unique(s []string) []string { return slices.Compact(sorted(s)) }

// markRE finds the marked words of a highlighted title or snippet.
var markRE = regexp.MustCompile(`<mark>(.*?)</mark>`)

// marked returns the words marked in a hit's title and snippets, in order.
func marked(titleHTML string, snippets []string) []string {
	var out []string
	for _, m := range markRE.FindAllStringSubmatch(titleHTML+"\n"+strings.Join(snippets, "\n"), -1) {
		out = append(out, m[1])
	}
	return out
}
