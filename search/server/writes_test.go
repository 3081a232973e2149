package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
)

const testAdminKey = "the-admin-key-of-this-test"

// writable is a server over the test articles that takes writes with
// testAdminKey, its bodies capped at 64 KB.
func writable(t *testing.T, opts ...Option) *Server {
	t.Helper()
	engine, ix := testIndex(t) // server_test.go
	opts = append([]Option{WithIndex(ix), AdminKey(testAdminKey), MaxBody(64 << 10), WithWrites(func(obs index.Observer) Committer {
		c := ix.NewCommitter(obs)
		t.Cleanup(func() { c.Close() })
		return c
	})}, opts...)
	return New(engine, quiet(), opts...)
}

// send sends a write to h with the admin key.
func send(h http.Handler, method, target, ctype, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testAdminKey)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// written is what a write's answer says: the counts, and each refusal as
// "line:code".
func written(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var res writeResult
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
	}
	out := fmt.Sprintf("%d indexed %d deleted %d refused", res.Indexed, res.Deleted, res.Refused)
	for _, e := range res.Errors {
		out += fmt.Sprintf(" %d:%s", e.Line, e.Code)
	}
	if res.Error != nil {
		out += fmt.Sprintf("; error %s at %d", res.Error.Code, res.Error.Line)
	}
	return out
}

// article is one article of the JSON Lines format.
func article(id, title string) string {
	raw, _ := json.Marshal(map[string]string{"id": id, "title": title, "body": title + "。山西省太原市召开会议。", "date": "2025-01-02"})
	return string(raw)
}

// total is how many articles the server finds for q.
func total(t *testing.T, h http.Handler, q string) uint64 {
	t.Helper()
	rec := serve(h, "GET", "/api/search?q="+q, nil)
	var res search.Result
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	return res.Total
}

func TestWrites(t *testing.T) {
	s := writable(t)
	long := strings.Repeat("长", index.MaxIDLen)
	tests := []struct {
		name, method, target, ctype, body string
		status                            int
		want                              string // written(), or the error code
	}{
		{"one JSON article is written", "POST", "/api/docs", "application/json", article("w1", "煤矿安全大检查"),
			200, "1 indexed 0 deleted 0 refused"},
		{"a JSON array is written, but for the articles refused, named by line", "POST", "/api/docs", "application/json; charset=utf-8",
			"[\n" + article("w2", "轨道交通开通") + ",\n" + `{"id":"w3","title":"t","date":"2025-13-01"}` + ",\n" + article("w4", "黄河流域生态保护") + "\n]",
			200, "2 indexed 0 deleted 1 refused 3:bad_date"},
		{"JSON Lines are read a line at a time, each bad line refused alone", "POST", "/api/docs", "application/x-ndjson",
			article("w5", "钢铁冶炼") + "\n" +
				`{"id":"w6", "title": broken` + "\n" +
				`{"id":"w7","title":"` + "\xff\xfe" + `"}` + "\n" +
				`{"id":"w8","title":"a` + "\x00" + `b"}` + "\n" +
				`{"id":"` + strings.Repeat("x", 10000) + `","title":"t"}` + "\n" +
				`{"id":"a/b","title":"t"}` + "\n" +
				`{"id":"w9"}` + "\n",
			200, "1 indexed 0 deleted 6 refused 2:bad_json 3:not_utf8 4:bad_json 5:bad_id 6:bad_id 7:empty"},
		{"a body whose every article is refused is a 400 that names the first line", "POST", "/api/docs", "application/x-ndjson",
			"\n" + `{"id":"x1","date":"never","title":"t"}` + "\n" + `{"id":"x2"}`,
			400, "0 indexed 0 deleted 2 refused 2:bad_date 3:empty; error bad_date at 2"},
		{"malformed JSON is a 400 at its line", "POST", "/api/docs", "application/json", "{\n\"id\": \"x\",\n\"title\": }",
			400, "0 indexed 0 deleted 1 refused 3:bad_json; error bad_json at 3"},
		{"a body without an article is a 400", "POST", "/api/docs", "application/json", " \n ", 400, "no_articles"},
		{"a body of another type is a 415", "POST", "/api/docs", "text/plain", article("w10", "t"), 415, "bad_content_type"},
		{"a body over the cap is a 413", "POST", "/api/docs", "application/x-ndjson", strings.Repeat(article("big", strings.Repeat("长", 1000))+"\n", 30),
			413, "body_too_large"},
		{"a JSON array over the cap is a 413, and none of it is written", "POST", "/api/docs", "application/json",
			"[" + strings.Repeat(article("big", strings.Repeat("长", 1000))+",", 30) + article("big2", "t") + "]", 413, "body_too_large"},
		{"PUT adds an article under the id of its path", "PUT", "/api/docs/p1", "application/json", `{"title":"兰州新建轨道交通","body":"甘肃省兰州市。"}`,
			200, "1 indexed 0 deleted 0 refused"},
		{"PUT replaces an article", "PUT", "/api/docs/p1", "application/json", `{"id":"p1","title":"兰州轨道交通二号线","body":"甘肃省兰州市。"}`,
			200, "1 indexed 0 deleted 0 refused"},
		{"PUT with another id in the body is a 400", "PUT", "/api/docs/p1", "application/json", article("p2", "t"), 400, "id_mismatch"},
		{"PUT of two articles is a 400", "PUT", "/api/docs/p1", "application/json", `[{"title":"a"},{"title":"b"}]`, 400, "too_many_articles"},
		{"PUT of an article refused is a 400 at its line", "PUT", "/api/docs/p1", "application/json", "{\"title\":\"t\",\n\"date\":\"2025-02-30\"}",
			400, "0 indexed 0 deleted 1 refused 1:bad_date; error bad_date at 1"},
		{"PUT of an id with a / is a 400", "PUT", "/api/docs/a%2Fb", "application/json", `{"title":"t"}`, 400, "bad_id"},
		{"PUT of an id too long is a 400", "PUT", "/api/docs/" + long + "x", "application/json", `{"title":"t"}`, 400, "bad_id"},
		{"DELETE deletes", "DELETE", "/api/docs/w2", "", "", 200, "0 indexed 1 deleted 0 refused"},
		{"DELETE of an article that is not there is a 404", "DELETE", "/api/docs/w2", "", "", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := send(s, tt.method, tt.target, tt.ctype, tt.body)
			got := codeOf(rec)
			if strings.Contains(tt.want, "indexed") {
				got = written(t, rec)
			}
			if rec.Code != tt.status || got != tt.want {
				t.Errorf("%d %s\nwant %d %s\n%.400s", rec.Code, got, tt.status, tt.want, rec.Body)
			}
		})
	}
	t.Run("a body cut off is a 400, one over the cap a 413, and none of either is written", func(t *testing.T) {
		for _, ctype := range []string{"application/json", "application/x-ndjson"} {
			body := io.MultiReader(strings.NewReader("["+article("cut1", "t")+",\n"+article("cut2", "t")+",\n"), cutOff{})
			if ctype != "application/json" {
				body = io.MultiReader(strings.NewReader(article("cut1", "t")+"\n"+article("cut2", "t")+"\n"), cutOff{})
			}
			req := httptest.NewRequest("POST", "/api/docs", body)
			req.Header.Set("Authorization", "Bearer "+testAdminKey)
			req.Header.Set("Content-Type", ctype)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != 400 || codeOf(rec) != "bad_body" {
				t.Errorf("%s: %d %s", ctype, rec.Code, rec.Body)
			}
		}
		req := httptest.NewRequest("POST", "/api/docs", strings.NewReader("["+strings.Repeat(article("chunked", strings.Repeat("长", 1000))+",", 30)+article("big2", "t")+"]"))
		req.ContentLength = -1 // sent without saying how long: the cap is found as it is read
		req.Header.Set("Authorization", "Bearer "+testAdminKey)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 413 || codeOf(rec) != "body_too_large" {
			t.Errorf("a JSON array over the cap, chunked: %d %s", rec.Code, rec.Body)
		}
		for _, id := range []string{"cut1", "big", "chunked"} {
			if rec := serve(s, "GET", "/api/docs/"+id, nil); rec.Code != 404 {
				t.Errorf("%s of a body not read whole was written", id)
			}
		}
	})
	t.Run("what was written is found by the next search, and what was deleted is not", func(t *testing.T) {
		for q, want := range map[string]uint64{`"煤矿安全大检查"`: 1, `"钢铁冶炼"`: 1, `"黄河流域生态保护"`: 1, `"轨道交通开通"`: 0, `"兰州轨道交通二号线"`: 1} {
			if n := total(t, s, url.QueryEscape(q)); n != want {
				t.Errorf("q=%s: %d articles, want %d", q, n, want)
			}
		}
		if rec := serve(s, "GET", "/api/docs/w2", nil); rec.Code != 404 {
			t.Errorf("the deleted article: %d", rec.Code)
		}
		rec := serve(s, "GET", "/api/docs/p1", nil)
		var d index.Document
		json.Unmarshal(rec.Body.Bytes(), &d)
		if d.Title != "兰州轨道交通二号线" || d.Province != "Gansu" {
			t.Errorf("/api/docs/p1: %+v; want the replaced article, its province read from its text", d)
		}
	})
	t.Run("the metrics count the articles committed", func(t *testing.T) {
		body := serve(s, "GET", "/metrics", nil).Body.String()
		for _, line := range []string{"xinwen_documents_committed_total 7\n", "xinwen_writes_queued 0\n", "xinwen_commit_errors_total 0\n",
			`xinwen_http_requests_total{code="200",route="POST /api/docs"} 3` + "\n", `xinwen_http_requests_total{code="404",route="DELETE /api/docs/{id}"} 1` + "\n"} {
			if !strings.Contains(body, line) {
				t.Errorf("no %q in the metrics", line)
			}
		}
	})
}

func TestWritesNeedTheAdminKey(t *testing.T) {
	s := writable(t, SearchKey("the-search-key-of-this-test"))
	for _, tt := range []struct {
		name, key string
		status    int
	}{
		{"without a key a write is a 401", "", 401},
		{"with the search key a write is a 403", "the-search-key-of-this-test", 403},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("DELETE", "/api/docs/sx1", nil)
			if tt.key != "" {
				req.Header.Set("Authorization", "Bearer "+tt.key)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("%d %s", rec.Code, rec.Body)
			}
		})
	}
	if rec := serve(s, "GET", "/api/docs/sx1", map[string]string{"Authorization": "Bearer " + testAdminKey}); rec.Code != 200 {
		t.Errorf("the article was deleted without the admin key: %d", rec.Code)
	}
}

// cutOff reads as a connection that ends before its body does.
type cutOff struct{}

func (cutOff) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// failingCommitter answers every commit with err.
type failingCommitter struct{ err error }

func (f failingCommitter) Commit(context.Context, index.Change) (index.Outcome, error) {
	return index.Outcome{}, f.err
}

func TestWritesOnAFullDisk(t *testing.T) {
	full := fmt.Errorf("index: write ix to disk: %w: write store/x.zap: no space left on device", index.ErrNoSpace)
	s := New(&fakeEngine{}, quiet(), AdminKey(testAdminKey), WithWrites(func(index.Observer) Committer { return failingCommitter{full} }))
	rec := send(s, "POST", "/api/docs", "application/json", article("w1", "t"))
	if rec.Code != 507 || codeOf(rec) != "disk_full" || rec.Header().Get("Retry-After") == "" || strings.Contains(rec.Body.String(), "store/x.zap") {
		t.Errorf("%d %v %s; want 507 disk_full with Retry-After, naming no file", rec.Code, rec.Header(), rec.Body)
	}
	if rec := serve(s, "GET", "/api/search?q=coal", nil); rec.Code != 200 {
		t.Errorf("a search while the disk is full: %d", rec.Code)
	}
}

// blockingReader gives its bytes, then blocks until released.
type blockingReader struct {
	r       io.Reader
	release chan struct{}
}

func (b *blockingReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		<-b.release
	}
	return n, err
}

func TestWritesOverloaded(t *testing.T) {
	s := writable(t)
	s.bigWrites.wait = time.Millisecond
	release := make(chan struct{})
	done := make(chan int, maxBigWrites)
	for range maxBigWrites { // bodies of unknown size hold the large writes' slots
		go func() {
			req := httptest.NewRequest("POST", "/api/docs", &blockingReader{strings.NewReader(article("b", "t")), release})
			req.ContentLength = -1
			req.Header.Set("Authorization", "Bearer "+testAdminKey)
			req.Header.Set("Content-Type", "application/x-ndjson")
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			done <- rec.Code
		}()
	}
	for deadline := time.Now().Add(guard); s.bigWrites.running.Load() < maxBigWrites; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the large writes did not start")
		}
	}
	t.Run("a large write beyond the slots is a 503 with Retry-After", func(t *testing.T) {
		req := httptest.NewRequest("POST", "/api/docs", strings.NewReader(article("c", "t")))
		req.ContentLength = -1
		req.Header.Set("Authorization", "Bearer "+testAdminKey)
		req.Header.Set("Content-Type", "application/x-ndjson")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 503 || codeOf(rec) != "overloaded" || rec.Header().Get("Retry-After") != "1" {
			t.Errorf("%d %s", rec.Code, rec.Body)
		}
	})
	t.Run("a small write goes on meanwhile", func(t *testing.T) {
		if rec := send(s, "POST", "/api/docs", "application/json", article("small", "钢铁冶炼")); rec.Code != 200 {
			t.Errorf("%d %s", rec.Code, rec.Body)
		}
	})
	close(release)
	for range maxBigWrites {
		if code := <-done; code != 200 {
			t.Errorf("a large write: %d", code)
		}
	}
}
