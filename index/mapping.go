package index

import (
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/analyzer"
)

// NewMapping returns the index mapping, as the table of fields says (see
// Field): the text fields analyzed by xinwen's analyzer over the user
// dictionary dict (nil for none), with term vectors for highlighting, and
// keyword fields for filters and facets. The mapping holds the index-time
// and the query-time analyzer over dict (see analyzer.Register). There is
// no _all field: queries name their fields. Scoring is BM25.
func NewMapping(dict *analyzer.UserDict) (mapping.IndexMapping, error) {
	m := mapping.NewIndexMapping()
	textAnalyzer, _, err := analyzer.Register(m, dict)
	if err != nil {
		return nil, err
	}
	doc := mapping.NewDocumentStaticMapping()
	for _, f := range fieldTable {
		var fm *mapping.FieldMapping
		switch f.Kind {
		case KindText:
			fm = mapping.NewTextFieldMapping()
			fm.Analyzer = textAnalyzer
			fm.IncludeTermVectors = true
		case KindKeyword:
			fm = mapping.NewKeywordFieldMapping()
			fm.Analyzer = keyword.Name
			fm.IncludeTermVectors = false
		case KindStoredOnly:
			fm = mapping.NewKeywordFieldMapping()
			fm.Index = false
		case KindDate:
			fm = mapping.NewDateTimeFieldMapping()
		}
		fm.Store = f.Stored
		fm.DocValues = f.DocValues
		fm.IncludeInAll = false
		doc.AddFieldMappingsAt(f.Name, fm)
	}
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
	if people := PeopleValues(d.Title, d.Body); len(people) > 0 {
		f[FieldPeople] = people
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
