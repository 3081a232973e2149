package index

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// readAll reads p and returns the documents and the bad records, as text.
func readAll(t *testing.T, p string) (docs []Document, bad []string) {
	t.Helper()
	r := Reader{
		Add: func(d Document) error { docs = append(docs, d); return nil },
		Bad: func(e *RecordError) error { bad = append(bad, e.Error()); return nil },
	}
	if err := r.Read(p); err != nil {
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
	r := Reader{Add: func(Document) error { return nil }}
	err := r.Read(filepath.Join(dir, "missing.jsonl"))
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

func FuzzParseText(f *testing.F) {
	f.Add("Your current location: home > a > b\n\nTitle\n\nInformation source: X Daily Published on: 2024-03-28 08:20\n\nBody")
	f.Add("发布时间：2024年3月28日\n山西省太原市")
	f.Add("On September 26, New Gansu · Gansu Daily reporter Meng Jie")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		d := ParseText("id", text)
		if d.Date != "" {
			if err := d.Validate(); err != nil && strings.Contains(err.Error(), "date") {
				t.Fatalf("extracted an invalid date %q from %q", d.Date, text)
			}
		}
		if !strings.Contains(text, strings.TrimSuffix(d.Title, "…")) {
			t.Fatalf("title %q is not from the text %q", d.Title, text)
		}
	})
}
