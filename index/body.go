package index

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// Body returns the articles of a request body, in the fields of the JSON
// Lines format: one JSON article, a JSON array of articles, or JSON Lines
// (one article a line). name stands for the body in errors (a RecordError's
// Path); their lines are the body's, from 1, where each article starts.
//
// A body whose first line is a whole JSON value is read as JSON Lines: each
// line is an article, and a line that cannot be read is refused alone. Any
// other body is read as JSON: one article (over as many lines as it likes),
// several one after another, or an array of them; an article that is not
// one of the format is refused alone, but a body that is not JSON at all
// is refused at the line where it stops being JSON, and the rest of it is
// not read. An article of a body must be UTF-8 (CodeNotUTF8).
//
// JSON Lines are read a line at a time. An article of a JSON body is held
// whole before it is measured against MaxRecord, so the caller bounds the
// body's size (as the HTTP server does).
func (r Reader) Body(body io.Reader, name string) Source {
	return func(yield yielder) {
		br := bufio.NewReaderSize(body, 64<<10)
		line := 1
		for { // white space before the first value, counting lines
			b, err := br.ReadByte()
			switch {
			case err == io.EOF:
				return // an empty body has no articles
			case err != nil:
				yield(Record{}, &RecordError{Path: name, Line: line, Code: CodeUnreadable, Err: err})
				return
			case b == '\n':
				line++
				continue
			case b == ' ' || b == '\t' || b == '\r':
				continue
			}
			br.UnreadByte()
			if b == '[' {
				r.readJSON(br, name, line, true, yield)
				return
			}
			break
		}
		lines := lineReader{r: br, max: r.maxRecord()}
		first, err := lines.next()
		newline := len(lines.buf) > len(first) // the line ended with one
		var tooLong *TooLongError
		switch {
		case errors.As(err, &tooLong):
			// A line too long for a record is no JSON value that fits
			// one either: read the body as lines.
			if yield(Record{}, &RecordError{Path: name, Line: line, Code: CodeTooLong, Err: err}) {
				r.readLines(br, name, line, true, yield)
			}
			return
		case err != nil:
			yield(Record{}, &RecordError{Path: name, Line: line, Code: CodeUnreadable, Err: err})
			return
		}
		first = bytes.TrimSpace(first)
		if json.Valid(first) {
			if r.yieldJSON(first, name, line, true, yield) {
				r.readLines(br, name, line, true, yield)
			}
			return
		}
		// The first line is only the start of a value: read JSON, from
		// that line on.
		first = bytes.Clone(first)
		if newline {
			first = append(first, '\n')
		}
		rest := io.MultiReader(bytes.NewReader(first), br)
		r.readJSON(rest, name, line, false, yield)
	}
}

// Lines returns the articles of a request body of JSON Lines: one JSON
// article a line, each read and refused alone, as Body reads a body whose
// first line is a whole article. name stands for the body in errors; their
// lines are the body's, from 1. A line must be UTF-8 (CodeNotUTF8).
func (r Reader) Lines(body io.Reader, name string) Source {
	return func(yield yielder) { r.readLines(body, name, 0, true, yield) }
}

// readJSON reads JSON values from in, whose first byte is on line first:
// an array of articles, or articles one after another.
func (r Reader) readJSON(in io.Reader, name string, first int, array bool, yield yielder) {
	lines := &lineCounter{r: in, line: first}
	dec := json.NewDecoder(lines)
	bad := func(err error) {
		var syntax *json.SyntaxError
		at := dec.InputOffset()
		switch {
		case errors.As(err, &syntax):
			at = syntax.Offset
		case err == io.EOF, errors.Is(err, io.ErrUnexpectedEOF):
			err = io.ErrUnexpectedEOF
			at = math.MaxInt64 // the end of the body
		default: // the body could not be read: not the JSON's fault
			yield(Record{}, &RecordError{Path: name, Line: lines.at(math.MaxInt64), Code: CodeUnreadable, Err: err})
			return
		}
		yield(Record{}, &RecordError{Path: name, Line: lines.at(at), Code: CodeBadJSON, Err: fmt.Errorf("malformed JSON: %w", err)})
	}
	if array {
		if _, err := dec.Token(); err != nil {
			bad(err)
			return
		}
	}
	for !array || dec.More() {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF && !array {
			return
		}
		if err != nil {
			bad(err)
			return
		}
		at := lines.at(dec.InputOffset() - int64(len(raw)))
		if len(raw) > r.maxRecord() {
			if !yield(Record{}, &RecordError{Path: name, Line: at, Code: CodeTooLong, Err: &TooLongError{Limit: r.maxRecord()}}) {
				return
			}
			continue
		}
		if !r.yieldJSON(raw, name, at, true, yield) {
			return
		}
	}
	if _, err := dec.Token(); err != nil { // the array's ]
		bad(err)
		return
	}
	if _, err := dec.Token(); err == nil {
		yield(Record{}, &RecordError{Path: name, Line: lines.at(dec.InputOffset()), Code: CodeBadJSON, Err: errors.New("malformed JSON: more after the array's ]")})
	} else if err != io.EOF {
		bad(err)
	}
}

// lineCounter passes a reader's bytes on and tells the line of an offset
// in them: at(off) for offsets that never decrease, as a JSON decoder
// reports them. It keeps the bytes read but not yet counted.
type lineCounter struct {
	r       io.Reader
	line    int    // the line at offset base
	base    int64  // the offset of pending[0]
	pending []byte // the bytes read from base on
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.pending = append(c.pending, p[:n]...)
	return n, err
}

// at returns the line of offset off.
func (c *lineCounter) at(off int64) int {
	n := min(max(off-c.base, 0), int64(len(c.pending)))
	c.line += bytes.Count(c.pending[:n], []byte("\n"))
	c.pending = c.pending[n:]
	c.base += n
	return c.line
}
