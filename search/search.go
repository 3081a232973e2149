// Package search answers queries over an index: it parses the query, filters
// by province and date, ranks by BM25 (or sorts by date), counts facets and
// cuts highlighted snippets. Its Request and Result are the types the HTTP
// API and the CLI speak; bleve's types stay inside. The query language is
// described for users in QUERY.md.
package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/xinwen/xinwen/analyzer/glossary"
	"github.com/xinwen/xinwen/index"
)

const (
	// DefaultSize is the page size when a request gives none.
	DefaultSize = 10
	// MaxSize is the largest page a request may ask for.
	MaxSize = 100
	// MaxDepth bounds page*size: deeper pages are reached with a cursor.
	MaxDepth = 10000
	// DefaultTimeout is how long one search may take before it is given
	// up with ErrTimeout (see WithTimeout).
	DefaultTimeout = 5 * time.Second
)

// Sort orders a Request may ask for.
const (
	SortRelevance = ""      // best match first (BM25); newest first with no words to rank by
	SortDate      = "date"  // oldest first, undated last
	SortDateDesc  = "-date" // newest first, undated last
)

// How the words of a query combine.
const (
	OpAnd = "and" // all the words must match (the default)
	OpOr  = "or"  // any word may match; articles matching more rank higher
)

// Request is a search as a user asks it.
type Request struct {
	// Query is in xinwen's query language (see parse.go and QUERY.md):
	// words, "phrases", OR, NOT/-word, (groups), field:value, date:…,
	// word*. Empty lists every article.
	Query string
	// Op is OpAnd (or "") or OpOr: how juxtaposed words combine.
	Op string
	// Provinces keeps articles about any of these provinces.
	Provinces []string
	// Sources keeps articles from any of these sources.
	Sources []string
	// People keeps articles that name any of these people, each in
	// Chinese (习近平) or English (Xi Jinping).
	People []string
	// From and To keep articles dated within them, inclusive: YYYY-MM-DD,
	// YYYY-MM or YYYY. Either may be empty.
	From, To string
	// Page is 1-based; Size is at most MaxSize (0 means DefaultSize).
	// Page*Size is at most MaxDepth; deeper pages need Cursor.
	Page, Size int
	// Sort is SortRelevance, SortDate or SortDateDesc.
	Sort string
	// Cursor, from a previous Result of the same request, asks for the
	// page after that one.
	Cursor string
	// Story keeps only the articles of the story with this id (the id of
	// its earliest article), as story:ID in the query does: its versions,
	// each listed apart.
	Story string
	// Expand lists every matching article apart. By default the hits are
	// collapsed to one per story, its best-ranked version, which says how
	// many versions match (Hit.Versions); a request for a story (Story,
	// story: in the query) is never collapsed. The API's collapse=false.
	Expand bool
	// Xlang is XlangOn (or "") to search the query's terms in the other
	// language too, XlangOff to search the words as typed only (xlang.go).
	Xlang string
}

// Result is one page of hits with the facets of all of them.
type Result struct {
	Query  string  `json:"query"`
	Total  uint64  `json:"total"`
	TookMS float64 `json:"took_ms"`
	Page   int     `json:"page"`
	Size   int     `json:"size"`
	// Sort is the order used: "relevance", "date" or "-date".
	Sort string `json:"sort"`
	// Relaxed is set when no article matched all the words and the hits
	// are the best partial matches instead.
	Relaxed bool `json:"relaxed"`
	// Cursor asks for the next page (Request.Cursor); empty on the last.
	Cursor string `json:"cursor,omitempty"`
	// Collapsed is set when the hits are one per story; Stories is then
	// how many stories the Total matching articles make, and the pages
	// are pages of stories. Facets count articles either way.
	Collapsed bool   `json:"collapsed"`
	Stories   uint64 `json:"stories,omitempty"`
	// Warnings say how the query was narrowed to keep it fast.
	Warnings []string `json:"warnings,omitempty"`
	// AlsoSearched are the query's terms that were searched in the other
	// language too, with their translations (xlang.go).
	AlsoSearched []AlsoSearched `json:"also_searched,omitempty"`
	Hits         []Hit          `json:"hits"`
	Facets       Facets         `json:"facets"`
	// partMode is the plan's (plan.partMode): the mode of parts of words
	// that found something.
	partMode int
}

// Hit is one matching article, with its snippets.
type Hit struct {
	ID string `json:"id"`
	// Title is plain text; TitleHTML is the whole title, HTML-escaped,
	// with the matched words in <mark>.
	Title     string `json:"title"`
	TitleHTML string `json:"title_html"`
	// Date is the publication date when its day is known (YYYY-MM-DD),
	// else "". DateText is the date as far as it is known: YYYY-MM-DD,
	// YYYY-MM, YYYY, or MM-DD for a month and day without a year (never
	// with an invented year); DatePrecision says which: "day", "month",
	// "year", "monthday", or "" for an undated article.
	Date          string `json:"date"`
	DateText      string `json:"date_text"`
	DatePrecision string `json:"date_precision"`
	// Province is the English name of the province the article is about
	// (Shanxi), or ""; ProvinceZH is its Chinese name (山西) and
	// ProvinceCode its GB/T 2260 code (140000).
	Province     string  `json:"province"`
	ProvinceZH   string  `json:"province_zh"`
	ProvinceCode string  `json:"province_code"`
	Source       string  `json:"source"`
	Score        float64 `json:"score"`
	// Snippets are HTML: one to three fragments of the body around the
	// best matches, escaped, with matched words in <mark>; the lead when
	// the body has no match.
	Snippets []string `json:"snippets"`
	// Partial is set when the hit has some of the query's characters only
	// as part of longer words (厄瓜多 in 厄瓜多尔): see partial.go.
	Partial bool `json:"partial,omitempty"`
	// Story is the id of the article's story: the earliest of the
	// articles that are one story republished (index.FieldStory).
	// Versions is how many of the story's articles match the request,
	// this one included; collapsed, the others are not listed, and
	// Request.Story lists them all, earliest first under the date order.
	Story    string `json:"story"`
	Versions int    `json:"versions"`
	// MatchedVia says how the hit matched the query's words: "original"
	// (as typed), "translation" (their translations: AlsoSearched), or
	// both, in that order. Empty when no word of it matched (a query of
	// filters only).
	MatchedVia []string `json:"matched_via,omitempty"`
}

// Facets count the matching articles by province, source, person and
// date.
type Facets struct {
	Province []Count `json:"province"`
	Source   []Count `json:"source"`
	// Person lists the people the matching articles name most (person.go).
	Person []Count  `json:"person"`
	Date   DateHist `json:"date"`
}

// Count is a facet value and how many matching articles have it.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
	// ValueZH is, for a province, its Chinese name (山西 for Shanxi).
	ValueZH string `json:"value_zh,omitempty"`
	// ValueEN is, for a person, the English name (Xi Jinping); Value is
	// the Chinese one when the articles write it so (习近平).
	ValueEN string `json:"value_en,omitempty"`
	// Homophones are, for a person, the other Chinese names written alike
	// in English that the count includes (李蔷 beside 李强).
	Homophones []string `json:"homophones,omitempty"`
}

// DateHist is the date facet: a histogram of the matching articles over
// time, and the counts of those that cannot be placed on it.
type DateHist struct {
	// Interval is "month" when the matches (or the from/to range) fall
	// within two years, else "year".
	Interval string `json:"interval"`
	// Buckets are the months (YYYY-MM) or years (YYYY) from the first
	// match to the last (the whole from/to range when it is given and
	// short), in time order, empty ones included. An article known only
	// to the year is in no month.
	Buckets []DateCount `json:"buckets"`
	// Years counts the matches by year, in time order; only years with
	// matches are listed.
	Years []DateCount `json:"years"`
	// NoYear counts the matches known only by month and day ("On
	// September 26"), NoDate those with no date at all.
	NoYear int `json:"no_year"`
	NoDate int `json:"no_date"`
}

// DateCount is a bar of the date facet: the matching articles of a month
// or a year, and their share of all the articles of that month or year
// that the request's filters keep (Media Cloud's "normalized count"), so
// that attention can be compared across years in which the collection
// itself grew or shrank. See totals for what the filters are.
type DateCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
	// All is how many articles the bucket has under the filters: Count's
	// denominator.
	All int `json:"all"`
	// Share is Count/All, 0 when All is 0.
	Share float64 `json:"share"`
}

// Searcher runs Requests against an index. It is safe for concurrent use.
type Searcher struct {
	ix      *index.Index
	columns columnCache
	terms   termCache
	qa      analysis.Analyzer
	timeout time.Duration
	// slots bounds the searches running at once; a search that cannot get
	// one before its deadline fails with ErrTimeout.
	slots chan struct{}
	// cursorKey signs the cursors (see cursor.go).
	cursorKey []byte
	// gloss translates queries (xlang.go), set up once.
	gloss     *glossary.Glossary
	glossOnce sync.Once
	// running counts what reads the index: Search and Document calls and
	// the bleve searches a Search starts, which may outlive it.
	running struct {
		sync.Mutex
		n    int
		idle chan struct{} // closed when n falls to 0
	}
}

// Option configures a Searcher.
type Option func(*Searcher)

// WithTimeout sets how long one search may take (DefaultTimeout when not
// set): past it Search returns ErrTimeout at once, and the work still in
// bleve stops at its next check.
func WithTimeout(d time.Duration) Option { return func(s *Searcher) { s.timeout = d } }

// WithConcurrency sets how many searches may run at once (four per CPU
// when not set); the others wait for a slot, within their deadline.
func WithConcurrency(n int) Option {
	return func(s *Searcher) { s.slots = make(chan struct{}, max(n, 1)) }
}

// New returns a Searcher over ix. Query text is analyzed with ix's query
// analyzer, over the user dictionary ix was built with.
func New(ix *index.Index, opts ...Option) (*Searcher, error) {
	qa := ix.QueryAnalyzer()
	if qa == nil {
		return nil, fmt.Errorf("search: index %s has no query analyzer", ix.Dir())
	}
	s := &Searcher{ix: ix, qa: qa, timeout: DefaultTimeout, slots: make(chan struct{}, 4*runtime.GOMAXPROCS(0)), cursorKey: cursorKey(ix.Bleve())}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// enter and leave count a reader of the index in s.running.
func (s *Searcher) enter() {
	s.running.Lock()
	defer s.running.Unlock()
	if s.running.n == 0 {
		s.running.idle = make(chan struct{})
	}
	s.running.n++
}

func (s *Searcher) leave() {
	s.running.Lock()
	defer s.running.Unlock()
	if s.running.n--; s.running.n == 0 {
		close(s.running.idle)
	}
}

// Wait returns when no search reads the index any more, or with ctx's
// error when ctx is done first. A search whose context is canceled stops
// at its next look at it (every article of a phrase, every 1,024 matches
// of bleve's collector); a server cancels its searches and waits for them
// before it closes the index.
func (s *Searcher) Wait(ctx context.Context) error {
	s.running.Lock()
	if s.running.n == 0 {
		s.running.Unlock()
		return nil
	}
	idle := s.running.idle
	s.running.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Search runs req. Errors the user can fix are *Error; a search that runs
// out of time is ErrTimeout; a panic in it is a *PanicError.
//
// It makes one bleve search for the page and the facets, plus one for each
// multi-select facet with a selection (province, source): that facet is
// counted under the query and every filter but its own, so a user who
// picked Shanxi still sees how many Gansu articles match. They run
// concurrently; then the page's match locations are read for the
// highlights (locate.go). When no article matches all the words, it
// searches again with the words as alternatives and says so
// (Result.Relaxed).
func (s *Searcher) Search(ctx context.Context, req Request) (_ *Result, err error) {
	s.enter()
	defer s.leave()
	defer recovered(&err)
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if err := normalize(&req); err != nil {
		return nil, err
	}
	var cur *cursor
	if req.Cursor != "" {
		c, err := decodeCursor(req.Cursor, s.cursorKey)
		if err != nil {
			return nil, err
		}
		cur = &c
	}
	relaxed := cur != nil && cur.Relaxed
	partMode := partUnknown
	if cur != nil {
		partMode = cur.PartMode
	}
	p, err := s.plan(req, relaxed, partMode)
	if err != nil {
		return nil, err
	}
	if cur != nil {
		if cur.Key != fingerprint(req, p.sort) {
			return nil, badRequest(CodeBadCursor, "the cursor belongs to another query, filter or sort; start again from the first page")
		}
		if err := cur.checkAfter(p.sort); err != nil {
			return nil, err
		}
		if req.Page != 0 && req.Page != cur.Page {
			return nil, badRequest(CodeBadPage, "page %d does not go with the cursor, which is for page %d", req.Page, cur.Page)
		}
	}
	res, err := s.run(ctx, p, cur)
	if err != nil {
		return nil, err
	}
	// Nothing found: again with parts of words, then with the words as
	// alternatives.
	for _, again := range []struct {
		ok, relaxed bool
		mode        int
	}{{p.partable[partStart], p.relaxed, partStart}, {p.partable[partInside], p.relaxed, partInside}, {p.relaxable, true, partStart}} {
		if res.main.Total > 0 || cur != nil {
			break
		}
		if !again.ok {
			continue
		}
		rp, err := s.plan(req, again.relaxed, again.mode)
		if err != nil {
			return nil, err
		}
		rres, err := s.run(ctx, rp, nil)
		if err != nil {
			return nil, err
		}
		if rres.main.Total > 0 {
			p, res = rp, rres
		}
	}

	out := &Result{
		Query:        strings.TrimSpace(req.Query),
		Total:        res.main.Total,
		Page:         max(req.Page, 1),
		Size:         req.Size,
		Sort:         p.sort,
		Relaxed:      p.relaxed,
		partMode:     p.partMode,
		Warnings:     p.warnings,
		Hits:         make([]Hit, 0, len(res.main.Hits)),
		Collapsed:    p.collapse,
		AlsoSearched: p.xl.alsoSearched(),
	}
	if p.collapse {
		out.Stories = uint64(res.stories.distinct(index.FieldStory))
	}
	seen := (out.Page - 1) * req.Size
	if cur != nil {
		out.Page, seen = cur.Page, cur.Seen
	}
	for _, h := range res.main.Hits {
		// A hit's snippets cost time in proportion to its text and its
		// matches: a page of long articles is worth a look at the clock.
		if ctx.Err() != nil {
			return nil, ctxErr(ctx)
		}
		hh := hit(h, p.rankOnly, p.partials)
		if hh.Versions = res.stories.countOf(index.FieldStory, hh.Story); hh.Story == "" {
			hh.Story, hh.Versions = hh.ID, 1 // an article no story was found for
		}
		hh.MatchedVia = p.xl.via(h)
		out.Hits = append(out.Hits, hh)
	}
	more := uint64(seen+len(res.main.Hits)) < res.main.Total
	if p.collapse {
		more = res.more
	}
	if n := len(res.main.Hits); n > 0 && more {
		last := res.main.Hits[n-1]
		next := cursor{Key: fingerprint(req, p.sort), Page: out.Page + 1, Seen: seen + n, Relaxed: p.relaxed, PartMode: p.partMode}
		for _, v := range afterHit(last, res.order) {
			next.After = append(next.After, []byte(v))
		}
		out.Cursor = next.encode(s.cursorKey)
	}
	all, err := s.totals(p)
	if err != nil {
		return nil, err
	}
	out.Facets = Facets{
		Province: termCounts(res.facets[index.FieldProvince], dimProvince, req.Provinces),
		Source:   termCounts(res.facets[index.FieldSource], dimSource, req.Sources),
		Person:   personCounts(res.facets[index.FieldPeople], req.People),
		Date:     dateHist(res.facets[index.FieldMonth], res.facets[index.FieldYear], p.from, p.to, "", all),
	}
	out.TookMS = math.Round(float64(time.Since(start).Microseconds())/10) / 100
	return out, nil
}

// Document returns the whole article with the given id.
func (s *Searcher) Document(ctx context.Context, id string) (d index.Document, err error) {
	s.enter()
	defer s.leave()
	defer recovered(&err)
	d, err = s.ix.Get(id)
	if errors.Is(err, index.ErrNoDocument) {
		return d, ErrNotFound
	}
	return d, err
}

func normalize(req *Request) error {
	// The query is parsed as given, so that error positions count from
	// the first character the user typed.
	switch strings.ToLower(req.Op) {
	case "", OpAnd:
		req.Op = OpAnd
	case OpOr:
		req.Op = OpOr
	default:
		return badRequest(CodeBadOp, "op must be and or or, not %q", req.Op)
	}
	switch {
	case req.Size == 0:
		req.Size = DefaultSize
	case req.Size < 0 || req.Size > MaxSize:
		return badRequest(CodeBadSize, "size must be between 1 and %d, not %d", MaxSize, req.Size)
	}
	switch {
	case req.Page < 0:
		return badRequest(CodeBadPage, "page must be 1 or more, not %d", req.Page)
	case req.Cursor == "" && req.Page > MaxDepth/req.Size:
		// page*size > MaxDepth, asked without multiplying: a page near
		// the largest int would wrap the product around to a small or
		// negative number, which bleve's collector cannot allocate.
		return badRequest(CodeBadPage, "page %d of size %d goes deeper than the first %d results; follow the cursor of the page before instead", req.Page, req.Size, MaxDepth)
	}
	switch strings.ToLower(req.Xlang) {
	case "", XlangOn:
		req.Xlang = XlangOn
	case XlangOff:
		req.Xlang = XlangOff
	default:
		return badRequest(CodeBadXlang, "xlang must be on or off, not %q", req.Xlang)
	}
	switch req.Sort {
	case SortRelevance, SortDate, SortDateDesc:
	case "relevance", "score", "-score":
		req.Sort = SortRelevance
	default:
		return badRequest(CodeBadSort, "sort must be relevance, date or -date, not %q", req.Sort)
	}
	if req.Story != "" {
		if err := index.ValidateID(req.Story); err != nil {
			return badRequest(CodeBadStory, "story must be an article id: %v", err)
		}
	}
	// Copies: the caller's slices are not ours to change.
	req.Provinces, req.Sources, req.People = slices.Clone(req.Provinces), slices.Clone(req.Sources), slices.Clone(req.People)
	for i, v := range req.People {
		if _, err := personKey(v); err != nil {
			return err
		}
		req.People[i] = strings.TrimSpace(v)
	}
	for i, p := range req.Provinces {
		name, err := provinceName(p)
		if err != nil {
			return err
		}
		req.Provinces[i] = name
	}
	for i, src := range req.Sources {
		if req.Sources[i] = strings.TrimSpace(src); req.Sources[i] == "" {
			return badRequest(CodeBadSource, "source must not be empty")
		}
	}
	return nil
}

// plan is a Request compiled for bleve.
type plan struct {
	req   Request
	query query.Query
	// filters are the Request's province, source and date filters, by
	// dimension, so that a multi-select facet can leave its own out.
	filters map[string]query.Query
	sort    string // "relevance", "date" or "-date"
	// from and to are the Request's date range; zero when open.
	from, to time.Time
	// relaxable is set when a query that matches nothing could match with
	// its words as alternatives; relaxed when it is that query.
	relaxable, relaxed bool
	// partable says, by mode, whether a query that matches nothing could
	// match with parts of words in that mode; partMode is its own
	// (partial.go).
	partable [partInside + 1]bool
	partMode int
	warnings []string
	// rankOnly are words whose matches are not marked (see compiler).
	rankOnly map[string]bool
	// partials are the runs that may match in part.
	partials []partial
	// collapse is set when the hits are one per story.
	collapse bool
	// xl is the query's translation, nil when off.
	xl *xlang
}

// plan compiles req: with relaxed, its words as alternatives; its runs of
// Chinese matching in part as partMode says.
func (s *Searcher) plan(req Request, relaxed bool, partMode int) (*plan, error) {
	loose := req.Op == OpOr || relaxed
	n, err := parse(req.Query, loose)
	if err != nil {
		return nil, err
	}
	p := &plan{req: req, relaxed: relaxed, partMode: partMode, filters: map[string]query.Query{}}
	c := &compiler{qa: s.qa, dict: indexDict{s.ix.Bleve(), &s.terms}, loose: loose, partMode: partMode, xl: s.newXlang(req)}
	if n == nil {
		p.query = query.NewMatchAllQuery()
	} else {
		if p.query, err = c.query(n); err != nil {
			return nil, err
		}
		if p.query == nil {
			p.query = query.NewMatchNoneQuery()
		}
	}
	p.warnings, p.rankOnly, p.partials, p.xl = c.warnings, c.rankOnly, c.partials, c.xl
	for m, n := range c.partable {
		p.partable[m] = n > 0 && m > partMode
	}
	p.relaxable = !loose && (c.runs > 0 || wordsJuxtaposed(n))
	p.collapse = !req.Expand && req.Story == "" && !hasStory(n)
	if req.Story != "" {
		p.filters[dimStory] = storyQuery(req.Story)
	}

	if len(req.Provinces) > 0 {
		var any []query.Query
		for _, name := range req.Provinces {
			q, err := provinceQuery(name)
			if err != nil {
				return nil, err
			}
			any = append(any, q)
		}
		p.filters[dimProvince] = disjunction(any)
	}
	if len(req.Sources) > 0 {
		var any []query.Query
		for _, name := range req.Sources {
			q, err := c.sourceQuery(name)
			if err != nil {
				return nil, err
			}
			any = append(any, q)
		}
		p.filters[dimSource] = disjunction(any)
	}
	if len(req.People) > 0 {
		q, err := peopleFilter(req.People)
		if err != nil {
			return nil, err
		}
		p.filters[dimPerson] = q
	}
	if n != nil || len(req.People) > 0 {
		w, err := s.homophones(req.Query, req.People)
		if err != nil {
			return nil, err
		}
		p.warnings = append(p.warnings, w...)
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
		p.filters[dimDate] = dateQuery(from, to)
		p.from, p.to = from, to
	}

	switch {
	case req.Sort == SortDate:
		p.sort = "date"
	case req.Sort == SortDateDesc || !hasText(n):
		p.sort = "-date"
	default:
		p.sort = "relevance"
	}
	return p, nil
}

// sortOrder is the order of p's hits: by score or by date, ties broken by
// article id (so that pages never repeat or skip a hit), which t reads
// from its columns.
func (p *plan) sortOrder(t *tally) bsearch.SortOrder {
	if p.sort == "relevance" {
		return bsearch.SortOrder{&bsearch.SortScore{Desc: true}, newSortColumn(t, idField, false)}
	}
	// The raw value, as bleve's SortField with SortFieldAuto (not AsDate)
	// gives it, which an undated article's cursor needs (search_after
	// cannot parse "missing" as a date).
	return bsearch.SortOrder{newSortColumn(t, index.FieldTime, p.sort == "-date"), newSortColumn(t, idField, false)}
}

// hasText reports whether n has words to rank by: a clause on the title or
// body that is not negated.
func hasText(n *node) bool {
	if n == nil {
		return false
	}
	switch n.kind {
	case nodeNot:
		return false
	case nodeAnd, nodeOr:
		for _, k := range n.kids {
			if hasText(k) {
				return true
			}
		}
		return false
	}
	return !isKeyword(n.field)
}

// wordsJuxtaposed reports whether n has two or more juxtaposed clauses
// with words to rank by, which a relaxed query makes alternatives.
func wordsJuxtaposed(n *node) bool {
	if n == nil || n.kind == nodeNot {
		return false
	}
	if n.kind == nodeAnd && n.implicit {
		texts := 0
		for _, k := range n.kids {
			if hasText(k) {
				texts++
			}
		}
		if texts >= 2 {
			return true
		}
	}
	for _, k := range n.kids {
		if wordsJuxtaposed(k) {
			return true
		}
	}
	return false
}

// filtered returns the query restricted by every filter but the one of
// dimension except. Filters do not score, so they do not change the
// ranking; they are clauses of a conjunction, so a selective filter makes
// the search cheaper.
func (p *plan) filtered(except string) query.Query {
	var all []query.Query
	if _, matchAll := p.query.(*query.MatchAllQuery); !matchAll {
		all = append(all, p.query)
	}
	for _, dim := range []string{dimProvince, dimSource, dimPerson, dimDate, dimStory} {
		if f, ok := p.filters[dim]; ok && dim != except {
			all = append(all, filter(f))
		}
	}
	switch len(all) {
	case 0:
		return p.query
	case 1:
		return all[0]
	}
	return query.NewConjunctionQuery(all)
}

// multiSelect are the facets that a filter of their own does not narrow.
var multiSelect = []string{dimProvince, dimSource, dimPerson}

// hitFields are the stored fields a hit shows (index.Field.Hit).
var hitFields = index.FieldNames(func(f index.Field) bool { return f.Hit })

// answer is what the bleve searches of one plan found: the page in the
// order used, and the facets' counts by field.
type answer struct {
	main   *bleve.SearchResult
	order  bsearch.SortOrder
	facets map[string]facetCount
	// more is set, for collapsed hits, when stories follow the page.
	more bool
	// stories counts the matches by story (index.FieldStory).
	stories *tally
}

// run makes the bleve searches of p: the page with the date facet and the
// facets without a selection, and one facet-only search per dimension with
// a selection. They run concurrently, within ctx. Every search counts its
// facets through a tally over the columns (columns.go), not with bleve's
// facets, and the page is sorted from the columns too. Then it locates
// the page's matches for the highlights.
func (s *Searcher) run(ctx context.Context, p *plan, cur *cursor) (*answer, error) {
	req := p.req
	fields := slices.Clone(dateFields)
	for _, dim := range multiSelect {
		if _, ok := p.filters[dim]; !ok {
			fields = append(fields, facetField[dim])
		}
	}
	fields = append(fields, index.FieldStory) // the versions of each story
	t := newTally(&s.columns, fields...)
	a := &answer{order: p.sortOrder(t), facets: map[string]facetCount{}}
	main := bleve.NewSearchRequestOptions(tallyQuery{p.filtered(""), t}, req.Size, (req.Page-1)*req.Size, false)
	if req.Page == 0 {
		main.From = 0
	}
	if cur != nil {
		main.From = 0
		main.SearchAfter = cur.after()
	}
	main.Fields = hitFields
	if p.collapse {
		// The first window of matches, whose stories collapse reads
		// from the columns: the fields of the page's hits come after.
		main.Size, main.From, main.Fields = firstWindow(p, cur), 0, nil
	}
	main.SortByCustom(a.order)

	reqs := []*bleve.SearchRequest{main}
	tallies := []*tally{t}
	for _, dim := range multiSelect {
		if _, ok := p.filters[dim]; !ok {
			continue
		}
		ft := newTally(&s.columns, facetField[dim])
		r := bleve.NewSearchRequestOptions(tallyQuery{p.filtered(dim), ft}, 0, 0, false)
		r.Score = "none"
		reqs = append(reqs, r)
		tallies = append(tallies, ft)
	}

	results, err := s.searchAll(ctx, reqs)
	if err != nil {
		return nil, err
	}
	a.main = results[0]
	for _, t := range tallies {
		for _, f := range t.fields {
			if f != index.FieldStory { // a value an article: counted as asked (countOf, distinct)
				a.facets[f] = t.result(f)
			}
		}
	}
	a.stories = t
	if p.collapse {
		if err := s.collapse(ctx, p, cur, a, t); err != nil {
			return nil, err
		}
	}
	if err := inflate(a.main.Hits); err != nil {
		return nil, err
	}
	if err := s.locate(ctx, p.query, a.main.Hits); err != nil {
		return nil, err
	}
	return a, nil
}

// searchAll runs reqs concurrently in one slot. It returns when they are
// done or ctx is: a search past its deadline gets ErrTimeout at once, and
// the slot is freed when bleve, which checks ctx as it collects, stops.
func (s *Searcher) searchAll(ctx context.Context, reqs []*bleve.SearchRequest) ([]*bleve.SearchResult, error) {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctxErr(ctx)
	}
	results := make([]*bleve.SearchResult, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	for i, r := range reqs {
		wg.Add(1)
		s.enter()
		go func() {
			defer wg.Done()
			defer s.leave()
			defer recovered(&errs[i])
			results[i], errs[i] = s.ix.Bleve().SearchInContext(ctx, r)
		}()
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		<-s.slots
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctxErr(ctx)
	}
	for _, err := range errs {
		var p *PanicError
		if errors.As(err, &p) {
			return nil, err
		}
	}
	for _, err := range errs {
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctxErr(ctx)
			}
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	return results, nil
}

// ctxErr is the error for a search whose ctx is done: ErrTimeout past the
// deadline, else the cancellation.
func ctxErr(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ErrTimeout
	}
	return ctx.Err()
}

// Dates outside these years are refused: bleve's dates are nanoseconds
// since 1970 in an int64, and no news is older.
const minYear, maxYear = 1800, 2200

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
		if t.Year() < minYear || t.Year() > maxYear {
			return time.Time{}, badRequest(CodeBadDate, "date %q is not between the years %d and %d", s, minYear, maxYear)
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

func hit(h *bsearch.DocumentMatch, rankOnly map[string]bool, partials []partial) Hit {
	d := index.FromFields(h.ID, h.Fields)
	out := Hit{
		ID:            h.ID,
		Title:         d.Title,
		Date:          d.Date,
		DateText:      d.DateText(),
		DatePrecision: string(d.DatePrecision),
		Province:      d.Province,
		ProvinceZH:    d.ProvinceZH(),
		ProvinceCode:  d.ProvinceCode,
		Source:        d.Source,
		Score:         math.Round(h.Score*1e4) / 1e4,
		Story:         d.Story,
	}
	out.TitleHTML = highlight(d.Title, spansOf(h, index.FieldTitle, d.Title, rankOnly, partials))
	out.Snippets = snippets(d.Body, spansOf(h, index.FieldBody, d.Body, rankOnly, partials))
	out.Partial = isPartial(h, partials)
	if out.Snippets == nil {
		out.Snippets = []string{}
	}
	return out
}

// spansOf returns the byte ranges of the terms that matched in field (of
// text), but those of words that only rank when others matched too; of a
// word that holds part of a run, the run's characters only.
func spansOf(h *bsearch.DocumentMatch, field, text string, rankOnly map[string]bool, partials []partial) []span {
	var out, rankers []span
	for term, locs := range h.Locations[field] {
		for _, l := range locs {
			switch {
			case rankOnly[term]:
				rankers = append(rankers, span{int(l.Start), int(l.End)})
			case len(partials) > 0:
				out = append(out, partSpans(text, int(l.Start), int(l.End), term, partials)...)
			default:
				out = append(out, span{int(l.Start), int(l.End)})
			}
		}
	}
	if len(out) == 0 {
		return rankers
	}
	return out
}
