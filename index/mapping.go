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
	FieldTitle    = "title"
	FieldBody     = "body"
	FieldDate     = "date"      // keyword YYYY-MM-DD, stored for display
	FieldTime     = "published" // datetime, for range filters and sorting
	FieldMonth    = "month"     // keyword YYYY-MM, for the date facet
	FieldYear     = "year"      // keyword YYYY, for the date facet
	FieldProvince = "province"
	FieldSource   = "source"
	FieldLang     = "lang"
	FieldURL      = "url"
)

// NewMapping returns the index mapping: the two text fields analyzed by
// xinwen's analyzer, with term vectors for highlighting, and keyword fields
// for filters and facets. There is no _all field: queries name their fields.
// Scoring is BM25.
func NewMapping() mapping.IndexMapping {
	text := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer.Name
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
	doc.AddFieldMappingsAt(FieldTime, published)
	doc.AddFieldMappingsAt(FieldMonth, keywordField(false, true))
	doc.AddFieldMappingsAt(FieldYear, keywordField(false, true))
	doc.AddFieldMappingsAt(FieldProvince, keywordField(true, true))
	doc.AddFieldMappingsAt(FieldSource, keywordField(true, true))
	doc.AddFieldMappingsAt(FieldLang, keywordField(true, false))
	doc.AddFieldMappingsAt(FieldURL, url)

	m := mapping.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzer.Name
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = bindex.BM25Scoring
	return m
}

// fields returns the bleve document for d: only the fields d has, plus the
// ones derived from its date.
func fields(d *Document) map[string]interface{} {
	f := map[string]interface{}{}
	put := func(name, v string) {
		if v != "" {
			f[name] = v
		}
	}
	put(FieldTitle, d.Title)
	put(FieldBody, d.Body)
	put(FieldProvince, d.Province)
	put(FieldSource, d.Source)
	put(FieldLang, d.Lang)
	put(FieldURL, d.URL)
	if t, err := time.Parse(DateLayout, d.Date); err == nil {
		f[FieldDate] = d.Date
		f[FieldTime] = t
		f[FieldMonth] = d.Date[:7]
		f[FieldYear] = d.Date[:4]
	}
	return f
}
