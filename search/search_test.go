package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/index"
)

// corpus is a handful of articles written for these tests.
var corpus = []index.Document{
	{ID: "sx1", Title: "山西焦煤集团推进国有企业改革", Body: "山西焦煤集团召开会议，部署国有企业改革深化提升行动。", Date: "2024-03-28", Province: "Shanxi"},
	{ID: "sx2", Title: "Shanxi Coking Coal builds a coking coal system", Body: "The group will build a modern industrial system of coking coal in Taiyuan.", Date: "2024-04-09", Province: "Shanxi"},
	{ID: "gs1", Title: "甘肃部署国有企业改革", Body: "会议要求深入贯彻关于国有Enterprise reform发展的重要论述。", Date: "2023-09-26", Province: "Gansu"},
	{ID: "cn1", Title: "这是中国有名的地方", Body: "中国有很多名胜古迹，改革开放以来旅游业发展迅速。", Province: "Beijing"},
	{ID: "en1", Title: "Coal prices fall", Body: "Coal prices fell for a third week as coking plants cut output.", Date: "2024-04-01"},
}

func newSearcher(t *testing.T) *Searcher {
	t.Helper()
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(corpus...); err != nil {
		t.Fatal(err)
	}
	s, err := New(ix)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ids(r *Result) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return strings.Join(out, " ")
}

func TestSearch(t *testing.T) {
	s := newSearcher(t)
	tests := []struct {
		name string
		req  Request
		want string // hit ids in order
	}{
		{"all words must match", Request{Query: "coking coal"}, "sx2 en1"},
		{"a quoted phrase matches only the words together", Request{Query: `"coking coal"`}, "sx2"},
		{"a Chinese word is found where it is a word, the shorter article first", Request{Query: "国有"}, "gs1 sx1"},
		{"a Chinese run that segments into several words matches as a phrase", Request{Query: "国有企业改革"}, "sx1 gs1"},
		{"a sub-word of a long word is found", Request{Query: "焦煤"}, "sx1"},
		{"a minus excludes", Request{Query: "coal -Shanxi"}, "en1"},
		{"a province filter narrows", Request{Query: "国有", Provinces: []string{"Gansu"}}, "gs1"},
		{"several provinces widen each other", Request{Provinces: []string{"Gansu", "Beijing"}, Sort: SortDate}, "gs1 cn1"},
		{"a date range keeps the dated articles within it", Request{From: "2024-04", To: "2024"}, "sx2 en1"},
		{"sort=date puts the oldest first and the undated last", Request{Sort: SortDate}, "gs1 sx1 en1 sx2 cn1"},
		{"no query lists everything, newest first", Request{}, "sx2 en1 sx1 gs1 cn1"},
		{"paging walks the same order", Request{Page: 2, Size: 2}, "sx1 gs1"},
		{"only stop words match nothing", Request{Query: "the of"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := s.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(r); got != tt.want {
				t.Errorf("hits = [%s], want [%s]", got, tt.want)
			}
		})
	}
}

func TestSearchFacetsAndHighlights(t *testing.T) {
	s := newSearcher(t)
	r, err := s.Search(context.Background(), Request{Query: "国有"})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(r.Facets.Province); got != "[{Gansu 1} {Shanxi 1}]" {
		t.Errorf("province facet = %s", got)
	}
	if got := fmt.Sprint(r.Facets.Date.Buckets, r.Facets.Date.Years, r.Facets.Date.NoDate); got != "[{2023-09 1} {2024-03 1}] [{2023 1} {2024 1}] 0" {
		t.Errorf("date facet = %s", got)
	}
	if r.Hits[1].TitleHTML != "山西焦煤集团推进<mark>国有</mark>企业改革" {
		t.Errorf("title_html = %q", r.Hits[1].TitleHTML)
	}
	if got := strings.Join(r.Hits[0].Snippets, ""); !strings.Contains(got, "关于<mark>国有</mark>Enterprise reform发展") {
		t.Errorf("snippet = %q", got)
	}

	all, _ := s.Search(context.Background(), Request{})
	if all.Facets.Date.NoDate != 1 || all.Total != 5 {
		t.Errorf("no_date = %d of %d, want 1 of 5", all.Facets.Date.NoDate, all.Total)
	}
}

func TestSearchErrors(t *testing.T) {
	s := newSearcher(t)
	tests := []struct {
		req  Request
		code string
	}{
		{Request{Size: 100000}, CodeBadSize},
		{Request{Size: -1}, CodeBadSize},
		{Request{Page: -2}, CodeBadPage},
		{Request{Page: 200, Size: 100}, CodeBadPage},
		{Request{Query: `"unclosed`}, CodeBadQuery},
		{Request{Query: strings.Repeat("word ", 40)}, CodeBadQuery},
		{Request{From: "yesterday"}, CodeBadDate},
		{Request{From: "2024-05-01", To: "2024-04-01"}, CodeBadDate},
		{Request{Sort: "title"}, CodeBadSort},
		{Request{Provinces: []string{" "}}, CodeBadProvince},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v is refused with %s", tt.req, tt.code), func(t *testing.T) {
			_, err := s.Search(context.Background(), tt.req)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Message == "" {
				t.Errorf("err = %v, want code %s", err, tt.code)
			}
		})
	}
}
