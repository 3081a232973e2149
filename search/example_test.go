package search_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
)

// news is four articles, in Chinese and in English, about two provinces.
const news = `{"id":"sx-1","title":"山西深化国有企业改革","body":"山西省今天部署国有企业改革，太原的煤炭企业先行。","date":"2024-03-28","province":"Shanxi"}
{"id":"sx-2","title":"Shanxi coal firms press on with reform","body":"State-owned coal companies in Shanxi will deepen reform this year.","date":"2024-04-02","province":"Shanxi"}
{"id":"gs-1","title":"甘肃推进改革","body":"甘肃省召开会议，推进国有企业改革和开放。","date":"2024-04-10","province":"Gansu"}
{"id":"gs-2","title":"Gansu builds a railway","body":"A new railway in Gansu will carry coal to the coast.","date":"2024-05-01","province":"Gansu"}
`

// Search answers a Request with a page of hits, their highlights, and the
// facets of all the matches. A selected province narrows the hits, while the
// province facet is still counted without it, so the other provinces stay
// in view with their counts.
func ExampleSearcher_Search() {
	tmp, err := os.MkdirTemp("", "xinwen-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "index")
	if _, err := index.Build(context.Background(), dir, "", index.Reader{}.Body(strings.NewReader(news), "news.jsonl")); err != nil {
		log.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	s, err := search.New(ix)
	if err != nil {
		log.Fatal(err)
	}

	for _, req := range []search.Request{
		{Query: "改革", Sort: search.SortDate},
		{Query: "reform OR 改革", Provinces: []string{"山西"}, Sort: search.SortDate},
	} {
		res, err := s.Search(context.Background(), req)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%q in %v: %d hits\n", req.Query, req.Provinces, res.Total)
		for _, h := range res.Hits {
			fmt.Printf("  %s %s %s\n", h.DateText, h.ID, h.TitleHTML)
		}
		for _, c := range res.Facets.Province {
			fmt.Printf("  province %s (%s): %d\n", c.Value, c.ValueZH, c.Count)
		}
	}
	// Output:
	// "改革" in []: 3 hits
	//   2024-03-28 sx-1 山西深化国有企业<mark>改革</mark>
	//   2024-04-02 sx-2 Shanxi coal firms press on with <mark>reform</mark>
	//   2024-04-10 gs-1 甘肃推进<mark>改革</mark>
	//   province Shanxi (山西): 2
	//   province Gansu (甘肃): 1
	// "reform OR 改革" in [山西]: 2 hits
	//   2024-03-28 sx-1 山西深化国有企业<mark>改革</mark>
	//   2024-04-02 sx-2 Shanxi coal firms press on with <mark>reform</mark>
	//   province Shanxi (山西): 2
	//   province Gansu (甘肃): 1
}
