package server

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
)

// Overload.
//
// A search holds a slot while it runs. When all are taken, a new search
// waits for one in a short queue, at most queueWait, and is then answered
// 503 overloaded with Retry-After: a client learns at once that the
// server is busy instead of waiting for a slot until its deadline, and the
// server holds at most as many waiting searches as it runs (the queue's
// length), however many clients come: their connections are bounded by
// serve's -max-conns, and each costs a goroutine and no search.

// queueWait is how long a search waits for a free slot.
const queueWait = 20 * time.Millisecond

// DefaultMaxSearches is how many searches a server runs at once unless
// told otherwise: four per CPU, as the searcher's own limit
// (search.WithConcurrency).
func DefaultMaxSearches() int { return 4 * runtime.GOMAXPROCS(0) }

// MaxSearches sets how many searches (of /api/search, its exports and
// feeds, and /api/attention) may run at once; as many more may wait
// queueWait for a slot, and the rest are answered 503 overloaded.
func MaxSearches(n int) Option {
	return func(s *Server) { s.maxQueries = max(n, 1) }
}

// errOverloaded is the answer to a search that got no slot.
var errOverloaded = &statusError{status: 503, code: "overloaded", retryAfter: "1",
	message: "the server is busy with other searches; try again in a second"}

// errWritesOverloaded is the answer to a write that got no slot.
var errWritesOverloaded = &statusError{status: 503, code: "overloaded", retryAfter: "1",
	message: "the server is busy with other writes; try again in a second"}

// Writes hold a slot of their own while they read their body and wait for
// its commit: at most maxWrites at once, of which maxBigWrites with a body
// over bigBodyBytes (or of unknown size), and as many waiting at most
// writeWait (a commit takes longer than a search). What the writes hold
// in memory is bounded so: maxWrites small bodies and maxBigWrites bodies
// of -max-body, each several times over once read.
const (
	maxWrites    = 16
	maxBigWrites = 2
	writeWait    = 5 * time.Second
)

// gate bounds the searches, or the writes, at once, with a bounded queue.
type gate struct {
	slots, queue chan struct{}
	wait         time.Duration
	running      atomic.Int64
	rejected     atomic.Uint64
	// full is the answer when no slot comes free.
	full error
}

func newGate(n int) *gate {
	return &gate{slots: make(chan struct{}, n), queue: make(chan struct{}, n), wait: queueWait, full: errOverloaded}
}

// newWriteGate is the gate of n writes.
func newWriteGate(n int) *gate {
	return &gate{slots: make(chan struct{}, n), queue: make(chan struct{}, n), wait: writeWait, full: errWritesOverloaded}
}

// enter takes a slot, waiting at most g.wait in the queue; it returns
// errOverloaded when none comes free in time or the queue is full, and
// ctx's error when the client goes away first.
func (g *gate) enter(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		g.running.Add(1)
		return nil
	default:
	}
	select {
	case g.queue <- struct{}{}:
		defer func() { <-g.queue }()
	default:
		g.rejected.Add(1)
		return g.full
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		g.running.Add(1)
		return nil
	case <-t.C:
		g.rejected.Add(1)
		return g.full
	case <-ctx.Done():
		return ctx.Err()
	}
}

// leave frees the slot enter took.
func (g *gate) leave() {
	g.running.Add(-1)
	<-g.slots
}
