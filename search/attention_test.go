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

// shares renders the date facet's bars as a user reads them: "2023 2/4".
func shares(cs []DateCount) string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s %d/%d=%g", c.Value, c.Count, c.All, c.Share))
	}
	return strings.Join(out, ", ")
}

// TestShares checks each bar's share against counts made by hand over
// testdata/attention.jsonl: fourteen articles of 2021–2024 in Shanxi and
// Gansu, seven of which name 煤炭 (coal), one dated only to the month, one
// to the year, one by month and day, one undated.
func TestShares(t *testing.T) {
	s := searcherOver(t, "testdata/attention.jsonl")
	for _, c := range []struct {
		name string
		req  Request
		want string
	}{
		{"by year: coal is 1 of 1 articles in 2021, 2 of 4 in 2023, 3 of 7 in 2024 (a month-dated and a year-dated one count)",
			Request{Query: "煤炭"}, "2021 1/1=1, 2022 0/0=0, 2023 2/4=0.5, 2024 3/7=0.428571"},
		{"a province selected divides by that province's articles only",
			Request{Query: "煤炭", Provinces: []string{"Shanxi"}}, "2021 1/1=1, 2022 0/0=0, 2023 1/2=0.5, 2024 2/4=0.5"},
		{"two provinces selected divide by the articles of either",
			Request{Query: "煤炭", Provinces: []string{"Shanxi", "甘肃"}}, "2021 1/1=1, 2022 0/0=0, 2023 2/4=0.5, 2024 3/7=0.428571"},
		{"a source selected divides by that source's articles, in any case",
			Request{Query: "煤炭", Sources: []string{"SHANXI DAILY"}}, "2024-01 1/1=1, 2024-02 0/0=0, 2024-03 0/0=0, 2024-04 0/0=0, 2024-05 0/0=0, 2024-06 1/1=1"},
		{"by month within from/to: January 1 of 2, February nothing, March 1 of 3",
			Request{Query: "煤炭", From: "2024-01", To: "2024-03"}, "2024-01 1/2=0.5, 2024-02 0/0=0, 2024-03 1/3=0.333333"},
		{"a from inside a month leaves the month's earlier articles out of its total",
			Request{Query: "煤炭", From: "2024-03-10", To: "2024-03"}, "2024-03 1/2=0.5"},
		{"a query written with province: is part of the query, not of the total",
			Request{Query: "煤炭 province:Gansu"}, "2023-05 1/2=0.5, 2023-06 0/0=0, 2023-07 0/0=0, 2023-08 0/0=0, 2023-09 0/0=0, 2023-10 0/0=0, 2023-11 0/1=0, 2023-12 0/0=0, 2024-01 0/2=0, 2024-02 0/0=0, 2024-03 1/3=0.333333"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := s.Search(context.Background(), c.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := shares(r.Facets.Date.Buckets); got != c.want {
				t.Errorf("bars\n got %s\nwant %s", got, c.want)
			}
		})
	}
	t.Run("the years list carries shares too, and the undated are apart", func(t *testing.T) {
		r, err := s.Search(context.Background(), Request{Query: "煤炭"})
		if err != nil {
			t.Fatal(err)
		}
		d := r.Facets.Date
		if got, want := shares(d.Years), "2021 1/1=1, 2023 2/4=0.5, 2024 3/7=0.428571"; got != want {
			t.Errorf("years\n got %s\nwant %s", got, want)
		}
		if d.NoYear != 1 || d.NoDate != 1 {
			t.Errorf("no_year %d, no_date %d; want 1 and 1", d.NoYear, d.NoDate)
		}
	})
}

// TestSharesOfEverythingAreOne checks the denominators against the
// searches they stand for: under any filters, the empty query matches
// every article the filters keep, so every bar with articles has a share
// of 1 and a total equal to its count.
func TestSharesOfEverythingAreOne(t *testing.T) {
	for _, corpus := range []string{"testdata/attention.jsonl", "testdata/corpus.jsonl", "testdata/places.jsonl"} {
		s := searcherOver(t, corpus)
		for _, req := range []Request{
			{},
			{Provinces: []string{"Shanxi"}},
			{Provinces: []string{"Shanxi", "Gansu"}, Sources: []string{"山西日报", "甘肃日报"}},
			{Sources: []string{"shanxi cppcc daily"}},
			{From: "2023-05-04"},
			{To: "2024-03-20"},
			{From: "2016", To: "2024-03-20"},
			{From: "2024-01", To: "2024-03", Provinces: []string{"Gansu"}},
		} {
			t.Run(fmt.Sprintf("%s %+v", filepath.Base(corpus), req), func(t *testing.T) {
				r, err := s.Search(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				for _, bars := range [][]DateCount{r.Facets.Date.Buckets, r.Facets.Date.Years} {
					for _, b := range bars {
						if b.All != b.Count || b.Count > 0 && b.Share != 1 {
							t.Errorf("bar %s: %d of %d (share %g), want all of them", b.Value, b.Count, b.All, b.Share)
						}
					}
				}
			})
		}
	}
}

// TestSharesLeaveReplacedArticlesOut checks that an article replaced by a
// later write (deleted in its old segment, which the columns still hold)
// is counted once.
func TestSharesLeaveReplacedArticlesOut(t *testing.T) {
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	add := func(docs ...index.Document) {
		t.Helper()
		if err := ix.Add(docs...); err != nil {
			t.Fatal(err)
		}
	}
	add(index.Document{ID: "x", Title: "煤炭", Date: "2024-01-05"}, index.Document{ID: "y", Title: "旅游", Date: "2024-01-06"})
	add(index.Document{ID: "x", Title: "旅游", Date: "2024-02-05"})
	s, err := New(ix)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Search(context.Background(), Request{Query: "旅游"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := shares(r.Facets.Date.Buckets), "2024-01 1/1=1, 2024-02 1/1=1"; got != want {
		t.Errorf("bars\n got %s\nwant %s", got, want)
	}
}

func TestAttention(t *testing.T) {
	s := searcherOver(t, "testdata/attention.jsonl")
	ctx := context.Background()
	t.Run("every series has the same bars, spanning the matches of all", func(t *testing.T) {
		a, err := s.Attention(ctx, AttentionRequest{Queries: []string{"煤炭", "并网", "zzzz"}})
		if err != nil {
			t.Fatal(err)
		}
		got := a.Interval
		for _, sr := range a.Series {
			got += fmt.Sprintf(" | %s %d: %s", sr.Query, sr.Total, shares(sr.Buckets))
		}
		want := "year" +
			" | 煤炭 8: 2021 1/1=1, 2022 0/0=0, 2023 2/4=0.5, 2024 3/7=0.428571" +
			" | 并网 1: 2021 0/1=0, 2022 0/0=0, 2023 1/4=0.25, 2024 0/7=0" +
			" | zzzz 0: 2021 0/1=0, 2022 0/0=0, 2023 0/4=0, 2024 0/7=0"
		if got != want {
			t.Errorf("\n got %s\nwant %s", got, want)
		}
	})
	t.Run("months when asked for, within the filters", func(t *testing.T) {
		a, err := s.Attention(ctx, AttentionRequest{Queries: []string{"煤炭", "春耕 OR 公交"}, Interval: "month", Provinces: []string{"Gansu"}, From: "2024"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sr := range a.Series {
			got = append(got, sr.Query+": "+shares(sr.Buckets))
		}
		want := "煤炭: 2024-03 1/2=0.5 | 春耕 OR 公交: 2024-03 1/2=0.5"
		if strings.Join(got, " | ") != want {
			t.Errorf("\n got %s\nwant %s", strings.Join(got, " | "), want)
		}
	})
	for _, c := range []struct {
		name string
		req  AttentionRequest
		want string
	}{
		{"five queries are refused", AttentionRequest{Queries: []string{"a", "b", "c", "d", "e"}}, "too_many_queries: 5 queries: at most 4 can be compared"},
		{"no query is refused", AttentionRequest{}, "bad_query: give at least one query (q=)"},
		{"a bad query says which", AttentionRequest{Queries: []string{"煤炭", "(煤炭"}}, "bad_query: query 2: unclosed ( at 1"},
		{"an unknown interval is refused", AttentionRequest{Queries: []string{"煤炭"}, Interval: "week"}, `bad_interval: interval must be month or year, not "week"`},
		{"a bad filter is refused", AttentionRequest{Queries: []string{"煤炭"}, From: "2024-13"}, `bad_date: date "2024-13" is not YYYY-MM-DD, YYYY-MM or YYYY`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Attention(ctx, c.req)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want %s", err, c.want)
			}
			if got := e.Code + ": " + e.Message; got != c.want {
				t.Errorf("error\n got %s\nwant %s", got, c.want)
			}
		})
	}
}
