package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/xinwen/xinwen/search"
)

// readCSV reads a CSV as a spreadsheet program does: it must open with
// the UTF-8 byte-order mark.
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("\ufeff"))
	if !ok {
		t.Fatalf("the CSV does not start with the UTF-8 byte-order mark: % x", data[:min(len(data), 8)])
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

var rows = []search.Row{
	{ID: "sx1", Title: "山西焦煤集团推进国有企业改革", Date: "2024-03-28", Precision: "day", Province: "Shanxi",
		Places: []string{"140000", "141100"}, Source: "山西日报", URL: "http://example.org/a?b=1&c=2", Story: "sx0",
		Snippet: "…会议强调，要加快发展“新质生产力”，推动能源革命。…"},
	{ID: "en1", Title: `Coal, "coke" and a line
break`, Date: "09-26", Precision: "monthday", Story: "en1", Snippet: "a <b> & c"},
	{ID: "f1", Title: "=HYPERLINK(\"http://x\")", Date: "", Precision: "", Story: "f1", Snippet: "-1% growth"},
}

func TestCSVReadsBack(t *testing.T) {
	var buf bytes.Buffer
	c, err := NewCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := c.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	got := readCSV(t, buf.Bytes())
	want := [][]string{
		{"id", "title", "date", "precision", "province", "places", "source", "url", "story", "snippet"},
		{"sx1", "山西焦煤集团推进国有企业改革", "2024-03-28", "day", "Shanxi", "140000 141100", "山西日报", "http://example.org/a?b=1&c=2", "sx0", "…会议强调，要加快发展“新质生产力”，推动能源革命。…"},
		{"en1", "Coal, \"coke\" and a line\nbreak", "09-26", "monthday", "", "", "", "", "en1", "a <b> & c"},
		// Cells a spreadsheet would run as formulas are quoted with '.
		{"f1", "'=HYPERLINK(\"http://x\")", "", "", "", "", "", "", "f1", "'-1% growth"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d\n got %q\nwant %q", i, got[i], want[i])
		}
	}
}

func TestJSONLReadsBack(t *testing.T) {
	var buf bytes.Buffer
	j := NewJSONL(&buf)
	for _, r := range rows {
		if err := j.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(rows) {
		t.Fatalf("%d lines, want %d", len(lines), len(rows))
	}
	for i, l := range lines {
		var got map[string]any
		if err := json.Unmarshal([]byte(l), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if got["id"] != rows[i].ID || got["title"] != rows[i].Title || got["snippet"] != rows[i].Snippet {
			t.Errorf("line %d = %v, want %+v", i+1, got, rows[i])
		}
		if _, ok := got["places"].([]any); !ok {
			t.Errorf("line %d: places is %v, want an array", i+1, got["places"])
		}
	}
	if !strings.Contains(lines[0], "山西焦煤") || !strings.Contains(lines[1], `"a <b> & c"`) {
		t.Errorf("the Chinese and the snippet's < & are escaped: %s", buf.String())
	}
}

func TestUUID5(t *testing.T) {
	// RFC 4122's DNS namespace; the value is the one Python's uuid.uuid5 gives.
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	if got, want := uuid5(dns, "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d"; got != want {
		t.Errorf("uuid5(DNS, python.org) = %s, want %s", got, want)
	}
	if EntryID("sx1") != EntryID("sx1") || EntryID("sx1") == EntryID("sx2") || FeedID("q=a") == FeedID("q=b") {
		t.Error("ids are not stable and distinct")
	}
}

// The feed as a feed reader reads it.
type readFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Author  string `xml:"author>name"`
		Summary struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
	} `xml:"entry"`
}

func TestAtom(t *testing.T) {
	hits := []search.Hit{
		{ID: "a/1", Title: "山西煤炭 & <产量>", DateText: "2024-03-28", DatePrecision: "day", Source: "山西日报", Province: "Shanxi", ProvinceZH: "山西",
			Snippets: []string{"…全省<mark>煤炭</mark>产量 &amp; 价格…", "…<mark>煤炭</mark>运输…"}},
		{ID: "b", Title: "月报", DateText: "2024-02", DatePrecision: "month"},
		{ID: "c", Title: "年报", DateText: "2023", DatePrecision: "year"},
		{ID: "d", Title: "On September 26", DateText: "09-26", DatePrecision: "monthday"},
		{ID: "e", Title: "no date"},
	}
	f := Feed{
		ID: FeedID("q=煤炭"), Title: "xinwen: 煤炭",
		Self: "http://127.0.0.1:8080/api/search?q=%E7%85%A4%E7%82%AD&format=atom", Page: "http://127.0.0.1:8080/?q=%E7%85%A4%E7%82%AD",
		Link: func(id string) string { return "http://127.0.0.1:8080/doc/" + id },
		Now:  time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	var buf bytes.Buffer
	if err := WriteAtom(&buf, f, hits); err != nil {
		t.Fatal(err)
	}
	if err := CheckAtom(bytes.NewReader(buf.Bytes())); err != nil {
		t.Errorf("the feed breaks RFC 4287: %v\n%s", err, buf.String())
	}
	var got readFeed
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != f.ID || got.Title != f.Title || got.Updated != "2024-03-28T00:00:00Z" {
		t.Errorf("feed id %s, title %q, updated %s; want %s, %q and its newest entry's, 2024-03-28T00:00:00Z", got.ID, got.Title, got.Updated, f.ID, f.Title)
	}
	if len(got.Links) != 2 || got.Links[0].Rel != "self" || got.Links[0].Href != f.Self || got.Links[1].Href != f.Page {
		t.Errorf("feed links %+v, want self %s and alternate %s", got.Links, f.Self, f.Page)
	}
	wantUpdated := []string{"2024-03-28T00:00:00Z", "2024-02-01T00:00:00Z", "2023-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"}
	for i, e := range got.Entries {
		if e.ID != EntryID(hits[i].ID) || e.Title != hits[i].Title || e.Link.Href != f.Link(hits[i].ID) || e.Updated != wantUpdated[i] {
			t.Errorf("entry %d = %+v, want id %s, title %q, updated %s", i+1, e, EntryID(hits[i].ID), hits[i].Title, wantUpdated[i])
		}
	}
	if e := got.Entries[0]; e.Summary.Type != "text" || e.Summary.Text != "…全省煤炭产量 & 价格… …煤炭运输…" || e.Author != "山西日报" {
		t.Errorf("first entry's summary %+v and author %q; want the snippets as text and the source", e.Summary, e.Author)
	}
	t.Run("an empty feed is updated at the time of the request", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteAtom(&buf, f, nil); err != nil {
			t.Fatal(err)
		}
		if err := CheckAtom(bytes.NewReader(buf.Bytes())); err != nil {
			t.Errorf("the empty feed breaks RFC 4287: %v", err)
		}
		if !strings.Contains(buf.String(), "<updated>2025-01-02T03:04:05Z</updated>") {
			t.Errorf("the empty feed's updated is not the time of the request:\n%s", buf.String())
		}
	})
}

// TestCheckAtom checks that the checker finds what it looks for.
func TestCheckAtom(t *testing.T) {
	const ns = `xmlns="http://www.w3.org/2005/Atom"`
	for _, c := range []struct{ name, feed, want string }{
		{"a good feed", `<feed ` + ns + `><id>urn:x:1</id><title>t</title><updated>2024-01-01T00:00:00Z</updated><author><name>x</name></author>` +
			`<entry><id>urn:x:2</id><title>e</title><updated>2024-01-01T00:00:00Z</updated><link href="http://a/"/></entry></feed>`, ""},
		{"an RSS feed", `<rss><channel/></rss>`, "the root is  rss, not an Atom feed"},
		{"a feed without id, with a relative one in an entry, a bad date and no author", `<feed ` + ns + `><title>t</title><updated>2024-01-01</updated>` +
			`<entry><id>x/2</id><title>e</title><updated>2024-01-01T00:00:00Z</updated></entry></feed>`,
			`the feed has 0 id, want exactly one; the feed's updated "2024-01-01" is not an RFC 3339 date-time; entry 1's id "x/2" is not an absolute IRI; entry 1 has no author, nor has the feed; entry 1 has neither content nor an alternate link`},
		{"two entries with one id, two summaries", `<feed ` + ns + `><id>urn:x:1</id><title>t</title><updated>2024-01-01T00:00:00Z</updated><author><name>x</name></author>` +
			`<entry><id>urn:x:2</id><title>e</title><updated>2024-01-01T00:00:00Z</updated><link href="h"/><summary>a</summary><summary>b</summary></entry>` +
			`<entry><id>urn:x:2</id><title type="markdown">e</title><updated>2024-01-01T00:00:00Z</updated><link href="h"/><link href="i"/></entry></feed>`,
			`entry 1 has 2 summary, want at most one; entry 2's title has type "markdown"; entry 2 has two alternate links of type ""; entry 2 repeats the id urn:x:2`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckAtom(strings.NewReader(c.feed))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != c.want {
				t.Errorf("\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestWriteFacets(t *testing.T) {
	f := search.Facets{
		Province: []search.Count{{Value: "Shanxi", Count: 3, ValueZH: "山西"}},
		Source:   []search.Count{{Value: "山西日报", Count: 2}},
		Date: search.DateHist{Interval: "year", Buckets: []search.DateCount{{Value: "2023", Count: 2, All: 4, Share: 0.5}},
			Years: []search.DateCount{{Value: "2023", Count: 2, All: 4, Share: 0.5}}, NoYear: 1},
	}
	var buf bytes.Buffer
	if err := WriteFacets(&buf, f); err != nil {
		t.Fatal(err)
	}
	got := readCSV(t, buf.Bytes())
	want := "facet,value,value_zh,count,all,share|province,Shanxi,山西,3,,|source,山西日报,,2,,|date,2023,,2,4,0.5|year,2023,,2,4,0.5|date,no year,,1,,|date,no date,,0,,"
	var lines []string
	for _, r := range got {
		lines = append(lines, strings.Join(r, ","))
	}
	if strings.Join(lines, "|") != want {
		t.Errorf("\n got %s\nwant %s", strings.Join(lines, "|"), want)
	}
}

func TestWriteAttention(t *testing.T) {
	a := &search.Attention{Interval: "year", Series: []search.Series{
		{Query: "煤炭", Buckets: []search.DateCount{{Value: "2023", Count: 2, All: 4, Share: 0.5}, {Value: "2024", Count: 3, All: 7, Share: 0.428571}}},
		{Query: "", Buckets: []search.DateCount{{Value: "2023", Count: 4, All: 4, Share: 1}, {Value: "2024", Count: 7, All: 7, Share: 1}}},
	}}
	var buf bytes.Buffer
	if err := WriteAttention(&buf, a); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range readCSV(t, buf.Bytes()) {
		lines = append(lines, strings.Join(r, ","))
	}
	want := "year,all,煤炭: count,煤炭: share,(every article): count,(every article): share|2023,4,2,0.5,4,1|2024,7,3,0.428571,7,1"
	if strings.Join(lines, "|") != want {
		t.Errorf("\n got %s\nwant %s", strings.Join(lines, "|"), want)
	}
}
