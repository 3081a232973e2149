package server

import (
	"bufio"
	"encoding/json"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/search"
)

// storyLines are the records of ../../index/testdata/stories.jsonl,
// articles written for the tests of stories, by id.
func storyLines(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("../../index/testdata/stories.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var d struct{ ID string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		out[d.ID] = sc.Text()
	}
	return out
}

// TestStoriesOverTheWriteAPI writes reprints before their original, as
// a feed may, and searches as the page does.
func TestStoriesOverTheWriteAPI(t *testing.T) {
	h := writable(t)
	lines := storyLines(t)
	get := func(t *testing.T, params url.Values) search.Result {
		t.Helper()
		rec := serve(h, "GET", "/api/search?"+params.Encode(), nil)
		var res search.Result
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != 200 {
			t.Fatalf("%s: %d %s", params.Encode(), rec.Code, rec.Body)
		}
		return res
	}
	ids := func(r search.Result) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	post := func(t *testing.T, ids ...string) {
		t.Helper()
		body := ""
		for _, id := range ids {
			body += lines[id] + "\n"
		}
		if rec := send(h, "POST", "/api/docs", "application/x-ndjson", body); rec.Code != 200 {
			t.Fatalf("POST %v: %d %s", ids, rec.Code, rec.Body)
		}
	}
	post(t, "library-portal", "branch-night")
	post(t, "library-traditional")
	post(t, "library-night") // the original, last

	t.Run("the original written after its reprints gives the story its id, and the search shows one hit for it", func(t *testing.T) {
		r := get(t, url.Values{"q": {"图书馆 夜间开放"}})
		if !r.Collapsed || r.Total != 4 || r.Stories != 2 {
			t.Fatalf("collapsed %v, total %d, stories %d, hits %q", r.Collapsed, r.Total, r.Stories, ids(r))
		}
		versions := map[string]int{}
		for _, h := range r.Hits {
			versions[h.Story] = h.Versions
		}
		if versions["library-night"] != 3 || versions["branch-night"] != 1 {
			t.Errorf("versions by story = %v, want library-night 3, branch-night 1", versions)
		}
	})
	t.Run("story= lists the versions earliest first, collapse=false every article", func(t *testing.T) {
		want := []string{"library-night", "library-portal", "library-traditional"}
		if got := ids(get(t, url.Values{"q": {"图书馆"}, "story": {"library-night"}, "sort": {"date"}})); !slices.Equal(got, want) {
			t.Errorf("story=library-night: %q, want %q", got, want)
		}
		if got := get(t, url.Values{"q": {"图书馆 夜间开放"}, "collapse": {"false"}}); got.Collapsed || len(got.Hits) != 4 {
			t.Errorf("collapse=false: collapsed %v, hits %q", got.Collapsed, ids(got))
		}
	})
	t.Run("deleting the earliest keeps the others one story, under the next", func(t *testing.T) {
		if rec := send(h, "DELETE", "/api/docs/library-night", "", ""); rec.Code != 200 {
			t.Fatalf("DELETE: %d %s", rec.Code, rec.Body)
		}
		want := []string{"library-portal", "library-traditional"}
		if got := ids(get(t, url.Values{"story": {"library-portal"}, "sort": {"date"}})); !slices.Equal(got, want) {
			t.Errorf("story=library-portal: %q, want %q", got, want)
		}
	})
	t.Run("a collapse that is neither true nor false is refused", func(t *testing.T) {
		rec := serve(h, "GET", "/api/search?q=x&collapse=maybe", nil)
		if rec.Code != 400 || !json.Valid(rec.Body.Bytes()) || !strings.Contains(rec.Body.String(), `"code":"bad_collapse"`) || !strings.Contains(rec.Body.String(), `collapse must be true or false, not \"maybe\"`) {
			t.Errorf("%d %s", rec.Code, rec.Body)
		}
	})
}
