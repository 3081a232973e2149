package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/mux"

	"github.com/xinwen/xinwen/index"
)

// The writes: POST /api/docs (one article, a JSON array of them, or JSON
// Lines), PUT /api/docs/{id} (one article, added or replaced) and DELETE
// /api/docs/{id}, with the admin key.
//
// A write is answered once what it wrote is on disk and searchable
// (index.Committer): a crash after the answer loses nothing. The
// articles of a body go through index.Pipeline, as `xinwen index` sends
// them: their metadata completed from their text and each checked once.
// Those refused are listed by line with their codes; the others are
// committed together, all or none. A body that cannot be read whole
// (cut off, over the cap) writes nothing.

// Committer is what the write routes need of the index: a change
// committed whole, on disk and searchable when it returns.
// *index.Committer is one.
type Committer interface {
	Commit(ctx context.Context, ch index.Change) (index.Outcome, error)
}

// WithWrites gives the server the writes of its index, whose routes
// exist only with it: New calls open with the server's Observer, for the
// metrics of the writes, and takes the Committer it returns (which its
// caller closes once the server is done).
func WithWrites(open func(index.Observer) Committer) Option {
	return func(s *Server) { s.openWrites = open }
}

// The types of the bodies the write routes read.
const (
	typeJSON   = "application/json"
	typeNDJSON = "application/x-ndjson"
	typeJSONL  = "application/jsonl"
)

// maxListed bounds the refused records an answer lists; it counts them
// all in refused.
const maxListed = 1000

// bodyWindow is how long a write's body may go without sending a byte;
// maxBodyTime bounds the whole of it; commitWindow is the time the answer
// may take once the body is read (the commit, and writing the answer).
// The server's read and write timeouts are for searches, whose requests
// have no body.
const (
	bodyWindow   = 10 * time.Second
	maxBodyTime  = 10 * time.Minute
	commitWindow = 2 * time.Minute
)

// writeResult is the answer to a write. With an Error (nothing written,
// every record refused), it is the error shape with the counts beside.
type writeResult struct {
	Error   *errorDetail `json:"error,omitempty"`
	Indexed int          `json:"indexed"`
	Deleted int          `json:"deleted"`
	// Refused counts the records refused; Errors lists the first
	// maxListed of them.
	Refused int           `json:"refused"`
	Errors  []recordError `json:"errors"`
	TookMS  float64       `json:"took_ms"`
}

// recordError is a record of a body that was refused: its line (from 1,
// where it starts), the stable code of the reason (index.CodeBadJSON…)
// and the reason.
type recordError struct {
	Line    int    `json:"line"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// write is what a write request asks: the change to commit, and the
// records of its body that were refused.
type write struct {
	change  index.Change
	refused int
	errors  []recordError
}

// readBody sends the records of src through the pipeline. A body that
// cannot be read whole is an error, and nothing of it is written.
func readBody(ctx context.Context, src index.Source) (*write, error) {
	rd := &write{errors: []recordError{}}
	p := index.Pipeline{
		Sink: index.SinkFunc(func(e index.Entry) error {
			rd.change.Put = append(rd.change.Put, e)
			return nil
		}),
		Bad: func(e *index.RecordError) error {
			if e.Code == index.CodeUnreadable {
				return e
			}
			rd.refused++
			if len(rd.errors) < maxListed {
				rd.errors = append(rd.errors, recordError{Line: e.Line, Code: e.Code, Message: e.Err.Error()})
			}
			return nil
		},
	}
	if _, err := p.Run(ctx, src); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) || errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, &statusError{status: http.StatusBadRequest, code: "bad_body",
			message: fmt.Sprintf("the body could not be read whole (%v); nothing was written", clip(err.Error(), 200))}
	}
	return rd, nil
}

// errNoArticles is the answer to a body without articles.
var errNoArticles = &statusError{status: http.StatusBadRequest, code: "no_articles",
	message: "the body holds no article: send one JSON article, a JSON array of them, or JSON Lines"}

// openBody checks a write's body and keeps its connection's read
// deadline moving while it comes (see bodyWindow).
func (s *Server) openBody(w http.ResponseWriter, r *http.Request, types ...string) (io.Reader, error) {
	body, err := s.body(w, r, types...)
	if err != nil {
		return nil, err
	}
	rc := http.NewResponseController(w)
	return &deadlineReader{r: body, rc: rc, end: time.Now().Add(maxBodyTime)}, nil
}

// handlePost writes the articles of a body: one JSON article, a JSON
// array, or JSON Lines (application/x-ndjson, each line an article).
func (s *Server) handlePost(w http.ResponseWriter, r *http.Request) {
	wr, err := s.post(w, r)
	s.commit(w, r, wr, err)
}

// handlePut adds or replaces the article {id}.
func (s *Server) handlePut(w http.ResponseWriter, r *http.Request) {
	wr, err := s.put(w, r)
	s.commit(w, r, wr, err)
}

// handleDelete deletes the article {id}: 404 when there is none.
func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	s.commit(w, r, &write{change: index.Change{Delete: []string{id}}, errors: []recordError{}}, err)
}

// post reads what a POST asks to write.
func (s *Server) post(w http.ResponseWriter, r *http.Request) (*write, error) {
	body, err := s.openBody(w, r, typeJSON, typeNDJSON, typeJSONL)
	if err != nil {
		return nil, err
	}
	src := index.Reader{}.Body(body, "body")
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != typeJSON {
		src = index.Reader{}.Lines(body, "body")
	}
	return readBody(r.Context(), src)
}

// put reads what a PUT asks to write: one JSON article whose id is the
// path's, or none.
func (s *Server) put(w http.ResponseWriter, r *http.Request) (*write, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	body, err := s.openBody(w, r, typeJSON)
	if err != nil {
		return nil, err
	}
	var (
		first   index.Record
		firstEr error
		n       int
	)
	for rec, err := range (index.Reader{}).Body(body, "body") {
		if n++; n > 1 {
			return nil, &statusError{status: http.StatusBadRequest, code: "too_many_articles",
				message: "PUT /api/docs/{id} takes one article; send several with POST /api/docs"}
		}
		first, firstEr = rec, err
	}
	if n == 0 {
		return nil, errNoArticles
	}
	if firstEr == nil {
		switch first.Doc.ID {
		case "":
			first.Doc.ID = id
		case id:
		default:
			return nil, &statusError{status: http.StatusBadRequest, code: "id_mismatch",
				message: fmt.Sprintf("the article's id %q is not the id of the path, %q: give the same, or none", clip(first.Doc.ID, 100), clip(id, 100))}
		}
	}
	return readBody(r.Context(), func(yield func(index.Record, error) bool) { yield(first, firstEr) })
}

// pathID is the {id} of a write's path, which index.ValidateID must take.
func pathID(r *http.Request) (string, error) {
	id, err := url.PathUnescape(mux.Vars(r)["id"]) // the router matched the path as sent
	if err == nil {
		err = index.ValidateID(id)
	}
	if err != nil {
		return "", &statusError{status: http.StatusBadRequest, code: index.CodeBadID,
			message: "the id of the path cannot name an article: " + clip(err.Error(), 200)}
	}
	return id, nil
}

// commit commits what a request asks, or answers err when it cannot be
// read: 200 with what was written and what was refused; 400 when the body
// held nothing to write; 404 when the one article to delete is not there.
func (s *Server) commit(w http.ResponseWriter, r *http.Request, wr *write, err error) {
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	ch := wr.change
	res := writeResult{Refused: wr.refused, Errors: wr.errors}
	if len(ch.Put) == 0 && len(ch.Delete) == 0 {
		if wr.refused == 0 {
			s.writeErr(w, r, errNoArticles)
			return
		}
		first := wr.errors[0]
		res.Error = &errorDetail{Code: first.Code, Line: first.Line, RequestID: infoOf(r).id,
			Message: fmt.Sprintf("line %d: %s; nothing was written", first.Line, first.Message)}
		if wr.refused > 1 {
			res.Error.Message = fmt.Sprintf("every article was refused (%d), the first at line %d: %s; nothing was written", wr.refused, first.Line, first.Message)
		}
		res.TookMS = tookMS(infoOf(r).start)
		writeJSON(w, http.StatusBadRequest, res)
		return
	}
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(commitWindow))
	out, err := s.writes.Commit(r.Context(), ch)
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if len(ch.Delete) > 0 && len(out.Missing) > 0 {
		writeError(w, r, http.StatusNotFound, errorDetail{Code: "not_found", Message: "no article with that id"})
		return
	}
	res.Indexed, res.Deleted = out.Indexed, out.Deleted
	res.TookMS = tookMS(infoOf(r).start)
	writeJSON(w, http.StatusOK, res)
}

// writeFailure maps the error of a commit to its answer, or returns nil
// for one that is not a commit's.
func writeFailure(err error) *statusError {
	switch {
	case errors.Is(err, index.ErrNoSpace):
		return &statusError{status: http.StatusInsufficientStorage, code: "disk_full", retryAfter: "60",
			message: "the disk that holds the index is full: this write was not saved. Searches go on; once there is room again, send it again"}
	case errors.Is(err, index.ErrClosed):
		return &statusError{status: http.StatusServiceUnavailable, code: "not_ready", retryAfter: "1",
			message: "shutting down: this write was not saved"}
	}
	return nil
}

// deadlineReader reads a write's body, moving its connection's read
// deadline on by bodyWindow at each read, up to end.
type deadlineReader struct {
	r   io.Reader
	rc  *http.ResponseController
	end time.Time
}

func (d *deadlineReader) Read(p []byte) (int, error) {
	next := time.Now().Add(bodyWindow)
	if next.After(d.end) {
		next = d.end
	}
	_ = d.rc.SetReadDeadline(next) // not every writer has one
	n, err := d.r.Read(p)
	if err == io.ErrUnexpectedEOF {
		// The connection ended before the body did: told apart from a
		// body that ends in the middle of its JSON, which the decoder
		// reports with the same error.
		err = errCutOff
	}
	return n, err
}

// errCutOff is a write's body whose connection ended before it did.
var errCutOff = errors.New("the connection ended before the body did")

// bigBody reports whether a write's body takes one of the few slots of
// large writes (see admitted): one over bigBodyBytes, or of unknown size.
func bigBody(r *http.Request) bool {
	return r.ContentLength < 0 || r.ContentLength > bigBodyBytes
}

// bigBodyBytes is the size from which a write's body is large.
const bigBodyBytes = 1 << 20
