package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
)

// guard bounds how long a test waits for something that must happen at
// once: a test that would hang fails instead. It is not a measure of
// speed.
const guard = time.Minute

// serve sends one request to h and returns the answer.
func serve(h http.Handler, method, target string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// slogTo is a logger that writes to w.
func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// codeOf is the error code of an answer, or "".
func codeOf(rec *httptest.ResponseRecorder) string {
	var body errorResponse
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return body.Error.Code
}

func TestKeys(t *testing.T) {
	const adminKey, searchKey = "admin-key-0123456789abcdef", "search-key-0123456789abcdef"
	var logs syncBuffer
	log := slogTo(&logs)
	open := New(&fakeEngine{}, log, WithIndex(&fakeStore{}), AdminKey(adminKey))
	keyed := New(&fakeEngine{}, log, WithIndex(&fakeStore{}), AdminKey(adminKey), SearchKey(searchKey))
	bearer := func(k string) map[string]string { return map[string]string{"Authorization": "Bearer " + k} }
	tests := []struct {
		name   string
		srv    *Server
		target string
		header map[string]string
		status int
		code   string
	}{
		{"without a search key, searching is open", open, "/api/search?q=coal", nil, 200, ""},
		{"without a search key, a wrong key is ignored by a search", open, "/api/search?q=coal", bearer("nonsense"), 200, ""},
		{"an admin route without a key is a 401", open, "/api/admin/backup", nil, 401, "unauthorized"},
		{"an admin route with another scheme is a 401", open, "/api/admin/backup", map[string]string{"Authorization": "Basic " + adminKey}, 401, "unauthorized"},
		{"an admin route with a wrong key is a 403", open, "/api/admin/backup", bearer("nonsense"), 403, "forbidden"},
		{"an admin route with the search key is a 403", keyed, "/api/admin/backup", bearer(searchKey), 403, "forbidden"},
		{"an admin route with the admin key is served", open, "/api/admin/backup", bearer(adminKey), 200, ""},
		{"the scheme may be in any case", open, "/api/admin/backup", map[string]string{"Authorization": "bearer " + adminKey}, 200, ""},
		{"with a search key, a search without it is a 401", keyed, "/api/search?q=coal", nil, 401, "unauthorized"},
		{"with a search key, a search with a wrong one is a 403", keyed, "/api/search?q=coal", bearer("nonsense"), 403, "forbidden"},
		{"with a search key, a search with it is served", keyed, "/api/search?q=coal", bearer(searchKey), 200, ""},
		{"with a search key, the admin key searches too", keyed, "/api/search?q=coal", bearer(adminKey), 200, ""},
		{"with a search key, an article needs it", keyed, "/api/docs/x", nil, 401, "unauthorized"},
		{"with a search key, the metrics need it", keyed, "/metrics", nil, 401, "unauthorized"},
		{"with a search key, health stays open", keyed, "/healthz", nil, 200, ""},
		{"with a search key, readiness stays open", keyed, "/readyz", nil, 503, "not_ready"},
		{"with a search key, the API's description stays open", keyed, "/api/openapi.json", nil, 200, ""},
		{"with a search key, the page stays open", keyed, "/", nil, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(tt.srv, "GET", tt.target, tt.header)
			if rec.Code != tt.status || codeOf(rec) != tt.code {
				t.Errorf("got %d %q, want %d %q: %s", rec.Code, codeOf(rec), tt.status, tt.code, rec.Body)
			}
			if got := rec.Header().Get("WWW-Authenticate"); (rec.Code == 401) != (got == `Bearer realm="xinwen"`) {
				t.Errorf("status %d with WWW-Authenticate %q", rec.Code, got)
			}
		})
	}
	t.Run("no key is ever logged", func(t *testing.T) {
		for _, k := range []string{adminKey, searchKey} {
			if strings.Contains(logs.String(), k) {
				t.Errorf("the log holds a key:\n%s", logs.String())
			}
		}
	})
	t.Run("a server without an admin key refuses every admin request", func(t *testing.T) {
		s := New(&fakeEngine{}, quiet(), WithIndex(&fakeStore{}))
		if rec := serve(s, "GET", "/api/admin/backup", bearer("")); rec.Code != 401 {
			t.Errorf("an empty key: %d, want 401", rec.Code)
		}
		if rec := serve(s, "GET", "/api/admin/backup", bearer("anything")); rec.Code != 403 {
			t.Errorf("any key: %d, want 403", rec.Code)
		}
	})
}

func TestCORS(t *testing.T) {
	const page = "https://news.example.org"
	preflight := map[string]string{"Origin": page, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}
	t.Run("by default no origin may read the API", func(t *testing.T) {
		s := New(&fakeEngine{}, quiet())
		rec := serve(s, "GET", "/api/search?q=coal", map[string]string{"Origin": page})
		if got := rec.Header().Get("Access-Control-Allow-Origin"); rec.Code != 200 || got != "" {
			t.Errorf("%d, Access-Control-Allow-Origin %q; want 200 and none", rec.Code, got)
		}
		if rec := serve(s, "OPTIONS", "/api/search", preflight); rec.Code != 405 || rec.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("a preflight got %d %v, want 405 without CORS headers", rec.Code, rec.Header())
		}
	})
	s := New(&fakeEngine{}, quiet(), CORSOrigins(page+"/"))
	t.Run("an allowed origin may read the answers", func(t *testing.T) {
		rec := serve(s, "GET", "/api/search?q=coal", map[string]string{"Origin": page})
		h := rec.Header()
		if h.Get("Access-Control-Allow-Origin") != page || !strings.Contains(h.Get("Access-Control-Expose-Headers"), "X-Request-Id") || h.Get("Vary") != "Origin" {
			t.Errorf("headers %v", h)
		}
	})
	t.Run("an allowed origin's preflight is answered", func(t *testing.T) {
		rec := serve(s, "OPTIONS", "/api/search", preflight)
		h := rec.Header()
		if rec.Code != 204 || h.Get("Access-Control-Allow-Origin") != page || !strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") || h.Get("Access-Control-Allow-Methods") == "" {
			t.Errorf("%d %v", rec.Code, h)
		}
	})
	t.Run("another origin may not read the answers", func(t *testing.T) {
		rec := serve(s, "GET", "/api/search?q=coal", map[string]string{"Origin": "https://evil.example"})
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("Access-Control-Allow-Origin %q", got)
		}
	})
	t.Run("another origin's preflight is a 403", func(t *testing.T) {
		rec := serve(s, "OPTIONS", "/api/search", map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
		if rec.Code != 403 || codeOf(rec) != "bad_origin" || rec.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%d %s %v", rec.Code, rec.Body, rec.Header())
		}
	})
}

// slowEngine holds every search until it is released, as a search of
// many matches would.
type slowEngine struct {
	fakeEngine
	entered chan struct{}
	release chan struct{}
}

func (e *slowEngine) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	e.entered <- struct{}{}
	select {
	case <-e.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return &search.Result{Query: req.Query, Hits: []search.Hit{}}, nil
}

func TestOverload(t *testing.T) {
	e := &slowEngine{entered: make(chan struct{}, 10), release: make(chan struct{})}
	s := New(e, quiet(), MaxSearches(2))
	s.gate.wait = guard // the queued searches wait until released, not 20 ms
	var wg sync.WaitGroup
	statuses := make(chan int, 4)
	search := func() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- serve(s, "GET", "/api/search?q=coal", nil).Code
		}()
	}
	search()
	search()
	for range 2 {
		select {
		case <-e.entered:
		case <-time.After(guard):
			t.Fatal("the searches did not start")
		}
	}
	// Two more wait in the queue, which then is full.
	search()
	search()
	for deadline := time.Now().Add(guard); len(s.gate.queue) < 2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the searches did not queue")
		}
	}

	t.Run("a search beyond the slots and the queue is a 503 with Retry-After", func(t *testing.T) {
		rec := serve(s, "GET", "/api/search?q=coal", nil)
		if rec.Code != 503 || codeOf(rec) != "overloaded" || rec.Header().Get("Retry-After") != "1" {
			t.Errorf("%d %s, Retry-After %q; want 503 overloaded, 1", rec.Code, rec.Body, rec.Header().Get("Retry-After"))
		}
	})
	t.Run("what is not a search is served meanwhile", func(t *testing.T) {
		if rec := serve(s, "GET", "/healthz", nil); rec.Code != 200 {
			t.Errorf("/healthz: %d", rec.Code)
		}
	})
	t.Run("the searches held up are answered once slots come free", func(t *testing.T) {
		close(e.release)
		wg.Wait()
		close(statuses)
		for st := range statuses {
			if st != 200 {
				t.Errorf("a search got %d, want 200", st)
			}
		}
	})
	t.Run("the server takes searches again", func(t *testing.T) {
		if rec := serve(s, "GET", "/api/search?q=coal", nil); rec.Code != 200 {
			t.Errorf("%d %s", rec.Code, rec.Body)
		}
	})
	t.Run("the metrics count the search turned away", func(t *testing.T) {
		body := serve(s, "GET", "/metrics", nil).Body.String()
		for _, line := range []string{"xinwen_searches_rejected_total 1\n", "xinwen_searches_running 0\n", "xinwen_searches_max 2\n",
			`xinwen_http_requests_total{code="503",route="/api/search"} 1` + "\n"} {
			if !strings.Contains(body, line) {
				t.Errorf("no %q in the metrics", line)
			}
		}
	})
	t.Run("a search that finds no slot within the short wait is a 503", func(t *testing.T) {
		e := &slowEngine{entered: make(chan struct{}, 1), release: make(chan struct{})}
		s := New(e, quiet(), MaxSearches(1))
		done := make(chan struct{})
		go func() { serve(s, "GET", "/api/search?q=coal", nil); close(done) }()
		<-e.entered
		if rec := serve(s, "GET", "/api/search?q=coal", nil); rec.Code != 503 || codeOf(rec) != "overloaded" {
			t.Errorf("%d %s", rec.Code, rec.Body)
		}
		close(e.release)
		<-done
	})
}

// fakeStore is an index for the operator's routes: Check fails with err.
type fakeStore struct {
	err   error
	stats index.Stats
}

func (f *fakeStore) Check() error                { return f.err }
func (f *fakeStore) Stats() (index.Stats, error) { return f.stats, nil }
func (f *fakeStore) Backup(ctx context.Context, w io.Writer, stage string) (index.Manifest, error) {
	_, err := io.WriteString(w, "a backup")
	return index.Manifest{}, err
}

func TestHealth(t *testing.T) {
	store := &fakeStore{stats: index.Stats{Documents: 16, Bytes: 4096, Segments: 3, FreeBytes: 1 << 30}}
	var logs syncBuffer
	s := New(&fakeEngine{}, slogTo(&logs), WithIndex(store))
	t.Run("a writable index is healthy", func(t *testing.T) {
		if rec := serve(s, "GET", "/healthz", nil); rec.Code != 200 || rec.Body.String() != `{"status":"ok"}`+"\n" {
			t.Errorf("%d %s", rec.Code, rec.Body)
		}
	})
	t.Run("an index that cannot be written is not, and the log says why once", func(t *testing.T) {
		store.err = errors.New("index: write /srv/ix to disk: no space left on device")
		for range 3 {
			rec := serve(s, "GET", "/healthz", nil)
			if rec.Code != 503 || codeOf(rec) != "unhealthy" || strings.Contains(rec.Body.String(), "/srv/ix") {
				t.Errorf("%d %s; want 503 unhealthy, without the path", rec.Code, rec.Body)
			}
		}
		if n := strings.Count(logs.String(), "no space left on device"); n != 1 {
			t.Errorf("the reason is logged %d times, want once:\n%s", n, logs.String())
		}
		if body := serve(s, "GET", "/metrics", nil).Body.String(); !strings.Contains(body, "xinwen_index_writable 0\n") {
			t.Errorf("the metrics do not say the index is not writable")
		}
		store.err = nil
		if rec := serve(s, "GET", "/healthz", nil); rec.Code != 200 {
			t.Errorf("healthy again: %d", rec.Code)
		}
	})
	t.Run("readiness follows the server's state", func(t *testing.T) {
		for _, step := range []struct {
			set    func()
			status int
			says   string
		}{
			{func() {}, 503, "starting"},
			{func() { s.SetReady(true) }, 200, "ready"},
			{func() { s.SetReady(false) }, 503, "shutting down"},
		} {
			step.set()
			if rec := serve(s, "GET", "/readyz", nil); rec.Code != step.status || !strings.Contains(rec.Body.String(), step.says) {
				t.Errorf("%d %s; want %d saying %s", rec.Code, rec.Body, step.status, step.says)
			}
		}
	})
}

func TestMetrics(t *testing.T) {
	store := &fakeStore{stats: index.Stats{Documents: 16, Bytes: 4096, Segments: 3, FreeBytes: 1 << 30}}
	s := New(&fakeEngine{}, quiet(), WithIndex(store))
	other := New(&fakeEngine{}, quiet())
	serve(s, "GET", "/api/search?q=coal", nil)
	serve(s, "GET", "/api/search?q=coal", nil)
	serve(s, "GET", "/api/docs/x", nil)
	serve(s, "GET", "/api/nope", nil)
	serve(other, "GET", "/api/search?q=coal", nil)
	s.Observer().Queued(5)
	s.Observer().Queued(-2)
	s.Observer().Committed(2, 3*time.Millisecond, nil)
	s.Observer().Committed(1, time.Millisecond, errors.New("disk full"))
	rec := serve(s, "GET", "/metrics", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("%d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, line := range []string{
		`xinwen_http_requests_total{code="200",route="/api/search"} 2`,
		`xinwen_http_requests_total{code="200",route="/api/docs/{id}"} 1`,
		`xinwen_http_requests_total{code="404",route="page"} 1`,
		`xinwen_http_request_duration_seconds_count{route="/api/search"} 2`,
		`xinwen_http_request_duration_seconds_bucket{route="/api/search",le="+Inf"} 2`,
		`xinwen_documents 16`,
		`xinwen_index_bytes 4096`,
		`xinwen_index_segments 3`,
		`xinwen_disk_free_bytes 1.073741824e+09`,
		`xinwen_index_writable 1`,
		`xinwen_writes_queued 3`,
		`xinwen_documents_committed_total 2`,
		`xinwen_commit_errors_total 1`,
		`xinwen_commit_fsync_seconds_count 2`,
		`xinwen_backups_total{result="failed"} 0`,
		`xinwen_last_backup_timestamp_seconds 0`,
		`process_open_fds `,
		`go_goroutines `,
	} {
		if !strings.Contains(body, line) {
			t.Errorf("no %q in the metrics", line)
		}
	}
	if !strings.Contains(body, "xinwen_last_commit_timestamp_seconds 1.") {
		t.Errorf("no time of the last commit")
	}
	t.Run("each server counts its own requests", func(t *testing.T) {
		body := serve(other, "GET", "/metrics", nil).Body.String()
		if !strings.Contains(body, `xinwen_http_requests_total{code="200",route="/api/search"} 1`+"\n") || strings.Contains(body, "\nxinwen_documents ") {
			t.Errorf("the other server's metrics:\n%s", body)
		}
	})
}

func TestBodies(t *testing.T) {
	s := New(&fakeEngine{}, quiet(), MaxBody(1<<10))
	answer := func(r *http.Request, types ...string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		r = r.WithContext(context.WithValue(r.Context(), requestKey{}, requestInfo{"test", time.Now()}))
		body, err := s.body(rec, r, types...)
		if err == nil {
			_, err = io.ReadAll(body)
		}
		if err != nil {
			s.writeErr(rec, r, err)
		} else {
			rec.WriteHeader(http.StatusNoContent)
		}
		return rec
	}
	chunked := func(n int, ct string) *http.Request {
		r := httptest.NewRequest("POST", "/api/docs", io.NopCloser(bytes.NewReader(bytes.Repeat([]byte("x"), n))))
		r.ContentLength = -1 // sent without saying how long
		r.Header.Set("Content-Type", ct)
		return r
	}
	tests := []struct {
		name   string
		req    *http.Request
		status int
		code   string
	}{
		{"a body within the cap is read", chunked(1<<10, "application/json; charset=utf-8"), 204, ""},
		{"a body that goes past the cap is a 413", chunked(1<<10+1, "application/json"), 413, "body_too_large"},
		{"a body of another type is a 415", chunked(10, "text/plain"), 415, "bad_content_type"},
		{"a body without a type is a 415", chunked(10, ""), 415, "bad_content_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := answer(tt.req, "application/json", "application/x-ndjson")
			if rec.Code != tt.status || codeOf(rec) != tt.code {
				t.Errorf("%d %s, want %d %s", rec.Code, rec.Body, tt.status, tt.code)
			}
		})
	}
	t.Run("a request that declares a body over the cap is a 413 before it is read", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/api/search", strings.NewReader(strings.Repeat("x", 2<<10)))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		if rec.Code != 413 || codeOf(rec) != "body_too_large" || !strings.Contains(rec.Body.String(), "1 KB") || rec.Header().Get("Connection") != "close" {
			t.Errorf("%d %s %v", rec.Code, rec.Body, rec.Header())
		}
	})
}

func TestBackupOneAtATime(t *testing.T) {
	s := New(&fakeEngine{}, quiet(), WithIndex(&fakeStore{}), AdminKey("admin-key-0123456789abcdef"))
	key := map[string]string{"Authorization": "Bearer admin-key-0123456789abcdef"}
	s.ops.backup.Lock() // a backup is running
	rec := serve(s, "GET", "/api/admin/backup", key)
	if rec.Code != 409 || codeOf(rec) != "backup_running" || rec.Header().Get("Retry-After") == "" {
		t.Errorf("%d %s %v", rec.Code, rec.Body, rec.Header())
	}
	s.ops.backup.Unlock()
	rec = serve(s, "GET", "/api/admin/backup", key)
	if rec.Code != 200 || rec.Body.String() != "a backup" || rec.Header().Get("Content-Type") != "application/x-tar" ||
		!strings.HasPrefix(rec.Header().Get("Content-Disposition"), `attachment; filename="xinwen-backup-`) {
		t.Errorf("%d %q %v", rec.Code, rec.Body, rec.Header())
	}
	if body := serve(s, "GET", "/metrics", nil).Body.String(); !strings.Contains(body, `xinwen_backups_total{result="ok"} 1`) {
		t.Errorf("the metrics do not count the backup")
	}
}
