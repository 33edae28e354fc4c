package extract

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch/internal/lang"
	"github.com/trucewatch/trucewatch/internal/stem"
)

//go:embed lexicon/*.txt
var lexiconFiles embed.FS

// Languages are the languages with a lexicon.
var Languages = []string{"de", "en", "uk", "ru"}

// lexicon is one language's words, indexed for matching a text's words in
// one pass (see lexicon/README.md for the file format). A plain word is
// matched by its stem, so that one entry covers every inflected form
// ("hospital" matches "hospitals", "лікарня" matches "лікарні").
type lexicon struct {
	language string
	stemmed  map[string][]*entry // by the stem of the first word
	exact    map[string][]*entry // "=word": by the normalised word itself
	prefix   map[string][]*entry // "stem*": by the prefix
	// prefixLens and rawPrefixLens are the byte lengths of the prefixes
	// indexed: a word is looked up under those lengths only.
	prefixLens, rawPrefixLens []int
	// first remembers, per word, the entries whose first word matches it
	// (startingWith); bounded like stemCache.
	first  atomic.Pointer[sync.Map]
	firstN atomic.Int64
	// raw entries keep letters that normalisation folds (würde is not
	// wurde); they are compared with the lower-cased word as written.
	rawExact, rawPrefix map[string][]*entry
	infix, suffix       []*entry
	// sections are the names of the file's sections, with their number of
	// entries.
	sections map[string]int
	// details are the "= detail" texts of the [target …] sections and of
	// [person].
	details []string
}

type entry struct {
	section string
	words   []pattern
	detail  string // "= detail" text
	value   int    // the number of a [number] entry
}

// pattern is one word of an entry.
type pattern struct {
	text string
	kind byte // 's' stem, '=' exact, '>' prefix, '<' suffix, '~' infix, '.' gap
	raw  bool
}

// gapWord in an entry stands for up to maxGap words of the same clause
// between its neighbours ("strom ... wiederhergestellt": "der Strom wurde
// am Abend wiederhergestellt").
const (
	gapWord = "..."
	maxGap  = 4
)

// matches reports whether the pattern matches a word given as normalised,
// as its stem and as written in lower case.
func (p pattern) matches(norm, stemmed, raw string) bool {
	w := norm
	if p.raw {
		w = raw
	}
	switch p.kind {
	case 's':
		return stemmed == p.text
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
	// gaps holds the words [from, to) that a gap of the entry passed
	// over: words of the text, not of the phrase.
	gaps [][2]int
}

func loadLexicon(language string) (*lexicon, error) {
	name := "lexicon/" + language + ".txt"
	b, err := lexiconFiles.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("no lexicon for language %q", language)
	}
	return parseLexicon(name, language, string(b))
}

// parseLexicon reads a lexicon file; name is used in errors.
func parseLexicon(name, language, text string) (*lexicon, error) {
	lx := &lexicon{language: language, stemmed: map[string][]*entry{}, exact: map[string][]*entry{},
		prefix: map[string][]*entry{}, rawExact: map[string][]*entry{}, rawPrefix: map[string][]*entry{},
		sections: map[string]int{}}
	lx.first.Store(&sync.Map{})
	section := ""
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			section = strings.Trim(line, "[]")
			if _, dup := lx.sections[section]; dup {
				return nil, fmt.Errorf("%s:%d: section [%s] a second time", name, n+1, section)
			}
			lx.sections[section] = 0
			continue
		}
		if section == "" {
			return nil, fmt.Errorf("%s:%d: entry before any [section]", name, n+1)
		}
		e, err := parseEntry(language, section, line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
		}
		lx.add(e)
		lx.sections[section]++
		if (strings.HasPrefix(section, "target ") || section == "person") && e.detail != "" {
			lx.details = append(lx.details, e.detail)
		}
	}
	return lx, nil
}

// parseEntry reads one line: words, then optionally " = detail".
func parseEntry(language, section, line string) (*entry, error) {
	e := &entry{section: section}
	text, detail, _ := strings.Cut(line, " = ")
	e.detail = strings.TrimSpace(detail)
	if v, err := strconv.Atoi(e.detail); err == nil {
		e.value = v // "sechs = 6", "триденн* = 3"
	} else if section == "number" {
		return nil, fmt.Errorf("number %q", e.detail)
	}
	fields := strings.Fields(text)
	for k, f := range fields {
		if f == gapWord {
			if k == 0 || k == len(fields)-1 || fields[k-1] == gapWord {
				return nil, fmt.Errorf("%q: %s may stand only between two words", line, gapWord)
			}
			e.words = append(e.words, pattern{kind: '.'})
			continue
		}
		if core := strings.Trim(f, "*"); strings.Contains(core, "*") {
			return nil, fmt.Errorf("%q: a * may stand only at a word's start or end", f)
		}
		p := pattern{kind: 's'}
		switch {
		case strings.HasPrefix(f, "=") && len(f) > 1:
			p.kind, f = '=', f[1:]
		case strings.HasPrefix(f, "*") && strings.HasSuffix(f, "*") && len(f) > 2:
			p.kind, f = '~', f[1:len(f)-1]
		case strings.HasPrefix(f, "*"):
			p.kind, f = '<', f[1:]
		case strings.HasSuffix(f, "*"):
			p.kind, f = '>', f[:len(f)-1]
		}
		// A word with letters that folding changes is compared as written
		// (würde, not wurde), exactly or as a prefix.
		if lower := strings.ToLower(f); lang.Normalise(f) != lower && !strings.ContainsAny(f, "'’ʼ-") {
			p.text, p.raw = lower, true
			if p.kind == 's' {
				p.kind = '='
			}
		} else {
			p.text = strings.ReplaceAll(lang.Normalise(f), " ", "")
			if p.kind == 's' {
				p.text = stem.Stem(language, p.text)
			}
		}
		if p.text == "" {
			return nil, fmt.Errorf("empty word in %q", line)
		}
		e.words = append(e.words, p)
	}
	if len(e.words) == 0 {
		return nil, fmt.Errorf("no words in %q", line)
	}
	return e, nil
}

func (lx *lexicon) add(e *entry) {
	first := e.words[0]
	switch {
	case first.kind == 's':
		lx.stemmed[first.text] = append(lx.stemmed[first.text], e)
	case first.kind == '=' && first.raw:
		lx.rawExact[first.text] = append(lx.rawExact[first.text], e)
	case first.kind == '=':
		lx.exact[first.text] = append(lx.exact[first.text], e)
	case first.kind == '>' && first.raw:
		lx.rawPrefix[first.text] = append(lx.rawPrefix[first.text], e)
		if !slices.Contains(lx.rawPrefixLens, len(first.text)) {
			lx.rawPrefixLens = append(lx.rawPrefixLens, len(first.text))
		}
	case first.kind == '>':
		lx.prefix[first.text] = append(lx.prefix[first.text], e)
		if !slices.Contains(lx.prefixLens, len(first.text)) {
			lx.prefixLens = append(lx.prefixLens, len(first.text))
		}
	case first.kind == '<':
		lx.suffix = append(lx.suffix, e)
	default:
		lx.infix = append(lx.infix, e)
	}
}

// match finds every lexicon entry in a text's words; stems and raw hold
// each word's stem and its lower-cased form as written.
func (lx *lexicon) match(ws []lang.Word, stems, raw []string) []hit {
	var out []hit
	for i, w := range ws {
		first := len(out) // the hits of this word start here
		for _, e := range lx.startingWith(w.Norm, stems[i], raw[i]) {
			to, gaps := matchRest(e.words[1:], ws, stems, raw, i+1)
			h := hit{section: e.section, from: i, to: to, detail: e.detail, value: e.value, gaps: gaps}
			if to > 0 && !slices.ContainsFunc(out[first:], func(o hit) bool { return o.section == h.section && o.to == h.to }) {
				out = append(out, h) // one hit per section and span, however many entries match
			}
		}
	}
	return out
}

// matchRest matches an entry's words after its first against the text's
// words from word k on, and returns the word after the match, or -1, and
// the spans of words its gaps passed over. A gap takes as few words as it
// can, with no comma or stop among them or around them.
func matchRest(ps []pattern, ws []lang.Word, stems, raw []string, k int) (int, [][2]int) {
	if len(ps) == 0 {
		return k, nil
	}
	if ps[0].kind == '.' {
		for skip := 0; skip <= maxGap && k+skip < len(ws); skip++ {
			if skip > 0 && (ws[k+skip-1].Sep >= lang.SepComma || ws[k+skip].Sep >= lang.SepComma) {
				break
			}
			if to, gaps := matchRest(ps[1:], ws, stems, raw, k+skip); to > 0 {
				if skip > 0 {
					gaps = append([][2]int{{k, k + skip}}, gaps...)
				}
				return to, gaps
			}
		}
		return -1, nil
	}
	if k >= len(ws) || ws[k].Sep >= lang.SepStop || !ps[0].matches(ws[k].Norm, stems[k], raw[k]) {
		return -1, nil
	}
	return matchRest(ps[1:], ws, stems, raw, k+1)
}

// startingWith returns the entries whose first word matches a word, given
// as normalised, as its stem and as written in lower case. News repeat
// their words, so the answer is remembered per word.
func (lx *lexicon) startingWith(norm, stemmed, raw string) []*entry {
	key := norm
	if raw != norm {
		key = norm + "\x00" + raw
	}
	m := lx.first.Load()
	if es, ok := m.Load(key); ok {
		return es.([]*entry)
	}
	var cands, out []*entry
	cands = append(cands, lx.stemmed[stemmed]...)
	cands = append(cands, lx.exact[norm]...)
	cands = appendPrefixes(cands, lx.prefix, lx.prefixLens, norm)
	if raw != norm {
		cands = append(cands, lx.rawExact[raw]...)
		cands = appendPrefixes(cands, lx.rawPrefix, lx.rawPrefixLens, raw)
	}
	if len(norm) >= 6 {
		cands = append(cands, lx.suffix...)
		cands = append(cands, lx.infix...)
	}
	for _, e := range cands {
		if e.words[0].matches(norm, stemmed, raw) {
			out = append(out, e)
		}
	}
	if lx.firstN.Add(1) > maxStems {
		lx.first.Store(&sync.Map{})
		lx.firstN.Store(0)
	}
	m.Store(key, out)
	return out
}

// appendPrefixes adds the entries indexed under the prefixes of w of the
// given byte lengths.
func appendPrefixes(dst []*entry, idx map[string][]*entry, lens []int, w string) []*entry {
	for _, k := range lens {
		if k > len(w) || k < len(w) && !utf8.RuneStart(w[k]) {
			continue
		}
		dst = append(dst, idx[w[:k]]...)
	}
	return dst
}

// Details are the target details the extractor can record (an incident's
// TargetDetail: "hospital", "oil pumping station"): the English "= detail"
// texts of every lexicon's [target …] sections, sorted, each once. The
// catalogues name each one (facility.<detail>); a test walks this list.
func Details() ([]string, error) {
	var out []string
	for _, l := range Languages {
		lx, err := loadLexicon(l)
		if err != nil {
			return nil, err
		}
		out = append(out, lx.details...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Rules names the version of the extraction rules. Change it with any
// change to the extractor's code that changes what it finds; Version adds
// the lexicons' own fingerprint, so a lexicon edit needs no change here.
const Rules = "11.4"

// Version names the extractor that made a set of claims: Rules and the
// first 8 hex digits of the SHA-256 of the lexicons. Claims record it, so
// that an upgrade can queue the reports whose claims it may change.
func Version() string {
	lexiconVersionOnce.Do(func() {
		h := sha256.New()
		for _, l := range Languages {
			b, _ := lexiconFiles.ReadFile("lexicon/" + l + ".txt")
			h.Write(b)
		}
		lexiconVersion = Rules + "+" + hex.EncodeToString(h.Sum(nil))[:8]
	})
	return lexiconVersion
}

var (
	lexiconVersionOnce sync.Once
	lexiconVersion     string
)
