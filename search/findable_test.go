package search

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCommonPlaceStillMatches checks that a place in an eighth of the
// articles is not taken for a common word under op=or: Beijing coal finds
// the Beijing articles too, those with both words first. A common word
// only ranks (commonFraction), and the rule needs at least commonMin
// articles, so the corpus is made here: 1,100 Chinese articles about
// Beijing (40 of them about coal too), 20 English ones about coal and 3
// about coal in Beijing.
func TestCommonPlaceStillMatches(t *testing.T) {
	var lines []string
	add := func(id, title, body string) {
		raw, err := json.Marshal(map[string]string{"id": id, "title": title, "body": body})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(raw))
	}
	for i := range 1100 {
		body := fmt.Sprintf("北京今天举行第%d场社区文化活动，居民踊跃参加。", i+1)
		if i < 40 {
			body = fmt.Sprintf("北京今天召开第%d次会议，部署冬季煤炭供应工作。", i+1)
		}
		add(fmt.Sprintf("zh%04d", i), "社区活动", body)
	}
	for i := range 20 {
		add(fmt.Sprintf("coal%02d", i), "Mines report output", fmt.Sprintf("Coal output rose for the %d time in the mining region.", i+1))
	}
	for i := range 3 {
		add(fmt.Sprintf("both%d", i), "Beijing buys coal", "Beijing bought more coal this winter than last.")
	}
	path := filepath.Join(t.TempDir(), "common.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := searcherOver(t, path)
	for _, c := range []struct {
		name, q, op string
		total       uint64
		first       []string // the first hits, in any order
	}{
		{"any word: Beijing coal finds the Beijing articles and the coal ones", "Beijing coal", OpOr, 1123, []string{"both0", "both1", "both2"}},
		{"any word: the Chinese name is as much a place", "北京 coal", OpOr, 1123, []string{"both0", "both1", "both2"}},
		{"any word: coal alone", "coal", OpOr, 23, nil},
		{"all words: Beijing coal finds the articles with both", "Beijing coal", OpAnd, 3, nil},
		{"all words: 北京 煤炭 finds the Chinese articles with both", "北京 煤炭", OpAnd, 40, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := s.Search(context.Background(), Request{Query: c.q, Op: c.op, Xlang: XlangOff})
			if err != nil {
				t.Fatal(err)
			}
			if r.Total != c.total {
				t.Errorf("total = %d, want %d", r.Total, c.total)
			}
			var got []string
			for _, h := range r.Hits[:min(len(c.first), len(r.Hits))] {
				got = append(got, h.ID)
			}
			slices.Sort(got)
			if len(c.first) > 0 && !slices.Equal(got, c.first) {
				t.Errorf("first hits %v, want %v", got, c.first)
			}
		})
	}
}
