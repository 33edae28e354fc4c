package export

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
)

// Feed is an Atom feed (RFC 4287) of incidents.
type Feed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"` // xml:lang, the language of its texts
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  AtomPerson  `xml:"author"`
	Links   []AtomLink  `xml:"link"`
	Entries []AtomEntry `xml:"entry"`
}

// AtomPerson is an author.
type AtomPerson struct {
	Name string `xml:"name"`
}

// AtomLink is a link; Rel "" means "alternate".
type AtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

// AtomEntry is one incident.
type AtomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []AtomLink `xml:"link"`
	Summary string     `xml:"summary"`
}

// Words write a feed's entries for its readers, in their language: an
// incident's title and a record's summary. The zero Words write English
// with the record's codes (EntryTitle, Summary).
type Words struct {
	Lang    string // the language's code (xml:lang); "" for none
	Title   func(trucewatch.Incident) string
	Summary func(trucewatch.IncidentRecord) string
}

// NewFeed makes the feed of recs (newest written first). self is the
// feed's own URL, base the site's root URL ("https://monitor.example"),
// from which the incident pages' links are made; title describes the
// filter; w writes the entries. An entry's updated time is the record's
// (Updated), or the incident's first day when the record has none; the
// feed's is its newest entry's, or now when it has none.
func NewFeed(recs []trucewatch.IncidentRecord, self, base, title string, now time.Time, w Words) Feed {
	if w.Title == nil {
		w.Title = EntryTitle
	}
	if w.Summary == nil {
		w.Summary = Summary
	}
	f := Feed{Lang: w.Lang, ID: self, Title: title, Author: AtomPerson{Name: "trucewatch"},
		Links: []AtomLink{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: base + "/", Type: "text/html"}}}
	var newest time.Time
	for _, r := range recs {
		inc := r.Incident
		t := r.Updated()
		if t.IsZero() {
			t = inc.From.Time(time.UTC)
		}
		if t.After(newest) {
			newest = t
		}
		url := base + "/incidents/" + inc.ID
		f.Entries = append(f.Entries, AtomEntry{ID: url, Title: w.Title(inc), Updated: t.UTC().Format(time.RFC3339),
			Links: []AtomLink{{Href: url, Type: "text/html"}}, Summary: w.Summary(r)})
	}
	if newest.IsZero() {
		newest = now
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	return f
}

// EntryTitle is "Strike on energy (oil depot) in Sumy, 2025-03-19".
func EntryTitle(inc trucewatch.Incident) string {
	t := "Strike on " + string(inc.Target)
	if inc.TargetDetail != "" {
		t += " (" + inc.TargetDetail + ")"
	}
	if inc.Place.Name != "" {
		t += " in " + inc.Place.Name
	}
	return t + ", " + inc.From.String()
}

// Summary says where, when, what, who is accused and the assessments.
func Summary(r trucewatch.IncidentRecord) string {
	inc := r.Incident
	day := inc.From.String()
	if inc.To != inc.From {
		day += " to " + inc.To.String()
	}
	accused := trucewatch.JoinParties(inc.Accused, ", ")
	if accused == "" {
		accused = "nobody"
	}
	s := fmt.Sprintf("Place: %s (%s). Date: %s. Target: %s", inc.Place.Name, inc.Place.Country, day, inc.Target)
	if inc.TargetDetail != "" {
		s += " (" + inc.TargetDetail + ")"
	}
	s += ". Accused: " + accused + "."
	if st := statuses(r); st != "" {
		s += " Status: " + strings.ReplaceAll(st, ";", "; ") + "."
	}
	return s
}

// WriteFeed writes the feed as an XML document.
func WriteFeed(w io.Writer, f Feed) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("write feed: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}
