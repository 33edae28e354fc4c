// Package dailyreport builds the daily report of one agreement, in the
// mould of the OSCE Special Monitoring Mission's daily reports: for one
// day, the accusations in scope of the agreement counted by region and by
// accused party, per reading, against the previous day and the agreement's
// whole period; every incident of the day with its status under each
// reading, its sources and the sentences in their own language; a map;
// and what changed since the previous report. Build reads it from the
// store; HTML, Markdown and PDF (render.go, pdf.go) write it.
// docs/daily-report.md describes it for readers.
package dailyreport

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/assess"
	"github.com/trucewatch/trucewatch/internal/basemap"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// Store is what the report reads of the record.
type Store interface {
	Agreement(ctx context.Context, id string) (trucewatch.Agreement, error)
	Report(ctx context.Context, id string) (trucewatch.Report, error)
	EachIncident(ctx context.Context, f trucewatch.IncidentFilter, fn func(trucewatch.IncidentRecord) error) error
}

// Statuses are the statuses the report counts, in the order it shows them.
var Statuses = []trucewatch.AssessmentStatus{
	trucewatch.StatusAlleged, trucewatch.StatusCorroborated, trucewatch.StatusDisputed,
	trucewatch.StatusConfirmed, trucewatch.StatusRejected,
}

// Tally counts accusations by status.
type Tally map[trucewatch.AssessmentStatus]int

// Total is every accusation the tally counts.
func (t Tally) Total() int {
	n := 0
	for _, c := range t {
		n += c
	}
	return n
}

// Breakdown is the non-zero statuses by their codes: "1 alleged, 2
// corroborated" (the report writes them in its language).
func (t Tally) Breakdown() string {
	var parts []string
	for _, s := range Statuses {
		if t[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", t[s], s))
		}
	}
	return strings.Join(parts, ", ")
}

// Row is one line of a count table: a region or an accused party, counted
// on the day, the day before and over the whole period up to the day.
// Label is in the report's language.
type Row struct {
	Key, Label            string
	Day, Previous, Period Tally
}

// ReadingCounts are the count tables under one reading of the agreement.
type ReadingCounts struct {
	Reading  trucewatch.Reading
	ByRegion []Row // by first-level unit (oblast), most accusations in the period first
	ByParty  []Row // by accused party, likewise
	Total    Row
}

// Incident is an incident of the day as the report shows it.
type Incident struct {
	ID        string
	Day       trucewatch.Date
	Place     trucewatch.Place
	PlaceName string // the place's name in the report's language
	Region    string // the first-level unit's name in the report's language, "" when not known
	Target    string // the target in the report's language and its detail as stored
	Accused   []trucewatch.Party
	Statuses  []ReadingStatus // one per reading and accused party
	Sources   []SourceRef     // the reports of its claims
	Quotes    []Quote         // the sentences of its claims, as written
	Rejected  bool
}

// ReadingStatus is an incident's status under one reading for one
// accused party; Status is empty when the incident is out of that
// reading's scope.
type ReadingStatus struct {
	Reading string
	Accused trucewatch.Party
	Status  trucewatch.AssessmentStatus
	Reason  string           // the reason in the report's language
	Why     []trucewatch.Why // the same as messages (trucewatch.Assessment.Why)
}

// SourceRef is a report an incident's claims were found in.
type SourceRef struct {
	Outlet, URL string
	Published   string // in the report's language's style
}

// Quote is the sentence a claim was found in, in the report's language.
type Quote struct {
	Outlet, Language, Text string
	Rejected               bool
}

// Change is an incident that the reports published on the day first
// named or changed: Kind is "new" when no report published before the day
// named it, "updated" when earlier reports did; Before and After are its
// statuses under each reading from the reports published before the day
// and up to its end.
type Change struct {
	ID       string
	Day      trucewatch.Date
	Place    string // in the report's language
	Kind     string
	Outlets  []string // the outlets that published about it on the day
	Statuses []StatusChange
}

// Changed says whether some status differs before and after the day.
func (c Change) Changed() bool {
	for _, s := range c.Statuses {
		if s.Before != s.After {
			return true
		}
	}
	return false
}

// StatusChange is one reading's and accused party's status before the day
// and after it; "" when out of scope or not yet reported.
type StatusChange struct {
	Reading       string
	Accused       trucewatch.Party
	Before, After trucewatch.AssessmentStatus
}

// Map is what the report's map shows, in basemap's coordinates.
type Map struct {
	Width, Height float64
	Units         []Shape  // first-level units
	Day           []Marker // the incidents of the day
	Earlier       []Marker // the other incidents of the period
	Reading       string   // the reading whose status the day's markers show
}

// Shape is a first-level unit: its rings in map coordinates.
type Shape struct {
	Name      string
	Ukraine   bool
	Occupied  bool
	Rings     [][][2]float64
	HasEvents bool // an incident of the day lies in it
}

// Marker is an incident on the map.
type Marker struct {
	ID     string
	X, Y   float64
	Status trucewatch.AssessmentStatus // under Map.Reading; "" for out of scope
	Label  string                      // the place's name in the report's language
}

// Report is one agreement's daily report.
type Report struct {
	Agreement   trucewatch.Agreement
	Day         trucewatch.Date
	Previous    trucewatch.Date
	PeriodFrom  trucewatch.Date // the first day the agreement (any reading) was in force
	Generated   time.Time
	Readings    []ReadingCounts
	Incidents   []Incident // the day's incidents in scope of some reading
	New         []Change   // incidents first reported on the day
	Updated     []Change   // incidents reported before, with reports on the day
	Map         Map
	PeriodTotal int // incidents in scope in the period
	// Lang is the language the report is written in (Options.Lang); its
	// words come from the catalogues of internal/i18n.
	Lang i18n.Lang
	tr   *translator
	// Served: the HTML is a page of trucewatch serve, with links to the
	// agreement, the day before and the other formats, and its style
	// sheet at /reports/daily.css; otherwise it stands alone.
	Served bool
}

// Options are what Build needs besides the store.
type Options struct {
	Gazetteer *geo.Gazetteer   // region names and the map's borders
	Now       func() time.Time // when the report is made; time.Now when nil
	Lang      i18n.Lang        // the report's language; English when empty
	Catalog   *i18n.Catalog    // the messages; the embedded catalogues when nil
	// Printer, when set, writes the report (a caller's printer kept
	// for its language): its language is the report's, and Lang and
	// Catalog are not used.
	Printer *i18n.Printer
}

// Build reads the daily report of the agreement for the day. It reads
// every incident of the agreement's period up to the day once, a page at
// a time (store.EachIncident), so that its memory grows with the day's
// incidents and the number of regions, not the period's incidents.
func Build(ctx context.Context, st Store, agreementID string, day trucewatch.Date, opt Options) (*Report, error) {
	if opt.Gazetteer == nil {
		return nil, errors.New("daily report: no gazetteer")
	}
	if day.IsZero() {
		return nil, fmt.Errorf("daily report: day: %w: empty", trucewatch.ErrInvalid)
	}
	a, err := st.Agreement(ctx, agreementID)
	if err != nil {
		return nil, fmt.Errorf("daily report: agreement %q: %w", agreementID, err)
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	from := periodStart(a)
	if day.Before(from) {
		return nil, fmt.Errorf("daily report: day %s: %w: before agreement %s was in force (from %s)", day, trucewatch.ErrInvalid, a.ID, from)
	}
	tr, err := newTranslator(opt.Catalog, opt.Lang, opt.Gazetteer)
	if opt.Printer != nil {
		tr, err = printerTranslator(opt.Printer, opt.Gazetteer)
	}
	if err != nil {
		return nil, fmt.Errorf("daily report: %w", err)
	}
	tr.remember(a)
	rep := &Report{Agreement: a, Day: day, Previous: day.AddDays(-1), PeriodFrom: from, Generated: now().UTC(), Lang: tr.p.Lang, tr: tr}
	loc := zone(a.Effective.TimeZone)
	dayStart, dayEnd := day.Time(loc), day.AddDays(1).Time(loc)

	type rowKey struct{ reading, kind, key string }
	rows := map[rowKey]*Row{}
	totals := map[string]*Row{}
	count := func(reading, kind, key, label string, d trucewatch.Date, st trucewatch.AssessmentStatus) {
		k := rowKey{reading, kind, key}
		r := rows[k]
		if r == nil {
			r = &Row{Key: key, Label: label, Day: Tally{}, Previous: Tally{}, Period: Tally{}}
			rows[k] = r
		}
		t := totals[reading]
		if t == nil {
			t = &Row{Key: "total", Label: tr.p.T("report.all"), Day: Tally{}, Previous: Tally{}, Period: Tally{}}
			totals[reading] = t
		}
		counted := []*Row{r}
		if kind == "region" { // the total once per accusation
			counted = append(counted, t)
		}
		for _, r := range counted {
			r.Period[st]++
			switch d {
			case day:
				r.Day[st]++
			case rep.Previous:
				r.Previous[st]++
			}
		}
	}
	var dayRecs []trucewatch.IncidentRecord
	firstReading := ""
	if len(a.Readings) > 0 {
		firstReading = a.Readings[0].ID
	}
	f := trucewatch.IncidentFilter{Agreement: a.ID, From: from, To: day}
	err = st.EachIncident(ctx, f, func(r trucewatch.IncidentRecord) error {
		inc := r.Incident
		region, regionName := inc.Place.Admin1, ""
		if region != "" {
			regionName = tr.region(region)
		}
		if regionName == "" {
			regionName = region
		}
		if region == "" {
			region, regionName = "-", tr.p.T("report.region_unknown")
		}
		inScope := false
		var mapStatus trucewatch.AssessmentStatus
		for _, as := range r.Assessments {
			if as.AgreementID != a.ID || !as.InScope {
				continue
			}
			inScope = true
			count(as.ReadingID, "region", region, regionName, as.Day, as.Status)
			count(as.ReadingID, "party", string(as.Accused), tr.party(as.Accused), as.Day, as.Status)
			if as.ReadingID == firstReading && strongerOnMap(as.Status, mapStatus) {
				mapStatus = as.Status
			}
		}
		if !inScope {
			return nil
		}
		rep.PeriodTotal++
		if inc.Place.HasPoint() {
			x, y := basemap.Project(inc.Place.Lon, inc.Place.Lat)
			m := Marker{ID: inc.ID, X: x, Y: y, Status: mapStatus, Label: tr.place(inc.Place)}
			if inc.From == day {
				rep.Map.Day = append(rep.Map.Day, m)
			} else {
				rep.Map.Earlier = append(rep.Map.Earlier, m)
			}
		}
		if inc.From == day {
			dayRecs = append(dayRecs, r)
		}
		if c, ok := change(r, a, dayStart, dayEnd); ok {
			c.Place = tr.place(inc.Place)
			if c.Kind == "new" {
				rep.New = append(rep.New, c)
			} else {
				rep.Updated = append(rep.Updated, c)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("daily report %s %s: %w", a.ID, day, err)
	}
	for _, rd := range a.Readings {
		rc := ReadingCounts{Reading: rd, Total: Row{Key: "total", Label: tr.p.T("report.all"), Day: Tally{}, Previous: Tally{}, Period: Tally{}}}
		if t := totals[rd.ID]; t != nil {
			rc.Total = *t
		}
		for k, r := range rows {
			if k.reading != rd.ID {
				continue
			}
			if k.kind == "region" {
				rc.ByRegion = append(rc.ByRegion, *r)
			} else {
				rc.ByParty = append(rc.ByParty, *r)
			}
		}
		sortRows(rc.ByRegion)
		sortRows(rc.ByParty)
		rep.Readings = append(rep.Readings, rc)
	}
	for _, r := range dayRecs {
		inc, err := incident(ctx, st, tr, a, r)
		if err != nil {
			return nil, fmt.Errorf("daily report %s %s: %w", a.ID, day, err)
		}
		rep.Incidents = append(rep.Incidents, inc)
	}
	slices.SortFunc(rep.Incidents, func(x, y Incident) int {
		return cmp.Or(cmp.Compare(x.Region, y.Region), cmp.Compare(x.PlaceName, y.PlaceName), cmp.Compare(x.ID, y.ID))
	})
	for _, cs := range [][]Change{rep.New, rep.Updated} {
		slices.SortFunc(cs, func(x, y Change) int {
			return cmp.Or(cmp.Compare(y.Day.String(), x.Day.String()), cmp.Compare(x.ID, y.ID))
		})
	}
	rep.Map = buildMap(tr, rep.Map, rep.Incidents)
	rep.Map.Reading = firstReading
	return rep, nil
}

// periodStart is the first day any reading of the agreement is in force,
// in the agreement's time zone.
func periodStart(a trucewatch.Agreement) trucewatch.Date {
	from := a.Effective.From
	for _, r := range a.Readings {
		if r.Effective != nil && r.Effective.From.Before(from) {
			from = r.Effective.From
		}
	}
	return trucewatch.DateOf(from.In(zone(a.Effective.TimeZone)))
}

func zone(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return l
}

// strongerOnMap orders statuses for a map marker that stands for several
// accusations: the best supported shows.
func strongerOnMap(s, than trucewatch.AssessmentStatus) bool {
	return mapRank[s] > mapRank[than]
}

// mapRank orders the statuses for strongerOnMap.
var mapRank = map[trucewatch.AssessmentStatus]int{trucewatch.StatusRejected: 1, trucewatch.StatusAlleged: 2,
	trucewatch.StatusDisputed: 3, trucewatch.StatusCorroborated: 4, trucewatch.StatusConfirmed: 5}

func sortRows(rs []Row) {
	slices.SortFunc(rs, func(x, y Row) int {
		return cmp.Or(cmp.Compare(y.Period.Total(), x.Period.Total()), cmp.Compare(y.Day.Total(), x.Day.Total()), cmp.Compare(x.Label, y.Label))
	})
}

// incident reads what the report shows of one incident of the day: the
// sentences need the reports' texts.
func incident(ctx context.Context, st Store, tr *translator, a trucewatch.Agreement, r trucewatch.IncidentRecord) (Incident, error) {
	inc := r.Incident
	out := Incident{ID: inc.ID, Day: inc.From, Place: inc.Place, PlaceName: tr.place(inc.Place), Accused: inc.Accused, Rejected: inc.Rejected,
		Target: tr.p.Vocab("target.", string(inc.Target))}
	if inc.TargetDetail != "" {
		out.Target += " (" + tr.p.Vocab("facility.", inc.TargetDetail) + ")"
	}
	if inc.Place.Admin1 != "" {
		out.Region = tr.region(inc.Place.Admin1)
	}
	for _, rd := range a.Readings {
		for _, as := range r.Assessments {
			if as.AgreementID == a.ID && as.ReadingID == rd.ID {
				out.Statuses = append(out.Statuses, ReadingStatus{Reading: rd.ID, Accused: as.Accused, Status: as.Status, Reason: tr.p.Reason(as), Why: as.Why})
			}
		}
	}
	for _, rf := range r.Reports {
		out.Sources = append(out.Sources, SourceRef{Outlet: rf.Outlet, URL: rf.URL, Published: tr.p.Published(rf.Published)})
	}
	for _, c := range r.Claims {
		rp, err := st.Report(ctx, c.ReportID)
		if err != nil {
			return out, fmt.Errorf("incident %s: claim %s: report %s: %w", inc.ID, c.ID, c.ReportID, err)
		}
		text := strings.Join(strings.Fields(c.Sentence.In(rp.Text)), " ")
		if text == "" {
			continue
		}
		out.Quotes = append(out.Quotes, Quote{Outlet: rp.Outlet, Language: rp.Language, Text: text, Rejected: c.Rejected()})
	}
	return out, nil
}

// change says what the reports published on the day [start, end) did to
// the incident: nothing (false) when none of its reports was published
// then; otherwise its statuses judged from the claims of the reports
// published before the day and from those published up to its end, as
// assess judges them, with analysts' decisions as they stand now.
// Reports that do not say when they were published count as published
// when they were ingested.
func change(r trucewatch.IncidentRecord, a trucewatch.Agreement, start, end time.Time) (Change, bool) {
	published := map[string]time.Time{}
	var onDay []string
	before := false
	for _, rf := range r.Reports {
		t := rf.Published.Time
		if rf.Published.IsZero() {
			t = rf.Ingested
		}
		published[rf.ID] = t
		switch {
		case t.Before(start):
			before = true
		case t.Before(end):
			if !slices.Contains(onDay, rf.Outlet) {
				onDay = append(onDay, rf.Outlet)
			}
		}
	}
	if len(onDay) == 0 {
		return Change{}, false
	}
	slices.Sort(onDay)
	c := Change{ID: r.Incident.ID, Day: r.Incident.From, Place: r.Incident.Place.Name, Kind: "updated", Outlets: onDay}
	if !before {
		c.Kind = "new"
	}
	was := statusesAsOf(r, a, published, start)
	is := statusesAsOf(r, a, published, end)
	keys := slices.Collect(maps.Keys(is))
	for k := range was {
		if _, ok := is[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y statusKey) int {
		return cmp.Or(cmp.Compare(readingIndex(a, x.reading), readingIndex(a, y.reading)), cmp.Compare(x.accused, y.accused))
	})
	for _, k := range keys {
		c.Statuses = append(c.Statuses, StatusChange{Reading: k.reading, Accused: k.accused, Before: was[k], After: is[k]})
	}
	return c, true
}

func readingIndex(a trucewatch.Agreement, id string) int {
	return slices.IndexFunc(a.Readings, func(r trucewatch.Reading) bool { return r.ID == id })
}

type statusKey struct {
	reading string
	accused trucewatch.Party
}

// statusesAsOf judges the incident from the claims of the reports
// published before t, in-scope statuses only.
func statusesAsOf(r trucewatch.IncidentRecord, a trucewatch.Agreement, published map[string]time.Time, t time.Time) map[statusKey]trucewatch.AssessmentStatus {
	origin := map[string]trucewatch.Origin{}
	for _, o := range r.Incident.Origins {
		for _, id := range o.ReportIDs {
			origin[id] = o
		}
	}
	outlet := map[string]string{}
	for _, rf := range r.Reports {
		outlet[rf.ID] = rf.Outlet
	}
	ev := assess.Evidence{Incident: r.Incident}
	ev.Incident.Accused = nil
	for _, c := range r.Claims {
		pt, ok := published[c.ReportID]
		if !ok || !pt.Before(t) || c.Incident == nil {
			continue
		}
		o, ok := origin[c.ReportID]
		if !ok {
			o = trucewatch.Origin{Outlet: outlet[c.ReportID]}
		}
		ev.Claims = append(ev.Claims, c)
		ev.Origins = append(ev.Origins, o)
		// The accused as correlate names them: the perpetrators of the
		// claims that are not denials or rejected.
		if p := c.Incident.Perpetrator; !c.Rejected() && p != trucewatch.PartyUnknown && !c.Incident.Denial && !slices.Contains(ev.Incident.Accused, p) {
			ev.Incident.Accused = append(ev.Incident.Accused, p)
		}
	}
	out := map[statusKey]trucewatch.AssessmentStatus{}
	if len(ev.Claims) == 0 {
		return out
	}
	for _, as := range assess.Assess([]assess.Evidence{ev}, []trucewatch.Agreement{a}) {
		if as.InScope {
			out[statusKey{as.ReadingID, as.Accused}] = as.Status
		}
	}
	return out
}

// buildMap adds the borders to the markers, marking the units that hold
// an incident of the day.
func buildMap(tr *translator, m Map, day []Incident) Map {
	m.Width, m.Height = basemap.Width, basemap.Height()
	withEvents := map[string]bool{}
	for _, inc := range day {
		if inc.Place.Admin1 != "" {
			withEvents["adm1:"+inc.Place.Admin1] = true
		}
	}
	for _, u := range basemap.Units(tr.gaz) {
		sh := Shape{Name: tr.place(u.Place), Ukraine: u.Place.Country == "UA", Occupied: u.Place.Occupied, HasEvents: withEvents[u.Place.ID]}
		for _, poly := range u.Shape {
			for _, ring := range poly {
				pts := make([][2]float64, 0, len(ring))
				for _, p := range ring {
					x, y := basemap.Project(p.Lon, p.Lat)
					pts = append(pts, [2]float64{x, y})
				}
				sh.Rings = append(sh.Rings, pts)
			}
		}
		m.Units = append(m.Units, sh)
	}
	for _, ms := range [][]Marker{m.Day, m.Earlier} {
		slices.SortFunc(ms, func(x, y Marker) int { return cmp.Compare(x.ID, y.ID) })
	}
	return m
}
