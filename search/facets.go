package search

import (
	"sort"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/xinwen/xinwen/index"
)

// Facet sizes: how many values a facet lists at most.
const (
	provinceFacetSize = 50 // more than the 34 provincial-level divisions
	sourceFacetSize   = 20
	monthFacetSize    = 2400 // two centuries of months
	yearFacetSize     = 200
	// selectedFacetSize is how many values bleve is asked for when some are
	// selected, so that a selected value is listed even when it is not
	// among the top ones.
	selectedFacetSize = 1000
)

// Facet dimensions. Province and source are multi-select: a filter on one
// of them does not narrow its own facet (see Searcher.Search).
const (
	dimProvince = "province"
	dimSource   = "source"
	dimDate     = "date"
)

// termFacets are the terms facets, by dimension.
var termFacets = map[string]struct {
	field string
	size  int
}{
	dimProvince: {index.FieldProvince, provinceFacetSize},
	dimSource:   {index.FieldSource, sourceFacetSize},
}

// addTermFacet asks r for the facet of dim; with values selected it asks
// for more, so that they can be listed whatever their rank.
func addTermFacet(r *bleve.SearchRequest, dim string, selected []string) {
	f := termFacets[dim]
	size := f.size
	if len(selected) > 0 {
		size = selectedFacetSize
	}
	r.AddFacet(dim, bleve.NewFacetRequest(f.field, size))
}

// termCounts lists the values of dim's facet in fr, most frequent first
// (ties by value), at most the facet's size, plus any selected value that
// the cut left out (with its count, or 0).
func termCounts(fr bsearch.FacetResults, dim string, selected []string) []Count {
	out := []Count{}
	if r := fr[dim]; r != nil && r.Terms != nil {
		for _, t := range r.Terms.Terms() {
			out = append(out, Count{t.Term, t.Count})
		}
	}
	return listFacet(out, dim, selected)
}

// listFacet orders the counts of dim and cuts them to its size, keeping
// the selected values.
func listFacet(out []Count, dim string, selected []string) []Count {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	size := termFacets[dim].size
	if len(out) <= size {
		return out
	}
	listed := out[:size:size]
	for _, s := range selected {
		found := false
		for _, c := range listed {
			found = found || c.Value == s
		}
		for _, c := range out[size:] {
			if !found && c.Value == s {
				listed = append(listed, c)
				found = true
			}
		}
	}
	return listed
}

// addDateFacets asks r for what the date facet needs: the months and the
// years of the matches (an article whose date is known only to the year
// has a year and no month). The date facet is counted under all filters,
// its own included.
//
// This and dateHist are the two places the date histogram lives: an
// adaptive histogram (days, months or years, by the span of the matches)
// replaces them.
func addDateFacets(r *bleve.SearchRequest) {
	r.AddFacet("month", bleve.NewFacetRequest(index.FieldMonth, monthFacetSize))
	r.AddFacet("year", bleve.NewFacetRequest(index.FieldYear, yearFacetSize))
}

// dateHist builds the date facet from what addDateFacets asked for. An
// article without a year (undated, or with only a month and day) is
// counted in NoDate.
func dateHist(fr bsearch.FacetResults) DateHist {
	chrono := func(r *bsearch.FacetResult) []Count {
		out := []Count{}
		if r != nil && r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				out = append(out, Count{t.Term, t.Count})
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
		return out
	}
	h := DateHist{Buckets: chrono(fr["month"]), Years: chrono(fr["year"])}
	if y := fr["year"]; y != nil {
		h.NoDate = y.Missing
	}
	return h
}
