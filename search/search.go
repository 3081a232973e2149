// Package search answers queries over an index: it parses the query, filters
// by province and date, ranks by BM25 (or sorts by date), counts facets and
// cuts highlighted snippets. Its Request and Result are the types the HTTP
// API and the CLI speak; bleve's types stay inside.
package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/xinwen/xinwen/index"
)

const (
	// DefaultSize is the page size when a request gives none.
	DefaultSize = 10
	// MaxSize is the largest page a request may ask for.
	MaxSize = 100
	// MaxDepth bounds page*size: deeper pages cost more than they are worth.
	MaxDepth = 10000

	provinceFacetSize = 50   // more than the 34 provincial-level divisions
	monthFacetSize    = 2400 // two centuries of months
	yearFacetSize     = 200
)

// Sort orders.
const (
	SortRelevance = ""      // best match first (BM25); newest first with no query
	SortDate      = "date"  // oldest first, undated last
	SortDateDesc  = "-date" // newest first, undated last
)

// Request is a search as a user asks it.
type Request struct {
	// Query is in xinwen's query syntax: words (all must match), "exact
	// phrases", -excluded words. Empty lists every article.
	Query string
	// Provinces keeps articles about any of these provinces.
	Provinces []string
	// From and To keep articles dated within them, inclusive: YYYY-MM-DD,
	// YYYY-MM or YYYY. Either may be empty.
	From, To string
	// Page is 1-based; Size is at most MaxSize (0 means DefaultSize).
	Page, Size int
	// Sort is SortRelevance, SortDate or SortDateDesc.
	Sort string
}

// Result is one page of hits with the facets of all of them.
type Result struct {
	Query  string  `json:"query"`
	Total  uint64  `json:"total"`
	TookMS float64 `json:"took_ms"`
	Page   int     `json:"page"`
	Size   int     `json:"size"`
	Hits   []Hit   `json:"hits"`
	Facets Facets  `json:"facets"`
}

// Hit is one matching article, with its snippets.
type Hit struct {
	ID string `json:"id"`
	// Title is plain text; TitleHTML is the same, HTML-escaped, with the
	// matched words in <mark>.
	Title     string  `json:"title"`
	TitleHTML string  `json:"title_html"`
	Date      string  `json:"date"`
	Province  string  `json:"province"`
	Source    string  `json:"source"`
	Score     float64 `json:"score"`
	// Snippets are HTML: fragments of the body around the matches, escaped,
	// with matched words in <mark>; the lead when the body has no match.
	Snippets []string `json:"snippets"`
}

// Facets count the matching articles by province and by date.
type Facets struct {
	Province []Count  `json:"province"`
	Date     DateHist `json:"date"`
}

// Count is a facet value and how many matching articles have it.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// DateHist counts the matching articles by month (Buckets) and by year, in
// time order, and those with no known date.
type DateHist struct {
	Buckets []Count `json:"buckets"`
	Years   []Count `json:"years"`
	NoDate  int     `json:"no_date"`
}

// Searcher runs Requests against an index. It is safe for concurrent use.
type Searcher struct {
	ix *index.Index
	qa analysis.Analyzer
}

// New returns a Searcher over ix.
func New(ix *index.Index) (*Searcher, error) {
	qa, err := queryAnalyzer()
	if err != nil {
		return nil, err
	}
	return &Searcher{ix: ix, qa: qa}, nil
}

// Search runs req. Errors the user can fix are *Error.
func (s *Searcher) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	if err := normalize(&req); err != nil {
		return nil, err
	}
	breq, err := s.build(req)
	if err != nil {
		return nil, err
	}
	res, err := s.ix.Bleve().SearchInContext(ctx, breq)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{
		Query:  req.Query,
		Total:  res.Total,
		Page:   req.Page,
		Size:   req.Size,
		Hits:   make([]Hit, 0, len(res.Hits)),
		Facets: facets(res.Facets),
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hit(h))
	}
	out.TookMS = math.Round(float64(time.Since(start).Microseconds())/10) / 100
	return out, nil
}

// Document returns the whole article with the given id.
func (s *Searcher) Document(ctx context.Context, id string) (index.Document, error) {
	d, err := s.ix.Get(id)
	if errors.Is(err, index.ErrNoDocument) {
		return d, ErrNotFound
	}
	return d, err
}

func normalize(req *Request) error {
	req.Query = strings.TrimSpace(req.Query)
	switch {
	case req.Size == 0:
		req.Size = DefaultSize
	case req.Size < 0 || req.Size > MaxSize:
		return badRequest(CodeBadSize, "size must be between 1 and %d, not %d", MaxSize, req.Size)
	}
	switch {
	case req.Page == 0:
		req.Page = 1
	case req.Page < 0:
		return badRequest(CodeBadPage, "page must be 1 or more, not %d", req.Page)
	case req.Page*req.Size > MaxDepth:
		return badRequest(CodeBadPage, "page %d of size %d goes deeper than the first %d results", req.Page, req.Size, MaxDepth)
	}
	switch req.Sort {
	case SortRelevance, SortDate, SortDateDesc:
	case "relevance", "score", "-score":
		req.Sort = SortRelevance
	default:
		return badRequest(CodeBadSort, "sort must be date, -date or relevance, not %q", req.Sort)
	}
	return nil
}

func (s *Searcher) build(req Request) (*bleve.SearchRequest, error) {
	clauses, err := parse(req.Query)
	if err != nil {
		return nil, err
	}
	var q query.Query
	if len(clauses) == 0 {
		q = query.NewMatchAllQuery()
	} else if q = compile(clauses, s.qa); q == nil {
		q = query.NewMatchNoneQuery()
	}
	filters, err := filters(req)
	if err != nil {
		return nil, err
	}
	if len(filters) > 0 {
		q = query.NewConjunctionQuery(append([]query.Query{q}, filters...))
	}

	breq := bleve.NewSearchRequestOptions(q, req.Size, (req.Page-1)*req.Size, false)
	breq.Fields = []string{index.FieldTitle, index.FieldBody, index.FieldDate, index.FieldProvince, index.FieldSource}
	breq.IncludeLocations = true
	breq.AddFacet("province", bleve.NewFacetRequest(index.FieldProvince, provinceFacetSize))
	breq.AddFacet("month", bleve.NewFacetRequest(index.FieldMonth, monthFacetSize))
	breq.AddFacet("year", bleve.NewFacetRequest(index.FieldYear, yearFacetSize))

	byDate := func(desc bool) bsearch.SortOrder {
		return bsearch.SortOrder{
			&bsearch.SortField{Field: index.FieldTime, Desc: desc, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortDocID{},
		}
	}
	switch {
	case req.Sort == SortDate:
		breq.SortByCustom(byDate(false))
	case req.Sort == SortDateDesc || len(clauses) == 0:
		breq.SortByCustom(byDate(true))
	default:
		breq.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true}, &bsearch.SortDocID{}})
	}
	return breq, nil
}

// filters returns the province and date restrictions of req.
func filters(req Request) ([]query.Query, error) {
	var out []query.Query
	if len(req.Provinces) > 0 {
		var any []query.Query
		for _, p := range req.Provinces {
			name, err := provinceName(p)
			if err != nil {
				return nil, err
			}
			t := query.NewTermQuery(name)
			t.SetField(index.FieldProvince)
			any = append(any, t)
		}
		out = append(out, query.NewDisjunctionQuery(any))
	}
	if req.From != "" || req.To != "" {
		from, err := parseDay(req.From, false)
		if err != nil {
			return nil, err
		}
		to, err := parseDay(req.To, true)
		if err != nil {
			return nil, err
		}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			return nil, badRequest(CodeBadDate, "from %s is after to %s", req.From, req.To)
		}
		inclusive := true
		r := query.NewDateRangeInclusiveQuery(from, to, &inclusive, &inclusive)
		r.SetField(index.FieldTime)
		out = append(out, r)
	}
	return out, nil
}

// parseDay reads YYYY-MM-DD, YYYY-MM or YYYY. For the end of a range
// (last), a month or a year stands for its last day.
func parseDay(s string, last bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, f := range []struct {
		layout string
		years  int
		months int
	}{{"2006-01-02", 0, 0}, {"2006-01", 0, 1}, {"2006", 1, 0}} {
		t, err := time.Parse(f.layout, s)
		if err != nil {
			continue
		}
		if last {
			if f.years+f.months > 0 {
				t = t.AddDate(f.years, f.months, -1)
			}
			t = t.Add(24*time.Hour - time.Nanosecond)
		}
		return t, nil
	}
	return time.Time{}, badRequest(CodeBadDate, "date %q is not YYYY-MM-DD, YYYY-MM or YYYY", s)
}

func hit(h *bsearch.DocumentMatch) Hit {
	d := index.FromFields(h.ID, h.Fields)
	out := Hit{
		ID:       h.ID,
		Title:    d.Title,
		Date:     d.Date,
		Province: d.Province,
		Source:   d.Source,
		Score:    math.Round(h.Score*1e4) / 1e4,
	}
	out.TitleHTML = highlight(d.Title, spansOf(h, index.FieldTitle))
	out.Snippets = snippets(d.Body, spansOf(h, index.FieldBody))
	if out.Snippets == nil {
		out.Snippets = []string{}
	}
	return out
}

// spansOf returns the byte ranges of the terms that matched in field.
func spansOf(h *bsearch.DocumentMatch, field string) []span {
	var out []span
	for _, locs := range h.Locations[field] {
		for _, l := range locs {
			out = append(out, span{int(l.Start), int(l.End)})
		}
	}
	return out
}

func facets(fr bsearch.FacetResults) Facets {
	var f Facets
	if p := fr["province"]; p != nil && p.Terms != nil {
		for _, t := range p.Terms.Terms() {
			f.Province = append(f.Province, Count{t.Term, t.Count})
		}
	}
	chrono := func(r *bsearch.FacetResult) []Count {
		var out []Count
		if r != nil && r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				out = append(out, Count{t.Term, t.Count})
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
		return out
	}
	f.Date.Buckets = chrono(fr["month"])
	f.Date.Years = chrono(fr["year"])
	if m := fr["month"]; m != nil {
		f.Date.NoDate = m.Missing
	}
	if f.Province == nil {
		f.Province = []Count{}
	}
	if f.Date.Buckets == nil {
		f.Date.Buckets = []Count{}
	}
	if f.Date.Years == nil {
		f.Date.Years = []Count{}
	}
	return f
}

// provinceName returns the name a province filter value is stored under.
func provinceName(p string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", badRequest(CodeBadProvince, "province must not be empty")
	}
	return p, nil
}
