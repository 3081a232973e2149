package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index"
)

// maxShownErrors is how many bad records index prints before it only counts.
const maxShownErrors = 20

func (a *App) index(ctx context.Context, args []string) error {
	fs, dir := a.flags("index")
	batch := fs.Int("batch", 1000, "documents per `batch`")
	dictPath := dictFlag(fs)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"index needs at least one file or folder to read"}
	}
	dict, err := readDict(*dictPath)
	if err != nil {
		return err
	}

	ix, err := openForWrite(*dir, a, dict, isSet(fs, "dict"))
	if err != nil {
		return err
	}
	start := time.Now()
	w := ix.NewWriter(*batch)
	bad := 0
	r := index.Reader{
		Add: func(d index.Document) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return w.Add(d)
		},
		Bad: func(e *index.RecordError) error {
			bad++
			if bad <= maxShownErrors {
				fmt.Fprintln(a.Stderr, "xinwen:", e)
			}
			return nil
		},
	}
	var readErr error
	for _, p := range fs.Args() {
		if readErr = r.Read(p); readErr != nil {
			break
		}
	}
	// Whatever was read before a failure is kept: flush it. After a clean
	// load, Finish also compacts the index if the load was most of it.
	if readErr != nil {
		if err := w.Flush(); err != nil {
			fmt.Fprintln(a.Stderr, "xinwen:", err)
		}
	} else if _, err := w.Finish(ctx); err != nil {
		readErr = err
	}
	if err := ix.Close(); err != nil && readErr == nil {
		readErr = err
	}
	fmt.Fprintf(a.Stdout, "indexed %d articles into %s in %s\n", w.Added(), *dir, time.Since(start).Round(time.Millisecond))
	if readErr != nil {
		return readErr
	}
	if bad > 0 {
		if bad > maxShownErrors {
			fmt.Fprintf(a.Stderr, "xinwen: … and %d more\n", bad-maxShownErrors)
		}
		return fmt.Errorf("%d records could not be read and were skipped", bad)
	}
	return nil
}

// openForWrite opens the index in dir for adding the user's articles,
// creating it if needed, with the user dictionary dict. The sample index
// that serve builds is replaced rather than mixed with the user's news. An
// existing index keeps its dictionary: asking for another one (withDict) is
// an error, since its articles were cut with its own.
func openForWrite(dir string, a *App, dict *analyzer.UserDict, withDict bool) (*index.Index, error) {
	ix, err := index.Open(dir)
	switch {
	case err == nil && ix.Meta().Origin != "seeds":
		if withDict && ix.Meta().Dict != dict.ID() {
			ix.Close()
			return nil, fmt.Errorf("index %s was built with another user dictionary; rebuild it with this one first: xinwen reindex -index %s -dict FILE", dir, dir)
		}
		return ix, nil
	case err == nil, errors.Is(err, index.ErrSchema) && ix.Meta().Origin == "seeds":
		ix.Close()
		fmt.Fprintf(a.Stderr, "xinwen: replacing the sample index in %s with your articles\n", dir)
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
	case errors.Is(err, index.ErrSchema):
		ix.Close()
		return nil, fmt.Errorf("%w; rebuild it first: xinwen reindex -index %s", err, dir)
	case !errors.Is(err, index.ErrNotExist):
		return nil, err
	}
	return index.Create(dir, "", index.WithDict(dict))
}
