package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/export"
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
	feed := export.NewFeed(recs, base+r.URL.RequestURI(), base, feedTitle(r.URL.Query()), s.now())
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	return export.WriteFeed(w, feed)
}

// feedFilters are the query parameters a feed's link keeps: the list's
// filters, without its page.
var feedFilters = []string{"from", "to", "bbox", "place", "target", "party", "status", "agreement", "q"}

// feedTitle names the feed after its filters.
func feedTitle(q url.Values) string {
	var parts []string
	for _, k := range feedFilters {
		if v := q.Get(k); v != "" {
			parts = append(parts, k+" "+v)
		}
	}
	if len(parts) == 0 {
		return "trucewatch: incidents"
	}
	return "trucewatch: incidents, " + strings.Join(parts, ", ")
}

// feedURL is the feed of the list q shows.
func feedURL(q url.Values) string {
	v := url.Values{}
	for _, k := range feedFilters {
		if x := q.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	if len(v) == 0 {
		return "/feeds/incidents.atom"
	}
	return "/feeds/incidents.atom?" + v.Encode()
}
