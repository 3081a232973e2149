// Package index is where documents come in: it reads articles from seed-style
// text files, JSON Lines or a request body, completes their metadata
// (title, source, date, province) with what package extract reads from
// their text, and writes them in batches to a bleve index whose text
// fields are analyzed by package analyzer.
//
// Every article takes one path, a Pipeline: a Source yields records
// (Reader.Files, Reader.FS, Reader.Body, Reader.Lines), each document is
// completed (Complete) and validated (Check) once, and handed to a Sink
// (a Writer). A record refused on the way has a stable code (CodeBadJSON,
// CodeBadDate, …). A served index takes its writes through a Committer,
// which commits the changes of many requests together (group commit) and
// answers each once it is on disk. Build makes a new index beside an old
// one and puts it in place; Rebuild is Build over an index's own
// documents.
//
// It removes nothing it did not write: an index is made only where nothing
// is (Create), an index directory is removed only when it holds nothing but
// bleve's files (Alone, Discard), and an index whose files are damaged is
// refused by name, never opened or repaired (Open, DamageError).
//
// LOADING.md describes loading as a user meets it: the formats, the codes
// of refusal, reindexing, the user dictionary and where xinwen writes.
package index

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index/story"
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
// 6: the text fields' offsets packed (analyzer.UnitStarts): a token's start
// from its unit's, its end as its length; the body stored compressed with
// zstd and the index's own dictionary (stored.go).
// 7: every article's story and print (stories.go).
// 8: person names indexed as their persons (@xi_jinping), in either
// script, and the people of each article in FieldPeople.
const schemaVersion = 8

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
	b   bleve.Index
	dir string
	// meta changes once while the index is served: the sample index
	// becomes the user's at the first write through a Committer; metaMu
	// guards it.
	metaMu sync.Mutex
	meta   Meta
	// query is the query-time analyzer over the index's user dictionary,
	// from its mapping.
	query analysis.Analyzer
	// bg is the state of bleve's background writes (background.go).
	bg background
	// pid is what claim wrote beside the index (lock.go).
	pid string
	// synced is how many batches bleve had committed at the last sync:
	// Close syncs when there have been more since.
	synced uint64
	// bodies compresses the stored bodies (stored.go).
	bodies bodies
	// stories are the articles' stories, for writes (stories.go); nil
	// until the first write needs them.
	storiesMu sync.Mutex
	stories   *story.Index
}

// Bleve's background work reports its errors to a callback registered by
// name; it is told the index's store path, which picks the Index to tell
// (background.go).
const asyncErrorCallback = "xinwen"

// openIndexes is the package's one piece of process-wide state, with
// byScorch, which bleve's registries of callbacks by name impose; it is
// keyed by path, so two indexes never see each other's errors.
var openIndexes sync.Map // store path -> *Index

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
// The callbacks tell the Index of bleve's background errors and of its
// progress (background.go).
//
// bolt_timeout makes a second process fail fast, instead of waiting
// forever, when the index is already open elsewhere. It is a new map each
// time because bleve writes the index path into it.
func openConfig() map[string]interface{} {
	return map[string]interface{}{
		"bolt_timeout":           "2s",
		"unsafe_batch":           true,
		"asyncErrorCallbackName": asyncErrorCallback,
		"eventCallbackName":      eventCallback,
	}
}

// storePath is where bleve keeps the scorch index inside dir; it is the path
// bleve reports background errors with.
func storePath(dir string) string { return filepath.Join(dir, "store") }

func wrapIndex(b bleve.Index, dir string, meta Meta) *Index {
	ix := &Index{b: b, dir: dir, meta: meta}
	ix.bg.failed = make(chan struct{})
	openIndexes.Store(storePath(dir), ix)
	if s := scorchOf(b); s != nil {
		byScorch.Store(s, ix)
	}
	ix.claim()
	return ix
}

// Option is an option of Create, and of Build, which creates an index.
type Option func(*options)

type options struct {
	dict *analyzer.UserDict
}

// WithDict makes Create build the index with the user dictionary dict (nil
// for none, as without the option).
func WithDict(dict *analyzer.UserDict) Option {
	return func(o *options) { o.dict = dict }
}

// Create makes a new, empty index in dir, which must not exist yet or be an
// empty directory (else the error wraps ErrNotIndex). Its documents are
// analyzed with the user dictionary given WithDict, none without it, which
// the index keeps in its mapping: it is searched with the words it was
// built with, whatever other index the process has open.
func Create(dir string, origin string, opts ...Option) (*Index, error) {
	switch err := classify(dir); {
	case err == nil:
		return nil, fmt.Errorf("index: create %s: there is an index there already: %w", dir, ErrNotIndex)
	case !errors.Is(err, ErrNotExist):
		return nil, fmt.Errorf("index: %w", err)
	}
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
	ix.stories = story.NewIndex() // nothing to read
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
func (ix *Index) sync() error { return ix.syncThen(nil) }

// syncThen is sync, and calls then, when it is not nil, from bleve's
// persister once the snapshot is written, before the persister goes on.
func (ix *Index) syncThen(then func()) error {
	failed := ix.failures()
	if err := ix.persistError(); err != nil {
		return err
	}
	persisted := make(chan error, 1)
	b := ix.b.NewBatch()
	b.SetPersistedCallback(func(err error) {
		if then != nil && err == nil {
			then()
		}
		select {
		case persisted <- err:
		default:
		}
	})
	if err := ix.b.Batch(b); err != nil {
		return fmt.Errorf("index: write to %s: %w", ix.dir, err)
	}
	select {
	case err := <-persisted:
		if err != nil {
			return fmt.Errorf("index: write %s to disk: %w", ix.dir, err)
		}
	case <-failed:
		return ix.persistError()
	}
	ix.synced = ix.batches()
	return nil
}

// batches returns how many batches bleve has committed to the index since
// it was opened, or 0 if it does not say.
func (ix *Index) batches() uint64 {
	s := scorchOf(ix.b)
	if s == nil {
		return 0
	}
	st, ok := s.Stats().(*scorch.Stats)
	if !ok {
		return 0
	}
	return atomic.LoadUint64(&st.TotBatches)
}

// scorchOf returns the scorch index under b, or nil when it is another.
func scorchOf(b bleve.Index) *scorch.Scorch {
	adv, err := b.Advanced()
	if err != nil {
		return nil
	}
	s, _ := adv.(*scorch.Scorch)
	return s
}

// Open opens the index in dir. Its mapping holds the analyzers over the
// user dictionary it was built with, so that queries (QueryAnalyzer) and
// new documents are cut as its documents were. It returns an error
// wrapping ErrNotExist when there is nothing at dir (no such path, or an
// empty directory), one wrapping ErrNotIndex when there is something else
// (a file, a directory of other things, an index without its
// index_meta.json), one wrapping ErrDamaged (a *DamageError) when a file
// of the index is damaged, and one wrapping ErrSchema (with the Index
// still usable for reading its Meta and its documents, and closed by the
// caller) when it was built by another version of xinwen. It never
// changes what it cannot open.
func Open(dir string) (*Index, error) {
	if err := recoverSwap(dir); err != nil {
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	if err := classify(dir); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	if err := verify(dir); err != nil {
		return nil, err
	}
	b, err := openBleve(dir, openConfig())
	if err != nil {
		return nil, err
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
	if err == nil {
		err = ix.loadDict()
	}
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
func (ix *Index) Meta() Meta {
	ix.metaMu.Lock()
	defer ix.metaMu.Unlock()
	return ix.meta
}

// Bleve returns the underlying bleve index, for package search.
func (ix *Index) Bleve() bleve.Index { return ix.b }

// Compact merges the index's segments into one and waits until that is on
// disk and bleve has deleted the files of the segments merged away. A bulk
// load leaves a dozen segments behind, which bleve would go on merging in
// the background while serving; one segment means one term dictionary and
// one posting list per term for every query, and a smaller index. It
// rewrites the whole index, so it is for after a large load.
func (ix *Index) Compact(ctx context.Context) error {
	adv, err := ix.b.Advanced()
	if err != nil {
		return fmt.Errorf("index: compact %s: %w", ix.dir, err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	// A force merge merges at most ten segments into each new one
	// (mergeplan.SingleSegmentMergePlanOptions): an index of more takes
	// more rounds, each leaving a tenth as many.
	for n, _ := liveSegments(s); n > 1; {
		if err := s.ForceMerge(ctx, nil); err != nil {
			return fmt.Errorf("index: compact %s: %w", ix.dir, err)
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("index: compact %s: %w", ix.dir, err)
		}
		m, _ := liveSegments(s)
		if m >= n {
			break // bleve merges no further
		}
		n = m
	}
	if err := ix.sync(); err != nil {
		return err
	}
	return ix.purge(ctx, s)
}

// maxPurges bounds the empty batches purge commits.
const maxPurges = 5

// purge has bleve delete the segment files that the current snapshot no
// longer uses. Bleve's persister deletes them each time it has written the
// last snapshot and waits for the next write, but keeps the files of
// older snapshots still open (a search in flight holds one), and it learns
// only in the background that one was closed: the clean-up that follows
// the merge may come too early for the files merged away, and the next one
// only with the next write. So purge writes (an empty batch) and waits for
// the clean-up after it, until no other files are left, at most maxPurges
// times: a file that a search still reads stays until a later write or the
// next Open. purge deletes nothing itself.
func (ix *Index) purge(ctx context.Context, s *scorch.Scorch) error {
	for i := 0; ; i++ {
		_, live := liveSegments(s)
		files, err := filepath.Glob(filepath.Join(storePath(ix.dir), "*.zap"))
		if err != nil {
			return fmt.Errorf("index: compact %s: %w", ix.dir, err)
		}
		stale := false
		for _, f := range files {
			stale = stale || !live[filepath.Base(f)]
		}
		if !stale || i == maxPurges {
			return nil
		}
		if err := ix.syncAndCleanUp(ctx, s); err != nil {
			return err
		}
	}
}

// syncAndCleanUp is sync, and then waits for bleve's clean-up after the
// write: its persister counts TotPersistLoopWait once it has cleaned up
// and waits for the next write, which it does as soon as it has caught up
// with the writes (or never, if the index is closed meanwhile).
func (ix *Index) syncAndCleanUp(ctx context.Context, s *scorch.Scorch) error {
	st, ok := s.Stats().(*scorch.Stats)
	if !ok {
		return ix.sync()
	}
	var written uint64
	if err := ix.syncThen(func() { written = atomic.LoadUint64(&st.TotPersistLoopWait) }); err != nil {
		return err
	}
	for atomic.LoadUint64(&st.TotPersistLoopWait) == written {
		select {
		case <-ctx.Done():
			return fmt.Errorf("index: compact %s: %w", ix.dir, ctx.Err())
		case <-time.After(time.Millisecond):
		}
		if _, err := ix.b.DocCount(); err != nil {
			return fmt.Errorf("index: compact %s: %w", ix.dir, err)
		}
	}
	return nil
}

// liveSegments returns how many segments the index's current snapshot has,
// and the names of their files.
func liveSegments(s *scorch.Scorch) (n int, files map[string]bool) {
	files = map[string]bool{}
	r, err := s.Reader()
	if err != nil {
		return 0, files
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, files
	}
	for _, seg := range snap.Segments() {
		if p, ok := seg.Segment().(segment.PersistedSegment); ok {
			files[filepath.Base(p.Path())] = true
		}
	}
	return len(snap.Segments()), files
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
	if s := scorchOf(ix.b); s != nil {
		byScorch.CompareAndDelete(s, ix)
	}
	if cerr := ix.b.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("index: close %s: %w", ix.dir, cerr)
	}
	ix.release()
	return err
}

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) { return ix.b.DocCount() }

// Add indexes docs in one batch, replacing any document with the same ID.
// Every document is validated first; if one is invalid nothing is written.
// They are written as they are: Complete, or a Pipeline, fills in what they
// lack.
func (ix *Index) Add(docs ...Document) error {
	entries := make([]Entry, len(docs))
	for i := range docs {
		e, err := Check(docs[i])
		if err != nil {
			return fmt.Errorf("document %q: %w", docs[i].ID, err)
		}
		entries[i] = e
	}
	w := ix.NewWriter(len(docs) + 1)
	w.maxBytes = 0
	for _, e := range entries {
		if err := w.Write(e); err != nil {
			return err
		}
	}
	return w.Flush()
}

// Get returns the stored document with the given id, or an error wrapping
// ErrNoDocument.
func (ix *Index) Get(id string) (Document, error) {
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{id}))
	req.Fields = StoredFields()
	res, err := ix.b.Search(req)
	if err != nil {
		return Document{}, fmt.Errorf("index: get %q: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return Document{}, fmt.Errorf("index: get %q: %w", id, ErrNoDocument)
	}
	if err := Inflate(res.Hits[0].Fields); err != nil {
		return Document{}, fmt.Errorf("index: get %q: %w", id, err)
	}
	return FromFields(id, res.Hits[0].Fields), nil
}

// ErrNoDocument is returned by Get for an id that is not in the index.
var ErrNoDocument = errors.New("no such document")

// DefaultBatchSize is how many documents a Writer commits at once unless
// told otherwise. Larger batches make fewer, larger segments (less merging
// later) at the cost of memory while the batch is analyzed.
const DefaultBatchSize = 1000

// DefaultBatchBytes is how much text (titles and bodies, in bytes) a
// Writer commits at once at most, whatever the count: indexing holds a
// batch's text several times over (as read, as stored, as analyzed), so a
// batch of a few huge articles must be cut short. A thousand articles of
// the CCTV corpus are 1.6 MB of text; a document larger than this is a
// batch of its own.
const DefaultBatchBytes = 16 << 20

// Writer adds documents in batches. A full batch is committed in the
// background while the caller reads, extracts and maps the documents of the
// next one; bleve analyzes the batch on all cores and builds its segment on
// one, while its persister and merger use what is left. (A second batch in
// flight measured no faster on two cores and held 180 MB more.) A batch is
// full at its count or at DefaultBatchBytes of text, whichever comes first.
// Documents are searchable once their batch is committed and on disk once
// Flush returns. The first error in writing, in the background or to disk,
// stops the Writer: every later call returns it. It is not safe for
// concurrent use.
type Writer struct {
	ix       *Index
	batch    *bleve.Batch
	size     int
	maxBytes int     // of text per batch; 0 for no limit
	bytes    int     // of text in batch
	pending  *flight // the batch being committed, if any
	added    int
	err      error // the first error of a background commit
	// cur and flying are the entries of the batch being filled and of the
	// one in flight, by id, which a change of story rewrites (stories.go)
	// and which Get cannot read yet.
	cur, flying map[string]Entry
	// commit commits a batch; tests replace it.
	commit func(*bleve.Batch) error
}

// flight is a batch being committed in the background.
type flight struct {
	n    int
	done chan struct{}
	err  error
}

// NewWriter returns a Writer that commits every batchSize documents, or
// sooner at DefaultBatchBytes of text.
func (ix *Index) NewWriter(batchSize int) *Writer {
	if batchSize < 1 {
		batchSize = 1
	}
	return &Writer{ix: ix, batch: ix.b.NewBatch(), size: batchSize, maxBytes: DefaultBatchBytes, commit: ix.b.Batch, cur: map[string]Entry{}}
}

// Add validates d (Check) and queues it, for a document that comes from
// elsewhere than a Pipeline. An invalid document is refused with an error
// and nothing is queued. See Write.
func (w *Writer) Add(d Document) error {
	e, err := Check(d)
	if err != nil {
		return fmt.Errorf("document %q: %w", d.ID, err)
	}
	return w.Write(e)
}

// Write queues e, sending the batch off to be committed when it is full:
// the Writer is a Pipeline's Sink. An error in committing an earlier
// batch, or in writing the index to disk, is returned by the next Write or
// Flush, and ends the load.
func (w *Writer) Write(e Entry) error {
	if e.fields == nil {
		return errors.New("index: an Entry that Check did not make")
	}
	if w.err == nil {
		w.err = w.ix.writeError()
	}
	if w.err != nil {
		return w.err
	}
	n := e.textBytes()
	if w.maxBytes > 0 && w.batch.Size() > 0 && w.bytes+n > w.maxBytes {
		w.send()
		if w.err != nil {
			return w.err
		}
	}
	err := w.ix.restory(e, w.recent, func(id string, fields map[string]interface{}) error {
		fields, err := w.ix.storedMap(fields)
		if err != nil {
			return err
		}
		if err := w.batch.Index(id, fields); err != nil {
			return fmt.Errorf("index: document %q: %w", id, err)
		}
		return nil
	})
	if err == nil {
		var fields map[string]interface{}
		if fields, err = w.ix.storedMap(e.fields); err == nil {
			err = w.batch.Index(e.doc.ID, fields)
		}
	}
	if err != nil {
		w.err = fmt.Errorf("index: document %q: %w", e.doc.ID, err)
		w.ix.dropStories()
		return w.err
	}
	w.cur[e.doc.ID] = e
	w.bytes += n
	if w.batch.Size() >= w.size || (w.maxBytes > 0 && w.bytes >= w.maxBytes) {
		w.send()
	}
	return w.err
}

// recent returns the entry of id in the batch being filled or the one in
// flight, the later first.
func (w *Writer) recent(id string) (Entry, bool) {
	if e, ok := w.cur[id]; ok {
		return e, true
	}
	e, ok := w.flying[id]
	return e, ok
}

// send waits for the batch in flight, if any, and starts committing the
// current one in the background. One batch at a time keeps them in order,
// so the last version of a document wins. A panic in committing (in
// bleve's segment building, which runs on this goroutine) is the batch's
// error, not the end of the process.
func (w *Writer) send() {
	w.land()
	n := w.batch.Size()
	if n == 0 || w.err != nil {
		return
	}
	f := &flight{n: n, done: make(chan struct{})}
	go func(b *bleve.Batch) {
		defer close(f.done)
		defer func() {
			if r := recover(); r != nil {
				slog.Error("index: panic in writing a batch", "index", w.ix.dir, "panic", r, "stack", string(debug.Stack()))
				f.err = fmt.Errorf("index: write batch to %s: panic: %v", w.ix.dir, r)
			}
		}()
		if err := w.commit(b); err != nil {
			f.err = fmt.Errorf("index: write batch to %s: %w", w.ix.dir, err)
		}
	}(w.batch)
	w.pending = f
	w.batch = w.ix.b.NewBatch()
	w.bytes = 0
	w.flying, w.cur = w.cur, map[string]Entry{}
}

// land waits for the batch in flight to be committed and accounts for it.
func (w *Writer) land() {
	f := w.pending
	if f == nil {
		return
	}
	w.pending = nil
	<-f.done
	w.flying = nil // searchable now, or never
	if f.err != nil {
		if w.err == nil {
			w.err = f.err
		}
		w.ix.dropStories()
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
