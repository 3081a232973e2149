package index

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/klauspost/compress/zstd"
)

// storedDocs returns n articles of varied sentences of our own, long
// enough for a zstd dictionary to be trained on them.
func storedDocs(from, n int) []Document {
	places := []string{"太原", "兰州", "西安", "福州", "长治", "吕梁"}
	things := []string{"煤矿安全生产检查", "黄河流域生态保护", "轨道交通线路开通", "国有企业改革深化", "乡村振兴示范项目", "新能源汽车产业链"}
	docs := make([]Document, n)
	for i := range docs {
		k := from + i
		body := ""
		for j := range 8 {
			body += fmt.Sprintf("%s市第%d季度%s工作会议召开，%d个单位参加，Coal output rose %d%% in the quarter. ",
				places[(k+j)%len(places)], (k*7+j)%4+1, things[(k*3+j)%len(things)], k*13+j, (k+j)%90)
		}
		docs[i] = Document{ID: fmt.Sprint("z", k), Title: fmt.Sprint(places[k%len(places)], "第", k, "条新闻"), Body: body, Date: "2024-03-01"}
	}
	return docs
}

// TestStoredBodies checks that every body reads back as it was written:
// those compressed before the index had a dictionary, those after, and
// after the index is opened again by a process that has not seen it.
func TestStoredBodies(t *testing.T) {
	defer func(n int) { trainDocs = n }(trainDocs)
	trainDocs = 100
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	docs := storedDocs(0, 150)
	if err := ix.Add(docs...); err != nil {
		t.Fatal(err)
	}
	readBack := func(t *testing.T, ix *Index) {
		t.Helper()
		for _, d := range docs {
			got, err := ix.Get(d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Body != d.Body || got.Title != d.Title {
				t.Fatalf("%s reads back as %q, %q; want %q, %q", d.ID, got.Title, got.Body, d.Title, d.Body)
			}
		}
	}
	t.Run("the bodies read back whole", func(t *testing.T) { readBack(t, ix) })

	d, err := ix.b.GetInternal([]byte(zdictKey))
	if err != nil || d == nil {
		t.Fatalf("the index keeps no zstd dictionary after %d bodies: %v", len(docs), err)
	}
	id, _ := dictID(d)
	t.Run("the bodies from the trainDocs-th on are compressed with the dictionary", func(t *testing.T) {
		for i, want := range map[int]uint32{0: 0, trainDocs - 2: 0, trainDocs - 1: id, len(docs) - 1: id} {
			req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{docs[i].ID}))
			req.Fields = []string{fieldBodyZ}
			res, err := ix.b.Search(req)
			if err != nil || len(res.Hits) != 1 {
				t.Fatalf("%s: %v", docs[i].ID, err)
			}
			z, _ := res.Hits[0].Fields[fieldBodyZ].(string)
			var h zstd.Header
			if err := h.Decode([]byte(z)); err != nil {
				t.Fatal(err)
			}
			if h.DictionaryID != want {
				t.Errorf("body %d is compressed with dictionary %d, want %d", i, h.DictionaryID, want)
			}
			if len(z) >= len(docs[i].Body) {
				t.Errorf("body %d takes %d bytes compressed, %d plain", i, len(z), len(docs[i].Body))
			}
		}
	})
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	decoders.Delete(id) // as in a process that never saw the index
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	t.Run("an index opened again reads its bodies with its dictionary", func(t *testing.T) { readBack(t, ix) })
	t.Run("an index opened again compresses new bodies with its dictionary", func(t *testing.T) {
		more := storedDocs(150, 5)
		if err := ix.Add(more...); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, more...)
		readBack(t, ix)
	})
}

// BenchmarkInflate measures what a hit's body costs to decompress, with
// the dictionary, per body of about 1.2 KB:
//
//	go test ./index -run '^$' -bench Inflate
func BenchmarkInflate(b *testing.B) {
	defer func(n int) { trainDocs = n }(trainDocs)
	trainDocs = 100
	ix, err := Create(filepath.Join(b.TempDir(), "ix"), "")
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	docs := storedDocs(0, 120)
	if err := ix.Add(docs...); err != nil {
		b.Fatal(err)
	}
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{docs[110].ID}))
	req.Fields = []string{fieldBodyZ}
	res, err := ix.b.Search(req)
	if err != nil || len(res.Hits) != 1 {
		b.Fatal(err)
	}
	z := res.Hits[0].Fields[fieldBodyZ]
	b.SetBytes(int64(len(docs[110].Body)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Inflate(map[string]interface{}{fieldBodyZ: z}); err != nil {
			b.Fatal(err)
		}
	}
}
