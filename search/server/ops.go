package server

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xinwen/xinwen/index"
)

// The operator's routes: /healthz, /readyz and /api/admin/backup.

// Store is what the operator's routes need of the index: whether it can
// be written, its figures, and a consistent copy. *index.Index is one.
type Store interface {
	// Check returns nil when the index is open and can be written.
	Check() error
	// Stats returns the index's figures, for the metrics.
	Stats() (index.Stats, error)
	// Backup writes a backup of the index to w while it is served (see
	// index.Index.Backup; stage "" is beside the index).
	Backup(ctx context.Context, w io.Writer, stage string) (index.Manifest, error)
}

// WithIndex gives the server the index it serves, for /healthz, the
// index's metrics and /api/admin/backup (which exists only with one).
func WithIndex(st Store) Option {
	return func(s *Server) { s.store = st }
}

// ops is the state of the operator's routes.
type ops struct {
	// state is starting, ready or stopping (readyz).
	state atomic.Int32
	// unhealthy is set while /healthz fails, so that the reason is logged
	// once, when it starts failing, not at every check.
	unhealthy atomic.Bool
	// backup is held by the backup running (one at a time); running
	// counts the backups in flight for Wait.
	backup  sync.Mutex
	running sync.WaitGroup
}

// The states of a server, for /readyz.
const (
	starting int32 = iota
	ready
	stopping
)

// SetReady says whether the server is ready for traffic: serve sets it
// once the index is open and its columns are read (the first search
// would otherwise pay for that), and unsets it when it begins to shut
// down. /readyz answers 503 until it is set and after it is unset.
func (s *Server) SetReady(ok bool) {
	if ok {
		s.ops.state.Store(ready)
	} else {
		s.ops.state.Store(stopping)
	}
}

// handleReady answers /readyz, for load balancers: 200 once ready, 503
// not_ready while starting or shutting down.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	switch s.ops.state.Load() {
	case ready:
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	case starting:
		writeError(w, r, http.StatusServiceUnavailable, errorDetail{Code: "not_ready", Message: "starting: the index is being opened and read"})
	default:
		writeError(w, r, http.StatusServiceUnavailable, errorDetail{Code: "not_ready", Message: "shutting down"})
	}
}

// handleHealth answers /healthz: 200 ok when the index is open and can be
// written, else 503 unhealthy. The reason, which names files, goes only
// to the log, once when the check starts failing.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if s.store != nil {
		if err := s.store.Check(); err != nil {
			if !s.ops.unhealthy.Swap(true) {
				s.log.Error("unhealthy: the index cannot be written", "err", err)
			}
			writeError(w, r, http.StatusServiceUnavailable, errorDetail{Code: "unhealthy",
				Message: "the index cannot be written; the server's log says why"})
			return
		}
		if s.ops.unhealthy.Swap(false) {
			s.log.Info("healthy again: the index can be written")
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// backupWindow is how long a backup may go without writing to its client
// before the connection is given up: the server's write timeout is for
// one answer, and a backup of a large index takes longer than that. The
// first bytes come only once the copy is staged.
const backupWindow = 10 * time.Minute

// handleBackup streams a backup of the index, a tar (gzip=1: gzipped),
// while searches go on. One runs at a time: another is answered 409
// backup_running. A backup that fails before its first byte is a 500; one
// that fails after is cut off, so that the client sees an incomplete
// download rather than a short file that looks whole.
func (s *Server) handleBackup(w http.ResponseWriter, r *http.Request) {
	gz, err := boolParam(r.URL.Query().Get("gzip"), "gzip")
	if err != nil {
		s.writeErr(w, r, err)
		return
	}
	if !s.ops.backup.TryLock() {
		s.writeErr(w, r, &statusError{status: http.StatusConflict, code: "backup_running", retryAfter: "60",
			message: "a backup is running; try again once it is done"})
		return
	}
	defer s.ops.backup.Unlock()
	s.ops.running.Add(1)
	defer s.ops.running.Done()

	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(backupWindow)) // not every writer has one
	now := time.Now().UTC()
	name, ctype := "xinwen-backup-"+now.Format("20060102T150405Z")+".tar", "application/x-tar"
	if gz {
		name, ctype = name+".gz", "application/gzip"
	}
	out := &backupWriter{w: w, rc: rc, start: func() {
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
	}}
	var dst io.Writer = out
	var zw *gzip.Writer
	if gz {
		zw = gzip.NewWriter(out)
		dst = zw
	}
	m, err := s.store.Backup(r.Context(), dst, "")
	if err == nil && zw != nil {
		err = zw.Close()
	}
	s.metrics.backedUp(now, err)
	switch {
	case err == nil:
		s.log.Info("backup", "id", infoOf(r).id, "documents", m.Documents, "bytes", out.n)
	case out.n == 0 && !errors.Is(err, context.Canceled):
		s.writeErr(w, r, err)
	case out.failed != nil, errors.Is(err, context.Canceled):
		// The client went away, or the server is shutting down.
	default:
		s.log.Error("backup failed", "id", infoOf(r).id, "bytes", out.n, "err", err)
		panic(http.ErrAbortHandler) // cut the download off: it is not whole
	}
}

// Wait returns when no backup is running any more, or with ctx's error
// when ctx is done first: serve waits for them before it closes the
// index. A backup whose request's context is canceled stops at its next
// write.
func (s *Server) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.ops.running.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backupWriter writes a backup to its client: the headers before the
// first byte, and a write deadline moved on at each write.
type backupWriter struct {
	w      io.Writer
	rc     *http.ResponseController
	start  func()
	n      int64
	failed error
}

func (b *backupWriter) Write(p []byte) (int, error) {
	if b.n == 0 {
		b.start()
	}
	_ = b.rc.SetWriteDeadline(time.Now().Add(backupWindow))
	n, err := b.w.Write(p)
	b.n += int64(n)
	if err != nil {
		b.failed = err
	}
	return n, err
}

// boolParam reads a parameter that is on (1, true) or off (0, false, or
// absent).
func boolParam(v, name string) (bool, error) {
	switch v {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, &statusError{status: http.StatusBadRequest, code: "bad_param",
		message: name + " must be 1 or 0, not " + strconv.Quote(clip(v, 100))}
}
