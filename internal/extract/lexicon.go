package extract

import (
	"embed"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch/internal/lang"
)

//go:embed lexicon/*.txt
var lexiconFiles embed.FS

// Languages are the languages with a lexicon.
var Languages = []string{"de", "en", "uk", "ru"}

// lexicon is one language's words, indexed for matching a text's words in
// one pass (see lexicon/README.md for the file format).
type lexicon struct {
	exact, prefix map[string][]*entry // by the first word's text
	infix, suffix []*entry
	// raw entries keep letters that normalisation folds (würde is not
	// wurde); they are compared with the lower-cased word as written.
	rawExact, rawPrefix map[string][]*entry
}

type entry struct {
	section string
	words   []pattern
	detail  string // "= detail" text, or the number of a [number] entry
	value   int
}

type pattern struct {
	text string
	kind byte // '=' exact, '>' prefix, '<' suffix, '~' infix
	raw  bool
}

func (p pattern) matches(norm, raw string) bool {
	w := norm
	if p.raw {
		w = raw
	}
	switch p.kind {
	case '>':
		return strings.HasPrefix(w, p.text)
	case '<':
		return strings.HasSuffix(w, p.text)
	case '~':
		return strings.Contains(w, p.text)
	}
	return w == p.text
}

// hit is a lexicon entry found in a text: words [from, to).
type hit struct {
	section  string
	from, to int
	detail   string
	value    int
}

func loadLexicon(language string) (*lexicon, error) {
	name := "lexicon/" + language + ".txt"
	b, err := lexiconFiles.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("no lexicon for language %q", language)
	}
	lx := &lexicon{exact: map[string][]*entry{}, prefix: map[string][]*entry{},
		rawExact: map[string][]*entry{}, rawPrefix: map[string][]*entry{}}
	section := ""
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			section = strings.Trim(line, "[]")
			continue
		}
		if section == "" {
			return nil, fmt.Errorf("%s:%d: entry before any [section]", name, n+1)
		}
		e := &entry{section: section}
		text, detail, _ := strings.Cut(line, "=")
		e.detail = strings.TrimSpace(detail)
		if section == "number" {
			if e.value, err = strconv.Atoi(e.detail); err != nil {
				return nil, fmt.Errorf("%s:%d: number %q", name, n+1, e.detail)
			}
		}
		for _, f := range strings.Fields(text) {
			p := pattern{kind: '='}
			switch {
			case strings.HasPrefix(f, "*") && strings.HasSuffix(f, "*") && len(f) > 2:
				p.kind, f = '~', f[1:len(f)-1]
			case strings.HasPrefix(f, "*"):
				p.kind, f = '<', f[1:]
			case strings.HasSuffix(f, "*"):
				p.kind, f = '>', f[:len(f)-1]
			}
			// A word with letters that folding changes is compared as written.
			if lower := strings.ToLower(f); lang.Normalise(f) != lower && !strings.ContainsAny(f, "'’-") {
				p.text, p.raw = lower, true
			} else {
				p.text = strings.ReplaceAll(lang.Normalise(f), " ", "")
			}
			if p.text == "" {
				return nil, fmt.Errorf("%s:%d: empty word", name, n+1)
			}
			e.words = append(e.words, p)
		}
		if len(e.words) == 0 {
			return nil, fmt.Errorf("%s:%d: no words", name, n+1)
		}
		first := e.words[0]
		switch {
		case first.kind == '=' && first.raw:
			lx.rawExact[first.text] = append(lx.rawExact[first.text], e)
		case first.kind == '=':
			lx.exact[first.text] = append(lx.exact[first.text], e)
		case first.kind == '>' && first.raw:
			lx.rawPrefix[first.text] = append(lx.rawPrefix[first.text], e)
		case first.kind == '>':
			lx.prefix[first.text] = append(lx.prefix[first.text], e)
		case first.kind == '<':
			lx.suffix = append(lx.suffix, e)
		default:
			lx.infix = append(lx.infix, e)
		}
	}
	return lx, nil
}

// match finds every lexicon entry in ws; raw holds each word lower-cased as
// written (for entries with letters that folding changes).
func (lx *lexicon) match(ws []lang.Word, raw []string) []hit {
	var out []hit
	var cands []*entry
	for i, w := range ws {
		cands = cands[:0]
		cands = append(cands, lx.exact[w.Norm]...)
		for k := 1; k <= len(w.Norm); k++ {
			if k < len(w.Norm) && !utf8.RuneStart(w.Norm[k]) {
				continue
			}
			cands = append(cands, lx.prefix[w.Norm[:k]]...)
		}
		if raw[i] != w.Norm {
			r := raw[i]
			cands = append(cands, lx.rawExact[r]...)
			for k := 1; k <= len(r); k++ {
				if k < len(r) && !utf8.RuneStart(r[k]) {
					continue
				}
				cands = append(cands, lx.rawPrefix[r[:k]]...)
			}
		}
		if len(w.Norm) >= 6 {
			cands = append(cands, lx.suffix...)
			cands = append(cands, lx.infix...)
		}
		for _, e := range cands {
			if !e.words[0].matches(w.Norm, raw[i]) || i+len(e.words) > len(ws) {
				continue
			}
			ok := true
			for j := 1; j < len(e.words) && ok; j++ {
				ok = ws[i+j].Sep < lang.SepStop && e.words[j].matches(ws[i+j].Norm, raw[i+j])
			}
			if ok {
				out = append(out, hit{section: e.section, from: i, to: i + len(e.words), detail: e.detail, value: e.value})
			}
		}
	}
	return out
}
