package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bnumeric "github.com/blevesearch/bleve/v2/numeric"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/xinwen/xinwen/index"
)

// Attention over time.
//
// The date facet counts the matches of each month or year. A count alone
// misleads wherever the collection itself grows or shrinks (the CCTV corpus
// has 2,691 articles of 2012 and 6,246 of 2020), so each bar also carries
// its share: the matches divided by all the articles of the same bar that
// the request's filters keep (Media Cloud's "normalized count"). The
// denominators are counted from the in-memory columns (columns.go) without
// a search: an array read or two per article of the index, and for a
// request with no filter they are counted once per snapshot of the index.
// Attention compares the counts and shares of up to MaxAttention queries
// over the same bars.

// MaxAttention is how many queries one Attention request may compare.
const MaxAttention = 4

// maxAttentionBars bounds the bars of an Attention series: a century of
// months.
const maxAttentionBars = 1200

// CodeTooManyQueries is the error code of an Attention request with more
// than MaxAttention queries.
const CodeTooManyQueries = "too_many_queries"

// CodeBadInterval is the error code of an interval other than month or
// year, or one that would draw more than maxAttentionBars bars.
const CodeBadInterval = "bad_interval"

// bucketTotals are how many articles the index has in each month and year,
// by facet value (YYYY-MM, YYYY), under some filters: the denominators of
// the shares.
type bucketTotals struct {
	month, year map[string]int
}

// shares returns the counts of an interval's bars with their totals and
// shares.
func (all bucketTotals) shares(counts []Count, interval string) []DateCount {
	of := all.year
	if interval == "month" {
		of = all.month
	}
	out := make([]DateCount, len(counts))
	for i, c := range counts {
		out[i] = DateCount{Value: c.Value, Count: c.Count, All: of[c.Value]}
		if out[i].All > 0 {
			out[i].Share = roundShare(float64(c.Count) / float64(out[i].All))
		}
	}
	return out
}

// roundShare keeps six significant digits of a share: enough for a chart
// and for 1 article in a million, and short in JSON.
func roundShare(x float64) float64 {
	if x == 0 {
		return 0
	}
	scale := math.Pow(10, 5-math.Floor(math.Log10(x)))
	return math.Round(x*scale) / scale
}

// totals counts all the articles of the index by month and year that the
// filters of p keep (province=, source=, from/to; not the query, nor the
// filters written in it): the denominators of the date facet's shares.
//
// It reads the columns instead of searching: each filter becomes the set
// of its column's values that it keeps (the province's name, the sources
// equal to a source= ignoring case, as sourceQuery finds them, the dates
// within from/to), and each live article is checked against them. With a
// province or source selected only that value's articles are visited,
// from its postings. The counts are kept for the snapshot, for the
// filters of the last totalsCacheSize requests, so that the next page of
// a search pays nothing.
func (s *Searcher) totals(p *plan) (bucketTotals, error) {
	adv, err := s.ix.Bleve().Advanced()
	if err != nil {
		return bucketTotals{}, fmt.Errorf("search: count the articles by date: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return bucketTotals{}, fmt.Errorf("search: count the articles by date: %w", err)
	}
	defer r.Close()
	v, err := s.columns.viewOf(r)
	if err != nil {
		return bucketTotals{}, err
	}
	f := totalsFilter{provinces: p.req.Provinces, sources: p.req.Sources, from: p.from, to: p.to}
	key := f.key()
	if t, ok := v.totals.get(key); ok {
		return t, nil
	}
	t, err := v.count(f)
	if err != nil {
		return bucketTotals{}, fmt.Errorf("search: count the articles by date: %w", err)
	}
	v.totals.put(key, t)
	return t, nil
}

// totalsCacheSize is how many filters' totals a snapshot keeps.
const totalsCacheSize = 64

// totalsCache keeps the totals of a snapshot by filter; when full, it
// starts again.
type totalsCache struct {
	mu sync.Mutex
	m  map[string]bucketTotals
}

func (c *totalsCache) get(key string) (bucketTotals, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.m[key]
	return t, ok
}

func (c *totalsCache) put(key string, t bucketTotals) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= totalsCacheSize {
		c.m = map[string]bucketTotals{}
	}
	c.m[key] = t
}

// totalsFilter is what the filters of a request keep.
type totalsFilter struct {
	provinces []string  // canonical names; any of them
	sources   []string  // any of them, ignoring case
	from, to  time.Time // zero when open
}

// key identifies the filter in the cache.
func (f totalsFilter) key() string {
	return fmt.Sprintf("%q %q %d %d", f.provinces, f.sources, f.from.UnixNano(), f.to.UnixNano())
}

// count counts the live articles of v by month and year that f keeps.
func (v *view) count(f totalsFilter) (bucketTotals, error) {
	out := bucketTotals{month: map[string]int{}, year: map[string]int{}}
	for _, vs := range v.segs {
		cols := vs.cols.fields
		// The filters, the most selective first: its articles are the
		// ones visited.
		var keep []keepColumn
		if len(f.provinces) > 0 {
			keep = append(keep, newKeep(cols, index.FieldProvince, func(t string) bool {
				return slices.Contains(f.provinces, t)
			}))
		}
		if len(f.sources) > 0 {
			keep = append(keep, newKeep(cols, index.FieldSource, func(t string) bool {
				return slices.ContainsFunc(f.sources, func(s string) bool { return strings.EqualFold(t, s) })
			}))
		}
		if !f.from.IsZero() || !f.to.IsZero() {
			keep = append(keep, newKeep(cols, index.FieldTime, func(t string) bool {
				n, err := bnumeric.PrefixCoded(t).Int64()
				if err != nil {
					return false
				}
				d := time.Unix(0, n)
				return (f.from.IsZero() || !d.Before(f.from)) && (f.to.IsZero() || !d.After(f.to))
			}))
		}
		month, year := cols[index.FieldMonth], cols[index.FieldYear]
		months, years := make([]int, len(month.terms)+1), make([]int, len(year.terms)+1)
		deleted := vs.ss.Deleted()
		if deleted != nil && deleted.IsEmpty() {
			deleted = nil
		}
		visit := func(doc uint32) {
			if deleted != nil && deleted.Contains(doc) {
				return
			}
			for _, k := range keep {
				if !k.keeps(doc) {
					return
				}
			}
			months[month.first[doc]]++
			years[year.first[doc]]++
		}
		if len(keep) > 0 && keep[0].field != index.FieldTime && len(keep[0].col.more) == 0 {
			if err := keep[0].postings(vs.ss.Segment(), visit); err != nil {
				return bucketTotals{}, err
			}
		} else {
			for doc := uint32(0); doc < uint32(vs.end-vs.start); doc++ {
				visit(doc)
			}
		}
		for i, n := range months[1:] {
			out.month[month.terms[i]] += n
		}
		for i, n := range years[1:] {
			out.year[year.terms[i]] += n
		}
	}
	return out, nil
}

// keepColumn is a filter over one column: the values it keeps.
type keepColumn struct {
	field string
	col   *column
	// kept is, by 1 + term index (as column.first holds them), whether
	// each of the column's values is kept; [0], no value, never is.
	kept []bool
}

func newKeep(cols map[string]*column, field string, keep func(term string) bool) keepColumn {
	c := cols[field]
	k := keepColumn{field: field, col: c, kept: make([]bool, len(c.terms)+1)}
	for i, t := range c.terms {
		k.kept[i+1] = keep(t)
	}
	return k
}

// keeps reports whether any value of the article doc is kept.
func (k keepColumn) keeps(doc uint32) bool {
	if k.kept[k.col.first[doc]] {
		return true
	}
	for _, ord := range k.col.more[doc] {
		if k.kept[ord] {
			return true
		}
	}
	return false
}

// postings calls visit with every article of seg that has a kept value,
// read from the values' postings. An article with two kept values would
// be visited twice: only for a column without articles of several values.
func (k keepColumn) postings(seg segment.Segment, visit func(doc uint32)) error {
	dict, err := seg.Dictionary(k.field)
	if err != nil {
		return err
	}
	var (
		pl segment.PostingsList
		pi segment.PostingsIterator
	)
	for i, kept := range k.kept[1:] {
		if !kept {
			continue
		}
		if pl, err = dict.PostingsList([]byte(k.col.terms[i]), nil, pl); err != nil {
			return err
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return err
			}
			if p == nil {
				break
			}
			visit(uint32(p.Number()))
		}
	}
	return nil
}

// AttentionRequest compares how many articles match each of several
// queries over time, under the same filters.
type AttentionRequest struct {
	// Queries are 1 to MaxAttention queries in the query language; an
	// empty one matches every article.
	Queries []string
	// Op, Provinces, Sources, From and To are as in Request, for every
	// query.
	Op        string
	Provinces []string
	Sources   []string
	From, To  string
	// Interval is "month" or "year", or "" to choose as the date facet
	// does, over the matches of all the queries.
	Interval string
	// Xlang is as in Request: whether each query's terms are counted in
	// the other language too.
	Xlang string
}

// Attention is the series of an AttentionRequest, one per query, over the
// same bars.
type Attention struct {
	// Interval is "month" or "year".
	Interval string   `json:"interval"`
	Series   []Series `json:"series"`
	TookMS   float64  `json:"took_ms"`
}

// Series is one query's matches over time.
type Series struct {
	Query string `json:"query"`
	Total uint64 `json:"total"`
	// Buckets are the bars, the same for every series of an Attention,
	// with the query's count and share of each.
	Buckets []DateCount `json:"buckets"`
	// NoYear and NoDate are the matches that are on no bar (see
	// DateHist).
	NoYear int `json:"no_year"`
	NoDate int `json:"no_date"`
}

// Attention counts the matches of each query of req by month or year, and
// their shares of all the articles the filters keep. Queries are not
// relaxed: a query that matches nothing is a line at zero. Each query
// costs one search that counts its matches and ranks nothing; they run
// concurrently.
func (s *Searcher) Attention(ctx context.Context, req AttentionRequest) (*Attention, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	switch n := len(req.Queries); {
	case n == 0:
		return nil, badRequest(CodeBadQuery, "give at least one query (q=)")
	case n > MaxAttention:
		return nil, badRequest(CodeTooManyQueries, "%d queries: at most %d can be compared", n, MaxAttention)
	}
	switch req.Interval {
	case "", "month", "year":
	default:
		return nil, badRequest(CodeBadInterval, "interval must be month or year, not %q", req.Interval)
	}
	var (
		plans   []*plan
		reqs    []*bleve.SearchRequest
		tallies []*tally
	)
	for i, q := range req.Queries {
		r := Request{Query: q, Op: req.Op, Provinces: req.Provinces, Sources: req.Sources, From: req.From, To: req.To, Xlang: req.Xlang}
		if err := normalize(&r); err != nil {
			return nil, err
		}
		p, err := s.plan(r, false, partUnknown)
		if err != nil {
			return nil, whichQuery(err, i, len(req.Queries))
		}
		t := newTally(&s.columns, dateFields...)
		sr := bleve.NewSearchRequestOptions(tallyQuery{p.filtered(""), t}, 0, 0, false)
		sr.Score = "none"
		plans, reqs, tallies = append(plans, p), append(reqs, sr), append(tallies, t)
	}
	results, err := s.searchAll(ctx, reqs)
	if err != nil {
		return nil, err
	}
	all, err := s.totals(plans[0])
	if err != nil {
		return nil, err
	}
	// The bars: as the date facet would draw the matches of all the
	// queries together.
	var month, year facetCount
	for _, t := range tallies {
		month, year = month.plus(t.result(index.FieldMonth)), year.plus(t.result(index.FieldYear))
	}
	p := plans[0]
	bars := dateHist(month, year, p.from, p.to, req.Interval, all)
	if len(bars.Buckets) > maxAttentionBars {
		return nil, badRequest(CodeBadInterval, "by %s, the matches span %d bars; at most %d can be drawn: narrow the dates or ask for years", bars.Interval, len(bars.Buckets), maxAttentionBars)
	}
	out := &Attention{Interval: bars.Interval, Series: make([]Series, len(req.Queries))}
	for i, t := range tallies {
		h := dateHist(t.result(index.FieldMonth), t.result(index.FieldYear), p.from, p.to, bars.Interval, all)
		out.Series[i] = Series{
			Query:   strings.TrimSpace(req.Queries[i]),
			Total:   results[i].Total,
			Buckets: sameBars(bars.Buckets, h),
			NoYear:  h.NoYear,
			NoDate:  h.NoDate,
		}
	}
	out.TookMS = math.Round(float64(time.Since(start).Microseconds())/10) / 100
	return out, nil
}

// sameBars returns the bars of like with the counts and shares of h, which
// has the same interval: h's own span may be narrower.
func sameBars(like []DateCount, h DateHist) []DateCount {
	byValue := make(map[string]DateCount, len(h.Buckets))
	for _, b := range h.Buckets {
		byValue[b.Value] = b
	}
	out := make([]DateCount, len(like))
	for i, b := range like {
		out[i] = DateCount{Value: b.Value, All: b.All}
		if c, ok := byValue[b.Value]; ok {
			out[i].Count, out[i].Share = c.Count, c.Share
		}
	}
	return out
}

// plus returns the sum of two counts.
func (fc facetCount) plus(other facetCount) facetCount {
	out := facetCount{values: map[string]int{}, missing: fc.missing + other.missing}
	for v, n := range fc.values {
		out.values[v] += n
	}
	for v, n := range other.values {
		out.values[v] += n
	}
	return out
}

// whichQuery says, in a bad request about one of several queries, which
// one it is.
func whichQuery(err error, i, n int) error {
	e, ok := err.(*Error)
	if !ok || n == 1 {
		return err
	}
	out := *e
	out.Message = "query " + strconv.Itoa(i+1) + ": " + e.Message
	return &out
}
