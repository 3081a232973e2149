package index

import (
	"fmt"
	"strings"
)

// The codes of the reasons a record is refused. They are stable: the CLI
// prints them and the write API returns them, so that a script can tell
// one reason from another without reading the message.
const (
	// CodeUnreadable: a file or folder that could not be opened or read.
	CodeUnreadable = "unreadable"
	// CodeBadFile: a file that is not one xinwen reads (.txt, .jsonl,
	// .jsonl.gz), or a .jsonl.gz that is not gzip.
	CodeBadFile = "bad_file"
	// CodeBadJSON: a record that is not a JSON object of the format.
	CodeBadJSON = "bad_json"
	// CodeNotUTF8: a text file, or a record of a body, that is not UTF-8.
	CodeNotUTF8 = "not_utf8"
	// CodeTooLong: a record longer than the Reader's MaxRecord.
	CodeTooLong = "too_long"
	// CodeBadID: an id that is missing or that ValidateID refuses.
	CodeBadID = "bad_id"
	// CodeEmpty: an article with neither a title nor a body.
	CodeEmpty = "empty"
	// CodeBadDate: a date that is no date, or two that disagree.
	CodeBadDate = "bad_date"
	// CodeBadProvince: a province or province code that names none, or
	// two that disagree.
	CodeBadProvince = "bad_province"
	// CodeBadPlace: a place that is not a code of the gazetteer.
	CodeBadPlace = "bad_place"
)

// A RecordError is an article that could not be read or indexed: the file
// (or the name given to a body), the line (1 for a whole text file, 0 when
// the file itself could not be read), the code of the reason (CodeBadJSON,
// CodeBadDate, …) and the reason.
type RecordError struct {
	Path string
	Line int
	Code string
	Err  error
}

func (e *RecordError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

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

// An InvalidError says what makes a document unfit to index: each of its
// problems, and the code of the first (CodeBadID, CodeEmpty, CodeBadDate,
// CodeBadProvince or CodeBadPlace).
type InvalidError struct {
	Code     string
	Problems []string
}

func (e *InvalidError) Error() string { return strings.Join(e.Problems, "; ") }

// add notes a problem of the given code.
func (e *InvalidError) add(code, problem string) {
	if e.Code == "" {
		e.Code = code
	}
	e.Problems = append(e.Problems, problem)
}
