// Package server is xinwen's HTTP face: the JSON API (/api/search, with
// its exports and feeds, /api/attention, /api/docs/{id}), the writes
// (POST /api/docs, PUT and DELETE /api/docs/{id}; writes.go), the search
// page (/), and the operator's routes: health (/healthz, /readyz), metrics
// (/metrics), backups (/api/admin/backup) and the API's description
// (/api/openapi.json). It speaks search.Request and search.Result; the
// engine and the index behind it are interfaces, so handlers can be tested
// without an index.
//
// Every request goes through ServeHTTP, the one place where what applies
// to all routes is decided, in this order: the Host (421), the size of
// the body (413), CORS, the key the route needs (401, 403; auth.go), a
// search's or a write's slot (503 overloaded; gate.go); then the route, a
// log line and the metrics (metrics.go). See API.md for every route as a
// client sees it, PAGE.md for the search page, and OPERATING.md for an
// operator's view.
package server

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/mux"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
)

// Engine is what the server needs from the search side.
type Engine interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	Document(ctx context.Context, id string) (index.Document, error)
	// Attention and Export are search.Searcher's (see export.go).
	Attention(ctx context.Context, req search.AttentionRequest) (*search.Attention, error)
	Export(ctx context.Context, req search.Request, limit int, start func(search.ExportStart) error, row func(search.Row) error) error
}

//go:embed static
var static embed.FS

// Server routes HTTP requests to an Engine.
type Server struct {
	engine Engine
	// store is the index, for the operator's routes; nil without one.
	store  Store
	log    *slog.Logger
	router *mux.Router
	// routes say what ServeHTTP applies to each route, by name.
	routes map[string]routeInfo
	// hosts are the names (lower case, without a port) that requests may
	// give as their Host; nil allows any.
	hosts map[string]bool
	// adminKey and searchKey are the SHA-256 of the keys (auth.go); nil
	// when not set. origins are the web origins CORS allows; nil for none.
	adminKey, searchKey *[32]byte
	origins             map[string]bool
	// gate bounds the searches at once, writes and bigWrites the writes
	// (gate.go).
	gate       *gate
	writes     Committer // writes.go; nil without
	openWrites func(index.Observer) Committer
	writeGate  *gate
	bigWrites  *gate
	maxBody    int64
	metrics    *Metrics
	ops        ops // ops.go
	maxQueries int // the searches MaxSearches allows at once
}

// routeInfo is what ServeHTTP applies to a route before its handler.
type routeInfo struct {
	// name labels the route in the metrics: its path template, after its
	// method when the path has routes of other methods (POST /api/docs).
	name string
	// path is the route's path template when name is not.
	path string
	who  access
	// gated routes are searches: they wait for a slot (gate.go); write
	// routes wait for one of the writes'.
	gated, write bool
	// body is true for the routes that read a request body (the writes);
	// others answer a request that declares one and close its
	// connection.
	body bool
}

// otherRoute names, in the metrics, the requests no route matched.
const otherRoute = "other"

// Option configures a Server.
type Option func(*Server)

// LoopbackHosts are the names a server on a loopback address answers to.
var LoopbackHosts = []string{"localhost", "127.0.0.1", "::1"}

// AllowHosts makes the server answer only requests whose Host header is
// one of hosts (a name or an IP address, with any port or none), and
// refuse others with 421 bad_host. A server on a loopback address allows
// LoopbackHosts: a web page the user visits cannot then read the API
// through a name of its own that it has pointed at 127.0.0.1 (DNS
// rebinding). A reverse proxy's name is added here. "*" allows any host.
func AllowHosts(hosts ...string) Option {
	return func(s *Server) {
		if s.hosts == nil {
			s.hosts = map[string]bool{}
		}
		for _, h := range hosts {
			s.hosts[hostName(h)] = true
		}
	}
}

// hostName is the name in a Host header, without its port or the brackets
// of an IPv6 address, in lower case, without a final dot.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// allowed reports whether the server answers to host.
func (s *Server) allowed(host string) bool {
	// A request without a Host (HTTP/1.0) cannot come from a rebound name:
	// browsers always send one.
	return s.hosts == nil || s.hosts["*"] || host == "" || s.hosts[hostName(host)]
}

// New returns the HTTP handler for engine; it logs one line per request.
func New(engine Engine, log *slog.Logger, opts ...Option) *Server {
	s := &Server{engine: engine, log: log, router: mux.NewRouter(), routes: map[string]routeInfo{},
		maxBody: DefaultMaxBody, maxQueries: DefaultMaxSearches()}
	for _, o := range opts {
		o(s)
	}
	s.gate = newGate(s.maxQueries)
	s.writeGate, s.bigWrites = newWriteGate(maxWrites), newWriteGate(maxBigWrites)
	s.metrics = newMetrics(s.store, s.gate, s.writeGate, s.bigWrites)
	if s.openWrites != nil {
		s.writes = s.openWrites(s.metrics)
	}
	// Routes match the path as sent, so that an id with a / (%2F) is one
	// segment, and it is not cleaned, so that the ids . and .. (%2E,
	// %2E%2E) are ids, not moves up the path.
	s.router.UseEncodedPath()
	s.router.SkipClean(true)
	get := []string{http.MethodGet, http.MethodHead}
	s.handle(routeInfo{name: "/api/search", who: searcher, gated: true}, s.handleSearch).Methods(get...)
	s.handle(routeInfo{name: "/api/attention", who: searcher, gated: true}, s.handleAttention).Methods(get...)
	s.handle(routeInfo{name: "/api/docs/{id}", who: searcher}, s.handleDocument).Methods(get...)
	// Browsers resolve a path segment . or .. (even as %2E) before they
	// send it: the page asks for those ids as /api/docs?id=.
	s.handle(routeInfo{name: "/api/docs", who: searcher}, s.handleDocument).Methods(get...).Queries("id", "")
	s.handle(routeInfo{name: "/healthz", who: public}, s.handleHealth).Methods(get...)
	s.handle(routeInfo{name: "/readyz", who: public}, s.handleReady).Methods(get...)
	s.handle(routeInfo{name: "/api/openapi.json", who: public}, handleOpenAPI).Methods(get...)
	s.handle(routeInfo{name: "/metrics", who: searcher}, s.metrics.handler().ServeHTTP).Methods(get...)
	if s.store != nil {
		s.handle(routeInfo{name: "/api/admin/backup", who: admin}, s.handleBackup).Methods(http.MethodGet)
	}
	if s.writes != nil { // writes.go
		s.handle(routeInfo{name: "POST /api/docs", path: "/api/docs", who: admin, write: true, body: true}, s.handlePost).Methods(http.MethodPost)
		s.handle(routeInfo{name: "PUT /api/docs/{id}", path: "/api/docs/{id}", who: admin, write: true, body: true}, s.handlePut).Methods(http.MethodPut)
		s.handle(routeInfo{name: "DELETE /api/docs/{id}", path: "/api/docs/{id}", who: admin, write: true}, s.handleDelete).Methods(http.MethodDelete)
	}
	// The page: "/", its files, and /doc/{id} article links, which it reads itself.
	s.routes[pageRoute] = routeInfo{name: pageRoute, who: public}
	s.router.PathPrefix("/").Name(pageRoute).Handler(pageHandler{thePage, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.router.NotFoundHandler.ServeHTTP(w, r)
	})}).Methods(get...)
	s.router.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, errorDetail{Code: "not_found", Message: "no such page: " + r.URL.Path})
	})
	s.router.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusMethodNotAllowed, errorDetail{Code: "method_not_allowed", Message: r.Method + " is not allowed here"})
	})
	return s
}

// pageRoute names the search page and its files in the metrics.
const pageRoute = "page"

// handle registers h at the path rt.path (rt.name when it has none),
// under rt.name.
func (s *Server) handle(rt routeInfo, h http.HandlerFunc) *mux.Route {
	if rt.path == "" {
		rt.path = rt.name
	}
	s.routes[rt.name] = rt
	return s.router.HandleFunc(rt.path, h).Name(rt.name)
}

// routeOf is the route that r goes to, or otherRoute's when none does
// (the router then answers 404 or 405).
func (s *Server) routeOf(r *http.Request) routeInfo {
	var m mux.RouteMatch
	if s.router.Match(r, &m) && m.MatchErr == nil && m.Route != nil {
		if rt, ok := s.routes[m.Route.GetName()]; ok {
			return rt
		}
	}
	return routeInfo{name: otherRoute, who: public}
}

// ServeHTTP logs and serves one request. Every response carries the
// request's id in X-Request-Id (the client's own, when it sends a sane one),
// and so does every error body and the log line, so a user's report can be
// matched with the log.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := requestID(r.Header.Get("X-Request-Id"))
	w.Header().Set("X-Request-Id", id)
	r = r.WithContext(context.WithValue(r.Context(), requestKey{}, requestInfo{id, start}))
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	rt := s.routeOf(r)
	if r.ContentLength != 0 && !rt.body {
		// This route reads no request body. net/http waits for one a
		// client declares (to keep the connection for its next request)
		// until the read timeout: a client that never sends it would hold
		// a connection that long for nothing. Answer, and close it.
		w.Header().Set("Connection", "close")
		_ = http.NewResponseController(w).SetReadDeadline(time.Now()) // not every ResponseWriter can; then the timeout holds
	}
	switch {
	case !s.allowed(r.Host):
		writeError(rec, r, http.StatusMisdirectedRequest, errorDetail{Code: "bad_host",
			Message: fmt.Sprintf("this server does not answer to the host %q; its operator can allow it with -allow-host", clip(r.Host, 100))})
	case r.ContentLength > s.maxBody:
		w.Header().Set("Connection", "close") // its body is not read
		s.writeErr(rec, r, tooLarge(s.maxBody))
	case s.preflight(rec, r): // auth.go
	default:
		s.allowOrigin(rec, r)
		if s.authorized(rec, r, rt.who) {
			s.admitted(rec, r, rt)
		}
	}
	elapsed := time.Since(start)
	s.metrics.request(rt.name, rec.status, elapsed)
	attrs := []any{"id", id, "method", r.Method, "host", clip(r.Host, 100), "path", clip(r.URL.Path, maxLogged), "query", clip(r.URL.RawQuery, maxLogged)}
	if n := len(r.URL.RawQuery); n > maxLogged {
		attrs = append(attrs, "query_bytes", n) // says that the query was cut, and how long it was
	}
	s.log.Info("request", append(attrs, "status", rec.status, "ms", elapsed.Milliseconds())...)
}

// admitted routes a request that may be served: a search or a write
// once it has a slot (a write with a large body, one of the large
// writes' too), or 503 overloaded when none comes free in time.
func (s *Server) admitted(w *statusRecorder, r *http.Request, rt routeInfo) {
	gates := []*gate{}
	switch {
	case rt.gated:
		gates = append(gates, s.gate)
	case rt.write && bigBody(r):
		gates = append(gates, s.bigWrites, s.writeGate)
	case rt.write:
		gates = append(gates, s.writeGate)
	}
	for _, g := range gates {
		if err := g.enter(r.Context()); err != nil {
			s.writeErr(w, r, err)
			return
		}
		defer g.leave()
	}
	s.route(w, r)
}

// maxLogged bounds the bytes of a request's path and query in its log
// line: a client that sends a megabyte of query does not get a megabyte
// of log.
const maxLogged = 300

// clip returns s cut to at most n bytes, on a character boundary, with
// "…" when it was cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// route serves r through the router. A panic in a handler is a bug: it is
// logged with its stack under the request's id and answered with 500
// internal, and the server goes on.
func (s *Server) route(w *statusRecorder, r *http.Request) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v) // net/http's way to abort a response, not a bug
		}
		w.status = http.StatusInternalServerError
		s.log.Error("request panicked", "id", infoOf(r).id, "path", clip(r.URL.Path, maxLogged), "panic", v, "stack", string(debug.Stack()))
		if !w.wrote {
			writeError(w, r, http.StatusInternalServerError, errorDetail{Code: "internal", Message: "internal error"})
		}
	}()
	s.router.ServeHTTP(w, r)
}

type requestKey struct{}

// requestInfo is what the handlers know of a request beyond net/http's.
type requestInfo struct {
	id    string
	start time.Time
}

// requestID returns the client's id when it is short and plain, else a new
// random one.
func requestID(given string) string {
	if len(given) > 0 && len(given) <= 64 && strings.Trim(given, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") == "" {
		return given
	}
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported systems
	return hex.EncodeToString(b[:])
}

func infoOf(r *http.Request) requestInfo {
	info, _ := r.Context().Value(requestKey{}).(requestInfo)
	return info
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	if f := r.URL.Query().Get("format"); f != "" && f != "json" {
		s.handleFormat(w, r, f) // export.go
		return
	}
	res, err := s.search(r)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// search turns the URL's parameters into a search.Request and runs it.
func (s *Server) search(r *http.Request) (*search.Result, error) {
	req, err := requestOf(r)
	if err != nil {
		return nil, err
	}
	return s.engine.Search(r.Context(), req)
}

// requestOf reads a search.Request from the URL's parameters.
func requestOf(r *http.Request) (search.Request, error) {
	v := r.URL.Query()
	req := search.Request{
		Query:     v.Get("q"),
		Op:        v.Get("op"),
		Provinces: v["province"],
		Sources:   v["source"],
		People:    v["person"],
		From:      v.Get("from"),
		To:        v.Get("to"),
		Sort:      v.Get("sort"),
		Cursor:    v.Get("cursor"),
		Xlang:     v.Get("xlang"),
	}
	req.Story = v.Get("story")
	switch v.Get("collapse") {
	case "", "true":
	case "false":
		req.Expand = true
	default:
		return req, &search.Error{Code: search.CodeBadCollapse, Message: "collapse must be true or false, not " + strconv.Quote(v.Get("collapse"))}
	}
	var err error
	if req.Page, err = intParam(v.Get("page"), search.CodeBadPage, "page"); err != nil {
		return req, err
	}
	req.Size, err = intParam(v.Get("size"), search.CodeBadSize, "size")
	return req, err
}

func intParam(s, code, name string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &search.Error{Code: code, Message: name + " must be a whole number, not " + strconv.Quote(s)}
	}
	return n, nil
}

func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request) {
	id, ok := mux.Vars(r)["id"]
	if ok {
		// The router matched the path as sent (see New).
		var err error
		if id, err = url.PathUnescape(id); err != nil {
			writeError(w, r, http.StatusNotFound, errorDetail{Code: "not_found", Message: "no article with that id"})
			return
		}
	} else {
		id = r.URL.Query().Get("id")
	}
	d, err := s.engine.Document(r.Context(), id)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, document{d, d.DateText(), d.ProvinceZH(), tookMS(infoOf(r).start)})
}

// document is an article as /api/docs gives it: its fields, and its date
// and province as the page shows them (as in a search hit).
type document struct {
	index.Document
	// DateText is the date as far as it is known (2024-03-28, 2024-03,
	// 2024, or 09-26 without a year); ProvinceZH the province's Chinese
	// name (山西).
	DateText   string  `json:"date_text"`
	ProvinceZH string  `json:"province_zh"`
	TookMS     float64 `json:"took_ms"`
}

// tookMS is the time since start in milliseconds, to two decimals.
func tookMS(start time.Time) float64 {
	return math.Round(float64(time.Since(start).Microseconds())/10) / 100
}

// writeErr maps an error to its status and stable code. Internal errors are
// logged and shown only as "internal".
func (s *Server) writeErr(w http.ResponseWriter, r *http.Request, err error) {
	var (
		bad     *search.Error
		status  *statusError
		tooLong *http.MaxBytesError
	)
	if f := writeFailure(err); f != nil { // writes.go
		status = f
		if f.status >= 500 {
			s.log.Warn("write refused", "id", infoOf(r).id, "err", err)
		}
	}
	switch {
	case status != nil, errors.As(err, &status):
		if status.retryAfter != "" {
			w.Header().Set("Retry-After", status.retryAfter)
		}
		writeError(w, r, status.status, errorDetail{Code: status.code, Message: status.message})
	case errors.As(err, &tooLong):
		w.Header().Set("Connection", "close") // the rest of the body is not read
		e := tooLarge(tooLong.Limit)
		writeError(w, r, e.status, errorDetail{Code: e.code, Message: e.message})
	case errors.As(err, &bad):
		writeError(w, r, http.StatusBadRequest, errorDetail{Code: bad.Code, Message: bad.Message, Position: bad.Pos})
	case errors.Is(err, search.ErrNotFound):
		writeError(w, r, http.StatusNotFound, errorDetail{Code: "not_found", Message: "no article with that id"})
	case errors.Is(err, search.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		writeError(w, r, http.StatusServiceUnavailable, errorDetail{Code: "timeout", Message: "the search took too long; try a narrower query"})
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads the answer.
	default:
		attrs := []any{"id", infoOf(r).id, "path", clip(r.URL.Path, maxLogged), "err", err}
		var p *search.PanicError
		if errors.As(err, &p) {
			attrs = append(attrs, "stack", string(p.Stack))
		}
		s.log.Error("request failed", attrs...)
		writeError(w, r, http.StatusInternalServerError, errorDetail{Code: "internal", Message: "internal error"})
	}
}

// errorDetail is the "error" object of an error response.
type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Position is where in q a bad_query was found (characters from 1).
	Position int `json:"position,omitempty"`
	// Line is the line of a write's body where the record refused
	// starts (from 1).
	Line int `json:"line,omitempty"`
	// RequestID is the X-Request-Id of the request, to quote in a report.
	RequestID string `json:"request_id"`
}

// writeError writes an error response: the error, and the time taken, as
// every response of the API has.
func writeError(w http.ResponseWriter, r *http.Request, status int, e errorDetail) {
	info := infoOf(r)
	e.RequestID = info.id
	writeJSON(w, status, struct {
		Error  errorDetail `json:"error"`
		TookMS float64     `json:"took_ms"`
	}{e, tookMS(info.start)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// statusRecorder remembers the status of a response, and whether any of
// it was written.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status, r.wrote = status, true
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection, to flush and
// to extend the write deadline of a long export.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
