package pipeline

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/store"
)

// decideRandomly records one decision of a random kind on a random stored
// incident or one of its claims.
func decideRandomly(t *testing.T, ctx context.Context, st *store.Store, rng *rand.Rand) {
	t.Helper()
	incs, err := st.Incidents(ctx, trucewatch.IncidentFilter{Limit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	if len(incs) == 0 {
		return
	}
	inc := incs[rng.IntN(len(incs))]
	claims, err := st.Claims(ctx, trucewatch.ClaimFilter{IDs: inc.ClaimIDs})
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) == 0 {
		t.Fatalf("incident %s has no claims on record", inc.ID)
	}
	var keys []trucewatch.ClaimKey
	for _, c := range claims {
		keys = append(keys, trucewatch.KeyOf(c))
	}
	one := claims[rng.IntN(len(claims))]
	d := trucewatch.Decision{Reason: "test", Actor: "tester", At: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)}
	switch rng.IntN(9) {
	case 0:
		d.Kind, d.Subject, d.Claims = trucewatch.DecisionConfirmIncident, inc.ID, keys
	case 1:
		d.Kind, d.Subject, d.Claims = trucewatch.DecisionRejectIncident, inc.ID, keys
	case 2:
		d.Kind, d.Subject, d.Claims = trucewatch.DecisionRejectClaim, one.ID, []trucewatch.ClaimKey{trucewatch.KeyOf(one)}
	case 3:
		d.Kind, d.Subject, d.Claims = trucewatch.DecisionCorrectClaim, one.ID, []trucewatch.ClaimKey{trucewatch.KeyOf(one)}
		d.Correction = &trucewatch.Correction{Date: one.Incident.Date.AddDays(1)}
	case 4:
		d.Kind, d.Subject, d.Claims = trucewatch.DecisionCorrectClaim, one.ID, []trucewatch.ClaimKey{trucewatch.KeyOf(one)}
		d.Correction = &trucewatch.Correction{Target: trucewatch.TargetResidential, Perpetrator: "UA"}
	case 5, 6:
		// A merge with another incident, any day and place.
		other := incs[rng.IntN(len(incs))]
		if other.ID == inc.ID {
			return
		}
		more, err := st.Claims(ctx, trucewatch.ClaimFilter{IDs: other.ClaimIDs})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range more {
			keys = append(keys, trucewatch.KeyOf(c))
		}
		d.Kind, d.Subject, d.Claims = trucewatch.DecisionMergeIncidents, inc.ID+"+"+other.ID, keys
	case 7:
		// A split in two or three parts, when the incident has claims
		// enough.
		if len(keys) < 2 {
			return
		}
		d.Parts = make([]int, len(keys))
		for i := range d.Parts {
			d.Parts[i] = rng.IntN(3)
		}
		d.Parts[0], d.Parts[1] = 0, 1
		d.Kind, d.Subject, d.Claims = trucewatch.DecisionSplitIncident, inc.ID, keys
	default:
		d.Kind, d.Subject, d.Claims = trucewatch.DecisionUndo, one.ID, []trucewatch.ClaimKey{trucewatch.KeyOf(one)}
	}
	if _, err := st.RecordDecisions(ctx, []trucewatch.Decision{d}); err != nil {
		t.Fatal(err)
	}
}
