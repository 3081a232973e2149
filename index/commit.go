package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// Group commit: the writes of a served index.
//
// Each request of the write API is a Change: articles to add or replace,
// ids to delete. A request is answered only once its change is on disk
// (fsynced: a crash after the answer loses nothing) and searchable, and a
// change is written whole or not at all: it goes into one bleve batch,
// which bleve introduces into the index as one segment in one snapshot,
// and persists as part of one snapshot, atomically (a new root in
// root.bolt). Writing to disk costs a few fsyncs, whatever the size of
// the batch, so requests that come together are committed together: one
// goroutine, the Committer's, takes every change that waits, puts them
// all into one batch, commits it, waits for bleve's persister to write it,
// and wakes them all; the changes that came meanwhile are the next group.
// So the busier the writes, the larger the groups: 16 writers of one
// article each shared a commit 8 at a time, and cost 1 fsync a write
// instead of 7.5 (BenchmarkCommit, counted with strace). Going on with
// the next group while the persister writes the last (bleve's persister
// takes every snapshot introduced meanwhile in one go) made groups of
// one: a segment a write, 1.4 fsyncs a write, and more merging.

// A Change is what one write asks of the index: documents to add (or
// replace, by id) and ids to delete, in that order. It is committed whole
// or not at all.
type Change struct {
	Put    []Entry
	Delete []string
}

// size is the number of documents c puts or deletes.
func (c Change) size() int { return len(c.Put) + len(c.Delete) }

// textBytes is the text of the documents c puts.
func (c Change) textBytes() int {
	n := 0
	for _, e := range c.Put {
		n += e.textBytes()
	}
	return n
}

// Outcome says what a committed Change did.
type Outcome struct {
	// Indexed is how many documents were added or replaced; Deleted how
	// many were deleted.
	Indexed, Deleted int
	// Missing are the ids to delete that were not in the index: nothing
	// was done for them.
	Missing []string
}

// ErrClosed is returned by Commit once the Committer is closed.
var ErrClosed = errors.New("index: the committer is closed")

// A Committer commits the Changes of many writers in groups (see above).
// It is safe for concurrent use. While bleve's persister fails (a full
// disk), Commit refuses changes with an error wrapping ErrNoSpace or the
// persister's error at once, without touching the index: bleve keeps
// trying to write what it holds, and once it has, the Committer takes
// changes again.
type Committer struct {
	ix      *Index
	obs     Observer
	queue   chan *pending
	closing chan struct{}
	stopped chan struct{} // closed when the loop has ended
	once    sync.Once
	// mu orders Commit's sends against Close: none after closing.
	mu     sync.RWMutex
	closed bool
	// batch commits a bleve batch; tests replace it.
	batch func(*bleve.Batch) error
	// stopStories ends the reading of the stories in the background
	// (stories.go), and storiesRead is closed once it has.
	stopStories context.CancelFunc
	storiesRead chan struct{}
}

// pending is a Change waiting for its commit.
type pending struct {
	change Change
	out    Outcome
	err    error
	done   chan struct{}
}

// maxGroupBytes and maxGroupDocs bound a group of changes committed in
// one batch, as a Writer's batches are bounded (DefaultBatchBytes): a
// change larger than that is a batch of its own, since a change is never
// cut in two.
const (
	maxGroupBytes = DefaultBatchBytes
	maxGroupDocs  = 4 * DefaultBatchSize
)

// NewCommitter starts the committer of the index's writes; obs (nil for
// none) is told what it does. Close it before the index.
func (ix *Index) NewCommitter(obs Observer) *Committer {
	if obs == nil {
		obs = NopObserver{}
	}
	c := &Committer{ix: ix, obs: obs, queue: make(chan *pending, 64), closing: make(chan struct{}), stopped: make(chan struct{}), batch: ix.b.Batch}
	// The first write needs the stories: read them now, not then.
	ctx, cancel := context.WithCancel(context.Background())
	c.stopStories, c.storiesRead = cancel, make(chan struct{})
	go func() {
		defer close(c.storiesRead)
		if _, err := ix.readStories(ctx); err != nil && ctx.Err() == nil {
			slog.Warn("index: read stories; the first write tries again", "index", ix.dir, "err", err)
		}
	}()
	go c.loop()
	return c
}

// Commit writes ch and returns once it is on disk and searchable, with
// what it did. It returns an error, and writes nothing, when the index
// cannot take writes now (while the disk is full: ErrNoSpace), or when
// the Committer is closed (ErrClosed). Any other error may come after
// the change was made searchable but not written to disk: it was not
// committed, though bleve may still write it later; sent again, it is
// written once (documents are replaced by id). When ctx is done before
// the answer, Commit returns its error at once, and the change is
// written or not as if it had waited.
func (c *Committer) Commit(ctx context.Context, ch Change) (Outcome, error) {
	if ch.size() == 0 {
		return Outcome{}, nil
	}
	if err := c.ix.persistError(); err != nil {
		return Outcome{}, err
	}
	p := &pending{change: ch, done: make(chan struct{})}
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return Outcome{}, ErrClosed
	}
	c.obs.Queued(ch.size())
	select {
	case c.queue <- p:
		c.mu.RUnlock()
	case <-ctx.Done():
		c.mu.RUnlock()
		c.obs.Queued(-ch.size())
		return Outcome{}, ctx.Err()
	}
	select {
	case <-p.done:
		return p.out, p.err
	case <-ctx.Done():
		return Outcome{}, ctx.Err()
	}
}

// Close commits the changes that wait, waits until they are on disk, and
// ends the committer: a later Commit returns ErrClosed.
func (c *Committer) Close() error {
	c.once.Do(func() {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		close(c.closing)
	})
	<-c.stopped
	c.stopStories()
	<-c.storiesRead
	return nil
}

// loop takes the changes that wait, in groups, until the Committer is
// closed and nothing waits.
func (c *Committer) loop() {
	defer close(c.stopped)
	var next *pending // taken but left for the next group
	for {
		first := next
		next = nil
		if first == nil {
			select {
			case first = <-c.queue:
			case <-c.closing:
				select {
				case first = <-c.queue: // what was sent before Close
				default:
					return
				}
			}
		}
		group := []*pending{first}
		docs, bytes := first.change.size(), first.change.textBytes()
	more:
		for docs < maxGroupDocs && bytes < maxGroupBytes {
			select {
			case p := <-c.queue:
				n, b := p.change.size(), p.change.textBytes()
				if docs+n > maxGroupDocs || bytes+b > maxGroupBytes {
					next = p
					break more
				}
				group = append(group, p)
				docs, bytes = docs+n, bytes+b
			default:
				break more
			}
		}
		c.commit(group, docs)
	}
}

// commit commits a group of changes in one batch, and wakes their writers
// once it is on disk.
func (c *Committer) commit(group []*pending, docs int) {
	finish := func(err error, fsync time.Duration) {
		written := 0 // the deletes of ids that were not there aside
		for _, p := range group {
			written += p.out.Indexed + p.out.Deleted
		}
		c.obs.Committed(written, fsync, err)
		c.obs.Queued(-docs)
		if err != nil {
			c.ix.dropStories() // they may be ahead of the index
		}
		for _, p := range group {
			if err != nil {
				p.out, p.err = Outcome{}, err
			}
			close(p.done)
		}
	}
	if err := c.ix.persistError(); err != nil {
		finish(err, 0)
		return
	}
	b, err := c.build(group)
	if err != nil {
		finish(err, 0)
		return
	}
	// The sample index becomes the user's with the first change the user
	// makes to it, in the same batch: nothing that replaces or rebuilds
	// the sample index (xinwen index, serve after an upgrade) then takes
	// the user's articles with it.
	meta := c.ix.Meta()
	adopt := meta.Origin != ""
	if adopt {
		meta.Origin = ""
		raw, err := json.Marshal(meta)
		if err != nil {
			finish(err, 0)
			return
		}
		b.SetInternal([]byte(metaKey), raw)
	}
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) {
		select {
		case persisted <- err:
		default:
		}
	})
	failed := c.ix.failures()
	if err := c.introduce(b); err != nil {
		finish(err, 0)
		return
	}
	// Searchable now; on disk once the persister has written a snapshot
	// that holds it.
	introduced := time.Now()
	err = c.persisted(persisted, failed)
	if err == nil {
		// bleve syncs the files it writes, not the directory that names
		// them.
		if err = syncDir(storePath(c.ix.dir)); err != nil {
			err = c.ix.diskError(err)
		}
	}
	if err == nil && adopt {
		c.ix.metaMu.Lock()
		c.ix.meta = meta
		c.ix.metaMu.Unlock()
	}
	finish(err, time.Since(introduced))
}

// persisted waits until a batch is on disk, when persisted says so, or
// until bleve's persister fails, as failed and those after it say.
func (c *Committer) persisted(persisted <-chan error, failed <-chan struct{}) error {
	for {
		select {
		case err := <-persisted:
			if err != nil {
				return c.ix.diskError(err)
			}
			return nil
		case <-failed:
			if err := c.ix.persistError(); err != nil {
				return err
			}
			failed = c.ix.failures() // it failed, and then wrote; wait on
		}
	}
}

// build puts the changes of group into one batch, in order, and works out
// each one's Outcome. A delete of an id that is not in the index, nor put
// by an earlier change of the group, is Missing.
func (c *Committer) build(group []*pending) (*bleve.Batch, error) {
	b := c.ix.b.NewBatch()
	// There: the ids that the group's changes so far put (true) or
	// deleted (false); recent the entries put, which a change of story
	// rewrites (stories.go).
	there := map[string]bool{}
	recent := map[string]Entry{}
	lookup := func(id string) (Entry, bool) { e, ok := recent[id]; return e, ok }
	put := func(id string, fields map[string]interface{}) error {
		fields, err := c.ix.storedMap(fields)
		if err != nil {
			return err
		}
		if err := b.Index(id, fields); err != nil {
			return fmt.Errorf("index: document %q: %w", id, err)
		}
		return nil
	}
	var exists func(id string) (bool, error)
	for _, p := range group {
		for _, e := range p.change.Put {
			if err := c.ix.restory(e, lookup, put); err != nil {
				return nil, err
			}
			if err := put(e.doc.ID, e.fields); err != nil {
				return nil, err
			}
			there[e.doc.ID] = true
			recent[e.doc.ID] = e
			p.out.Indexed++
		}
		for _, id := range p.change.Delete {
			ok, seen := there[id]
			if !seen {
				if exists == nil {
					var done func()
					var err error
					if exists, done, err = c.ix.lookup(); err != nil {
						return nil, err
					}
					defer done()
				}
				var err error
				if ok, err = exists(id); err != nil {
					return nil, err
				}
			}
			if !ok {
				p.out.Missing = append(p.out.Missing, id)
				continue
			}
			if err := c.ix.unstory(id, lookup, put); err != nil {
				return nil, err
			}
			b.Delete(id)
			there[id] = false
			delete(recent, id)
			p.out.Deleted++
		}
	}
	return b, nil
}

// introduce commits b, which makes it searchable (see openConfig). A
// panic in bleve's segment building, which runs here, is an error.
func (c *Committer) introduce(b *bleve.Batch) (err error) {
	defer func() {
		if r := recover(); r != nil {
			slog.Error("index: panic in writing a batch", "index", c.ix.dir, "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("index: write batch to %s: panic: %v", c.ix.dir, r)
		}
	}()
	if err := c.batch(b); err != nil {
		return fmt.Errorf("index: write batch to %s: %w", c.ix.dir, err)
	}
	return nil
}

// lookup returns a function that says whether an id is in the index's
// current snapshot, and one that lets go of the snapshot.
func (ix *Index) lookup() (func(id string) (bool, error), func(), error) {
	adv, err := ix.b.Advanced()
	if err != nil {
		return nil, nil, fmt.Errorf("index: read %s: %w", ix.dir, err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("index: read %s: %w", ix.dir, err)
	}
	return func(id string) (bool, error) {
		iid, err := r.InternalID(id)
		if err != nil {
			return false, fmt.Errorf("index: look up %q in %s: %w", id, ix.dir, err)
		}
		return iid != nil, nil
	}, func() { r.Close() }, nil
}
