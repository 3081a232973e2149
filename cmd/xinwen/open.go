package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/seeds"
)

// openOrSeed opens the index in dir. When there is nothing at dir (no such
// path, or an empty directory), or there is the sample index built from
// the seeds by another version of xinwen and nothing else (index.Alone), it builds one
// from the embedded seed articles first. Anything else at dir is refused,
// and an index of the user's own articles is never replaced: nothing of
// the user's is removed.
func openOrSeed(dir string, log io.Writer) (*index.Index, error) {
	ix, err := index.Open(dir)
	switch {
	case err == nil:
		return ix, nil
	case errors.Is(err, index.ErrSchema) && ix.Meta().Origin == "seeds":
		ix.Close()
		if err := index.Alone(dir); err != nil {
			return nil, fmt.Errorf("the sample index in %s is of an older xinwen, and it is not replaced: %w; move them out of %s, or give another directory", dir, err, dir)
		}
		fmt.Fprintf(log, "xinwen: rebuilding the sample index in %s for this version\n", dir)
	case errors.Is(err, index.ErrSchema):
		ix.Close()
		return nil, fmt.Errorf("%w; rebuild it (it takes a while; stop xinwen serve first): xinwen reindex -index %s", err, dir)
	case errors.Is(err, index.ErrNotExist):
		fmt.Fprintf(log, "xinwen: no index in %s; building one from the sample articles\n", dir)
	default:
		return nil, err
	}
	if err := buildSeeds(dir); err != nil {
		return nil, err
	}
	return index.Open(dir)
}

// buildSeeds indexes the embedded seeds into a new directory beside dir and
// then puts it in place (index.Install), so that an interrupted build
// leaves no half index behind. What an interrupted build left beside dir
// is removed first, only if it is all bleve's (index.Discard).
func buildSeeds(dir string) error {
	tmp := dir + ".building"
	if err := index.Discard(tmp); err != nil {
		return fmt.Errorf("build sample index: %w", err)
	}
	ix, err := index.Create(tmp, "seeds")
	if err != nil {
		return err
	}
	w := ix.NewWriter(100)
	r := index.Reader{Add: w.Add}
	err = r.ReadFS(seeds.FS, "seeds")
	if err == nil {
		err = w.Flush()
	}
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = index.Install(tmp, dir)
	}
	if err != nil {
		index.Discard(tmp)
		return fmt.Errorf("build sample index: %w", err)
	}
	return nil
}
