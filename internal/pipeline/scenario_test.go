package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/provenance"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

const scenarioDir = "../../testdata/scenario"

// scenarioGold is testdata/scenario/scenario.gold.json: the incidents of the
// correlation scenario, the reports that claim each, and the expected
// assessments.
type scenarioGold struct {
	Incidents []struct {
		ID          string   `json:"id"`
		Place       string   `json:"place"`
		Date        string   `json:"date"`
		Target      string   `json:"target"`
		Reports     []string `json:"reports"`
		Assessments []struct {
			Agreement string  `json:"agreement"`
			Reading   string  `json:"reading"`
			Accused   string  `json:"accused"`
			InScope   bool    `json:"in_scope"`
			Status    *string `json:"status"`
		} `json:"assessments"`
	} `json:"incidents"`
}

// TestScenario runs the whole record on the correlation scenario (32
// reports in four languages with wire copies, citations, denials and
// competing claims): extraction, grouping, provenance and assessment. It
// checks grouping by pairwise precision and recall (≥ 0.9) and every
// expected assessment.
func TestScenario(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(scenarioDir, "scenario.gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold scenarioGold
	if err := json.Unmarshal(b, &gold); err != nil {
		t.Fatal(err)
	}
	x, reg := tools(t)
	g, err := geo.Default()
	if err != nil {
		t.Fatal(err)
	}
	if reg, err = provenance.Load(filepath.Join(scenarioDir, "sources.tsv"), reg); err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(scenarioDir, "*.txt"))
	var reports []trucewatch.Report
	var claims []trucewatch.Claim
	fileOf := map[string]string{}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		r, err := reportfile.Parse(p, raw)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
		fileOf[r.ID] = filepath.Base(p)
		for _, c := range x.Claims(r) {
			c.ReportID = r.ID
			claims = append(claims, c)
		}
	}
	known, err := agreements.Known()
	if err != nil {
		t.Fatal(err)
	}
	res := Run(reports, claims, known, reg)

	// The gold incident of each incident claim: the one whose reports
	// include the claim's report and whose place, day and target the claim
	// agrees with.
	goldOf := map[string]string{}
	for _, c := range claims {
		if c.Incident == nil || c.Incident.Date.IsZero() {
			continue
		}
		goldOf[c.ID] = "unmatched:" + c.ID
		for _, gi := range gold.Incidents {
			if slices.Contains(gi.Reports, fileOf[c.ReportID]) && gi.Target == string(c.Incident.Target) &&
				closeDay(gi.Date, c.Incident.Date) && samePlace(g, gi.Place, c.Incident.Place) {
				goldOf[c.ID] = gi.ID
				break
			}
		}
	}
	predOf := map[string]string{}
	for _, ev := range res.Evidence {
		for _, id := range ev.Incident.ClaimIDs {
			predOf[id] = ev.Incident.ID
		}
	}
	var ids []string
	for id := range goldOf {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	both, pred, gld := 0, 0, 0
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			sp, sg := predOf[a] == predOf[b], goldOf[a] == goldOf[b]
			if sp {
				pred++
			}
			if sg {
				gld++
			}
			if sp && sg {
				both++
			}
		}
	}
	p, r := ratio(both, pred), ratio(both, gld)
	unmatched := 0
	for _, v := range goldOf {
		if strings.HasPrefix(v, "unmatched:") {
			unmatched++
		}
	}
	t.Logf("scenario grouping: pairwise P=%.3f R=%.3f over %d incident claims (%d match no gold incident); %d incidents found, %d in gold",
		p, r, len(ids), unmatched, len(res.Evidence), len(gold.Incidents))
	if p < 0.9 || r < 0.9 {
		t.Errorf("grouping below 0.9: P=%.3f R=%.3f", p, r)
	}

	// Assessments: each gold incident is the found incident holding most of
	// its claims.
	assessed := map[string][]trucewatch.Assessment{}
	for _, a := range res.Assessments {
		assessed[a.IncidentID] = append(assessed[a.IncidentID], a)
	}
	right, total := 0, 0
	for _, gi := range gold.Incidents {
		votes := map[string]int{}
		for id, gid := range goldOf {
			if gid == gi.ID {
				votes[predOf[id]]++
			}
		}
		best := ""
		for id, n := range votes {
			if best == "" || n > votes[best] || n == votes[best] && id < best {
				best = id
			}
		}
		for _, want := range gi.Assessments {
			total++
			i := slices.IndexFunc(assessed[best], func(a trucewatch.Assessment) bool {
				return a.AgreementID == want.Agreement && a.ReadingID == want.Reading && string(a.Accused) == want.Accused
			})
			got := "no assessment"
			if i >= 0 {
				a := assessed[best][i]
				got = fmt.Sprintf("in_scope=%v %s", a.InScope, a.Status)
			}
			w := fmt.Sprintf("in_scope=%v ", want.InScope)
			if want.Status != nil {
				w += *want.Status
			}
			if got == w {
				right++
			} else {
				t.Errorf("incident %s, %s/%s, %s accused: got %s, want %s", gi.ID, want.Agreement, want.Reading, want.Accused, got, w)
			}
		}
	}
	t.Logf("scenario assessments: %d of %d as expected", right, total)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func closeDay(gold string, d trucewatch.Date) bool {
	g, err := trucewatch.ParseDate(gold)
	if err != nil {
		return false
	}
	n := g.Sub(d)
	return n >= -1 && n <= 1
}

// samePlace: the same entry, places within 25 km, or a place in the gold's unit.
func samePlace(g *geo.Gazetteer, goldID string, p trucewatch.Place) bool {
	if goldID == p.ID {
		return true
	}
	gp, ok := g.Place(goldID)
	if !ok {
		return false
	}
	if gp.Precision == trucewatch.PlaceAdmin1 || p.Precision == trucewatch.PlaceAdmin1 {
		return gp.Admin1 != "" && gp.Admin1 == p.Admin1
	}
	if gp.HasPoint() && p.HasPoint() {
		return gp.DistanceKm(p) <= 25
	}
	return false
}
