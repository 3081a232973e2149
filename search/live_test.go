package search

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/index"
)

// A served index changes under its searches: writes add segments and
// delete articles from older ones, and bleve's merger replaces segments
// with merged ones. These tests write through the Committer, as the write
// API does, and search right after.

// liveIndex is a new index of docs, its Searcher and its Committer.
func liveIndex(t *testing.T, docs ...index.Document) (*index.Index, *Searcher, *index.Committer) {
	t.Helper()
	ix, err := index.Create(filepath.Join(t.TempDir(), "ix"), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(docs...); err != nil {
		t.Fatal(err)
	}
	c := ix.NewCommitter(nil)
	t.Cleanup(func() {
		c.Close()
		ix.Close()
	})
	s, err := New(ix)
	if err != nil {
		t.Fatal(err)
	}
	return ix, s, c
}

// put commits docs, completed and checked as the write API does.
func put(t testing.TB, c *index.Committer, docs ...index.Document) {
	t.Helper()
	var ch index.Change
	for _, d := range docs {
		index.Complete(&d)
		e, err := index.Check(d)
		if err != nil {
			t.Fatal(err)
		}
		ch.Put = append(ch.Put, e)
	}
	if _, err := c.Commit(context.Background(), ch); err != nil {
		t.Fatal(err)
	}
}

// remove commits the deletion of ids.
func remove(t testing.TB, c *index.Committer, ids ...string) {
	t.Helper()
	if out, err := c.Commit(context.Background(), index.Change{Delete: ids}); err != nil || out.Deleted != len(ids) {
		t.Fatalf("delete %v: %+v, %v", ids, out, err)
	}
}

func mine(id, province, date, title string) index.Document {
	return index.Document{ID: id, Title: title, Body: title + "。会议部署了下一阶段的工作。", Province: province, Date: date, Source: "测试"}
}

// seen is what a user sees of a search: the hits, the province facet,
// the date facet's bars with their shares, and attention's.
func seen(t *testing.T, s *Searcher, q string) string {
	t.Helper()
	res, err := s.Search(context.Background(), Request{Query: q, Sort: SortDate})
	if err != nil {
		t.Fatal(err)
	}
	att, err := s.Attention(context.Background(), AttentionRequest{Queries: []string{q}, Interval: "month"})
	if err != nil {
		t.Fatal(err)
	}
	bars := func(cs []DateCount) string {
		out := ""
		for _, c := range cs {
			if c.Count > 0 || c.All > 0 {
				out += fmt.Sprintf(" %s:%d/%d", c.Value, c.Count, c.All)
			}
		}
		return out
	}
	return fmt.Sprintf("hits %s; provinces %s; dates%s; attention%s", ids(res), counts(res.Facets.Province), bars(res.Facets.Date.Buckets), bars(att.Series[0].Buckets))
}

func TestWritesWhileServing(t *testing.T) {
	ix, s, c := liveIndex(t,
		mine("a1", "Shanxi", "2024-05-01", "煤矿安全检查"),
		mine("a2", "Gansu", "2024-05-02", "轨道交通开通"),
	)
	steps := []struct {
		name  string
		write func()
		want  string
	}{
		{"before any write", func() {},
			"hits a1; provinces Shanxi/山西 1; dates 2024-05:1/2; attention 2024-05:1/2"},
		{"a new article is in the hits, the facets and the shares of the next search", func() {
			put(t, c, mine("n1", "Shanxi", "2024-06-01", "煤矿安全生产"))
		}, "hits a1 n1; provinces Shanxi/山西 2; dates 2024-05:1/2 2024-06:1/1; attention 2024-05:1/2 2024-06:1/1"},
		{"a replaced article is counted as it is now, once", func() {
			put(t, c, mine("n1", "Gansu", "2024-06-01", "煤矿安全生产"))
		}, "hits a1 n1; provinces Gansu/甘肃 1, Shanxi/山西 1; dates 2024-05:1/2 2024-06:1/1; attention 2024-05:1/2 2024-06:1/1"},
		{"a deleted article is in no hit, no facet and no share", func() {
			remove(t, c, "a1")
		}, "hits n1; provinces Gansu/甘肃 1; dates 2024-06:1/1; attention 2024-06:1/1"},
		{"merged into one segment, the index answers the same", func() {
			if err := ix.Compact(context.Background()); err != nil {
				t.Fatal(err)
			}
		}, "hits n1; provinces Gansu/甘肃 1; dates 2024-06:1/1; attention 2024-06:1/1"},
		{"written after the merge, an article is found with the merged ones", func() {
			put(t, c, mine("n2", "Hebei", "2024-05-20", "煤矿安全培训"))
		}, "hits n2 n1; provinces Gansu/甘肃 1, Hebei/河北 1; dates 2024-05:1/2 2024-06:1/1; attention 2024-05:1/2 2024-06:1/1"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.write()
			if got := seen(t, s, "煤矿"); got != st.want {
				t.Errorf("got  %s\nwant %s", got, st.want)
			}
		})
	}
}

// TestColumnsOfOlderSnapshots checks that a search on a snapshot older
// than the last one searched reads no column again, and that the next
// search on the newer one does not either: the cache keeps both.
func TestColumnsOfOlderSnapshots(t *testing.T) {
	ix, s, c := liveIndex(t, mine("a1", "Shanxi", "2024-05-01", "煤矿安全检查"))
	reader := func() bindex.IndexReader {
		adv, err := ix.Bleve().Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r
	}
	older := reader()
	put(t, c, mine("n1", "Gansu", "2024-06-01", "轨道交通"))
	newer := reader()
	view := func(r bindex.IndexReader) {
		if _, err := s.columns.viewOf(r); err != nil {
			t.Fatal(err)
		}
	}
	view(older)
	view(newer)
	read := s.columns.read
	view(older)
	view(newer)
	if s.columns.read != read {
		t.Errorf("going back and forth between two snapshots read %d segments' columns again", s.columns.read-read)
	}
}

// TestSearchesDuringWrites runs 16 searchers while 2 writers add and
// delete articles (run it with -race): every answer is of one snapshot
// (its province facet counts its total), and at the end the index holds
// what the writers left.
func TestSearchesDuringWrites(t *testing.T) {
	const base = 20
	var docs []index.Document
	for i := range base {
		docs = append(docs, mine(fmt.Sprint("b", i), []string{"Shanxi", "Gansu"}[i%2], fmt.Sprintf("2024-%02d-01", 1+i%12), "煤矿安全检查"))
	}
	_, s, c := liveIndex(t, docs...)
	rounds := 30
	if testing.Short() {
		rounds = 10
	}
	var writers, searchers sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 64)
	for w := range 2 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for n := range rounds {
				put(t, c, mine(fmt.Sprintf("w%d-%d", w, n), "Hebei", "2024-07-01", "煤矿安全生产"))
				if n%3 == 2 {
					remove(t, c, fmt.Sprintf("w%d-%d", w, n-1))
				}
			}
		}()
	}
	for range 16 {
		searchers.Add(1)
		go func() {
			defer searchers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := s.Search(context.Background(), Request{Query: "煤矿", Size: 5})
				if err == nil {
					sum := 0
					for _, p := range res.Facets.Province {
						sum += p.Count
					}
					if uint64(sum) != res.Total || res.Total < base {
						err = fmt.Errorf("total %d, the province facet counts %d (%s)", res.Total, sum, counts(res.Facets.Province))
					}
				}
				if err == nil {
					_, err = s.Attention(context.Background(), AttentionRequest{Queries: []string{"煤矿", "安全"}})
				}
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
			}
		}()
	}
	writers.Wait()
	close(stop)
	searchers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	res, err := s.Search(context.Background(), Request{Query: "煤矿", Size: 1})
	if want := uint64(base + 2*(rounds-rounds/3)); err != nil || res.Total != want {
		t.Errorf("at the end: %d articles (%v), want %d", res.Total, err, want)
	}
}
