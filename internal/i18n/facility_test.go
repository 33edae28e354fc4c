package i18n

import (
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/internal/extract"
)

// facilities are the target details the pages may show: every one the
// extractor records and every one a shipped agreement's reading lists.
func facilities(t *testing.T) []string {
	t.Helper()
	ds, err := extract.Details()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) < 50 {
		t.Fatalf("only %d details in the lexicons", len(ds))
	}
	ags, err := agreements.Known()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range ags {
		for _, r := range a.Readings {
			ds = append(ds, r.Scope.Details...)
		}
	}
	slices.Sort(ds)
	return slices.Compact(ds)
}

// TestFacilitiesNamed fails when a target detail has no facility.* message
// in a language: add it to messages/*/core.json (English as the lexicon
// writes it).
func TestFacilitiesNamed(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	known := facilities(t)
	for _, d := range known {
		for _, l := range Langs {
			if !c.Has(l, "facility."+d) {
				t.Errorf("%s: no message facility.%s", l, d)
			}
		}
		if en := c.Printer(English).T("facility." + d); en != d {
			t.Errorf("en: facility.%s is %q, want the detail as it is", d, en)
		}
		if uk, ru := c.Printer(Ukrainian).T("facility."+d), c.Printer(Russian).T("facility."+d); uk == d || ru == d {
			t.Errorf("facility.%s: uk %q, ru %q: not translated", d, uk, ru)
		}
	}
	for _, k := range c.Keys(English) {
		if d, ok := strings.CutPrefix(k, "facility."); ok && !slices.Contains(known, d) {
			t.Errorf("facility.%s: no lexicon or agreement names this detail (a stale message?)", d)
		}
	}
}

// TestFacilityInLanguage: a facility is written in the reader's language on
// its own and in an assessment's reason, also in a reason stored with the
// facility as text; a detail no catalogue has shows as stored.
func TestFacilityInLanguage(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	uk := c.Printer(Ukrainian)
	if got := uk.Vocab("facility.", "hospital"); got != "лікарня" {
		t.Errorf("uk hospital: %q", got)
	}
	if got := uk.Vocab("facility.", "sawmill"); got != "sawmill" {
		t.Errorf("a detail no catalogue has: %q, want it as stored", got)
	}
	for _, kind := range []trucewatch.WhyArgKind{trucewatch.WhyFacility, trucewatch.WhyText} {
		a := trucewatch.Assessment{Why: []trucewatch.Why{{Code: trucewatch.WhyFacilityCovered,
			Args: []trucewatch.WhyArg{{Kind: trucewatch.WhyTarget, Value: "energy"}, {Kind: kind, Value: "oil refinery"}}}}}
		for _, l := range []Lang{German, Ukrainian, Russian} {
			p := c.Printer(l)
			got := p.Reason(a)
			if strings.Contains(got, "oil refinery") || !strings.Contains(got, p.T("facility.oil refinery")) {
				t.Errorf("%s, %s: %q", l, kind, got)
			}
		}
	}
}
