package trucewatch

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestVocabularies(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string) error
		good  []string
		bad   []string
	}{
		{"target", func(s string) error { _, err := ParseTarget(s); return err },
			[]string{"energy", "medical", "unknown", " port "}, []string{"Energy", "power", ""}},
		{"weapon", func(s string) error { _, err := ParseWeapon(s); return err },
			[]string{"drone", "glide_bomb"}, []string{"shahed", "glide bomb"}},
		{"consequence", func(s string) error { _, err := ParseConsequence(s); return err },
			[]string{"power_outage", "fire"}, []string{"blackout"}},
		{"date_precision", func(s string) error { _, err := ParseDatePrecision(s); return err },
			[]string{"day", "week", "month"}, []string{"year"}},
		{"place_precision", func(s string) error { _, err := ParsePlacePrecision(s); return err },
			[]string{"settlement", "admin1", "region", "country"}, []string{"city"}},
		{"agreement status", func(s string) error { _, err := ParseAgreementStatus(s); return err },
			[]string{"proposed", "agreed", "rejected", "declared"}, []string{"signed"}},
		{"assessment status", func(s string) error { _, err := ParseAssessmentStatus(s); return err },
			[]string{"alleged", "corroborated", "disputed", "confirmed", "rejected"}, []string{"proven"}},
		{"affiliation", func(s string) error { _, err := ParseAffiliation(s); return err },
			[]string{"state_media", "wire"}, []string{"state media"}},
		{"domain", func(s string) error { _, err := ParseDomain(s); return err },
			[]string{"land", "air", "sea"}, []string{"space"}},
		{"claim kind", func(s string) error { _, err := ParseClaimKind(s); return err },
			[]string{"incident", "exchange", "agreement"}, []string{"statement"}},
		{"party", func(s string) error { _, err := ParseParty(s); return err },
			[]string{"RU", "ua", "unknown"}, []string{"Russia", "R", "R1", ""}},
		{"claimant", func(s string) error { _, err := ParseClaimant(s); return err },
			[]string{"media", "other", "UA", "us"}, []string{"unknown", "press", ""}},
	}
	for _, tt := range tests {
		for _, s := range tt.good {
			if err := tt.parse(s); err != nil {
				t.Errorf("%s %q: %v", tt.name, s, err)
			}
		}
		for _, s := range tt.bad {
			err := tt.parse(s)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%s %q: error %v, want ErrInvalid", tt.name, s, err)
			}
		}
	}
}

func TestVocabularyJSON(t *testing.T) {
	var v struct {
		Target Target        `json:"target"`
		Cons   []Consequence `json:"consequences"`
		Party  Party         `json:"party"`
	}
	if err := json.Unmarshal([]byte(`{"target": "energy", "consequences": ["fire"], "party": "ua"}`), &v); err != nil || v.Party != "UA" {
		t.Fatalf("good JSON: %v, %+v", err, v)
	}
	err := json.Unmarshal([]byte(`{"target": "power plant"}`), &v)
	if err == nil || !strings.Contains(err.Error(), `target "power plant": want one of energy, medical`) {
		t.Errorf("bad target: %v", err)
	}
	// An undated claim round-trips: it has no precision, and a wrong one
	// is still refused.
	var i IncidentClaim
	if err := json.Unmarshal([]byte(`{"Date": "", "DatePrecision": ""}`), &i); err != nil || i.DatePrecision != "" {
		t.Errorf("undated claim: %v, %q", err, i.DatePrecision)
	}
	if err := json.Unmarshal([]byte(`{"DatePrecision": "year"}`), &i); err == nil {
		t.Error("precision \"year\" accepted")
	}
}

func TestClaimantParty(t *testing.T) {
	if p, ok := ClaimantParty(PartyRU).Party(); !ok || p != PartyRU {
		t.Errorf("ClaimantParty(RU).Party() = %q, %v", p, ok)
	}
	for _, c := range []Claimant{ClaimantMedia, ClaimantOther} {
		if _, ok := c.Party(); ok {
			t.Errorf("%s has a party", c)
		}
	}
}

func TestDates(t *testing.T) {
	d, err := ParseDate("2025-03-19")
	if err != nil || d.String() != "2025-03-19" || d.AddDays(13).String() != "2025-04-01" || d.AddDays(13).Sub(d) != 13 {
		t.Fatalf("ParseDate: %v %v", d, err)
	}
	if _, err := ParseDate("19.03.2025"); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseDate(19.03.2025) = %v", err)
	}
	var z Date
	if b, _ := json.Marshal(struct{ D Date }{z}); string(b) != `{"D":""}` {
		t.Errorf("zero date JSON = %s", b)
	}
	tests := []struct {
		in, day  string
		dateOnly bool
	}{
		{"2025-03-19", "2025-03-19", true},
		{"2025-03-19T23:30:00-05:00", "2025-03-19", false}, // 04:30 UTC on the 20th; the report's own day wins
		{"2025-03-19T06:00:00Z", "2025-03-19", false},
	}
	for _, tt := range tests {
		p, err := ParsePublished(tt.in)
		if err != nil || p.Date().String() != tt.day || p.DateOnly != tt.dateOnly || p.String() != tt.in {
			t.Errorf("ParsePublished(%q) = %+v (%s), %v", tt.in, p, p.Date(), err)
		}
	}
	for _, bad := range []string{"gestern", "2025-03-19 06:00", "2025-13-01", "19 March 2025"} {
		if _, err := ParsePublished(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParsePublished(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestClaimValidate(t *testing.T) {
	good := Claim{ID: "c", ReportID: "r", Kind: ClaimIncident, Sentence: Span{0, 10}, Incident: &IncidentClaim{
		Target: TargetEnergy, Weapon: WeaponDrone, Perpetrator: PartyUA, Claimant: ClaimantParty(PartyRU)}}
	if err := good.Validate(); err != nil {
		t.Fatalf("good claim: %v", err)
	}
	n := -3
	tests := []struct {
		name   string
		change func(*Claim)
		want   string
	}{
		{"no body", func(c *Claim) { c.Incident = nil }, "0 bodies set"},
		{"two bodies", func(c *Claim) { c.Exchange = &ExchangeClaim{} }, "2 bodies set"},
		{"kind mismatch", func(c *Claim) { c.Kind = ClaimExchange }, "kind exchange without its body"},
		{"bad span", func(c *Claim) { c.Sentence = Span{5, 2} }, "sentence span"},
		{"bad target", func(c *Claim) { c.Incident.Target = "power" }, `target "power"`},
		{"bad claimant", func(c *Claim) { c.Incident.Claimant = "press" }, `claimant "press"`},
		{"negative count", func(c *Claim) { c.Incident.Killed = &n }, "negative count -3"},
		{"bad consequence", func(c *Claim) { c.Incident.Consequences = []Consequence{"chaos"} }, `consequence "chaos"`},
	}
	for _, tt := range tests {
		c := good
		inc := *good.Incident
		c.Incident = &inc
		tt.change(&c)
		err := c.Validate()
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want ErrInvalid mentioning %q", tt.name, err, tt.want)
		}
	}
}

func TestSpanIn(t *testing.T) {
	text := "Вночі. Second."
	if got := (Span{0, len("Вночі.")}).In(text); got != "Вночі." {
		t.Errorf("In = %q", got)
	}
	if got := (Span{3, 100}).In(text); got != "" {
		t.Errorf("out-of-range span = %q", got)
	}
}

func TestWindow(t *testing.T) {
	from := time.Date(2025, 3, 18, 0, 0, 0, 0, time.FixedZone("MSK", 3*3600))
	w := Window{From: from, To: from.AddDate(0, 0, 30)}
	tests := []struct {
		t    time.Time
		want bool
	}{
		{from.Add(-time.Second), false},
		{from, true},
		{from.AddDate(0, 0, 30).Add(-time.Second), true},
		{from.AddDate(0, 0, 30), false},
	}
	for _, tt := range tests {
		if got := w.Contains(tt.t); got != tt.want {
			t.Errorf("Contains(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
	if !(Window{From: from}).Contains(from.AddDate(10, 0, 0)) {
		t.Error("open-ended window ends")
	}
}
