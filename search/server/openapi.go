package server

import (
	_ "embed"
	"net/http"
)

// openAPI is the API's description (OpenAPI 3): every route, its
// parameters, its answers and its error codes. TestOpenAPI checks the
// server's real answers against it; a new route or code goes there too.
//
//go:embed openapi.json
var openAPI []byte

// handleOpenAPI serves the API's description.
func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(openAPI)
}
