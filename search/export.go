package search

import (
	"context"
	"html"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/xinwen/xinwen/index"
)

// Exports: every hit of a search, not a page.
//
// An export pages through the hits as a client following cursors would
// (bleve's search_after), exportChunk at a time, and hands each hit on
// before it reads the next chunk, so that its memory does not grow with
// the number of hits. Each chunk is a search of its own, with its own
// deadline, that counts no facets. A search with more than MaxExport hits
// is refused, unless the caller asks for the first Limit of them.

// MaxExport is the most hits one export gives.
const MaxExport = 100000

// exportCap is MaxExport, a variable for the tests.
var exportCap = MaxExport

// exportChunk is how many hits an export reads at a time (a variable for
// the tests).
var exportChunk = 500

// CodeTooManyHits is the error code of an export of more than MaxExport
// hits without a limit.
const CodeTooManyHits = "too_many_hits"

// CodeBadLimit is the error code of an export limit outside 1–MaxExport.
const CodeBadLimit = "bad_limit"

// Row is a hit as an export writes it: plain text, without markup.
type Row struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Date is the date as far as it is known (Hit.DateText), Precision
	// how far (Hit.DatePrecision).
	Date      string `json:"date"`
	Precision string `json:"precision"`
	// Province is the English name of the article's province.
	Province string `json:"province"`
	// Places are the GB/T 2260 codes of the places the article names.
	Places []string `json:"places"`
	Source string   `json:"source"`
	URL    string   `json:"url"`
	// Story is the id of the article's story (Hit.Story): the rows of
	// one story's versions share it.
	Story string `json:"story"`
	// Snippet is the hit's snippets as plain text, joined.
	Snippet string `json:"snippet"`
}

// ExportStart is what an export knows before its first row.
type ExportStart struct {
	// Total is how many articles match; Rows how many the export gives.
	Total, Rows uint64
	// Relaxed is set when no article matched all the words and the rows
	// are the best partial matches, as Result.Relaxed.
	Relaxed bool
	// Sort is the order of the rows: "relevance", "date" or "-date".
	Sort string
}

// Export runs req and passes every hit, in the order the search gives
// them, to row: at most limit of them (0: all, but then a search with
// more than MaxExport hits is refused with CodeTooManyHits). The page,
// size and cursor of req are ignored: an export starts at the first hit.
// Before the first row, start is called with the totals; an error from
// start or row ends the export with it.
func (s *Searcher) Export(ctx context.Context, req Request, limit int, start func(ExportStart) error, row func(Row) error) error {
	if limit < 0 || limit > MaxExport {
		return badRequest(CodeBadLimit, "limit must be between 1 and %d, not %d", MaxExport, limit)
	}
	req.Page, req.Size, req.Cursor = 0, 0, ""
	if err := normalize(&req); err != nil {
		return err
	}
	p, err := s.plan(req, false, partUnknown)
	if err != nil {
		return err
	}
	res, order, err := s.chunk(ctx, p, nil)
	if err != nil {
		return err
	}
	// Nothing found: again as Search does, with parts of words, then with
	// the words as alternatives.
	for _, again := range []struct {
		ok, relaxed bool
		mode        int
	}{{p.partable[partStart], p.relaxed, partStart}, {p.partable[partInside], p.relaxed, partInside}, {p.relaxable, true, partStart}} {
		if res.Total > 0 {
			break
		}
		if !again.ok {
			continue
		}
		rp, err := s.plan(req, again.relaxed, again.mode)
		if err != nil {
			return err
		}
		rres, rorder, err := s.chunk(ctx, rp, nil)
		if err != nil {
			return err
		}
		if rres.Total > 0 {
			p, res, order = rp, rres, rorder
		}
	}
	st := ExportStart{Total: res.Total, Rows: res.Total, Relaxed: p.relaxed, Sort: p.sort}
	switch {
	case limit > 0:
		st.Rows = min(st.Total, uint64(limit))
	case st.Total > uint64(exportCap):
		return badRequest(CodeTooManyHits, "the search has %d hits; an export gives at most %d: narrow it (dates, province, source), or ask for the first %d with limit", st.Total, exportCap, exportCap)
	}
	if err := start(st); err != nil {
		return err
	}
	var done uint64
	for {
		for _, h := range res.Hits {
			if done == st.Rows {
				return nil
			}
			if err := row(rowOf(h, p.rankOnly, p.partials)); err != nil {
				return err
			}
			done++
		}
		if done == st.Rows || len(res.Hits) < exportChunk {
			return nil
		}
		last := res.Hits[len(res.Hits)-1]
		if res, order, err = s.chunk(ctx, p, afterHit(last, order)); err != nil {
			return err
		}
	}
}

// exportFields are the stored fields an export writes (index.Field.Export).
var exportFields = index.FieldNames(func(f index.Field) bool { return f.Export })

// chunk makes one search of an export: the exportChunk hits after the
// sort values after (nil: the first), with their match locations, and
// no facets.
func (s *Searcher) chunk(ctx context.Context, p *plan, after []string) (*bleve.SearchResult, bsearch.SortOrder, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	t := newTally(&s.columns) // for the sort columns only
	order := p.sortOrder(t)
	r := bleve.NewSearchRequestOptions(tallyQuery{p.filtered(""), t}, exportChunk, 0, false)
	r.SearchAfter = after
	r.Fields = exportFields
	r.SortByCustom(order)
	results, err := s.searchAll(ctx, []*bleve.SearchRequest{r})
	if err != nil {
		return nil, nil, err
	}
	if err := inflate(results[0].Hits); err != nil {
		return nil, nil, err
	}
	if err := s.locate(ctx, p.query, results[0].Hits); err != nil {
		return nil, nil, err
	}
	return results[0], order, nil
}

// afterHit returns the sort values of h in order, as search_after takes
// them (a score as a cursor holds it).
func afterHit(h *bsearch.DocumentMatch, order bsearch.SortOrder) []string {
	out := make([]string, len(order))
	for i, so := range order {
		out[i] = h.Sort[i]
		if _, score := so.(*bsearch.SortScore); score {
			out[i] = strconv.FormatFloat(h.Score, 'g', -1, 64)
		}
	}
	return out
}

// rowOf makes the export row of a hit.
func rowOf(h *bsearch.DocumentMatch, rankOnly map[string]bool, partials []partial) Row {
	d := index.FromFields(h.ID, h.Fields)
	return Row{
		ID:        h.ID,
		Title:     d.Title,
		Date:      d.DateText(),
		Precision: string(d.DatePrecision),
		Province:  d.Province,
		Places:    d.Places,
		Source:    d.Source,
		URL:       d.URL,
		Story:     d.Story,
		Snippet:   PlainText(strings.Join(snippets(d.Body, spansOf(h, index.FieldBody, d.Body, rankOnly, partials)), " ")),
	}
}

// PlainText turns the HTML of a title_html or a snippet back into the text
// it shows: the marks dropped, the escapes undone.
func PlainText(h string) string {
	return html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h))
}
