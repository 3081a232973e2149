package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/gorilla/mux"

	"github.com/xinwen/xinwen/index"
)

func init() {
	// The answers that are files, not JSON: read as they come.
	for _, ct := range []string{"application/x-ndjson", "application/atom+xml", "application/x-tar", "application/gzip", "text/html"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

// apiDoc is the served OpenAPI document, loaded and checked, with a router
// over its paths.
type apiDoc struct {
	doc    *openapi3.T
	router routers.Router
	// seen counts the answers checked, by operation and status.
	seen map[string]map[int]int
}

func loadAPIDoc(t *testing.T) *apiDoc {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openAPI)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3 document: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &apiDoc{doc: doc, router: router, seen: map[string]map[int]int{}}
}

// errorSchema is the document's error shape.
func (a *apiDoc) errorSchema() *openapi3.Schema { return a.doc.Components.Schemas["Error"].Value }

// check fails t when the answer rec to req is not what the document
// says: its status is not listed for the route, a header it requires is
// missing, or the body does not fit the schema of its content type. A
// request the document allows must be valid by it too. An answer for a
// path or method the document has no route for must be the error shape.
func (a *apiDoc) check(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	route, params, err := a.router.FindRoute(req)
	if err != nil {
		if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: no route in the document (%v), and status %d", req.Method, req.URL, err, rec.Code)
			return
		}
		var body any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Errorf("%s %s: %d is not JSON: %v", req.Method, req.URL, rec.Code, err)
		} else if err := a.errorSchema().VisitJSON(body); err != nil {
			t.Errorf("%s %s: %d does not fit the error schema: %v", req.Method, req.URL, rec.Code, err)
		}
		return
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if rec.Code < 400 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s %s: the document refuses this request, which the server answered %d: %v", req.Method, req.URL, rec.Code, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(), Options: opts}
	out.SetBodyBytes(rec.Body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s: the answer %d does not fit the document: %v\n%.300s", req.Method, req.URL, rec.Code, err, rec.Body)
	}
	op := route.Operation.OperationID
	if a.seen[op] == nil {
		a.seen[op] = map[int]int{}
	}
	a.seen[op][rec.Code]++
}

// TestOpenAPI sends real requests to every route of a server over a real
// index and checks each answer against the OpenAPI document it serves.
func TestOpenAPI(t *testing.T) {
	api := loadAPIDoc(t)
	engine, ix := testIndex(t)
	const adminKey, searchKey = "the-admin-key-of-this-test", "the-search-key-of-this-test"
	open := New(engine, quiet(), WithIndex(ix), AdminKey(adminKey), MaxBody(1<<20), WithWrites(func(obs index.Observer) Committer {
		c := ix.NewCommitter(obs)
		t.Cleanup(func() { c.Close() })
		return c
	}))
	full := New(engine, quiet(), AdminKey(adminKey), WithWrites(func(index.Observer) Committer {
		return failingCommitter{fmt.Errorf("index: write ix to disk: %w", index.ErrNoSpace)} // writes_test.go
	}))
	keyed := New(engine, quiet(), WithIndex(ix), AdminKey(adminKey), SearchKey(searchKey), WithWrites(func(index.Observer) Committer {
		return failingCommitter{nil}
	}))

	type step struct {
		name   string
		srv    *Server
		method string
		target string
		key    string
		header map[string]string
		status int
		body   string
	}
	ndjson := map[string]string{"Content-Type": "application/x-ndjson"}
	asJSON := map[string]string{"Content-Type": "application/json"}
	steps := []step{
		{"a search answers JSON", open, "GET", "/api/search?q=改革&province=Shanxi&province=Gansu&size=2&sort=-date&op=or", "", nil, 200, ""},
		{"a search with every filter answers JSON", open, "GET", "/api/search?q=coal&source=Shanxi+CPPCC+Daily&from=2024-01&to=2024-12-31&page=1", "", nil, 200, ""},
		{"a search of every article apart answers JSON", open, "GET", "/api/search?q=改革&collapse=false", "", nil, 200, ""},
		{"a search of a story's versions answers JSON", open, "GET", "/api/search?story=000_af93bdc7a1e7e16b&sort=date", "", nil, 200, ""},
		{"a collapse that is no boolean is a 400", open, "GET", "/api/search?q=改革&collapse=maybe", "", nil, 400, ""},
		{"an export answers CSV", open, "GET", "/api/search?q=改革&format=csv&limit=3", "", nil, 200, ""},
		{"an export answers JSON Lines", open, "GET", "/api/search?q=改革&format=jsonl", "", nil, 200, ""},
		{"a feed answers Atom", open, "GET", "/api/search?q=改革&format=atom&size=3", "", nil, 200, ""},
		{"the facets answer CSV", open, "GET", "/api/search?q=改革&format=facets-csv", "", nil, 200, ""},
		{"a query that cannot be read is a 400 that says where", open, "GET", "/api/search?q=(改革", "", nil, 400, ""},
		{"a size too large is a 400", open, "GET", "/api/search?size=1000", "", nil, 400, ""},
		{"an unknown format is a 400", open, "GET", "/api/search?format=xml", "", nil, 400, ""},
		{"a forged cursor is a 400", open, "GET", "/api/search?cursor=abc", "", nil, 400, ""},
		{"attention answers JSON", open, "GET", "/api/attention?q=改革&q=coal&interval=year", "", nil, 200, ""},
		{"attention answers CSV", open, "GET", "/api/attention?q=改革&format=csv", "", nil, 200, ""},
		{"an unknown interval is a 400", open, "GET", "/api/attention?q=改革&interval=week", "", nil, 400, ""},
		{"an article answers JSON", open, "GET", "/api/docs/sx1", "", nil, 200, ""},
		{"an article by query answers JSON", open, "GET", "/api/docs?id=sx1", "", nil, 200, ""},
		{"an unknown article is a 404", open, "GET", "/api/docs/nope", "", nil, 404, ""},
		{"health says ok", open, "GET", "/healthz", "", nil, 200, ""},
		{"readiness says not yet before the server is ready", open, "GET", "/readyz", "", nil, 503, ""},
		{"the metrics answer text", open, "GET", "/metrics", "", nil, 200, ""},
		{"the API's description answers JSON", open, "GET", "/api/openapi.json", "", nil, 200, ""},
		{"a backup without a key is a 401", open, "GET", "/api/admin/backup", "", nil, 401, ""},
		{"a backup with the wrong key is a 403", open, "GET", "/api/admin/backup", searchKey, nil, 403, ""},
		{"a backup with the admin key answers a tar", open, "GET", "/api/admin/backup", adminKey, nil, 200, ""},
		{"a backup asked gzipped answers gzip", open, "GET", "/api/admin/backup?gzip=1", adminKey, nil, 200, ""},
		{"a backup with a bad gzip is a 400", open, "GET", "/api/admin/backup?gzip=maybe", adminKey, nil, 400, ""},
		{"the page answers HTML", open, "GET", "/", "", nil, 200, ""},
		{"an article's page answers HTML", open, "GET", "/doc/sx1", "", nil, 200, ""},
		{"a file the page lacks is a 404", open, "GET", "/nope.js", "", nil, 404, ""},
		{"an unknown API path is a 404", open, "GET", "/api/nope", "", nil, 404, ""},
		{"a POST is a 405", open, "POST", "/api/search", "", nil, 405, ""},
		{"a foreign host is a 421", open, "GET", "/api/search", "", map[string]string{"Host": "evil.example"}, 421, ""},
		{"a body over the cap is a 413", open, "GET", "/api/search", "", map[string]string{"Content-Length": "2000000"}, 413, ""},
		{"a keyed search without a key is a 401", keyed, "GET", "/api/search?q=改革", "", nil, 401, ""},
		{"a keyed search with a wrong key is a 403", keyed, "GET", "/api/search?q=改革", "wrong", nil, 403, ""},
		{"a keyed search with its key answers", keyed, "GET", "/api/search?q=改革", searchKey, nil, 200, ""},
		{"a keyed article with the admin key answers", keyed, "GET", "/api/docs/sx1", adminKey, nil, 200, ""},
		{"keyed metrics without a key are a 401", keyed, "GET", "/metrics", "", nil, 401, ""},
		{"a write of JSON Lines answers what it wrote and refused", open, "POST", "/api/docs", adminKey, ndjson, 200,
			article("w1", "煤矿安全") + "\n" + `{"id":"w2","date":"2025-13-01","title":"t"}` + "\n"},
		{"a write of a JSON array answers what it wrote", open, "POST", "/api/docs", adminKey, asJSON, 200,
			"[" + article("w3", "钢铁冶炼") + "," + article("w4", "轨道交通") + "]"},
		{"a write of one JSON article answers what it wrote", open, "POST", "/api/docs", adminKey, asJSON, 200, article("w5", "生态保护")},
		{"a write whose every article is refused is a 400 at its line", open, "POST", "/api/docs", adminKey, ndjson, 400, `{"id":"x"}`},
		{"a write without an article is a 400", open, "POST", "/api/docs", adminKey, ndjson, 400, "\n"},
		{"a write of another type is a 415", open, "POST", "/api/docs", adminKey, map[string]string{"Content-Type": "text/csv"}, 415, "id,title"},
		{"a write without a key is a 401", open, "POST", "/api/docs", "", ndjson, 401, article("w6", "t")},
		{"a write with the search key is a 403", keyed, "POST", "/api/docs", searchKey, ndjson, 403, article("w6", "t")},
		{"a write on a full disk is a 507", full, "POST", "/api/docs", adminKey, ndjson, 507, article("w6", "t")},
		{"a PUT adds an article", open, "PUT", "/api/docs/p1", adminKey, asJSON, 200, `{"title":"兰州轨道交通","body":"甘肃省兰州市。"}`},
		{"a PUT of another id is a 400", open, "PUT", "/api/docs/p1", adminKey, asJSON, 400, article("p2", "t")},
		{"a PUT of an id with a / is a 400", open, "PUT", "/api/docs/a%2Fb", adminKey, asJSON, 400, `{"title":"t"}`},
		{"a PUT of another type is a 415", open, "PUT", "/api/docs/p1", adminKey, ndjson, 415, `{"title":"t"}`},
		{"a PUT on a full disk is a 507", full, "PUT", "/api/docs/p1", adminKey, asJSON, 507, `{"title":"t"}`},
		{"a DELETE deletes", open, "DELETE", "/api/docs/p1", adminKey, nil, 200, ""},
		{"a DELETE of an article that is not there is a 404", open, "DELETE", "/api/docs/p1", adminKey, nil, 404, ""},
		{"a DELETE on a full disk is a 507", full, "DELETE", "/api/docs/p1", adminKey, nil, 507, ""},
		{"a DELETE without a key is a 401", open, "DELETE", "/api/docs/p1", "", nil, 401, ""},
	}
	open.hosts = map[string]bool{"example.com": true} // httptest's requests' host

	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			req := httptest.NewRequest(s.method, s.target, strings.NewReader(s.body))
			if s.key != "" {
				req.Header.Set("Authorization", "Bearer "+s.key)
			}
			for k, v := range s.header {
				switch k {
				case "Host":
					req.Host = v
				case "Content-Length":
					req.ContentLength = 2000000
					req.Body = io.NopCloser(strings.NewReader(""))
				default:
					req.Header.Set(k, v)
				}
			}
			rec := httptest.NewRecorder()
			s.srv.ServeHTTP(rec, req)
			if rec.Code != s.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, s.status, rec.Body)
			}
			// The validator reads the request again: a fresh one.
			again := httptest.NewRequest(s.method, s.target, strings.NewReader(s.body))
			again.Header = req.Header.Clone()
			api.check(t, again, rec)
		})
	}
	open.SetReady(true)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/readyz", nil)
	open.ServeHTTP(rec, req)
	api.check(t, req, rec)

	t.Run("every operation of the document was answered, a success among them", func(t *testing.T) {
		for path, item := range api.doc.Paths.Map() {
			for method, op := range item.Operations() {
				ok := false
				for status := range api.seen[op.OperationID] {
					ok = ok || status < 300
				}
				if !ok {
					t.Errorf("%s %s (%s) was never answered with a success: %v", method, path, op.OperationID, api.seen[op.OperationID])
				}
			}
		}
	})

	t.Run("every route of the server is in the document", func(t *testing.T) {
		var missing []string
		open.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
			path, _ := route.GetPathTemplate()
			paths := []string{path}
			if route.GetName() == pageRoute {
				paths = []string{"/", "/doc/{id}"}
			}
			for _, p := range paths {
				if api.doc.Paths.Value(p) == nil {
					missing = append(missing, p)
				}
			}
			return nil
		})
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("routes not in openapi.json: %v", missing)
		}
	})

	t.Run("the errors table of API.md has every error code the document lists, and no other", func(t *testing.T) {
		md, err := os.ReadFile("API.md")
		if err != nil {
			t.Fatal(err)
		}
		table := errorsTable(md)
		if len(table) == 0 {
			t.Fatal("API.md has no errors table (a section \"## Errors\" with a row per code)")
		}
		listed := map[string]bool{}
		for _, c := range api.errorSchema().Properties["error"].Value.Properties["code"].Value.Enum {
			listed[c.(string)] = true
			if !table[c.(string)] {
				t.Errorf("the errors table of API.md does not list the code %s", c)
			}
		}
		for c := range table {
			if !listed[c] {
				t.Errorf("the errors table of API.md lists %s, which openapi.json does not", c)
			}
		}
	})
}

// errorsTable returns the codes in the first column of the table under the
// heading "## Errors" of a Markdown document (API.md): "| `bad_size`,
// `bad_page` | 400 | …" lists two.
func errorsTable(md []byte) map[string]bool {
	codes := map[string]bool{}
	_, section, ok := bytes.Cut(md, []byte("\n## Errors\n"))
	if !ok {
		return codes
	}
	if end := bytes.Index(section, []byte("\n## ")); end >= 0 {
		section = section[:end]
	}
	for _, line := range strings.Split(string(section), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || !strings.HasPrefix(line, "|") {
			continue
		}
		for _, m := range codeSpan.FindAllStringSubmatch(cells[1], -1) {
			codes[m[1]] = true
		}
	}
	return codes
}

// codeSpan is an error code written as Markdown code: `bad_query`.
var codeSpan = regexp.MustCompile("`([a-z][a-z0-9_]*)`")
