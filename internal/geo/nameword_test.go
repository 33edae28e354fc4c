package geo

import "testing"

// TestNameWordForms covers the forms of a name word whose stem alternates:
// a vowel (Ріг → Рогу), a consonant before the Ukrainian locative's -і
// (округ → окрузі), and both at once (Ріг → Розі).
func TestNameWordForms(t *testing.T) {
	cases := []struct {
		word, text string
		want       bool
	}{
		{"ріг", "ріг", true},
		{"ріг", "рогу", true},
		{"ріг", "рогом", true},
		{"ріг", "розі", true},
		{"ріг", "рогі", false},
		{"ріг", "розу", false},
		{"округ", "округу", true},
		{"округ", "окрузі", true},
		{"округ", "окрузу", false},
		{"петербург", "петербурзі", true},
		{"харків", "харкова", true},
		{"харків", "харкові", true},
		{"харків", "харкою", false},
		{"київ", "києва", true},
		{"городок", "городка", true},
		{"russische", "russischen", true},
		{"russische", "russischx", false},
		{"область", "обл", true},
	}
	for _, tc := range cases {
		w := newNameWord(tc.word, tc.word == "russische")
		if got := w.matches(tc.text); got != tc.want {
			t.Errorf("%q matches %q = %v, want %v (word %+v)", tc.word, tc.text, got, tc.want, w)
		}
	}
}
