package search

import (
	"context"
	"strings"
	"testing"
)

// TestLooseHeadlineFindsItsArticle checks the ranking of a headline typed
// as loose words against the bodies, as the known-item test asks it
// (TestKnownItem: op=or, body:w1 body:w2 …): the article that has the
// words together comes before a short one that has them scattered.
// Under bleve's stock BM25 (b 0.75, and a field's average length taken
// from its dictionary) the short article came first, the words' pairs
// weighing nothing.
func TestLooseHeadlineFindsItsArticle(t *testing.T) {
	s := searcherOver(t, "testdata/rank.jsonl")
	for _, c := range []struct{ name, headline, want string }{
		{"English words of a headline find the article with them side by side", "drought relief before spring planting", "en-target"},
		{"Chinese words of a headline find the article with them side by side", "春耕 生产 抗旱 救灾", "zh-target"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var words []string
			for _, w := range strings.Fields(c.headline) {
				words = append(words, "body:"+w)
			}
			r, err := s.Search(context.Background(), Request{Query: strings.Join(words, " "), Op: OpOr})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range r.Hits {
				got = append(got, h.ID)
			}
			if len(got) == 0 || got[0] != c.want {
				t.Errorf("hits %v, want %s first", got, c.want)
			}
		})
	}
}
