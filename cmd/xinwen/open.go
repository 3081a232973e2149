package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/seeds"
)

// openOrSeed opens the index in dir. When there is none, or there is one
// built from the seeds by another version of xinwen, it builds one from the
// embedded seed articles first. An index of the user's own articles is never
// replaced.
func openOrSeed(dir string, log io.Writer) (*index.Index, error) {
	ix, err := index.Open(dir)
	switch {
	case err == nil:
		return ix, nil
	case errors.Is(err, index.ErrSchema) && ix.Meta().Origin == "seeds":
		ix.Close()
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
// then moves it into place, so that an interrupted build leaves no half
// index behind.
func buildSeeds(dir string) error {
	tmp := dir + ".building"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("build sample index: %w", err)
	}
	ix, err := index.Create(tmp, "seeds")
	if err != nil {
		return err
	}
	w := ix.NewWriter(100)
	r := index.Reader{Add: w.Add}
	if err := r.ReadFS(seeds.FS, "seeds"); err != nil {
		ix.Close()
		return fmt.Errorf("build sample index: %w", err)
	}
	if err := w.Flush(); err != nil {
		ix.Close()
		return err
	}
	if err := ix.Close(); err != nil {
		return fmt.Errorf("build sample index: %w", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("build sample index: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("build sample index: %w", err)
	}
	return nil
}
