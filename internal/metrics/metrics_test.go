package metrics

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
)

// gauge is the value of the metric name with the label value (or none) in
// a gather of m, and whether it is there.
func gauge(t *testing.T, m *Metrics, name, label string) (float64, bool) {
	t.Helper()
	fams, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, x := range f.GetMetric() {
			if lp := x.GetLabel(); label == "" || len(lp) > 0 && lp[0].GetValue() == label {
				if x.GetGauge() != nil {
					return x.GetGauge().GetValue(), true
				}
				return x.GetCounter().GetValue(), true
			}
		}
	}
	return 0, false
}

// TestPipeline: the per-stage gauges are read at scrape time, at most once
// per ttl, and left out while the status cannot be read.
func TestPipeline(t *testing.T) {
	m := New()
	now := time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
	calls := 0
	var fail error
	status := func(context.Context) (trucewatch.PipelineStatus, error) {
		calls++
		return trucewatch.PipelineStatus{Stored: 2, Extracted: 1, Analysed: 40, Failed: 3, OldestQueued: now.Add(-90 * time.Second)}, fail
	}
	c := &pipelineCollector{status: status, ttl: 5 * time.Second, log: slog.New(slog.DiscardHandler), now: func() time.Time { return now }}
	m.reg.MustRegister(c)
	for stage, want := range map[string]float64{"stored": 2, "extracted": 1, "analysed": 40, "failed": 3} {
		if v, ok := gauge(t, m, "trucewatch_pipeline_reports", stage); !ok || v != want {
			t.Errorf("reports %s = %v, %v; want %v", stage, v, ok, want)
		}
	}
	if v, _ := gauge(t, m, "trucewatch_pipeline_queue_depth", ""); v != 3 {
		t.Errorf("queue depth %v", v)
	}
	if v, _ := gauge(t, m, "trucewatch_pipeline_oldest_queued_seconds", ""); v != 90 {
		t.Errorf("oldest queued %v s", v)
	}
	if calls != 1 {
		t.Errorf("%d reads for four scrapes within the ttl", calls)
	}
	now = now.Add(5 * time.Second)
	fail = errors.New("database gone")
	if _, ok := gauge(t, m, "trucewatch_pipeline_queue_depth", ""); ok || calls != 2 {
		t.Errorf("the status failing: queue depth still there (%v), %d reads", ok, calls)
	}
	m.Processed(trucewatch.StageAnalysed, 7)
	m.Processed(trucewatch.StageAnalysed, 0)
	if v, _ := gauge(t, m, "trucewatch_reports_processed_total", "analysed"); v != 7 {
		t.Errorf("analysed %v", v)
	}
	m.Request("/x", "BREW", 418, time.Millisecond)
	fams, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() == "trucewatch_http_requests_total" && f.GetMetric()[0].GetLabel()[1].GetValue() != "OTHER" {
			t.Errorf("an unknown method is counted by name: %v", f.GetMetric()[0].GetLabel())
		}
	}
}
