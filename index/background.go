package index

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Bleve's background work, and what happens when it fails.
//
// With unsafe_batch (openConfig), a batch returns once it is searchable;
// bleve's persister then writes each new snapshot of the index to disk,
// and its merger merges small segments into larger ones. Either may fail
// (a full disk, say). Bleve reports the error to a callback, keeps what it
// could not write in memory, and tries again at once, forever; a snapshot
// that is written at last takes everything before it along. So a failure
// is a state that ends: the index records the last error of the persister
// and of the merger, and forgets each when that one next succeeds, which
// bleve tells through its events. While the persister fails, the write
// API takes no more writes (Committer), and a sync waiting for its write
// to reach the disk is told at the next failure instead of waiting until
// the disk has room again.

// eventCallback names the index's callback for bleve's events, as
// asyncErrorCallback names the one for its errors.
const eventCallback = "xinwen"

// retryPause is how long bleve's persister or merger pauses after an
// error before it tries again: bleve retries at once, which on a full
// disk means a core spent writing and removing the same file.
const retryPause = 250 * time.Millisecond

// byScorch finds the Index of a bleve index that reports an event.
var byScorch sync.Map // *scorch.Scorch -> *Index

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = func(err error, path string) {
		if v, ok := openIndexes.Load(path); ok {
			v.(*Index).fail(err)
		}
		if errors.Is(err, scorch.ErrPersist) {
			time.Sleep(retryPause) // on bleve's persister or merger, before it retries
		}
	}
	scorch.RegistryEventCallbacks[eventCallback] = func(e scorch.Event) bool {
		switch e.Kind {
		case scorch.EventKindPersisterProgress, scorch.EventKindMergerProgress:
			if v, ok := byScorch.Load(e.Scorch); ok {
				v.(*Index).progressed(e.Kind)
			}
		}
		return true // go on: a false would stop a merge or a clean-up
	}
}

// background is the state of an index's background writes.
type background struct {
	mu sync.Mutex
	// persist and merge are the last errors of the persister and of the
	// merger, nil once it has succeeded since; dead is an error after
	// which bleve's background work has stopped (a panic), for good.
	persist, merge, dead error
	// failed is closed at each error of the persister, and replaced: a
	// sync waits on the channel of its start.
	failed chan struct{}
}

// fail records an error of bleve's background work. An error that does
// not say where it comes from (a test's) is the persister's.
func (ix *Index) fail(err error) {
	bg := &ix.bg
	bg.mu.Lock()
	defer bg.mu.Unlock()
	var se *scorch.ScorchError
	switch {
	case !errors.As(err, &se):
		bg.persist = err
	case se.ErrType == scorch.ErrAsyncPanic || se.ErrType == scorch.ErrOptionsParse:
		// The loop that panicked, or could not start, is gone: nothing
		// will be written any more.
		if bg.dead == nil {
			bg.dead = err
		}
	case se.Source == "merger":
		bg.merge = err
		return
	case se.ErrType == scorch.ErrPersist:
		bg.persist = err
	default: // a clean-up of old files that failed, to be tried again
		bg.merge = err
		return
	}
	close(bg.failed)
	bg.failed = make(chan struct{})
}

// progressed records that bleve's persister or merger did its work.
func (ix *Index) progressed(kind scorch.EventKind) {
	bg := &ix.bg
	bg.mu.Lock()
	defer bg.mu.Unlock()
	if kind == scorch.EventKindPersisterProgress {
		bg.persist = nil
	} else {
		bg.merge = nil
	}
}

// failures returns the channel that the next error of the persister
// closes.
func (ix *Index) failures() <-chan struct{} {
	ix.bg.mu.Lock()
	defer ix.bg.mu.Unlock()
	return ix.bg.failed
}

// persistError returns the error that keeps the index's new writes from
// reaching the disk, or nil while they do.
func (ix *Index) persistError() error {
	ix.bg.mu.Lock()
	defer ix.bg.mu.Unlock()
	err := ix.bg.dead
	if err == nil {
		err = ix.bg.persist
	}
	if err == nil {
		return nil
	}
	return ix.diskError(err)
}

// writeError returns the error of bleve's background work, the persister's
// first, or nil while it has had none since it last succeeded.
func (ix *Index) writeError() error {
	if err := ix.persistError(); err != nil {
		return err
	}
	ix.bg.mu.Lock()
	defer ix.bg.mu.Unlock()
	if ix.bg.merge != nil {
		return ix.diskError(ix.bg.merge)
	}
	return nil
}

// ErrNoSpace is wrapped by the errors of writes that failed for want of
// room: a full disk, a quota, or a limit on the size of files.
var ErrNoSpace = errors.New("no space left for the index")

// diskError says that err happened writing the index to disk, and wraps
// ErrNoSpace when it was for want of room. Bleve's background errors are
// text, not the system's error values, so they are recognised by their
// words.
func (ix *Index) diskError(err error) error {
	msg := err.Error()
	for _, s := range []string{"no space left on device", "disk quota exceeded", "file too large"} {
		if strings.Contains(msg, s) {
			return fmt.Errorf("index: write %s to disk: %w: %w", ix.dir, ErrNoSpace, err)
		}
	}
	return fmt.Errorf("index: write %s to disk: %w", ix.dir, err)
}
