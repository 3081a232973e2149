package search

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/index"
)

// phraseIndex indexes the test corpora, a few articles at a time (so that
// phrases span segments), and articles of repeated words of our own.
func phraseIndex(t testing.TB) *index.Index {
	t.Helper()
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var batch []index.Document
	add := func(d index.Document) error {
		if batch = append(batch, d); len(batch) == 7 {
			err := ix.Add(batch...)
			batch = batch[:0]
			return err
		}
		return nil
	}
	p := index.Pipeline{Sink: index.SinkFunc(func(e index.Entry) error { return add(e.Document()) })}
	if _, err := p.Run(context.Background(), index.Reader{}.Files("testdata/corpus.jsonl", "testdata/places.jsonl")); err != nil {
		t.Fatal(err)
	}
	batch = append(batch,
		index.Document{ID: "rep1", Title: "经济经济发展发展", Body: "经济发展经济发展经济。发展经济经济发展，经济经济经济发展发展发展。"},
		index.Document{ID: "rep2", Title: "coal coal coal", Body: "Coal coal power coal power power coal. Power coal coal power."},
		index.Document{ID: "rep3", Title: "福州与抚州", Body: "Fuzhou Fuzhou metro, 福州福州地铁，Fuzhou metro Fuzhou."},
	)
	if err := ix.Add(batch...); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestPhraseAgreesWithBleve checks that xinwen's phrase query finds the
// articles bleve's MultiPhraseQuery finds, in the same order, with the
// same scores and the same match locations (what the highlights show),
// for every phrase cut from the articles' text and for phrases with
// repeated words, alternatives and gaps.
func TestPhraseAgreesWithBleve(t *testing.T) {
	ix := phraseIndex(t)
	s, err := New(ix)
	if err != nil {
		t.Fatal(err)
	}
	// Windows of the articles' text, the query analyzer's phrases of
	// them, and phrases written for the repeated articles.
	texts := []string{"经济发展", "经济经济", "发展经济经济发展", "经济经济经济", "coal coal", "coal power coal", "power coal coal power",
		"Fuzhou metro", "福州地铁", "Fuzhou Fuzhou", "福州福州", "发展经济", "国有企业改革", "Coking Coal", "coking coal system", "改革 经济"}
	for _, id := range []string{"sx1", "sx2", "sx3", "gs1", "en1", "cn1", "zh-fuzhou-fj", "en-fuzhou"} {
		d, err := ix.Get(id)
		if err != nil {
			continue
		}
		for _, text := range []string{d.Title, d.Body} {
			runes := []rune(text)
			for _, width := range []int{4, 7, 12} {
				for i := 0; i+width <= len(runes); i += 5 {
					texts = append(texts, string(runes[i:i+width]))
				}
			}
		}
	}
	// Fixed statistics for BM25: bleve's own count the terms of each
	// segment, and change when the segments merge in the background
	// between the two searches.
	n, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), bsearch.BM25StatsKey,
		&bsearch.BM25Stats{DocCount: float64(n), FieldCardinality: map[string]int{index.FieldTitle: 500, index.FieldBody: 2000}})
	phrases, matched := 0, 0
	for _, text := range texts {
		tokens := s.qa.Analyze([]byte(text))
		if positions(tokens) < 2 {
			continue
		}
		for _, field := range []string{index.FieldTitle, index.FieldBody} {
			ours, ok := fieldQuery(tokens, field, 1.5).(*phraseQuery)
			if !ok {
				t.Fatalf("%q is not a phrase", text)
			}
			theirs := query.NewMultiPhraseQuery(ours.slots, field)
			theirs.SetBoost(1.5)
			for _, locations := range []bool{true, false} {
				got, want := phraseHits(t, ix, ctx, ours, locations), phraseHits(t, ix, ctx, theirs, locations)
				if got != want {
					t.Errorf("%s:%q %v, locations %v:\n got %s\nwant %s", field, text, ours.slots, locations, got, want)
				}
			}
			want := phraseHits(t, ix, ctx, theirs, false)
			phrases++
			if want != "" {
				matched++
			}
		}
	}
	if phrases < 200 || matched < 50 {
		t.Errorf("only %d phrases, %d of them matching", phrases, matched)
	}
}

// phraseHits runs q and renders its hits: ids, scores and, when asked
// for, locations.
func phraseHits(t *testing.T, ix *index.Index, ctx context.Context, q query.Query, locations bool) string {
	t.Helper()
	r := bleve.NewSearchRequestOptions(q, 100, 0, false)
	r.IncludeLocations = locations
	res, err := ix.Bleve().SearchInContext(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		var locs []string
		// bleve's phrase gives its locations even when not asked for;
		// ours does not, as nobody reads them.
		for field, tlm := range h.Locations {
			if !locations {
				break
			}
			for term, ls := range tlm {
				for _, l := range ls {
					locs = append(locs, fmt.Sprintf("%s:%s@%d[%d:%d]", field, term, l.Pos, l.Start, l.End))
				}
			}
		}
		slices.Sort(locs)
		locs = slices.Compact(locs)
		out = append(out, fmt.Sprintf("%s %.6g %s", h.ID, h.Score, strings.Join(locs, " ")))
	}
	return strings.Join(out, "\n")
}

// TestPhraseStopsWhenTheContextIsDone checks that a phrase gives up inside
// one article whose words occur many times, not only between articles:
// bleve's collector looks at the context every 1,024 articles, and one
// long article cost minutes of CPU after its client had gone.
func TestPhraseStopsWhenTheContextIsDone(t *testing.T) {
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(index.Document{ID: "long", Title: "长文", Body: strings.Repeat("中国经济发展。", 3*checkEvery)}); err != nil {
		t.Fatal(err)
	}
	qa := ix.QueryAnalyzer()
	for _, tt := range []struct {
		name      string
		phrase    string
		locations bool // asked for, as locate asks: every occurrence is read
		checks    int  // looks at the context before it is done
		want      string
	}{
		{"a phrase is found in the long article while there is time", "经济发展", false, 1 << 30, "long"},
		{"a phrase is located in the long article while there is time", "经济发展", true, 1 << 30, "long"},
		{"a phrase gives up when the context is done before it starts", "经济发展", false, 0, "context canceled"},
		{"a phrase gives up when the context is done while it locates its occurrences", "经济发展", true, 2, "context canceled"},
		{"a phrase that is not there gives up when the context is done while it looks", "经济中国", false, 2, "context canceled"},
		{"a phrase that is not there is not found while there is time", "经济中国", false, 1 << 30, "<nil>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := fieldQuery(qa.Analyze([]byte(tt.phrase)), index.FieldBody, 1)
			ctx := &doneAfter{Context: context.Background(), checks: tt.checks}
			adv, err := ix.Bleve().Advanced()
			if err != nil {
				t.Fatal(err)
			}
			r, err := adv.Reader()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			s, err := q.Searcher(ctx, r, ix.Bleve().Mapping(), bsearch.SearcherOptions{IncludeTermVectors: tt.locations})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
			dm, err := s.Next(sctx)
			got := fmt.Sprint(err)
			if dm != nil {
				id, _ := r.ExternalID(dm.IndexInternalID)
				got = id
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// doneAfter is a context that is done (canceled) after checks looks at
// its Err.
type doneAfter struct {
	context.Context
	checks int
}

func (c *doneAfter) Err() error {
	if c.checks <= 0 {
		return context.Canceled
	}
	c.checks--
	return nil
}

// BenchmarkPhraseLongArticle finds a phrase in one article of 128 KB that
// repeats it, with bleve's phrase query and with xinwen's, as a search
// does (no locations) and as locate does: bleve's time grows with the
// square of the article's length, xinwen's with its length.
func BenchmarkPhraseLongArticle(b *testing.B) {
	ix, err := index.Create(filepath.Join(b.TempDir(), "ix"), "")
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(index.Document{ID: "long", Title: "长文", Body: strings.Repeat("中国经济发展。", 128<<10/21)}); err != nil {
		b.Fatal(err)
	}
	qa := ix.QueryAnalyzer()
	ours := fieldQuery(qa.Analyze([]byte("经济发展")), index.FieldBody, 1).(*phraseQuery)
	for _, q := range []struct {
		name      string
		q         query.Query
		locations bool
	}{
		{"bleve", query.NewMultiPhraseQuery(ours.slots, index.FieldBody), false},
		{"xinwen", ours, false},
		{"bleve with locations", query.NewMultiPhraseQuery(ours.slots, index.FieldBody), true},
		{"xinwen with locations", ours, true},
	} {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				r := bleve.NewSearchRequest(q.q)
				r.IncludeLocations = q.locations
				res, err := ix.Bleve().Search(r)
				if err != nil || res.Total != 1 {
					b.Fatalf("%v, %v", res, err)
				}
			}
		})
	}
}

// TestPhraseReadsEachArticleOnce checks that a phrase (and a NEAR) that
// only ranks, as the phrase of a run does under op=or, reads the
// positions of each article with all its words once, however often the
// search asks it for the next match: bleve's conjunction reads a word
// whose articles it has finished again from the start when it is asked
// for an article before its last, and every match of the required words
// asked the phrase, so a phrase that is nowhere cost the square of its
// articles (seconds for a pair of words in a few thousand articles).
func TestPhraseReadsEachArticleOnce(t *testing.T) {
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// Articles with both words apart, and articles with neither; all of
	// them have the required word.
	const apart = 30
	var docs []index.Document
	for i := range apart {
		docs = append(docs,
			index.Document{ID: fmt.Sprintf("apart%02d", i), Title: "报道", Body: "经济工作要求深化改革，同时也要着力促进发展。"},
			index.Document{ID: fmt.Sprintf("other%02d", i), Title: "报道", Body: "深化改革开放。"})
	}
	if err := ix.Add(docs...); err != nil {
		t.Fatal(err)
	}
	qa := ix.QueryAnalyzer()
	n, err := parse("经济 NEAR/1 发展", false)
	if err != nil {
		t.Fatal(err)
	}
	near, err := (&compiler{qa: qa}).compile(n)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		ranker query.Query
	}{
		{"a phrase that is nowhere reads each article with its words once", fieldQuery(qa.Analyze([]byte("经济发展")), index.FieldBody, 1)},
		{"a NEAR that is nowhere reads each article with its words once", near.(*query.DisjunctionQuery).Disjuncts[1]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			read := 0
			must := query.NewTermQuery("改革")
			must.SetField(index.FieldBody)
			// Another word that ranks keeps the disjunction of those
			// that rank going after the phrase has found its last.
			also := query.NewTermQuery("开放")
			also.SetField(index.FieldBody)
			q := query.NewBooleanQuery([]query.Query{must}, []query.Query{countedQuery{tt.ranker, &read}, also}, nil)
			r := bleve.NewSearchRequestOptions(q, 100, 0, false)
			res, err := ix.Bleve().Search(r)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 2*apart {
				t.Errorf("%d hits, want all %d articles", res.Total, 2*apart)
			}
			if read > apart {
				t.Errorf("read the positions of %d articles, want at most the %d with both words", read, apart)
			}
		})
	}
}

// countedQuery is a phrase or NEAR query that counts the articles whose
// positions its searcher reads: the matches of its conjunction.
type countedQuery struct {
	q    query.Query
	read *int
}

func (c countedQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := c.q.Searcher(ctx, r, m, o)
	switch s := s.(type) {
	case *phraseSearcher:
		s.all = countingSearcher{s.all, c.read}
	case *nearSearcher:
		s.Searcher = countingSearcher{s.Searcher, c.read}
	default:
		return nil, fmt.Errorf("a %T, not a phrase or NEAR searcher", s)
	}
	return s, err
}

// countingSearcher counts the matches its searcher gives.
type countingSearcher struct {
	bsearch.Searcher
	n *int
}

func (c countingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	dm, err := c.Searcher.Next(ctx)
	if dm != nil {
		*c.n++
	}
	return dm, err
}

func (c countingSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := c.Searcher.Advance(ctx, id)
	if dm != nil {
		*c.n++
	}
	return dm, err
}
