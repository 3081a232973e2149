package index

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// What an operator asks of an index that is being served: is it still
// writable (Check), and how large is it (Stats). Both only read.

// Err returns the error that made writing the index to disk fail (a full
// disk, say), or nil while bleve's background persister and merger have
// reported none since they last succeeded (background.go). While the
// persister fails, the index takes no more writes through a Committer; it
// takes them again once bleve has written what it holds.
func (ix *Index) Err() error { return ix.writeError() }

// Check returns nil when the index is open and can be written: bleve has
// reported no background write error, the index answers, and its
// directory and store are writable by this process. It writes nothing:
// a probe file inside the index would be something else than bleve's
// files there (see Alone) if the process died before removing it.
func (ix *Index) Check() error {
	if err := ix.Err(); err != nil {
		return err
	}
	if _, err := ix.b.DocCount(); err != nil {
		return fmt.Errorf("index: %s does not answer: %w", ix.dir, err)
	}
	for _, d := range []string{ix.dir, storePath(ix.dir)} {
		if err := writable(d); err != nil {
			return fmt.Errorf("index: %s cannot be written: %w", d, err)
		}
	}
	return nil
}

// Stats are an index's figures for an operator.
type Stats struct {
	// Documents is how many articles the index holds.
	Documents uint64
	// Bytes is the size of the index's files on disk (those of older
	// snapshots that searches still read included).
	Bytes int64
	// Segments is how many segments the index's current snapshot has:
	// each search reads every one, so fewer is faster.
	Segments int
	// FreeBytes is the space left on the index's file system for this
	// process, or -1 where it cannot be told.
	FreeBytes int64
}

// Stats returns the index's figures. They are read afresh at each call:
// a walk of the index directory (a handful of files) and a look at the
// current snapshot.
func (ix *Index) Stats() (Stats, error) {
	var st Stats
	var err error
	if st.Documents, err = ix.b.DocCount(); err != nil {
		return st, fmt.Errorf("index: %s: %w", ix.dir, err)
	}
	err = filepath.WalkDir(ix.dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // a segment file bleve has just removed
		}
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				st.Bytes += info.Size()
			}
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("index: %s: %w", ix.dir, err)
	}
	if adv, err := ix.b.Advanced(); err == nil {
		if s, ok := adv.(*scorch.Scorch); ok {
			st.Segments, _ = liveSegments(s)
		}
	}
	st.FreeBytes = freeBytes(ix.dir)
	return st, nil
}
