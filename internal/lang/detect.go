package lang

import "strings"

// Detect guesses the language of a text among German, English, Ukrainian
// and Russian ("de", "en", "uk", "ru"), for reports whose header does not
// say. Cyrillic text is Ukrainian when it has letters Russian lacks (і, ї,
// є, ґ) more often than letters Ukrainian lacks (ы, э, ъ, ё); Latin text is
// German when German function words outnumber English ones.
func Detect(text string) string {
	if len(text) > 4000 {
		text = text[:4000]
	}
	var cyr, lat, uk, ru int
	for _, r := range text {
		switch {
		case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z':
			lat++
		case IsCyrillic(r):
			cyr++
			switch CyrillicLanguage(r) {
			case "uk":
				uk++
			case "ru":
				ru++
			}
		}
	}
	if cyr > lat {
		if uk > ru {
			return "uk"
		}
		return "ru"
	}
	de, en := 0, 0
	for _, w := range strings.Fields(strings.ToLower(text)) {
		switch strings.Trim(w, ".,;:!?\"'()") {
		case "der", "die", "das", "und", "nicht", "ist", "mit", "von", "den", "sich", "auf", "ein", "eine", "dass":
			de++
		case "the", "and", "of", "is", "with", "that", "from", "was", "were", "has", "have", "on":
			en++
		}
	}
	if de > en {
		return "de"
	}
	return "en"
}

// IsCyrillic reports whether r lies in Unicode's Cyrillic block.
func IsCyrillic(r rune) bool { return 'Ѐ' <= r && r <= 'ӿ' }

// CyrillicLanguage tells which language a Cyrillic letter marks: "uk" for
// the letters Russian lacks (і, ї, є, ґ), "ru" for those Ukrainian lacks
// (ы, э, ъ, ё), in either case, and "" for the rest.
func CyrillicLanguage(r rune) string {
	switch r {
	case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
		return "uk"
	case 'ы', 'э', 'ъ', 'ё', 'Ы', 'Э', 'Ъ', 'Ё':
		return "ru"
	}
	return ""
}
