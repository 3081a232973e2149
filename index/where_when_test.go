package index

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

func TestReadJSONLinesWhereAndWhen(t *testing.T) {
	lines := []string{
		`{"id":"r1","title":"JAPAN RAISES RATES","body":"Tokyo banks said rates would rise.","date":"1987-03-26","places":["japan"]}`,
		`{"id":"m1","title":"全省经济运行情况","body":"山西省统计局发布数据。","date":"2024-03","province":"山西"}`,
		`{"id":"d1","title":"Lanzhou meeting","body":"The Gansu Provincial Party Committee met.","date":"--09-26","province_code":"620000"}`,
		`{"id":"p1","title":"A partial date as /api/docs gives it","body":"正文。","partial_date":"09-26"}`,
		`{"id":"bad1","title":"x","body":"y","date":"May 2024"}`,
		`{"id":"bad2","title":"x","body":"y","province":"Tokyo"}`,
		`{"id":"t1","title":"甘肅省國資委舉行座談會","body":"新華社蘭州3月28日電 甘肅省國有資產監督管理委員會在蘭州舉行座談會，天水、酒泉等地企業負責人參加。"}`,
	}
	p := filepath.Join(t.TempDir(), "news.jsonl")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, bad := readAll(t, p)
	byID := map[string]Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	if d := byID["r1"]; len(d.Places) != 0 || d.Province != "" {
		t.Errorf("Reuters' own place codes were read as ours: places %v, province %q", d.Places, d.Province)
	}
	if d := byID["m1"]; d.Date != "" || d.PartialDate != "2024-03" || d.DatePrecision != PrecisionMonth || d.Province != "Shanxi" || d.ProvinceCode != "140000" {
		t.Errorf("a month and a Chinese province read as %+v", d)
	}
	if d := byID["d1"]; d.PartialDate != "09-26" || d.DatePrecision != PrecisionMonthDay || d.Province != "Gansu" {
		t.Errorf("a month and day and a province code read as %+v", d)
	}
	if d := byID["p1"]; d.PartialDate != "09-26" || d.DatePrecision != PrecisionMonthDay {
		t.Errorf("partial_date read as %+v", d)
	}
	if d := byID["t1"]; d.Province != "Gansu" || strings.Join(d.Places, " ") != "620000 620100 620500 620900" || d.PartialDate != "03-28" {
		t.Errorf("an article in traditional characters read as %+v", d)
	}
	want := []string{`news.jsonl:5: date "May 2024" is not YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD`, `news.jsonl:6: province "Tokyo" is not one of China's provincial-level divisions`}
	if len(bad) != len(want) {
		t.Fatalf("bad records %q, want %d", bad, len(want))
	}
	for i, w := range want {
		if !strings.Contains(bad[i], w) {
			t.Errorf("bad record %q, want it to say %q", bad[i], w)
		}
	}
}

// TestIndexKeepsWhereAndWhen checks that what extraction finds is stored,
// so that a document comes back whole (and a reindex can rebuild it), and
// indexed in the fields the date and place facets and filters need.
func TestIndexKeepsWhereAndWhen(t *testing.T) {
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := []Document{
		{ID: "day", Title: "t", Body: "b", Date: "2024-03-28", Province: "Shanxi", Places: []string{"140000", "140100", "141100"}},
		{ID: "month", Title: "t", Body: "b", PartialDate: "2024-03", ProvinceCode: "620000", Places: []string{"620100"}},
		{ID: "year", Title: "t", Body: "b", PartialDate: "2023"},
		{ID: "md", Title: "t", Body: "b", PartialDate: "09-26", Province: "陕西"},
		{ID: "none", Title: "t", Body: "b"},
	}
	if err := ix.Add(docs...); err != nil {
		t.Fatal(err)
	}
	got := map[string]Document{}
	for _, d := range docs {
		g, err := ix.Get(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		got[d.ID] = g
	}
	if d := got["day"]; d.Date != "2024-03-28" || d.DatePrecision != PrecisionDay || d.ProvinceCode != "140000" || strings.Join(d.Places, " ") != "140000 140100 141100" {
		t.Errorf("day came back as %+v", d)
	}
	if d := got["month"]; d.PartialDate != "2024-03" || d.DatePrecision != PrecisionMonth || d.Province != "Gansu" || strings.Join(d.Places, " ") != "620100" {
		t.Errorf("month came back as %+v", d)
	}
	if d := got["md"]; d.Date != "" || d.PartialDate != "09-26" || d.DatePrecision != PrecisionMonthDay || d.Province != "Shaanxi" || d.DateText() != "09-26" {
		t.Errorf("md came back as %+v", d)
	}
	if d := got["none"]; d.DatePrecision != "" || d.DateText() != "" || d.Places != nil {
		t.Errorf("none came back as %+v", d)
	}

	count := func(field, term string) uint64 {
		q := bleve.NewTermQuery(term)
		q.SetField(field)
		res, err := ix.Bleve().Search(bleve.NewSearchRequest(q))
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	for _, c := range []struct {
		field, term string
		want        uint64
	}{
		{FieldDatePrecision, "monthday", 1}, // the date facet's "no year" bucket
		{FieldDatePrecision, "day", 1},
		{FieldMonthDay, "09-26", 1},
		{FieldMonthDay, "03-28", 1},
		{FieldMonth, "2024-03", 2}, // a day and a month of March 2024
		{FieldYear, "2023", 1},
		{FieldProvinceCode, "610000", 1},
		{FieldProvince, "Shanxi", 1},
		{FieldPlaces, "141100", 1},
	} {
		if n := count(c.field, c.term); n != c.want {
			t.Errorf("%s:%s matches %d documents, want %d", c.field, c.term, n, c.want)
		}
	}
	// Any place in Shanxi, by the prefix of its code.
	q := bleve.NewPrefixQuery("14")
	q.SetField(FieldPlaces)
	if res, err := ix.Bleve().Search(bleve.NewSearchRequest(q)); err != nil || res.Total != 1 {
		t.Errorf("places under 14: %v, %v; want 1", res, err)
	}
}
