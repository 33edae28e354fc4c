package geo

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch/internal/lang"
)

// cueKind says what a word standing next to a name tells about it. A word
// may be of several kinds ("rajon" stands before or after a name).
type cueKind uint32

const (
	cueDistrict        cueKind = 1 << iota // after a centre's name or adjective: район, district
	cueDistricts                           // the same in the plural, which may follow a list
	cueDistrictBefore                      // before a centre's name: Bezirk
	cueCommunity                           // громада, ТГ, community
	cueCommunities                         // громадах, communities
	cueCommunityBefore                     // Gemeinde
	cueUnitFiller                          // between an adjective and its unit word: міська, городского
	cueCityOf                              // after a district, before its city: міста, of the city of
	cueSettlement                          // before a village's name: село, с., village of
	cueOblastAdj                           // after a town's adjective, names its oblast: обласної
	cueTitle                               // an official's title before a place: губернатор, head
	cueInstitution                         // after a place: ОВА, administration, Governor
	cueFiller                              // between a title or institution and its place: of the, обласної
	cueCompany                             // a company form or word before its name in quotes: ПАО, Unternehmen
	cueFirstName                           // a person's first name, or its stem
	cueFacility                            // after a town's adjective, names a facility in it: нафтопереробного, завод
	cuePhrase                              // the word starts a phrase cue or an abbreviation with a full stop
	cueStop                                // data/stopwords.txt: never a place on its own
)

// Unit words: the kinds that make a district or community phrase.
const (
	cueDistrictAfter  = cueDistrict | cueDistricts
	cueCommunityAfter = cueCommunity | cueCommunities
	cueUnitAfter      = cueDistrictAfter | cueCommunityAfter
	cueUnitBefore     = cueDistrictBefore | cueCommunityBefore
	cuePlural         = cueDistricts | cueCommunities
)

// phraseCue is a cue of several words ("village of", "р-н") or one that must
// be written with a full stop ("с.").
type phraseCue struct {
	rest []string // the normalised words after the first
	dot  bool     // a full stop must follow the last word
	kind cueKind
}

// cueTable holds the cue words of data/units.txt, titles.txt, companies.txt
// and firstnames.txt.
type cueTable struct {
	words   map[string]cueKind
	phrases map[string][]phraseCue // by first word
}

// cueFiles are the data files of cue words, with the kind of a word listed
// outside any section.
var cueFiles = []struct {
	path string
	kind cueKind
}{
	{"data/units.txt", 0},
	{"data/titles.txt", 0},
	{"data/companies.txt", cueCompany},
	{"data/firstnames.txt", cueFirstName},
	{"data/facilities.txt", 0},
}

// cueSections names the sections of the cue files.
var cueSections = map[string]cueKind{
	"district":         cueDistrict,
	"districts":        cueDistricts,
	"district before":  cueDistrictBefore,
	"community":        cueCommunity,
	"communities":      cueCommunities,
	"community before": cueCommunityBefore,
	"unit filler":      cueUnitFiller,
	"city of":          cueCityOf,
	"settlement":       cueSettlement,
	"oblast adjective": cueOblastAdj,
	"title":            cueTitle,
	"institution":      cueInstitution,
	"filler":           cueFiller,
	"facility":         cueFacility,
}

// loadCues reads the cue files.
func loadCues() (cueTable, error) {
	t := cueTable{words: map[string]cueKind{}, phrases: map[string][]phraseCue{}}
	for _, f := range cueFiles {
		kind := f.kind
		var err error
		rerr := readLines(f.path, func(line string) {
			if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
				k, ok := cueSections[line[1:len(line)-1]]
				if !ok && err == nil {
					err = fmt.Errorf("%s: unknown section %s", f.path, line)
				}
				kind = k
				return
			}
			if kind == 0 && err == nil {
				err = fmt.Errorf("%s: %q stands outside a section", f.path, line)
			}
			t.add(line, kind)
		})
		if rerr != nil {
			return t, rerr
		}
		if err != nil {
			return t, err
		}
	}
	return t, nil
}

// add enters one line of a cue file.
func (t cueTable) add(line string, kind cueKind) {
	dot := strings.HasSuffix(line, ".")
	words := strings.Fields(lang.Normalise(line))
	if len(words) == 0 {
		return
	}
	if len(words) == 1 && !dot {
		t.words[words[0]] |= kind
		if kind == cueFirstName {
			for _, f := range firstNameForms(words[0]) {
				t.words[f] |= kind // Олега, Сергія, Марії
			}
		}
		return
	}
	t.words[words[0]] |= cuePhrase
	t.phrases[words[0]] = append(t.phrases[words[0]], phraseCue{rest: words[1:], dot: dot, kind: kind})
}

// at returns the kinds of the cue that starts at word i, whose own kinds
// are k, and how many words it has; 0, 0 when none does. The longest cue
// wins.
func (t cueTable) at(text string, ws []lang.Word, i int, k cueKind) (cueKind, int) {
	if k == 0 {
		return 0, 0
	}
	kind, n := k&^(cuePhrase|cueStop), 0
	if kind != 0 {
		n = 1
	}
	if k&cuePhrase == 0 {
		return kind, n
	}
	for _, p := range t.phrases[ws[i].Norm] {
		m := 1 + len(p.rest)
		if m < n || i+m > len(ws) {
			continue
		}
		ok := true
		for j, w := range p.rest {
			// The words of a phrase touch: spaces or a hyphen (р-н) between them.
			if ws[i+1+j].Sep > lang.SepHyphen || ws[i+1+j].Norm != w {
				ok = false
				break
			}
		}
		if ok && p.dot {
			end := int(ws[i+m-1].End)
			ok = end < len(text) && text[end] == '.'
		}
		switch {
		case !ok:
		case m > n:
			kind, n = p.kind, m
		default:
			kind |= p.kind
		}
	}
	return kind, n
}

// is reports whether word i is a single-word cue of one of the kinds.
func (t cueTable) is(ws []lang.Word, i int, kinds cueKind) bool {
	return i >= 0 && i < len(ws) && t.words[ws[i].Norm]&kinds != 0
}

// isFirstName reports whether a word is a first name in any of its forms,
// or a patronymic (Владимирович, Олегівна).
func (t cueTable) isFirstName(w lang.Word) bool {
	return w.Upper && isFirstName(w, t.words[w.Norm])
}

// isFirstName is cueTable.isFirstName for a capitalised word whose cue
// kinds are known.
func isFirstName(w lang.Word, k cueKind) bool {
	if k&cueFirstName != 0 {
		return true
	}
	n := len(w.Norm)
	if n < 10 || !strings.Contains(w.Norm[n-8:], "ич") && !strings.Contains(w.Norm[n-8:], "вн") && !strings.Contains(w.Norm[n-8:], "чн") {
		return false // a quick test: no patronymic's ending
	}
	for _, s := range patronymics {
		if strings.HasSuffix(w.Norm, s) && utf8.RuneCountInString(w.Norm) > utf8.RuneCountInString(s)+2 {
			return true
		}
	}
	return false
}

// patronymics end Ukrainian and Russian patronymics in the cases reports
// use: Вячеслав Владимирович, Олега Олеговича, Ірина Олегівна.
var patronymics = []string{"ович", "евич", "овича", "евича", "овичем", "евичем", "овичу", "евичу", "івна", "ївна", "овна", "евна", "івни", "ївни", "овны", "евны", "ічна", "ична"}

// firstNameForms returns the case forms of a Ukrainian or Russian first
// name in the nominative: Олег → Олега, Олегу, Олегом, Олегові; Сергій →
// Сергія, Сергію; Олена → Олени, Олену, Оленою; Марія → Марії, Марію. Only
// a name's own endings are generated, so that a town named like a name with
// another ending (Олександрія) is not taken for it.
func firstNameForms(name string) []string {
	if !isCyrillicWord(name) {
		return nil
	}
	add := func(stem string, ends ...string) []string {
		out := make([]string, 0, len(ends))
		for _, e := range ends {
			out = append(out, stem+e)
		}
		return out
	}
	switch {
	case strings.HasSuffix(name, "ій"), strings.HasSuffix(name, "ий"):
		s := strings.TrimSuffix(strings.TrimSuffix(name, "ій"), "ий")
		return add(s, "ія", "ію", "ієм", "ієві", "ия", "ию", "ием")
	case strings.HasSuffix(name, "ія"), strings.HasSuffix(name, "ия"):
		s := strings.TrimSuffix(name, "я")
		return add(s, "ї", "ю", "єю", "и", "ей", "е")
	case strings.HasSuffix(name, "а"), strings.HasSuffix(name, "я"):
		_, size := utf8.DecodeLastRuneInString(name)
		return add(name[:len(name)-size], "и", "і", "ї", "у", "ю", "ою", "ею", "ой", "ей", "е")
	case strings.HasSuffix(name, "о"):
		return add(strings.TrimSuffix(name, "о"), "а", "у", "ом", "ові")
	}
	return add(name, "а", "я", "у", "ю", "ом", "ові", "ем", "е")
}
