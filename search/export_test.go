package search

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/index"
)

// exportAll runs an export and returns its start and rows.
func exportAll(t *testing.T, s *Searcher, req Request, limit int) (ExportStart, []Row, error) {
	t.Helper()
	var st ExportStart
	var rows []Row
	err := s.Export(context.Background(), req, limit, func(x ExportStart) error { st = x; return nil }, func(r Row) error {
		rows = append(rows, r)
		return nil
	})
	return st, rows, err
}

// TestExportGivesEveryHitInOrder checks that an export, read in chunks of
// three, gives the same hits in the same order as the search's pages, and
// each row its article's fields as plain text.
func TestExportGivesEveryHitInOrder(t *testing.T) {
	s := newSearcher(t)
	defer func(n int) { exportChunk = n }(exportChunk)
	exportChunk = 3
	for _, c := range []struct {
		name string
		req  Request
	}{
		{"every article, newest first", Request{}},
		{"by relevance, in chunks of equal and different scores", Request{Query: "coal OR 改革"}},
		{"relaxed, as the search is", Request{Query: "国有企业改革 旅游业"}},
		{"oldest first, with two provinces selected", Request{Query: "改革 OR coal OR 新能源", Provinces: []string{"Shanxi", "Gansu"}, Sort: SortDate}},
	} {
		req := c.req
		t.Run(c.name, func(t *testing.T) {
			page := req
			page.Size = MaxSize
			want, err := s.Search(context.Background(), page)
			if err != nil {
				t.Fatal(err)
			}
			st, rows, err := exportAll(t, s, req, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.ID)
			}
			if strings.Join(got, " ") != ids(want) {
				t.Errorf("rows\n got %s\nwant %s", strings.Join(got, " "), ids(want))
			}
			if st.Total != want.Total || st.Rows != want.Total || st.Relaxed != want.Relaxed || st.Sort != want.Sort {
				t.Errorf("start = %+v, want total and rows %d, relaxed %v, sort %s", st, want.Total, want.Relaxed, want.Sort)
			}
			for i, r := range rows {
				h := want.Hits[i]
				if r.Title != h.Title || r.Date != h.DateText || r.Precision != h.DatePrecision || r.Province != h.Province || r.Source != h.Source {
					t.Errorf("row %+v does not have the fields of hit %+v", r, h)
				}
				if snip := PlainText(strings.Join(h.Snippets, " ")); r.Snippet != snip || strings.Contains(r.Snippet, "<") && !strings.Contains(snip, "<") {
					t.Errorf("row %s snippet %q, want the hit's as text %q", r.ID, r.Snippet, snip)
				}
			}
		})
	}
}

func TestExportRow(t *testing.T) {
	s := newSearcher(t)
	_, rows, err := exportAll(t, s, Request{Query: "国有企业改革", Provinces: []string{"Shanxi"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d rows, want 1", len(rows))
	}
	r := rows[0]
	want := Row{ID: "sx1", Title: "山西焦煤集团推进国有企业改革", Date: "2024-03-28", Precision: "day", Province: "Shanxi",
		Places: []string{"140000"}, Source: "山西日报", Snippet: "山西焦煤集团召开会议，部署国有企业改革深化提升行动。会议强调，要加快发展新质生产力，推动能源革命。"}
	if r.ID != want.ID || r.Title != want.Title || r.Date != want.Date || r.Precision != want.Precision || r.Province != want.Province ||
		strings.Join(r.Places, " ") != strings.Join(want.Places, " ") || r.Source != want.Source || r.Snippet != want.Snippet {
		t.Errorf("row\n got %+v\nwant %+v", r, want)
	}
}

func TestExportLimits(t *testing.T) {
	s := newSearcher(t)
	t.Run("a limit gives the first hits and says how many", func(t *testing.T) {
		st, rows, err := exportAll(t, s, Request{Sort: SortDateDesc}, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 || st.Rows != 4 || st.Total != 16 {
			t.Errorf("%d rows, start %+v; want 4 rows of 16", len(rows), st)
		}
	})
	for _, c := range []struct {
		name  string
		limit int
		max   int
		want  string
	}{
		{"more hits than an export holds are refused before the first row", 0, 10,
			"too_many_hits: the search has 16 hits; an export gives at most 10: narrow it (dates, province, source), or ask for the first 10 with limit"},
		{"a limit past the most an export holds is refused", 100001, MaxExport, "bad_limit: limit must be between 1 and 100000, not 100001"},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func(n int) { exportCap = n }(exportCap)
			exportCap = c.max
			started := false
			err := s.Export(context.Background(), Request{}, c.limit, func(ExportStart) error { started = true; return nil }, func(Row) error { return nil })
			var e *Error
			if !errors.As(err, &e) || e.Code+": "+e.Message != c.want {
				t.Errorf("err = %v, want %s", err, c.want)
			}
			if started {
				t.Error("the export started before it was refused")
			}
		})
	}
}

func TestExportRowHasTheArticlesLink(t *testing.T) {
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(index.Document{ID: "u1", Title: "太原地铁开通", Body: "山西省太原市地铁二号线开通。", Date: "2024-05-01",
		Places: []string{"140000", "140100"}, URL: "https://example.com/u1"}); err != nil {
		t.Fatal(err)
	}
	s, err := New(ix)
	if err != nil {
		t.Fatal(err)
	}
	_, rows, err := exportAll(t, s, Request{Query: "地铁"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].URL != "https://example.com/u1" || strings.Join(rows[0].Places, " ") != "140000 140100" {
		t.Errorf("rows %+v, want u1 with its link and its places", rows)
	}
}
