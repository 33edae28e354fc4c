package lang

import (
	"unicode"
	"unicode/utf8"
)

// Package lang splits text into words and normalises them, the same way for
// every package that compares words: the gazetteer, the date finder and the
// extractor.
//
// Text and names are compared in a normalised form: lower case; Latin
// letters without diacritics (ž → z, ü → u, ß → ss); Cyrillic ё → е;
// apostrophes inside words dropped (Слов'янськ → словянськ, Luhans'k →
// luhansk). Words are runs of letters and digits; a hyphen separates words.

// latinFold maps Latin-1 Supplement and Latin Extended-A letters (U+00C0 to
// U+017F) to their base letters; "" means no mapping.
var latinFold = func() [0x180 - 0xC0]string {
	var t [0x180 - 0xC0]string
	groups := map[string]string{
		"a": "àáâãäåāăąÀÁÂÃÄÅĀĂĄ", "c": "çćĉċčÇĆĈĊČ", "d": "ďđĎĐð", "e": "èéêëēĕėęěÈÉÊËĒĔĖĘĚ",
		"g": "ĝğġģĜĞĠĢ", "h": "ĥħĤĦ", "i": "ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ", "j": "ĵĴ", "k": "ķĶ",
		"l": "ĺļľŀłĹĻĽĿŁ", "n": "ñńņňŉÑŃŅŇ", "o": "òóôõöøōŏőÒÓÔÕÖØŌŎŐ", "r": "ŕŗřŔŖŘ",
		"s": "śŝşšŚŜŞŠ", "t": "ţťŧŢŤŦ", "u": "ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ", "w": "ŵŴ", "y": "ýÿŷÝŸŶ",
		"z": "źżžŹŻŽ", "ss": "ß", "ae": "æÆ", "oe": "œŒ", "th": "þÞ",
	}
	for base, letters := range groups {
		for _, r := range letters {
			t[r-0xC0] = base
		}
	}
	return t
}()

// isApostrophe reports the marks that Ukrainian and transliterations use
// inside words.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '`' || r == '‘' || r == 'ʹ' || r == '´'
}

// appendFolded appends the normalised form of r to b.
func appendFolded(b []byte, r rune) []byte {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	case 'А' <= r && r <= 'Я':
		return utf8.AppendRune(b, r+('а'-'А'))
	case 'а' <= r && r <= 'я':
		return utf8.AppendRune(b, r)
	case r == 'ё' || r == 'Ё':
		return utf8.AppendRune(b, 'е')
	case 0xC0 <= r && r < 0x180:
		if s := latinFold[r-0xC0]; s != "" {
			return append(b, s...)
		}
	}
	return utf8.AppendRune(b, unicode.ToLower(r))
}

// Normalise returns the normalised form of s: its words, folded, joined by
// single spaces. Names and queries are compared in this form.
func Normalise(s string) string {
	return string(appendNormalised(nil, s))
}

// Word is one word of a text, with its place in the text and its
// normalised form.
type Word struct {
	Norm       string // folded
	Start, End int32  // byte offsets in the text
	Upper      bool   // begins with a capital letter
	Caps       bool   // all its letters are capitals (ТЕЦ, NATO)
	Sep        Sep    // what stands between it and the word before
}

// Sep is what stands between two words; when several characters do, the
// strongest counts.
type Sep uint8

const (
	SepSpace  Sep = iota // white space only, or nothing (first word)
	SepHyphen            // a hyphen or dash inside a compound
	SepComma
	SepOther // quotes, brackets and the like
	SepStop  // . ! ? ; : and line breaks: the end of a clause
)

// Words splits s into words. It is the scanner's hot loop: one pass over
// the text, and the normalised forms share one string.
func Words(s string) []Word {
	out := make([]Word, 0, len(s)/6+1)
	offs := make([]int, 0, len(s)/6+1) // arena offset where each word ends
	arena := make([]byte, 0, len(s)+len(s)/8)
	cur := Word{Start: -1}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isWordRune(r):
			if cur.Start < 0 {
				cur.Start = int32(i)
				cur.Upper = unicode.IsUpper(r)
				cur.Caps = cur.Upper
			} else if cur.Caps && !('A' <= r && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsUpper(r) || '0' <= r && r <= '9') {
				cur.Caps = false
			}
			arena = appendFolded(arena, r)
		case cur.Start >= 0 && isApostrophe(r) && nextIsLetter(s[i+size:]):
			// inside a word: dropped
		default:
			if cur.Start >= 0 {
				cur.End = int32(i)
				out = append(out, cur)
				offs = append(offs, len(arena))
				cur = Word{Start: -1}
			}
			cur.Sep = max(cur.Sep, sepKind(r))
		}
		i += size
	}
	if cur.Start >= 0 {
		cur.End = int32(len(s))
		out = append(out, cur)
		offs = append(offs, len(arena))
	}
	all := string(arena)
	from := 0
	for i := range out {
		out[i].Norm = all[from:offs[i]]
		from = offs[i]
	}
	return out
}

// isWordRune reports whether r belongs to a word: a letter, a digit or a
// combining mark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if IsCyrillic(r) { // the common case: skip the table searches
		return r < 0x482 || r > 0x489
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// appendNormalised appends the normalised words of s to buf, separated by
// single spaces: Words without the allocations.
func appendNormalised(buf []byte, s string) []byte {
	in := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isWordRune(r):
			if !in && len(buf) > 0 {
				buf = append(buf, ' ')
			}
			in = true
			buf = appendFolded(buf, r)
		case in && isApostrophe(r) && nextIsLetter(s[i+size:]):
		default:
			in = false
		}
		i += size
	}
	return buf
}

// sepKind classifies a character between words; a larger value wins when
// several stand between two words.
func sepKind(r rune) Sep {
	switch r {
	case ' ', '\t', '\u00a0', '\u202f':
		return SepSpace
	case '-', '‑', '–':
		return SepHyphen
	case ',':
		return SepComma
	case '.', '!', '?', ';', ':', '\n', '—':
		return SepStop
	}
	return SepOther
}

func nextIsLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}
