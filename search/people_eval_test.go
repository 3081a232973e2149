package search

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/index"
)

// TestPeopleEval searches the CCTV corpus for people by their English
// names, as issue 14 asks: the seeds' officials and the examples.
// For each it prints how many articles the English name finds, how many
// the Chinese name finds, and how many of the English name's first 100
// hits write the Chinese name (the others are wrong, or write the name in
// English). It needs an index of the corpus built by this xinwen:
//
//	go run ./cmd/xinwen index -index /tmp/p ../shared/corpus/zh-news.jsonl.gz
//	XINWEN_EVAL=people XINWEN_EVAL_INDEX=/tmp/p go test ./search -run PeopleEval -v
func TestPeopleEval(t *testing.T) {
	if os.Getenv("XINWEN_EVAL") != "people" {
		t.Skip("set XINWEN_EVAL=people and XINWEN_EVAL_INDEX to search the CCTV index for people")
	}
	dir := os.Getenv("XINWEN_EVAL_INDEX")
	if dir == "" {
		t.Fatal("XINWEN_EVAL_INDEX must name an index of the CCTV corpus")
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	s, err := New(ix)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, p := range []struct{ en, zh string }{
		{"Wu Cunrong", "吴存荣"}, {"Jin Xiangjun", "金湘军"}, {"Hu Changsheng", "胡昌升"},
		{"Luo Huining", "骆惠宁"}, {"Lou Yangsheng", "楼阳生"}, {"Ren Zhenhe", "任振鹤"},
		{"Xi Jinping", "习近平"}, {"Li Qiang", "李强"}, {"XI Jinping", "习近平"}, {"Jinping Xi", "习近平"},
	} {
		en, err := s.Search(ctx, Request{Query: p.en, Size: MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		zh, err := s.Search(ctx, Request{Query: p.zh, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		writes := 0
		for _, h := range en.Hits {
			d, err := s.Document(ctx, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(d.Title+d.Body, p.zh) {
				writes++
			}
		}
		t.Logf("%-14s %6d hits; %s %6d hits; of the first %3d, %3d write %s; warnings %q",
			p.en, en.Total, p.zh, zh.Total, len(en.Hits), writes, p.zh, en.Warnings)
	}
}
