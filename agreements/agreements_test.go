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
	"readings": [{"id": "r", "label": "R", "held_by": ["RU"], "scope": {"targets": ["energy"]}, "source": [{"title": "S"}]}],
	"conditions": ["C1", "C2"], "references": [{"title": "Ref"}],
	"translations": {"de": {"title": "X auf Deutsch", "labels": {"r": "R auf Deutsch"}, "conditions": ["B1", "B2"], "sources": {"r": ["Q"]}, "references": ["Ref"]}}}`
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
		{"no readings", strings.Replace(valid, `"readings": [{"id": "r", "label": "R", "held_by": ["RU"], "scope": {"targets": ["energy"]}, "source": [{"title": "S"}]}]`, `"readings": []`, 1), "readings: none"},
		{"empty scope", strings.Replace(valid, `{"targets": ["energy"]}`, `{}`, 1), "scope names no targets"},
		{"bad zone", strings.Replace(valid, `"from": "2025-03-18T00:00:00+03:00"`, `"from": "2025-03-18T00:00:00+03:00", "time_zone": "Mars/Olympus"`, 1), "time_zone"},
		{"two values", valid + valid, "more than one JSON value"},
		{"translation language", strings.Replace(valid, `"de": {`, `"fr": {`, 1), `translations.fr: unknown language "fr"`},
		{"translation en", strings.Replace(valid, `"de": {`, `"en": {`, 1), `translations.en: unknown language "en"`},
		{"translation reading", strings.Replace(valid, `"labels": {"r":`, `"labels": {"q":`, 1), `translations.de.labels: unknown reading "q"`},
		{"translation conditions", strings.Replace(valid, `["B1", "B2"]`, `["B1"]`, 1), "translations.de.conditions: 1, want 2"},
		{"translation sources reading", strings.Replace(valid, `"sources": {"r":`, `"sources": {"q":`, 1), `translations.de.sources: unknown reading "q"`},
		{"translation sources count", strings.Replace(valid, `["Q"]`, `["Q", "Q2"]`, 1), "translations.de.sources.r: 2 titles, want 1"},
		{"translation references", strings.Replace(valid, `"references": ["Ref"]`, `"references": []`, 1), "translations.de.references: 0, want 1"},
		{"translation field", strings.Replace(valid, `"labels": {"r"`, `"lables": {"r"`, 1), `unknown field "lables"`},
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

// TestTranslationsComplete checks that every shipped agreement gives each
// of its texts in every language of the pages.
func TestTranslationsComplete(t *testing.T) {
	as, err := Known()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Version < 2 {
			t.Errorf("%s: version %d; translations came with version 2", a.ID, a.Version)
		}
		for _, lang := range trucewatch.TranslationLanguages {
			if miss := a.Missing(lang); len(miss) > 0 {
				t.Errorf("%s: translation %s lacks %s", a.ID, lang, strings.Join(miss, ", "))
			}
			txt := a.Text(lang)
			if txt.Title.Text == a.Title || txt.Labels[a.Readings[0].ID].Text == a.Readings[0].Label {
				t.Errorf("%s: %s title or label is the English text", a.ID, lang)
			}
		}
	}
}

func TestText(t *testing.T) {
	a := trucewatch.Agreement{Title: "Truce", Description: "About it", Conditions: []string{"c1", "c2"},
		Readings:     []trucewatch.Reading{{ID: "r", Label: "Reading", Source: []trucewatch.Reference{{Title: "S"}}}, {ID: "s", Label: "Other"}},
		Translations: map[string]trucewatch.Translation{"uk": {Title: "Перемир’я", Labels: map[string]string{"r": "Тлумачення"}, Conditions: []string{"", "у2"}}}}
	en := a.Text("en")
	if en.Title != (trucewatch.Text{Text: "Truce"}) || en.Label("r").Fallback {
		t.Errorf("en: %+v", en)
	}
	uk := a.Text("uk")
	want := []trucewatch.Text{{Text: "Перемир’я"}, {Text: "About it", Fallback: true}, {Text: "Тлумачення"}, {Text: "Other", Fallback: true},
		{Text: "c1", Fallback: true}, {Text: "у2"}, {Text: "S", Fallback: true}}
	got := []trucewatch.Text{uk.Title, uk.Description, uk.Label("r"), uk.Label("s"), uk.Conditions[0], uk.Conditions[1], uk.Source("r", 0)}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("uk text %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if de := a.Text("de"); !de.Title.Fallback || de.Title.Text != "Truce" {
		t.Errorf("de (no translation) title = %+v", de.Title)
	}
	if miss := a.Missing("uk"); strings.Join(miss, " ") != "description sources.r[0] labels.s conditions[0]" {
		t.Errorf("Missing(uk) = %q", miss)
	}
}
