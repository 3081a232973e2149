package server

import (
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPageIsServed(t *testing.T) {
	s := New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	get := func(t *testing.T, path string, header ...string) *http.Response {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Result()
	}
	body := func(t *testing.T, resp *http.Response) string {
		t.Helper()
		r := resp.Body
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	for _, c := range []struct {
		name, path, ctype, contains string
	}{
		{"the search page is at /", "/", "text/html; charset=utf-8", `<script src="/app.js" defer>`},
		{"an article's link is the same page, which reads the id from its URL", "/doc/004_55fed33ca88e0f02", "text/html; charset=utf-8", `<script src="/app.js" defer>`},
		{"the script is served as JavaScript", "/app.js", "text/javascript; charset=utf-8", "function highlighter"},
		{"the style sheet is served as CSS", "/app.css", "text/css; charset=utf-8", ".hit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := get(t, c.path, "Accept-Encoding", "gzip, deflate, br")
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != c.ctype {
				t.Fatalf("GET %s: %d %s, want 200 %s", c.path, resp.StatusCode, resp.Header.Get("Content-Type"), c.ctype)
			}
			if resp.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("GET %s is not gzipped for a browser that accepts gzip", c.path)
			}
			if got := body(t, resp); !strings.Contains(got, c.contains) {
				t.Errorf("GET %s does not contain %q", c.path, c.contains)
			}
		})
	}

	t.Run("the page may load nothing but its own files", func(t *testing.T) {
		csp := get(t, "/").Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("Content-Security-Policy %q lacks %s", csp, want)
			}
		}
	})

	t.Run("a client without gzip gets the plain file", func(t *testing.T) {
		for _, ae := range []string{"", "identity", "gzip;q=0"} {
			resp := get(t, "/app.js", "Accept-Encoding", ae)
			if resp.Header.Get("Content-Encoding") != "" || !strings.Contains(body(t, resp), "function highlighter") {
				t.Errorf("Accept-Encoding %q: got encoding %q", ae, resp.Header.Get("Content-Encoding"))
			}
		}
	})

	t.Run("a browser that has the file gets a 304 with no body", func(t *testing.T) {
		first := get(t, "/app.js", "Accept-Encoding", "gzip")
		etag := first.Header.Get("ETag")
		again := get(t, "/app.js", "Accept-Encoding", "gzip", "If-None-Match", etag)
		if etag == "" || again.StatusCode != http.StatusNotModified {
			t.Fatalf("ETag %q, revalidation status %d; want a 304", etag, again.StatusCode)
		}
		if b, _ := io.ReadAll(again.Body); len(b) != 0 {
			t.Errorf("the 304 has a body of %d bytes", len(b))
		}
		plain := get(t, "/app.js", "If-None-Match", etag)
		if plain.StatusCode != http.StatusOK {
			t.Errorf("the gzipped file's ETag revalidates the plain one: %d", plain.StatusCode)
		}
	})

	t.Run("an unknown file is a 404 with the API's error shape", func(t *testing.T) {
		resp := get(t, "/nope.js")
		if got := body(t, resp); resp.StatusCode != http.StatusNotFound || !strings.Contains(got, `"code":"not_found"`) {
			t.Errorf("GET /nope.js: %d %s", resp.StatusCode, got)
		}
	})
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                     false,
		"gzip":                 true,
		"GZIP":                 true,
		"deflate, gzip;q=1.0":  true,
		"br, gzip ; q=0.5":     true,
		"gzip;q=0":             false,
		"gzip; q=0.000":        false,
		"identity, x-gzip-not": false,
	} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Accept-Encoding", header)
		if got := acceptsGzip(req); got != want {
			t.Errorf("Accept-Encoding %q: acceptsGzip = %v, want %v", header, got, want)
		}
	}
}
