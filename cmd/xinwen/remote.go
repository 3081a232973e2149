package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xinwen/xinwen/index"
)

// Indexing through a running server: `xinwen index` on an index that
// `serve` holds reads the files as it would (index.Reader), and sends
// each article, as the JSON Lines format gives it, to the server's POST
// /api/docs, in requests of -batch articles; the server completes and
// checks them (the same index.Pipeline) and answers once they are on
// disk. The lines the server refuses are named by the file and line they
// came from.

// maxRemoteBody bounds a request's body: as a Writer's batches are
// bounded in text (index.DefaultBatchBytes), and well under serve's
// -max-body. A server with a lower cap answers 413, and the request is
// sent again in halves.
const maxRemoteBody = index.DefaultBatchBytes

// maxRetries bounds how often a request the server is too busy for is
// sent again.
const maxRetries = 30

// remote is a load through the server at base.
type remote struct {
	base, key string
	client    *http.Client
	prog      *progress
	// refuse reports a record the server refused.
	refuse func(*index.RecordError)
	// acked counts the articles the server has written.
	acked int
	// unsent is where the first request that was not answered starts.
	unsent *origin
}

// origin is where an article of a request came from.
type origin struct {
	path string
	line int
}

// request is the body of one POST /api/docs, of JSON Lines, and where
// each of its lines came from.
type request struct {
	body    bytes.Buffer
	origins []origin
}

// findServer returns nil when a server answers at base, whatever it
// answers, else why not (nothing listens there when a server that died
// left its address behind).
func findServer(ctx context.Context, base string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// remoteTimeout bounds one request of a load through a server: its
// commit takes seconds, and the server gives up on one after minutes.
const remoteTimeout = 5 * time.Minute

// load sends the articles of src to the server and returns once all were
// answered, or at the first request that fails (or ctx is done: the
// request in flight is answered first). Records that cannot be read are
// refused here, with their file and line, as in a direct load.
func (rm *remote) load(ctx context.Context, src index.Source, batch int) error {
	sends := make(chan *request, 1) // one in flight while the next is read
	failed := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		var err error
		for req := range sends {
			if err != nil || ctx.Err() != nil {
				if rm.unsent == nil {
					rm.unsent = &req.origins[0]
				}
				continue
			}
			if err = rm.send(context.WithoutCancel(ctx), req); err != nil {
				close(failed)
			}
		}
		done <- err
	}()
	cur := &request{}
	flush := func() bool {
		select {
		case sends <- cur:
			cur = &request{}
			return true
		case <-failed:
			return false
		}
	}
	var readErr error
read:
	for rec, err := range src {
		if ctx.Err() != nil {
			readErr = ctx.Err()
			break
		}
		if err != nil {
			var bad *index.RecordError
			if !errors.As(err, &bad) {
				readErr = err
				break
			}
			rm.prog.addRefused()
			rm.refuse(bad)
			continue
		}
		line, err := json.Marshal(rec.Doc)
		if err != nil {
			readErr = fmt.Errorf("%s:%d: %w", rec.Path, rec.Line, err)
			break
		}
		if len(cur.origins) > 0 && (len(cur.origins) >= batch || cur.body.Len()+len(line) >= maxRemoteBody) {
			if !flush() {
				break read
			}
		}
		cur.body.Write(line)
		cur.body.WriteByte('\n')
		cur.origins = append(cur.origins, origin{rec.Path, rec.Line})
	}
	if len(cur.origins) > 0 && readErr == nil {
		flush()
	}
	close(sends)
	if err := <-done; err != nil {
		return err
	}
	return readErr
}

// answer is what the server says of a write.
type answer struct {
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Indexed int `json:"indexed"`
	Refused int `json:"refused"`
	Errors  []struct {
		Line    int    `json:"line"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// send posts one request, and reports what the server refused of it by
// file and line. A request too large for the server is sent again in
// halves; one the server is too busy for, again after a while.
func (rm *remote) send(ctx context.Context, req *request) error {
	for attempt := 0; ; attempt++ {
		status, ans, retryAfter, err := rm.post(ctx, req.body.Bytes())
		if err != nil {
			rm.unsent = &req.origins[0]
			return fmt.Errorf("the server at %s: %w", rm.base, err)
		}
		switch {
		case status == http.StatusOK, status == http.StatusBadRequest && len(ans.Errors) > 0:
			for _, e := range ans.Errors {
				at := origin{path: "(the server's answer)", line: e.Line}
				if e.Line >= 1 && e.Line <= len(req.origins) {
					at = req.origins[e.Line-1]
				}
				rm.prog.addRefused()
				rm.refuse(&index.RecordError{Path: at.path, Line: at.line, Code: e.Code, Err: errors.New(e.Message)})
			}
			for range ans.Refused - len(ans.Errors) { // not listed
				rm.prog.addRefused()
			}
			rm.acked += ans.Indexed
			rm.prog.addIndexed(ans.Indexed)
			return nil
		case status == http.StatusRequestEntityTooLarge && len(req.origins) > 1:
			a, b := req.split()
			if err := rm.send(ctx, a); err != nil {
				return err
			}
			return rm.send(ctx, b)
		case status == http.StatusRequestEntityTooLarge:
			rm.prog.addRefused()
			rm.refuse(&index.RecordError{Path: req.origins[0].path, Line: req.origins[0].line, Code: "body_too_large",
				Err: fmt.Errorf("the article alone is larger than the server at %s takes (serve -max-body)", rm.base)})
			return nil
		case status == http.StatusServiceUnavailable && ans.Error != nil && ans.Error.Code == "overloaded" && attempt < maxRetries:
			select {
			case <-time.After(retryAfter):
			case <-ctx.Done():
				return ctx.Err()
			}
			continue
		}
		rm.unsent = &req.origins[0]
		msg := http.StatusText(status)
		if ans.Error != nil {
			msg = ans.Error.Code + ": " + ans.Error.Message
		}
		return fmt.Errorf("the server at %s answered %d %s", rm.base, status, msg)
	}
}

// post sends one body and reads the answer.
func (rm *remote) post(ctx context.Context, body []byte) (status int, ans answer, retryAfter time.Duration, err error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(rm.base, "/")+"/api/docs", bytes.NewReader(body))
	if err != nil {
		return 0, ans, 0, err
	}
	r.Header.Set("Content-Type", "application/x-ndjson")
	r.Header.Set("Authorization", "Bearer "+rm.key)
	resp, err := rm.client.Do(r)
	if err != nil {
		return 0, ans, 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return 0, ans, 0, fmt.Errorf("read the answer: %w", err)
	}
	_ = json.Unmarshal(raw, &ans) // an answer that is not ours says so by its status
	retryAfter = time.Second
	if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && n > 0 {
		retryAfter = time.Duration(n) * time.Second
	}
	return resp.StatusCode, ans, retryAfter, nil
}

// split cuts a request in two halves, at a line.
func (req *request) split() (*request, *request) {
	lines := bytes.SplitAfter(req.body.Bytes(), []byte("\n"))
	half := len(req.origins) / 2
	a, b := &request{origins: req.origins[:half]}, &request{origins: req.origins[half:]}
	for _, l := range lines[:half] {
		a.body.Write(l)
	}
	for _, l := range lines[half:] {
		b.body.Write(l)
	}
	return a, b
}
