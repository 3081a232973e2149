package index

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/xinwen/xinwen/seeds"
)

// corpusChecks turns on the checks that read a whole corpus, which take
// longer than a unit test should: go test ./index -run Corpus -corpus -v.
var corpusChecks = flag.Bool("corpus", false, "run the checks over the whole of ../shared/corpus")

// corpusFile returns the path of a file of the shared corpus, or skips the
// test without it.
func corpusFile(tb testing.TB, name string) string {
	tb.Helper()
	p, err := seeds.Corpus(name)
	if err != nil {
		tb.Skip(err)
	}
	return p
}

// eachRecord calls fn with the raw JSON of every line of a .jsonl.gz file
// whose id keep accepts (nil keeps all), stopping when fn returns false.
func eachRecord(tb testing.TB, path string, keep func(id string) bool, fn func(line int, raw []byte) bool) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 0, 1<<20), maxLine)
	idKey := []byte(`"id": "`)
	for line := 1; sc.Scan(); line++ {
		raw := sc.Bytes()
		if keep != nil {
			i := bytes.Index(raw, idKey)
			if i < 0 {
				continue
			}
			rest := raw[i+len(idKey):]
			j := bytes.IndexByte(rest, '"')
			if j < 0 || !keep(string(rest[:j])) {
				continue
			}
		}
		if !fn(line, raw) {
			return
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
}

// TestCorpusDates reads the whole shared corpus as xinwen index would, with
// Reader and Complete but without building an index, and checks that every
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
			p := corpusFile(t, file.name)
			given := map[string]string{}
			eachRecord(t, p, nil, func(line int, raw []byte) bool {
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
			r := Reader{
				Add: func(d Document) error {
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
					f := fields(&d)
					if _, ok := f[FieldYear]; ok || d.DatePrecision == PrecisionMonthDay || d.DatePrecision == "" {
						faceted++
					} else {
						t.Errorf("%s: dated %q%q but no year to count", d.ID, d.Date, d.PartialDate)
					}
					return nil
				},
				Bad: func(e *RecordError) error {
					t.Errorf("%v", e)
					return nil
				},
			}
			if err := r.Read(p); err != nil {
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
