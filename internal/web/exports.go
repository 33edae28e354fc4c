package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/export"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// exportFlushEvery is how many records an export writes between flushes
// of the response, so that a client sees it arrive as it is read.
const exportFlushEvery = 1000

// feedEntries is how many incidents a feed holds: the newest written.
const feedEntries = 100

// apiExport serves /api/v1/export/incidents.FORMAT: every incident the
// list's filters select (limit, when given, caps them; offset is not
// read), streamed from the store in the format.
func (s *Server) apiExport(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := s.incidentFilter(r)
		if err != nil {
			return err
		}
		if r.URL.Query().Get("limit") == "" {
			f.Limit = 0 // everything
		}
		f.Offset = 0
		ex, err := export.NewWriter(w, format, export.Options{Admin1Name: s.gaz.Admin1Name})
		if err != nil {
			return err
		}
		h := w.Header()
		h.Set("Content-Type", export.ContentType[format])
		h.Set("Content-Disposition", `attachment; filename="incidents.`+format+`"`)
		rc := http.NewResponseController(w)
		// The server's write timeout (a minute) is for pages; an export of
		// a large record takes longer, and sends as it goes.
		if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
		err = s.store.EachIncident(r.Context(), f, func(rec trucewatch.IncidentRecord) error {
			if err := ex.Write(rec); err != nil {
				return err
			}
			if ex.Count()%exportFlushEvery == 0 {
				if err := ex.Flush(); err != nil {
					return err
				}
				return rc.Flush()
			}
			return nil
		})
		if err == nil {
			err = ex.Close()
		}
		if err != nil && ex.Count() > 0 {
			// The status and part of the body are sent: all that is left
			// is to cut the response short, which the client sees as an
			// incomplete body.
			s.log.Error("export failed", "path", r.URL.Path, "written", ex.Count(), "err", err)
			panic(http.ErrAbortHandler)
		}
		return err
	}
}

// feed serves /feeds/incidents.atom: the newest written incidents the
// list's filters select, as an Atom feed.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) error {
	f, err := s.incidentFilter(r)
	if err != nil {
		return err
	}
	recs, err := s.store.RecentIncidents(r.Context(), f, feedEntries)
	if err != nil {
		return err
	}
	base := "http://" + r.Host
	if r.TLS != nil {
		base = "https://" + r.Host
	}
	l := langOf(r)
	feed := export.NewFeed(recs, base+r.URL.RequestURI(), base, s.feedTitle(l, r.URL.Query()), s.now(), s.feedWords(l))
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Content-Language", string(l))
	w.Header().Add("Vary", "Accept-Language, Cookie")
	return export.WriteFeed(w, feed)
}

// feedFilters are the query parameters a feed's link keeps: the list's
// filters, without its page, each with the message of its name and, for
// a vocabulary's value, the prefix of the value's message.
var feedFilters = []struct{ param, label, vocab string }{
	{"from", "dash.filter.from", ""}, {"to", "dash.filter.to", ""}, {"bbox", "feed.filter.bbox", ""}, {"place", "dash.list.place", ""},
	{"target", "dash.filter.target", "target."}, {"party", "dash.filter.accused", "party."}, {"status", "dash.filter.status", "status."},
	{"agreement", "dash.filter.agreement", ""}, {"q", "dash.filter.search", ""},
}

// feedTitle names the feed after its filters, in the reader's language.
func (s *Server) feedTitle(l i18n.Lang, q url.Values) string {
	p := s.printers[l]
	var parts []string
	for _, f := range feedFilters {
		v := q.Get(f.param)
		if d, err := trucewatch.ParseDate(v); err == nil && (f.param == "from" || f.param == "to") {
			v = p.Day(d)
		}
		if f.vocab != "" {
			v = p.Vocab(f.vocab, v)
		}
		if v != "" {
			parts = append(parts, p.T(f.label)+" "+v)
		}
	}
	if len(parts) == 0 {
		return p.T("feed.title")
	}
	return p.T("feed.title_filtered", strings.Join(parts, ", "))
}

// feedWords write a feed's entries in the reader's language: the target
// class, its detail (the kind of facility), party, status and place names
// and the days as the pages write them; agreements' and readings' IDs as
// stored.
func (s *Server) feedWords(l i18n.Lang) export.Words {
	p := s.printers[l]
	what := func(inc trucewatch.Incident) string {
		w := p.Vocab("target.", string(inc.Target))
		if inc.TargetDetail != "" {
			w += " (" + p.Vocab("facility.", inc.TargetDetail) + ")"
		}
		return w
	}
	days := func(inc trucewatch.Incident) string {
		d := p.Day(inc.From)
		if inc.To != inc.From {
			d += " – " + p.Day(inc.To)
		}
		return d
	}
	return export.Words{
		Lang: string(l),
		Title: func(inc trucewatch.Incident) string {
			if inc.Place.Name == "" {
				return p.T("feed.entry_noplace", what(inc), days(inc))
			}
			return p.T("feed.entry", what(inc), s.placeName(l, inc.Place), days(inc))
		},
		Summary: func(r trucewatch.IncidentRecord) string {
			inc := r.Incident
			text := p.T("feed.summary", s.placeName(l, inc.Place), p.Vocab("party.", string(inc.Place.Country)), days(inc), what(inc), p.Parties(inc.Accused))
			var st []string
			for _, a := range r.Assessments {
				if a.InScope {
					st = append(st, fmt.Sprintf("%s/%s, %s: %s", a.AgreementID, a.ReadingID, p.Vocab("party.", string(a.Accused)), p.Vocab("status.", string(a.Status))))
				}
			}
			if len(st) > 0 {
				text += " " + p.T("feed.status", strings.Join(st, "; "))
			}
			return text
		},
	}
}

// feedURL is the feed of the list q shows, in the language l the reader
// reads it in (feed readers send no Accept-Language of their own).
func feedURL(q url.Values, l i18n.Lang) string {
	v := url.Values{}
	for _, f := range feedFilters {
		if x := q.Get(f.param); x != "" {
			v.Set(f.param, x)
		}
	}
	v.Set("lang", string(l))
	return "/feeds/incidents.atom?" + v.Encode()
}
