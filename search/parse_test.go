package search

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer"
)

// dump renders a tree for tests: "and"/"or" for juxtaposition,
// "AND"/"OR" for written operators.
func dump(n *node) string {
	if n == nil {
		return ""
	}
	switch n.kind {
	case nodeAnd, nodeOr:
		op := map[nodeKind]string{nodeAnd: "AND", nodeOr: "OR"}[n.kind]
		if n.implicit {
			op = strings.ToLower(op)
		}
		parts := []string{op}
		for _, k := range n.kids {
			parts = append(parts, dump(k))
		}
		return "(" + strings.Join(parts, " ") + ")"
	case nodeNot:
		return "(not " + dump(n.kids[0]) + ")"
	}
	return n.String()
}

func TestParse(t *testing.T) {
	f, err := os.Open("testdata/parse.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 2 {
			t.Fatalf("testdata/parse.txt:%d: want a query, a tab and a tree", line)
		}
		q, want := fields[0], fields[1:]
		if len(want) == 1 {
			want = append(want, want[0])
		}
		for i, or := range []bool{false, true} {
			op := map[bool]string{false: "and", true: "or"}[or]
			t.Run(q+" with op="+op, func(t *testing.T) {
				n, err := parse(q, or)
				if err != nil {
					t.Fatalf("testdata/parse.txt:%d: %v", line, err)
				}
				if got := dump(n); got != want[i] {
					t.Errorf("testdata/parse.txt:%d: %s parses to\n %s\nwant\n %s", line, q, got, want[i])
				}
			})
		}
	}
}

// FuzzParse checks that no query makes the parser or the compiler panic,
// that every refusal is a bad_query pointing inside the query, and that a
// parsed query printed and parsed again is the same tree.
//
//	go test -run '^$' -fuzz FuzzParse -fuzztime 10m ./search
func FuzzParse(f *testing.F) {
	for _, q := range seedQueries(f) {
		f.Add(q, false)
		f.Add(q, true)
	}
	qa, err := analyzer.New(false, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string, or bool) {
		n, err := parse(q, or)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeBadQuery || e.Message == "" {
				t.Fatalf("parse(%q): %v is not a bad_query", q, err)
			}
			if e.Pos < 0 || e.Pos > utf8.RuneCountInString(q)+1 {
				t.Fatalf("parse(%q): position %d is outside the query", q, e.Pos)
			}
			return
		}
		again, err := parse(n.String(), or)
		if err != nil {
			t.Fatalf("parse(%q) prints as %q, which does not parse: %v", q, n.String(), err)
		}
		if dump(again) != dump(n) {
			t.Fatalf("parse(%q) = %s, printed %q, parsed again %s", q, dump(n), n.String(), dump(again))
		}
		if n == nil {
			return
		}
		c := &compiler{qa: qa, dict: fakeDict{n: 3}, loose: or}
		if _, err := c.compile(n); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("compile(%q): %v", q, err)
			}
		}
	})
}

// seedQueries returns the queries of the test data, for the fuzzer to
// start from.
func seedQueries(t testing.TB) []string {
	var out []string
	for _, file := range []string{"testdata/search.json", "testdata/near.json"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var cases []searchCase
		if err := json.Unmarshal(raw, &cases); err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			out = append(out, c.Q)
		}
	}
	f, err := os.ReadFile("testdata/parse.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(f), "\n") {
		if q, _, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
			out = append(out, q)
		}
	}
	return out
}
