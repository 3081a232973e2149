package analyzer

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// corpusFile returns the path of a shared corpus file: $XINWEN_CORPUS/name,
// or shared/corpus/name beside the repository (or any folder above it). It
// skips the test when there is none.
func corpusFile(tb testing.TB, name string) string {
	tb.Helper()
	if d := os.Getenv("XINWEN_CORPUS"); d != "" {
		return filepath.Join(d, name)
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "corpus", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skipf("no shared corpus %s beside the repository; set XINWEN_CORPUS to its folder", name)
		}
		dir = parent
	}
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
