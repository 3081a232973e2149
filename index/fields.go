package index

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
	// FieldPeople is a keyword with two values per person the article
	// names (analyzer.People): the person's key ("xi jinping"), and for a
	// name written in Chinese the key and the name ("xi jinping|习近平"), so
	// that a filter on the key finds the person in either script and a
	// prefix of the key lists the Chinese names it is (李强 and 李蔷 are
	// both Li Qiang). See PeopleValues.
	FieldPeople = "people"
	FieldSource = "source"
	FieldLang   = "lang"
	FieldURL    = "url"
	// FieldStory is a keyword: the id of the article's story, the earliest
	// article of those that are one story republished (package
	// index/story); an article alone is its own story. The index keeps it
	// right as articles come and go (stories.go).
	FieldStory = "story"
	// FieldPrint is stored only: the article's story.Print, in base64,
	// from which the index's stories are built again when it is opened.
	FieldPrint = "print"
)

// YearUnknown is the FieldYear of an article whose date has a month and a
// day but no year.
const YearUnknown = "none"

// A Kind is how a field is indexed.
type Kind int

// The kinds of fields.
const (
	// KindText is analyzed by xinwen's analyzer, with term vectors:
	// searched, and highlighted.
	KindText Kind = iota
	// KindKeyword is indexed as one term, as it is: filtered and counted.
	KindKeyword
	// KindDate is a datetime: range filters and the date order.
	KindDate
	// KindStoredOnly is not indexed, only kept and returned.
	KindStoredOnly
)

// The facets that count fields' values (Field.Facet): the multi-select
// dimensions province and source, and the date histogram.
const (
	FacetProvince = "province"
	FacetSource   = "source"
	FacetDate     = "date"
	FacetPerson   = "person"
)

// A Field is one field of the index: how it is indexed and stored, and what
// searching does with it. The table of them in fields.go is the one list
// that the mapping (NewMapping), the stored fields (StoredFields,
// FromFields) and the searcher's lists (FieldNames, FacetFields) derive
// from.
type Field struct {
	Name string
	Kind Kind
	// Stored fields are kept whole and make the Document that Get and a
	// search hit return.
	Stored bool
	// DocValues keeps the field's terms by document, for bleve's facets
	// and sorts.
	DocValues bool
	// Facet is the facet that counts the field's values, or "".
	Facet string
	// Column is set for the fields whose values the searcher holds in
	// memory by document (search/columns.go): those the facets count and
	// the date the date order sorts by.
	Column bool
	// Hit is set for the stored fields a search hit shows, Export for
	// those an export writes.
	Hit, Export bool
	// doc points to where a stored field is in a Document (a *string, or
	// a *[]string for a field of several values), for FromFields.
	doc func(*Document) any
}

// fieldTable is the index's fields. Changing how one is indexed or stored
// changes the on-disk format (see schemaVersion).
var fieldTable = [...]Field{
	{Name: FieldTitle, Kind: KindText, Stored: true, Hit: true, Export: true, doc: func(d *Document) any { return &d.Title }},
	// The body is stored compressed, in fieldBodyZ (stored.go).
	{Name: FieldBody, Kind: KindText, Hit: true, Export: true, doc: func(d *Document) any { return &d.Body }},
	{Name: fieldBodyZ, Kind: KindStoredOnly, Stored: true, Hit: true, Export: true},
	{Name: FieldDate, Kind: KindKeyword, Stored: true, Hit: true, Export: true, doc: func(d *Document) any { return &d.Date }},
	{Name: FieldPartialDate, Kind: KindKeyword, Stored: true, Hit: true, Export: true, doc: func(d *Document) any { return &d.PartialDate }},
	{Name: FieldDatePrecision, Kind: KindKeyword, Stored: true, DocValues: true, Hit: true, Export: true, doc: func(d *Document) any { return (*string)(&d.DatePrecision) }},
	{Name: FieldTime, Kind: KindDate, DocValues: true, Column: true},
	{Name: FieldMonth, Kind: KindKeyword, DocValues: true, Facet: FacetDate, Column: true},
	{Name: FieldYear, Kind: KindKeyword, DocValues: true, Facet: FacetDate, Column: true},
	{Name: FieldMonthDay, Kind: KindKeyword, DocValues: true},
	{Name: FieldProvince, Kind: KindKeyword, Stored: true, DocValues: true, Facet: FacetProvince, Column: true, Hit: true, Export: true, doc: func(d *Document) any { return &d.Province }},
	{Name: FieldProvinceCode, Kind: KindKeyword, Stored: true, DocValues: true, Hit: true, Export: true, doc: func(d *Document) any { return &d.ProvinceCode }},
	{Name: FieldPlaces, Kind: KindKeyword, Stored: true, DocValues: true, Export: true, doc: func(d *Document) any { return &d.Places }},
	{Name: FieldPeople, Kind: KindKeyword, DocValues: true, Facet: FacetPerson, Column: true},
	{Name: FieldSource, Kind: KindKeyword, Stored: true, DocValues: true, Facet: FacetSource, Column: true, Hit: true, Export: true, doc: func(d *Document) any { return &d.Source }},
	{Name: FieldLang, Kind: KindKeyword, Stored: true, doc: func(d *Document) any { return &d.Lang }},
	{Name: FieldURL, Kind: KindStoredOnly, Stored: true, Export: true, doc: func(d *Document) any { return &d.URL }},
	{Name: FieldStory, Kind: KindKeyword, Stored: true, DocValues: true, Column: true, Hit: true, Export: true, doc: func(d *Document) any { return &d.Story }},
	{Name: FieldPrint, Kind: KindStoredOnly, Stored: true},
}

// FieldNames returns the names of the fields for which keep is true, in
// the order of the table.
func FieldNames(keep func(Field) bool) []string {
	var out []string
	for _, f := range fieldTable {
		if keep(f) {
			out = append(out, f.Name)
		}
	}
	return out
}

// StoredFields returns the fields to ask bleve for to rebuild a Document.
func StoredFields() []string { return FieldNames(func(f Field) bool { return f.Stored }) }

// FacetFields returns the fields that facet counts (FacetProvince, …).
func FacetFields(facet string) []string {
	return FieldNames(func(f Field) bool { return f.Facet == facet })
}

// FromFields rebuilds a Document from the stored fields of a search hit.
func FromFields(id string, f map[string]interface{}) Document {
	d := Document{ID: id}
	for _, field := range fieldTable {
		if field.doc == nil {
			continue
		}
		switch v := field.doc(&d).(type) {
		case *string:
			*v, _ = f[field.Name].(string)
		case *[]string:
			*v = stringList(f[field.Name])
		}
	}
	return d
}

// stringList reads a stored field that may hold several values: bleve gives
// one value as itself and several as a slice.
func stringList(v interface{}) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []interface{}:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
