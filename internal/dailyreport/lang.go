package dailyreport

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// The report's language: every word it writes comes from the catalogues
// of internal/i18n (messages/*/report.json, and the vocabularies of
// core.json: status.*, party.*, target.*, agreement_status.*); dates and
// numbers are written in the language's style, place names are the
// gazetteer's in the language. Stored texts (sentences, reasons, titles,
// target details) stay as stored.

var defaultCatalog = sync.OnceValues(i18n.Load)

// translator writes the report's words in one language.
type translator struct {
	p   *i18n.Printer
	gaz *geo.Gazetteer
	// ag is the texts of the report's agreement in the language, made
	// once by Build (remember); agKey names that agreement.
	ag    trucewatch.AgreementText
	agKey agreementKey
}

// agreementKey names one version of an agreement.
type agreementKey struct {
	id      string
	version int
}

// remember makes the texts of a in the language once, for text.
func (t *translator) remember(a trucewatch.Agreement) {
	t.ag, t.agKey = a.Text(string(t.p.Lang)), agreementKey{a.ID, a.Version}
}

// text is the agreement's texts in the language: those remember made
// when they are of a, else made now.
func (t *translator) text(a trucewatch.Agreement) trucewatch.AgreementText {
	if t.agKey != (agreementKey{}) && t.agKey == (agreementKey{a.ID, a.Version}) {
		return t.ag
	}
	return a.Text(string(t.p.Lang))
}

func newTranslator(cat *i18n.Catalog, l i18n.Lang, g *geo.Gazetteer) (*translator, error) {
	if cat == nil {
		var err error
		if cat, err = defaultCatalog(); err != nil {
			return nil, err
		}
	}
	if l == "" {
		l = i18n.English
	}
	if !slices.Contains(i18n.Langs, l) {
		return nil, fmt.Errorf("language %q: %w: want en, de, uk or ru", l, trucewatch.ErrInvalid)
	}
	return &translator{p: cat.Printer(l), gaz: g}, nil
}

// printerTranslator is the translator that writes with p.
func printerTranslator(p *i18n.Printer, g *geo.Gazetteer) (*translator, error) {
	if !slices.Contains(i18n.Langs, p.Lang) {
		return nil, fmt.Errorf("language %q: %w: want en, de, uk or ru", p.Lang, trucewatch.ErrInvalid)
	}
	return &translator{p: p, gaz: g}, nil
}

// translator is the report's translator; English for a Report not made by Build.
func (rep *Report) translator() *translator {
	if rep.tr == nil {
		t, err := newTranslator(nil, rep.Lang, nil)
		if err != nil {
			t, _ = newTranslator(nil, i18n.English, nil)
		}
		rep.tr = t
	}
	return rep.tr
}

// T is the message key with args.
func (t *translator) T(key string, args ...any) string { return t.p.T(key, args...) }

func (t *translator) party(p trucewatch.Party) string { return t.p.Vocab("party.", string(p)) }

// status is a status's name; "" (out of scope) is status.out.
func (t *translator) status(s trucewatch.AssessmentStatus) string {
	if s == "" {
		return t.T("status.out")
	}
	return t.p.Vocab("status.", string(s))
}

// place is a place's name in the language: a country's from the
// catalogues, any other's from the gazetteer (as the dashboard names
// them), the stored name when the gazetteer has no such place.
func (t *translator) place(p trucewatch.Place) string {
	if p.Precision == trucewatch.PlaceCountry && p.Country != "" {
		return t.party(p.Country)
	}
	if t.gaz == nil || t.p.Lang == i18n.English || p.ID == "" {
		return p.Name
	}
	return t.gaz.LocalName(p.ID, string(t.p.Lang), p.Name)
}

// region is the name of the first-level unit with the ISO 3166-2 code in
// the language.
func (t *translator) region(iso string) string {
	if t.gaz == nil {
		return iso
	}
	en := t.gaz.Admin1Name(iso)
	if t.p.Lang == i18n.English {
		return en
	}
	return t.gaz.LocalName("adm1:"+iso, string(t.p.Lang), en)
}

// breakdown is a tally's non-zero statuses in words: "1 alleged, 2
// corroborated", with the plural forms of the language.
func (t *translator) breakdown(tl Tally) string {
	var parts []string
	for _, s := range Statuses {
		if tl[s] > 0 {
			parts = append(parts, t.T("report.tally."+string(s), tl[s]))
		}
	}
	return strings.Join(parts, ", ")
}
