package analyzer

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"

	"github.com/xinwen/xinwen/seeds"
)

// corpusFile returns the path of a shared corpus file (see seeds.Corpus), or
// skips the test without it.
func corpusFile(tb testing.TB, name string) string {
	tb.Helper()
	p, err := seeds.Corpus(name)
	if err != nil {
		tb.Skip(err)
	}
	return p
}

// corpusBodies returns the bodies of the first n articles of a corpus file
// (all of them for n <= 0).
func corpusBodies(tb testing.TB, name string, n int) []string {
	tb.Helper()
	f, err := os.Open(corpusFile(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []string
	for sc.Scan() && (n <= 0 || len(out) < n) {
		var rec struct{ Body string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			tb.Fatal(err)
		}
		out = append(out, rec.Body)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
