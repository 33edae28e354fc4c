package trucewatch

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func incidentClaim(id, report string, start, end int, mention string) Claim {
	return Claim{ID: id, ReportID: report, Kind: ClaimIncident, Sentence: Span{start, end},
		Incident: &IncidentClaim{PlaceMention: mention, Target: TargetEnergy, Perpetrator: "RU", Claimant: "UA", Weapon: WeaponDrone}}
}

func TestClaimKeyMatch(t *testing.T) {
	claims := []Claim{
		incidentClaim("r-incident-10-0", "r", 10, 50, "Sumy"),
		incidentClaim("r-incident-10-1", "r", 10, 50, "Kharkiv"),
		incidentClaim("r-incident-60-2", "r", 60, 90, "Odesa"),
		incidentClaim("q-incident-10-0", "q", 10, 50, "Sumy"),
	}
	key := func(id string, start, end int, mention string) ClaimKey {
		return ClaimKey{ClaimID: id, ReportID: "r", Kind: ClaimIncident, Sentence: Span{start, end}, Mention: mention}
	}
	for _, tc := range []struct {
		name string
		key  ClaimKey
		want int
	}{
		{"same id and sentence", key("r-incident-10-1", 10, 50, "Kharkiv"), 1},
		{"renumbered: the same sentence and place words", key("r-incident-10-7", 10, 50, "Kharkiv"), 1},
		{"sentence split differently: overlap and place words", key("old", 20, 70, "Odesa"), 2},
		{"place words changed: the largest overlap", key("old", 55, 95, "Odessa"), 2},
		{"no overlap: none", key("old", 100, 120, "Sumy"), -1},
		{"another report: none", ClaimKey{ClaimID: "x", ReportID: "z", Kind: ClaimIncident, Sentence: Span{10, 50}}, -1},
		{"another kind: none", ClaimKey{ClaimID: "x", ReportID: "r", Kind: ClaimExchange, Sentence: Span{10, 50}}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.key.Match(claims); got != tc.want {
				t.Errorf("Match = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestClaimKeyMatchRenumbered: an extractor upgrade finds one more claim
// earlier in the report, and every claim after it is renumbered.
func TestClaimKeyMatchRenumbered(t *testing.T) {
	before := []Claim{
		incidentClaim("r-incident-100-3", "r", 100, 160, "Kherson"),
		incidentClaim("r-incident-100-4", "r", 100, 160, "Odesa"),
		incidentClaim("r-incident-200-5", "r", 200, 260, "Sumy"),
		incidentClaim("r-incident-200-6", "r", 200, 260, "Sumy"),
	}
	after := append([]Claim{incidentClaim("r-incident-20-0", "r", 20, 60, "Kyiv")}, before...)
	for i, id := range []string{"r-incident-100-4", "r-incident-100-5", "r-incident-200-6", "r-incident-200-7"} {
		after[i+1].ID = id
	}
	keys := KeysOf(before)
	old := func(k ClaimKey) ClaimKey { k.Nth = 0; return k }
	for _, tc := range []struct {
		name string
		key  ClaimKey
		want int // index in after
	}{
		{"Kherson", keys[0], 1},
		{"Odesa: not Kherson, now under Odesa's old ID", keys[1], 2},
		{"the first of two claims on Sumy", keys[2], 3},
		{"the second of two claims on Sumy", keys[3], 4},
		{"an old key without Nth: Odesa", old(keys[1]), 2},
		{"an old key without Nth: the first on Sumy", old(keys[2]), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.key.Match(before); got != tc.want-1 {
				t.Errorf("before: Match = %d, want %d", got, tc.want-1)
			}
			if got := tc.key.Match(after); got != tc.want {
				t.Errorf("after: Match = %d, want %d", got, tc.want)
			}
		})
	}
	// Each claim on Sumy keeps its own decision after renumbering, whatever
	// order the claims come in (the store orders them by ID).
	ds := []Decision{
		{ID: 1, Kind: DecisionRejectClaim, Claims: keys[2:3], Reason: "r", Actor: "ana"},
		{ID: 2, Kind: DecisionConfirmClaim, Claims: keys[3:4], Reason: "c", Actor: "ana"},
	}
	got := ApplyDecisions(after, ds)
	if !got[3].Rejected() || !got[4].Confirmed() {
		t.Errorf("Sumy claims: rejected %v, confirmed %v; want the first rejected, the second confirmed", got[3].Rejected(), got[4].Confirmed())
	}
	if k := KeysIn(before[3:4], []Claim{before[3], before[1], before[2], before[0]}); k[0].Nth != 2 {
		t.Errorf("KeysIn: Nth = %d, want 2", k[0].Nth)
	}
}

func TestApplyDecisions(t *testing.T) {
	at := time.Date(2025, 3, 20, 9, 0, 0, 0, time.UTC)
	c := incidentClaim("r-incident-10-0", "r", 10, 50, "Sumy")
	k := KeyOf(c)
	kyiv := Place{ID: "gn:703448", Name: "Kyiv", Country: "UA", Precision: PlaceSettlement}
	d := func(id int64, kind DecisionKind, corr *Correction) Decision {
		return Decision{ID: id, Kind: kind, Claims: []ClaimKey{k}, Correction: corr, Reason: "why " + string(kind), Actor: "ana", At: at}
	}
	for _, tc := range []struct {
		name          string
		ds            []Decision
		verdict       Verdict
		corrected     int
		place, reason string
		perp          Party
	}{
		{"none", nil, "", 0, "", "", "RU"},
		{"rejected", []Decision{d(1, DecisionRejectClaim, nil)}, VerdictRejected, 0, "", "why reject_claim", "RU"},
		{"confirmed, then rejected: the later wins", []Decision{d(2, DecisionRejectClaim, nil), d(1, DecisionConfirmIncident, nil)}, VerdictRejected, 0, "", "why reject_claim", "RU"},
		{"corrected place and perpetrator, then confirmed", []Decision{
			d(1, DecisionCorrectClaim, &Correction{Place: &kyiv}), d(2, DecisionCorrectClaim, &Correction{Perpetrator: "UA"}), d(3, DecisionConfirmClaim, nil),
		}, VerdictConfirmed, 2, "Kyiv", "why confirm_claim", "UA"},
		{"undone", []Decision{d(1, DecisionCorrectClaim, &Correction{Place: &kyiv}), d(2, DecisionRejectClaim, nil), d(3, DecisionUndo, nil)}, "", 0, "", "", "RU"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ApplyDecisions([]Claim{c}, tc.ds)[0]
			if c.Review != nil || c.Incident.Place.Name != "" {
				t.Fatal("ApplyDecisions changed its input")
			}
			var verdict Verdict
			var reason string
			var corrected int
			if got.Review != nil {
				verdict, reason, corrected = got.Review.Verdict, got.Review.Reason, len(got.Review.Corrected)
			}
			if verdict != tc.verdict || reason != tc.reason || corrected != tc.corrected ||
				got.Incident.Place.Name != tc.place || got.Incident.Perpetrator != tc.perp {
				t.Errorf("got verdict %q reason %q corrected %d place %q perpetrator %s", verdict, reason, corrected, got.Incident.Place.Name, got.Incident.Perpetrator)
			}
		})
	}
}

// TestApplyIncidentAfterClaim: an incident-level verdict does not undo a
// claim-level verdict made before it; a claim-level one after it wins.
func TestApplyIncidentAfterClaim(t *testing.T) {
	claims := []Claim{
		incidentClaim("r-incident-10-0", "r", 10, 50, "Sumy"),
		incidentClaim("r-incident-60-1", "r", 60, 90, "Sumy"),
		incidentClaim("r-incident-100-2", "r", 100, 140, "Sumy"),
	}
	keys := KeysOf(claims)
	d := func(id int64, kind DecisionKind, ks ...ClaimKey) Decision {
		return Decision{ID: id, Kind: kind, Claims: ks, Reason: "why", Actor: "ana"}
	}
	const c, r, none = VerdictConfirmed, VerdictRejected, Verdict("")
	for _, tc := range []struct {
		name string
		ds   []Decision
		want []Verdict
	}{
		{"reject a claim, then confirm the incident: the claim stays rejected",
			[]Decision{d(1, DecisionRejectClaim, keys[1]), d(2, DecisionConfirmIncident, keys...)}, []Verdict{c, r, c}},
		{"confirm a claim, then reject the incident: the claim stays confirmed",
			[]Decision{d(1, DecisionConfirmClaim, keys[0]), d(2, DecisionRejectIncident, keys...)}, []Verdict{c, r, r}},
		{"confirm the incident, then reject a claim: that claim rejected",
			[]Decision{d(1, DecisionConfirmIncident, keys...), d(2, DecisionRejectClaim, keys[1])}, []Verdict{c, r, c}},
		{"reject the incident, then confirm it: confirmed",
			[]Decision{d(1, DecisionRejectIncident, keys...), d(2, DecisionConfirmIncident, keys...)}, []Verdict{c, c, c}},
		{"a correction is no verdict: the incident's verdict applies",
			[]Decision{{ID: 1, Kind: DecisionCorrectClaim, Claims: keys[1:2], Correction: &Correction{Target: TargetMedical}, Reason: "why", Actor: "ana"},
				d(2, DecisionConfirmIncident, keys...)}, []Verdict{c, c, c}},
		{"reject a claim, undo it, then confirm the incident: confirmed",
			[]Decision{d(1, DecisionRejectClaim, keys[1]), d(2, DecisionUndo, keys[1]), d(3, DecisionConfirmIncident, keys...)}, []Verdict{c, c, c}},
		{"reject a claim, confirm the incident, undo the claim: undecided",
			[]Decision{d(1, DecisionRejectClaim, keys[1]), d(2, DecisionConfirmIncident, keys...), d(3, DecisionUndo, keys[1])}, []Verdict{c, none, c}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ApplyDecisions(claims, tc.ds)
			for i, want := range tc.want {
				var v Verdict
				if got[i].Review != nil {
					v = got[i].Review.Verdict
				}
				if v != want {
					t.Errorf("claim %d: verdict %q, want %q", i, v, want)
				}
			}
		})
	}
}

func TestDecisionValidate(t *testing.T) {
	k := KeyOf(incidentClaim("r-incident-10-0", "r", 10, 50, "Sumy"))
	k2 := KeyOf(incidentClaim("r2-incident-10-0", "r2", 10, 50, "Sumy"))
	ok := Decision{Kind: DecisionRejectClaim, Subject: "r-incident-10-0", Claims: []ClaimKey{k}, Reason: "misread", Actor: "ana"}
	for _, tc := range []struct {
		name   string
		change func(*Decision)
		valid  bool
	}{
		{"valid", func(*Decision) {}, true},
		{"no reason", func(d *Decision) { d.Reason = "  " }, false},
		{"no actor", func(d *Decision) { d.Actor = "" }, false},
		{"no claims", func(d *Decision) { d.Claims = nil }, false},
		{"unknown kind", func(d *Decision) { d.Kind = "delete" }, false},
		{"correction without fields", func(d *Decision) { d.Kind, d.Correction = DecisionCorrectClaim, &Correction{} }, false},
		{"correction of the target", func(d *Decision) { d.Kind, d.Correction = DecisionCorrectClaim, &Correction{Target: TargetMedical} }, true},
		{"bad perpetrator", func(d *Decision) { d.Kind, d.Correction = DecisionCorrectClaim, &Correction{Perpetrator: "XX1"} }, false},
		{"a rejection with a correction", func(d *Decision) { d.Correction = &Correction{Target: TargetMedical} }, false},
		{"a merge of two claims", func(d *Decision) { d.Kind, d.Claims = DecisionMergeIncidents, []ClaimKey{k, k2} }, true},
		{"a merge of one claim", func(d *Decision) { d.Kind = DecisionMergeIncidents }, false},
		{"a split in two", func(d *Decision) { d.Kind, d.Claims, d.Parts = DecisionSplitIncident, []ClaimKey{k, k2}, []int{0, 1} }, true},
		{"a split in one part", func(d *Decision) { d.Kind, d.Claims, d.Parts = DecisionSplitIncident, []ClaimKey{k, k2}, []int{1, 1} }, false},
		{"a split with a part missing", func(d *Decision) { d.Kind, d.Claims, d.Parts = DecisionSplitIncident, []ClaimKey{k, k2}, []int{0} }, false},
		{"a split with a negative part", func(d *Decision) { d.Kind, d.Claims, d.Parts = DecisionSplitIncident, []ClaimKey{k, k2}, []int{0, -1} }, false},
		{"a rejection with parts", func(d *Decision) { d.Parts = []int{0} }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := ok
			tc.change(&d)
			err := d.Validate()
			if (err == nil) != tc.valid || err != nil && !errors.Is(err, ErrInvalid) {
				t.Errorf("Validate() = %v, want valid %v", err, tc.valid)
			}
		})
	}
}

// TestApplyGrouping: a merge or split labels the claims it covers, the
// latest of them wins, verdicts leave the label alone, and an undo clears
// it.
func TestApplyGrouping(t *testing.T) {
	a := incidentClaim("r-incident-10-0", "r", 10, 50, "Sumy")
	b := incidentClaim("r-incident-60-1", "r", 60, 90, "Sumy")
	ka, kb := KeyOf(a), KeyOf(b)
	merge := func(id int64) Decision {
		return Decision{ID: id, Kind: DecisionMergeIncidents, Claims: []ClaimKey{ka, kb}, Reason: "one strike", Actor: "ana"}
	}
	split := func(id int64) Decision {
		return Decision{ID: id, Kind: DecisionSplitIncident, Claims: []ClaimKey{ka, kb}, Parts: []int{0, 1}, Reason: "two strikes", Actor: "ana"}
	}
	reject := Decision{ID: 5, Kind: DecisionRejectClaim, Claims: []ClaimKey{ka}, Reason: "misread", Actor: "ana"}
	undo := Decision{ID: 9, Kind: DecisionUndo, Claims: []ClaimKey{ka}, Reason: "oops", Actor: "ana"}
	for _, tc := range []struct {
		name                string
		ds                  []Decision
		mergeA, splitA      string
		mergeB, splitB      string
		verdictA, reasonOfA string
	}{
		{"merged", []Decision{merge(3)}, "m3", "", "m3", "", "", ""},
		{"split", []Decision{split(3)}, "", "s3.0", "", "s3.1", "", ""},
		{"split, then merged: the later wins", []Decision{merge(4), split(3)}, "m4", "", "m4", "", "", ""},
		{"merged, then split", []Decision{merge(3), split(4)}, "", "s4.0", "", "s4.1", "", ""},
		{"a rejection keeps the label, a merge the reason", []Decision{reject, merge(3), merge(6)}, "m6", "", "m6", "", "rejected", "misread"},
		{"undone", []Decision{merge(3), undo}, "", "", "m3", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ApplyDecisions([]Claim{a, b}, tc.ds)
			var verdict Verdict
			var reason string
			if r := got[0].Review; r != nil {
				verdict, reason = r.Verdict, r.Reason
			}
			if got[0].MergeLabel() != tc.mergeA || got[0].SplitLabel() != tc.splitA ||
				got[1].MergeLabel() != tc.mergeB || got[1].SplitLabel() != tc.splitB ||
				string(verdict) != tc.verdictA || reason != tc.reasonOfA {
				t.Errorf("a: merge %q split %q verdict %q reason %q; b: merge %q split %q", got[0].MergeLabel(), got[0].SplitLabel(),
					verdict, reason, got[1].MergeLabel(), got[1].SplitLabel())
			}
		})
	}
}

func TestSplitOf(t *testing.T) {
	claims := []Claim{incidentClaim("a", "r", 0, 10, "Sumy"), incidentClaim("b", "r", 20, 30, "Sumy"), incidentClaim("c", "r2", 0, 10, "Sumy")}
	for _, tc := range []struct {
		name  string
		apart []string
		parts []int // nil: an error
	}{
		{"one claim apart", []string{"b"}, []int{0, 1, 0}},
		{"two apart, named twice", []string{"c", "a", "c"}, []int{1, 0, 1}},
		{"none apart", nil, nil},
		{"every claim apart", []string{"a", "b", "c"}, nil},
		{"a claim of another incident", []string{"b", "z"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := SplitOf("inc-1", claims, tc.apart)
			switch {
			case tc.parts == nil && !errors.Is(err, ErrInvalid):
				t.Errorf("SplitOf = %v, %v; want an error", d.Parts, err)
			case tc.parts != nil && (err != nil || !slices.Equal(d.Parts, tc.parts) || len(d.Claims) != 3):
				t.Errorf("SplitOf = %v, %v; want %v", d.Parts, err, tc.parts)
			}
		})
	}
}
