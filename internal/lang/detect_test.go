package lang

import "testing"

func TestDetect(t *testing.T) {
	tests := map[string]string{
		"Nach Angaben der Stadtverwaltung wurde in der Nacht eine Klinik beschädigt.": "de",
		"Russian drones hit a hospital in Sumy overnight, officials said.":            "en",
		"Вночі російські дрони атакували лікарню в Сумах, повідомили в ОВА.":          "uk",
		"Ночью российские беспилотники атаковали больницу, сообщил губернатор.":       "ru",
	}
	for text, want := range tests {
		if got := Detect(text); got != want {
			t.Errorf("Detect(%q) = %s, want %s", text, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	ws := Words("Am Mittwoch: Слов'янськ, Zaporižžja — Sumy-Gebiet.")
	var got []string
	for _, w := range ws {
		got = append(got, w.Norm)
	}
	want := []string{"am", "mittwoch", "словянськ", "zaporizzja", "sumy", "gebiet"}
	if len(got) != len(want) {
		t.Fatalf("Words = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("word %d = %q, want %q", i, got[i], want[i])
		}
	}
	if ws[2].Sep != SepStop || ws[3].Sep != SepComma || ws[5].Sep != SepHyphen || !ws[1].Upper {
		t.Errorf("separators or case wrong: %+v", ws)
	}
}
