package index_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/xinwen/xinwen/index"
)

// news is three articles in the JSON Lines format that xinwen index reads.
// The first two give only an id, a title and a body: the rest is read from
// the text. The third gives its metadata, which wins over extraction.
const news = `{"id":"sx-1","title":"山西省推进国有企业改革","body":"新华社太原3月28日电 山西省政府今天召开会议，部署全省国有企业改革工作。太原、吕梁两市介绍了经验。"}
{"id":"gs-1","title":"Gansu opens a new coal railway","body":"LANZHOU, April 2 (Xinhua) -- A railway that carries coal from Gansu to the coast opened on Tuesday, the Gansu Provincial Department of Transport said."}
{"id":"en-1","title":"Reform of state enterprises","body":"The meeting discussed reform.","date":"2024-05","source":"Example Daily","province":"Shanxi"}
`

// Build makes an index from a Source, here the articles of a request body
// (Reader.Files reads files and folders the same way), completing each
// article's metadata from its text on the way.
func ExampleBuild() {
	tmp, err := os.MkdirTemp("", "xinwen-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "index")

	src := index.Reader{}.Body(strings.NewReader(news), "news.jsonl")
	counts, err := index.Build(context.Background(), dir, "", src)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("read %d, completed %d, written %d\n", counts.Read, counts.Completed, counts.Written)

	ix, err := index.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	for _, id := range []string{"sx-1", "gs-1", "en-1"} {
		d, err := ix.Get(id)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %s | date %q (%s) | %s %s | source %q | places %v | %s\n",
			d.ID, d.Title, d.DateText(), d.DatePrecision, d.Province, d.ProvinceZH(), d.Source, d.Places, d.Lang)
	}
	// Output:
	// read 3, completed 3, written 3
	// sx-1: 山西省推进国有企业改革 | date "03-28" (monthday) | Shanxi 山西 | source "" | places [140000 140100 141100] | zh
	// gs-1: Gansu opens a new coal railway | date "04-02" (monthday) | Gansu 甘肃 | source "" | places [620000 620100] | en
	// en-1: Reform of state enterprises | date "2024-05" (month) | Shanxi 山西 | source "Example Daily" | places [] | en
}

// A Pipeline sends each record of a Source through the same steps, once:
// complete, check, write to its Sink (here a Writer). A record that cannot
// be read, or is unfit, goes to Bad with its file, line and code, and the
// load goes on.
func ExamplePipeline() {
	tmp, err := os.MkdirTemp("", "xinwen-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	ix, err := index.Create(filepath.Join(tmp, "index"), "")
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()

	body := news + `{"id":"bad-1","title":"A date that is none","date":"2024-02-30"}
not JSON
{"id":"","body":"no id"}
`
	w := ix.NewWriter(index.DefaultBatchSize)
	p := index.Pipeline{
		Sink: w,
		Bad: func(e *index.RecordError) error {
			fmt.Printf("refused %s:%d [%s]\n", e.Path, e.Line, e.Code)
			return nil
		},
	}
	counts, err := p.Run(context.Background(), index.Reader{}.Body(strings.NewReader(body), "news.jsonl"))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := w.Finish(context.Background()); err != nil {
		log.Fatal(err)
	}
	n, err := ix.Count()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("read %d, refused %d, written %d; the index holds %d\n", counts.Read, counts.Refused, counts.Written, n)
	// Output:
	// refused news.jsonl:4 [bad_date]
	// refused news.jsonl:5 [bad_json]
	// refused news.jsonl:6 [bad_id]
	// read 6, refused 3, written 3; the index holds 3
}
