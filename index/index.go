// Package index is where documents come in: it reads articles from seed-style
// text files and JSON Lines, extracts their metadata (title, source, date,
// province), and writes them in batches to a bleve index whose text fields
// are analyzed by package analyzer.
package index

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/xinwen/xinwen/analyzer"
)

// schemaVersion changes whenever the mapping, the analyzer or extraction
// changes in a way that makes an existing index answer differently. An index
// built with another version must be rebuilt (xinwen reindex).
//
// 2: provinces and places from the gazetteer, dates with their precision.
// 3: the analyzer's own segmentation (numerals, quantities, pairs of
// unknown characters, traditional folding, stop words) and user
// dictionaries.
// 4: place names indexed as their places (#140000), in either script.
const schemaVersion = 4

const (
	metaKey = "xinwen.meta"
	// dictKey holds the user dictionary the index was built with, in the
	// format of analyzer.ParseUserDict.
	dictKey = "xinwen.dict"
)

// ErrNotExist is returned by Open when there is no index at the path.
var ErrNotExist = errors.New("no index")

// ErrSchema is returned by Open for an index built by another version of
// xinwen.
var ErrSchema = errors.New("index was built by another version of xinwen")

// Meta describes how an index was built. It is stored inside the index.
type Meta struct {
	Schema int `json:"schema"`
	// Origin is "seeds" for the index that serve builds from the embedded
	// samples, "" for one built from the user's files.
	Origin string `json:"origin,omitempty"`
	// Dict is the ID of the user dictionary the index was built with (see
	// analyzer.UserDict.ID), "" for none; DictWords is its size.
	Dict      string `json:"dict,omitempty"`
	DictWords int    `json:"dict_words,omitempty"`
}

// Index is a bleve index of Documents.
type Index struct {
	b    bleve.Index
	dir  string
	meta Meta
}

// openConfig makes a second process fail fast, instead of waiting forever,
// when the index is already open elsewhere. It is a new map each time
// because bleve writes the index path into it.
func openConfig() map[string]interface{} {
	return map[string]interface{}{"bolt_timeout": "2s"}
}

// Create makes a new, empty index in dir, which must not exist yet. Its
// documents are analyzed with the user dictionary installed in package
// analyzer (analyzer.SetUserDict), which the index keeps: Open installs it
// again, so that the index is searched with the words it was built with.
func Create(dir string, origin string) (*Index, error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	b, err := bleve.NewUsing(dir, NewMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, openConfig())
	if err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	dict := analyzer.CurrentUserDict()
	ix := &Index{b: b, dir: dir, meta: Meta{Schema: schemaVersion, Origin: origin, Dict: dict.ID(), DictWords: dict.Len()}}
	raw, _ := json.Marshal(ix.meta)
	err = b.SetInternal([]byte(metaKey), raw)
	if err == nil && dict != nil {
		err = b.SetInternal([]byte(dictKey), dict.Bytes())
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("index: create %s: write meta: %w", dir, err)
	}
	return ix, nil
}

// Open opens the index in dir and installs the user dictionary it was
// built with (analyzer.SetUserDict; none if it has none), so that queries
// and new documents are cut as its documents were. It returns an error
// wrapping ErrNotExist when there is none, and one wrapping ErrSchema (with
// the Index still usable for reading its Meta and its documents, and closed
// by the caller) when it was built by another version of xinwen.
func Open(dir string) (*Index, error) {
	if err := recoverSwap(dir); err != nil {
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("index: open %s: %w", dir, ErrNotExist)
	}
	b, err := bleve.OpenUsing(dir, openConfig())
	if err != nil {
		if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) || errors.Is(err, bleve.ErrorIndexMetaMissing) {
			return nil, fmt.Errorf("index: open %s: %w", dir, ErrNotExist)
		}
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("index: open %s: it is in use by another process (is xinwen serve running?)", dir)
		}
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	ix := &Index{b: b, dir: dir}
	raw, err := b.GetInternal([]byte(metaKey))
	if err == nil && raw != nil {
		err = json.Unmarshal(raw, &ix.meta)
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("index: open %s: read meta: %w", dir, err)
	}
	dict, err := ix.UserDict()
	if err != nil {
		b.Close()
		return nil, err
	}
	analyzer.SetUserDict(dict)
	if ix.meta.Schema != schemaVersion {
		return ix, fmt.Errorf("index: open %s: %w (schema %d, this xinwen needs %d)", dir, ErrSchema, ix.meta.Schema, schemaVersion)
	}
	return ix, nil
}

// UserDict returns the user dictionary the index was built with, or nil.
func (ix *Index) UserDict() (*analyzer.UserDict, error) {
	raw, err := ix.b.GetInternal([]byte(dictKey))
	if err != nil {
		return nil, fmt.Errorf("index: %s: read user dictionary: %w", ix.dir, err)
	}
	if len(raw) == 0 {
		return nil, nil
	}
	d, err := analyzer.ParseUserDict(bytes.NewReader(raw), filepath.Join(ix.dir, "(user dictionary)"))
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return d, nil
}

// Dir returns the directory the index lives in.
func (ix *Index) Dir() string { return ix.dir }

// Meta returns how the index was built.
func (ix *Index) Meta() Meta { return ix.meta }

// Bleve returns the underlying bleve index, for package search.
func (ix *Index) Bleve() bleve.Index { return ix.b }

// Close flushes and closes the index.
func (ix *Index) Close() error { return ix.b.Close() }

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) { return ix.b.DocCount() }

// Add indexes docs in one batch, replacing any document with the same ID.
// Every document is validated first; if one is invalid nothing is written.
func (ix *Index) Add(docs ...Document) error {
	w := ix.NewWriter(len(docs) + 1)
	for i := range docs {
		if err := w.Add(docs[i]); err != nil {
			return err
		}
	}
	return w.Flush()
}

// Get returns the stored document with the given id, or an error wrapping
// ErrNoDocument.
func (ix *Index) Get(id string) (Document, error) {
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{id}))
	req.Fields = StoredFields
	res, err := ix.b.Search(req)
	if err != nil {
		return Document{}, fmt.Errorf("index: get %q: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return Document{}, fmt.Errorf("index: get %q: %w", id, ErrNoDocument)
	}
	return FromFields(id, res.Hits[0].Fields), nil
}

// ErrNoDocument is returned by Get for an id that is not in the index.
var ErrNoDocument = errors.New("no such document")

// StoredFields lists the fields to ask bleve for to rebuild a Document.
var StoredFields = []string{FieldTitle, FieldBody, FieldDate, FieldPartialDate, FieldDatePrecision, FieldProvince, FieldProvinceCode, FieldPlaces, FieldSource, FieldLang, FieldURL}

// FromFields rebuilds a Document from the stored fields of a search hit.
func FromFields(id string, f map[string]interface{}) Document {
	s := func(name string) string {
		v, _ := f[name].(string)
		return v
	}
	return Document{
		ID:            id,
		Title:         s(FieldTitle),
		Body:          s(FieldBody),
		Date:          s(FieldDate),
		PartialDate:   s(FieldPartialDate),
		DatePrecision: Precision(s(FieldDatePrecision)),
		Province:      s(FieldProvince),
		ProvinceCode:  s(FieldProvinceCode),
		Places:        stringList(f[FieldPlaces]),
		Source:        s(FieldSource),
		Lang:          s(FieldLang),
		URL:           s(FieldURL),
	}
}

// stringList reads a stored field that may hold several values: bleve gives
// one value as itself and several as a slice.
func stringList(v interface{}) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []interface{}:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// Writer adds documents in batches. It is not safe for concurrent use.
type Writer struct {
	ix    *Index
	batch *bleve.Batch
	size  int
	added int
}

// NewWriter returns a Writer that commits every batchSize documents.
func (ix *Index) NewWriter(batchSize int) *Writer {
	if batchSize < 1 {
		batchSize = 1
	}
	return &Writer{ix: ix, batch: ix.b.NewBatch(), size: batchSize}
}

// Add queues d, committing the batch when it is full. An invalid document is
// refused with an error and nothing is queued.
func (w *Writer) Add(d Document) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("document %q: %w", d.ID, err)
	}
	if err := w.batch.Index(d.ID, fields(&d)); err != nil {
		return fmt.Errorf("index: document %q: %w", d.ID, err)
	}
	if w.batch.Size() >= w.size {
		return w.Flush()
	}
	return nil
}

// Flush commits the queued documents.
func (w *Writer) Flush() error {
	n := w.batch.Size()
	if n == 0 {
		return nil
	}
	if err := w.ix.b.Batch(w.batch); err != nil {
		return fmt.Errorf("index: write batch to %s: %w", w.ix.dir, err)
	}
	w.added += n
	w.batch.Reset()
	return nil
}

// Added returns how many documents were committed so far.
func (w *Writer) Added() int { return w.added }
