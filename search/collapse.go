package search

import (
	"context"
	"maps"
	"slices"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/xinwen/xinwen/index"
)

// Collapsing: one hit per story.
//
// The collapsed hits are the matches that are the best-ranked of their
// story's, in the order of the request: a subsequence of the matches
// that the same order gives every time, so that pages of it, by number
// or by cursor, never repeat or skip a story. A page by number reads the
// matches from the first, a window at a time, and keeps the first of
// each story until it has the page and one story more (which says that
// a next page exists). A page after a cursor reads the matches after it;
// a story met there may have a better version before the cursor, shown
// on an earlier page, so the versions of the stories met that have more
// than one match are ranked again, by one search for all of them (the
// same query, the stories as an unscored filter, so that the scores are
// the same), and a story is kept only where its best version is.

// maxWindow bounds the matches one collapsed page reads: pages deeper
// than MaxDepth matches' worth of stories are reached by cursor.
const maxWindow = 4 * MaxDepth

// firstWindow is how many matches the first search of a collapsed page
// reads: four times the stories it needs, for stories of several
// versions, and at least 64.
func firstWindow(p *plan, cur *cursor) int {
	skip, want := collapseSpan(p, cur)
	return min(max(4*(skip+want), 64), maxWindow)
}

// collapseSpan returns how many stories a collapsed page skips and how
// many it wants: the page's, and one more, which says that a next page
// exists.
func collapseSpan(p *plan, cur *cursor) (skip, want int) {
	if cur == nil {
		skip = (max(p.req.Page, 1) - 1) * p.req.Size
	}
	return skip, p.req.Size + 1
}

// collapse finds the page of p's collapsed hits, after cur if it is not
// nil, and puts it in a (its hits, their order, whether more follow),
// starting from the first window of matches that a's main search read
// through the tally t. The counts of matches by story are a's.
func (s *Searcher) collapse(ctx context.Context, p *plan, cur *cursor, a *answer, t *tally) error {
	skip, want := collapseSpan(p, cur)
	want += skip
	versions := func(story string) int { return a.stories.countOf(index.FieldStory, story) }
	hits, order := a.main.Hits, a.order
	for window := firstWindow(p, cur); ; {
		storyOf := newSortColumn(t, index.FieldStory, false)
		seen := map[string]bool{}
		var firsts bsearch.DocumentMatchCollection
		stories := map[string]string{} // by article id
		for _, h := range hits {
			st := storyOf.Value(h)
			if st == bsearch.HighTerm {
				st = h.ID // no story: its own
			}
			if seen[st] {
				continue
			}
			seen[st] = true
			stories[h.ID] = st
			firsts = append(firsts, h)
		}
		var err error
		if cur != nil {
			if firsts, err = s.bestOfStories(ctx, p, firsts, stories, versions); err != nil {
				return err
			}
		}
		exhausted := len(hits) < window
		if len(firsts) >= want || exhausted || window >= maxWindow {
			page := firsts[min(skip, len(firsts)):min(skip+p.req.Size, len(firsts))]
			a.more = len(firsts) > skip+p.req.Size || !exhausted && len(page) == p.req.Size
			a.order = order
			a.main.Hits = page
			return s.loadFields(ctx, page)
		}
		// Too many versions in the window: a wider one.
		window = min(4*window, maxWindow)
		t = newTally(&s.columns)
		order = p.sortOrder(t)
		r := bleve.NewSearchRequestOptions(tallyQuery{p.filtered(""), t}, window, 0, false)
		if cur != nil {
			r.SearchAfter = cur.after()
		}
		r.SortByCustom(order)
		res, err := s.searchAll(ctx, []*bleve.SearchRequest{r})
		if err != nil {
			return err
		}
		hits = res[0].Hits
	}
}

// bestOfStories keeps of hits those that are the best-ranked match of
// their story (stories gives each hit's), among all of p's matches.
func (s *Searcher) bestOfStories(ctx context.Context, p *plan, hits bsearch.DocumentMatchCollection, stories map[string]string, versions func(story string) int) (bsearch.DocumentMatchCollection, error) {
	var terms []query.Query
	n := 0
	for _, h := range hits {
		if st := stories[h.ID]; versions(st) > 1 {
			terms = append(terms, storyQuery(st))
			n += versions(st)
		}
	}
	if len(terms) == 0 {
		return hits, nil
	}
	t := newTally(&s.columns)
	q := query.NewConjunctionQuery([]query.Query{p.filtered(""), filter(disjunction(terms))})
	r := bleve.NewSearchRequestOptions(tallyQuery{q, t}, n, 0, false)
	r.SortByCustom(p.sortOrder(t))
	res, err := s.searchAll(ctx, []*bleve.SearchRequest{r})
	if err != nil {
		return nil, err
	}
	storyOf := newSortColumn(t, index.FieldStory, false)
	best := map[string]string{} // story -> its best-ranked article
	for _, h := range res[0].Hits {
		if st := storyOf.Value(h); best[st] == "" {
			best[st] = h.ID
		}
	}
	return slices.DeleteFunc(hits, func(h *bsearch.DocumentMatch) bool {
		b, ok := best[stories[h.ID]]
		return ok && b != h.ID
	}), nil
}

// loadFields reads the stored fields a hit shows for the hits of a page
// found without them.
func (s *Searcher) loadFields(ctx context.Context, hits bsearch.DocumentMatchCollection) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	r := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	r.Fields = hitFields
	r.Score = "none"
	res, err := s.searchAll(ctx, []*bleve.SearchRequest{r})
	if err != nil {
		return err
	}
	byID := map[string]map[string]interface{}{}
	for _, h := range res[0].Hits {
		byID[h.ID] = h.Fields
	}
	for _, h := range hits {
		h.Fields = maps.Clone(byID[h.ID])
	}
	return nil
}
