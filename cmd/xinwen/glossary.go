package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/xinwen/xinwen/analyzer/glossary"
	"github.com/xinwen/xinwen/index"
)

// glossaryFlag is -glossary, for index and serve.
func glossaryFlag(fs *flag.FlagSet) *string {
	return fs.String("glossary", "", "your glossary `file`: lines of Chinese forms = English forms (新质生产力 = new quality productive forces), kept with the index and used to translate queries (no reindex needed)")
}

// readGlossary reads and checks a glossary file; "" is none. A bad line is
// an error naming the file and the line.
func readGlossary(path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("glossary: %w", err)
	}
	if _, err := glossary.ParseGlossary(bytes.NewReader(raw), path); err != nil {
		return nil, fmt.Errorf("glossary %w", err)
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("glossary %s: the file is empty; to drop the glossary kept with the index, give a file with only a # comment", path)
	}
	return raw, nil
}

// keepGlossary keeps the glossary raw, read from path, with ix, replacing
// the one it kept; nothing when no -glossary was given.
func keepGlossary(ix *index.Index, raw []byte, path string) error {
	if path == "" {
		return nil
	}
	return ix.SetGlossary(raw, path)
}
