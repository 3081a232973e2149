package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/search"
	"github.com/xinwen/xinwen/search/export"
)

func (f *fakeEngine) Attention(ctx context.Context, req search.AttentionRequest) (*search.Attention, error) {
	return nil, f.err
}

// Export gives f.rows, then fails with f.err if it is set.
func (f *fakeEngine) Export(ctx context.Context, req search.Request, limit int, start func(search.ExportStart) error, row func(search.Row) error) error {
	f.got = req
	if f.err != nil && len(f.rows) == 0 {
		return f.err
	}
	if err := start(search.ExportStart{Total: uint64(len(f.rows)), Rows: uint64(len(f.rows))}); err != nil {
		return err
	}
	for _, r := range f.rows {
		if err := row(r); err != nil {
			return err
		}
	}
	return f.err
}

// testServer serves the real engine over the test articles.
func testServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(testEngine(t), quiet())) // server_test.go
	t.Cleanup(srv.Close)
	return srv
}

// fetch GETs a URL and returns the response with its body read.
func fetch(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// hitIDs returns the ids of the JSON answer to a search of every hit.
func hitIDs(t *testing.T, srv *httptest.Server, params url.Values) []string {
	t.Helper()
	params.Set("size", "100")
	_, body := fetch(t, srv.URL+"/api/search?"+params.Encode())
	var res search.Result
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestExportOverHTTP(t *testing.T) {
	srv := testServer(t)
	t.Run("a CSV export has every hit in order, with its Chinese intact", func(t *testing.T) {
		params := url.Values{"q": {"改革 OR coal"}, "province": {"Shanxi"}}
		want := hitIDs(t, srv, params)
		params.Set("format", "csv")
		resp, body := fetch(t, srv.URL+"/api/search?"+params.Encode())
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("status %d, type %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		if got, wantCD := resp.Header.Get("Content-Disposition"), `attachment; filename="xinwen-search.csv"; filename*=UTF-8''xinwen-%E6%94%B9%E9%9D%A9-OR-coal.csv`; got != wantCD {
			t.Errorf("Content-Disposition %s, want %s", got, wantCD)
		}
		if resp.Header.Get("X-Total-Count") != "3" {
			t.Errorf("X-Total-Count %q, want 3", resp.Header.Get("X-Total-Count"))
		}
		rest, ok := bytes.CutPrefix(body, []byte("\ufeff"))
		if !ok {
			t.Fatal("no byte-order mark")
		}
		rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(rows[0], ",") != "id,title,date,precision,province,places,source,url,story,snippet" {
			t.Errorf("header %q", rows[0])
		}
		var got []string
		for _, r := range rows[1:] {
			got = append(got, r[0])
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("rows %v, want the hits %v", got, want)
		}
		byID := map[string][]string{}
		for _, r := range rows[1:] {
			byID[r[0]] = r
		}
		if r := byID["sx1"]; r == nil || r[1] != "山西焦煤集团推进国有企业改革" || r[6] != "山西日报" || r[8] != "sx1" || !strings.Contains(r[9], "国有企业改革深化提升行动") || strings.Contains(r[9], "<mark>") {
			t.Errorf("the row of sx1 is %q", r)
		}
	})
	t.Run("a JSON Lines export has one hit a line", func(t *testing.T) {
		params := url.Values{"sort": {"date"}}
		want := hitIDs(t, srv, params)
		params.Set("format", "jsonl")
		resp, body := fetch(t, srv.URL+"/api/search?"+params.Encode())
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/x-ndjson") {
			t.Fatalf("status %d, type %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSuffix(string(body), "\n"), "\n") {
			var r search.Row
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			got = append(got, r.ID)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("lines %v, want the hits %v", got, want)
		}
	})
	t.Run("a bad query is a 400 before any row", func(t *testing.T) {
		resp, body := fetch(t, srv.URL+"/api/search?format=csv&q="+url.QueryEscape("(coal"))
		if resp.StatusCode != 400 || !strings.Contains(string(body), `"code":"bad_query"`) {
			t.Errorf("status %d: %s", resp.StatusCode, body)
		}
	})
	t.Run("an unknown format is a 400", func(t *testing.T) {
		resp, body := fetch(t, srv.URL+"/api/search?format=xlsx")
		if resp.StatusCode != 400 || !strings.Contains(string(body), `"code":"bad_format"`) {
			t.Errorf("status %d: %s", resp.StatusCode, body)
		}
	})
	t.Run("the facets come as CSV, with the counts of the JSON answer", func(t *testing.T) {
		resp, body := fetch(t, srv.URL+"/api/search?format=facets-csv&q=coal")
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("status %d, %v: %s", resp.StatusCode, err, body)
		}
		var got, want []string
		for _, r := range rows {
			if r[0] == "province" {
				got = append(got, r[1]+" "+r[3])
			}
		}
		_, js := fetch(t, srv.URL+"/api/search?q=coal")
		var res search.Result
		if err := json.Unmarshal(js, &res); err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Facets.Province {
			want = append(want, c.Value+" "+strconv.Itoa(c.Count))
		}
		if len(got) == 0 || strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("province rows %s, want %s", got, want)
		}
	})
}

func TestExportFailures(t *testing.T) {
	t.Run("too many hits is a 400 with its code", func(t *testing.T) {
		e := &fakeEngine{err: &search.Error{Code: search.CodeTooManyHits, Message: "the search has 200000 hits"}}
		rec := httptest.NewRecorder()
		New(e, quiet()).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?format=csv", nil))
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"code":"too_many_hits"`) {
			t.Errorf("status %d: %s", rec.Code, rec.Body)
		}
	})
	t.Run("an export that fails after its first row is cut off, not ended as if whole", func(t *testing.T) {
		e := &fakeEngine{rows: []search.Row{{ID: "a", Title: "煤炭"}}, err: errors.New("disk on fire")}
		srv := httptest.NewServer(New(e, quiet()))
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/api/search?format=jsonl")
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if err == nil {
			t.Error("the client read the broken export as a whole file")
		}
	})
}

func TestFeedOverHTTP(t *testing.T) {
	srv := testServer(t)
	params := url.Values{"q": {"改革"}, "province": {"Shanxi"}}
	want := hitIDs(t, srv, url.Values{"q": {"改革"}, "province": {"Shanxi"}, "sort": {"-date"}})
	params.Set("format", "atom")
	u := srv.URL + "/api/search?" + params.Encode()
	resp, body := fetch(t, u)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("status %d, type %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if err := export.CheckAtom(bytes.NewReader(body)); err != nil {
		t.Errorf("the feed breaks RFC 4287: %v\n%s", err, body)
	}
	var feed struct {
		Title string `xml:"title"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID   string `xml:"id"`
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(body, &feed); err != nil {
		t.Fatal(err)
	}
	if feed.Title != "xinwen: 改革 · Shanxi" {
		t.Errorf("title %q", feed.Title)
	}
	if len(feed.Links) != 2 || feed.Links[0].Href != u || feed.Links[1].Href != srv.URL+"/?q=%E6%94%B9%E9%9D%A9&province=Shanxi" {
		t.Errorf("links %+v, want self %s and the page", feed.Links, u)
	}
	var got []string
	for i, e := range feed.Entries {
		if i < len(want) && (e.ID != export.EntryID(want[i]) || e.Link.Href != srv.URL+"/doc/"+want[i]+"?q=%E6%94%B9%E9%9D%A9&province=Shanxi") {
			t.Errorf("entry %d: %+v, want the hit %s", i+1, e, want[i])
		}
		got = append(got, e.ID)
	}
	if len(got) != len(want) {
		t.Errorf("%d entries, want the %d hits newest first", len(got), len(want))
	}
}

func TestAttentionOverHTTP(t *testing.T) {
	srv := testServer(t)
	t.Run("each q is a series over the same bars", func(t *testing.T) {
		resp, body := fetch(t, srv.URL+"/api/attention?q=coal&q="+url.QueryEscape("改革")+"&interval=year")
		var a search.Attention
		if err := json.Unmarshal(body, &a); err != nil || resp.StatusCode != 200 {
			t.Fatalf("status %d, %v: %s", resp.StatusCode, err, body)
		}
		if len(a.Series) != 2 || a.Series[0].Query != "coal" || a.Series[1].Query != "改革" || a.Interval != "year" {
			t.Fatalf("got %s", body)
		}
		if len(a.Series[0].Buckets) == 0 || len(a.Series[0].Buckets) != len(a.Series[1].Buckets) {
			t.Errorf("the series have %d and %d bars, want the same", len(a.Series[0].Buckets), len(a.Series[1].Buckets))
		}
		if !strings.Contains(string(body), `"share":`) || !strings.Contains(string(body), `"all":`) {
			t.Errorf("no share or all in %s", body)
		}
	})
	t.Run("as CSV", func(t *testing.T) {
		resp, body := fetch(t, srv.URL+"/api/attention?format=csv&q=coal")
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
		if err != nil || resp.StatusCode != 200 || strings.Join(rows[0], ",") != "month,all,coal: count,coal: share" {
			t.Errorf("status %d, %v: %q", resp.StatusCode, err, rows)
		}
	})
	t.Run("a fifth query is a 400 with its code", func(t *testing.T) {
		resp, body := fetch(t, srv.URL+"/api/attention?q=a&q=b&q=c&q=d&q=e")
		if resp.StatusCode != 400 || !strings.Contains(string(body), `"code":"too_many_queries"`) {
			t.Errorf("status %d: %s", resp.StatusCode, body)
		}
	})
}
