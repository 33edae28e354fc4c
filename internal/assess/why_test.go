package assess

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// whyAgreements are two agreements whose readings between them give every
// reason for being in or out of scope.
func whyAgreements() []trucewatch.Agreement {
	window := trucewatch.Window{From: time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 4, 17, 0, 0, 0, 0, time.UTC)}
	open := trucewatch.Window{From: window.From}
	return []trucewatch.Agreement{
		{ID: "test-truce", Version: 1, Title: "test", Parties: []trucewatch.Party{"RU", "UA"}, Status: "agreed", Effective: window,
			Readings: []trucewatch.Reading{
				{ID: "all", Scope: trucewatch.Scope{All: true}},
				{ID: "open-ended", Scope: trucewatch.Scope{All: true}, Effective: &open},
				{ID: "energy", Scope: trucewatch.Scope{Targets: []trucewatch.Target{"energy", "transport"}}},
				{ID: "refineries", Scope: trucewatch.Scope{Targets: []trucewatch.Target{"energy"}, Details: []string{"oil refinery"}}},
			}},
		{ID: "declared-by-ru", Version: 1, Title: "test", Parties: []trucewatch.Party{"RU"}, Status: "declared", Effective: window,
			Readings: []trucewatch.Reading{{ID: "all", Scope: trucewatch.Scope{All: true}}}},
	}
}

// whyEvidence holds incidents that between them take every status, on
// days before, inside and after the window.
func whyEvidence() []Evidence {
	dated := func(ev Evidence, month time.Month, day int) Evidence {
		d := trucewatch.Date{Year: 2025, Month: month, Day: day}
		ev.Incident.From, ev.Incident.To = d, d
		return ev
	}
	confirmed := evidence("confirmed", place("kherson", "UA"), 20, "energy", "",
		said{"UA", "RU", false, official("UA")})
	confirmed.Claims[0].Review = &trucewatch.ClaimReview{Verdict: trucewatch.VerdictConfirmed, Actor: "ana",
		At: time.Date(2025, 3, 25, 9, 0, 0, 0, time.UTC), Reason: "seen on footage"}
	return []Evidence{
		confirmed,
		evidence("disputed", place("sudzha", "RU"), 21, "energy", "gas metering station",
			said{"RU", "UA", false, official("RU")}, said{"UA", "RU", false, official("UA")}),
		evidence("unaligned", place("sumy", "UA"), 19, "medical", "hospital",
			said{"UA", "RU", false, official("UA")}, said{"media", "RU", false, independent}),
		evidence("admitted", place("engels", "RU"), 20, "military", "airfield",
			said{"UA", "UA", false, official("UA")}),
		evidence("both-sides", place("kupiansk", "UA"), 22, "transport", "",
			said{"UA", "RU", false, official("UA")}, said{"US", "RU", false, official("US")}),
		evidence("alleged", place("kavkazskaya", "RU"), 19, "energy", "oil pumping station",
			said{"RU", "UA", false, official("RU")}),
		dated(evidence("before", place("kherson", "UA"), 1, "energy", "", said{"UA", "RU", false, official("UA")}), 3, 10),
		dated(evidence("after", place("kherson", "UA"), 1, "energy", "", said{"UA", "RU", false, official("UA")}), 4, 20),
	}
}

// TestWhyCodes checks that assessments give their reasons as messages,
// that between them the evidence gives every code there is, and that
// every reason reads whole in every language.
func TestWhyCodes(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	as := Assess(whyEvidence(), whyAgreements())
	seen := map[string]bool{}
	for _, a := range as {
		if len(a.Why) == 0 {
			t.Errorf("%s %s/%s %s: no reason", a.IncidentID, a.AgreementID, a.ReadingID, a.Accused)
		}
		if a.InScope != (len(a.Why) == 3) {
			t.Errorf("%s %s/%s %s: %d steps, want 3 in scope (what, when, status) and 1 out: %+v", a.IncidentID, a.AgreementID, a.ReadingID, a.Accused, len(a.Why), a.Why)
		}
		for _, w := range a.Why {
			seen[w.Code] = true
			if !slices.Contains(trucewatch.WhyCodes, w.Code) {
				t.Errorf("code %q is not in trucewatch.WhyCodes", w.Code)
			}
		}
		for _, l := range i18n.Langs {
			s := cat.Printer(l).Reason(a)
			if strings.Contains(s, "%!") || strings.Contains(s, "why.") || strings.Contains(s, "%[") {
				t.Errorf("%s: %s %s/%s: %q", l, a.IncidentID, a.ReadingID, a.Accused, s)
			}
		}
	}
	for _, c := range trucewatch.WhyCodes {
		if !seen[c] {
			t.Errorf("no assessment gave %s; extend the evidence", c)
		}
	}
}

// TestReasonInLanguages checks one reason word for word in each language:
// the party, target class, facility and days written for the reader, the
// outlet as it is.
func TestReasonInLanguages(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var alleged trucewatch.Assessment
	for _, a := range Assess(whyEvidence(), whyAgreements()) {
		if a.IncidentID == "alleged" && a.ReadingID == "energy" {
			alleged = a
		}
	}
	want := map[i18n.Lang]string{
		i18n.English:   "the facility oil pumping station (energy) is covered; 19 Mar 2025 is within 18 Mar 2025 – 17 Apr 2025; only the accusing side says so (officials of Russia)",
		i18n.German:    "die Anlage Ölpumpstation (Energie) ist erfasst; 19.03.2025 liegt im Zeitraum 18.03.2025 – 17.04.2025; nur die beschuldigende Seite sagt es (offizielle Stellen: Russland)",
		i18n.Ukrainian: "об'єкт «нафтоперекачувальна станція» (енергетика) охоплено; 19.03.2025 — у межах 18.03.2025 – 17.04.2025; про це каже лише сторона, що звинувачує (офіційні особи: Росія)",
		i18n.Russian:   "объект «нефтеперекачивающая станция» (энергетика) охвачен; 19.03.2025 — в пределах 18.03.2025 – 17.04.2025; об этом говорит только обвиняющая сторона (официальные лица: Россия)",
	}
	for l, w := range want {
		if got := cat.Printer(l).Reason(alleged); got != w {
			t.Errorf("%s:\n got %q\nwant %q", l, got, w)
		}
	}
	// An assessment stored before reasons were messages keeps its words.
	old := trucewatch.Assessment{Reason: "only the accusing side says so (X)"}
	if got := cat.Printer(i18n.German).Reason(old); got != old.Reason {
		t.Errorf("an old reason became %q", got)
	}
}

// TestWhyNamesMirrored checks that reasons name no party of their own:
// swapping the parties swaps them in the messages' values.
func TestWhyNamesMirrored(t *testing.T) {
	ags := known(t)
	key := func(a trucewatch.Assessment) string { return a.IncidentID + " " + a.AgreementID + " " + a.ReadingID }
	orig := map[string][]trucewatch.Why{}
	for _, a := range Assess(scenario(), ags) {
		orig[key(a)+" "+string(a.Accused)] = a.Why
	}
	swap := map[string]string{"RU": "UA", "UA": "RU"}
	for _, a := range Assess(mirror(scenario()), ags) {
		want := orig[key(a)+" "+swap[string(a.Accused)]]
		if len(want) != len(a.Why) {
			t.Errorf("%s: %v, mirrored %v", key(a), want, a.Why)
			continue
		}
		for i, w := range a.Why {
			if w.Code != want[i].Code {
				t.Errorf("%s: %s, mirrored %s", key(a), want[i].Code, w.Code)
			}
			for j, x := range w.Args {
				if x.Kind == trucewatch.WhyParty && x.Value != swap[want[i].Args[j].Value] {
					t.Errorf("%s: party %s, mirrored %s", key(a), want[i].Args[j].Value, x.Value)
				}
			}
		}
	}
}
