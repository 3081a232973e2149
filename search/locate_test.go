package search

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/xinwen/xinwen/index"
)

// TestLocateAgreesWithBleve checks that the highlights of every hit of
// every case of testdata/search.json and places.json are those the hit
// gets when bleve is asked for the locations of every match in the search
// itself (their offsets unpacked from the text, as locate does), over an
// index of both corpora in several segments.
func TestLocateAgreesWithBleve(t *testing.T) {
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var batch []index.Document
	add := func(d index.Document) error {
		if batch = append(batch, d); len(batch) == 5 {
			err := ix.Add(batch...)
			batch = batch[:0]
			return err
		}
		return nil
	}
	p := index.Pipeline{Sink: index.SinkFunc(func(e index.Entry) error { return add(e.Document()) })}
	if _, err := p.Run(context.Background(), index.Reader{}.Files("testdata/corpus.jsonl", "testdata/places.jsonl")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(batch...); err != nil {
		t.Fatal(err)
	}
	s, err := New(ix)
	if err != nil {
		t.Fatal(err)
	}

	var cases []searchCase
	for _, file := range []string{"testdata/search.json", "testdata/places.json"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var cs []searchCase
		if err := json.Unmarshal(raw, &cs); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		cases = append(cases, cs...)
	}
	ctx := context.Background()
	marked := 0
	for _, c := range cases {
		if c.Error != nil || c.Cursor != "" {
			continue
		}
		req := c.request()
		req.Page, req.Size = 0, MaxSize
		got, err := s.Search(ctx, req)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if err := normalize(&req); err != nil {
			t.Fatal(err)
		}
		p, err := s.plan(req, got.Relaxed, got.partMode)
		if err != nil {
			t.Fatal(err)
		}
		br := bleve.NewSearchRequestOptions(p.filtered(""), MaxSize, 0, false)
		br.Fields = []string{"*"}
		br.IncludeLocations = true
		want, err := ix.Bleve().SearchInContext(ctx, br)
		if err != nil {
			t.Fatal(err)
		}
		wantHits := map[string]Hit{}
		for _, h := range want.Hits {
			if err := index.Inflate(h.Fields); err != nil {
				t.Fatal(err)
			}
			unpack(h) // the index keeps them packed
			wantHits[h.ID] = hit(h, p.rankOnly, p.partials)
		}
		if len(wantHits) != len(got.Hits) {
			t.Errorf("%s: %d hits, bleve %d", c.Name, len(got.Hits), len(wantHits))
		}
		for _, h := range got.Hits {
			w := wantHits[h.ID]
			if h.TitleHTML != w.TitleHTML || fmt.Sprint(h.Snippets) != fmt.Sprint(w.Snippets) {
				t.Errorf("%s: %s\n got %s %q\nwant %s %q", c.Name, h.ID, h.TitleHTML, h.Snippets, w.TitleHTML, w.Snippets)
			}
			if strings.Contains(h.TitleHTML+strings.Join(h.Snippets, ""), "<mark>") {
				marked++
			}
		}
	}
	if marked < 50 {
		t.Errorf("only %d hits have highlights", marked)
	}
}
