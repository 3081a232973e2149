package index

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// Two indexes with user dictionaries of their own: a word of each is one
// term in its index and pairs of characters in the other.
const (
	wordA = "碳达峰" // 碳达|达峰 without it
	wordB = "算力券" // 算力|力券 without it
)

// dictDoc has both words.
func dictDoc(id string) Document {
	return Document{ID: id, Title: "两个新词", Body: "各地推动碳达峰，试点发放算力券。", Lang: "zh"}
}

// createDictIndexes creates index a with wordA in its dictionary and index b
// with wordB, each holding dictDoc("created"), in the order given.
func createDictIndexes(t *testing.T, order string) (a, b string) {
	t.Helper()
	root := t.TempDir()
	dirs := map[byte]string{'a': filepath.Join(root, "a"), 'b': filepath.Join(root, "b")}
	words := map[byte]string{'a': wordA, 'b': wordB}
	for _, c := range []byte(order) {
		ix, err := Create(dirs[c], "", WithDict(userDict(t, words[c]+"\n")))
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Add(dictDoc("created")); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return dirs['a'], dirs['b']
}

// openInOrder opens the indexes in the order given and adds
// dictDoc("opened") to each once both are open.
func openInOrder(t *testing.T, order string, a, b string) (ixA, ixB *Index) {
	t.Helper()
	for _, c := range []byte(order) {
		dir := map[byte]string{'a': a, 'b': b}[c]
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		if c == 'a' {
			ixA = ix
		} else {
			ixB = ix
		}
	}
	for _, ix := range []*Index{ixA, ixB} {
		if err := ix.Add(dictDoc("opened")); err != nil {
			t.Fatal(err)
		}
	}
	return ixA, ixB
}

// termDocs returns the ids of the documents whose body has term, sorted.
func termDocs(t *testing.T, ix *Index, term string) []string {
	t.Helper()
	q := bleve.NewTermQuery(term)
	q.SetField(FieldBody)
	res, err := ix.Bleve().Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

// queryTerms returns the terms of the index's query analyzer for text.
func queryTerms(ix *Index, text string) []string {
	var out []string
	for _, tk := range ix.QueryAnalyzer().Analyze([]byte(text)) {
		out = append(out, string(tk.Term))
	}
	return out
}

func TestTwoDictionariesInOneProcess(t *testing.T) {
	both := []string{"created", "opened"} // documents added before and after both were open
	tests := []struct {
		index string // "a" or "b"
		word  string
		terms []string // the query terms of word
	}{
		{"a", wordA, []string{wordA}},
		{"a", wordB, []string{"算力", "力券"}},
		{"b", wordB, []string{wordB}},
		{"b", wordA, []string{"碳达", "达峰"}},
	}
	for _, order := range []string{"ab", "ba"} {
		t.Run(fmt.Sprintf("created and opened %c then %c", order[0], order[1]), func(t *testing.T) {
			a, b := createDictIndexes(t, order)
			ixA, ixB := openInOrder(t, order, a, b)
			for _, tt := range tests {
				t.Run(fmt.Sprintf("index %s cuts %s into %v", tt.index, tt.word, tt.terms), func(t *testing.T) {
					ix := ixA
					if tt.index == "b" {
						ix = ixB
					}
					if got := queryTerms(ix, tt.word); !slices.Equal(got, tt.terms) {
						t.Errorf("query terms %v, want %v", got, tt.terms)
					}
					for _, term := range tt.terms {
						if got := termDocs(t, ix, term); !slices.Equal(got, both) {
							t.Errorf("term %s is in documents %v, want %v", term, got, both)
						}
					}
					if len(tt.terms) > 1 {
						if got := termDocs(t, ix, tt.word); len(got) > 0 {
							t.Errorf("%s is a term of documents %v of an index without it in its dictionary", tt.word, got)
						}
					}
				})
			}
		})
	}
}

// TestOpeningOrderDecidesNothing opens the same two indexes in both orders
// and compares everything each one finds.
func TestOpeningOrderDecidesNothing(t *testing.T) {
	findings := func(order string) string {
		a, b := createDictIndexes(t, "ab")
		ixA, ixB := openInOrder(t, order, a, b)
		var out string
		for _, ix := range []*Index{ixA, ixB} {
			for _, text := range []string{wordA, wordB, "碳达", "达峰", "算力", "力券"} {
				out += fmt.Sprintf("%s: query %v, documents %v\n", text, queryTerms(ix, text), termDocs(t, ix, text))
			}
		}
		return out
	}
	if ab, ba := findings("ab"), findings("ba"); ab != ba {
		t.Errorf("opened a then b, the indexes find\n%s\nopened b then a\n%s", ab, ba)
	}
}
