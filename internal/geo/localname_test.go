package geo

import "testing"

// TestLocalName checks names derived for the places the monitor sees
// most; docs/gazetteer.md says where the derivation fails (famous
// exonyms such as Moskau, some Russian names of Ukrainian towns).
func TestLocalName(t *testing.T) {
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id, de, uk, ru string
	}{
		{"gn:692194", "Sumy", "Суми", "Сумы"},
		{"adm1:UA-59", "Sumy", "Сумська область", "Сумская область"},
		{"adm1:UA-63", "Kharkiv", "Харківська область", "Харьковская область"},
		{"adm1:RU-KRS", "Kursk", "Курська область", "Курская область"},
		{"adm1:RU-KDA", "Krasnodar Krai", "Краснодарський край", "Краснодарский край"},
		{"adm1:UA-43", "Autonomous Republic of Crimea", "Автономна Республіка Крим", "Автономная Республика Крым"},
		{"gn:706483", "Charkiw", "Харків", ""},
		{"gn:703448", "Kyjiw", "Київ", "Киев"},
		{"gn:687700", "Saporischschja", "Запоріжжя", ""},
		{"gn:709717", "Donezk", "Донецьк", "Донецк"},
		{"gn:538560", "Kursk", "Курськ", "Курск"},
		{"gn:501175", "Rostow-na-Donu", "", "Ростов-на-Дону"},
		{"tw:sudzha-gms", "Gasmessstation Sudscha", "", "ГИС Суджа"},
		{"region:ru-south", "Südrussland", "", ""},
	} {
		for lng, want := range map[string]string{"de": c.de, "uk": c.uk, "ru": c.ru} {
			if want == "" {
				continue
			}
			if got := g.LocalName(c.id, lng, "?"); got != want {
				t.Errorf("LocalName(%s, %s) = %q, want %q", c.id, lng, got, want)
			}
		}
		p, _ := g.Place(c.id)
		if got := g.LocalName(c.id, "en", "?"); got != p.Name {
			t.Errorf("LocalName(%s, en) = %q, want the English name %q", c.id, got, p.Name)
		}
	}
	if got := g.LocalName("gn:0", "uk", "fallback"); got != "fallback" {
		t.Errorf("unknown id: %q", got)
	}
}
