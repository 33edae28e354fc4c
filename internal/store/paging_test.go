package store

import (
	"context"
	"reflect"
	"testing"

	"github.com/trucewatch/trucewatch"
)

// TestPages: the lists the API pages read a page with Limit and Offset,
// and their counts agree with the whole lists, on both engines; the
// export's report references carry the publication time.
func TestPages(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			s := mustOpen(t, e.DSN(t))
			ctx := context.Background()
			seedExport(t, s)

			claims, err := s.Claims(ctx, trucewatch.ClaimFilter{})
			if err != nil {
				t.Fatal(err)
			}
			n, err := s.CountClaims(ctx, trucewatch.ClaimFilter{})
			if err != nil || n != len(claims) || n != 2 {
				t.Fatalf("CountClaims %d (%v), Claims %d; want 2", n, err, len(claims))
			}
			page, err := s.Claims(ctx, trucewatch.ClaimFilter{Limit: 1, Offset: 1})
			if err != nil || len(page) != 1 || page[0].ID != claims[1].ID {
				t.Errorf("Claims(limit 1, offset 1) = %v (%v), want the second, %s", page, err, claims[1].ID)
			}
			if n, _ := s.CountClaims(ctx, trucewatch.ClaimFilter{Kind: trucewatch.ClaimAgreement}); n != 0 {
				t.Errorf("CountClaims(agreement) = %d, want 0", n)
			}

			newest, err := s.Assessments(ctx, trucewatch.AssessmentFilter{Limit: 2})
			if err != nil || len(newest) != 2 {
				t.Fatalf("Assessments(limit 2): %v %v", newest, err)
			}
			second, err := s.Assessments(ctx, trucewatch.AssessmentFilter{Limit: 1, Offset: 1})
			if err != nil || len(second) != 1 || !reflect.DeepEqual(second[0], newest[1]) {
				t.Errorf("Assessments(limit 1, offset 1) = %+v (%v), want %+v", second, err, newest[1])
			}

			f := trucewatch.DecisionFilter{Actor: "nobody"}
			ds, err := s.Decisions(ctx, f)
			if n, err2 := s.CountDecisions(ctx, f); err != nil || err2 != nil || n != len(ds) {
				t.Errorf("CountDecisions %d, Decisions %d (%v, %v)", n, len(ds), err, err2)
			}

			err = s.EachIncident(ctx, trucewatch.IncidentFilter{}, func(r trucewatch.IncidentRecord) error {
				for _, rep := range r.Reports {
					if rep.Published.Date().String() != "2025-03-19" {
						t.Errorf("incident %s: report %s published %q, want 2025-03-19", r.Incident.ID, rep.Outlet, rep.Published)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
