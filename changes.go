package trucewatch

// Each stored analysis (a batch, or a whole rewrite) counts up the
// analysis's generation, so that a reader can tell with one small read
// whether what it derived from the record is still current, and ask for
// what changed since.

// IncidentSummary is what the incident index keeps of an incident: what
// the list and the map filter on.
type IncidentSummary struct {
	ID       string
	Day      Date // the day the incident starts on (Incident.From)
	Lat, Lon float64
	Target   Target
	Accused  []Party
}

// IncidentChanges is what changed in the stored incidents after
// generation Since, up to Generation: the incidents removed, and the
// incidents written (new, or written again). Removals come first: an id in
// both was removed and written again.
type IncidentChanges struct {
	Since, Generation int64
	// Whole says that Incidents is every incident and Removed is empty:
	// the changes since Since are no longer kept (or Since is below 0).
	Whole     bool
	Removed   []string
	Incidents []IncidentSummary
}
