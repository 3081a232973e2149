package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/xinwen/xinwen/index"
)

// Metrics are the figures /metrics gives in Prometheus's text format, all
// defined here: the requests, the searches, the index, the backups and
// the writes. They are kept in a registry of the server's own, not
// Prometheus's global one, so that two servers in one process (tests)
// count apart.
//
// The write path (index.Committer) tells Metrics what it does through
// index.Observer (Server.Observer): the articles waiting for a commit,
// each commit's time on disk, the last commit, the articles committed and
// the commits that failed.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec

	backups    *prometheus.CounterVec
	lastBackup prometheus.Gauge

	// What the write path tells (index.Observer).
	queued     prometheus.Gauge
	fsync      prometheus.Histogram
	lastCommit prometheus.Gauge
	committed  prometheus.Counter
	failed     prometheus.Counter
}

// latencyBuckets are the bounds, in seconds, of the requests' latency
// histogram: a search takes from under a millisecond to its 5 s deadline.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// fsyncBuckets are those of the time a commit spends writing to disk.
var fsyncBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}

func newMetrics(store Store, g, writes, bigWrites *gate) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "xinwen_http_requests_total",
			Help: "HTTP requests answered, by route (its path template; other for no route) and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "xinwen_http_request_duration_seconds",
			Help:    "Time from a request's arrival to its answer's end, by route.",
			Buckets: latencyBuckets,
		}, []string{"route"}),
		backups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "xinwen_backups_total",
			Help: "Backups made through /api/admin/backup, by result (ok, failed).",
		}, []string{"result"}),
		lastBackup: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "xinwen_last_backup_timestamp_seconds",
			Help: "When the last backup through /api/admin/backup was taken (Unix time); 0 for none since the start.",
		}),
		queued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "xinwen_writes_queued",
			Help: "Articles written to the server and waiting for a commit.",
		}),
		fsync: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "xinwen_commit_fsync_seconds",
			Help:    "Time each commit of writes spent writing to disk.",
			Buckets: fsyncBuckets,
		}),
		lastCommit: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "xinwen_last_commit_timestamp_seconds",
			Help: "When the last commit of writes ended (Unix time); 0 for none since the start.",
		}),
		committed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "xinwen_documents_committed_total",
			Help: "Articles written to the server and committed (on disk and searchable).",
		}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "xinwen_commit_errors_total",
			Help: "Commits of writes that failed.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.backups, m.lastBackup, m.queued, m.fsync, m.lastCommit, m.committed, m.failed,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "xinwen_searches_running",
			Help: "Searches running now.",
		}, func() float64 { return float64(g.running.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "xinwen_searches_rejected_total",
			Help: "Searches answered 503 overloaded: no slot came free in time.",
		}, func() float64 { return float64(g.rejected.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "xinwen_writes_running",
			Help: "Write requests being read or committed now.",
		}, func() float64 { return float64(writes.running.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "xinwen_writes_rejected_total",
			Help: "Write requests answered 503 overloaded: no slot came free in time.",
		}, func() float64 { return float64(writes.rejected.Load() + bigWrites.rejected.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "xinwen_searches_max",
			Help: "Searches that may run at once (serve -max-searches).",
		}, func() float64 { return float64(cap(g.slots)) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	for _, result := range []string{"ok", "failed"} {
		m.backups.WithLabelValues(result) // present at 0, for alerts on rates
	}
	if store != nil {
		m.reg.MustRegister(indexCollector{store})
	}
	return m
}

// handler serves the metrics in Prometheus's text format.
func (m *Metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// request counts a request answered with status after d.
func (m *Metrics) request(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// backedUp counts a backup, which ended at 'at' with err.
func (m *Metrics) backedUp(at time.Time, err error) {
	if err != nil {
		m.backups.WithLabelValues("failed").Inc()
		return
	}
	m.backups.WithLabelValues("ok").Inc()
	m.lastBackup.Set(float64(at.UnixNano()) / 1e9)
}

// Queued counts n articles joining (or, negative, leaving) the writes
// waiting for a commit (index.Observer).
func (m *Metrics) Queued(n int) { m.queued.Add(float64(n)) }

// Committed counts a commit of docs articles that spent fsync writing to
// disk and ended now, with err when it failed (index.Observer).
func (m *Metrics) Committed(docs int, fsync time.Duration, err error) {
	m.fsync.Observe(fsync.Seconds())
	if err != nil {
		m.failed.Inc()
		return
	}
	m.committed.Add(float64(docs))
	m.lastCommit.SetToCurrentTime()
}

var _ index.Observer = (*Metrics)(nil)

// Observer is what the write path tells what it does, for the metrics.
func (s *Server) Observer() index.Observer { return s.metrics }

// indexCollector reads the index's figures at each scrape, in one call.
type indexCollector struct{ store Store }

var (
	documentsDesc = prometheus.NewDesc("xinwen_documents", "Articles in the index.", nil, nil)
	bytesDesc     = prometheus.NewDesc("xinwen_index_bytes", "Size of the index's files on disk.", nil, nil)
	segmentsDesc  = prometheus.NewDesc("xinwen_index_segments", "Segments of the index's current snapshot (each search reads every one).", nil, nil)
	freeDesc      = prometheus.NewDesc("xinwen_disk_free_bytes", "Space left on the index's file system for the server.", nil, nil)
	writableDesc  = prometheus.NewDesc("xinwen_index_writable", "1 when the index is open and can be written (as /healthz says), else 0.", nil, nil)
)

func (c indexCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{documentsDesc, bytesDesc, segmentsDesc, freeDesc, writableDesc} {
		ch <- d
	}
}

func (c indexCollector) Collect(ch chan<- prometheus.Metric) {
	writable := 1.0
	if c.store.Check() != nil {
		writable = 0
	}
	ch <- prometheus.MustNewConstMetric(writableDesc, prometheus.GaugeValue, writable)
	st, err := c.store.Stats()
	if err != nil {
		return // xinwen_index_writable says it; /healthz and the log say why
	}
	ch <- prometheus.MustNewConstMetric(documentsDesc, prometheus.GaugeValue, float64(st.Documents))
	ch <- prometheus.MustNewConstMetric(bytesDesc, prometheus.GaugeValue, float64(st.Bytes))
	ch <- prometheus.MustNewConstMetric(segmentsDesc, prometheus.GaugeValue, float64(st.Segments))
	if st.FreeBytes >= 0 {
		ch <- prometheus.MustNewConstMetric(freeDesc, prometheus.GaugeValue, float64(st.FreeBytes))
	}
}
