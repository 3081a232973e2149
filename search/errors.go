package search

import (
	"errors"
	"fmt"
)

// Error is a request the user can fix: a stable code for programs and a
// message for people. The HTTP layer answers it with 400.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Codes of the errors a Request can get.
const (
	CodeBadQuery    = "bad_query"
	CodeBadSize     = "bad_size"
	CodeBadPage     = "bad_page"
	CodeBadDate     = "bad_date"
	CodeBadSort     = "bad_sort"
	CodeBadProvince = "bad_province"
)

func badRequest(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrNotFound is returned for a document id that is not in the index.
var ErrNotFound = errors.New("no such document")
