package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
)

// getJSON serves one GET of target through h and decodes the answer.
func getJSON(t *testing.T, h http.Handler, target string, host string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if host != "" {
		req.Host = host
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("GET %s: %v in %s", target, err, rec.Body)
	}
	return rec.Code, body
}

// errorCode is the code of an error answer, or "".
func errorCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

// TestPagesThatOverflow checks that a page whose offset does not fit in an
// int, however page and size multiply, is a 400 bad_page, and that the
// server goes on answering: one such GET used to end the process.
func TestPagesThatOverflow(t *testing.T) {
	h := New(testEngine(t), quiet())
	for _, tt := range []struct{ name, page, size string }{
		{"the largest page with a size of 2 (page×size wraps to -2)", "9223372036854775807", "2"},
		{"the largest page with the default size", "9223372036854775807", ""},
		{"the largest page with the largest size", "9223372036854775807", "100"},
		{"a page whose product with 2 wraps to the smallest int", "4611686018427387904", "2"},
		{"a page whose product with 4 wraps to 0", "4611686018427387904", "4"},
		{"a page whose product with 4 wraps to 4", "4611686018427387905", "4"},
		{"a page whose product with 10 wraps to a small number", "1844674407370955162", "10"},
		{"a page whose product with 6 wraps to 2", "3074457345618258603", "6"},
		{"a page whose product with 100 wraps to a negative number", "92233720368547759", "100"},
		{"a page just past the depth with a size of 1", "10001", "1"},
		{"a page just past the depth with a size of 100", "101", "100"},
		{"the smallest page", "-9223372036854775808", "2"},
		{"a page beyond any int", "9223372036854775808", "2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{"q": {"改革"}, "page": {tt.page}}
			if tt.size != "" {
				v.Set("size", tt.size)
			}
			code, body := getJSON(t, h, "/api/search?"+v.Encode(), "")
			if code != http.StatusBadRequest || errorCode(body) != search.CodeBadPage {
				t.Errorf("status %d %v, want 400 bad_page", code, body)
			}
			if code, _ := getJSON(t, h, "/api/search?q=%E6%94%B9%E9%9D%A9", ""); code != http.StatusOK {
				t.Errorf("the next search: status %d", code)
			}
		})
	}
	t.Run("the deepest page allowed is answered", func(t *testing.T) {
		if code, body := getJSON(t, h, "/api/search?page=100&size=100", ""); code != http.StatusOK {
			t.Errorf("status %d %v", code, body)
		}
	})
}

// TestForgedCursorsOverHTTP forges cursors as the issue did, from a real
// one (dropping a sort value, adding one, changing its type), in every
// sort order: each is a 400 bad_cursor, never a crash.
func TestForgedCursorsOverHTTP(t *testing.T) {
	h := New(testEngine(t), quiet())
	for _, params := range []string{"q=coal+OR+%E6%94%B9%E9%9D%A9&size=2", "sort=date&size=2", "sort=-date&size=2"} {
		code, first := getJSON(t, h, "/api/search?"+params, "")
		c, _ := first["cursor"].(string)
		if code != http.StatusOK || c == "" {
			t.Fatalf("%s: status %d, cursor %q", params, code, c)
		}
		body, sig, signed := strings.Cut(c, ".")
		raw, err := base64.RawURLEncoding.DecodeString(body)
		if err != nil {
			t.Fatal(err)
		}
		var fields map[string]any
		if err := json.Unmarshal(raw, &fields); err != nil {
			t.Fatal(err)
		}
		values, _ := fields["a"].([]any)
		if len(values) != 2 {
			t.Fatalf("the cursor's sort values: %v", fields["a"])
		}
		for _, tt := range []struct {
			name   string
			values []any
		}{
			{"without its last sort value", values[:1]},
			{"without its first sort value", values[1:]},
			{"without sort values", []any{}},
			{"with a sort value too many", []any{values[0], values[1], values[1]}},
			{"with a number for a sort value", []any{1.5, values[1]}},
			{"with sort values that are not bytes", []any{"%%%", "%%%"}},
		} {
			forged := map[string]any{}
			for k, v := range fields {
				forged[k] = v
			}
			forged["a"] = tt.values
			raw, _ := json.Marshal(forged)
			for _, how := range []string{"unsigned", "with the real cursor's signature"} {
				cursor := base64.RawURLEncoding.EncodeToString(raw)
				if how != "unsigned" {
					if !signed {
						continue
					}
					cursor += "." + sig
				}
				t.Run(params+": a cursor "+tt.name+", "+how, func(t *testing.T) {
					code, body := getJSON(t, h, "/api/search?"+params+"&cursor="+url.QueryEscape(cursor), "")
					if code != http.StatusBadRequest || errorCode(body) != search.CodeBadCursor {
						t.Errorf("status %d %v, want 400 bad_cursor", code, body)
					}
				})
			}
		}
		t.Run(params+": the real cursor leads on", func(t *testing.T) {
			if code, body := getJSON(t, h, "/api/search?"+params+"&cursor="+url.QueryEscape(c), ""); code != http.StatusOK || body["page"] != 2.0 {
				t.Errorf("status %d %v", code, body)
			}
		})
	}
}

// panicEngine panics in every call, as a bug would.
type panicEngine struct{}

func (panicEngine) Search(context.Context, search.Request) (*search.Result, error) {
	var hits []search.Hit
	return &search.Result{Hits: hits[:1]}, nil // slice bounds out of range
}

func (panicEngine) Document(context.Context, string) (index.Document, error) {
	return index.Document{}, &search.PanicError{Value: "a bug", Stack: []byte("goroutine 7 [running]:\nsearch.(*Searcher).run")}
}

func (panicEngine) Attention(context.Context, search.AttentionRequest) (*search.Attention, error) {
	panic("a bug")
}

func (panicEngine) Export(context.Context, search.Request, int, func(search.ExportStart) error, func(search.Row) error) error {
	panic("a bug")
}

// syncBuffer is a log that handlers write to concurrently.
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

// TestPanicsAreInternalErrors checks that a panic in a handler, or one the
// engine recovered from, is a 500 internal that carries the request's id,
// logged with its stack under that id, and that the server goes on.
func TestPanicsAreInternalErrors(t *testing.T) {
	for _, tt := range []struct{ name, path, stack string }{
		{"a panic in the handler", "/api/search?q=coal", "panicEngine.Search"},
		{"a panic the engine recovered from", "/api/docs/sx1", "search.(*Searcher).run"},
	} {
		t.Run(tt.name+" is a 500 with the request's id and a log line with the stack", func(t *testing.T) {
			var log syncBuffer
			srv := httptest.NewServer(New(panicEngine{}, slog.New(slog.NewTextHandler(&log, nil))))
			defer srv.Close()
			for range 2 { // and the server is still there for the second
				req, _ := http.NewRequest(http.MethodGet, srv.URL+tt.path, nil)
				req.Header.Set("X-Request-Id", "req-7")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				var body errorResponse
				err = json.NewDecoder(resp.Body).Decode(&body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusInternalServerError || body.Error.Code != "internal" || body.Error.RequestID != "req-7" {
					t.Errorf("status %d, %+v, %v", resp.StatusCode, body, err)
				}
			}
			if l := log.String(); !strings.Contains(l, "id=req-7") || !strings.Contains(l, tt.stack) || !strings.Contains(l, "status=500") {
				t.Errorf("the log has no line with the id, the stack and the status:\n%s", l)
			}
		})
	}
}

// docEngine records the ids it is asked for.
type docEngine struct {
	fakeEngine
	id string
}

func (d *docEngine) Document(_ context.Context, id string) (index.Document, error) {
	d.id = id
	return index.Document{ID: id, Title: "t"}, nil
}

// TestDocumentIDs checks that every id, however odd as a path, is
// reachable at /api/docs/ when percent-encoded, and that the page is
// served for its links.
func TestDocumentIDs(t *testing.T) {
	for _, tt := range []struct{ path, id string }{
		{"/api/docs/sx1", "sx1"},
		{"/api/docs/a%2Fb", "a/b"},
		{"/api/docs/a%2Fb%2F..%2Fc", "a/b/../c"},
		{"/api/docs/%2E", "."},
		{"/api/docs/%2E%2E", ".."},
		{"/api/docs/..", ".."},
		{"/api/docs/%E5%B1%B1%E8%A5%BF%201", "山西 1"},
		{"/api/docs/a%3Fb%23c", "a?b#c"},
		{"/api/docs/%25", "%"},
		{"/api/docs?id=..", ".."},
		{"/api/docs?id=.", "."},
	} {
		t.Run(tt.id+" is at "+tt.path, func(t *testing.T) {
			e := &docEngine{}
			code, body := getJSON(t, New(e, quiet()), tt.path, "")
			if code != http.StatusOK || e.id != tt.id || body["id"] != tt.id {
				t.Errorf("status %d, engine asked for %q: %v", code, e.id, body)
			}
		})
	}
	for _, path := range []string{"/doc/a%2Fb", "/doc/%2E%2E", "/doc?id=..&q=coal"} {
		t.Run("the page is served at "+path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			New(&docEngine{}, quiet()).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<html") {
				t.Errorf("status %d: %.100s", rec.Code, rec.Body)
			}
		})
	}
}

// TestHosts checks that a server that allows some hosts answers those,
// with or without a port, and refuses others with 421 bad_host.
func TestHosts(t *testing.T) {
	loopback := New(&fakeEngine{}, quiet(), AllowHosts(LoopbackHosts...))
	proxied := New(&fakeEngine{}, quiet(), AllowHosts(LoopbackHosts...), AllowHosts("News.Example.org"))
	anyHost := New(&fakeEngine{}, quiet(), AllowHosts("*"))
	for _, tt := range []struct {
		name    string
		h       http.Handler
		host    string
		allowed bool
	}{
		{"127.0.0.1 with its port is a loopback host", loopback, "127.0.0.1:8080", true},
		{"127.0.0.1 without a port is a loopback host", loopback, "127.0.0.1", true},
		{"localhost is a loopback host", loopback, "localhost:8080", true},
		{"LOCALHOST. is localhost", loopback, "LOCALHOST.:8080", true},
		{"[::1] is a loopback host", loopback, "[::1]:8080", true},
		{"[::1] without a port is a loopback host", loopback, "[::1]", true},
		{"another name is refused", loopback, "attacker.example", false},
		{"another name with the port is refused", loopback, "attacker.example:8080", false},
		{"a name that starts like a loopback host is refused", loopback, "127.0.0.1.attacker.example:8080", false},
		{"a name under localhost is refused", loopback, "localhost.attacker.example", false},
		{"another address is refused", loopback, "10.0.0.7:8080", false},
		{"a reverse proxy's name is answered when allowed", proxied, "news.example.org", true},
		{"a loopback host is still answered beside a proxy's", proxied, "localhost:8080", true},
		{"another name is refused beside a proxy's", proxied, "attacker.example", false},
		{"* allows any host", anyHost, "attacker.example", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/api/search?q=coal", "/healthz", "/api/docs/sx1"} {
				code, body := getJSON(t, tt.h, path, tt.host)
				if tt.allowed && code == http.StatusMisdirectedRequest || !tt.allowed && (code != http.StatusMisdirectedRequest || errorCode(body) != "bad_host") {
					t.Errorf("%s with Host %s: status %d %v", path, tt.host, code, body)
				}
			}
		})
	}
}

// TestLogLine checks that the log line of a request with a huge query
// holds a few hundred bytes of it and says how long it was.
func TestLogLine(t *testing.T) {
	var log syncBuffer
	h := New(&fakeEngine{}, slog.New(slog.NewTextHandler(&log, nil)))
	q := strings.Repeat("改革", 1<<17) // 768 KB, 2.3 MB encoded
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q="+url.QueryEscape(q), nil))
	line := log.String()
	if len(line) > 1000 || !strings.Contains(line, "query_bytes=2359298") || !strings.Contains(line, "…") {
		t.Errorf("the log line has %d bytes: %.400s", len(line), line)
	}
}
