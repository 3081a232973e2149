package index

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/place"
	"github.com/xinwen/xinwen/index/extract"
)

// Precision says how much of an article's publication date is known.
type Precision = extract.Precision

// The precisions of a publication date (see extract.Precision). A date
// without a year is kept as a month and day: xinwen never invents a year.
const (
	PrecisionDay      = extract.PrecisionDay      // 2024-03-28
	PrecisionMonth    = extract.PrecisionMonth    // 2024-03
	PrecisionYear     = extract.PrecisionYear     // 2024
	PrecisionMonthDay = extract.PrecisionMonthDay // 09-26, year unknown
)

// Layouts of a Document's Date and of its PartialDate, by precision.
const (
	DateLayout     = extract.DateLayout
	MonthLayout    = extract.MonthLayout
	YearLayout     = extract.YearLayout
	MonthDayLayout = extract.MonthDayLayout
)

// MaxIDLen bounds a document id, which ends up in URLs and on screens.
const MaxIDLen = 256

// Document is one news article, as xinwen indexes and returns it.
type Document struct {
	// ID identifies the article; indexing another article with the same ID
	// replaces it.
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
	// Date is the publication date as YYYY-MM-DD when its day is known, or
	// "". A date is never invented: an article that gives less than a full
	// date has it in PartialDate.
	Date string `json:"date"`
	// PartialDate is what is known of a publication date that is not a full
	// day: YYYY-MM, YYYY, or MM-DD when the year is unknown ("On September
	// 26" is 09-26). It is "" when Date is set.
	PartialDate string `json:"partial_date,omitempty"`
	// DatePrecision says which of those the article has: PrecisionDay,
	// PrecisionMonth, PrecisionYear, PrecisionMonthDay, or "" for no date.
	// Complete and the index derive it from Date and PartialDate.
	DatePrecision Precision `json:"date_precision,omitempty"`
	// Province is the provincial-level division the article is about, by
	// its English name ("Shanxi"), or "" when no one province clearly
	// dominates. Given as a code or a Chinese name, it is read as the
	// division that names (see place.ParseProvince).
	Province string `json:"province"`
	// ProvinceCode is Province's GB/T 2260 code ("140000"), from which
	// place.ByCode gives its names in both scripts.
	ProvinceCode string `json:"province_code,omitempty"`
	// Places are the GB/T 2260 codes of every province and prefecture the
	// article names, in code order: 吕梁 gives 141100, not its province.
	// They are always extracted from the text.
	Places []string `json:"places,omitempty"`
	// Source is the publication ("Shanxi CPPCC Daily"), or "".
	Source string `json:"source"`
	// Lang is the article's main language, "zh" or "en", or "".
	Lang string `json:"lang"`
	URL  string `json:"url,omitempty"`
	// Story is the id of the article's story (see FieldStory): set by the
	// index, never taken from what is written to it.
	Story string `json:"story,omitempty"`
}

// Validate reports what makes d unfit to index, as an *InvalidError, or
// nil.
func (d *Document) Validate() error {
	_, err := validate(*d, true)
	return err
}

// validate validates d and returns it as the index writes it: its province
// by English name and code, and its date's precision. It is the one
// validation of a document (see Check), and the place where its province
// is read for the index. Without checkID it only asks for an id, as
// reindexing does of documents indexed under older rules. The error is an
// *InvalidError.
func validate(d Document, checkID bool) (Document, error) {
	invalid := &InvalidError{}
	if err := ValidateID(d.ID); err != nil && (checkID || d.ID == "") {
		invalid.add(CodeBadID, err.Error())
	}
	if strings.TrimSpace(d.Title) == "" && strings.TrimSpace(d.Body) == "" {
		invalid.add(CodeEmpty, "no title and no body")
	}
	if prec, err := extract.PrecisionOf(d.Date, d.PartialDate); err != nil {
		invalid.add(CodeBadDate, err.Error())
	} else if d.DatePrecision != "" && d.DatePrecision != prec {
		invalid.add(CodeBadDate, fmt.Sprintf("date precision %q does not fit date %q%q", d.DatePrecision, d.Date, d.PartialDate))
	} else {
		d.DatePrecision = prec
	}
	if p, err := provinceOf(&d); err != nil {
		invalid.add(CodeBadProvince, err.Error())
	} else if p != nil {
		d.Province, d.ProvinceCode = p.English, string(p.Code)
	}
	for _, c := range d.Places {
		if _, ok := place.ByCode(place.Code(c)); !ok {
			invalid.add(CodeBadPlace, fmt.Sprintf("place %q is not a GB/T 2260 code of the gazetteer", c))
			break
		}
	}
	if len(invalid.Problems) > 0 {
		return d, invalid
	}
	return d, nil
}

// ValidateID reports why id cannot name a document, or nil. An id is a
// path segment of /api/docs/{id} and is printed on terminals, so it must be
// non-empty and at most MaxIDLen bytes of UTF-8, without "/", control
// characters (C0, DEL, C1) or the bidirectional controls that reorder what
// a screen shows (U+202A–U+202E, U+2066–U+2069), and not "." or "..",
// which a URL path resolves away. It is the one rule for ids wherever they
// come from: files, reindexing, or an HTTP request.
func ValidateID(id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return errors.New("no id")
	case len(id) > MaxIDLen:
		return fmt.Errorf("id longer than %d bytes", MaxIDLen)
	case !utf8.ValidString(id):
		return errors.New("id is not UTF-8")
	case id == "." || id == "..":
		return fmt.Errorf("id %q is not a name (it is a path step)", id)
	}
	for i, r := range id {
		switch {
		case r == '/':
			return fmt.Errorf("id %q has a / (at byte %d)", id, i)
		case IsControl(r):
			return fmt.Errorf("id %q has the control character %U (at byte %d)", id, r, i)
		}
	}
	return nil
}

// IsControl reports whether r is a control character that a terminal or a
// page acts on rather than shows: C0 and C1 controls, DEL, and the
// bidirectional embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069), which make text display in another order than it reads.
func IsControl(r rune) bool {
	return unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// provinceOf returns the province that d's Province and ProvinceCode name,
// nil for none, or an error when they name none or disagree.
func provinceOf(d *Document) (*place.Place, error) {
	return extract.ProvinceOf(d.Province, d.ProvinceCode)
}

// ProvinceZH returns the short Chinese name of the article's province
// (山西 for Shanxi), or "" when it has none.
func (d *Document) ProvinceZH() string {
	if p, _ := provinceOf(d); p != nil {
		return p.Short
	}
	return ""
}

// DateText returns the publication date as far as it is known, for display:
// "2024-03-28", "2024-03", "2024", "09-26" (no year), or "".
func (d *Document) DateText() string {
	if d.Date != "" {
		return d.Date
	}
	return d.PartialDate
}

// Complete fills the metadata that d lacks from its text: a title from the
// lead, the source, the publication date and its precision, the province
// the article is about, the places it names, and the language (see
// extract.Complete). Fields d already has are kept: explicit metadata wins
// over extraction. A province given as a code or a Chinese name is
// completed with its English name and code (and left alone when it names
// none, for Validate to report).
func Complete(d *Document) {
	m := extract.Complete(extract.Metadata{
		Title: d.Title, Source: d.Source,
		Date: d.Date, PartialDate: d.PartialDate, Precision: d.DatePrecision,
		Province: d.Province, ProvinceCode: d.ProvinceCode, Places: d.Places,
		Lang: d.Lang,
	}, d.Body)
	d.Title, d.Source = m.Title, m.Source
	d.Date, d.PartialDate, d.DatePrecision = m.Date, m.PartialDate, m.Precision
	d.Province, d.ProvinceCode, d.Places = m.Province, m.ProvinceCode, m.Places
	d.Lang = m.Lang
}
