package index

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/place"
	"github.com/xinwen/xinwen/index/extract"
)

// FuzzComplete feeds the extractors random articles: whatever the text,
// Complete must not panic, and what it extracts must be a document the
// index accepts — a date that exists, at the precision it says, a province
// that is one, places that are codes, in order.
func FuzzComplete(f *testing.F) {
	f.Add("山西省召开会议", "山西日报", "新华社太原3月28日电 省委书记强调，全省上下要抓好落实。", "")
	f.Add("", "", "On September 26, the Gansu Provincial Party Committee met in Lanzhou.\nLanzhou September 26 news (Gansu Daily reporter)", "")
	f.Add("本台快讯", "", "全省春耕备耕有序推进\n大连开通跨海夜间公交\n辽宁大连近日开通两条夜间公交线路。", "2024-05-29")
	f.Add("", "", "二〇二四年三月二十八日 星期四\n4月24日至26日，省长到晋城、长治调研。", "")
	f.Add("Fuzhou", "", "Fuzhou and Nanchang, 吉林, 海南州, 最大同比, Lu'an", "--09-26")
	f.Fuzz(func(t *testing.T, title, source, body, date string) {
		for _, s := range []string{title, source, body, date} {
			if !utf8.ValidString(s) {
				return
			}
		}
		rec := record{ID: "x", Title: title, Source: source, Body: body, Date: date}
		d, err := rec.document()
		if err != nil {
			return // a date that is no date is refused before extraction
		}
		Complete(&d)
		prec, err := extract.PrecisionOf(d.Date, d.PartialDate)
		if err != nil {
			t.Fatalf("extracted an impossible date: %v", err)
		}
		if prec != d.DatePrecision {
			t.Fatalf("precision %q for date %q%q", d.DatePrecision, d.Date, d.PartialDate)
		}
		if _, err := provinceOf(&d); err != nil {
			t.Fatalf("extracted a province that is none: %v", err)
		}
		if !sort.StringsAreSorted(d.Places) {
			t.Fatalf("places out of order: %v", d.Places)
		}
		for i, c := range d.Places {
			if _, ok := place.ByCode(place.Code(c)); !ok || (i > 0 && d.Places[i-1] == c) {
				t.Fatalf("places %v hold a code twice or one that is none", d.Places)
			}
		}
		if _, err := Check(d); err != nil && !strings.Contains(err.Error(), "no title and no body") {
			t.Fatalf("the completed document is refused: %v", err)
		}
	})
}
