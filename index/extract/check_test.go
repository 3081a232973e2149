package extract

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/place"
)

// check reports what makes extracted metadata unfit for the index, as
// index.Document.Validate would: a date that does not read as one at its
// precision, a province that is none, a place that is no code.
func check(m Metadata) error {
	var problems []string
	if prec, err := PrecisionOf(m.Date, m.PartialDate); err != nil {
		problems = append(problems, err.Error())
	} else if m.Precision != "" && m.Precision != prec {
		problems = append(problems, fmt.Sprintf("date precision %q does not fit date %q%q", m.Precision, m.Date, m.PartialDate))
	}
	if _, err := ProvinceOf(m.Province, m.ProvinceCode); err != nil {
		problems = append(problems, err.Error())
	}
	for _, c := range m.Places {
		if _, ok := place.ByCode(place.Code(c)); !ok {
			problems = append(problems, fmt.Sprintf("place %q is not a GB/T 2260 code of the gazetteer", c))
			break
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func FuzzParseText(f *testing.F) {
	f.Add("Your current location: home > a > b\n\nTitle\n\nInformation source: X Daily Published on: 2024-03-28 08:20\n\nBody")
	f.Add("发布时间：2024年3月28日\n山西省太原市")
	f.Add("On September 26, New Gansu · Gansu Daily reporter Meng Jie")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		d := Complete(ParseText(text))
		if d.Date != "" {
			if err := check(d); err != nil && strings.Contains(err.Error(), "date") {
				t.Fatalf("extracted an invalid date %q from %q", d.Date, text)
			}
		}
		if !strings.Contains(text, strings.TrimSuffix(d.Title, "…")) {
			t.Fatalf("title %q is not from the text %q", d.Title, text)
		}
	})
}
