// Package server is xinwen's HTTP face: the JSON API (/api/search,
// /api/docs/{id}), the search page (/) and a health check (/healthz). It
// speaks search.Request and search.Result; the engine behind it is an
// interface, so handlers can be tested without an index.
package server

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
)

// Engine is what the server needs from the search side.
type Engine interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	Document(ctx context.Context, id string) (index.Document, error)
}

//go:embed static
var static embed.FS

// Server routes HTTP requests to an Engine.
type Server struct {
	engine Engine
	log    *slog.Logger
	router *mux.Router
}

// New returns the HTTP handler for engine; it logs one line per request.
func New(engine Engine, log *slog.Logger) *Server {
	s := &Server{engine: engine, log: log, router: mux.NewRouter()}
	s.router.HandleFunc("/api/search", s.handleSearch).Methods(http.MethodGet, http.MethodHead)
	s.router.HandleFunc("/api/docs/{id}", s.handleDocument).Methods(http.MethodGet, http.MethodHead)
	s.router.HandleFunc("/healthz", s.handleHealth).Methods(http.MethodGet, http.MethodHead)
	// The page: "/", its files, and /doc/{id} article links, which it reads itself.
	s.router.PathPrefix("/").Handler(pageHandler{thePage, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.router.NotFoundHandler.ServeHTTP(w, r)
	})}).Methods(http.MethodGet, http.MethodHead)
	s.router.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such page: "+r.URL.Path)
	})
	s.router.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed here")
	})
	return s
}

// ServeHTTP logs and serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.router.ServeHTTP(rec, r)
	s.log.Info("request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
		"status", rec.status, "ms", time.Since(start).Milliseconds())
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	res, err := s.search(r)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// search turns the URL's parameters into a search.Request and runs it.
func (s *Server) search(r *http.Request) (*search.Result, error) {
	v := r.URL.Query()
	req := search.Request{
		Query:     v.Get("q"),
		Provinces: v["province"],
		From:      v.Get("from"),
		To:        v.Get("to"),
		Sort:      v.Get("sort"),
	}
	var err error
	if req.Page, err = intParam(v.Get("page"), search.CodeBadPage, "page"); err != nil {
		return nil, err
	}
	if req.Size, err = intParam(v.Get("size"), search.CodeBadSize, "size"); err != nil {
		return nil, err
	}
	return s.engine.Search(r.Context(), req)
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
	d, err := s.engine.Document(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// writeErr maps an error to its status and stable code. Internal errors are
// logged and shown only as "internal".
func (s *Server) writeErr(w http.ResponseWriter, r *http.Request, err error) {
	var bad *search.Error
	switch {
	case errors.As(err, &bad):
		writeError(w, http.StatusBadRequest, bad.Code, bad.Message)
	case errors.Is(err, search.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "no article with that id")
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "timeout", "the search took too long; try a narrower query")
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads the answer.
	default:
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "internal error")
	}
}

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, msg
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
