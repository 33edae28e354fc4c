package trucewatch

// Incident is one real-world strike or attack as the monitor reconstructs it
// from all the claims about it, in every language, claim and counter-claim
// side by side.
type Incident struct {
	ID           string // stable: derived from its first claim
	From, To     Date   // the window the claims allow
	Place        Place  // the most precise place the claims agree on
	Target       Target
	TargetDetail string
	ClaimIDs     []string // every claim about it, counter-claims included
	Accused      []Party  // the parties named as perpetrator by some claim
	Origins      []Origin // the independent origins of its claims
}

// Origin is one independent source of an incident's claims, after wire
// copies and citations are traced back: forty outlets running one agency
// text are one origin.
type Origin struct {
	Outlet      string
	Affiliation Affiliation
	Party       Party    // the party the origin answers to, "" when none
	ReportIDs   []string // the reports that carry it
}
