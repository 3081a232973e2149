package index

import "time"

// Observer is told what the write path does, so that an operator can see
// it (search/server's Metrics is one, for Prometheus). The write path
// calls it; it must be cheap and safe for concurrent use, since it is
// called under the writers' feet.
type Observer interface {
	// Queued is told that n articles joined (n > 0) or left (n < 0) the
	// writes waiting for a commit.
	Queued(n int)
	// Committed is told that a commit of docs articles ended, with err
	// when it failed, after fsync spent writing it to disk: a commit that
	// returned without error is on disk and searchable.
	Committed(docs int, fsync time.Duration, err error)
}

// NopObserver is an Observer that is told nothing, for a write path that
// nobody watches.
type NopObserver struct{}

// Queued does nothing.
func (NopObserver) Queued(int) {}

// Committed does nothing.
func (NopObserver) Committed(int, time.Duration, error) {}
