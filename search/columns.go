package search

import (
	"encoding/binary"
	"fmt"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bnumeric "github.com/blevesearch/bleve/v2/numeric"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/xinwen/xinwen/index"
)

// Columns: what every match costs.
//
// A search visits every article that matches, not only the page: the
// facets count all of them, and the ranking breaks ties by article id. Left
// to bleve, each match costs a visit to its doc values (a chunk of 1,024
// articles decompressed per field, then a binary search in it and a map
// lookup per value) for each faceted field, and a read of its id from the
// stored documents, a random access into the largest part of the index.
// On the CCTV corpus that was three quarters of a query's CPU time: a
// common word such as 发展 matches 30,735 articles.
//
// Sorted by date, each match also cost a doc-value visit for its date.
//
// So the searcher keeps, for each segment of the index, the ids, the
// faceted fields' values and the dates of all its articles in memory, as
// arrays indexed by document number: some 90 bytes an article (6.5 MB of
// heap for the CCTV corpus), read the first time a search meets the
// segment (120 ms for 74,504 articles, most of it walking the ids). A
// match then costs an array read per field.
//
// Segments are immutable, so the columns stay right as long as the
// segment lives; what a snapshot deletes in them is in its
// SegmentSnapshot, which no search matches and the counts skip. The cache
// keeps those of the snapshots searched last (columnCache).

// idField is bleve's field of the article ids.
const idField = "_id"

// columnFields are the fields whose values the columns hold: the faceted
// ones and the date that the date order sorts by (index.Field.Column), and
// the id that breaks ties.
var columnFields = append(index.FieldNames(func(f index.Field) bool { return f.Column }), idField)

// segmentColumns are the values of columnFields of one segment's
// articles, by field.
type segmentColumns struct {
	fields map[string]*column
}

// column is the values of one field in a segment, by the segment's
// document numbers (deleted articles included, which no search matches).
type column struct {
	// terms are the field's values in the segment, in term order.
	terms []string
	// first is, by document number, 1 + the index in terms of the
	// article's first value, or 0 when it has none.
	first []uint32
	// more are the other values of the articles that have several (the
	// fields have one value an article, but the index does not forbid
	// more).
	more map[uint32][]uint32
	// byDoc is, for the id column only, the article's id by document
	// number: a relevance search reads the id of every match, in document
	// order, and terms[first[doc]-1] jumps about the 1.2 MB of the CCTV
	// corpus's terms (a cache miss a match, a tenth of a common word's
	// search) where byDoc is read straight through.
	byDoc []string
}

// readColumns reads the columns of seg from each field's terms and their
// postings: the terms the doc values hold, which bleve's facets and sorts
// read. The ids too: reading them from the stored documents would be
// faster (30 ms instead of 90 for the CCTV corpus) but would map the whole
// stored text into the server's memory: its RSS after the bench's queries
// was 386 MB instead of 376.
func readColumns(seg segment.Segment) (*segmentColumns, error) {
	n := seg.Count()
	sc := &segmentColumns{fields: make(map[string]*column, len(columnFields))}
	for _, field := range columnFields {
		col, err := readColumn(seg, field, n)
		if err != nil {
			return nil, fmt.Errorf("search: read the values of %s: %w", field, err)
		}
		sc.fields[field] = col
	}
	return sc, nil
}

// readColumn reads the values of field. A date is indexed at several
// precisions, for range queries; only its full one is kept, the one bleve
// sorts by.
func readColumn(seg segment.Segment, field string, n uint64) (*column, error) {
	numeric := field == index.FieldTime
	col := &column{first: make([]uint32, n), more: map[uint32][]uint32{}}
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	var (
		pl   segment.PostingsList
		pi   segment.PostingsIterator
		term []byte
	)
	it := dict.AutomatonIterator(nil, nil, nil)
	for {
		e, err := it.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if numeric && !fullPrecision(e.Term) {
			continue
		}
		col.terms = append(col.terms, e.Term)
		ord := uint32(len(col.terms))
		term = append(term[:0], e.Term...)
		if pl, err = dict.PostingsList(term, nil, pl); err != nil {
			return nil, err
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return nil, err
			}
			if p == nil {
				break
			}
			doc := uint32(p.Number())
			if col.first[doc] == 0 {
				col.first[doc] = ord
			} else {
				col.more[doc] = append(col.more[doc], ord)
			}
		}
	}
	if field == idField {
		col.byDoc = make([]string, n)
		for doc, ord := range col.first {
			if ord > 0 {
				col.byDoc[doc] = col.terms[ord-1]
			}
		}
	}
	return col, nil
}

// fullPrecision reports whether a term of a numeric or date field is its
// value at full precision (prefix-coded with a shift of 0).
func fullPrecision(term string) bool {
	valid, shift := bnumeric.ValidPrefixCodedTermBytes([]byte(term))
	return valid && shift == 0
}

// view is the columns of one snapshot of the index: its segments in order,
// each at the offset where its document numbers start in the snapshot's
// numbering (bleve's internal ids are those numbers, big-endian).
type view struct {
	segs []viewSegment
	// totals are the counts of the snapshot's articles by month and year
	// under the filters of recent requests, which the date facet's shares
	// divide by (attention.go).
	totals totalsCache
}

type viewSegment struct {
	start, end uint64 // the snapshot's document numbers of the segment: [start, end)
	cols       *segmentColumns
	// ss is the segment in the snapshot, whose deleted articles are in
	// the columns but in no search.
	ss *scorch.SegmentSnapshot
}

// find returns the index of the segment holding document number n.
func (v *view) find(n uint64) int {
	return sort.Search(len(v.segs), func(i int) bool { return v.segs[i].end > n })
}

// docNumber reads a bleve internal id of the scorch index.
func docNumber(id bindex.IndexInternalID) uint64 { return binary.BigEndian.Uint64(id) }

// columnCache keeps the views of the snapshots of the index that searches
// read last, and through them the columns of their segments.
//
// The index changes while it is served: each write makes a new snapshot
// (a new segment, and deletions in older ones), and bleve's merger makes
// others (a merged segment in place of the ones it merged). A search
// reads the snapshot of its start, so searches that run together may
// read different ones; keeping only the latest view would drop, at each
// change, the columns that a search still on the older snapshot then reads
// again (120 ms for a large merged segment), and again for the next
// search on the new one. So the cache keeps the views of the last
// keptViews snapshots, and a new view takes the columns of every segment
// it shares with them: only a new segment is read.
type columnCache struct {
	mu    sync.Mutex
	views []cachedView // the most recently read first
	// read counts the segments whose columns were read.
	read int
}

// cachedView is the view of one snapshot, held only to compare: a new
// snapshot is a new pointer.
type cachedView struct {
	snap *scorch.IndexSnapshot
	view *view
}

// keptViews is how many snapshots' views the cache keeps. Their columns
// overlap: a segment's are kept once, whatever the views that share it.
const keptViews = 4

// viewOf returns the view of the snapshot r, reading the columns of the
// segments it has not seen.
func (c *columnCache) viewOf(r bindex.IndexReader) (*view, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("search: the index is a %T, not a scorch index", r)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, cv := range c.views {
		if cv.snap == snap {
			copy(c.views[1:i+1], c.views[:i])
			c.views[0] = cv
			return cv.view, nil
		}
	}
	known := map[segment.Segment]*segmentColumns{}
	for _, cv := range c.views {
		for _, vs := range cv.view.segs {
			known[vs.ss.Segment()] = vs.cols
		}
	}
	v := &view{}
	var start uint64
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		cols, ok := known[seg]
		if !ok {
			var err error
			if cols, err = readColumns(seg); err != nil {
				return nil, err
			}
			c.read++
		}
		end := start + seg.Count()
		v.segs = append(v.segs, viewSegment{start: start, end: end, cols: cols, ss: ss})
		start = end
	}
	c.views = append([]cachedView{{snap, v}}, c.views[:min(len(c.views), keptViews-1)]...)
	return v, nil
}
