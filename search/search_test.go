package search

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/index"
)

// newSearcher returns a Searcher over the articles written for these tests
// (testdata/corpus.jsonl), indexed once per test binary.
func newSearcher(t testing.TB, opts ...Option) *Searcher {
	return searcherOver(t, "testdata/corpus.jsonl", opts...)
}

// searcherOver returns a Searcher over the articles in corpus, indexed once
// per test binary.
func searcherOver(t testing.TB, corpus string, opts ...Option) *Searcher {
	t.Helper()
	testIndexMu.Lock()
	ti := testIndexes[corpus]
	if ti == nil {
		ti = &testIndex{}
		testIndexes[corpus] = ti
	}
	testIndexMu.Unlock()
	ti.once.Do(func() {
		dir, err := os.MkdirTemp("", "xinwen-search-test")
		if err != nil {
			ti.err = err
			return
		}
		ti.ix, ti.err = buildIndex(filepath.Join(dir, "ix"), corpus)
	})
	if ti.err != nil {
		t.Fatal(ti.err)
	}
	s, err := New(ti.ix, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testIndex is an index of a test corpus, built on first use.
type testIndex struct {
	once sync.Once
	ix   *index.Index
	err  error
}

var (
	testIndexMu sync.Mutex
	testIndexes = map[string]*testIndex{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, ti := range testIndexes {
		if ti.ix != nil {
			ti.ix.Close()
			os.RemoveAll(filepath.Dir(ti.ix.Dir()))
		}
	}
	os.Exit(code)
}

// buildIndex indexes the articles in paths into a new index in dir.
func buildIndex(dir string, paths ...string) (*index.Index, error) {
	ix, err := index.Create(dir, "")
	if err != nil {
		return nil, err
	}
	w := ix.NewWriter(1000)
	p := index.Pipeline{Sink: w}
	if _, err := p.Run(context.Background(), index.Reader{}.Files(paths...)); err != nil {
		ix.Close()
		return nil, err
	}
	// Finish compacts as xinwen index does, so that benchmarks measure the
	// index users get.
	if _, err := w.Finish(context.Background()); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// searchCase is one line of testdata/search.json: a request and what the
// user sees. Fields left out are not checked.
type searchCase struct {
	Name     string   `json:"name"`
	Q        string   `json:"q"`
	Op       string   `json:"op"`
	Province []string `json:"province"`
	Source   []string `json:"source"`
	Person   []string `json:"person"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Page     int      `json:"page"`
	Size     int      `json:"size"`
	Sort     string   `json:"sort"`
	Cursor   string   `json:"cursor"`
	// Xlang is the request's xlang; left out, the file's default
	// (runCases).
	Xlang string `json:"xlang"`

	IDs           *string `json:"ids"` // hit ids in order
	Total         *uint64 `json:"total"`
	Relaxed       *bool   `json:"relaxed"`
	SortUsed      *string `json:"sort_used"`
	ProvinceFacet *string `json:"province_facet"` // "Shanxi 2, Gansu 1"
	SourceFacet   *string `json:"source_facet"`
	PersonFacet   *string `json:"person_facet"` // "习近平/Xi Jinping 2"
	Interval      *string `json:"interval"`     // of the date histogram
	Buckets       *string `json:"buckets"`      // of the date histogram
	Years         *string `json:"years"`
	NoYear        *int    `json:"no_year"`
	NoDate        *int    `json:"no_date"`
	TitleHTML     *string `json:"title_html"` // of the first hit
	// FirstHit is the first hit's date and province, as
	// "date_text (date_precision) province province_zh province_code".
	FirstHit *string `json:"first_hit"`
	Snippets *string `json:"snippets"` // of the first hit, joined by " | "
	Warnings *string `json:"warnings"` // joined by " | "
	Partial  *string `json:"partial"`  // the hits that matched in part, in order
	// Also is what was also searched, as "from → to, to; from → to".
	Also *string `json:"also_searched"`
	// Via is each hit's matched_via, as "id:original+translation id:…".
	Via   *string `json:"matched_via"`
	Error *string `json:"error"` // "code: message"
}

func (c searchCase) request() Request {
	return Request{Query: c.Q, Op: c.Op, Provinces: c.Province, Sources: c.Source, People: c.Person, From: c.From, To: c.To,
		Page: c.Page, Size: c.Size, Sort: c.Sort, Cursor: c.Cursor, Xlang: c.Xlang}
}

func ids(r *Result) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return strings.Join(out, " ")
}

func counts(cs []Count) string {
	var out []string
	for _, c := range cs {
		if c.ValueEN != "" && c.ValueEN != c.Value {
			out = append(out, fmt.Sprintf("%s/%s %d", c.Value, c.ValueEN, c.Count))
			continue
		}
		if c.ValueZH != "" {
			out = append(out, fmt.Sprintf("%s/%s %d", c.Value, c.ValueZH, c.Count))
			continue
		}
		out = append(out, fmt.Sprintf("%s %d", c.Value, c.Count))
	}
	return strings.Join(out, ", ")
}

// dateCounts renders the date facet's bars as counts renders a facet:
// "2024-03 1, 2024-04 2".
func dateCounts(cs []DateCount) string {
	out := make([]Count, len(cs))
	for i, c := range cs {
		out[i] = Count{Value: c.Value, Count: c.Count}
	}
	return counts(out)
}

// TestSearch runs the cases of testdata/search.json over the articles of
// testdata/corpus.jsonl.
// Its cases, and those of places.json and findable.json, search the words
// as typed (xlang=off) unless they say otherwise: across languages is
// TestXlang's.
func TestSearch(t *testing.T) {
	runCases(t, "testdata/search.json", newSearcher(t), XlangOff)
}

// TestPlaces runs the cases of testdata/places.json over the articles of
// testdata/places.jsonl: places searched in either script, phrases and
// highlights with places, province filters, and the date histogram over
// 2012–2026.
func TestPlaces(t *testing.T) {
	runCases(t, "testdata/places.json", searcherOver(t, "testdata/places.jsonl"), XlangOff)
}

// TestPeople runs the cases of testdata/people.json over the articles of
// testdata/people.jsonl: people searched by name in either script (issue
// 14), person: and the person filter, and the people facet.
func TestPeople(t *testing.T) {
	runCases(t, "testdata/people.json", searcherOver(t, "testdata/people.jsonl"), XlangOn)
}

// TestFindable runs the cases of testdata/findable.json over the articles
// of testdata/findable.jsonl: what people type and paste, found (issue 13).
func TestFindable(t *testing.T) {
	runCases(t, "testdata/findable.json", searcherOver(t, "testdata/findable.jsonl"), XlangOff)
}

// runCases runs the cases of file over s; a case that does not say which
// xlang it wants has xlang.
func runCases(t *testing.T, file string, s *Searcher, xlang string) {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []searchCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			req := c.request()
			req.Xlang = cmp.Or(req.Xlang, xlang)
			r, err := s.Search(context.Background(), req)
			if c.Error != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("err = %v, want %s", err, *c.Error)
				}
				if got := e.Code + ": " + e.Message; got != *c.Error {
					t.Errorf("error\n got %s\nwant %s", got, *c.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			check := func(what, got string, want *string) {
				t.Helper()
				if want != nil && got != *want {
					t.Errorf("%s\n got [%s]\nwant [%s]", what, got, *want)
				}
			}
			check("hits", ids(r), c.IDs)
			check("sort", r.Sort, c.SortUsed)
			check("province facet", counts(r.Facets.Province), c.ProvinceFacet)
			check("source facet", counts(r.Facets.Source), c.SourceFacet)
			check("people facet", counts(r.Facets.Person), c.PersonFacet)
			check("date interval", r.Facets.Date.Interval, c.Interval)
			check("date buckets", dateCounts(r.Facets.Date.Buckets), c.Buckets)
			check("years", dateCounts(r.Facets.Date.Years), c.Years)
			check("warnings", strings.Join(r.Warnings, " | "), c.Warnings)
			var partial []string
			for _, h := range r.Hits {
				if h.Partial {
					partial = append(partial, h.ID)
				}
			}
			check("hits in part", strings.Join(partial, " "), c.Partial)
			check("also searched", alsoSearched(r), c.Also)
			check("matched via", matchedVia(r), c.Via)
			if c.Total != nil && r.Total != *c.Total {
				t.Errorf("total = %d, want %d", r.Total, *c.Total)
			}
			if c.Relaxed != nil && r.Relaxed != *c.Relaxed {
				t.Errorf("relaxed = %v, want %v", r.Relaxed, *c.Relaxed)
			}
			if c.NoDate != nil && r.Facets.Date.NoDate != *c.NoDate {
				t.Errorf("no_date = %d, want %d", r.Facets.Date.NoDate, *c.NoDate)
			}
			if c.NoYear != nil && r.Facets.Date.NoYear != *c.NoYear {
				t.Errorf("no_year = %d, want %d", r.Facets.Date.NoYear, *c.NoYear)
			}
			if c.FirstHit != nil {
				if len(r.Hits) == 0 {
					t.Fatal("no hits")
				}
				h := r.Hits[0]
				check("first hit", fmt.Sprintf("%s (%s) %s %s %s", h.DateText, h.DatePrecision, h.Province, h.ProvinceZH, h.ProvinceCode), c.FirstHit)
			}
			if c.TitleHTML != nil || c.Snippets != nil {
				if len(r.Hits) == 0 {
					t.Fatal("no hits")
				}
				check("title_html", r.Hits[0].TitleHTML, c.TitleHTML)
				check("snippets", strings.Join(r.Hits[0].Snippets, " | "), c.Snippets)
			}
		})
	}
}

// TestPartialDates checks the date facet and the date order for articles
// whose date is known only to the month or the year, or without a year.
func TestPartialDates(t *testing.T) {
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	err = ix.Add(
		index.Document{ID: "day", Title: "会议", Date: "2024-03-05"},
		index.Document{ID: "year", Title: "会议", PartialDate: "2022"},
		index.Document{ID: "month", Title: "会议", PartialDate: "2023-07"},
		index.Document{ID: "monthday", Title: "会议", PartialDate: "09-26"},
		index.Document{ID: "none", Title: "会议"},
	)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(ix)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Search(context.Background(), Request{Sort: SortDate})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ what, got, want string }{
		{"order", ids(r), "year month day monthday none"},
		{"years", dateCounts(r.Facets.Date.Years), "2022 1, 2023 1, 2024 1"},
		{"histogram", r.Facets.Date.Interval + ": " + dateCounts(r.Facets.Date.Buckets), "year: 2022 1, 2023 1, 2024 1"},
		{"no year", fmt.Sprint(r.Facets.Date.NoYear), "1"},
		{"no date", fmt.Sprint(r.Facets.Date.NoDate), "1"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %s, want %s", c.what, c.got, c.want)
		}
	}
}

// TestPagingIsStable walks every result of several searches page by page
// and by cursor, and checks that both give the full list in order, each
// hit once.
func TestPagingIsStable(t *testing.T) {
	s := newSearcher(t)
	ctx := context.Background()
	for _, req := range []Request{
		{Query: "常务会议"},       // equal scores
		{Query: "coal OR 改革"}, // different scores
		{Sort: SortDate},      // equal dates, undated last
		{Sort: SortDateDesc},
		{},
		{Query: "-zzzz"},
		{Query: "国有企业改革 旅游业"}, // relaxed
		{Query: "改革 OR coal OR 新能源", Provinces: []string{"Shanxi", "Gansu"}},
	} {
		full := req
		full.Size = MaxSize
		all, err := s.Search(ctx, full)
		if err != nil {
			t.Fatal(err)
		}
		want := ids(all)
		for _, size := range []int{1, 2, 3} {
			t.Run(fmt.Sprintf("%q sorted %q in pages of %d", req.Query, req.Sort, size), func(t *testing.T) {
				var byPage, byCursor []string
				for page := 1; page <= len(all.Hits)/size+1; page++ {
					r := req
					r.Page, r.Size = page, size
					res, err := s.Search(ctx, r)
					if err != nil {
						t.Fatal(err)
					}
					if res.Total != all.Total || res.Relaxed != all.Relaxed {
						t.Fatalf("page %d: total %d relaxed %v, want %d %v", page, res.Total, res.Relaxed, all.Total, all.Relaxed)
					}
					byPage = append(byPage, ids(res))
				}
				r := req
				r.Size = size
				for pages := 0; ; pages++ {
					res, err := s.Search(ctx, r)
					if err != nil {
						t.Fatal(err)
					}
					if pages > 0 && res.Page != pages+1 {
						t.Errorf("cursor page %d says it is page %d", pages+1, res.Page)
					}
					byCursor = append(byCursor, ids(res))
					if res.Cursor == "" {
						break
					}
					if pages > len(all.Hits) {
						t.Fatal("the cursor never ends")
					}
					r.Cursor = res.Cursor
				}
				if got := strings.Join(strings.Fields(strings.Join(byPage, " ")), " "); got != want {
					t.Errorf("pages give\n %s\nwant\n %s", got, want)
				}
				if got := strings.Join(strings.Fields(strings.Join(byCursor, " ")), " "); got != want {
					t.Errorf("cursors give\n %s\nwant\n %s", got, want)
				}
			})
		}
	}
}

func TestCursor(t *testing.T) {
	s := newSearcher(t)
	ctx := context.Background()
	first, err := s.Search(ctx, Request{Sort: SortDate, Size: 14})
	if err != nil {
		t.Fatal(err)
	}
	if first.Cursor == "" {
		t.Fatal("a page with more after it has no cursor")
	}
	t.Run("the cursor leads past undated articles to the last page", func(t *testing.T) {
		next, err := s.Search(ctx, Request{Sort: SortDate, Size: 14, Cursor: first.Cursor})
		if err != nil {
			t.Fatal(err)
		}
		if ids(next) != "en3 tie4" || next.Page != 2 || next.Cursor != "" {
			t.Errorf("page %d: [%s] cursor %q, want page 2 [en3 tie4] and no cursor", next.Page, ids(next), next.Cursor)
		}
		// And through the undated: a cursor whose last hit has no date.
		last, err := s.Search(ctx, Request{Sort: SortDate, Size: 15})
		if err != nil {
			t.Fatal(err)
		}
		end, err := s.Search(ctx, Request{Sort: SortDate, Size: 15, Cursor: last.Cursor})
		if err != nil {
			t.Fatal(err)
		}
		if ids(end) != "tie4" {
			t.Errorf("after an undated hit: [%s], want [tie4]", ids(end))
		}
	})
	t.Run("the last page has no cursor", func(t *testing.T) {
		all, _ := s.Search(ctx, Request{Size: 16})
		if all.Cursor != "" {
			t.Errorf("cursor %q on a page with everything", all.Cursor)
		}
	})
	refused := []struct {
		name string
		req  Request
		code string
	}{
		{"a cursor is refused for another query", Request{Query: "coal", Sort: SortDate, Size: 14, Cursor: first.Cursor}, CodeBadCursor},
		{"a cursor is refused for another sort", Request{Sort: SortDateDesc, Size: 14, Cursor: first.Cursor}, CodeBadCursor},
		{"a cursor is refused for other filters", Request{Sort: SortDate, Provinces: []string{"Gansu"}, Size: 14, Cursor: first.Cursor}, CodeBadCursor},
		{"a cursor is refused with another page number", Request{Sort: SortDate, Size: 14, Page: 3, Cursor: first.Cursor}, CodeBadPage},
		{"a cursor cut short is refused", Request{Sort: SortDate, Size: 14, Cursor: first.Cursor[:len(first.Cursor)/2]}, CodeBadCursor},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Search(ctx, tt.req)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Errorf("err = %v, want %s", err, tt.code)
			}
		})
	}
	t.Run("a cursor reaches past the 10,000 page limit", func(t *testing.T) {
		r, err := s.Search(ctx, Request{Sort: SortDate, Size: 14, Page: 2, Cursor: first.Cursor})
		if err != nil || r.Page != 2 {
			t.Fatalf("page=2 with the cursor of page 1: %v, page %v", err, r)
		}
		c, _ := decodeCursor(first.Cursor, s.cursorKey)
		c.Page, c.Seen = 5000, 49990 // as if deep in a large result
		deep, err := s.Search(ctx, Request{Sort: SortDate, Size: 14, Cursor: c.encode(s.cursorKey)})
		if err != nil {
			t.Fatal(err)
		}
		if deep.Page != 5000 || ids(deep) != "en3 tie4" {
			t.Errorf("deep page %d: [%s]", deep.Page, ids(deep))
		}
	})
}

func TestSearchTimeout(t *testing.T) {
	s := newSearcher(t, WithTimeout(1))
	_, err := s.Search(context.Background(), Request{Query: "coal"})
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
}

func TestSearchWaitsForASlot(t *testing.T) {
	s := newSearcher(t, WithConcurrency(1))
	s.slots <- struct{}{} // a search holding the only slot
	ctx, cancel := context.WithTimeout(context.Background(), 50*1e6)
	defer cancel()
	if _, err := s.Search(ctx, Request{Query: "coal"}); !errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout while the slot is taken", err)
	}
	<-s.slots
	if _, err := s.Search(context.Background(), Request{Query: "coal"}); err != nil {
		t.Errorf("err = %v once the slot is free", err)
	}
}

// blockQuery matches what q matches, but its searcher holds every call
// until release is closed, whatever its context says: a search that does
// not look at the clock.
type blockQuery struct {
	q       query.Query
	started chan struct{}
	release chan struct{}
}

func (b blockQuery) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := b.q.Searcher(ctx, i, m, o)
	return blockSearcher{s, b}, err
}

type blockSearcher struct {
	bsearch.Searcher
	b blockQuery
}

func (s blockSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	select {
	case s.b.started <- struct{}{}:
	default:
	}
	<-s.b.release
	return s.Searcher.Next(ctx)
}

// TestWaitOutlastsAbandonedSearches checks that Wait waits for a bleve
// search that its Search gave up on at the deadline, so that a server
// closes its index only once nothing reads it.
func TestWaitOutlastsAbandonedSearches(t *testing.T) {
	s := newSearcher(t)
	coal := query.NewTermQuery("coal")
	coal.SetField(index.FieldBody)
	b := blockQuery{coal, make(chan struct{}, 1), make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.searchAll(ctx, []*bleve.SearchRequest{bleve.NewSearchRequest(b)})
		done <- err
	}()
	<-b.started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("the abandoned search: %v", err)
	}
	gone, stop := context.WithCancel(context.Background())
	stop()
	if err := s.Wait(gone); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait returned %v while a search still reads the index", err)
	}
	close(b.release)
	if err := s.Wait(context.Background()); err != nil {
		t.Errorf("Wait once the search is done: %v", err)
	}
}

func TestSearchWarnsWhenAPrefixIsCut(t *testing.T) {
	s := newSearcher(t)
	c := &compiler{qa: s.qa, dict: fakeDict{n: maxExpansions + 1}}
	if _, err := c.compile(&node{kind: nodePrefix, text: "co"}); err != nil {
		t.Fatal(err)
	}
	if len(c.warnings) != 1 || !strings.Contains(c.warnings[0], "co*") {
		t.Errorf("warnings = %q", c.warnings)
	}
}

// fakeDict has n words for every prefix.
type fakeDict struct{ n int }

func (d fakeDict) prefixed(field, prefix string, max int) ([]string, bool, error) {
	var out []string
	for i := 0; i < d.n && i < max; i++ {
		out = append(out, fmt.Sprintf("%s%d", prefix, i))
	}
	return out, d.n > max, nil
}

func (d fakeDict) values(field, v string) ([]string, error) { return []string{v}, nil }

func (d fakeDict) chinese() ([]*chineseTerms, error) { return nil, nil }

// docFreq says the word "common" is in half of 10,000 articles, any other
// word in one.
func (d fakeDict) docFreq(field, term string) (uint64, uint64, error) {
	if term == "common" {
		return 5000, 10000, nil
	}
	return 1, 10000, nil
}

// TestLooseQueriesRequireARareWord checks that under op=or a common word
// only ranks: an article must have one of the rarer words.
func TestLooseQueriesRequireARareWord(t *testing.T) {
	s := newSearcher(t)
	tests := []struct {
		name                     string
		q                        string
		required, rank, excluded string
	}{
		// A word is two terms, its title and its body; the words rank
		// together, common ones included, and so do the pairs of
		// neighbouring words, unless both are common (rank.go).
		{"a common word only ranks", "common rare", "rare rare", "rare rare common common common rare common rare", ""},
		{"with only common words any of them is required", "common common", "common common common common", "", ""},
		{"the phrase of a run only ranks", "rare_word", "rare rare word word", "rare word rare word rare word rare word", ""},
		{"a common word under a NOT excludes", "-(common rare)", "", "", "common common rare rare"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := parse(tt.q, true)
			if err != nil {
				t.Fatal(err)
			}
			q, err := (&compiler{qa: s.qa, dict: fakeDict{}, loose: true}).compile(n)
			if err != nil {
				t.Fatal(err)
			}
			var must, should, excluded query.Query = q, nil, nil
			if b, ok := q.(*query.BooleanQuery); ok {
				must, should, excluded = b.Must, b.Should, b.MustNot
			}
			// What must match is the must clause, or, when it is a
			// conjunction with a filter, the filter: its other clauses
			// only rank.
			required, rank := terms(must), terms(should)
			// (bleve's boolean query holds its must clauses in a
			// conjunction of their own)
			for {
				if d, ok := must.(stayDoneQuery); ok {
					must = d.q
				}
				c, ok := must.(*query.ConjunctionQuery)
				if !ok || len(c.Conjuncts) != 1 {
					break
				}
				must = c.Conjuncts[0]
			}
			if c, ok := must.(*query.ConjunctionQuery); ok {
				var filters, others []string
				for _, k := range c.Conjuncts {
					if f, ok := k.(filterQuery); ok {
						filters = append(filters, terms(f.q)...)
					} else {
						others = append(others, terms(k)...)
					}
				}
				if len(filters) > 0 {
					required, rank = filters, append(others, rank...)
				}
			}
			if got := strings.Join(terms(excluded), " "); got != tt.excluded {
				t.Errorf("excluded: %s, want %s", got, tt.excluded)
			}
			if got := strings.Join(required, " "); got != tt.required {
				t.Errorf("required: %s, want %s", got, tt.required)
			}
			if got := strings.Join(rank, " "); got != tt.rank {
				t.Errorf("ranking only: %s, want %s", got, tt.rank)
			}
		})
	}
}

// terms lists the terms of q's term and phrase queries, depth first.
func terms(q query.Query) []string {
	switch q := q.(type) {
	case *query.TermQuery:
		return []string{q.Term}
	case *phraseQuery:
		var out []string
		for _, slot := range q.slots {
			out = append(out, slot...)
		}
		return out
	case *query.DisjunctionQuery:
		var out []string
		for _, d := range q.Disjuncts {
			out = append(out, terms(d)...)
		}
		return out
	case *query.ConjunctionQuery:
		var out []string
		for _, c := range q.Conjuncts {
			out = append(out, terms(c)...)
		}
		return out
	case *query.BooleanQuery:
		return append(terms(q.Must), terms(q.Should)...)
	case stayDoneQuery:
		return terms(q.q)
	}
	return nil
}

func TestTermCountsKeepSelectedValues(t *testing.T) {
	var all []Count
	for i := 0; i < sourceFacetSize+5; i++ {
		all = append(all, Count{Value: fmt.Sprintf("source%02d", i), Count: 100 - i})
	}
	got := listFacet(all, dimSource, []string{"source24", "source03"})
	if len(got) != sourceFacetSize+1 || !reflect.DeepEqual(got[len(got)-1], Count{Value: "source24", Count: 76}) {
		t.Errorf("got %d values ending %v, want the top %d and source24", len(got), got[len(got)-1], sourceFacetSize)
	}
	if !slices.IsSortedFunc(got[:sourceFacetSize], func(a, b Count) int { return b.Count - a.Count }) {
		t.Errorf("not by count: %v", got)
	}
}

// TestNear runs the proximity cases of testdata/near.json over the
// articles of testdata/near.jsonl.
func TestNear(t *testing.T) {
	runCases(t, "testdata/near.json", searcherOver(t, "testdata/near.jsonl"), XlangOff)
}
