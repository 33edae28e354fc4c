package trucewatch

import "time"

// The filters below are the questions a reader asks of the record: the API
// and the dashboard build them from a request, the pipeline and the command
// line from their flags, and the storage turns them into queries. Zero
// fields select everything.

// ReportFilter selects reports.
type ReportFilter struct {
	IDPrefix     string    // the start of a report ID
	Language     string    // ISO 639-1
	Outlet       string    // exact outlet name
	Since, Until time.Time // published in [Since, Until)
	Limit        int       // at most this many; 0 means 100, -1 no limit
	Offset       int
}

// ClaimFilter selects claims.
type ClaimFilter struct {
	IDs      []string // these claims only
	ReportID string
	Kind     ClaimKind
	Target   Target
	From, To Date // the claim's day in [From, To]
	Limit    int  // at most this many; 0 means all
	Offset   int  // with Limit, skip this many first
}

// IncidentFilter selects incidents.
type IncidentFilter struct {
	From, To  Date // incidents that start in [From, To]
	BBox      *BBox
	Place     string // a place's id or an admin-1 code ("UA-59"): incidents there
	Target    Target
	Party     Party            // accused
	Agreement string           // in scope of this agreement, under some reading
	Status    AssessmentStatus // with an in-scope assessment of this status
	Text      string           // in the place's name or the target detail
	Limit     int              // 0 means 100
	Offset    int
}

// AssessmentFilter selects assessments.
type AssessmentFilter struct {
	IncidentID, Agreement, Reading string
	IncidentIDs                    []string // of these incidents only, when not nil
	Accused                        Party
	InScope                        bool // in scope only
	From, To                       Date
	// Limit, when above 0, returns the newest Limit assessments, newest
	// first, instead of all of them by day; Offset then skips that many
	// of the newest first.
	Limit, Offset int
}

// DecisionFilter selects decisions for the audit trail (store.Decisions).
type DecisionFilter struct {
	Subject   string   // an incident or claim ID the analyst acted on
	Subjects  []string // any of these subjects
	Actor     string   // who decided
	ReportIDs []string // decisions on claims of these reports
	Limit     int      // at most this many, newest first; 0 means all
	Offset    int
}
