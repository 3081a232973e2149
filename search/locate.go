package search

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index"
)

// Highlights: the locations of the page's matches only.
//
// The highlights need the locations of the matched words in each hit of
// the page. Asked for them, bleve decodes and keeps the locations of every
// match, not just the page's: for a common word (发展, 30,735 articles) a
// quarter of the query's time on the CCTV corpus. So the search asks for
// none, and locate finds the page's afterwards by running the query again
// through a keyhole: an index reader whose postings hold only the page's
// articles. Every searcher of the query (terms, phrases, AND, OR, NOT)
// then decides each of those articles exactly as in the search, from the
// same postings, so the locations are the same; the articles in between
// are skipped, their positions never decoded (bleve still steps through
// their numbers: a long query's common words cost a few ms). (Running the
// query again ANDed with the page's ids would not do: a phrase that does
// not match an article reads ahead to its next match, which can be the
// whole index.)

// locate sets the match locations of hits, a page of q's matches. The
// filters are left out of q: they match the page's articles and mark
// nothing. The page is located in the index as it is now: an article
// deleted by a write since the search is left without, and one replaced
// is located in its new text, whose marks the snippet cutter then checks
// against the text it shows (mergeSpans) and drops where they do not fit.
func (s *Searcher) locate(ctx context.Context, q query.Query, hits bsearch.DocumentMatchCollection) (err error) {
	defer recovered(&err)
	if len(hits) == 0 {
		return nil
	}
	if ctx.Err() != nil {
		return ctxErr(ctx)
	}
	adv, err := s.ix.Bleve().Advanced()
	if err != nil {
		return fmt.Errorf("search: locate: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("search: locate: %w", err)
	}
	defer r.Close()
	kh := keyhole{IndexReader: r}
	byDoc := map[string]*bsearch.DocumentMatch{}
	for _, h := range hits {
		doc, err := r.InternalID(h.ID)
		if err != nil {
			return fmt.Errorf("search: locate %s: %w", h.ID, err)
		}
		if doc != nil {
			kh.docs = append(kh.docs, doc)
			byDoc[string(doc)] = h
		}
		h.Locations = nil
	}
	slices.SortFunc(kh.docs, func(a, b bindex.IndexInternalID) int { return bytes.Compare(a, b) })

	searcher, err := q.Searcher(ctx, kh, s.ix.Bleve().Mapping(), bsearch.SearcherOptions{IncludeTermVectors: true})
	if err != nil {
		return fmt.Errorf("search: locate: %w", err)
	}
	defer searcher.Close()
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+1, 0),
		IndexReader:       kh,
	}
	for {
		// bleve's collector looks at the context every 1,024 matches;
		// here every match may be a long article.
		if ctx.Err() != nil {
			return ctxErr(ctx)
		}
		dm, err := searcher.Next(sctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctxErr(ctx)
			}
			return fmt.Errorf("search: locate: %w", err)
		}
		if dm == nil {
			return nil
		}
		if h := byDoc[string(dm.IndexInternalID)]; h != nil {
			dm.Complete(nil) // the term locations become Locations, as the collector does
			h.Locations = dm.Locations
			unpack(h)
		}
		// Not returned to the pool: h keeps its Locations.
	}
}

// inflate decompresses the bodies of hits, which the index keeps
// compressed (index.Inflate): the page's only.
func inflate(hits bsearch.DocumentMatchCollection) error {
	for _, h := range hits {
		if err := index.Inflate(h.Fields); err != nil {
			return fmt.Errorf("search: %s: %w", h.ID, err)
		}
	}
	return nil
}

// unpack turns the packed offsets of h's locations (the index keeps them
// packed: see analyzer.UnitStarts) into byte offsets of the texts of h's
// fields. A field whose text the hit does not hold keeps them packed: it
// is not shown.
func unpack(h *bsearch.DocumentMatch) {
	for field, terms := range h.Locations {
		text, ok := h.Fields[field].(string)
		if !ok {
			continue
		}
		us := analyzer.Units([]byte(text))
		for _, locs := range terms {
			for _, l := range locs {
				start, end := us.Unpack(int(l.Pos), l.Start, l.End)
				l.Start, l.End = uint64(max(start, 0)), uint64(max(end, 0))
			}
		}
	}
}

// keyhole is an index reader whose postings and document lists hold only
// docs (in ascending order) of the index it reads; everything else (the
// term dictionaries, the counts that scoring reads, the documents) is the
// index's. Searchers move through postings by Next and Advance, so the
// keyhole's postings jump from one of docs to the next.
type keyhole struct {
	bindex.IndexReader
	docs []bindex.IndexInternalID
}

func (k keyhole) TermFieldReader(ctx context.Context, term []byte, field string, includeFreq, includeNorm, includeTermVectors bool) (bindex.TermFieldReader, error) {
	r, err := k.IndexReader.TermFieldReader(ctx, term, field, includeFreq, includeNorm, includeTermVectors)
	if err != nil {
		return nil, err
	}
	return &keyholeTerms{TermFieldReader: r, docs: k.docs}, nil
}

func (k keyhole) DocIDReaderAll() (bindex.DocIDReader, error) {
	return &keyholeDocs{docs: k.docs}, nil
}

// FieldDictContains is the index's: with it, a date range query reads only
// the terms that are in the index.
func (k keyhole) FieldDictContains(field string) (bindex.FieldDictContains, error) {
	c, ok := k.IndexReader.(bindex.IndexReaderContains)
	if !ok {
		return nil, fmt.Errorf("search: the index reader %T cannot tell which terms it holds", k.IndexReader)
	}
	return c.FieldDictContains(field)
}

// keyholeTerms is a term's postings, only those of docs.
type keyholeTerms struct {
	bindex.TermFieldReader
	docs []bindex.IndexInternalID
	next int // docs[next:] are yet to come
}

func (t *keyholeTerms) Next(pre *bindex.TermFieldDoc) (*bindex.TermFieldDoc, error) {
	for t.next < len(t.docs) {
		d, err := t.TermFieldReader.Advance(t.docs[t.next], pre)
		if err != nil || d == nil {
			t.next = len(t.docs)
			return nil, err
		}
		t.skipTo(d.ID)
		if t.next < len(t.docs) && bytes.Equal(t.docs[t.next], d.ID) {
			t.next++
			return d, nil
		}
	}
	return nil, nil
}

func (t *keyholeTerms) Advance(id bindex.IndexInternalID, pre *bindex.TermFieldDoc) (*bindex.TermFieldDoc, error) {
	t.skipTo(id)
	return t.Next(pre)
}

// skipTo moves past the docs before id.
func (t *keyholeTerms) skipTo(id bindex.IndexInternalID) {
	for t.next < len(t.docs) && bytes.Compare(t.docs[t.next], id) < 0 {
		t.next++
	}
}

// keyholeDocs lists docs: every document, through the keyhole.
type keyholeDocs struct {
	docs []bindex.IndexInternalID
	next int
}

func (d *keyholeDocs) Next() (bindex.IndexInternalID, error) {
	if d.next == len(d.docs) {
		return nil, nil
	}
	d.next++
	return d.docs[d.next-1], nil
}

func (d *keyholeDocs) Advance(id bindex.IndexInternalID) (bindex.IndexInternalID, error) {
	for d.next < len(d.docs) && bytes.Compare(d.docs[d.next], id) < 0 {
		d.next++
	}
	return d.Next()
}

func (d *keyholeDocs) Size() int    { return 0 }
func (d *keyholeDocs) Close() error { return nil }
