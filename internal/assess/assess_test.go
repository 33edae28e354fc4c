package assess

import (
	"fmt"
	"slices"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
)

func place(id string, country trucewatch.Party) trucewatch.Place {
	return trucewatch.Place{ID: id, Name: id, Country: country, Precision: "settlement"}
}

type said struct {
	claimant trucewatch.Claimant
	perp     trucewatch.Party
	denial   bool
	origin   trucewatch.Origin
}

func official(p trucewatch.Party) trucewatch.Origin {
	return trucewatch.Origin{Outlet: "officials of " + string(p), Affiliation: "official", Party: p}
}

var independent = trucewatch.Origin{Outlet: "Meduza", Affiliation: "independent"}

func evidence(id string, p trucewatch.Place, day int, target trucewatch.Target, detail string, claims ...said) Evidence {
	d := trucewatch.Date{Year: 2025, Month: 3, Day: day}
	ev := Evidence{Incident: trucewatch.Incident{ID: id, From: d, To: d, Place: p, Target: target, TargetDetail: detail}}
	for i, s := range claims {
		ev.Claims = append(ev.Claims, trucewatch.Claim{ID: fmt.Sprint(id, i), Incident: &trucewatch.IncidentClaim{
			Date: d, Place: p, Target: target, TargetDetail: detail, Claimant: s.claimant, Perpetrator: s.perp, Denial: s.denial}})
		ev.Origins = append(ev.Origins, s.origin)
		if !s.denial && s.perp != "unknown" && !slices.Contains(ev.Incident.Accused, s.perp) {
			ev.Incident.Accused = append(ev.Incident.Accused, s.perp)
		}
	}
	slices.Sort(ev.Incident.Accused)
	return ev
}

// scenario is a week of the energy moratorium, seen from both sides.
func scenario() []Evidence {
	return []Evidence{
		evidence("sumy-hospital", place("sumy", "UA"), 19, "medical", "hospital",
			said{"UA", "RU", false, official("UA")}, said{"media", "RU", false, independent}),
		evidence("krasnopillia-hospital", place("krasnopillia", "UA"), 19, "medical", "hospital",
			said{"UA", "RU", false, official("UA")}, said{"RU", "RU", true, official("RU")}),
		evidence("sudzha", place("sudzha", "RU"), 21, "energy", "gas metering station",
			said{"RU", "UA", false, official("RU")}, said{"UA", "RU", false, official("UA")}),
		evidence("kropotkinskaya", place("kavkazskaya", "RU"), 19, "energy", "oil pumping station",
			said{"RU", "UA", false, official("RU")}),
		evidence("kherson-chp", place("kherson", "UA"), 17, "energy", "combined heat and power plant",
			said{"UA", "RU", false, official("UA")}),
		evidence("pavlohrad-rail", place("pavlohrad", "UA"), 19, "transport", "railway traction substation",
			said{"UA", "RU", false, official("UA")}),
		evidence("engels", place("engels", "RU"), 20, "military", "airfield",
			said{"UA", "UA", false, official("UA")}, said{"RU", "UA", false, official("RU")}),
	}
}

func known(t *testing.T) []trucewatch.Agreement {
	as, err := agreements.Known()
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func TestAssess(t *testing.T) {
	got := map[string]string{}
	for _, a := range Assess(scenario(), known(t)) {
		v := "out"
		if a.InScope {
			v = string(a.Status)
		}
		got[a.IncidentID+" "+a.ReadingID+" "+string(a.Accused)] = v
	}
	want := map[string]string{
		"sumy-hospital geneva-conventions RU":                     "corroborated",
		"sumy-hospital kremlin-list RU":                           "out",
		"krasnopillia-hospital geneva-conventions RU":             "disputed",
		"sudzha kremlin-list RU":                                  "disputed",
		"sudzha kremlin-list UA":                                  "disputed",
		"sudzha kyiv-from-publication UA":                         "out",
		"kropotkinskaya kremlin-list UA":                          "alleged",
		"kropotkinskaya white-house-energy-and-infrastructure UA": "alleged",
		"kropotkinskaya kyiv-from-publication UA":                 "out",
		"kherson-chp kremlin-list RU":                             "out",
		"kherson-chp white-house-energy-and-infrastructure RU":    "out",
		"pavlohrad-rail kremlin-list RU":                          "out",
		"pavlohrad-rail white-house-energy-and-infrastructure RU": "alleged",
		"engels white-house-energy-and-infrastructure UA":         "out",
		"engels geneva-conventions UA":                            "out",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	for k := range got {
		if slices.Contains([]string{"full-ceasefire-proposal-2025-03"}, k) {
			t.Errorf("a rejected proposal was assessed: %s", k)
		}
	}
}

func TestEngelsAdmittedIsCorroborated(t *testing.T) {
	// A reading that covers military targets: an admission by the accused
	// corroborates the accusation.
	a := trucewatch.Agreement{ID: "all", Version: 1, Title: "all", Parties: []trucewatch.Party{"RU", "UA"}, Status: "agreed",
		Effective: known(t)[0].Effective, Readings: []trucewatch.Reading{{ID: "all", Scope: trucewatch.Scope{All: true}}}}
	for _, as := range Assess(scenario()[6:], []trucewatch.Agreement{a}) {
		if !as.InScope || as.Status != trucewatch.StatusCorroborated {
			t.Errorf("Engels: %+v", as)
		}
	}
}

// mirror swaps Russia and Ukraine everywhere in the evidence.
func mirror(evs []Evidence) []Evidence {
	swap := func(p trucewatch.Party) trucewatch.Party {
		switch p {
		case "RU":
			return "UA"
		case "UA":
			return "RU"
		}
		return p
	}
	var out []Evidence
	for _, ev := range evs {
		m := Evidence{Incident: ev.Incident}
		m.Incident.Place.Country = swap(m.Incident.Place.Country)
		m.Incident.Accused = nil
		for _, p := range ev.Incident.Accused {
			m.Incident.Accused = append(m.Incident.Accused, swap(p))
		}
		slices.Sort(m.Incident.Accused)
		for i, c := range ev.Claims {
			inc := *c.Incident
			inc.Perpetrator = swap(inc.Perpetrator)
			if p, ok := inc.Claimant.Party(); ok {
				inc.Claimant = trucewatch.Claimant(swap(p))
			}
			c.Incident = &inc
			m.Claims = append(m.Claims, c)
			o := ev.Origins[i]
			o.Party = swap(o.Party)
			m.Origins = append(m.Origins, o)
		}
		out = append(out, m)
	}
	return out
}

// TestSymmetry swaps the parties in the scenario and expects every
// assessment mirrored: the same scope and status, the other party accused.
func TestSymmetry(t *testing.T) {
	ags := known(t)
	orig := Assess(scenario(), ags)
	mirrored := Assess(mirror(scenario()), ags)
	key := func(a trucewatch.Assessment, accused trucewatch.Party) string {
		return fmt.Sprintf("%s %s %s %s in=%v %s", a.IncidentID, a.AgreementID, a.ReadingID, accused, a.InScope, a.Status)
	}
	want := map[string]bool{}
	for _, a := range orig {
		other := trucewatch.Party("RU")
		if a.Accused == "RU" {
			other = "UA"
		}
		want[key(a, other)] = true
	}
	if len(mirrored) != len(orig) {
		t.Fatalf("%d assessments mirrored, %d original", len(mirrored), len(orig))
	}
	for _, a := range mirrored {
		if !want[key(a, a.Accused)] {
			t.Errorf("not mirrored: %s", key(a, a.Accused))
		}
	}
}

func TestTimeline(t *testing.T) {
	days := Timeline(Assess(scenario(), known(t)))
	found := false
	for _, d := range days {
		if d.AgreementID == "energy-moratorium-2025-03" && d.ReadingID == "kremlin-list" && d.Party == "UA" && d.Day.Day == 21 {
			found = d.Counts[trucewatch.StatusDisputed] == 1
		}
	}
	if !found {
		t.Errorf("no disputed UA day on 21 March under the Kremlin's reading: %+v", days)
	}
}
