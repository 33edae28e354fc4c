// Package pipeline moves values between the stages: it reads reports,
// claims and agreements from the store, groups claims into incidents
// (correlate), traces their origins (provenance) and judges them
// (assess). The stages are pure; this package owns the I/O.
package pipeline

import (
	"context"
	"fmt"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/assess"
	"github.com/trucewatch/trucewatch/internal/correlate"
	"github.com/trucewatch/trucewatch/internal/provenance"
	"github.com/trucewatch/trucewatch/internal/store"
)

// Store is what the pipeline reads.
type Store interface {
	Reports(ctx context.Context, f store.ReportFilter) ([]trucewatch.Report, error)
	Claims(ctx context.Context, f store.ClaimFilter) ([]trucewatch.Claim, error)
	Agreements(ctx context.Context) ([]trucewatch.Agreement, error)
}

var _ Store = (*store.Store)(nil)

// Result is the state of the record: every incident with its evidence, and
// the assessments.
type Result struct {
	Reports     map[string]trucewatch.Report
	Evidence    []assess.Evidence
	Assessments []trucewatch.Assessment
	Agreements  []trucewatch.Agreement
}

// Analyse reads everything and runs correlation, provenance and assessment.
func Analyse(ctx context.Context, st Store, reg *provenance.Registry) (Result, error) {
	reports, err := st.Reports(ctx, store.ReportFilter{Limit: -1})
	if err != nil {
		return Result{}, fmt.Errorf("analyse: %w", err)
	}
	claims, err := st.Claims(ctx, store.ClaimFilter{})
	if err != nil {
		return Result{}, fmt.Errorf("analyse: %w", err)
	}
	agreements, err := st.Agreements(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("analyse: %w", err)
	}
	return Run(reports, claims, agreements, reg), nil
}

// Saver stores what the pipeline computed.
type Saver interface {
	ReplaceAnalysis(ctx context.Context, incidents []trucewatch.Incident, assessments []trucewatch.Assessment) error
}

// Update analyses the store and saves the incidents and assessments in it,
// for the HTTP API and the dashboard to read.
func Update(ctx context.Context, st interface {
	Store
	Saver
}, reg *provenance.Registry) (Result, error) {
	res, err := Analyse(ctx, st, reg)
	if err != nil {
		return res, err
	}
	incs := make([]trucewatch.Incident, len(res.Evidence))
	for i, ev := range res.Evidence {
		incs[i] = ev.Incident
	}
	if err := st.ReplaceAnalysis(ctx, incs, res.Assessments); err != nil {
		return res, fmt.Errorf("update: %w", err)
	}
	return res, nil
}

// Run is Analyse on values already read.
func Run(reports []trucewatch.Report, claims []trucewatch.Claim, agreements []trucewatch.Agreement, reg *provenance.Registry) Result {
	res := Result{Reports: map[string]trucewatch.Report{}, Agreements: agreements}
	for _, r := range reports {
		res.Reports[r.ID] = r
	}
	byID := map[string]trucewatch.Claim{}
	for _, c := range claims {
		byID[c.ID] = c
	}
	tracer := provenance.Tracer{Registry: reg, Reports: res.Reports, CopyOf: provenance.Copies(reports)}
	for _, inc := range correlate.Group(claims) {
		ev := assess.Evidence{Incident: inc}
		for _, id := range inc.ClaimIDs {
			c := byID[id]
			ev.Claims = append(ev.Claims, c)
			ev.Origins = append(ev.Origins, tracer.Origin(c))
		}
		ev.Incident.Origins = provenance.Merge(ev.Claims, ev.Origins)
		res.Evidence = append(res.Evidence, ev)
	}
	res.Assessments = assess.Assess(res.Evidence, agreements)
	return res
}
