package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index"
)

// maxShownErrors is how many bad records index prints before it only counts.
const maxShownErrors = 20

func (a *App) index(ctx context.Context, args []string) error {
	fs, dir := a.flags("index")
	batch := fs.Int("batch", index.DefaultBatchSize, "documents per `batch`")
	maxRecord := byteSize(index.DefaultMaxRecord)
	fs.Var(&maxRecord, "max-record", "skip, and name, an article longer than this `size` (one JSON line or .txt file): 16MB, 512KB, or bytes")
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
	p := index.Pipeline{
		Sink: w,
		Bad: func(e *index.RecordError) error {
			bad++
			if bad <= maxShownErrors {
				hint := ""
				if e.Code == index.CodeTooLong {
					hint = " (-max-record)"
				}
				fmt.Fprintf(a.Stderr, "xinwen: %v%s [%s]\n", e, hint, e.Code)
			}
			return nil
		},
	}
	st, loadErr := p.Run(ctx, index.Reader{MaxRecord: int(maxRecord)}.Files(fs.Args()...))
	read := st.Written
	// Whatever was read before an interruption is kept: flush it. After a
	// clean load, Finish also compacts the index if the load was most of
	// it. A write error ends the load at once (the Writer returns it).
	if loadErr != nil {
		if err := w.Flush(); err != nil && !errors.Is(err, loadErr) {
			fmt.Fprintln(a.Stderr, "xinwen:", err)
		}
	} else if _, err := w.Finish(ctx); err != nil {
		loadErr = err
	}
	if err := ix.Close(); err != nil && loadErr == nil {
		loadErr = err
	}
	if loadErr != nil {
		// Say what is on disk, as the next process will find it, not what
		// was handed to bleve.
		n, err := index.CountOnDisk(*dir)
		if err != nil {
			fmt.Fprintf(a.Stdout, "stopped after reading %d articles; the index in %s could not be read back: %v\n", read, *dir, err)
		} else {
			fmt.Fprintf(a.Stdout, "stopped after reading %d articles; the index in %s holds %d articles on disk\n", read, *dir, n)
		}
		return loadErr
	}
	fmt.Fprintf(a.Stdout, "indexed %d articles into %s in %s\n", w.Added(), *dir, time.Since(start).Round(time.Millisecond))
	if bad > 0 {
		if bad > maxShownErrors {
			fmt.Fprintf(a.Stderr, "xinwen: … and %d more\n", bad-maxShownErrors)
		}
		return fmt.Errorf("%d records could not be read and were skipped", bad)
	}
	return nil
}

// byteSize is a flag of a size in bytes, written 16MB, 16M, 512KB or 1000.
type byteSize int

func (b *byteSize) String() string {
	switch n := int(*b); {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKB", n>>10)
	default:
		return strconv.Itoa(n)
	}
}

func (b *byteSize) Set(s string) error {
	num, mul := strings.ToUpper(strings.TrimSpace(s)), 1
	num = strings.TrimSuffix(num, "B")
	for _, u := range []struct {
		suffix string
		mul    int
	}{{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}} {
		if strings.HasSuffix(num, u.suffix) {
			num, mul = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.mul
			break
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || n > math.MaxInt32/mul {
		return fmt.Errorf("%q is not a size: write 16MB, 512KB or a number of bytes, under 2GB", s)
	}
	*b = byteSize(n * mul)
	return nil
}

// openForWrite opens the index in dir for adding the user's articles,
// creating it if needed, with the user dictionary dict. The sample index
// that serve builds is replaced rather than mixed with the user's news,
// when it is alone in its directory (index.Alone); anything else that is
// not an index is refused, as index.Open and index.Create do. An
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
		// The sample index goes only if nothing else is beside it.
		if err := index.Discard(dir); err != nil {
			return nil, fmt.Errorf("the sample index in %s is not replaced with your articles: %w; or give another directory", dir, err)
		}
		fmt.Fprintf(a.Stderr, "xinwen: replaced the sample index in %s with your articles\n", dir)
	case errors.Is(err, index.ErrSchema):
		ix.Close()
		return nil, fmt.Errorf("%w; rebuild it first: xinwen reindex -index %s", err, dir)
	case !errors.Is(err, index.ErrNotExist):
		return nil, err
	}
	return index.Create(dir, "", index.WithDict(dict))
}
