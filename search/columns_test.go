package search

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/xinwen/xinwen/index"
)

// facetFields are the fields that the facets count.
var facetFields = index.FieldNames(func(f index.Field) bool { return f.Facet != "" })

// TestColumnsAgreeWithBleve checks that the tally counts the facets, and
// that sortColumn sorts by date and breaks ties by id, exactly as bleve's
// own terms facets, SortField and SortDocID do, over an index of several
// segments in which some articles were replaced (so older segments hold
// deleted copies), one article has two provinces, some have no date, and
// many tie.
func TestColumnsAgreeWithBleve(t *testing.T) {
	m, err := index.NewMapping(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bleve.NewUsing(filepath.Join(t.TempDir(), "ix"), m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	provinces := []any{"Shanxi", "Gansu", nil, "Hebei", []string{"Shanxi", "Gansu"}}
	sources := []any{"Shanxi Daily", nil, "Xinhua"}
	doc := func(i, version int) map[string]any {
		d := map[string]any{
			// Few distinct titles: many articles score the same.
			index.FieldTitle: fmt.Sprintf("会议 %d", i%3),
			index.FieldBody:  strings.Repeat("改革 ", 1+i%2+version),
		}
		if p := provinces[i%len(provinces)]; p != nil {
			d[index.FieldProvince] = p
		}
		if s := sources[i%len(sources)]; s != nil {
			d[index.FieldSource] = s
		}
		switch i % 4 {
		case 0, 1: // a day; several articles on each
			day := time.Date(2023+i%2, time.Month(1+i%5), 1+i%3, 0, 0, 0, 0, time.UTC)
			d[index.FieldTime] = day
			d[index.FieldYear] = day.Format("2006")
			d[index.FieldMonth] = day.Format("2006-01")
		case 2: // without a year
			d[index.FieldYear] = index.YearUnknown
		}
		return d
	}
	// Ids in no particular order, three batches (three segments, unless
	// bleve merges them), the last replacing some of the first.
	id := func(i int) string { return fmt.Sprintf("a%03d", (i*37)%101) }
	for _, batch := range [][2]int{{0, 40}, {40, 80}, {10, 30}} {
		bb := b.NewBatch()
		for i := batch[0]; i < batch[1]; i++ {
			if err := bb.Index(id(i), doc(i, batch[0]/40)); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Batch(bb); err != nil {
			t.Fatal(err)
		}
	}

	cache := &columnCache{}
	queries := map[string]query.Query{
		"every article": query.NewMatchAllQuery(),
		"a word":        termQuery("改革", index.FieldBody),
		"a title word":  termQuery("会议", index.FieldTitle),
	}
	for name, q := range queries {
		for _, sortBy := range []string{"relevance", "date", "-date"} {
			t.Run(fmt.Sprintf("%s sorted by %s", name, sortBy), func(t *testing.T) {
				wantOrder := bsearch.SortOrder{&bsearch.SortScore{Desc: true}, &bsearch.SortDocID{}}
				gotOrder := func(tl *tally) bsearch.SortOrder {
					return bsearch.SortOrder{&bsearch.SortScore{Desc: true}, newSortColumn(tl, idField, false)}
				}
				if sortBy != "relevance" {
					desc := sortBy == "-date"
					wantOrder = bsearch.SortOrder{&bsearch.SortField{Field: index.FieldTime, Desc: desc, Type: bsearch.SortFieldAuto, Missing: bsearch.SortFieldMissingLast}, &bsearch.SortDocID{}}
					gotOrder = func(tl *tally) bsearch.SortOrder {
						return bsearch.SortOrder{newSortColumn(tl, index.FieldTime, desc), newSortColumn(tl, idField, false)}
					}
				}
				want := bleve.NewSearchRequestOptions(q, 1000, 0, false)
				want.SortByCustom(wantOrder)
				for _, f := range facetFields {
					want.AddFacet(f, bleve.NewFacetRequest(f, 1000))
				}
				wres, err := b.Search(want)
				if err != nil {
					t.Fatal(err)
				}

				tl := newTally(cache, facetFields...)
				got := bleve.NewSearchRequestOptions(tallyQuery{q, tl}, 1000, 0, false)
				got.SortByCustom(gotOrder(tl))
				gres, err := b.Search(got)
				if err != nil {
					t.Fatal(err)
				}

				if gres.Total != wres.Total || gres.Total < 50 {
					t.Fatalf("total %d, bleve's %d (want 50 or more)", gres.Total, wres.Total)
				}
				if g, w := hitIDs(gres.Hits), hitIDs(wres.Hits); g != w {
					t.Errorf("order\n got %s\nwant %s", g, w)
				}
				for i := range gres.Hits {
					if g, w := gres.Hits[i].Sort, wres.Hits[i].Sort; !slices.Equal(g, w) {
						t.Fatalf("hit %d: sort values %q, bleve's %q", i, g, w)
					}
				}
				// Searching before a hit reverses the order, then puts it
				// back.
				before := func(order bsearch.SortOrder, q query.Query) string {
					r := bleve.NewSearchRequestOptions(q, 9, 0, false)
					r.SortByCustom(order)
					r.SearchBefore = wres.Hits[5].Sort
					if sortBy == "relevance" {
						r.SearchBefore = []string{fmt.Sprint(wres.Hits[5].Score), wres.Hits[5].ID}
					}
					res, err := b.Search(r)
					if err != nil {
						t.Fatal(err)
					}
					return hitIDs(res.Hits)
				}
				tb := newTally(cache)
				if g, w := before(gotOrder(tb), tallyQuery{q, tb}), before(wantOrder, q); g != w {
					t.Errorf("before the 6th hit\n got %s\nwant %s", g, w)
				}
				for _, f := range facetFields {
					fr := wres.Facets[f]
					w := facetCount{values: map[string]int{}, missing: fr.Missing}
					for _, tf := range fr.Terms.Terms() {
						w.values[tf.Term] = tf.Count
					}
					g := tl.result(f)
					if !maps.Equal(g.values, w.values) || g.missing != w.missing {
						t.Errorf("%s: got %v missing %d, bleve's %v missing %d", f, g.values, g.missing, w.values, w.missing)
					}
				}
			})
		}
	}
	t.Run("a cursor from the id sort continues where bleve's would", func(t *testing.T) {
		q := termQuery("会议", index.FieldTitle)
		tl := newTally(cache)
		first := bleve.NewSearchRequestOptions(tallyQuery{q, tl}, 7, 0, false)
		first.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true}, newSortColumn(tl, idField, false)})
		fres, err := b.Search(first)
		if err != nil {
			t.Fatal(err)
		}
		last := fres.Hits[len(fres.Hits)-1]
		after := []string{fmt.Sprint(last.Score), last.Sort[1]}
		tl2 := newTally(cache)
		next := bleve.NewSearchRequestOptions(tallyQuery{q, tl2}, 7, 0, false)
		next.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true}, newSortColumn(tl2, idField, false)})
		next.SearchAfter = after
		nres, err := b.Search(next)
		if err != nil {
			t.Fatal(err)
		}
		want := bleve.NewSearchRequestOptions(q, 7, 7, false)
		want.SortBy([]string{"-_score", "_id"})
		wres, err := b.Search(want)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := hitIDs(nres.Hits), hitIDs(wres.Hits); g != w || last.Sort[1] != last.ID {
			t.Errorf("next page %s, bleve's %s (sort value %q of %s)", g, w, last.Sort[1], last.ID)
		}
	})
}

func termQuery(term, field string) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	return q
}

func hitIDs(hits bsearch.DocumentMatchCollection) string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return strings.Join(out, " ")
}

// TestColumnsFollowTheIndex checks that a search sees articles added
// after the columns of the index were first read.
func TestColumnsFollowTheIndex(t *testing.T) {
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	s, err := New(ix)
	if err != nil {
		t.Fatal(err)
	}
	var provinces []string
	for i, p := range []string{"Shanxi", "Gansu", "Shanxi"} {
		if err := ix.Add(index.Document{ID: fmt.Sprintf("d%d", 3-i), Title: "会议", Date: "2024-03-05", Province: p}); err != nil {
			t.Fatal(err)
		}
		r, err := s.Search(t.Context(), Request{Query: "会议"})
		if err != nil {
			t.Fatal(err)
		}
		provinces = append(provinces, ids(r)+": "+counts(r.Facets.Province))
	}
	want := []string{"d3: Shanxi/山西 1", "d2 d3: Gansu/甘肃 1, Shanxi/山西 1", "d1 d2 d3: Shanxi/山西 2, Gansu/甘肃 1"}
	if !slices.Equal(provinces, want) {
		t.Errorf("after each article\n got %q\nwant %q", provinces, want)
	}
}

// TestConcurrentSearchesShareTheColumns runs searches at once on a new
// Searcher, so that they meet the columns before they are read, and checks
// each gives what it gives alone (go test -race checks the sharing too).
func TestConcurrentSearchesShareTheColumns(t *testing.T) {
	base := newSearcher(t)
	reqs := []Request{{Query: "改革"}, {Sort: SortDate}, {Query: "coal OR 改革", Provinces: []string{"Shanxi"}}, {}}
	want := make([]string, len(reqs))
	for i, r := range reqs {
		res, err := base.Search(t.Context(), r)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = ids(res) + " | " + counts(res.Facets.Province) + " | " + dateCounts(res.Facets.Date.Years)
	}
	s, err := New(base.ix)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]string, 4*len(reqs))
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := s.Search(t.Context(), reqs[i%len(reqs)])
			if err != nil {
				got[i] = err.Error()
				return
			}
			got[i] = ids(res) + " | " + counts(res.Facets.Province) + " | " + dateCounts(res.Facets.Date.Years)
		}()
	}
	wg.Wait()
	for i, g := range got {
		if w := want[i%len(reqs)]; g != w {
			t.Errorf("%+v\n got %s\nwant %s", reqs[i%len(reqs)], g, w)
		}
	}
}
