package server

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// Request bodies. No route reads one yet; the writes will (POST, PUT
// /api/docs), through body, so that every route that reads a body caps
// it and checks its type the same way.

// DefaultMaxBody is the largest request body the server takes: 64 MB.
const DefaultMaxBody = 64 << 20

// MaxBody sets the largest request body the server takes, in bytes. A
// request that declares a longer one is answered 413 body_too_large
// before anything of it is read; one that sends a longer one without
// saying so (chunked) gets the same once it passes the cap.
func MaxBody(n int64) Option {
	return func(s *Server) { s.maxBody = max(n, 1) }
}

// statusError is an error with its own status and stable code, which
// writeErr answers as such.
type statusError struct {
	status        int
	code, message string
	// retryAfter, when set, is the answer's Retry-After (seconds).
	retryAfter string
}

func (e *statusError) Error() string { return e.message }

// tooLarge is the error for a body over limit bytes.
func tooLarge(limit int64) *statusError {
	return &statusError{status: http.StatusRequestEntityTooLarge, code: "body_too_large",
		message: fmt.Sprintf("the request body is larger than %s, the most this server takes (serve -max-body)", sizeText(limit))}
}

// sizeText writes n bytes as people read them: 64 MB, 512 KB, 100 bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// body returns r's body for a route that reads one, capped at the
// server's maximum: reading past it fails with an error that writeErr
// answers 413 body_too_large. Its Content-Type must be one of types (any
// parameters, such as charset, aside), else the error is 415
// bad_content_type. The route must be registered with routeInfo.body, or
// ServeHTTP closes the body's connection before the handler reads it.
func (s *Server) body(w http.ResponseWriter, r *http.Request, types ...string) (io.Reader, error) {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || !slices.Contains(types, strings.ToLower(mt)) {
		return nil, &statusError{status: http.StatusUnsupportedMediaType, code: "bad_content_type",
			message: fmt.Sprintf("the request body must be %s, not %q", strings.Join(types, " or "), clip(ct, 100))}
	}
	if r.ContentLength > s.maxBody {
		return nil, tooLarge(s.maxBody)
	}
	return http.MaxBytesReader(w, r.Body, s.maxBody), nil
}
