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
)

// maxLine bounds one JSON Lines record; the longest government report in the
// shared corpus is about 200 KB.
const maxLine = 16 << 20

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
	raw, err := io.ReadAll(f)
	if err != nil {
		return r.bad(&RecordError{Path: shown, Err: err})
	}
	if !utf8.Valid(raw) {
		return r.bad(&RecordError{Path: shown, Line: firstInvalidLine(raw), Err: errors.New("not UTF-8 text")})
	}
	id := strings.TrimSuffix(base, path.Ext(base))
	d := ParseText(id, string(raw))
	if err := d.Validate(); err != nil {
		return r.bad(&RecordError{Path: shown, Line: 1, Err: err})
	}
	return r.Add(d)
}

func (r *Reader) readLines(f io.Reader, shown string) error {
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
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
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than %d MB", maxLine>>20)
		}
		return r.bad(&RecordError{Path: shown, Line: line + 1, Err: err})
	}
	return nil
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
