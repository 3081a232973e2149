package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
)

// Who may use a route, and CORS.
//
// Keys are sent as "Authorization: Bearer KEY". The server keeps only
// their SHA-256 and compares hashes in constant time, so neither the time
// an answer takes nor a log line tells anything of a key. Without a
// search key, searching is open (serve allows that only on a loopback
// address, or when told -public); the admin key is always needed for the
// admin routes, and opens every other route too.

// access is who may use a route.
type access int

const (
	// public routes are anyone's: health checks, the API's description,
	// the page's files.
	public access = iota
	// searcher routes are anyone's, or, when a search key is set, its
	// holders' (and the admin key's).
	searcher
	// admin routes need the admin key.
	admin
)

// AdminKey sets the key that the admin routes need (backups; writes).
// Without one, they refuse every request.
func AdminKey(key string) Option {
	return func(s *Server) { s.adminKey = hashKey(key) }
}

// SearchKey sets a key that searches, documents and metrics need; the
// admin key opens them too. Without one (the default) they are open.
func SearchKey(key string) Option {
	return func(s *Server) { s.searchKey = hashKey(key) }
}

// hashKey is the hash of key that the server keeps, nil for no key.
func hashKey(key string) *[32]byte {
	if key == "" {
		return nil
	}
	h := sha256.Sum256([]byte(key))
	return &h
}

// authorized reports whether r may use a route for who; when it may not,
// it has answered: 401 (with WWW-Authenticate) without a key, 403 with a
// wrong one.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request, who access) bool {
	var keys []*[32]byte
	var needs string
	switch who {
	case public:
		return true
	case searcher:
		if s.searchKey == nil {
			return true
		}
		keys, needs = []*[32]byte{s.searchKey, s.adminKey}, "this server's search key"
	case admin:
		keys, needs = []*[32]byte{s.adminKey}, "the admin key"
	}
	given, ok := bearer(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="xinwen"`)
		writeError(w, r, http.StatusUnauthorized, errorDetail{Code: "unauthorized",
			Message: "this needs " + needs + ", sent as the header Authorization: Bearer KEY"})
		return false
	}
	h := sha256.Sum256([]byte(given))
	match := 0
	for _, k := range keys {
		if k != nil {
			match |= subtle.ConstantTimeCompare(h[:], k[:])
		}
	}
	if match != 1 {
		writeError(w, r, http.StatusForbidden, errorDetail{Code: "forbidden", Message: "the key given is not " + needs})
		return false
	}
	return true
}

// bearer returns the key of an "Authorization: Bearer KEY" header.
func bearer(r *http.Request) (string, bool) {
	scheme, key, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	key = strings.TrimSpace(key)
	if !ok || !strings.EqualFold(scheme, "Bearer") || key == "" {
		return "", false
	}
	return key, true
}

// CORSOrigins lets web pages from origins (https://news.example.org, or
// "*" for any) call the API from a browser: their requests get
// Access-Control-Allow-Origin, and their preflight requests (OPTIONS) an
// answer. Without it, CORS is off: a browser shows the API's answers only
// to the server's own page.
func CORSOrigins(origins ...string) Option {
	return func(s *Server) {
		if s.origins == nil {
			s.origins = map[string]bool{}
		}
		for _, o := range origins {
			s.origins[strings.TrimSuffix(o, "/")] = true
		}
	}
}

// corsMethods and corsHeaders are what a page from an allowed origin may
// send.
const (
	corsMethods = "GET, HEAD"
	corsHeaders = "Authorization, Content-Type, X-Request-Id"
	// corsExposed are the headers of an answer its script may read.
	corsExposed = "X-Request-Id, X-Total-Count, X-Export-Rows, Retry-After, Content-Disposition"
)

// originAllowed reports whether a page from origin may call the API.
func (s *Server) originAllowed(origin string) bool {
	return s.origins["*"] || s.origins[origin]
}

// allowOrigin marks the answer to r readable by a page from its origin,
// when that origin is allowed.
func (s *Server) allowOrigin(w http.ResponseWriter, r *http.Request) {
	if s.origins == nil {
		return
	}
	w.Header().Add("Vary", "Origin")
	if origin := r.Header.Get("Origin"); origin != "" && s.originAllowed(origin) {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Expose-Headers", corsExposed)
	}
}

// preflight answers a CORS preflight request, and reports whether r was
// one: 204 with what the origin may send, or 403 bad_origin for an
// origin that is not allowed. Without CORSOrigins, an OPTIONS request is
// routed as any other (405).
func (s *Server) preflight(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if s.origins == nil || r.Method != http.MethodOptions || origin == "" || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	if !s.originAllowed(origin) {
		writeError(w, r, http.StatusForbidden, errorDetail{Code: "bad_origin",
			Message: fmt.Sprintf("this server does not answer pages from %q; its operator can allow it with -cors-origin", clip(origin, 100))})
		return true
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Methods", corsMethods)
	h.Set("Access-Control-Allow-Headers", corsHeaders)
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
	return true
}
