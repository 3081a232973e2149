package index

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// readBody runs the records of a body through a Pipeline and returns what
// it wrote, as id@line, and what it refused, as line code.
func readBody(t testing.TB, body string, max int) (written, refused []string) {
	t.Helper()
	var at map[string]int
	pl := Pipeline{
		Sink: SinkFunc(func(e Entry) error {
			written = append(written, fmt.Sprintf("%s@%d", e.Document().ID, at[e.Document().ID]))
			return nil
		}),
		Bad: func(e *RecordError) error {
			refused = append(refused, fmt.Sprintf("%d %s", e.Line, e.Code))
			return nil
		},
	}
	// The line of each written document, from the source.
	at = map[string]int{}
	src := Reader{MaxRecord: max}.Body(strings.NewReader(body), "body")
	lines := func(yield func(Record, error) bool) {
		for rec, err := range src {
			if err == nil {
				at[rec.Doc.ID] = rec.Line
			}
			if !yield(rec, err) {
				return
			}
		}
	}
	if _, err := pl.Run(context.Background(), lines); err != nil {
		t.Fatal(err)
	}
	return written, refused
}

func TestBody(t *testing.T) {
	long := `{"id":"long","title":"` + strings.Repeat("长", 400) + `"}`
	tests := []struct {
		name             string
		body             string
		written, refused string
	}{
		{"one article on one line", `{"id":"a","title":"t"}`, "a@1", ""},
		{"one article over several lines, after a blank one", "\n{\n  \"id\": \"a\",\n  \"title\": \"t\"\n}\n", "a@2", ""},
		{"articles one after another over several lines", "{\"id\": \"a\",\n\"title\": \"t\"}\n{\"id\": \"b\",\n\"title\": \"t\"}", "a@1 b@3", ""},
		{"an array of articles, each at the line it starts on", "[\n  {\"id\":\"a\",\"title\":\"t\"},\n  {\"id\":\"b\",\n   \"title\":\"t\"},\n  {\"id\":\"c\",\"title\":\"t\"}\n]", "a@2 b@3 c@5", ""},
		{"an array on one line", `[{"id":"a","title":"t"},{"id":"b","title":"t"}]`, "a@1 b@1", ""},
		{"an empty array", "[]", "", ""},
		{"an empty body", " \n\n", "", ""},
		{"JSON Lines, blank lines counted", "{\"id\":\"a\",\"title\":\"t\"}\n\n{\"id\":\"b\",\"title\":\"t\"}\n", "a@1 b@3", ""},

		// Refused alone, by line and code.
		{"a line of JSON Lines that is not JSON", "{\"id\":\"a\",\"title\":\"t\"}\n{\"id\":\"b\", broken\n{\"id\":\"c\",\"title\":\"t\"}", "a@1 c@3", "2 bad_json"},
		{"a line of JSON Lines with a bad date", "{\"id\":\"a\",\"title\":\"t\"}\n{\"id\":\"b\",\"title\":\"t\"}\n{\"id\":\"c\",\"title\":\"t\",\"date\":\"May 2024\"}", "a@1 b@2", "3 bad_date"},
		{"a line of JSON Lines that is not UTF-8", "{\"id\":\"a\",\"title\":\"t\"}\n{\"id\":\"b\",\"title\":\"caf\xe9\"}\n{\"id\":\"c\",\"title\":\"t\"}", "a@1 c@3", "2 not_utf8"},
		{"a line of JSON Lines over the limit", "{\"id\":\"a\",\"title\":\"t\"}\n" + long + "\n{\"id\":\"c\",\"title\":\"t\"}", "a@1 c@3", "2 too_long"},
		{"a first line over the limit", long + "\n{\"id\":\"c\",\"title\":\"t\"}", "c@2", "1 too_long"},
		{"an element of an array that is no article", "[\n{\"id\":\"a\",\"title\":\"t\"},\n\"b\",\n{\"id\":\"c\",\"title\":5},\n{\"id\":\"d\",\"title\":\"t\"}\n]", "a@2 d@5", "3 bad_json, 4 bad_json"},
		{"an element of an array over the limit", "[" + long + ",\n{\"id\":\"c\",\"title\":\"t\"}]", "c@2", "1 too_long"},
		{"an element of an array with an id of a path", "[{\"id\":\"a\",\"title\":\"t\"},\n{\"id\":\"..\",\"title\":\"t\"}]", "a@1", "2 bad_id"},
		{"an element of an array that is not UTF-8", "[{\"id\":\"a\",\"title\":\"t\"},\n{\"id\":\"b\",\"title\":\"caf\xe9\"}]", "a@1", "2 not_utf8"},

		// A body that stops being JSON is read up to there.
		{"an array that breaks off", "[\n{\"id\":\"a\",\"title\":\"t\"},\n{\"id\":\"b\" \"title\":\"t\"},\n{\"id\":\"c\",\"title\":\"t\"}\n]", "a@2", "3 bad_json"},
		{"an array without its end", "[\n{\"id\":\"a\",\"title\":\"t\"},\n", "a@2", "3 bad_json"},
		{"more after an array", "[{\"id\":\"a\",\"title\":\"t\"}]\n{\"id\":\"b\",\"title\":\"t\"}", "a@1", "2 bad_json"},
		{"an article over several lines that breaks off", "{\n\"id\": \"a\",\n\"title\": \n}", "", "4 bad_json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			written, refused := readBody(t, tt.body, 1<<10)
			if got := strings.Join(written, " "); got != tt.written {
				t.Errorf("written %q, want %q", got, tt.written)
			}
			if got := strings.Join(refused, ", "); got != tt.refused {
				t.Errorf("refused %q, want %q", got, tt.refused)
			}
		})
	}
}

// FuzzBody checks that any body is read without a panic, that every record
// it yields or refuses has a line of the body, and that a body of JSON
// Lines yields one record or refusal a non-blank line.
func FuzzBody(f *testing.F) {
	f.Add("{\"id\":\"a\",\"title\":\"t\"}\n{\"id\":\"b\"")
	f.Add("[\n{\"id\":\"a\",\"title\":\"t\"},\n\"b\"\n]")
	f.Add("{\n\"id\": \"a\",\n\"title\": \"t\"\n}")
	f.Add("[{\"id\":\"a\"}] [")
	f.Fuzz(func(t *testing.T, body string) {
		lines := strings.Count(body, "\n") + 1
		n := 0
		for rec, err := range (Reader{MaxRecord: 64}).Body(strings.NewReader(body), "body") {
			line := rec.Line
			if err != nil {
				bad, ok := err.(*RecordError)
				if !ok || bad.Code == "" {
					t.Fatalf("error %v is no RecordError with a code", err)
				}
				line = bad.Line
			}
			if line < 1 || line > lines {
				t.Fatalf("a record at line %d of a body of %d lines", line, lines)
			}
			n++
		}
		first := strings.TrimSpace(strings.SplitN(strings.TrimLeft(body, " \t\r\n"), "\n", 2)[0])
		if first != "" && first[0] == '{' && n == 0 {
			t.Fatalf("a body that opens an object yields nothing: %q", body)
		}
	})
}
