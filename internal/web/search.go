package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// Search in any language and spelling (docs/web.md, "Search"). The place
// filter (place=) and the words of the search (q=) go through the
// gazetteer's geocoder, which knows every spelling it holds (Суми, Сумы,
// Sumy, Sumy Oblast, Сумщина, Gebiet Sumy); the store then filters by
// code. Words that name no place are searched as they are, in the place's
// name, the target detail and the text of the incident's reports.

// placeCode matches what the place filter takes as it is: a gazetteer id
// ("gn:692194", "tw:sudzha-gms") or an ISO 3166-2 code ("UA-59").
var placeCode = regexp.MustCompile(`^([a-z0-9]+:\S+|[A-Z]{2}-[A-Z0-9]{1,3})$`)

// maxPlaceWords is the most words one place name of a search may have
// (Autonomous Republic of Crimea).
const maxPlaceWords = 4

// resolvePlaces turns the place filter's name into a code, and the
// search's place names into filters: a first-level unit (Sumy Oblast,
// Сумщина) filters by its code, another place (Суми, Sudzha) is searched
// by its English name, which the stored incidents carry. A place filter
// that names no place is an error that says so.
func (s *Server) resolvePlaces(r *http.Request, f *trucewatch.IncidentFilter) error {
	if f.Place != "" && !placeCode.MatchString(f.Place) {
		code, err := s.placeFilter(langOf(r), f.Place)
		if err != nil {
			return err
		}
		f.Place = code
	}
	if f.Text == "" || s.gaz == nil {
		return nil
	}
	words := strings.Fields(f.Text)
	var terms []string
	for i := 0; i < len(words); {
		n := 0
		for j := min(len(words), i+maxPlaceWords); j > i; j-- {
			m, err := s.gaz.Geocode(strings.Join(words[i:j], " "), "")
			if err != nil {
				continue
			}
			p := m.Place
			if p.Precision == trucewatch.PlaceAdmin1 && (f.Place == "" || f.Place == p.Admin1) {
				f.Place = p.Admin1
			} else {
				terms = append(terms, p.Name)
			}
			n = j - i
			break
		}
		if n == 0 {
			// a word of one or two letters beside others is a preposition
			// or an article (в Сумах, in Sumy), not worth finding
			if utf8.RuneCountInString(words[i]) > 2 || len(words) == 1 {
				terms = append(terms, searchWord(words[i]))
			}
			n = 1
		}
		i += n
	}
	f.Text = strings.Join(terms, " ")
	return nil
}

// searchWord is a word of the search as the store looks for it: a
// Cyrillic word of five letters or more loses its ending (лікарня finds
// лікарню and лікарні, больница больницу).
func searchWord(w string) string {
	rs := []rune(w)
	if len(rs) < 5 || !isCyrillicWord(w) {
		return w
	}
	if strings.ContainsRune("аяоеєиіїуюыьйэ", rs[len(rs)-1]) {
		rs = rs[:len(rs)-1]
	}
	return string(rs)
}

func isCyrillicWord(w string) bool {
	for _, r := range w {
		if r < 0x400 || r > 0x4ff {
			return false
		}
	}
	return true
}

// placeFilter is the code of the place a place filter names: a label of
// the place picker (in any language), else what the geocoder makes of it.
func (s *Server) placeFilter(l i18n.Lang, name string) (string, error) {
	if code, ok := s.picker().codes[strings.ToLower(strings.TrimSpace(name))]; ok {
		return code, nil
	}
	unknown := func() error {
		return badRequest("place: no place named %q: give a place's name, a gazetteer id (gn:692194) or an ISO 3166-2 code (UA-59)", name).
			localised("error.place_unknown", name)
	}
	if s.gaz == nil {
		return "", unknown()
	}
	m, err := s.gaz.Geocode(name, "")
	if errors.Is(err, trucewatch.ErrNotFound) {
		return "", unknown()
	}
	if err != nil {
		return "", fmt.Errorf("place %q: %w", name, err)
	}
	switch m.Place.Precision {
	case trucewatch.PlaceAdmin1:
		return m.Place.Admin1, nil
	case trucewatch.PlaceSettlement:
		return m.Place.ID, nil
	}
	return "", badRequest("place: %q is a country or a region; give an oblast or a town, or search for it (q)", name).
		localised("error.place_too_wide", s.placeName(l, m.Place))
}

// placePicker is what the place filter offers: the first-level units of
// Ukraine and Russia, by name in each language.
type placePicker struct {
	labels map[i18n.Lang][]pickerOption // sorted by label
	codes  map[string]string            // a label in any language, lower case → its code
	byCode map[i18n.Lang]map[string]string
}

type pickerOption struct{ Label, Code string }

var pickerCountries = []trucewatch.Party{trucewatch.PartyUA, trucewatch.PartyRU}

// picker builds the place picker once.
func (s *Server) picker() *placePicker {
	s.pickerOnce.Do(func() {
		p := &placePicker{labels: map[i18n.Lang][]pickerOption{}, codes: map[string]string{}, byCode: map[i18n.Lang]map[string]string{}}
		if s.gaz != nil {
			for _, l := range i18n.Langs {
				p.byCode[l] = map[string]string{}
				for _, code := range s.gaz.Admin1Codes(pickerCountries) {
					pl, _ := s.gaz.Place("adm1:" + code)
					label := s.admin1Label(l, pl)
					p.labels[l] = append(p.labels[l], pickerOption{label, code})
					p.codes[strings.ToLower(label)] = code
					p.byCode[l][code] = label
				}
				sort.Slice(p.labels[l], func(i, j int) bool { return p.labels[l][i].Label < p.labels[l][j].Label })
			}
		}
		s.pickerData = p
	})
	return s.pickerData
}

// admin1Label is a first-level unit's name in the picker: the Ukrainian
// and Russian names as they are (Сумська область); the English and German
// ones with the country (Sumy Oblast (Ukraine)), as the picker always
// wrote them.
func (s *Server) admin1Label(l i18n.Lang, p trucewatch.Place) string {
	name := s.placeName(l, p)
	if l == i18n.Ukrainian || l == i18n.Russian {
		return name
	}
	return s.printers[l].T("place.in_country", name, s.printers[l].Vocab("party.", string(p.Country)))
}

// pickerView is the place picker of a page: its options in the page's
// language and the filter's current value, a code shown by its label.
type pickerView struct {
	Value   string
	Options []pickerOption
}

func (s *Server) pickerView(l i18n.Lang, value string) pickerView {
	p := s.picker()
	v := pickerView{Value: value, Options: p.labels[l]}
	if label, ok := p.byCode[l][value]; ok {
		v.Value = label
	}
	return v
}

// pickerState is the picker's lazily built data.
type pickerState struct {
	pickerOnce sync.Once
	pickerData *placePicker
}

// incidentFilter reads the incident filters of r, place names resolved
// (resolvePlaces): the list, the map, the exports and the feed all take
// them.
func (s *Server) incidentFilter(r *http.Request) (trucewatch.IncidentFilter, error) {
	f, err := query{r}.incidentFilter()
	if err != nil {
		return f, err
	}
	return f, s.resolvePlaces(r, &f)
}
