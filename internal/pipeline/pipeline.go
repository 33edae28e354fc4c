// Package pipeline owns the stages a report goes through: extraction
// (extract), grouping claims into incidents (correlate), tracing their
// origins (provenance) and judging them (assess). The stages are pure; this
// package owns the I/O: it moves reports through the stages stored in the
// database (stages.go), batch by batch, and reads the stored analysis back
// (Read). Analyse and Run compute the whole analysis at once, in memory:
// the yardstick that the stored, incremental analysis must equal.
package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/assess"
	"github.com/trucewatch/trucewatch/internal/correlate"
	"github.com/trucewatch/trucewatch/internal/provenance"
)

// Store is what the pipeline reads.
type Store interface {
	Reports(ctx context.Context, f trucewatch.ReportFilter) ([]trucewatch.Report, error)
	Claims(ctx context.Context, f trucewatch.ClaimFilter) ([]trucewatch.Claim, error)
	Agreements(ctx context.Context) ([]trucewatch.Agreement, error)
}

// Result is the state of the record: every incident with its evidence, and
// the assessments.
type Result struct {
	Reports     map[string]trucewatch.Report
	Evidence    []assess.Evidence
	Assessments []trucewatch.Assessment
	Agreements  []trucewatch.Agreement
}

// Analyse reads everything and runs correlation, provenance and assessment
// in memory, storing nothing: a full recomputation, to check the stored
// analysis against.
func Analyse(ctx context.Context, st Store, reg *provenance.Registry) (Result, error) {
	reports, err := st.Reports(ctx, trucewatch.ReportFilter{Limit: -1})
	if err != nil {
		return Result{}, fmt.Errorf("analyse: %w", err)
	}
	claims, err := st.Claims(ctx, trucewatch.ClaimFilter{})
	if err != nil {
		return Result{}, fmt.Errorf("analyse: %w", err)
	}
	agreements, err := st.Agreements(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("analyse: %w", err)
	}
	return Run(reports, claims, agreements, reg), nil
}

// Reader is what Read needs of the database.
type Reader interface {
	Store
	Incidents(ctx context.Context, f trucewatch.IncidentFilter) ([]trucewatch.Incident, error)
	Assessments(ctx context.Context, f trucewatch.AssessmentFilter) ([]trucewatch.Assessment, error)
	CopyFamilies(ctx context.Context) (map[string]string, error)
}

// Read returns the stored analysis, as the dashboard and the API show it:
// the incidents and assessments the stages stored, with each incident's
// claims and their origins, and the reports. Nothing is grouped or
// assessed again; the origins of single claims are traced from the stored
// copy families by the rules the analysis used.
func Read(ctx context.Context, st Reader, reg *provenance.Registry) (Result, error) {
	reports, err := st.Reports(ctx, trucewatch.ReportFilter{Limit: -1})
	if err != nil {
		return Result{}, fmt.Errorf("read analysis: %w", err)
	}
	claims, err := st.Claims(ctx, trucewatch.ClaimFilter{Kind: trucewatch.ClaimIncident})
	if err != nil {
		return Result{}, fmt.Errorf("read analysis: %w", err)
	}
	agreements, err := st.Agreements(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("read analysis: %w", err)
	}
	incidents, err := st.Incidents(ctx, trucewatch.IncidentFilter{Limit: 1 << 30})
	if err != nil {
		return Result{}, fmt.Errorf("read analysis: %w", err)
	}
	assessments, err := st.Assessments(ctx, trucewatch.AssessmentFilter{})
	if err != nil {
		return Result{}, fmt.Errorf("read analysis: %w", err)
	}
	copyOf, err := st.CopyFamilies(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("read analysis: %w", err)
	}
	res := Result{Reports: map[string]trucewatch.Report{}, Agreements: agreements, Assessments: assessments}
	for _, r := range reports {
		res.Reports[r.ID] = r
	}
	byID := map[string]trucewatch.Claim{}
	for _, c := range claims {
		byID[c.ID] = c
	}
	tracer := provenance.Tracer{Registry: reg, Reports: res.Reports, CopyOf: copyOf}
	slices.SortFunc(incidents, func(a, b trucewatch.Incident) int {
		if c := strings.Compare(a.From.String(), b.From.String()); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, inc := range incidents {
		ev := assess.Evidence{Incident: inc}
		for _, id := range inc.ClaimIDs {
			c, ok := byID[id]
			if !ok {
				return Result{}, fmt.Errorf("read analysis: incident %s names claim %s, which is not stored", inc.ID, id)
			}
			ev.Claims = append(ev.Claims, c)
			ev.Origins = append(ev.Origins, tracer.Origin(c))
		}
		res.Evidence = append(res.Evidence, ev)
	}
	return res, nil
}

// evidenceOf gathers an incident's claims and traces the origin of each;
// the incident's origins are their merge.
func evidenceOf(inc trucewatch.Incident, claims map[string]trucewatch.Claim, tracer provenance.Tracer) assess.Evidence {
	ev := assess.Evidence{Incident: inc}
	for _, id := range inc.ClaimIDs {
		c := claims[id]
		ev.Claims = append(ev.Claims, c)
		ev.Origins = append(ev.Origins, tracer.Origin(c))
	}
	// Rejected claims are shown with the incident but are no origin of it.
	var cs []trucewatch.Claim
	var os []trucewatch.Origin
	for i, c := range ev.Claims {
		if !c.Rejected() || ev.Incident.Rejected {
			cs, os = append(cs, c), append(os, ev.Origins[i])
		}
	}
	ev.Incident.Origins = provenance.Merge(cs, os)
	return ev
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
		res.Evidence = append(res.Evidence, evidenceOf(inc, byID, tracer))
	}
	res.Assessments = assess.Assess(res.Evidence, agreements)
	return res
}
