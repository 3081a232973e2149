package bench

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xinwen/xinwen/search"
)

// Latency is the query figures at one concurrency.
type Latency struct {
	// Clients is how many goroutines sent queries at once, each waiting for
	// its answer before sending the next.
	Clients int `json:"clients"`
	// Queries is how many were answered: the mix, Rounds times over.
	Queries int     `json:"queries"`
	P50MS   float64 `json:"p50_ms"`
	P95MS   float64 `json:"p95_ms"`
	P99MS   float64 `json:"p99_ms"`
	MaxMS   float64 `json:"max_ms"`
	QPS     float64 `json:"qps"`
	// CPUMSPerQuery is the process's CPU time over the run divided by the
	// queries: what a query costs, whatever else the machine is doing.
	CPUMSPerQuery float64 `json:"cpu_ms_per_query"`
	// Kinds breaks the latencies down by kind of query.
	Kinds map[string]KindLatency `json:"kinds"`
}

// KindLatency is the latencies of the queries of one kind.
type KindLatency struct {
	Queries int     `json:"queries"`
	P50MS   float64 `json:"p50_ms"`
	P99MS   float64 `json:"p99_ms"`
	MaxMS   float64 `json:"max_ms"`
}

// request is what the bench asks for each query: what the search page asks
// for, the first page of ten hits ranked by relevance, with facets and
// highlighted snippets (Search always computes both).
func request(q string) search.Request {
	return search.Request{Query: q, Size: search.DefaultSize}
}

// warm runs the mix once, one query at a time, and returns how many queries
// found nothing. Its timings are not kept: the first pass pays for loading
// the index's pages and warming caches, which a server pays once.
func warm(ctx context.Context, s *search.Searcher, qs []Query) (zeroHits int, err error) {
	for _, q := range qs {
		res, err := s.Search(ctx, request(q.Text))
		if err != nil {
			return 0, queryError(q, err)
		}
		if res.Total == 0 {
			zeroHits++
		}
	}
	return zeroHits, nil
}

func queryError(q Query, err error) error {
	var se *search.Error
	if errors.As(err, &se) {
		return fmt.Errorf("bench: query %q is not valid: %w", q.Text, err)
	}
	return fmt.Errorf("bench: query %q: %w", q.Text, err)
}

// measure runs the mix rounds times over with the given number of clients,
// each taking the next query as soon as it has its answer, and times every
// query and the whole.
func measure(ctx context.Context, s *search.Searcher, qs []Query, clients, rounds int) (Latency, error) {
	total := len(qs) * rounds
	lat := make([]time.Duration, total)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	cpu0, start := cpuTime(), time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= total {
					return
				}
				q := qs[i%len(qs)]
				t := time.Now()
				if _, err := s.Search(ctx, request(q.Text)); err != nil {
					errs <- queryError(q, err)
					next.Store(int64(total)) // stop the others
					return
				}
				lat[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	wall, cpu := time.Since(start), cpuTime()-cpu0
	close(errs)
	if err := <-errs; err != nil {
		return Latency{}, err
	}
	byKind := map[string][]time.Duration{}
	for i, d := range lat {
		k := qs[i%len(qs)].Kind
		byKind[k] = append(byKind[k], d)
	}
	kinds := map[string]KindLatency{}
	for k, ds := range byKind {
		slices.Sort(ds)
		kinds[k] = KindLatency{Queries: len(ds), P50MS: ms(percentile(ds, 50)), P99MS: ms(percentile(ds, 99)), MaxMS: ms(ds[len(ds)-1])}
	}
	slices.Sort(lat)
	return Latency{
		Kinds:         kinds,
		Clients:       clients,
		Queries:       total,
		P50MS:         ms(percentile(lat, 50)),
		P95MS:         ms(percentile(lat, 95)),
		P99MS:         ms(percentile(lat, 99)),
		MaxMS:         ms(lat[len(lat)-1]),
		QPS:           round(float64(total)/wall.Seconds(), 1),
		CPUMSPerQuery: ms(cpu / time.Duration(total)),
	}, nil
}

// percentile returns the nearest-rank p-th percentile of sorted: the
// smallest value that at least p% of the values do not exceed.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 2) }

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
