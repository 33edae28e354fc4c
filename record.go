package trucewatch

import "time"

// IncidentRecord is an incident with what the record holds about it: its
// assessments, its claims and the reports they are in. Exports and feeds
// write one at a time (store.EachIncident).
type IncidentRecord struct {
	Incident    Incident
	Assessments []Assessment // by agreement, reading and accused
	Claims      []Claim      // its claims, rejected ones included, by ID
	Reports     []ReportRef  // the reports of its claims, by ID
}

// ReportRef is what an export names of a report: where it came from and
// when it entered the record.
type ReportRef struct {
	ID       string
	Outlet   string
	URL      string
	Ingested time.Time
	// Published is when the report says it was published (the daily
	// report's "what changed" counts from it); zero when it did not say.
	Published Published
}

// Updated is when the record of the incident last changed, as far as the
// record tells: the newest ingest of its reports or analyst's review of its
// claims. It is zero when the incident has neither.
func (r IncidentRecord) Updated() time.Time {
	var t time.Time
	for _, rep := range r.Reports {
		if rep.Ingested.After(t) {
			t = rep.Ingested
		}
	}
	for _, c := range r.Claims {
		if c.Review != nil && c.Review.At.After(t) {
			t = c.Review.At
		}
	}
	return t.UTC()
}
