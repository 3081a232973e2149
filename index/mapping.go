package index

import (
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/analyzer"
)

// Field names in the bleve index. The search package queries and facets on
// them; they are part of the on-disk format (see schemaVersion).
const (
	FieldTitle = "title"
	FieldBody  = "body"
	FieldDate  = "date" // keyword YYYY-MM-DD (a full date only), stored for display
	// FieldPartialDate is a stored keyword: YYYY-MM, YYYY or MM-DD, for an
	// article whose date is known only that far.
	FieldPartialDate = "partial_date"
	// FieldDatePrecision is a keyword: "day", "month", "year" or "monthday"
	// (a month and day without a year), missing for an undated article.
	FieldDatePrecision = "date_precision"
	// FieldTime is a datetime, for range filters and sorting: the day, or
	// the first day of the month or the year that is known. An article with
	// a month and day but no year has none.
	FieldTime  = "published"
	FieldMonth = "month" // keyword YYYY-MM (day and month precision), for the date facet
	// FieldYear is a keyword for the date facet: YYYY (day, month and year
	// precision), or YearUnknown for an article known only by month and
	// day, so that one facet counts the years, the articles without a
	// year and (as its missing count) the undated.
	FieldYear = "year"
	// FieldMonthDay is a keyword MM-DD (day and monthday precision): the
	// only date an article without a year has.
	FieldMonthDay = "monthday"
	// FieldProvince is a keyword: the province's English name ("Shanxi").
	FieldProvince = "province"
	// FieldProvinceCode is a keyword: the province's GB/T 2260 code
	// ("140000"), which place.ByCode renders in either script.
	FieldProvinceCode = "province_code"
	// FieldPlaces is a keyword with one value per place the article names:
	// the GB/T 2260 codes of provinces (140000) and prefectures (141100). A
	// prefix query on the first two digits finds any place in a province.
	FieldPlaces = "places"
	FieldSource = "source"
	FieldLang   = "lang"
	FieldURL    = "url"
)

// YearUnknown is the FieldYear of an article whose date has a month and a
// day but no year.
const YearUnknown = "none"

// NewMapping returns the index mapping: the two text fields analyzed by
// xinwen's analyzer over the user dictionary dict (nil for none), with term
// vectors for highlighting, and keyword fields for filters and facets. The
// mapping holds the index-time and the query-time analyzer over dict (see
// analyzer.Register). There is no _all field: queries name their fields.
// Scoring is BM25.
func NewMapping(dict *analyzer.UserDict) (mapping.IndexMapping, error) {
	m := mapping.NewIndexMapping()
	textAnalyzer, _, err := analyzer.Register(m, dict)
	if err != nil {
		return nil, err
	}
	text := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = textAnalyzer
		f.Store = true
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	keywordField := func(store, docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		return f
	}
	published := mapping.NewDateTimeFieldMapping()
	published.Store = false
	published.IncludeInAll = false
	published.DocValues = true

	url := mapping.NewKeywordFieldMapping()
	url.Index = false
	url.Store = true
	url.IncludeInAll = false
	url.DocValues = false

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldTitle, text())
	doc.AddFieldMappingsAt(FieldBody, text())
	doc.AddFieldMappingsAt(FieldDate, keywordField(true, false))
	doc.AddFieldMappingsAt(FieldPartialDate, keywordField(true, false))
	doc.AddFieldMappingsAt(FieldDatePrecision, keywordField(true, true))
	doc.AddFieldMappingsAt(FieldTime, published)
	doc.AddFieldMappingsAt(FieldMonth, keywordField(false, true))
	doc.AddFieldMappingsAt(FieldYear, keywordField(false, true))
	doc.AddFieldMappingsAt(FieldMonthDay, keywordField(false, true))
	doc.AddFieldMappingsAt(FieldProvince, keywordField(true, true))
	doc.AddFieldMappingsAt(FieldProvinceCode, keywordField(true, true))
	doc.AddFieldMappingsAt(FieldPlaces, keywordField(true, true))
	doc.AddFieldMappingsAt(FieldSource, keywordField(true, true))
	doc.AddFieldMappingsAt(FieldLang, keywordField(true, false))
	doc.AddFieldMappingsAt(FieldURL, url)

	m.DefaultMapping = doc
	m.DefaultAnalyzer = textAnalyzer
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = bindex.BM25Scoring
	return m, nil
}

// fields returns the bleve document for d as validate returns it
// (its province by English name and code, its date's precision): only the
// fields d has, plus the ones derived from its date.
func fields(d *Document) map[string]interface{} {
	f := map[string]interface{}{}
	put := func(name, v string) {
		if v != "" {
			f[name] = v
		}
	}
	put(FieldTitle, d.Title)
	put(FieldBody, d.Body)
	put(FieldSource, d.Source)
	put(FieldLang, d.Lang)
	put(FieldURL, d.URL)
	put(FieldProvince, d.Province)
	put(FieldProvinceCode, d.ProvinceCode)
	if len(d.Places) > 0 {
		f[FieldPlaces] = d.Places
	}
	put(FieldDatePrecision, string(d.DatePrecision))
	switch d.DatePrecision {
	case PrecisionDay:
		t, _ := time.Parse(DateLayout, d.Date)
		f[FieldDate] = d.Date
		f[FieldTime] = t
		f[FieldMonth] = d.Date[:7]
		f[FieldYear] = d.Date[:4]
		f[FieldMonthDay] = d.Date[5:]
	case PrecisionMonth:
		t, _ := time.Parse(MonthLayout, d.PartialDate)
		f[FieldPartialDate] = d.PartialDate
		f[FieldTime] = t
		f[FieldMonth] = d.PartialDate
		f[FieldYear] = d.PartialDate[:4]
	case PrecisionYear:
		t, _ := time.Parse(YearLayout, d.PartialDate)
		f[FieldPartialDate] = d.PartialDate
		f[FieldTime] = t
		f[FieldYear] = d.PartialDate
	case PrecisionMonthDay:
		f[FieldPartialDate] = d.PartialDate
		f[FieldMonthDay] = d.PartialDate
		f[FieldYear] = YearUnknown
	}
	return f
}
