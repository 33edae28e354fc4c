package trucewatch

import (
	"errors"
	"testing"
	"time"
)

func TestDraftFromClaim(t *testing.T) {
	r := Report{ID: "r1", Outlet: "Ukrinform", Text: "Both sides agreed to stop striking energy sites for 30 days."}
	r.Published.Time = time.Date(2025, 3, 18, 9, 0, 0, 0, time.UTC)
	agreed := Claim{ID: "r1-agreement-0-0", ReportID: "r1", Kind: ClaimAgreement, Sentence: Span{0, len(r.Text)},
		Agreement: &AgreementClaim{Parties: []Party{"RU", "UA"}, Scope: []Target{TargetEnergy}, DurationDays: 30, Reciprocal: true, Status: AgreementAgreed}}
	general := agreed
	general.Agreement = &AgreementClaim{Parties: []Party{"RU", "UA"}, All: true, Status: AgreementProposed}
	cases := []struct {
		name   string
		c      Claim
		r      Report
		to     time.Time
		status AgreementStatus
		err    error
	}{
		{"scope and duration", agreed, r, time.Date(2025, 4, 17, 0, 0, 0, 0, time.UTC), AgreementAgreed, nil},
		{"general, open-ended", general, r, time.Time{}, AgreementProposed, nil},
		{"not an agreement claim", Claim{ID: "x", Kind: ClaimIncident}, r, time.Time{}, "", ErrInvalid},
		{"no publication day", agreed, Report{ID: "r2"}, time.Time{}, "", ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := DraftFromClaim(tc.c, tc.r)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if a.ID != "claim-r1-agreement-0-0" || a.Status != tc.status || !a.Effective.To.Equal(tc.to) ||
				!a.Effective.From.Equal(time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC)) || a.Reciprocal != tc.c.Agreement.Reciprocal ||
				a.Readings[0].Scope.All != tc.c.Agreement.All || len(a.References) != 1 || DraftID(a) != "claim-r1-agreement-0-0-v1" {
				t.Errorf("draft %+v", a)
			}
		})
	}
}
