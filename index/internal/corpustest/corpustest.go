// Package corpustest reads the shared corpora (../shared/corpus) for the
// tests and benchmarks of index and index/extract, which skip without them.
package corpustest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"testing"

	"github.com/xinwen/xinwen/seeds"
)

// maxLine bounds the lines read: the longest record index.Reader reads.
const maxLine = 16 << 20

// File returns the path of a file of the shared corpus, or skips the test
// without it.
func File(tb testing.TB, name string) string {
	tb.Helper()
	p, err := seeds.Corpus(name)
	if err != nil {
		tb.Skip(err)
	}
	return p
}

// Each calls fn with the raw JSON of every line of a .jsonl.gz file whose
// id keep accepts (nil keeps all), stopping when fn returns false.
func Each(tb testing.TB, path string, keep func(id string) bool, fn func(line int, raw []byte) bool) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 0, 1<<20), maxLine)
	idKey := []byte(`"id": "`)
	for line := 1; sc.Scan(); line++ {
		raw := sc.Bytes()
		if keep != nil {
			i := bytes.Index(raw, idKey)
			if i < 0 {
				continue
			}
			rest := raw[i+len(idKey):]
			j := bytes.IndexByte(rest, '"')
			if j < 0 || !keep(string(rest[:j])) {
				continue
			}
		}
		if !fn(line, raw) {
			return
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
}
