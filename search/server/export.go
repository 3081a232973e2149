package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xinwen/xinwen/search"
	"github.com/xinwen/xinwen/search/export"
)

// What analysts take away: /api/search?…&format= csv, jsonl (every hit),
// atom (a feed of the newest), facets-csv (the facet counts), and
// /api/attention (the series of up to four queries, JSON or CSV).

// feedSize is a feed's number of entries when size is not given.
const feedSize = 20

// exportWindow is how long an export may take to write each chunk of rows
// before the connection is given up: the server's write timeout is for
// one answer, and an export of 100,000 rows takes longer than that.
const exportWindow = 60 * time.Second

// flushEvery is how many rows an export writes between flushes, so that a
// client sees the download move.
const flushEvery = 500

// handleFormat answers /api/search with format=f.
func (s *Server) handleFormat(w http.ResponseWriter, r *http.Request, f string) {
	switch f {
	case "csv", "jsonl":
		s.handleExport(w, r, f)
	case "atom":
		s.handleFeed(w, r)
	case "facets-csv":
		s.handleFacets(w, r)
	default:
		s.writeErr(w, r, &search.Error{Code: "bad_format", Message: "format must be json, csv, jsonl, atom or facets-csv, not " + strconv.Quote(f)})
	}
}

// rowWriter is an export's format.
type rowWriter interface {
	Write(search.Row) error
}

// errHead ends the export of a HEAD request once its headers are set.
var errHead = errors.New("HEAD: no body")

// handleExport streams every hit of the search as CSV or JSON Lines. It
// answers an error (too many hits, a bad query) with its status before
// the first row; an export that fails after it has begun is cut off, so
// that the client sees an incomplete download rather than a short file
// that looks whole.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request, format string) {
	req, err := requestOf(r)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	limit, err := intParam(r.URL.Query().Get("limit"), search.CodeBadLimit, "limit")
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	rc := http.NewResponseController(w)
	var (
		out     rowWriter
		flush   = func() error { return nil }
		started bool
		written error // a failed write: the client is gone
		rows    int
	)
	start := func(st search.ExportStart) error {
		h := w.Header()
		if format == "csv" {
			h.Set("Content-Type", "text/csv; charset=utf-8")
		} else {
			h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
		}
		h.Set("Content-Disposition", attachment(req.Query, format))
		h.Set("X-Total-Count", strconv.FormatUint(st.Total, 10))
		h.Set("X-Export-Rows", strconv.FormatUint(st.Rows, 10))
		h.Set("X-Content-Type-Options", "nosniff")
		_ = rc.SetWriteDeadline(time.Now().Add(exportWindow)) // not every writer has one
		w.WriteHeader(http.StatusOK)
		started = true
		if r.Method == http.MethodHead {
			return errHead
		}
		if format == "csv" {
			c, err := export.NewCSV(w)
			if err != nil {
				written = err
				return err
			}
			out, flush = c, c.Flush
		} else {
			out = export.NewJSONL(w)
		}
		return nil
	}
	row := func(rw search.Row) error {
		if err := out.Write(rw); err != nil {
			written = err
			return err
		}
		if rows++; rows%flushEvery == 0 {
			if err := flush(); err != nil {
				written = err
				return err
			}
			_ = rc.Flush()
			_ = rc.SetWriteDeadline(time.Now().Add(exportWindow))
		}
		return nil
	}
	err = s.engine.Export(r.Context(), req, limit, start, row)
	switch {
	case errors.Is(err, errHead):
	case !started:
		s.writeErr(w, r, err)
	case written != nil:
		// The client went away.
	case err != nil:
		s.log.Error("export failed", "id", infoOf(r).id, "rows", rows, "err", err)
		panic(http.ErrAbortHandler) // cut the download off: it is not whole
	default:
		if err := flush(); err != nil {
			s.log.Info("export not delivered", "id", infoOf(r).id, "err", err)
		}
	}
}

// attachment is the Content-Disposition of an export of query: a file
// named after the query (xinwen-国有企业.csv), with an ASCII name for
// clients that cannot read RFC 5987's.
func attachment(query, ext string) string {
	var slug, ascii strings.Builder
	dash := false
	for _, c := range query {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if slug.Len() > 60 {
				break
			}
			slug.WriteRune(c)
			if c < 128 {
				ascii.WriteRune(c)
			}
			dash = false
		} else if !dash && slug.Len() > 0 {
			slug.WriteByte('-')
			ascii.WriteByte('-')
			dash = true
		}
	}
	name := strings.Trim(slug.String(), "-")
	plain := strings.Trim(ascii.String(), "-")
	if name == "" {
		name, plain = "all", "all"
	} else if plain == "" || plain != name {
		plain = "search"
	}
	return fmt.Sprintf(`attachment; filename="xinwen-%s.%s"; filename*=UTF-8''%s`, plain, ext, url.PathEscape("xinwen-"+name+"."+ext))
}

// handleFeed answers a search as an Atom feed of its newest hits (see
// package export).
func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) {
	req, err := requestOf(r)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	req.Sort, req.Page, req.Cursor = search.SortDateDesc, 0, ""
	if req.Size == 0 {
		req.Size = feedSize
	}
	res, err := s.engine.Search(r.Context(), req)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	base := baseURL(r)
	f := export.NewFeed(base, req, base+r.URL.RequestURI(), time.Now())
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if err := export.WriteAtom(w, f, res.Hits); err != nil {
		s.log.Info("feed not delivered", "id", infoOf(r).id, "err", err)
	}
}

// baseURL is the scheme and host the request came to, which a feed's
// links start with.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// handleFacets answers the facet counts of a search as CSV.
func (s *Server) handleFacets(w http.ResponseWriter, r *http.Request) {
	req, err := requestOf(r)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	req.Size, req.Page, req.Cursor = 1, 0, "" // the facets count every hit whatever the page
	res, err := s.engine.Search(r.Context(), req)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	writeCSV(w, r, attachment(req.Query+" facets", "csv"), func() error { return export.WriteFacets(w, res.Facets) }, s)
}

// handleAttention answers /api/attention: the series of each q over time,
// as JSON or (format=csv) CSV.
func (s *Server) handleAttention(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	req := search.AttentionRequest{
		Queries:   v["q"],
		Op:        v.Get("op"),
		Provinces: v["province"],
		Sources:   v["source"],
		From:      v.Get("from"),
		To:        v.Get("to"),
		Interval:  v.Get("interval"),
		Xlang:     v.Get("xlang"),
	}
	if len(req.Queries) == 0 {
		req.Queries = []string{""} // every article
	}
	format := v.Get("format")
	if format != "" && format != "json" && format != "csv" {
		s.writeErr(w, r, &search.Error{Code: "bad_format", Message: "format must be json or csv, not " + strconv.Quote(format)})
		return
	}
	a, err := s.engine.Attention(r.Context(), req)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if format == "csv" {
		writeCSV(w, r, attachment(strings.Join(req.Queries, " ")+" attention", "csv"), func() error { return export.WriteAttention(w, a) }, s)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// writeCSV answers a small CSV, written by write.
func writeCSV(w http.ResponseWriter, r *http.Request, disposition string, write func() error, s *Server) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", disposition)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if err := write(); err != nil {
		s.log.Info("CSV not delivered", "id", infoOf(r).id, "err", err)
	}
}
