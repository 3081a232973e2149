package index

import (
	"strings"
	"testing"

	"github.com/xinwen/xinwen/seeds"
)

func TestParseSeeds(t *testing.T) {
	tests := []struct {
		file           string
		title, source  string
		date, partial  string
		prec           Precision
		province, code string
		places         string
		bodyStart      string
	}{
		{"000_af93bdc7a1e7e16b.txt", "Wu Cunrong's Research in Shanxi Coking Coal Group", "Shanxi CPPCC Daily", "2024-03-28", "", PrecisionDay, "Shanxi", "140000", "140000", "On March 26, Wu Cunrong"},
		{"001_d985dd1586f04472.txt", "Wu Cunrong Investigates in Taiyuan", "Shanxi CPPCC Daily", "2024-04-09", "", PrecisionDay, "Shanxi", "140000", "140000 140100 310000", "On April 8, Wu Cunrong"},
		{"002_b133c8210882f2cb.txt", "From April 24th to 26th, Jin Xiangjun, deputy secretary of the provincial party committee and…", "", "", "04-24", PrecisionMonthDay, "Shanxi", "140000", "140000 140400 140500", "From April 24th to 26th"},
		{"003_cffe72ff8604bda2.txt", "Lvliang Jiao Association Symposium on Promoting High-quality Industrial Development Held in Pengfei", "", "", "11-03", PrecisionMonthDay, "Shanxi", "140000", "140000 141100", "On November 3, the Symposium"},
		{"004_55fed33ca88e0f02.txt", "On September 26, the province's state-owned enterprise reform deepening and upgrading action…", "Gansu Daily", "", "09-26", PrecisionMonthDay, "Gansu", "620000", "620000 620100 620200", "On September 26, the province's"},
	}
	docs, bad := load(t, Reader{}.FS(seeds.FS, "seeds"))
	if len(bad) > 0 {
		t.Errorf("refused %q", bad)
	}
	byID := map[string]Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	for _, tt := range tests {
		t.Run(tt.file+" reads as "+tt.province, func(t *testing.T) {
			d, ok := byID[strings.TrimSuffix(tt.file, ".txt")]
			if !ok {
				t.Fatalf("%s was not read", tt.file)
			}
			if d.Title != tt.title {
				t.Errorf("title = %q, want %q", d.Title, tt.title)
			}
			if d.Source != tt.source {
				t.Errorf("source = %q, want %q", d.Source, tt.source)
			}
			if d.Date != tt.date || d.PartialDate != tt.partial || d.DatePrecision != tt.prec {
				t.Errorf("date = %q, partial %q, precision %q; want %q, %q, %q", d.Date, d.PartialDate, d.DatePrecision, tt.date, tt.partial, tt.prec)
			}
			if d.Province != tt.province || d.ProvinceCode != tt.code {
				t.Errorf("province = %q %q, want %q %q", d.Province, d.ProvinceCode, tt.province, tt.code)
			}
			if got := strings.Join(d.Places, " "); got != tt.places {
				t.Errorf("places = %s, want %s", got, tt.places)
			}
			if !strings.HasPrefix(d.Body, tt.bodyStart) {
				t.Errorf("body starts %.60q, want %q", d.Body, tt.bodyStart)
			}
			if d.Lang != "en" {
				t.Errorf("lang = %q, want en", d.Lang)
			}
			if err := d.Validate(); err != nil {
				t.Errorf("invalid: %v", err)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ok := Document{ID: "x", Body: "正文"}
	tests := []struct {
		name    string
		edit    func(*Document)
		problem string // "" for a valid document
	}{
		{"a document with a day is valid", func(d *Document) { d.Date = "2024-03-28" }, ""},
		{"a month and day without a year is valid", func(d *Document) { d.PartialDate = "09-26"; d.DatePrecision = PrecisionMonthDay }, ""},
		{"a province by code is valid", func(d *Document) { d.ProvinceCode = "140000" }, ""},
		{"an impossible day is refused", func(d *Document) { d.Date = "2024-02-30" }, `date "2024-02-30" is not YYYY-MM-DD`},
		{"a partial date that is not one is refused", func(d *Document) { d.PartialDate = "September" }, `partial date "September"`},
		{"both a date and a partial date are refused", func(d *Document) { d.Date = "2024-03-28"; d.PartialDate = "2024-03" }, "both date"},
		{"a precision that does not fit is refused", func(d *Document) { d.Date = "2024-03-28"; d.DatePrecision = PrecisionMonth }, "does not fit"},
		{"a province that is none is refused", func(d *Document) { d.Province = "Tokyo" }, `province "Tokyo" is not one of China's provincial-level divisions`},
		{"a prefecture is not a province", func(d *Document) { d.ProvinceCode = "141100" }, `province code "141100"`},
		{"a name and a code that disagree are refused", func(d *Document) { d.Province = "Shanxi"; d.ProvinceCode = "610000" }, "disagree"},
		{"a place that is no code is refused", func(d *Document) { d.Places = []string{"999999"} }, `place "999999"`},
		{"an id of words, digits and dots is valid", func(d *Document) { d.ID = "xwlb-2024.03.28_新闻..1" }, ""},
		{"an id of spaces is refused", func(d *Document) { d.ID = "  " }, "no id"},
		{"an id with a slash is refused", func(d *Document) { d.ID = "2024/03/a" }, `id "2024/03/a" has a / (at byte 4)`},
		{"the id . is refused", func(d *Document) { d.ID = "." }, `id "." is not a name`},
		{"the id .. is refused", func(d *Document) { d.ID = ".." }, `id ".." is not a name`},
		{"an id with ESC is refused", func(d *Document) { d.ID = "a\x1b[2Jb" }, `has the control character U+001B (at byte 1)`},
		{"an id with a C1 control is refused", func(d *Document) { d.ID = "a\u009bb" }, `has the control character U+009B`},
		{"an id with a right-to-left override is refused", func(d *Document) { d.ID = "abc\u202etxt.exe" }, `has the control character U+202E`},
		{"an id with a bidi isolate is refused", func(d *Document) { d.ID = "a\u2066b" }, `U+2066`},
		{"an id of 257 bytes is refused", func(d *Document) { d.ID = strings.Repeat("a", MaxIDLen+1) }, "id longer than 256 bytes"},
		{"an id of 256 bytes is valid", func(d *Document) { d.ID = strings.Repeat("a", MaxIDLen) }, ""},
		{"an id that is not UTF-8 is refused", func(d *Document) { d.ID = "a\xffb" }, "id is not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			tt.edit(&d)
			err := d.Validate()
			switch {
			case tt.problem == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
				t.Errorf("error %v, want one saying %q", err, tt.problem)
			}
		})
	}
}
