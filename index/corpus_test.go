package index

import (
	"context"
	"encoding/json"
	"flag"
	"testing"

	"github.com/xinwen/xinwen/index/internal/corpustest"
)

// corpusChecks turns on the checks that read a whole corpus, which take
// longer than a unit test should: go test ./index -run Corpus -corpus -v.
var corpusChecks = flag.Bool("corpus", false, "run the checks over the whole of ../shared/corpus")

// TestCorpusDates reads the whole shared corpus as xinwen index would,
// through the Pipeline but without building an index, and checks that every
// article whose record gives a date keeps it and gets the fields the date
// facet counts (year and month), and that the 74,504 CCTV items all do. It
// prints how many articles have a date, by precision, and how many got a
// province. It takes about ten seconds: go test ./index -run CorpusDates -corpus -v.
func TestCorpusDates(t *testing.T) {
	if !*corpusChecks {
		t.Skip("reads the whole corpus; run with -corpus")
	}
	for _, file := range []struct {
		name    string
		records int // expected, or 0 for any
	}{
		{"zh-news.jsonl.gz", 74504},
		{"zh-gov-reports.jsonl.gz", 0},
		{"en-news.jsonl.gz", 0},
	} {
		t.Run(file.name, func(t *testing.T) {
			p := corpustest.File(t, file.name)
			given := map[string]string{}
			corpustest.Each(t, p, nil, func(line int, raw []byte) bool {
				var rec record
				if err := json.Unmarshal(raw, &rec); err != nil {
					t.Fatalf("%s:%d: %v", file.name, line, err)
				}
				if rec.Date != "" {
					given[rec.ID] = rec.Date
				}
				return true
			})
			var n, kept, faceted, provinces int
			byPrec := map[Precision]int{}
			pl := Pipeline{
				Sink: SinkFunc(func(e Entry) error {
					d := e.Document()
					n++
					byPrec[d.DatePrecision]++
					if d.ProvinceCode != "" {
						provinces++
					}
					if want, ok := given[d.ID]; ok {
						if d.Date != want || d.DatePrecision != PrecisionDay {
							t.Errorf("%s: given date %q, indexed as %q (%s)", d.ID, want, d.Date, d.DatePrecision)
						} else {
							kept++
						}
					}
					f := e.fields
					if _, ok := f[FieldYear]; ok || d.DatePrecision == PrecisionMonthDay || d.DatePrecision == "" {
						faceted++
					} else {
						t.Errorf("%s: dated %q%q but no year to count", d.ID, d.Date, d.PartialDate)
					}
					return nil
				}),
				Bad: func(e *RecordError) error {
					t.Errorf("%v", e)
					return nil
				},
			}
			if _, err := pl.Run(context.Background(), Reader{}.Files(p)); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d articles; %d give a date and keep it; by precision: day %d, month %d, year %d, month-day %d, none %d; %d with a province",
				file.name, n, kept, byPrec[PrecisionDay], byPrec[PrecisionMonth], byPrec[PrecisionYear], byPrec[PrecisionMonthDay], byPrec[""], provinces)
			if file.records > 0 && (n != file.records || kept != file.records) {
				t.Errorf("%d articles read and %d dates kept, want %d of each", n, kept, file.records)
			}
			if kept != len(given) {
				t.Errorf("%d of %d given dates kept", kept, len(given))
			}
		})
	}
}
