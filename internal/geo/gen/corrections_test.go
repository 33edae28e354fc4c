package main

import (
	"maps"
	"strings"
	"testing"
)

func TestApplyCorrections(t *testing.T) {
	table := []correction{
		{adm1Code: "X-1", iso: "RU-MOS", set: []change{{"iso_3166_2", "RU-MOS", "RU-MOW"}}, reason: "r"},
		{adm1Code: "X-2", iso: "RU-SA", set: []change{{"woe_name", "Chukot", ""}}, dropAlt: []string{"Chukotka"}, reason: "r"},
	}
	features := func() []map[string]any {
		return []map[string]any{
			{"adm1_code": "X-1", "iso_3166_2": "RU-MOS", "name": "Moskva"},
			{"adm1_code": "X-2", "iso_3166_2": "RU-SA", "woe_name": "Chukot", "name_alt": "Yakutia|Chukotka|Saha"},
			{"adm1_code": "X-3", "iso_3166_2": "RU-KRS"},
		}
	}
	t.Run("applies", func(t *testing.T) {
		fs := features()
		if err := applyCorrections(fs, table); err != nil {
			t.Fatal(err)
		}
		want := []map[string]any{
			{"adm1_code": "X-1", "iso_3166_2": "RU-MOW", "name": "Moskva"},
			{"adm1_code": "X-2", "iso_3166_2": "RU-SA", "woe_name": "", "name_alt": "Yakutia|Saha"},
			{"adm1_code": "X-3", "iso_3166_2": "RU-KRS"},
		}
		for i := range fs {
			if !maps.Equal(fs[i], want[i]) {
				t.Errorf("feature %d = %v, want %v", i, fs[i], want[i])
			}
		}
	})
	errs := []struct {
		name   string
		change func([]map[string]any) []map[string]any
		want   string
	}{
		{"code moved", func(fs []map[string]any) []map[string]any { fs[0]["iso_3166_2"] = "RU-MOW"; return fs },
			`X-1 (RU-MOS): iso_3166_2 is "RU-MOW", want "RU-MOS"`},
		{"value changed", func(fs []map[string]any) []map[string]any { fs[1]["woe_name"] = "Sakha"; return fs },
			`X-2 (RU-SA): woe_name is "Sakha", want "Chukot"`},
		{"alias gone", func(fs []map[string]any) []map[string]any { fs[1]["name_alt"] = "Yakutia"; return fs },
			`X-2 (RU-SA): name_alt "Yakutia" lacks "Chukotka"`},
		{"feature gone", func(fs []map[string]any) []map[string]any { return fs[1:] },
			`X-1 (RU-MOS): no feature has this adm1_code`},
		{"feature twice", func(fs []map[string]any) []map[string]any {
			return append(fs, map[string]any{"adm1_code": "X-1", "iso_3166_2": "RU-MOS"})
		}, `X-1 (RU-MOS): more than one feature`},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			fs := tt.change(features())
			err := applyCorrections(fs, table)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestCorrectionsTable: each row of the real table names its feature,
// a valid code and its reference.
func TestCorrectionsTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range corrections {
		if c.adm1Code == "" || seen[c.adm1Code] {
			t.Errorf("%s (%s): adm1_code empty or listed twice", c.adm1Code, c.iso)
		}
		seen[c.adm1Code] = true
		if !validISO(c.iso) {
			t.Errorf("%s: iso %q", c.adm1Code, c.iso)
		}
		if len(c.set) == 0 && len(c.dropAlt) == 0 {
			t.Errorf("%s (%s): changes nothing", c.adm1Code, c.iso)
		}
		for _, ch := range c.set {
			if ch.prop == "iso_3166_2" && !validISO(ch.to) {
				t.Errorf("%s (%s): new code %q", c.adm1Code, c.iso, ch.to)
			}
		}
		if !strings.Contains(c.reason, "ISO 3166-2:") {
			t.Errorf("%s (%s): the reason cites no ISO 3166-2 entry", c.adm1Code, c.iso)
		}
	}
}
