package agreements

import (
	"errors"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
)

func TestKnown(t *testing.T) {
	as, err := Known()
	if err != nil {
		t.Fatalf("Known: %v", err)
	}
	ids := map[string]trucewatch.Agreement{}
	for _, a := range as {
		ids[a.ID] = a
	}
	for _, id := range []string{"energy-moratorium-2025-03", "full-ceasefire-proposal-2025-03", "ihl-medical-facilities"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("agreement %s is not shipped", id)
		}
	}
	m := ids["energy-moratorium-2025-03"]
	if len(m.Readings) != 3 || m.Effective.From.Format("2006-01-02") != "2025-03-18" || !m.Reciprocal {
		t.Errorf("energy moratorium terms: %+v", m)
	}
	if !ids["ihl-medical-facilities"].Norm || ids["full-ceasefire-proposal-2025-03"].Status != trucewatch.AgreementRejected {
		t.Error("norm or rejected status lost")
	}
}

func TestRoundTrip(t *testing.T) {
	as, err := Known()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		b, err := Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(a.ID, b)
		if err != nil {
			t.Fatalf("%s: Parse(Marshal) = %v", a.ID, err)
		}
		b2, _ := Marshal(back)
		if string(b) != string(b2) {
			t.Errorf("%s: round trip changed the file", a.ID)
		}
	}
}

func TestParseErrors(t *testing.T) {
	valid := `{"format": "trucewatch.agreement.v1", "id": "x", "version": 1, "title": "X",
	"parties": ["RU", "UA"], "status": "agreed", "reciprocal": true,
	"effective": {"from": "2025-03-18T00:00:00+03:00"},
	"readings": [{"id": "r", "label": "R", "held_by": ["RU"], "scope": {"targets": ["energy"]}}]}`
	if _, err := Parse("valid.json", []byte(valid)); err != nil {
		t.Fatalf("valid file: %v", err)
	}
	tests := []struct{ name, in, want string }{
		{"syntax", `{"format": "trucewatch.agreement.v1",` + "\n" + `"id": }`, "line 2, column 7"},
		{"unknown field", strings.Replace(valid, `"title"`, `"titel"`, 1), `unknown field "titel"`},
		{"format", strings.Replace(valid, `agreement.v1`, `agreement.v9`, 1), `format "trucewatch.agreement.v9"`},
		{"bad target", strings.Replace(valid, `["energy"]`, `["power"]`, 1), `target "power"`},
		{"bad status", strings.Replace(valid, `"agreed"`, `"signed"`, 1), `status "signed"`},
		{"bad party", strings.Replace(valid, `["RU", "UA"]`, `["Russia", "UA"]`, 1), `party "Russia"`},
		{"window backwards", strings.Replace(valid, `"from": "2025-03-18T00:00:00+03:00"`, `"from": "2025-03-18T00:00:00+03:00", "to": "2025-03-01T00:00:00Z"`, 1), "is not before"},
		{"no readings", strings.Replace(valid, `"readings": [{"id": "r", "label": "R", "held_by": ["RU"], "scope": {"targets": ["energy"]}}]`, `"readings": []`, 1), "readings: none"},
		{"empty scope", strings.Replace(valid, `{"targets": ["energy"]}`, `{}`, 1), "scope names no targets"},
		{"bad zone", strings.Replace(valid, `"from": "2025-03-18T00:00:00+03:00"`, `"from": "2025-03-18T00:00:00+03:00", "time_zone": "Mars/Olympus"`, 1), "time_zone"},
		{"two values", valid + valid, "more than one JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.json", []byte(tt.in))
			if err == nil || !errors.Is(err, trucewatch.ErrInvalid) || !strings.HasPrefix(err.Error(), "bad.json: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v; want ErrInvalid naming bad.json and %q", err, tt.want)
			}
		})
	}
}
