package index

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readAll reads p through a Pipeline and returns the documents it wrote
// and the records it refused, as text.
func readAll(t *testing.T, p string) (docs []Document, bad []string) {
	t.Helper()
	return load(t, Reader{}.Files(p))
}

// load runs a Pipeline over src and returns the documents it wrote and the
// records it refused, as text.
func load(t *testing.T, src Source) (docs []Document, bad []string) {
	t.Helper()
	p := Pipeline{
		Sink: SinkFunc(func(e Entry) error { docs = append(docs, e.Document()); return nil }),
		Bad:  func(e *RecordError) error { bad = append(bad, e.Error()); return nil },
	}
	if _, err := p.Run(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	return docs, bad
}

func TestReadFolder(t *testing.T) {
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"id":"g1","title":"压缩","body":"正文","date":"2024-01-02","url":"http://example.com/g1"}` + "\n"))
	zw.Close()
	files := map[string][]byte{
		"a/news.jsonl.gz": gz.Bytes(),
		"a/b/seed.txt":    []byte("A headline\n\nInformation source: Gansu Daily Published on: 2024-05-06 09:00\n\nBody text."),
		"a/latin1.txt":    []byte("caf\xe9\n"),
		"a/README.md":     []byte("not an article"),
		"a/empty.jsonl":   nil,
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	docs, bad := readAll(t, filepath.Join(dir, "a"))
	if len(docs) != 2 {
		t.Fatalf("read %d documents, want 2: %+v", len(docs), docs)
	}
	byID := map[string]Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	if d := byID["seed"]; d.Title != "A headline" || d.Source != "Gansu Daily" || d.Date != "2024-05-06" || d.Body != "Body text." {
		t.Errorf("seed.txt read as %+v", d)
	}
	if d := byID["g1"]; d.URL != "http://example.com/g1" || d.Lang != "zh" {
		t.Errorf("news.jsonl.gz read as %+v", d)
	}
	if len(bad) != 1 || !strings.Contains(bad[0], "latin1.txt:1: not UTF-8 text") {
		t.Errorf("bad records = %q, want latin1.txt:1 named", bad)
	}
}

func TestReadRejectsWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.csv")
	os.WriteFile(p, []byte("id,title"), 0o644)
	_, bad := readAll(t, p)
	if len(bad) != 1 || !strings.Contains(bad[0], "x.csv: not a .txt, .jsonl or .jsonl.gz file") {
		t.Errorf("bad = %q", bad)
	}
	pl := Pipeline{Sink: SinkFunc(func(Entry) error { return nil })}
	_, err := pl.Run(context.Background(), Reader{}.Files(filepath.Join(dir, "missing.jsonl")))
	var re *RecordError
	if !errors.As(err, &re) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("without Bad, a missing file gives %v; want a RecordError wrapping ErrNotExist", err)
	}
}

func TestReadRefusesBadIDsByLine(t *testing.T) {
	p := filepath.Join(t.TempDir(), "news.jsonl")
	os.WriteFile(p, []byte(strings.Join([]string{
		`{"id":"ok","title":"t","body":"b"}`,
		`{"id":"a/b","title":"t","body":"b"}`,
		`{"id":"..","title":"t","body":"b"}`,
		`{"id":"x\u001b]0;pwned\u0007","title":"t","body":"b"}`,
	}, "\n")), 0o644)
	docs, bad := readAll(t, p)
	if len(docs) != 1 || docs[0].ID != "ok" {
		t.Errorf("read %+v, want only ok", docs)
	}
	want := []string{p + `:2: id "a/b" has a /`, p + `:3: id ".." is not a name`, p + `:4: id "x\x1b]0;pwned\a" has the control character U+001B`}
	if len(bad) != len(want) {
		t.Fatalf("bad = %q", bad)
	}
	for i := range want {
		if !strings.HasPrefix(bad[i], want[i]) {
			t.Errorf("bad record %q, want %q", bad[i], want[i])
		}
	}
}

func TestIndexReplacesByID(t *testing.T) {
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(Document{ID: "a", Title: "first", Body: "one"}, Document{ID: "b", Title: "other", Body: "two"}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(Document{ID: "a", Title: "second", Body: "one again", Date: "2024-02-03"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("count = %d after replacing a, want 2", n)
	}
	d, err := ix.Get("a")
	if err != nil || d.Title != "second" || d.Date != "2024-02-03" {
		t.Errorf("Get(a) = %+v, %v", d, err)
	}
	if _, err := ix.Get("zzz"); !errors.Is(err, ErrNoDocument) {
		t.Errorf("Get(zzz) = %v, want ErrNoDocument", err)
	}
	if err := ix.Add(Document{ID: "c"}); err == nil {
		t.Error("a document with no title and no body was accepted")
	}
}

func TestReadGoesPastARecordTooLong(t *testing.T) {
	dir := t.TempDir()
	long := `{"id":"long","title":"长","body":"` + strings.Repeat("很长的正文。", 400) + `"}`
	lines := []string{
		`{"id":"a","title":"第一条","body":"正文"}`,
		long,
		`{"id":"b","title":"第二条","body":"正文"}`,
		`{"id":"c","title":"第三条","body":"正文"}`,
		`{"id":"d","title":"no newline at the end","body":"text"}`,
	}
	p := filepath.Join(dir, "news.jsonl")
	os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644)
	text := filepath.Join(dir, "long.txt")
	os.WriteFile(text, []byte("A headline\n\n"+strings.Repeat("A long body. ", 400)), 0o644)

	read := func(t *testing.T, p string, max int) (ids []string, bad []string) {
		t.Helper()
		docs, bad := load(t, Reader{MaxRecord: max}.Files(p))
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
		return ids, bad
	}
	t.Run("the record is named by file and line with the limit, and every record after it is read", func(t *testing.T) {
		ids, bad := read(t, p, 4<<10)
		if strings.Join(ids, " ") != "a b c d" {
			t.Errorf("read %v, want a b c d", ids)
		}
		if len(bad) != 1 || bad[0] != p+":2: record longer than 4 KB, the limit for one article" {
			t.Errorf("bad = %q", bad)
		}
	})
	t.Run("under a higher limit it is read", func(t *testing.T) {
		if ids, bad := read(t, p, 64<<10); len(ids) != 5 || len(bad) != 0 {
			t.Errorf("read %v, bad %q", ids, bad)
		}
	})
	t.Run("a text file over the limit is named", func(t *testing.T) {
		ids, bad := read(t, text, 4<<10)
		if len(ids) != 0 || len(bad) != 1 || bad[0] != text+":1: record longer than 4 KB, the limit for one article" {
			t.Errorf("read %v, bad %q", ids, bad)
		}
	})
	t.Run("lines longer than the read buffer are read whole", func(t *testing.T) {
		body := strings.Repeat("长", 100<<10) // 300 KB
		q := filepath.Join(dir, "big.jsonl")
		os.WriteFile(q, []byte(`{"id":"x","title":"t","body":"`+body+`"}`+"\n"+lines[0]+"\n"), 0o644)
		got, _ := readAll(t, q)
		if len(got) != 2 || got[0].Body != body {
			t.Errorf("read %d documents, the first with a body of %d bytes", len(got), len(got[0].Body))
		}
	})
}

// TestReadPastTheDefaultLimit is the case: a JSON line over 16 MB
// between valid ones.
func TestReadPastTheDefaultLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "news.jsonl")
	huge := `{"id":"huge","title":"t","body":"` + strings.Repeat("x", DefaultMaxRecord) + `"}`
	ok := func(id string) string { return `{"id":"` + id + `","title":"title","body":"body"}` }
	os.WriteFile(p, []byte(strings.Join([]string{ok("a"), huge, ok("b"), ok("c"), ok("d")}, "\n")+"\n"), 0o644)
	docs, bad := readAll(t, p)
	if len(docs) != 4 {
		t.Errorf("read %d documents, want the 4 around the huge one", len(docs))
	}
	if len(bad) != 1 || bad[0] != p+":2: record longer than 16 MB, the limit for one article" {
		t.Errorf("bad = %q", bad)
	}
}

// FuzzLineReader checks that lines are read as the text has them, however
// they fall across the read buffer, and that a line over the limit is
// refused and the next one read.
func FuzzLineReader(f *testing.F) {
	f.Add("a\nbb\n\nccc", 2)
	f.Add("\n\n", 1)
	f.Add("abcdef", 3)
	f.Fuzz(func(t *testing.T, text string, max int) {
		if max < 1 || max > 64 {
			return
		}
		want := strings.Split(text, "\n")
		if strings.HasSuffix(text, "\n") || text == "" {
			want = want[:len(want)-1]
		}
		l := lineReader{r: bufio.NewReaderSize(strings.NewReader(text), 16), max: max}
		for i := 0; ; i++ {
			line, err := l.next()
			if err == io.EOF {
				if i != len(want) {
					t.Fatalf("%d lines, want %d", i, len(want))
				}
				return
			}
			if i >= len(want) {
				t.Fatalf("line %d of %d", i+1, len(want))
			}
			var tooLong *TooLongError
			switch {
			case len(want[i]) > max && !errors.As(err, &tooLong):
				t.Fatalf("line %d of %d bytes over %d: %q, %v", i+1, len(want[i]), max, line, err)
			case len(want[i]) <= max && (err != nil || string(line) != want[i]):
				t.Fatalf("line %d: %q, %v, want %q", i+1, line, err, want[i])
			}
		}
	})
}
