package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// pageCSP lets the page load only its own files and talk only to its own
// server: the API's snippets are HTML, and this is the second line of
// defence after the page's own escaping.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// thePage is the search page of every Server, read from the files embedded
// in the binary; a failure to read them is a broken build, not a runtime
// condition.
var thePage = func() *page {
	sub, err := fs.Sub(static, "static")
	if err == nil {
		var p *page
		if p, err = newPage(sub); err == nil {
			return p
		}
	}
	panic(err)
}()

// asset is one embedded file of the page, ready to serve.
type asset struct {
	body, gz    []byte // gz is nil when gzip would not make it smaller
	etag, ctype string
}

// page serves the search page from the files under static/: index.html for
// "/" and for article links (/doc/{id}, or /doc?id= for the ids . and ..,
// which the page reads from its own URL), the other files by name. Each file is gzipped once, when the server
// starts, and carries an ETag, so a browser that has the page revalidates
// it with a 304 of no body.
type page struct {
	files map[string]*asset
}

// pageHandler serves a page, and hands requests for files it does not have
// to notFound.
type pageHandler struct {
	*page
	notFound http.Handler
}

// newPage reads and compresses every file of fsys.
func newPage(fsys fs.FS) (*page, error) {
	p := &page{files: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		a := &asset{body: body, etag: hex.EncodeToString(sum[:8]), ctype: contentType(name)}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if _, err := zw.Write(body); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if buf.Len() < len(body) {
			a.gz = buf.Bytes()
		}
		p.files[name] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: read the page's files: %w", err)
	}
	if p.files["index.html"] == nil {
		return nil, fmt.Errorf("server: the page has no index.html")
	}
	return p, nil
}

func (p pageHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" || name == "doc" || strings.HasPrefix(name, "doc/") {
		name = "index.html"
	}
	a := p.files[name]
	if a == nil {
		p.notFound.ServeHTTP(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "no-cache") // revalidate: the ETag makes that a 304
	h.Set("X-Content-Type-Options", "nosniff")
	if name == "index.html" {
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("Referrer-Policy", "same-origin")
	}
	body, etag := a.body, a.etag
	if a.gz != nil {
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			h.Set("Content-Encoding", "gzip")
			body, etag = a.gz, etag+"-gz"
		}
	}
	h.Set("ETag", `"`+etag+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// contentType names the type of the page's files the same on every
// system (mime.TypeByExtension reads the system's tables, which differ).
func contentType(name string) string {
	switch ext := path.Ext(name); ext {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
