package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
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
	batch := fs.Int("batch", index.DefaultBatchSize, "documents per `batch` (per request, through a server)")
	maxRecord := byteSize(index.DefaultMaxRecord)
	fs.Var(&maxRecord, "max-record", "skip, and name, an article longer than this `size` (one JSON line or .txt file): 16MB, 512KB, or bytes")
	dictPath := dictFlag(fs)
	glossaryPath := glossaryFlag(fs)
	serverURL := fs.String("server", "", "send the articles to the server at `URL` (http://127.0.0.1:8080) (default: the one serving -index, if any)")
	keyPath := fs.String("admin-key-file", "", "the admin key for the server, in `FILE` (default: env XINWEN_ADMIN_KEY, else DIR.admin-key)")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"index needs at least one file or folder to read"}
	}
	if *batch < 1 {
		return usageError{fmt.Sprintf("-batch must be 1 or more, not %d", *batch)}
	}
	base, err := a.servingAt(ctx, *dir, *serverURL)
	if err != nil {
		return err
	}
	if base != "" && isSet(fs, "dict") {
		return usageError{fmt.Sprintf("the server at %s writes with its index's own dictionary; -dict is for an index written directly (stop the server, or leave -dict out)", base)}
	}
	if base != "" && isSet(fs, "glossary") {
		return usageError{fmt.Sprintf("the server at %s holds the index; give -glossary to its serve command instead (or stop it)", base)}
	}
	glossaryRaw, err := readGlossary(*glossaryPath)
	if err != nil {
		return err
	}

	prog := newProgress(a.Stderr, index.Size(fs.Args()...))
	defer prog.finish()
	reader := index.Reader{MaxRecord: int(maxRecord), Progress: prog.addRead}
	bad := 0
	report := func(e *index.RecordError) {
		bad++
		if bad <= maxShownErrors {
			hint := ""
			if e.Code == index.CodeTooLong {
				hint = " (-max-record)"
			}
			prog.print(a.Stderr, "xinwen: %v%s [%s]\n", e, hint, e.Code)
		}
	}
	var loadErr error
	if base != "" {
		loadErr = a.indexThrough(ctx, base, *dir, *keyPath, reader.Files(fs.Args()...), *batch, prog, report)
	} else {
		loadErr = a.indexDirectly(ctx, *dir, *dictPath, isSet(fs, "dict"), glossaryRaw, *glossaryPath, reader.Files(fs.Args()...), *batch, prog, report)
	}
	prog.finish()
	if bad > maxShownErrors {
		fmt.Fprintf(a.Stderr, "xinwen: … and %d more\n", bad-maxShownErrors)
	}
	if loadErr != nil {
		return loadErr
	}
	if bad > 0 {
		return fmt.Errorf("%d records could not be read and were skipped", bad)
	}
	return nil
}

// servingAt returns the address of the server that serves the index in
// dir: the one given (-server), else the one in the address file beside
// the index when it answers; "" for none.
func (a *App) servingAt(ctx context.Context, dir, given string) (string, error) {
	if given != "" {
		return given, nil
	}
	addr, err := readAddrFile(addrFileOf(dir))
	if err != nil {
		return "", nil
	}
	base := "http://" + addr
	if err := findServer(ctx, base); err != nil {
		return "", nil // the address of a server that is gone: write directly
	}
	return base, nil
}

// indexDirectly writes the articles of src into the index in dir itself.
func (a *App) indexDirectly(ctx context.Context, dir, dictPath string, withDict bool, glossaryRaw []byte, glossaryPath string, src index.Source, batch int, prog *progress, report func(*index.RecordError)) error {
	dict, err := readDict(dictPath)
	if err != nil {
		return err
	}
	ix, err := openForWrite(dir, a, dict, withDict)
	if err != nil {
		return err
	}
	if err := keepGlossary(ix, glossaryRaw, glossaryPath); err != nil {
		ix.Close()
		return err
	}
	w := ix.NewWriter(batch)
	p := index.Pipeline{
		Sink: index.SinkFunc(func(e index.Entry) error {
			prog.addIndexed(1)
			return w.Write(e)
		}),
		Bad: func(e *index.RecordError) error {
			prog.addRefused()
			report(e)
			return nil
		},
	}
	st, loadErr := p.Run(ctx, src)
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
	prog.finish()
	if loadErr != nil {
		// Say what is on disk, as the next process will find it, not what
		// was handed to bleve.
		n, err := index.CountOnDisk(dir)
		if err != nil {
			fmt.Fprintf(a.Stdout, "stopped after reading %d articles; the index in %s could not be read back: %v\n", read, dir, err)
		} else {
			fmt.Fprintf(a.Stdout, "stopped after reading %d articles; the index in %s holds %d articles on disk\n", read, dir, n)
		}
		return loadErr
	}
	fmt.Fprintf(a.Stdout, "indexed %d articles into %s in %s (%s)\n", w.Added(), dir, time.Since(prog.start).Round(time.Millisecond), prog.summary())
	return nil
}

// indexThrough sends the articles of src to the server at base, which
// serves the index in dir, with the admin key.
func (a *App) indexThrough(ctx context.Context, base, dir, keyPath string, src index.Source, batch int, prog *progress, report func(*index.RecordError)) error {
	key, err := a.clientAdminKey(dir, keyPath)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	rm := &remote{base: base, key: key, client: &http.Client{Timeout: remoteTimeout}, prog: prog, refuse: report}
	err = rm.load(ctx, src, batch)
	prog.finish()
	if err != nil {
		fmt.Fprintf(a.Stdout, "stopped after %d articles written by the server at %s (on disk)", rm.acked, base)
		if rm.unsent != nil {
			fmt.Fprintf(a.Stdout, "; those from %s:%d on may not be: index them again (an article indexed again is replaced)", rm.unsent.path, rm.unsent.line)
		}
		fmt.Fprintln(a.Stdout)
		return err
	}
	fmt.Fprintf(a.Stdout, "indexed %d articles into %s through the server at %s in %s (%s)\n", rm.acked, dir, base, time.Since(prog.start).Round(time.Millisecond), prog.summary())
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
