package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/analyzer"
)

// Documents calls fn with every document stored in the index, in no
// particular order, from a snapshot taken when it is called. It stops at the
// first error fn returns, or when ctx is done.
func (ix *Index) Documents(ctx context.Context, fn func(Document) error) error {
	return ix.eachStored(ctx, func(id string, fields map[string]interface{}) error {
		if err := Inflate(fields); err != nil {
			return fmt.Errorf("index: %s: read document %q: %w", ix.dir, id, err)
		}
		return fn(FromFields(id, fields))
	})
}

// eachStored calls fn with the id and the stored fields of every document of
// the index, as a search hit has them, from a snapshot taken when it is
// called. fields is reused from one call to the next.
func (ix *Index) eachStored(ctx context.Context, fn func(id string, fields map[string]interface{}) error) error {
	adv, err := ix.b.Advanced()
	if err != nil {
		return fmt.Errorf("index: %s: %w", ix.dir, err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("index: %s: read: %w", ix.dir, err)
	}
	defer r.Close()
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return fmt.Errorf("index: %s: read: %w", ix.dir, err)
	}
	defer ids.Close()
	fields := map[string]interface{}{}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		iid, err := ids.Next()
		if err != nil {
			return fmt.Errorf("index: %s: read: %w", ix.dir, err)
		}
		if iid == nil {
			return nil
		}
		id, err := r.ExternalID(iid)
		if err != nil {
			return fmt.Errorf("index: %s: read: %w", ix.dir, err)
		}
		doc, err := r.Document(id)
		if err != nil {
			return fmt.Errorf("index: %s: read document %q: %w", ix.dir, id, err)
		}
		clear(fields)
		doc.VisitFields(func(f bindex.Field) {
			t, ok := f.(bindex.TextField)
			if !ok {
				return
			}
			// Several values of one field come as a slice, as in a
			// search hit, which is what FromFields reads.
			switch v := fields[f.Name()].(type) {
			case nil:
				fields[f.Name()] = t.Text()
			case string:
				fields[f.Name()] = []interface{}{v, t.Text()}
			case []interface{}:
				fields[f.Name()] = append(v, t.Text())
			}
		})
		if err := fn(id, fields); err != nil {
			return err
		}
	}
}

// oldSuffix names the old index while two are swapped by renames (see
// swapByRenames).
const oldSuffix = ".old"

// stored returns the documents of the index as a Source, from a snapshot
// taken when it is ranged over (see Documents).
func (ix *Index) stored(ctx context.Context) Source {
	return func(yield yielder) {
		stop := errors.New("stop")
		err := ix.Documents(ctx, func(d Document) error {
			if !yield(Record{Doc: d, Path: fmt.Sprintf("document %q", d.ID)}, nil) {
				return stop
			}
			return nil
		})
		if err != nil && err != stop {
			yield(Record{}, err)
		}
	}
}

// Rebuild rebuilds the index in dir from its stored documents, with dict as
// its user dictionary (nil for none), and returns how many documents it has.
// This is how an index follows a change of dictionary or of xinwen's
// analysis (ErrSchema): the documents are read from the old index (any
// version with the same stored fields) and indexed into a new one beside it
// (see Build), which then takes the old one's place in one rename. If
// anything fails, or ctx is done, before that, the new index is removed and
// the old one is left as it was. The index must not be open anywhere else
// (a running xinwen serve holds it open), and its directory must hold
// nothing but the index (see Alone), since the old index is removed at the
// end. It needs disk space for a second copy of the index while it runs.
//
// Documents are carried over as they are, through a Pipeline that neither
// completes them (their metadata is the index's, whether it was given or
// extracted) nor refuses an id that today's rules refuse (ValidateID) but
// that was accepted when it was indexed.
func Rebuild(ctx context.Context, dir string, dict *analyzer.UserDict, batchSize int) (int, error) {
	if err := Alone(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("index: rebuild: %w; a rebuild removes the old index, so move them out of %s first", err, dir)
	}
	old, err := Open(dir)
	if err != nil && !errors.Is(err, ErrSchema) {
		return 0, err
	}
	defer func() {
		if old != nil {
			old.Close()
		}
	}()
	want, err := old.Count()
	if err != nil {
		return 0, fmt.Errorf("index: rebuild %s: %w", dir, err)
	}
	var got uint64
	err = build(ctx, dir, old.Meta().Origin, []Option{WithDict(dict)}, func(nw *Index) error {
		w := nw.NewWriter(batchSize)
		p := Pipeline{Sink: w, stored: true}
		if _, err := p.Run(ctx, old.stored(ctx)); err != nil {
			return fmt.Errorf("index: rebuild %s: %w", dir, err)
		}
		if _, err := w.Finish(ctx); err != nil { // a rebuild is a bulk load: compact it
			return err
		}
		if got, err = nw.Count(); err != nil {
			return fmt.Errorf("index: rebuild %s: %w", dir, err)
		}
		if got != want {
			return fmt.Errorf("index: rebuild %s: the new index has %d documents, the old one %d", dir, got, want)
		}
		// The old index is closed before the new one takes its place.
		err := old.Close()
		old = nil
		if err != nil {
			return fmt.Errorf("index: rebuild %s: %w", dir, err)
		}
		return nil
	})
	return int(got), err
}

// swap puts the directory next in the place of dir, and dir's contents in
// next: atomically where the system can exchange two paths in one rename
// (Linux), else with two renames that Open undoes if the process dies
// between them (see recoverSwap).
func swap(next, dir string) error {
	if err := exchange(next, dir); !errors.Is(err, errNoExchange) {
		return err
	}
	return swapByRenames(next, dir)
}

// swapByRenames is swap without an atomic exchange.
func swapByRenames(next, dir string) error {
	old := dir + oldSuffix
	if err := Discard(old); err != nil {
		return err
	}
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(next, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("%w; and moving the old index back from %s failed: %v", err, old, rerr)
		}
		return err
	}
	return os.Rename(old, next)
}

// recoverSwap moves an index back into dir when a swap died after moving it
// out: dir is missing and dir + ".old" is an index.
func recoverSwap(dir string) error {
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	old := dir + oldSuffix
	if _, err := os.Stat(filepath.Join(old, metaFile)); err != nil {
		return nil
	}
	if err := os.Rename(old, dir); err != nil {
		return fmt.Errorf("an interrupted rebuild left the index in %s, and moving it back failed: %w", old, err)
	}
	return nil
}

// errNoExchange is returned by exchange where the system cannot exchange
// two paths.
var errNoExchange = errors.New("cannot exchange paths atomically")
