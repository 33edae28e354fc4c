// Package i18n gives the dashboard its four languages: English, German,
// Ukrainian and Russian. It chooses the reader's language (Match), holds
// the message catalogues (embedded JSON under messages/, one folder per
// language) and formats messages, dates and numbers in a language
// (Printer). It is built on golang.org/x/text: language matching,
// message catalogues and the CLDR plural rules.
//
// A catalogue file is a flat JSON object. A key maps to a string, or to
// an object of plural forms ("zero", "one", "two", "few", "many",
// "other"; "=0" and the like for exact numbers) chosen by the message's
// first argument, which must then be an integer. Messages are printf
// formats (%s, %d, %v; %[2]s to reorder); numbers they print are written
// in the language's style (1,234 in English, 1.234 in German). Every file
// of a language's folder is read and merged; a key defined twice in one
// language is an error. docs/web.md says how to add a string or a
// language.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

//go:embed messages
var messagesFS embed.FS

// Lang is a supported language, as its ISO 639-1 code: "en", "de", "uk",
// "ru".
type Lang string

// The supported languages; English is the default.
const (
	English   Lang = "en"
	German    Lang = "de"
	Ukrainian Lang = "uk"
	Russian   Lang = "ru"
)

// Langs are the supported languages in the order the switcher shows them.
var Langs = []Lang{English, German, Ukrainian, Russian}

var tags = []language.Tag{language.English, language.German, language.Ukrainian, language.Russian}

var matcher = language.NewMatcher(tags)

// Tag is the language's BCP 47 tag.
func (l Lang) Tag() language.Tag {
	if i := slices.Index(Langs, l); i >= 0 {
		return tags[i]
	}
	return language.English
}

// Name is the language's name in itself, for the switcher.
func (l Lang) Name() string {
	switch l {
	case German:
		return "Deutsch"
	case Ukrainian:
		return "Українська"
	case Russian:
		return "Русский"
	}
	return "English"
}

// Parse returns the supported language that the tag s asks for ("de",
// "de-AT", "uk-UA"), and false when s is no language or none supported.
func Parse(s string) (Lang, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return English, false
	}
	t, err := language.Parse(s)
	if err != nil {
		return English, false
	}
	_, i, conf := matcher.Match(t)
	if conf == language.No {
		return English, false
	}
	return Langs[i], true
}

// Match chooses the reader's language: the first of choices (the ?lang=
// parameter, then the remembered cookie) that names a supported language,
// else the best match of the Accept-Language header, else English.
func Match(acceptLanguage string, choices ...string) Lang {
	for _, c := range choices {
		if l, ok := Parse(c); ok {
			return l
		}
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return English
	}
	_, i, conf := matcher.Match(prefs...)
	if conf == language.No {
		return English
	}
	return Langs[i]
}

// Catalog is the messages of every language.
type Catalog struct {
	builder *catalog.Builder
	keys    map[Lang]map[string]bool
}

// Load reads the embedded catalogues.
func Load() (*Catalog, error) {
	sub, err := fs.Sub(messagesFS, "messages")
	if err != nil {
		return nil, err
	}
	return LoadFS(sub)
}

// LoadFS reads the catalogues of fsys: a folder per language, each JSON
// file in it a flat object of messages.
func LoadFS(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{builder: catalog.NewBuilder(catalog.Fallback(language.English)), keys: map[Lang]map[string]bool{}}
	for _, l := range Langs {
		c.keys[l] = map[string]bool{}
		files, err := fs.Glob(fsys, string(l)+"/*.json")
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("i18n: no catalogue for %s (want %s/*.json)", l, l)
		}
		for _, name := range files {
			if err := c.loadFile(fsys, l, name); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

func (c *Catalog) loadFile(fsys fs.FS, l Lang, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("i18n: %w", err)
	}
	var entries map[string]json.RawMessage
	if err := json.Unmarshal(data, &entries); err != nil {
		return fmt.Errorf("i18n: messages/%s: %w", name, err)
	}
	for key, raw := range entries {
		if c.keys[l][key] {
			return fmt.Errorf("i18n: messages/%s: key %q is already defined for %s in another file", name, key, l)
		}
		c.keys[l][key] = true
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			if err := c.builder.SetString(l.Tag(), key, s); err != nil {
				return fmt.Errorf("i18n: messages/%s: %q: %w", name, key, err)
			}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(raw, &forms); err != nil {
			return fmt.Errorf("i18n: messages/%s: %q: want a string or an object of plural forms", name, key)
		}
		if forms["other"] == "" {
			return fmt.Errorf("i18n: messages/%s: %q: a plural needs the form \"other\"", name, key)
		}
		var cases []any
		for _, f := range sortedForms(forms) {
			if !validForm(f) {
				return fmt.Errorf("i18n: messages/%s: %q: %q is no plural form (want zero, one, two, few, many, other or =N)", name, key, f)
			}
			cases = append(cases, f, forms[f])
		}
		if err := c.builder.Set(l.Tag(), key, plural.Selectf(1, "%d", cases...)); err != nil {
			return fmt.Errorf("i18n: messages/%s: %q: %w", name, key, err)
		}
	}
	return nil
}

func validForm(f string) bool {
	switch f {
	case "zero", "one", "two", "few", "many", "other":
		return true
	}
	return strings.HasPrefix(f, "=") && len(f) > 1 && strings.Trim(f[1:], "0123456789") == ""
}

// sortedForms puts exact numbers first and "other" last, as plural.Selectf
// wants.
func sortedForms(forms map[string]string) []string {
	order := map[string]int{"zero": 1, "one": 2, "two": 3, "few": 4, "many": 5, "other": 6}
	out := make([]string, 0, len(forms))
	for f := range forms {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if order[out[i]] != order[out[j]] {
			return order[out[i]] < order[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// Has says whether the language's catalogue defines key.
func (c *Catalog) Has(l Lang, key string) bool { return c.keys[l][key] }

// Keys are the keys of a language's catalogue, sorted.
func (c *Catalog) Keys(l Lang) []string {
	out := make([]string, 0, len(c.keys[l]))
	for k := range c.keys[l] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Missing lists, per language, the keys some other language defines and
// it does not: "de: home.title" and the like, sorted; empty when every
// catalogue is complete.
func (c *Catalog) Missing() []string {
	all := map[string]bool{}
	for _, l := range Langs {
		for k := range c.keys[l] {
			all[k] = true
		}
	}
	var out []string
	for _, l := range Langs {
		for k := range all {
			if !c.keys[l][k] {
				out = append(out, string(l)+": "+k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Printer formats in one language.
type Printer struct {
	Lang Lang
	p    *message.Printer
	cat  *Catalog
}

// Printer returns the printer of l.
func (c *Catalog) Printer(l Lang) *Printer {
	return &Printer{Lang: l, p: message.NewPrinter(l.Tag(), message.Catalog(c.builder)), cat: c}
}

// Vocab is the word of a vocabulary value in the printer's language: the
// message prefix+v ("party.RU"), or v itself when the catalogue has none
// (a party code no catalogue names, a value added to the vocabulary
// later).
func (p *Printer) Vocab(prefix, v string) string {
	if v == "" || !p.cat.Has(p.Lang, prefix+v) {
		return v
	}
	return p.T(prefix + v)
}

// Parties are the parties' names in the printer's language joined with
// ", "; "nobody" (party.nobody) when there are none.
func (p *Printer) Parties(ps []trucewatch.Party) string {
	if len(ps) == 0 {
		return p.T("party.nobody")
	}
	names := make([]string, len(ps))
	for i, x := range ps {
		names[i] = p.Vocab("party.", string(x))
	}
	return strings.Join(names, ", ")
}

// Reason is why an assessment came out as it did, in the printer's
// language: its Why steps joined by "; ", each the message of its code
// with its values written for the reader. An assessment made before
// reasons were messages has only its English Reason, which comes back as
// it is.
func (p *Printer) Reason(a trucewatch.Assessment) string {
	if len(a.Why) == 0 {
		return a.Reason
	}
	steps := make([]string, len(a.Why))
	for i, w := range a.Why {
		args := make([]any, len(w.Args))
		for j, x := range w.Args {
			if j == 1 && x.Kind == trucewatch.WhyText && (w.Code == trucewatch.WhyFacilityCovered || w.Code == trucewatch.WhyDetailNotListed) {
				x.Kind = trucewatch.WhyFacility // stored before facilities had their kind
			}
			args[j] = p.whyArg(x)
		}
		steps[i] = p.T(w.Code, args...)
	}
	return strings.Join(steps, "; ")
}

// Origin is an origin's name in the printer's language: a party's
// officials ("officials of RU": "офіційні особи (Росія)") and a speaker a
// report does not name are written in it, an outlet's name stays as it
// is.
func (p *Printer) Origin(name string) string {
	if party, ok := trucewatch.OfficialsParty(name); ok {
		return p.T("origin.officials", p.Vocab("party.", string(party)))
	}
	if outlet, ok := trucewatch.UnnamedSpeakerOutlet(name); ok {
		return p.T("origin.unnamed", outlet)
	}
	return name
}

// TextHTML is a text that may be the reader's language or fall back to
// English (an agreement's, trucewatch.Text) as HTML: escaped, and marked
// lang="en" when it fell back, so that screen readers and the render
// checks know it is English.
func TextHTML(t trucewatch.Text) template.HTML {
	esc := template.HTMLEscapeString(t.Text)
	if t.Fallback {
		return template.HTML(`<span lang="en">` + esc + `</span>`)
	}
	return template.HTML(esc)
}

// HTML is T as HTML: its trucewatch.Text arguments written as TextHTML
// writes them, the rest of the message escaped.
func (p *Printer) HTML(key string, args ...any) template.HTML {
	var texts []trucewatch.Text
	for i, a := range args {
		if t, ok := a.(trucewatch.Text); ok {
			args[i] = fmt.Sprintf("\uE000%d\uE001", len(texts))
			texts = append(texts, t)
		}
	}
	out := template.HTMLEscapeString(p.T(key, args...))
	for i, t := range texts {
		out = strings.Replace(out, fmt.Sprintf("\uE000%d\uE001", i), string(TextHTML(t)), 1)
	}
	return template.HTML(out)
}

// utcOffset is t's offset from UTC: UTC, UTC+2, UTC+5:30, UTC−3.
func utcOffset(t time.Time) string {
	_, secs := t.Zone()
	if secs == 0 {
		return "UTC"
	}
	sign := "+"
	if secs < 0 {
		sign, secs = "−", -secs
	}
	s := fmt.Sprintf("UTC%s%d", sign, secs/3600)
	if m := secs % 3600 / 60; m != 0 {
		s += fmt.Sprintf(":%02d", m)
	}
	return s
}

// whyArg is a value of a Why as the reader sees it.
func (p *Printer) whyArg(x trucewatch.WhyArg) string {
	switch x.Kind {
	case trucewatch.WhyParty:
		return p.Vocab("party.", x.Value)
	case trucewatch.WhyTarget:
		return p.Vocab("target.", x.Value)
	case trucewatch.WhyTargets:
		ts := strings.Split(x.Value, ", ")
		for i, t := range ts {
			ts[i] = p.Vocab("target.", t)
		}
		return strings.Join(ts, ", ")
	case trucewatch.WhyFacility:
		return p.Vocab("facility.", x.Value)
	case trucewatch.WhyOutlets:
		names := strings.Split(x.Value, "\n")
		for i, n := range names {
			names[i] = p.Origin(n)
		}
		return strings.Join(names, ", ")
	case trucewatch.WhyDay:
		if d, err := time.Parse("2006-01-02", x.Value); err == nil {
			return p.Date(d)
		}
	case trucewatch.WhyMoment:
		// The day in the reader's style, the time of day and its offset
		// from UTC (a zone's abbreviation, EET, is words of one language).
		if t, err := time.Parse(time.RFC3339, x.Value); err == nil {
			return p.Date(t) + t.Format(" 15:04 ") + utcOffset(t)
		}
	}
	return x.Value
}

// T is the message key in the printer's language, formatted with args; a
// key no catalogue has comes back as itself, so that a missing message
// shows rather than disappears (the tests fail on it).
func (p *Printer) T(key string, args ...any) string { return p.p.Sprintf(key, args...) }

// Num is n written in the language's style: 1,234 (en), 1.234 (de),
// 1 234 (uk, ru).
func (p *Printer) Num(n any) string { return p.p.Sprint(n) }

// Date is a day in the language's style: "18 Mar 2025" in English,
// "18.03.2025" in German, Ukrainian and Russian.
func (p *Printer) Date(t time.Time) string {
	if p.Lang == English {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02.01.2006")
}

// Day is a calendar day in the language's style (as Date writes it), ""
// for the zero day.
func (p *Printer) Day(d trucewatch.Date) string {
	if d.IsZero() {
		return ""
	}
	return p.Date(d.Time(time.UTC))
}

// Published is when a report was published in the language's style: its
// day (as Date writes it) when the report gave no time of day, else the
// moment in UTC (as DateTime writes it); "" when unknown.
func (p *Printer) Published(pub trucewatch.Published) string {
	switch {
	case pub.IsZero():
		return ""
	case pub.DateOnly:
		return p.Date(pub.Time)
	}
	return p.DateTime(pub.Time)
}

// DateTime is a moment in UTC in the language's style: "18 Mar 2025 14:05
// UTC", "18.03.2025 14:05 UTC".
func (p *Printer) DateTime(t time.Time) string {
	return p.Date(t.UTC()) + t.UTC().Format(" 15:04 UTC")
}

// templateCall is a template's call of t with a literal key: {{t "key"}},
// (t "key" .N).
var templateCall = regexp.MustCompile(`(?:^|[\s({|])t\s+"([^"]+)"`)

// goCall is Go code's call of a Printer's T with a literal key (not a
// key made by joining strings: p.T("status."+s)).
var goCall = regexp.MustCompile(`\.T\("([^"]+)"\s*[,)]`)

// TemplateKeys lists the keys a template's text uses through t.
func TemplateKeys(text string) []string { return submatches(templateCall, text) }

// GoKeys lists the keys Go source uses through Printer.T.
func GoKeys(text string) []string { return submatches(goCall, text) }

func submatches(re *regexp.Regexp, text string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}
