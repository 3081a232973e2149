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
	"iter"
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

// A Record is one article as a Source read it: the document its record
// gives, before its metadata is completed, and where it was read.
type Record struct {
	Doc  Document
	Path string // the file, or the name given to a body
	Line int    // the line the record starts on; 1 for a whole text file
}

// A Source yields the records of some input, in order: files (Reader.Files,
// Reader.FS), a request body (Reader.Body), or the documents of an index
// (Rebuild). A record that cannot be read comes as a *RecordError, and the
// source goes on with the next; any other error ends it. A Pipeline
// completes, validates and writes what a source yields.
type Source = iter.Seq2[Record, error]

// Reader reads articles as a Source. Its zero value reads records of up to
// DefaultMaxRecord bytes.
type Reader struct {
	// MaxRecord is the longest record, in bytes, read (a JSON line, a .txt
	// file, an article of a body); a longer one is a *TooLongError. 0 is
	// DefaultMaxRecord.
	MaxRecord int
	// Progress, if set, is told of the bytes read from files (Files, FS)
	// as they are read, compressed as they are on disk: a progress bar's
	// measure, against Size.
	Progress func(n int)
}

func (r Reader) maxRecord() int {
	if r.MaxRecord > 0 {
		return r.MaxRecord
	}
	return DefaultMaxRecord
}

// yielder is the yield function of a Source.
type yielder = func(Record, error) bool

// Files returns the articles in paths, each a seed-style text file (.txt),
// a JSON Lines file (.jsonl, .jsonl.gz) or a folder, walked for such files.
func (r Reader) Files(paths ...string) Source {
	return func(yield yielder) {
		for _, p := range paths {
			if !r.readPath(p, yield) {
				return
			}
		}
	}
}

// FS returns the articles of every .txt, .jsonl and .jsonl.gz file in
// fsys; display is the name used for fsys's root in errors.
func (r Reader) FS(fsys fs.FS, display string) Source {
	return func(yield yielder) { r.readFS(fsys, display, yield) }
}

// The read functions below return false when yield did: the consumer wants
// no more.

func (r Reader) readPath(p string, yield yielder) bool {
	info, err := os.Stat(p)
	if err != nil {
		return yield(Record{}, &RecordError{Path: p, Code: CodeUnreadable, Err: unwrapPath(err)})
	}
	if !info.IsDir() {
		if kind(p) == "" {
			return yield(Record{}, &RecordError{Path: p, Code: CodeBadFile, Err: errors.New("not a .txt, .jsonl or .jsonl.gz file")})
		}
		return r.readFile(os.DirFS(filepath.Dir(p)), filepath.Base(p), p, yield)
	}
	return r.readFS(os.DirFS(p), p, yield)
}

func (r Reader) readFS(fsys fs.FS, display string, yield yielder) bool {
	more := true
	fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		shown := path.Join(filepath.ToSlash(display), name)
		switch {
		case err != nil:
			more = yield(Record{}, &RecordError{Path: shown, Code: CodeUnreadable, Err: unwrapPath(err)})
		case !d.IsDir() && kind(name) != "":
			more = r.readFile(fsys, name, shown, yield)
		}
		if !more {
			return fs.SkipAll
		}
		return nil
	})
	return more
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

func (r Reader) readFile(fsys fs.FS, name, shown string, yield yielder) bool {
	file, err := fsys.Open(name)
	if err != nil {
		return yield(Record{}, &RecordError{Path: shown, Code: CodeUnreadable, Err: unwrapPath(err)})
	}
	defer file.Close()
	var f io.Reader = file
	if r.Progress != nil {
		f = progressReader{file, r.Progress}
	}
	switch kind(name) {
	case "txt":
		return r.readText(f, path.Base(name), shown, yield)
	case "jsonl.gz":
		gz, err := gzip.NewReader(f)
		if err != nil {
			return yield(Record{}, &RecordError{Path: shown, Code: CodeBadFile, Err: fmt.Errorf("not gzip: %w", err)})
		}
		defer gz.Close()
		return r.readLines(gz, shown, 0, false, yield)
	default:
		return r.readLines(f, shown, 0, false, yield)
	}
}

// progressReader tells progress of the bytes read through it.
type progressReader struct {
	r        io.Reader
	progress func(int)
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.progress(n)
	return n, err
}

// Size returns how many bytes Files would read from paths: the sizes of
// the files it reads, as they are on disk. What cannot be read counts 0.
func Size(paths ...string) int64 {
	var n int64
	for _, p := range paths {
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && kind(path) != "" {
				if info, err := d.Info(); err == nil {
					n += info.Size()
				}
			}
			return nil
		})
	}
	return n
}

// readText reads a seed-style text file: its head lines give the title,
// the source and the date (extract.ParseText); the file's name, without
// its extension, is the id.
func (r Reader) readText(f io.Reader, base, shown string, yield yielder) bool {
	raw, err := io.ReadAll(io.LimitReader(f, int64(r.maxRecord())+1))
	if err != nil {
		return yield(Record{}, &RecordError{Path: shown, Code: CodeUnreadable, Err: err})
	}
	if len(raw) > r.maxRecord() {
		return yield(Record{}, &RecordError{Path: shown, Line: 1, Code: CodeTooLong, Err: &TooLongError{Limit: r.maxRecord()}})
	}
	if !utf8.Valid(raw) {
		return yield(Record{}, &RecordError{Path: shown, Line: firstInvalidLine(raw), Code: CodeNotUTF8, Err: errors.New("not UTF-8 text")})
	}
	m, body := extract.ParseText(string(raw))
	d := Document{
		ID: strings.TrimSuffix(base, path.Ext(base)), Title: m.Title, Body: body, Source: m.Source,
		Date: m.Date, PartialDate: m.PartialDate, DatePrecision: m.Precision,
	}
	return yield(Record{Doc: d, Path: shown, Line: 1}, nil)
}

// readLines reads JSON Lines, one article a line; the first line is line
// first+1. With strict, a line that is not UTF-8 is refused, as a body's
// is; a file's is read with U+FFFD for its bad bytes, as it always was.
func (r Reader) readLines(f io.Reader, shown string, first int, strict bool, yield yielder) bool {
	lines := lineReader{r: bufio.NewReaderSize(f, 64<<10), max: r.maxRecord()}
	line := first
	for {
		raw, err := lines.next()
		if err == io.EOF {
			return true
		}
		line++
		var tooLong *TooLongError
		switch {
		case errors.As(err, &tooLong):
			if !yield(Record{}, &RecordError{Path: shown, Line: line, Code: CodeTooLong, Err: err}) {
				return false
			}
			continue
		case err != nil:
			return yield(Record{}, &RecordError{Path: shown, Line: line, Code: CodeUnreadable, Err: err})
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		if !r.yieldJSON(raw, shown, line, strict, yield) {
			return false
		}
	}
}

// yieldJSON yields the article of one JSON object, or why it is none.
func (r Reader) yieldJSON(raw []byte, shown string, line int, strict bool, yield yielder) bool {
	if strict && !utf8.Valid(raw) {
		return yield(Record{}, &RecordError{Path: shown, Line: line, Code: CodeNotUTF8, Err: errors.New("not UTF-8 text")})
	}
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return yield(Record{}, &RecordError{Path: shown, Line: line, Code: CodeBadJSON, Err: fmt.Errorf("malformed JSON: %w", err)})
	}
	d, err := rec.document()
	if err != nil {
		return yield(Record{}, &RecordError{Path: shown, Line: line, Code: CodeBadDate, Err: err})
	}
	return yield(Record{Doc: d, Path: shown, Line: line}, nil)
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
