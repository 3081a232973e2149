// Package index is where documents come in: it reads articles from seed-style
// text files and JSON Lines, extracts their metadata (title, source, date,
// province), and writes them in batches to a bleve index whose text fields
// are analyzed by package analyzer.
package index

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
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
// Within version 4 the mapping came to hold the analyzers over the index's
// user dictionary (analyzer.Register): an index of version 4 that an older
// xinwen built with a dictionary is refused with ErrSchema (see
// queryAnalyzer), and no other index needs rebuilding.
// 5: stop words (English but the commonest, Chinese function characters)
// indexed at their positions, for phrases.
const schemaVersion = 5

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
	// analyzer.UserDict.ID), "" for none; DictWords is its size. The index's
	// mapping holds the analyzers over it.
	Dict      string `json:"dict,omitempty"`
	DictWords int    `json:"dict_words,omitempty"`
}

// Index is a bleve index of Documents.
type Index struct {
	b    bleve.Index
	dir  string
	meta Meta
	// query is the query-time analyzer over the index's user dictionary,
	// from its mapping.
	query analysis.Analyzer
	// failed receives the errors of bleve's background persister, which
	// would otherwise only be counted, so that sync does not wait forever
	// for a write that cannot happen (a full disk, say).
	failed chan error
	// synced is how many batches bleve had committed at the last sync:
	// Close syncs when there have been more since.
	synced uint64
}

// Bleve's background work reports its errors to a callback registered by
// name; it is told the index's store path, which picks the Index to tell.
const asyncErrorCallback = "xinwen"

// openIndexes is the package's one piece of process-wide state, which
// bleve's registry of callbacks by name imposes; it is keyed by path, so
// two indexes never see each other's errors.
var openIndexes sync.Map // store path -> *Index

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = func(err error, path string) {
		if v, ok := openIndexes.Load(path); ok {
			select {
			case v.(*Index).failed <- err:
			default: // one undelivered error is enough to fail sync
			}
		}
	}
}

// openConfig is bleve's runtime configuration of an index.
//
// unsafe_batch makes a batch return once it is searchable, instead of
// waiting for it to be written to disk: the writer goes on analyzing the
// next batch while the persister writes (and merges) the previous ones.
// Durability comes from sync, which Writer.Flush calls: it waits until
// everything committed so far is on disk. The index on disk is consistent
// at every point (bleve persists whole snapshots); a crash loses at most
// what was added since the last Flush.
//
// bolt_timeout makes a second process fail fast, instead of waiting
// forever, when the index is already open elsewhere. It is a new map each
// time because bleve writes the index path into it.
func openConfig() map[string]interface{} {
	return map[string]interface{}{
		"bolt_timeout":           "2s",
		"unsafe_batch":           true,
		"asyncErrorCallbackName": asyncErrorCallback,
	}
}

// storePath is where bleve keeps the scorch index inside dir; it is the path
// bleve reports background errors with.
func storePath(dir string) string { return filepath.Join(dir, "store") }

func wrapIndex(b bleve.Index, dir string, meta Meta) *Index {
	ix := &Index{b: b, dir: dir, meta: meta, failed: make(chan error, 1)}
	openIndexes.Store(storePath(dir), ix)
	return ix
}

// Option is an option of Create.
type Option func(*options)

type options struct {
	dict *analyzer.UserDict
}

// WithDict makes Create build the index with the user dictionary dict (nil
// for none, as without the option).
func WithDict(dict *analyzer.UserDict) Option {
	return func(o *options) { o.dict = dict }
}

// Create makes a new, empty index in dir, which must not exist yet. Its
// documents are analyzed with the user dictionary given WithDict, none
// without it, which the index keeps in its mapping: it is searched with the
// words it was built with, whatever other index the process has open.
func Create(dir string, origin string, opts ...Option) (*Index, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	dict := o.dict
	if dict.Len() == 0 {
		dict = nil
	}
	m, err := NewMapping(dict)
	if err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	b, err := bleve.NewUsing(dir, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, openConfig())
	if err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	ix := wrapIndex(b, dir, Meta{Schema: schemaVersion, Origin: origin, Dict: dict.ID(), DictWords: dict.Len()})
	raw, _ := json.Marshal(ix.meta)
	err = b.SetInternal([]byte(metaKey), raw)
	if err == nil && dict != nil {
		err = b.SetInternal([]byte(dictKey), dict.Bytes())
	}
	if err == nil {
		ix.query, err = ix.queryAnalyzer(dict)
	}
	if err == nil {
		err = ix.sync()
	}
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("index: create %s: write meta: %w", dir, err)
	}
	return ix, nil
}

// sync waits until everything committed to the index is on disk. It
// commits an empty batch, which makes bleve take a new snapshot, and waits
// for bleve's persister to have written it.
func (ix *Index) sync() error {
	persisted := make(chan error, 1)
	b := ix.b.NewBatch()
	b.SetPersistedCallback(func(err error) {
		select {
		case persisted <- err:
		default:
		}
	})
	if err := ix.b.Batch(b); err != nil {
		return fmt.Errorf("index: write to %s: %w", ix.dir, err)
	}
	var err error
	select {
	case err = <-persisted:
	case err = <-ix.failed:
	}
	if err != nil {
		return fmt.Errorf("index: write %s to disk: %w", ix.dir, err)
	}
	ix.synced = ix.batches()
	return nil
}

// batches returns how many batches bleve has committed to the index since
// it was opened, or 0 if it does not say.
func (ix *Index) batches() uint64 {
	adv, err := ix.b.Advanced()
	if err != nil {
		return 0
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return 0
	}
	st, ok := s.Stats().(*scorch.Stats)
	if !ok {
		return 0
	}
	return atomic.LoadUint64(&st.TotBatches)
}

// Open opens the index in dir. Its mapping holds the analyzers over the
// user dictionary it was built with, so that queries (QueryAnalyzer) and
// new documents are cut as its documents were. It returns an error
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
	ix := wrapIndex(b, dir, Meta{})
	raw, err := b.GetInternal([]byte(metaKey))
	if err == nil && raw != nil {
		err = json.Unmarshal(raw, &ix.meta)
	}
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("index: open %s: read meta: %w", dir, err)
	}
	dict, err := ix.UserDict()
	if err != nil {
		ix.Close()
		return nil, err
	}
	if ix.meta.Schema != schemaVersion {
		return ix, fmt.Errorf("index: open %s: %w (schema %d, this xinwen needs %d)", dir, ErrSchema, ix.meta.Schema, schemaVersion)
	}
	if ix.query, err = ix.queryAnalyzer(dict); err != nil {
		return ix, fmt.Errorf("index: open %s: %w (%v)", dir, ErrSchema, err)
	}
	return ix, nil
}

// queryAnalyzer returns the query-time analyzer over dict that the index's
// mapping holds, having checked that the mapping analyzes the text with
// dict too. An index that an older xinwen built with a dictionary has
// neither: it analyzed with a dictionary installed for the whole process.
func (ix *Index) queryAnalyzer(dict *analyzer.UserDict) (analysis.Analyzer, error) {
	m := ix.b.Mapping()
	index, query := analyzer.Names(dict)
	if got := m.AnalyzerNameForPath(FieldBody); got != index {
		return nil, fmt.Errorf("its mapping does not hold its user dictionary: its text analyzer is %q, not %q", got, index)
	}
	qa := m.AnalyzerNamed(query)
	if qa == nil {
		return nil, fmt.Errorf("its mapping has no analyzer %q for queries", query)
	}
	return qa, nil
}

// QueryAnalyzer returns the analyzer for query text over the index: the
// query-time analyzer over the user dictionary it was built with.
func (ix *Index) QueryAnalyzer() analysis.Analyzer { return ix.query }

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

// Compact merges the index's segments into one and waits until that is on
// disk. A bulk load leaves a dozen segments behind, which bleve would go on
// merging in the background while serving; one segment means one term
// dictionary and one posting list per term for every query, and a smaller
// index. It rewrites the whole index, so it is for after a large load.
func (ix *Index) Compact(ctx context.Context) error {
	adv, err := ix.b.Advanced()
	if err != nil {
		return fmt.Errorf("index: compact %s: %w", ix.dir, err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := s.ForceMerge(ctx, nil); err != nil {
		return fmt.Errorf("index: compact %s: %w", ix.dir, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("index: compact %s: %w", ix.dir, err)
	}
	if err := ix.sync(); err != nil {
		return err
	}
	ix.awaitCleanup(s, cleanupWait)
	return nil
}

// cleanupWait bounds how long Compact waits for bleve to delete the
// segment files it merged away.
const cleanupWait = 10 * time.Second

// awaitCleanup waits until the index directory holds only the segment files
// of the current snapshot, or for at most wait. Bleve deletes merged-away
// files in the background once their snapshot is superseded on disk; a
// process that exits before then leaves them for the next open to delete,
// and the index takes twice its size on disk meanwhile.
func (ix *Index) awaitCleanup(s *scorch.Scorch, wait time.Duration) {
	r, err := s.Reader()
	if err != nil {
		return
	}
	live := map[string]bool{}
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		for _, seg := range snap.Segments() {
			if p, ok := seg.Segment().(segment.PersistedSegment); ok {
				live[filepath.Base(p.Path())] = true
			}
		}
	}
	r.Close()
	if len(live) == 0 {
		return
	}
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		files, err := filepath.Glob(filepath.Join(storePath(ix.dir), "*.zap"))
		if err != nil {
			return
		}
		stale := false
		for _, f := range files {
			if !live[filepath.Base(f)] {
				stale = true
				break
			}
		}
		if !stale {
			return
		}
	}
}

// Close closes the index, first waiting for what was committed to it to be
// on disk (bleve's batches return before that, see openConfig). Documents
// still queued in a Writer that was not flushed are lost.
func (ix *Index) Close() error {
	var err error
	if ix.batches() > ix.synced {
		err = ix.sync()
	}
	openIndexes.CompareAndDelete(storePath(ix.dir), ix)
	if cerr := ix.b.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("index: close %s: %w", ix.dir, cerr)
	}
	return err
}

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

// DefaultBatchSize is how many documents a Writer commits at once unless
// told otherwise. Larger batches make fewer, larger segments (less merging
// later) at the cost of memory while the batch is analyzed.
const DefaultBatchSize = 1000

// Writer adds documents in batches. A full batch is committed in the
// background while the caller reads, extracts and maps the documents of the
// next one; bleve analyzes the batch on all cores and builds its segment on
// one, while its persister and merger use what is left. (A second batch in
// flight measured no faster on two cores and held 180 MB more.) Documents
// are searchable once their batch is committed and on disk once Flush
// returns. It is not safe for concurrent use.
type Writer struct {
	ix      *Index
	batch   *bleve.Batch
	size    int
	pending *flight // the batch being committed, if any
	added   int
	err     error // the first error of a background commit
}

// flight is a batch being committed in the background.
type flight struct {
	n    int
	done chan struct{}
	err  error
}

// NewWriter returns a Writer that commits every batchSize documents.
func (ix *Index) NewWriter(batchSize int) *Writer {
	if batchSize < 1 {
		batchSize = 1
	}
	return &Writer{ix: ix, batch: ix.b.NewBatch(), size: batchSize}
}

// Add queues d, sending the batch off to be committed when it is full. An
// invalid document is refused with an error and nothing is queued. An error
// in committing an earlier batch is returned by the next Add or Flush.
func (w *Writer) Add(d Document) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("document %q: %w", d.ID, err)
	}
	if w.err != nil {
		return w.err
	}
	if err := w.batch.Index(d.ID, fields(&d)); err != nil {
		return fmt.Errorf("index: document %q: %w", d.ID, err)
	}
	if w.batch.Size() >= w.size {
		w.send()
	}
	return w.err
}

// send waits for the batch in flight, if any, and starts committing the
// current one in the background. One batch at a time keeps them in order,
// so the last version of a document wins.
func (w *Writer) send() {
	w.land()
	n := w.batch.Size()
	if n == 0 {
		return
	}
	f := &flight{n: n, done: make(chan struct{})}
	go func(b *bleve.Batch) {
		defer close(f.done)
		if err := w.ix.b.Batch(b); err != nil {
			f.err = fmt.Errorf("index: write batch to %s: %w", w.ix.dir, err)
		}
	}(w.batch)
	w.pending = f
	w.batch = w.ix.b.NewBatch()
}

// land waits for the batch in flight to be committed and accounts for it.
func (w *Writer) land() {
	f := w.pending
	if f == nil {
		return
	}
	w.pending = nil
	<-f.done
	if f.err != nil {
		if w.err == nil {
			w.err = f.err
		}
		return
	}
	w.added += f.n
}

// Flush commits the queued documents, waits for the batch in flight, and
// then for the index to be on disk: when it returns nil, everything added
// so far survives a crash.
func (w *Writer) Flush() error {
	w.send()
	w.land()
	if w.err != nil {
		return w.err
	}
	return w.ix.sync()
}

// Finish ends a load: it flushes, and when the documents this Writer added
// are at least half of the index (a bulk load, such as a first index), it
// compacts the index (see Index.Compact). It reports whether it did.
func (w *Writer) Finish(ctx context.Context) (compacted bool, err error) {
	if err := w.Flush(); err != nil {
		return false, err
	}
	n, err := w.ix.Count()
	if err != nil {
		return false, fmt.Errorf("index: count %s: %w", w.ix.dir, err)
	}
	if w.added == 0 || uint64(w.added)*2 < n {
		return false, nil
	}
	return true, w.ix.Compact(ctx)
}

// Added returns how many documents were committed so far.
func (w *Writer) Added() int { return w.added }
