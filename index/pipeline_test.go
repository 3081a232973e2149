package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPipelineCompletesAndValidatesOnce runs a file through the one
// pipeline into a Writer and counts: each document read is completed once
// and validated once, a record that cannot be read is neither, and the
// Writer writes what it is given without validating it again.
func TestPipelineCompletesAndValidatesOnce(t *testing.T) {
	p := filepath.Join(t.TempDir(), "news.jsonl")
	os.WriteFile(p, []byte(strings.Join([]string{
		`{"id":"a","body":"新华社太原3月28日电 山西省召开会议。"}`,
		`{"id":"b","title":"Lanzhou opens a rail line","body":"The Gansu capital opened a rail line.","date":"2023-11-02"}`,
		`{"id":"c", broken`,
		`{"id":"d","title":"t","body":"b","date":"May 2024"}`,
		`{"id":"e","title":"t","body":"b","province":"Tokyo"}`,
		`{"id":"f","title":"Coal","body":"Coking coal from Shanxi.","source":"Shanxi Daily"}`,
	}, "\n")), 0o644)
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := ix.NewWriter(2)
	var codes []string
	pl := Pipeline{Sink: w, Bad: func(e *RecordError) error {
		codes = append(codes, fmt.Sprintf("%d %s", e.Line, e.Code))
		return nil
	}}
	st, err := pl.Run(context.Background(), Reader{}.Files(p))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	// Lines 3 and 4 are refused as they are read (malformed JSON, a date
	// that is none); line 5 once completed and validated.
	want := Counts{Read: 6, Completed: 4, Validated: 4, Written: 3, Refused: 3}
	if st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	if got := strings.Join(codes, ", "); got != "3 bad_json, 4 bad_date, 5 bad_province" {
		t.Errorf("refused %s", got)
	}
	if w.Added() != 3 {
		t.Errorf("the writer added %d documents, want 3", w.Added())
	}
	a, err := ix.Get("a")
	if err != nil || a.Title == "" || a.ProvinceCode != "140000" || a.PartialDate != "03-28" || a.Lang != "zh" {
		t.Errorf("a was not completed: %+v, %v", a, err)
	}

	t.Run("a source yields documents as their records give them, for the pipeline to complete", func(t *testing.T) {
		for rec, err := range (Reader{}).Files(p) {
			if err == nil && rec.Doc.ID == "a" && (rec.Doc.Title != "" || rec.Doc.Lang != "" || rec.Doc.Places != nil) {
				t.Errorf("the source completed a: %+v", rec.Doc)
			}
		}
	})

	t.Run("a writer writes an entry as it was checked, without validating it again", func(t *testing.T) {
		// Checked as a rebuild checks, under the rules its id was
		// indexed by: today's rules refuse it.
		e, err := check(Document{ID: "2024/03/a", Title: "t", Body: "b"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(e); err != nil {
			t.Errorf("Write refused a checked entry: %v", err)
		}
		if err := w.Write(Entry{}); err == nil {
			t.Error("Write took an entry that Check did not make")
		}
	})
}

func TestPipelineCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		path string
		code string
		says string
	}{
		{"a missing file", filepath.Join(dir, "missing.jsonl"), CodeUnreadable, "missing.jsonl: no such file or directory"},
		{"a file of another kind", write("x.csv", "id,title"), CodeBadFile, "not a .txt, .jsonl or .jsonl.gz file"},
		{"a .jsonl.gz that is not gzip", write("x.jsonl.gz", "plain"), CodeBadFile, "x.jsonl.gz: not gzip"},
		{"a text file that is not UTF-8", write("latin1.txt", "caf\xe9\n"), CodeNotUTF8, "latin1.txt:1: not UTF-8 text"},
		{"a record over the limit", write("long.jsonl", `{"id":"a","title":"`+strings.Repeat("x", 2000)+`"}`), CodeTooLong, "long.jsonl:1: record longer than 1 KB"},
		{"a line that is not a JSON object", write("json.jsonl", `["a"]`), CodeBadJSON, "json.jsonl:1: malformed JSON"},
		{"an id with a slash", write("id.jsonl", `{"id":"a/b","title":"t"}`), CodeBadID, `id "a/b" has a /`},
		{"an article without a title or a body", write("empty.jsonl", `{"id":"a","title":" "}`), CodeEmpty, "no title and no body"},
		{"a date that is none", write("date.jsonl", `{"id":"a","title":"t","date":"2024-02-30"}`), CodeBadDate, `date "2024-02-30" is not`},
		{"a date and a partial date", write("dates.jsonl", `{"id":"a","title":"t","date":"2024-02-03","partial_date":"2024"}`), CodeBadDate, "both date"},
		{"a province that is none", write("province.jsonl", `{"id":"a","title":"t","province":"Tokyo"}`), CodeBadProvince, `province "Tokyo"`},
		{"a province and a code that disagree", write("disagree.jsonl", `{"id":"a","title":"t","province":"Shanxi","province_code":"610000"}`), CodeBadProvince, "disagree"},
		{"an id with a slash, no title and a province that is none, by the first problem,", write("two.jsonl", `{"id":"a/b","title":"","province":"Tokyo"}`), CodeBadID, `id "a/b" has a / (at byte 1); no title and no body; province "Tokyo"`},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused as "+tt.code, func(t *testing.T) {
			var bad []*RecordError
			pl := Pipeline{
				Sink: SinkFunc(func(e Entry) error { return fmt.Errorf("%s was written", e.Document().ID) }),
				Bad:  func(e *RecordError) error { bad = append(bad, e); return nil },
			}
			if _, err := pl.Run(context.Background(), Reader{MaxRecord: 1 << 10}.Files(tt.path)); err != nil {
				t.Fatal(err)
			}
			if len(bad) != 1 || bad[0].Code != tt.code || !strings.Contains(bad[0].Error(), tt.says) {
				t.Fatalf("refused %v, want one %s saying %q", bad, tt.code, tt.says)
			}
		})
	}
	t.Run("a document with a place that is no code is refused as bad_place", func(t *testing.T) {
		pl := Pipeline{Sink: SinkFunc(func(Entry) error { return nil })}
		src := func(yield func(Record, error) bool) {
			yield(Record{Doc: Document{ID: "a", Title: "t", Places: []string{"999999"}}, Path: "mine", Line: 7}, nil)
		}
		_, err := pl.Run(context.Background(), src)
		var bad *RecordError
		if !errors.As(err, &bad) || bad.Code != CodeBadPlace || bad.Error() != `mine:7: place "999999" is not a GB/T 2260 code of the gazetteer` {
			t.Errorf("without Bad, the pipeline stops with %v; want mine:7 refused as bad_place", err)
		}
	})
}

func TestPipelineStops(t *testing.T) {
	p := filepath.Join(t.TempDir(), "news.jsonl")
	os.WriteFile(p, []byte(`{"id":"a","title":"t"}`+"\n"+`{"id":"b","title":"t"}`+"\n"), 0o644)
	t.Run("at the sink's first error, which it returns", func(t *testing.T) {
		full := errors.New("full")
		n := 0
		pl := Pipeline{Sink: SinkFunc(func(Entry) error { n++; return full })}
		st, err := pl.Run(context.Background(), Reader{}.Files(p))
		if !errors.Is(err, full) || n != 1 || st.Written != 0 {
			t.Errorf("Run = %+v, %v after %d writes; want it stopped at the first", st, err, n)
		}
	})
	t.Run("when its context is done", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		pl := Pipeline{Sink: SinkFunc(func(Entry) error { cancel(); return nil })}
		st, err := pl.Run(ctx, Reader{}.Files(p))
		if !errors.Is(err, context.Canceled) || st.Written != 1 {
			t.Errorf("Run = %+v, %v; want it stopped after the first", st, err)
		}
	})
	t.Run("at a source's error that is no record's", func(t *testing.T) {
		broken := errors.New("the index cannot be read")
		pl := Pipeline{Sink: SinkFunc(func(Entry) error { return nil }), Bad: func(*RecordError) error { return nil }}
		_, err := pl.Run(context.Background(), func(yield func(Record, error) bool) { yield(Record{}, broken) })
		if !errors.Is(err, broken) {
			t.Errorf("Run = %v, want the source's error", err)
		}
	})
}

func TestBuild(t *testing.T) {
	write := func(t *testing.T, text string) string {
		p := filepath.Join(t.TempDir(), "news.jsonl")
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	t.Run("an index is built beside the directory and put in its place", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "ix")
		st, err := Build(context.Background(), dir, "seeds", Reader{}.Files(write(t, `{"id":"a","title":"太原新闻","body":"山西省太原市召开会议。"}`)))
		if err != nil || st.Written != 1 {
			t.Fatalf("Build = %+v, %v", st, err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if d, err := ix.Get("a"); err != nil || d.ProvinceCode != "140000" || ix.Meta().Origin != "seeds" {
			t.Errorf("Get(a) = %+v, %v; meta %+v", d, err, ix.Meta())
		}
		if _, err := os.Stat(dir + buildSuffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is left behind: %v", dir+buildSuffix, err)
		}
	})
	t.Run("a bad record fails the build and leaves nothing behind", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "ix")
		_, err := Build(context.Background(), dir, "", Reader{}.Files(write(t, `{"id":"a","title":"t"}`+"\n"+`{"id":"b"`)))
		var bad *RecordError
		if !errors.As(err, &bad) || bad.Line != 2 || bad.Code != CodeBadJSON {
			t.Errorf("Build = %v, want line 2 refused as bad_json", err)
		}
		for _, p := range []string{dir, dir + buildSuffix} {
			if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s is there after a failed build: %v", p, err)
			}
		}
	})
	t.Run("an index with the user's files beside it is not replaced", func(t *testing.T) {
		dir := newIndex(t)
		os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
		_, err := Build(context.Background(), dir, "", Reader{}.Files(write(t, `{"id":"z","title":"t"}`)))
		if !errors.Is(err, ErrNotIndex) {
			t.Errorf("Build over an index with notes.txt: %v, want ErrNotIndex", err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if n, _ := ix.Count(); n != uint64(len(rebuildDocs)) {
			t.Errorf("the index has %d documents, want its %d", n, len(rebuildDocs))
		}
		if _, err := os.Stat(dir + buildSuffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is left behind: %v", dir+buildSuffix, err)
		}
	})
}
