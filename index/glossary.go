package index

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/xinwen/xinwen/analyzer/glossary"
)

// glossaryKey holds the user's glossary (analyzer/glossary.ParseGlossary's
// format) kept with the index, as dictKey holds the user dictionary: it
// moves and is backed up with the index. Unlike the dictionary it changes
// no token: queries are translated with it, so setting it takes effect at
// the next search, with no reindex.
const glossaryKey = "xinwen.glossary"

// SetGlossary keeps the glossary file raw (read from name, for errors) with
// the index, replacing the one kept; empty raw removes it. The file is
// checked first: a bad line is an error naming name and the line, and
// nothing is changed.
func (ix *Index) SetGlossary(raw []byte, name string) error {
	if len(raw) == 0 {
		if err := ix.b.DeleteInternal([]byte(glossaryKey)); err != nil {
			return fmt.Errorf("index: %s: remove glossary: %w", ix.dir, err)
		}
		return nil
	}
	if _, err := glossary.ParseGlossary(bytes.NewReader(raw), name); err != nil {
		return fmt.Errorf("glossary %w", err)
	}
	if err := ix.b.SetInternal([]byte(glossaryKey), raw); err != nil {
		return fmt.Errorf("index: %s: keep glossary: %w", ix.dir, err)
	}
	return nil
}

// Glossary returns the user's glossary kept with the index, or nil.
func (ix *Index) Glossary() (*glossary.Glossary, error) {
	raw, err := ix.b.GetInternal([]byte(glossaryKey))
	if err != nil {
		return nil, fmt.Errorf("index: %s: read glossary: %w", ix.dir, err)
	}
	if len(raw) == 0 {
		return nil, nil
	}
	g, err := glossary.ParseGlossary(bytes.NewReader(raw), filepath.Join(ix.dir, "(glossary)"))
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return g, nil
}
