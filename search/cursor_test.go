package search

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/index"
)

// TestForgedCursors checks that a cursor changed by a client, or signed but
// malformed, is refused with bad_cursor in every sort order, and never
// reaches bleve (whose search_after trusts it: a cursor with one sort value
// too few made it index out of range and end the process).
func TestForgedCursors(t *testing.T) {
	s := newSearcher(t)
	ctx := context.Background()
	// JSON as a client would write it, unsigned as cursors once were.
	unsigned := func(v any) string {
		raw, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(raw)
	}
	// JSON signed with the index's key: what only a bug in xinwen could
	// hand out, checked all the same.
	signed := func(v any) string {
		raw, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(raw) + cursorSep + base64.RawURLEncoding.EncodeToString(cursorMAC(s.cursorKey, raw))
	}
	for _, req := range []Request{
		{Query: "coal OR 改革", Size: 2},
		{Sort: SortDate, Size: 2},
		{Sort: SortDateDesc, Size: 2},
	} {
		first, err := s.Search(ctx, req)
		if err != nil || first.Cursor == "" {
			t.Fatalf("%+v: %v, cursor %q", req, err, first.Cursor)
		}
		c, err := decodeCursor(first.Cursor, s.cursorKey)
		if err != nil {
			t.Fatal(err)
		}
		body, mac, _ := strings.Cut(first.Cursor, cursorSep)
		with := func(change func(m map[string]any)) map[string]any {
			raw, _ := json.Marshal(c)
			var m map[string]any
			_ = json.Unmarshal(raw, &m)
			change(m)
			return m
		}
		after := func(vs ...[]byte) func(map[string]any) {
			return func(m map[string]any) { m["a"] = vs }
		}
		score, id := c.After[0], c.After[1]
		for _, tt := range []struct {
			name, cursor string
		}{
			{"a cursor without its signature", body},
			{"a cursor cut short", first.Cursor[:len(first.Cursor)-3]},
			{"a cursor with another signature", body + cursorSep + base64.RawURLEncoding.EncodeToString(make([]byte, cursorMACLen))},
			{"a cursor with a longer signature", first.Cursor + "AA"},
			{"a signature on another cursor", unsigned(with(after(id, score))) + cursorSep + mac},
			{"an unsigned cursor missing its last sort value", unsigned(with(after(score)))},
			{"an unsigned cursor missing its first sort value", unsigned(with(after(id)))},
			{"a signed cursor missing its last sort value", signed(with(after(score)))},
			{"a signed cursor missing its first sort value", signed(with(after(id)))},
			{"a signed cursor with no sort values", signed(with(after()))},
			{"a signed cursor with a sort value too many", signed(with(after(score, id, id)))},
			{"a signed cursor with its values swapped", signed(with(after(id, score)))},
			{"a signed cursor with an empty id", signed(with(after(score, nil)))},
			{"a signed cursor whose values are not bytes", signed(with(func(m map[string]any) { m["a"] = []int{1, 2} }))},
			{"a signed cursor whose page is a string", signed(with(func(m map[string]any) { m["p"] = "2" }))},
			{"a signed cursor for page 1", signed(with(func(m map[string]any) { m["p"] = 1 }))},
			{"a signed cursor past more pages than hits", signed(with(func(m map[string]any) { m["p"], m["n"] = 9, 3 }))},
			{"a signed cursor that has seen a huge number of hits", signed(with(func(m map[string]any) { m["n"] = 1 << 62 }))},
			{"a signed cursor of another request", signed(with(func(m map[string]any) { m["k"] = "0123456789abcdef" }))},
			{"a signed cursor of no request", signed(with(func(m map[string]any) { delete(m, "k") }))},
			{"a signed cursor that is not JSON", base64.RawURLEncoding.EncodeToString([]byte("{")) + cursorSep + base64.RawURLEncoding.EncodeToString(cursorMAC(s.cursorKey, []byte("{")))},
		} {
			t.Run(first.Sort+": "+tt.name, func(t *testing.T) {
				r := req
				r.Cursor = tt.cursor
				_, err := s.Search(ctx, r)
				var e *Error
				if !errors.As(err, &e) || e.Code != CodeBadCursor {
					t.Errorf("err = %v, want bad_cursor", err)
				}
			})
		}
		// A score that is not a number, a date that is not a date term.
		retyped := []byte("not a number")
		if first.Sort == "relevance" {
			retyped = []byte("NaN")
		}
		t.Run(first.Sort+": a signed cursor with a sort value of the wrong type", func(t *testing.T) {
			r := req
			r.Cursor = signed(with(after(retyped, id)))
			_, err := s.Search(ctx, r)
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeBadCursor {
				t.Errorf("err = %v, want bad_cursor", err)
			}
		})
		t.Run(first.Sort+": the cursor handed out leads to the next page", func(t *testing.T) {
			r := req
			r.Cursor = first.Cursor
			next, err := s.Search(ctx, r)
			if err != nil || next.Page != 2 || len(next.Hits) == 0 {
				t.Errorf("page %v: %v", next, err)
			}
		})
	}
}

// TestCursorsOutliveARestart checks that a cursor handed out before the
// server restarts leads to the next page after it: the key that signs it
// is kept in the index.
func TestCursorsOutliveARestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := buildIndex(dir, "testdata/corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(ix)
	if err != nil {
		t.Fatal(err)
	}
	req := Request{Sort: SortDate, Size: 3}
	first, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	before, err := s.Search(context.Background(), Request{Sort: SortDate, Size: 3, Cursor: first.Cursor})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if s, err = New(ix); err != nil {
		t.Fatal(err)
	}
	after, err := s.Search(context.Background(), Request{Sort: SortDate, Size: 3, Cursor: first.Cursor})
	if err != nil {
		t.Fatalf("the cursor of before the restart: %v", err)
	}
	if ids(after) != ids(before) || after.Page != 2 {
		t.Errorf("page %d [%s] after the restart, [%s] before", after.Page, ids(after), ids(before))
	}
}

// FuzzCursor signs cursors of any page, count and sort values for a real
// request, as only a bug in xinwen could, and checks that a search never
// panics on them: each is answered or refused with bad_cursor or
// bad_page.
//
//	go test -run '^$' -fuzz FuzzCursor -fuzztime 10m ./search
func FuzzCursor(f *testing.F) {
	s := newSearcher(f)
	reqs := []Request{{Query: "coal OR 改革", Size: 2}, {Sort: SortDate, Size: 2}, {Sort: SortDateDesc, Size: 2}}
	for i, req := range reqs {
		first, err := s.Search(context.Background(), req)
		if err != nil {
			f.Fatal(err)
		}
		c, err := decodeCursor(first.Cursor, s.cursorKey)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), c.Page, c.Seen, c.After[0], c.After[1], false)
	}
	f.Add(uint8(0), 2, 2, []byte("NaN"), []byte{}, true)
	f.Fuzz(func(t *testing.T, which uint8, page, seen int, first, id []byte, relaxed bool) {
		req := reqs[int(which)%len(reqs)]
		sort := map[string]string{SortRelevance: "relevance", SortDate: "date", SortDateDesc: "-date"}[req.Sort]
		norm := req
		if err := normalize(&norm); err != nil {
			t.Fatal(err)
		}
		c := cursor{Key: fingerprint(norm, sort), Page: page, Seen: seen, Relaxed: relaxed, After: [][]byte{first, id}}
		req.Cursor = c.encode(s.cursorKey)
		_, err := s.Search(context.Background(), req)
		var e *Error
		if err != nil && !(errors.As(err, &e) && (e.Code == CodeBadCursor || e.Code == CodeBadPage)) {
			t.Fatalf("%+v: %v", c, err)
		}
	})
}
