package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
)

// fakeEngine records the request it gets and answers with err, if any.
type fakeEngine struct {
	got  search.Request
	err  error
	rows []search.Row // what Export gives (export_test.go)
}

func (f *fakeEngine) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	f.got = req
	if f.err != nil {
		return nil, f.err
	}
	return &search.Result{Query: req.Query, Hits: []search.Hit{}}, nil
}

func (f *fakeEngine) Document(ctx context.Context, id string) (index.Document, error) {
	return index.Document{}, f.err
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestSearchParameters(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  search.Request
	}{
		{"every parameter reaches the engine",
			"q=coal+OR+%E7%85%A4&op=or&province=Shanxi&province=Gansu&source=Reuters&source=%E5%B1%B1%E8%A5%BF%E6%97%A5%E6%8A%A5&from=2024-01&to=2024-06-30&page=3&size=20&sort=-date&cursor=abc",
			search.Request{Query: "coal OR 煤", Op: "or", Provinces: []string{"Shanxi", "Gansu"}, Sources: []string{"Reuters", "山西日报"},
				From: "2024-01", To: "2024-06-30", Page: 3, Size: 20, Sort: "-date", Cursor: "abc"}},
		{"no parameters is an empty request", "", search.Request{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &fakeEngine{}
			rec := httptest.NewRecorder()
			New(e, quiet()).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?"+tt.query, nil))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if !reflect.DeepEqual(e.got, tt.want) {
				t.Errorf("engine got\n %+v\nwant\n %+v", e.got, tt.want)
			}
		})
	}
}

type errorResponse struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		Position  int    `json:"position"`
		RequestID string `json:"request_id"`
	} `json:"error"`
	TookMS *float64 `json:"took_ms"`
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		err    error
		status int
		code   string
		pos    int
	}{
		{"a query the parser refuses is a 400 that says where", "/api/search?q=(coal",
			&search.Error{Code: search.CodeBadQuery, Message: "unclosed ( at 1", Pos: 1}, 400, "bad_query", 1},
		{"a page that is not a number is a 400", "/api/search?page=two", nil, 400, "bad_page", 0},
		{"a size that is not a number is a 400", "/api/search?size=ten", nil, 400, "bad_size", 0},
		{"a search past its deadline is a 503", "/api/search?q=coal", search.ErrTimeout, 503, "timeout", 0},
		{"an unknown article is a 404", "/api/docs/nope", search.ErrNotFound, 404, "not_found", 0},
		{"an unknown API path is a 404", "/api/nope", nil, 404, "not_found", 0},
		{"a POST is refused", "/api/search", nil, 405, "method_not_allowed", 0},
		{"an internal failure says only internal", "/api/search?q=coal", errors.New("disk on fire"), 500, "internal", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := http.MethodGet
			if tt.code == "method_not_allowed" {
				method = http.MethodPost
			}
			rec := httptest.NewRecorder()
			New(&fakeEngine{err: tt.err}, quiet()).ServeHTTP(rec, httptest.NewRequest(method, tt.path, nil))
			var body errorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("%v in %s", err, rec.Body)
			}
			id := rec.Header().Get("X-Request-Id")
			if rec.Code != tt.status || body.Error.Code != tt.code || body.Error.Position != tt.pos {
				t.Errorf("got %d %s at %d, want %d %s at %d: %s", rec.Code, body.Error.Code, body.Error.Position, tt.status, tt.code, tt.pos, rec.Body)
			}
			if id == "" || body.Error.RequestID != id || body.TookMS == nil {
				t.Errorf("request id %q in the header, %q in the body, took_ms %v", id, body.Error.RequestID, body.TookMS)
			}
			if strings.Contains(rec.Body.String(), "disk on fire") {
				t.Errorf("an internal error leaks: %s", rec.Body)
			}
		})
	}
}

func TestRequestID(t *testing.T) {
	tests := []struct {
		name, given string
		kept        bool
	}{
		{"a plain id from the client is kept", "req-42.a:b_c", true},
		{"no id gets a new one", "", false},
		{"an id with odd characters is replaced", "a b<script>", false},
		{"an overlong id is replaced", strings.Repeat("x", 65), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
			if tt.given != "" {
				req.Header.Set("X-Request-Id", tt.given)
			}
			rec := httptest.NewRecorder()
			New(&fakeEngine{}, quiet()).ServeHTTP(rec, req)
			got := rec.Header().Get("X-Request-Id")
			if tt.kept && got != tt.given || !tt.kept && (got == tt.given || len(got) != 16) {
				t.Errorf("X-Request-Id = %q for %q", got, tt.given)
			}
		})
	}
}

// testEngine returns the real engine over the test articles.
func testEngine(t *testing.T) *search.Searcher {
	t.Helper()
	engine, _ := testIndex(t)
	return engine
}

// testIndex returns the real engine over the test articles, and their
// index.
func testIndex(t *testing.T) (*search.Searcher, *index.Index) {
	t.Helper()
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	w := ix.NewWriter(100)
	p := index.Pipeline{Sink: w}
	if _, err := p.Run(context.Background(), index.Reader{}.Files("../testdata/corpus.jsonl")); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	engine, err := search.New(ix)
	if err != nil {
		t.Fatal(err)
	}
	return engine, ix
}

// TestSearchOverHTTP runs the real engine over the test articles and walks
// a search with its cursors, as the page does.
func TestSearchOverHTTP(t *testing.T) {
	srv := testServer(t) // export_test.go

	get := func(t *testing.T, params url.Values) map[string]any {
		t.Helper()
		resp, err := http.Get(srv.URL + "/api/search?" + params.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != 200 {
			t.Fatalf("status %d, %v: %v", resp.StatusCode, err, body)
		}
		return body
	}

	t.Run("every documented field is in the answer", func(t *testing.T) {
		body := get(t, url.Values{"q": {"改革"}, "province": {"Shanxi"}, "size": {"1"}})
		for _, f := range []string{"query", "total", "took_ms", "page", "size", "sort", "relaxed", "cursor", "hits", "facets"} {
			if _, ok := body[f]; !ok {
				t.Errorf("no %q in %v", f, body)
			}
		}
		facets := body["facets"].(map[string]any)
		for _, f := range []string{"province", "source", "date"} {
			if _, ok := facets[f]; !ok {
				t.Errorf("no facets.%s in %v", f, facets)
			}
		}
		hit := body["hits"].([]any)[0].(map[string]any)
		for _, f := range []string{"id", "title", "title_html", "date", "province", "source", "score", "snippets"} {
			if _, ok := hit[f]; !ok {
				t.Errorf("no %q in the hit %v", f, hit)
			}
		}
	})

	t.Run("following the cursors gives every hit once", func(t *testing.T) {
		params := url.Values{"sort": {"date"}, "size": {"5"}}
		var got []string
		for page := 1; page < 10; page++ {
			body := get(t, params)
			for _, h := range body["hits"].([]any) {
				got = append(got, h.(map[string]any)["id"].(string))
			}
			if body["page"].(float64) != float64(page) {
				t.Errorf("page %v, want %d", body["page"], page)
			}
			c, ok := body["cursor"].(string)
			if !ok {
				break
			}
			params.Set("cursor", c)
		}
		if want := "gs1 sx4 en2 tie1 tie2 tie3 sx3 gs2 sx1 en1 sx2 gs4 gs3 cn1 en3 tie4"; strings.Join(got, " ") != want {
			t.Errorf("got %s\nwant %s", strings.Join(got, " "), want)
		}
	})

	t.Run("an article comes whole, with the time taken", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/api/docs/sx1")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var doc map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
			t.Fatal(err)
		}
		if doc["id"] != "sx1" || doc["title"] != "山西焦煤集团推进国有企业改革" || doc["took_ms"] == nil || resp.Header.Get("X-Request-Id") == "" {
			t.Errorf("got %v", doc)
		}
	})

	t.Run("a term is searched in the other language too, and xlang=off searches it as typed", func(t *testing.T) {
		on := get(t, url.Values{"q": {"reform"}})
		off := get(t, url.Values{"q": {"reform"}, "xlang": {"off"}})
		if fmt.Sprint(on["also_searched"]) != "[map[from:reform to:[改革]]]" {
			t.Errorf("also_searched = %v, want reform → 改革", on["also_searched"])
		}
		if _, ok := off["also_searched"]; ok {
			t.Errorf("with xlang=off, also_searched = %v", off["also_searched"])
		}
		if on["total"].(float64) <= off["total"].(float64) {
			t.Errorf("reform finds %v articles, and %v with xlang=off: want more with 改革", on["total"], off["total"])
		}
		via := map[string]bool{}
		for _, h := range on["hits"].([]any) {
			via[fmt.Sprint(h.(map[string]any)["matched_via"])] = true
		}
		if !via["[original]"] || !via["[translation]"] {
			t.Errorf("the hits matched via %v, want some by the words as typed and some by translation", via)
		}
		resp, err := http.Get(srv.URL + "/api/search?q=reform&xlang=maybe")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("xlang=maybe: status %d, want 400", resp.StatusCode)
		}
	})

	t.Run("a relaxed answer says so", func(t *testing.T) {
		body := get(t, url.Values{"q": {"国有企业改革 旅游业"}, "xlang": {"off"}})
		if body["relaxed"] != true || fmt.Sprint(body["total"]) != "4" {
			t.Errorf("relaxed %v total %v", body["relaxed"], body["total"])
		}
	})
}
