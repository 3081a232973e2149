package search

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// storiesCorpus holds articles written for the tests of stories: one story
// in four versions (library-night, a portal's reprint with a header, a
// footer and a headline of its own, one with its paragraphs reordered,
// one in traditional script), a look-alike that is another story
// (branch-night) and one other story (bridge-closed).
const storiesCorpus = "../index/testdata/stories.jsonl"

func pageIDs(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestCollapse(t *testing.T) {
	s := searcherOver(t, storiesCorpus)
	search := func(t *testing.T, req Request) *Result {
		t.Helper()
		r, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	library := []string{"library-night", "library-portal", "library-reordered", "library-traditional"}
	t.Run("a search shows one hit per story, with the number of its versions", func(t *testing.T) {
		r := search(t, Request{Query: "图书馆 夜间开放"})
		if !r.Collapsed || r.Total != 5 || r.Stories != 2 || len(r.Hits) != 2 {
			t.Fatalf("collapsed %v, total %d, stories %d, hits %q; want collapsed, 5 articles in 2 stories", r.Collapsed, r.Total, r.Stories, pageIDs(r))
		}
		got := map[string]int{}
		for _, h := range r.Hits {
			got[h.Story] = h.Versions
			if h.Story == "library-night" && !slices.Contains(library, h.ID) {
				t.Errorf("%s shows for the library's story", h.ID)
			}
		}
		if got["library-night"] != 4 || got["branch-night"] != 1 {
			t.Errorf("versions by story = %v, want library-night 4, branch-night 1", got)
		}
	})
	t.Run("collapse=false lists every article", func(t *testing.T) {
		r := search(t, Request{Query: "图书馆 夜间开放", Expand: true})
		if r.Collapsed || len(r.Hits) != 5 {
			t.Errorf("collapsed %v, hits %q; want the 5 articles", r.Collapsed, pageIDs(r))
		}
		for _, h := range r.Hits {
			if want := map[bool]int{true: 4, false: 1}[h.Story == "library-night"]; h.Versions != want {
				t.Errorf("%s: story %q, versions %d", h.ID, h.Story, h.Versions)
			}
		}
	})
	t.Run("a story's versions are listed earliest first, by the story filter or story: in the query", func(t *testing.T) {
		for _, req := range []Request{
			{Story: "library-night", Sort: SortDate},
			{Query: "story:library-night", Sort: SortDate},
			{Query: "夜间 story:library-night", Sort: SortDate},
		} {
			r := search(t, req)
			if got := pageIDs(r); r.Collapsed || !slices.Equal(got, library) {
				t.Errorf("%+v: collapsed %v, hits %q, want %q", req, r.Collapsed, got, library)
			}
		}
	})
	t.Run("pages of stories, by number or by cursor, neither repeat nor skip a story", func(t *testing.T) {
		for _, sort := range []string{SortRelevance, SortDate, SortDateDesc} {
			q := "图书馆"
			if sort != SortRelevance {
				q = ""
			}
			all := search(t, Request{Query: q, Sort: sort, Size: 10})
			var byCursor, byNumber []string
			cur := ""
			for page := 1; page <= 10; page++ {
				r := search(t, Request{Query: q, Sort: sort, Size: 1, Cursor: cur})
				byCursor = append(byCursor, pageIDs(r)...)
				if cur = r.Cursor; cur == "" {
					break
				}
			}
			for page := 1; page <= len(all.Hits)+1; page++ {
				byNumber = append(byNumber, pageIDs(search(t, Request{Query: q, Sort: sort, Size: 1, Page: page}))...)
			}
			if !slices.Equal(byCursor, pageIDs(all)) || !slices.Equal(byNumber, pageIDs(all)) {
				t.Errorf("sort %q: by cursor %q, by number %q, want %q", sort, byCursor, byNumber, pageIDs(all))
			}
			if int(all.Stories) != len(all.Hits) {
				t.Errorf("sort %q: %d stories, %d hits", sort, all.Stories, len(all.Hits))
			}
		}
	})
}

// TestCollapseWiderWindow pages over stories of six versions each, more
// than the first window of matches holds for the stories a page needs.
func TestCollapseWiderWindow(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var lines []string
	for s := 1; s <= 12; s++ {
		var body strings.Builder
		for range 300 {
			body.WriteRune(rune(0x4E00 + r.Intn(3000)))
		}
		for v := 1; v <= 6; v++ {
			raw, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("s%02d-%d", s, v), "title": fmt.Sprintf("第%d篇", s), "body": body.String(), "date": "2024-06-01"})
			lines = append(lines, string(raw))
		}
	}
	corpus := filepath.Join(t.TempDir(), "versions.jsonl")
	if err := os.WriteFile(corpus, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := searcherOver(t, corpus)
	all, err := s.Search(context.Background(), Request{Sort: SortDate, Size: 12})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Hits) != 12 || all.Hits[11].ID != "s12-1" || all.Cursor != "" {
		t.Errorf("a page of 12: hits %q, cursor %q; want the 12 stories and no cursor", pageIDs(all), all.Cursor)
	}
	first, err := s.Search(context.Background(), Request{Sort: SortDate, Size: 11})
	if err != nil {
		t.Fatal(err)
	}
	if first.Stories != 12 || len(first.Hits) != 11 || first.Cursor == "" || first.Hits[10].ID != "s11-1" || first.Hits[10].Versions != 6 {
		t.Fatalf("page 1: %d stories, hits %q, cursor %q; want 12 stories, 11 hits to s11-1 with 6 versions, and a cursor", first.Stories, pageIDs(first), first.Cursor)
	}
	for _, req := range []Request{{Sort: SortDate, Size: 11, Cursor: first.Cursor}, {Sort: SortDate, Size: 11, Page: 2}} {
		next, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if got := pageIDs(next); !slices.Equal(got, []string{"s12-1"}) || next.Cursor != "" {
			t.Errorf("page 2 (cursor %v): hits %q, cursor %q; want s12-1 and no cursor", req.Cursor != "", got, next.Cursor)
		}
	}
}
