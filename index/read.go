package index

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xinwen/xinwen/index/extract"
)

// DefaultMaxRecord is the longest record a Reader reads unless told
// otherwise: one JSON line, or one .txt file, in bytes. The longest article
// of the shared corpora, a government work report, is 169 KB as a JSON
// line; indexing holds a record several times over (see Writer), so a
// record of this size costs some hundreds of MB at most.
const DefaultMaxRecord = 16 << 20

// maxLine bounds the lines the tests read from the corpora.
const maxLine = DefaultMaxRecord

// A TooLongError is a record longer than the Reader's limit. The rest of
// the record is skipped and reading goes on with the next.
type TooLongError struct {
	Limit int // bytes
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("record longer than %s, the limit for one article", sizeText(e.Limit))
}

// sizeText writes n bytes as people read sizes: 16 MB, 512 KB, 1000 bytes.
func sizeText(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// A RecordError is an article that could not be read: the file, the line
// (1 for a whole text file, 0 when the file itself could not be read) and why.
type RecordError struct {
	Path string
	Line int
	Err  error
}

func (e *RecordError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Reader reads articles from files and hands them on one at a time.
type Reader struct {
	// Add receives each document read. An error from Add stops reading and
	// is returned by Read.
	Add func(Document) error
	// Bad receives each record or file that could not be read; reading goes
	// on with the next one. If Bad is nil, the first one stops reading.
	Bad func(*RecordError) error
	// MaxRecord is the longest record, in bytes, read (a JSON line, a .txt
	// file); a longer one is a *TooLongError. 0 is DefaultMaxRecord.
	MaxRecord int
}

func (r *Reader) maxRecord() int {
	if r.MaxRecord > 0 {
		return r.MaxRecord
	}
	return DefaultMaxRecord
}

// Read reads the articles in p: a seed-style text file (.txt), a JSON Lines
// file (.jsonl, .jsonl.gz) or a folder, walked for such files.
func (r *Reader) Read(p string) error {
	info, err := os.Stat(p)
	if err != nil {
		return r.bad(&RecordError{Path: p, Err: unwrapPath(err)})
	}
	if !info.IsDir() {
		if kind(p) == "" {
			return r.bad(&RecordError{Path: p, Err: errors.New("not a .txt, .jsonl or .jsonl.gz file")})
		}
		return r.readFile(os.DirFS(filepath.Dir(p)), filepath.Base(p), p)
	}
	return r.ReadFS(os.DirFS(p), p)
}

// ReadFS reads every .txt, .jsonl and .jsonl.gz file in fsys; display is the
// name used for fsys's root in errors.
func (r *Reader) ReadFS(fsys fs.FS, display string) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		shown := path.Join(filepath.ToSlash(display), name)
		if err != nil {
			return r.bad(&RecordError{Path: shown, Err: unwrapPath(err)})
		}
		if d.IsDir() || kind(name) == "" {
			return nil
		}
		return r.readFile(fsys, name, shown)
	})
}

func (r *Reader) bad(e *RecordError) error {
	if r.Bad == nil {
		return e
	}
	return r.Bad(e)
}

func kind(name string) string {
	switch n := strings.ToLower(name); {
	case strings.HasSuffix(n, ".txt"):
		return "txt"
	case strings.HasSuffix(n, ".jsonl"):
		return "jsonl"
	case strings.HasSuffix(n, ".jsonl.gz"):
		return "jsonl.gz"
	}
	return ""
}

func (r *Reader) readFile(fsys fs.FS, name, shown string) error {
	f, err := fsys.Open(name)
	if err != nil {
		return r.bad(&RecordError{Path: shown, Err: unwrapPath(err)})
	}
	defer f.Close()
	switch kind(name) {
	case "txt":
		return r.readText(f, path.Base(name), shown)
	case "jsonl.gz":
		gz, err := gzip.NewReader(f)
		if err != nil {
			return r.bad(&RecordError{Path: shown, Err: fmt.Errorf("not gzip: %w", err)})
		}
		defer gz.Close()
		return r.readLines(gz, shown)
	default:
		return r.readLines(f, shown)
	}
}

func (r *Reader) readText(f io.Reader, base, shown string) error {
	raw, err := io.ReadAll(io.LimitReader(f, int64(r.maxRecord())+1))
	if err != nil {
		return r.bad(&RecordError{Path: shown, Err: err})
	}
	if len(raw) > r.maxRecord() {
		return r.bad(&RecordError{Path: shown, Line: 1, Err: &TooLongError{Limit: r.maxRecord()}})
	}
	if !utf8.Valid(raw) {
		return r.bad(&RecordError{Path: shown, Line: firstInvalidLine(raw), Err: errors.New("not UTF-8 text")})
	}
	id := strings.TrimSuffix(base, path.Ext(base))
	d := parseText(id, string(raw))
	if err := d.Validate(); err != nil {
		return r.bad(&RecordError{Path: shown, Line: 1, Err: err})
	}
	return r.Add(d)
}

func (r *Reader) readLines(f io.Reader, shown string) error {
	lines := lineReader{r: bufio.NewReaderSize(f, 64<<10), max: r.maxRecord()}
	line := 0
	for {
		raw, err := lines.next()
		if err == io.EOF {
			return nil
		}
		line++
		var tooLong *TooLongError
		if errors.As(err, &tooLong) {
			if err := r.bad(&RecordError{Path: shown, Line: line, Err: err}); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return r.bad(&RecordError{Path: shown, Line: line, Err: err})
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		var rec record
		if err := json.Unmarshal(raw, &rec); err != nil {
			if err := r.bad(&RecordError{Path: shown, Line: line, Err: fmt.Errorf("malformed JSON: %w", err)}); err != nil {
				return err
			}
			continue
		}
		d, err := rec.document()
		if err != nil {
			if err := r.bad(&RecordError{Path: shown, Line: line, Err: err}); err != nil {
				return err
			}
			continue
		}
		Complete(&d)
		if err := d.Validate(); err != nil {
			if err := r.bad(&RecordError{Path: shown, Line: line, Err: err}); err != nil {
				return err
			}
			continue
		}
		if err := r.Add(d); err != nil {
			return err
		}
	}
}

// parseText reads a seed-style text file (see extract.ParseText) and
// completes what it lacks.
func parseText(id, text string) Document {
	m, body := extract.ParseText(text)
	d := Document{ID: id, Title: m.Title, Source: m.Source, Date: m.Date, PartialDate: m.PartialDate, DatePrecision: m.Precision, Body: body}
	Complete(&d)
	return d
}

// lineReader reads lines of at most max bytes. A longer line is a
// *TooLongError, and the rest of it is read past without being kept, so
// that the next line is read as usual.
type lineReader struct {
	r   *bufio.Reader
	max int
	buf []byte
}

// next returns the next line without its newline, valid until the next
// call, or io.EOF after the last.
func (l *lineReader) next() ([]byte, error) {
	l.buf = l.buf[:0]
	tooLong := false
	for {
		chunk, err := l.r.ReadSlice('\n')
		if !tooLong {
			if len(l.buf)+len(bytes.TrimSuffix(chunk, []byte("\n"))) > l.max {
				tooLong = true
				l.buf = l.buf[:0]
			} else {
				l.buf = append(l.buf, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(l.buf) == 0 && !tooLong && len(chunk) == 0:
			return nil, io.EOF
		case err != nil && err != io.EOF:
			return nil, err
		}
		if tooLong {
			return nil, &TooLongError{Limit: l.max}
		}
		return bytes.TrimSuffix(l.buf, []byte("\n")), nil
	}
}

func firstInvalidLine(raw []byte) int {
	line := 1
	for len(raw) > 0 {
		r, n := utf8.DecodeRune(raw)
		if r == utf8.RuneError && n == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		raw = raw[n:]
	}
	return line
}

// unwrapPath drops the *fs.PathError wrapper, whose path the RecordError
// already shows.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
