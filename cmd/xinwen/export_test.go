package main

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/search/export"
)

// TestSearchCommandExports checks xinwen search -format: every hit as CSV
// (read back, the Chinese intact) or JSON Lines, and a valid Atom feed.
func TestSearchCommandExports(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "index")
	news := write(t, dir, "news.jsonl", strings.Join([]string{
		`{"id":"k1","title":"冬季供暖煤炭储备充足","body":"供暖季前，各地电厂的煤炭储备达到要求。","date":"2024-11-02","source":"测试日报","lang":"zh"}`,
		`{"id":"k2","title":"Coal stocks, \"ample\", before winter","body":"Power plants hold more coal than a year ago.","date":"2024-10","lang":"en"}`,
		`{"id":"k3","title":"煤炭运输","body":"铁路加开运煤列车，保障煤炭运输。","lang":"zh"}`,
	}, "\n"))
	if _, stderr, err := run(t, "index", "-index", idx, news); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr)
	}
	t.Run("-format csv prints every hit as CSV with a byte-order mark", func(t *testing.T) {
		stdout, stderr, err := run(t, "search", "-index", idx, "-format", "csv", "-n", "1", "-sort", "-date", "煤炭 OR coal")
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		rest, ok := strings.CutPrefix(stdout, "\ufeff")
		if !ok {
			t.Fatalf("no byte-order mark: %q", stdout)
		}
		rows, err := csv.NewReader(strings.NewReader(rest)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r[0]+" "+r[1]+" "+r[2]+" "+r[3])
		}
		want := []string{"id title date precision", "k1 冬季供暖煤炭储备充足 2024-11-02 day", `k2 Coal stocks, "ample", before winter 2024-10 month`, "k3 煤炭运输  "}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("rows\n got %q\nwant %q", got, want)
		}
	})
	t.Run("-format jsonl -limit 2 prints the first two hits, one a line", func(t *testing.T) {
		stdout, stderr, err := run(t, "search", "-index", idx, "-format", "jsonl", "-limit", "2", "-sort", "-date", "煤炭 OR coal")
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		var ids []string
		for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
			var r struct{ ID, Title string }
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			ids = append(ids, r.ID)
		}
		if strings.Join(ids, " ") != "k1 k2" {
			t.Errorf("ids %v, want k1 k2", ids)
		}
	})
	t.Run("-format atom prints a feed of the newest, linking to -base", func(t *testing.T) {
		stdout, stderr, err := run(t, "search", "-index", idx, "-format", "atom", "-base", "http://news.example:9000", "煤炭 OR coal")
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		if err := export.CheckAtom(strings.NewReader(stdout)); err != nil {
			t.Errorf("the feed breaks RFC 4287: %v\n%s", err, stdout)
		}
		var feed struct {
			Entries []struct {
				Link struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(stdout), &feed); err != nil {
			t.Fatal(err)
		}
		if len(feed.Entries) != 3 || feed.Entries[0].Link.Href != "http://news.example:9000/doc/k1?q=%E7%85%A4%E7%82%AD+OR+coal" {
			t.Errorf("entries %+v, want three, the first linking to k1 on news.example", feed.Entries)
		}
	})
	t.Run("an unknown -format is a usage error", func(t *testing.T) {
		_, _, err := run(t, "search", "-index", idx, "-format", "xlsx", "coal")
		if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), "-format must be text, csv, jsonl or atom") {
			t.Errorf("err = %v", err)
		}
	})
}
