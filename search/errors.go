package search

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// Error is a request the user can fix: a stable code for programs and a
// message for people. The HTTP layer answers it with 400.
type Error struct {
	Code    string
	Message string
	// Pos is the 1-based character position in the query where a
	// bad_query error was found, or 0.
	Pos int
}

func (e *Error) Error() string { return e.Message }

// Codes of the errors a Request can get.
const (
	CodeBadQuery    = "bad_query"
	CodeBadOp       = "bad_op"
	CodeBadSize     = "bad_size"
	CodeBadPage     = "bad_page"
	CodeBadDate     = "bad_date"
	CodeBadSort     = "bad_sort"
	CodeBadProvince = "bad_province"
	CodeBadSource   = "bad_source"
	CodeBadPerson   = "bad_person"
	CodeBadCursor   = "bad_cursor"
	// CodeBadCollapse is a collapse other than true or false; CodeBadStory
	// a story that is no article id.
	CodeBadCollapse = "bad_collapse"
	CodeBadStory    = "bad_story"
	// CodeBadXlang is an xlang other than on or off.
	CodeBadXlang = "bad_xlang"
)

func badRequest(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrNotFound is returned for a document id that is not in the index.
var ErrNotFound = errors.New("no such document")

// ErrTimeout is returned when a search runs past its deadline (see
// WithTimeout) or waits too long for a free slot. The HTTP layer answers it
// with 503.
var ErrTimeout = errors.New("the search took too long")

// PanicError is a panic in a search, recovered: the search fails with it
// and the process goes on. The HTTP layer answers it with 500 and logs
// Stack; it is a bug to fix.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("search: panic: %v", e.Value) }

// recovered turns a panic into a *PanicError in *err. Every goroutine that
// runs a search defers it: bleve's searches run in goroutines of ours, and
// a panic nobody recovers ends the process, every other search with it.
func recovered(err *error) {
	if v := recover(); v != nil {
		*err = &PanicError{Value: v, Stack: debug.Stack()}
	}
}
