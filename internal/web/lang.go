package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// The reader's language (docs/web.md, "Languages"): ?lang= first, then the
// cookie that remembers the last ?lang=, then Accept-Language, then
// English. Every page is rendered by the template set of its language,
// whose functions (t, date, num, place…) write in that language.

// langCookie remembers the language the reader chose with ?lang=.
const langCookie = "lang"

// langOf is the language of the request.
func langOf(r *http.Request) i18n.Lang {
	choices := []string{r.URL.Query().Get("lang")}
	if c, err := r.Cookie(langCookie); err == nil {
		choices = append(choices, c.Value)
	}
	return i18n.Match(r.Header.Get("Accept-Language"), choices...)
}

// printer is the request's language's printer, for the strings that Go
// writes (page titles, error messages).
func (s *Server) printer(r *http.Request) *i18n.Printer { return s.printers[langOf(r)] }

// langLink is one entry of the language switcher: the same page and
// query in another language.
type langLink struct {
	Lang    i18n.Lang
	Name    string
	Href    string
	Current bool
}

// langLinks are the switcher's links for r.
func langLinks(r *http.Request, cur i18n.Lang) []langLink {
	out := make([]langLink, 0, len(i18n.Langs))
	for _, l := range i18n.Langs {
		q := r.URL.Query()
		q.Set("lang", string(l))
		out = append(out, langLink{Lang: l, Name: l.Name(), Href: r.URL.Path + "?" + q.Encode(), Current: l == cur})
	}
	return out
}

// rememberLang keeps a ?lang= choice in a cookie, so that the reader's
// next pages (links without ?lang=) stay in that language.
func (s *Server) rememberLang(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query().Get("lang")
	l, ok := i18n.Parse(v)
	if !ok {
		return
	}
	if c, err := r.Cookie(langCookie); err == nil && c.Value == string(l) {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// parseTemplates parses the page templates once per language, each set
// with the functions of its language.
func (s *Server) parseTemplates() error {
	s.pages = map[i18n.Lang]*template.Template{}
	for _, l := range i18n.Langs {
		t, err := template.New("").Funcs(s.funcsFor(s.printers[l])).ParseFS(templateFS, "templates/*.html")
		if err != nil {
			return err
		}
		s.pages[l] = t
	}
	return nil
}

// funcsFor are the template functions of a language:
//
//	{{t "key" args…}}      the message key (a plural by its first argument)
//	{{date .Day}}          a trucewatch.Date or time.Time: 18 Mar 2025, 18.03.2025
//	{{datetime .At}}       a time.Time in UTC with hours and minutes
//	{{dateHint}}           the example day that date fields show: 31 Mar 2025, 31.03.2025
//	{{dateMode}}           a date field's inputmode: text, or decimal for numbers
//	{{published .P}}       a report's publication as the API writes it (a day, or RFC 3339), as date or datetime
//	{{num .N}}             a number: 1,234 / 1.234 / 1 234
//	{{place .Place}}       a place's name in the language
//	{{status .Status}}     an assessment status's name (status.*)
//	{{target .Target}}     a target class's name (target.*)
//	{{facility .TargetDetail}} a target's detail, the kind of facility (facility.*; as stored when none)
//	{{party .Party}}       a party's name (party.*; the code when none)
//	{{parties .Parties}}   party names joined with commas ("nobody" when none)
//	{{precision .P}}       a place precision's word (precision.*)
//	{{affiliation .A}}     an outlet's affiliation (affiliation.*)
//	{{role .User.Role}}    an account's role (role.*)
//	{{agreementStatus .S}} an agreement's status (agreement_status.*)
//	{{reason .A}}          why an assessment came out so (why.*)
//	{{origin .Outlet}}     an origin's name: a party's officials in the language, an outlet as it is
//	{{draftSource .Source}} where a draft came from: a claim, or the file it was loaded from
//	{{field "place"}}      a corrected field's name (dash.field.*)
//	{{language .Report.Language}} a report's language by name (language.*; the code when none)
//	{{lang}}               the language's code
//	{{agreement .A}}       an agreement's texts in the language (trucewatch.AgreementText)
//	{{atext .Title}}       an agreement's text (trucewatch.Text), in <span lang="en"> where it is the file's English
//	{{th "key" args…}}     t, as HTML, with the agreement texts among its arguments as atext writes them
func (s *Server) funcsFor(p *i18n.Printer) template.FuncMap {
	vocab := func(prefix string) func(v any) string {
		return func(v any) string { return p.Vocab(prefix, toString(v)) }
	}
	return template.FuncMap{
		"t":    p.T,
		"lang": func() string { return string(p.Lang) },
		"date": func(v any) string {
			switch d := v.(type) {
			case trucewatch.Date:
				return p.Day(d)
			case time.Time:
				if d.IsZero() {
					return ""
				}
				return p.Date(d)
			}
			return toString(v)
		},
		"datetime": p.DateTime,
		"dateHint": func() string { return dateHint(p) },
		"dateMode": func() string { return dateInputMode(p.Lang) },
		"published": func(s string) string {
			pub, err := trucewatch.ParsePublished(s)
			if err != nil {
				return s
			}
			return p.Published(pub)
		},
		"num":             p.Num,
		"place":           func(pl trucewatch.Place) string { return s.placeName(p.Lang, pl) },
		"status":          vocab("status."),
		"target":          vocab("target."),
		"facility":        vocab("facility."),
		"party":           vocab("party."),
		"precision":       vocab("precision."),
		"affiliation":     vocab("affiliation."),
		"role":            vocab("role."),
		"agreementStatus": vocab("agreement_status."),
		"reason":          p.Reason,
		"origin":          p.Origin,
		"field":           vocab("dash.field."),
		"draftSource": func(src string) string {
			if id, ok := strings.CutPrefix(src, "claim "); ok { // draftFromClaim's
				return p.T("draft.from_claim", id)
			}
			return src
		},
		"language": vocab("language."),
		"parties":  p.Parties,
		"short":    trucewatch.ShortID,
		"list":     func(xs ...string) []string { return xs },
		"shape":    statusShape, // a status's marker shape (mapsvg.go)
		// claimant: who makes a claim, a party's name or "the media".
		"claimant": func(v any) string {
			c := trucewatch.Claimant(toString(v))
			if x, ok := c.Party(); ok {
				return p.Vocab("party.", string(x))
			}
			key := "dash.claimant." + string(cmp.Or(c, trucewatch.ClaimantOther)) // media, other
			return p.T(key)
		},
		"agreement": func(a trucewatch.Agreement) trucewatch.AgreementText { return a.Text(string(p.Lang)) },
		"atext":     i18n.TextHTML,
		"th":        p.HTML,
		"deref": func(n *int) int {
			if n == nil {
				return 0
			}
			return *n
		},
	}
}

// toString is a vocabulary value (a string type) as a string.
func toString(v any) string { return fmt.Sprint(v) }
