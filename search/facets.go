package search

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/xinwen/xinwen/analyzer/place"
	"github.com/xinwen/xinwen/index"
)

// Facet sizes: how many values a facet lists at most (the date facet lists
// all its months or years).
const (
	provinceFacetSize = 50 // more than the 34 provincial-level divisions
	sourceFacetSize   = 20
)

// Facet dimensions. Province and source are multi-select: a filter on one
// of them does not narrow its own facet (see Searcher.Search).
const (
	dimProvince = index.FacetProvince
	dimSource   = index.FacetSource
	dimDate     = index.FacetDate
	// dimStory is the story filter (Request.Story), which no facet counts.
	dimStory = "story"
)

// facetField is the field each multi-select dimension counts, as the
// index's table of fields says (index.Field.Facet).
var facetField = map[string]string{
	dimProvince: soleField(dimProvince),
	dimSource:   soleField(dimSource),
}

// soleField returns the one field that dim counts.
func soleField(dim string) string {
	fields := index.FacetFields(dim)
	if len(fields) != 1 {
		panic(fmt.Sprintf("search: the %s facet counts %d fields of the index, not one", dim, len(fields)))
	}
	return fields[0]
}

// facetSize is how many values each multi-select dimension lists.
var facetSize = map[string]int{
	dimProvince: provinceFacetSize,
	dimSource:   sourceFacetSize,
}

// facetCount is what a search counted for one field: the matches by value
// (only values that have some), and the matches with no value.
type facetCount struct {
	values  map[string]int
	missing int
}

// list returns the counts by value, in no particular order.
func (fc facetCount) list() []Count {
	out := make([]Count, 0, len(fc.values))
	for v, n := range fc.values {
		out = append(out, Count{Value: v, Count: n})
	}
	return out
}

// termCounts lists the values of dim's facet, most frequent first (ties by
// value), at most the facet's size, plus any selected value that the cut
// left out.
func termCounts(fc facetCount, dim string, selected []string) []Count {
	out := listFacet(fc.list(), dim, selected)
	if dim == dimProvince {
		for i := range out {
			if p, ok := place.ParseProvince(out[i].Value); ok {
				out[i].ValueZH = p.Short
			}
		}
	}
	return out
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
	size := facetSize[dim]
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

// maxMonthBars is the widest span, in months, that the date histogram
// shows by month: "within a couple of years". Wider spans are by year.
const maxMonthBars = 24

// The date facet is counted from two fields: the months and the years of
// the matches (an article whose date is known only to the year has a year
// and no month; one known by month and day has the year
// index.YearUnknown; an undated one has none, and is the year's missing
// count). It is counted under all filters, its own included.
var dateFields = index.FacetFields(dimDate)

// dateHist builds the date facet from the counts of the month and year
// fields, for a request whose from/to range is [from, to] (zero when open),
// with each bar's share of all the articles in it (all: see totals).
//
// The histogram is by month when the range is given at both ends and
// spans at most maxMonthBars months (it then covers the whole range, so
// that the bars of a chosen range stay where they were), or when the
// matches span at most that many; else by year. Either way it runs from
// its first bar to its last with none left out, whatever span the index
// holds. An interval of "month" or "year" forces that interval instead (a
// given range then sets the bars' span whatever its length).
func dateHist(month, year facetCount, from, to time.Time, interval string, all bucketTotals) DateHist {
	h := DateHist{}
	var years []Count
	for _, c := range chrono(year) {
		if c.Value == index.YearUnknown {
			h.NoYear = c.Count
		} else {
			years = append(years, c)
		}
	}
	h.NoDate = year.missing
	months := chrono(month)
	// The span of the matches, in months since year 0: a year-only
	// article spans its year.
	lo, hi := math.MaxInt, math.MinInt
	for _, c := range months {
		if m, ok := monthIndex(c.Value); ok {
			lo, hi = min(lo, m), max(hi, m)
		}
	}
	for _, c := range years {
		if y, err := strconv.Atoi(c.Value); err == nil {
			lo, hi = min(lo, 12*y), max(hi, 12*y+11)
		}
	}
	ranged := !from.IsZero() && !to.IsZero()
	short := ranged && monthOf(to)-monthOf(from) < maxMonthBars
	auto := interval == ""
	if auto {
		interval = "year"
		if short || lo <= hi && hi-lo < maxMonthBars && len(months) > 0 {
			interval = "month"
		}
	}
	var buckets []Count
	switch {
	case interval == "month" && (short || !auto && ranged):
		buckets = fill(months, monthOf(from), monthOf(to), monthName)
	case interval == "month" && len(months) > 0:
		// The span of the articles known to the month; year-only ones
		// widen it only to decide the interval.
		first, _ := monthIndex(months[0].Value)
		last, _ := monthIndex(months[len(months)-1].Value)
		buckets = fill(months, first, last, monthName)
	case interval == "month":
		// nothing known to the month
	case !auto && ranged:
		buckets = fill(years, from.Year(), to.Year(), strconv.Itoa)
	case lo <= hi:
		buckets = fill(years, lo/12, hi/12, strconv.Itoa)
	}
	h.Interval = interval
	h.Buckets = all.shares(buckets, interval)
	h.Years = all.shares(years, "year")
	return h
}

// chrono lists the counts of a date field in time order (their text
// order).
func chrono(fc facetCount) []Count {
	out := fc.list()
	sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	return out
}

// fill returns a bar for every index from first to last, named by name,
// with the counts of have (whose values are those names).
func fill(have []Count, first, last int, name func(int) string) []Count {
	n := map[string]int{}
	for _, c := range have {
		n[c.Value] = c.Count
	}
	out := make([]Count, 0, max(last-first+1, 0))
	for i := first; i <= last; i++ {
		out = append(out, Count{Value: name(i), Count: n[name(i)]})
	}
	return out
}

// monthIndex reads YYYY-MM as months since year 0.
func monthIndex(v string) (int, bool) {
	t, err := time.Parse(index.MonthLayout, v)
	if err != nil {
		return 0, false
	}
	return monthOf(t), true
}

func monthOf(t time.Time) int { return 12*t.Year() + int(t.Month()) - 1 }

func monthName(i int) string { return fmt.Sprintf("%04d-%02d", i/12, i%12+1) }
