package main

import (
	"context"
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

// buildSeeds builds the sample index in dir from the embedded seeds, beside
// it, and then puts it in place (index.Build).
func buildSeeds(dir string) error {
	if _, err := index.Build(context.Background(), dir, "seeds", index.Reader{}.FS(seeds.FS, "seeds")); err != nil {
		return fmt.Errorf("build sample index: %w", err)
	}
	return nil
}
