package index

import (
	"fmt"

	"github.com/xinwen/xinwen/index/extract"
)

// record is an article as a JSON Lines file gives it. Fields other than
// these are ignored, "places" and "date_precision" among them: an article's
// places are always read from its text (the Reuters corpus's "places" are
// Reuters' own country codes), and the precision follows from the date.
type record struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
	// Date is YYYY-MM-DD (with or without a time), YYYY-MM, YYYY, or
	// --MM-DD for a month and day without a year; see extract.ParseDate.
	Date string `json:"date"`
	// PartialDate is accepted too, so that what /api/docs returns can be
	// indexed again.
	PartialDate  string `json:"partial_date"`
	Province     string `json:"province"`
	ProvinceCode string `json:"province_code"`
	Source       string `json:"source"`
	Lang         string `json:"lang"`
	URL          string `json:"url"`
}

// document returns the Document that r describes, before extraction fills
// in what r lacks, or an error when its date cannot be read.
func (r *record) document() (Document, error) {
	d := Document{ID: r.ID, Title: r.Title, Body: r.Body, Province: r.Province, ProvinceCode: r.ProvinceCode, Source: r.Source, Lang: r.Lang, URL: r.URL}
	given := r.Date
	if given == "" {
		given = r.PartialDate
	} else if r.PartialDate != "" {
		return d, fmt.Errorf("both date %q and partial_date %q", r.Date, r.PartialDate)
	}
	if given != "" {
		date, partial, prec, err := extract.ParseDate(given)
		if err != nil {
			return d, err
		}
		d.Date, d.PartialDate, d.DatePrecision = date, partial, prec
	}
	return d, nil
}
