// Package metrics is what trucewatch serve tells Prometheus at /metrics:
// the HTTP requests it answered (by route pattern, method and status) and
// how long they took, the dashboards listening for live updates, the
// reports in each stage of the pipeline, the reports this process stored,
// extracted and analysed, and the Go runtime's and the process's own
// figures. It is the one package that imports the Prometheus client
// (docs/web.md lists the metrics).
package metrics

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/trucewatch/trucewatch"
)

// Metrics holds a server's metrics in a registry of its own (no global
// state: two servers in one test process count apart).
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	listeners prometheus.Gauge
	processed *prometheus.CounterVec
}

// New returns the metrics, with the Go runtime's and the process's
// collectors registered.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "trucewatch_http_requests_total",
			Help: "HTTP requests answered, by route pattern (unmatched: no route), method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "trucewatch_http_request_duration_seconds",
			Help:    "Time from a request's arrival to the end of its answer, by route pattern (for /events and the exports: how long the stream lasted).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		listeners: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "trucewatch_sse_clients",
			Help: "Dashboards connected to the live-update stream /events.",
		}),
		processed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "trucewatch_reports_processed_total",
			Help: "Reports this process stored (through the API), extracted and analysed, by stage.",
		}, []string{"stage"}),
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.latency, m.listeners, m.processed)
	// Every stage is listed from the start, so that a rate over it is 0
	// rather than missing before the first report.
	for _, st := range []trucewatch.Stage{trucewatch.StageStored, trucewatch.StageExtracted, trucewatch.StageAnalysed} {
		m.processed.WithLabelValues(string(st))
	}
	return m
}

// Handler serves the metrics in Prometheus's text format (gzip when the
// scraper asks for it), logging a metric that could not be gathered.
func (m *Metrics) Handler(log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: errorLog{log}, ErrorHandling: promhttp.ContinueOnError})
}

type errorLog struct{ log *slog.Logger }

func (l errorLog) Println(v ...any) { l.log.Warn("metrics: " + fmt.Sprint(v...)) }

// methods are the request methods counted by name; others count as OTHER,
// so that a client cannot add series at will.
var methods = map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "OPTIONS": true}

// Request counts a request that route (a pattern of the route table, never
// the raw path) answered with status after d.
func (m *Metrics) Request(route, method string, status int, d time.Duration) {
	if !methods[method] {
		method = "OTHER"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// Listening adds delta to the dashboards connected to /events.
func (m *Metrics) Listening(delta int) { m.listeners.Add(float64(delta)) }

// Processed counts n reports that this process took through stage.
func (m *Metrics) Processed(stage trucewatch.Stage, n int) {
	if n > 0 {
		m.processed.WithLabelValues(string(stage)).Add(float64(n))
	}
}

// PipelineStatus reads the reports per stage (store.PipelineStatus).
type PipelineStatus func(ctx context.Context) (trucewatch.PipelineStatus, error)

// WatchPipeline adds the reports per stage, the queue's depth and the age
// of its oldest report, read from status when Prometheus scrapes, at most
// once per ttl (the counts are two queries over the reports table), with
// a timeout of a few seconds. When status fails the gauges are left out of
// that scrape, and the error is logged.
func (m *Metrics) WatchPipeline(status PipelineStatus, ttl time.Duration, log *slog.Logger) {
	m.reg.MustRegister(&pipelineCollector{status: status, ttl: ttl, log: log, now: time.Now})
}

var (
	reportsDesc = prometheus.NewDesc("trucewatch_pipeline_reports",
		"Reports in the database by pipeline stage (stored, extracted, analysed, failed).", []string{"stage"}, nil)
	queueDesc = prometheus.NewDesc("trucewatch_pipeline_queue_depth",
		"Reports waiting for extraction or analysis (stored or extracted).", nil, nil)
	oldestDesc = prometheus.NewDesc("trucewatch_pipeline_oldest_queued_seconds",
		"How long the oldest report waiting for extraction or analysis has waited; 0 when none waits.", nil, nil)
)

// pipelineCollector reads the pipeline's status at scrape time, through a
// short cache.
type pipelineCollector struct {
	status PipelineStatus
	ttl    time.Duration
	log    *slog.Logger
	now    func() time.Time

	mu   sync.Mutex
	last trucewatch.PipelineStatus
	read time.Time // when last was read; zero: never
}

func (c *pipelineCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- reportsDesc
	ch <- queueDesc
	ch <- oldestDesc
}

func (c *pipelineCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if c.read.IsZero() || now.Sub(c.read) >= c.ttl {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		st, err := c.status(ctx)
		cancel()
		if err != nil {
			c.log.Warn("metrics: reading the pipeline's status", "err", err)
			return
		}
		c.last, c.read = st, now
	}
	st := c.last
	for stage, n := range map[trucewatch.Stage]int{trucewatch.StageStored: st.Stored, trucewatch.StageExtracted: st.Extracted,
		trucewatch.StageAnalysed: st.Analysed, trucewatch.StageFailed: st.Failed} {
		ch <- prometheus.MustNewConstMetric(reportsDesc, prometheus.GaugeValue, float64(n), string(stage))
	}
	ch <- prometheus.MustNewConstMetric(queueDesc, prometheus.GaugeValue, float64(st.Stored+st.Extracted))
	age := 0.0
	if !st.OldestQueued.IsZero() {
		age = max(0, now.Sub(st.OldestQueued).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, age)
}
