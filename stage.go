package trucewatch

import "time"

// Stage is where a report is in the pipeline: stored (queued), extracted
// (its claims are stored), analysed (its claims are in incidents, which
// are assessed), or failed (with a reason). Each stage's output and the
// change of stage are stored in one transaction, so a crash at any point
// leaves every report in a stage whose work is done.
type Stage string

const (
	StageStored    Stage = "stored"
	StageExtracted Stage = "extracted"
	StageAnalysed  Stage = "analysed"
	StageFailed    Stage = "failed"
)

// ClaimOnRecord is a stored claim with the incident the analysis put it
// in ("" before the analysis, or when it joins none: an undated claim).
type ClaimOnRecord struct {
	Claim      Claim
	IncidentID string
}

// CopyRecord is what copy detection keeps of a report: its text's
// signature (package provenance) and the first report of its family of
// copies ("" when it has no copy).
type CopyRecord struct {
	ReportID  string
	Published Published
	Signature []byte
	First     string
}

// BandKeys are what copy detection keeps in memory of an analysed
// report's text signature (see internal/provenance): its band keys and a
// sketch, as the analysis of one generation stored them.
type BandKeys struct {
	ReportID   string
	Generation int64 // 0 until stored
	Bands      []uint64
	Sketch     []byte
}

// ReportHead is what tracing a claim's origin needs of its report: the
// outlet and the start of the text (a wire agency's dateline).
type ReportHead struct {
	ID     string
	Outlet string
	Head   string // the text's first 120 bytes
	First  string // the first report of its family of copies, "" alone
}

// PipelineStatus counts reports by stage.
type PipelineStatus struct {
	Reports, Stored, Extracted, Analysed, Failed int
	// OldestQueued is when the oldest report not yet analysed (and not
	// failed) was stored; zero when none waits.
	OldestQueued time.Time
	// Versions are the extractor and gazetteer versions of the analysed
	// reports, with how many reports each made.
	Versions map[string]int
}

// AnalysisBatch is one batch of the analysis stage, as the store offers it:
// a transaction that holds the analysis lock, with the extracted reports it
// analyses, the reads the analysis needs (they see what is on record, that
// is analysed, plus the batch) and the one write that ends it.
type AnalysisBatch interface {
	// Batch returns the IDs of the batch's reports.
	Batch() []string
	// BatchClaims returns every claim of the batch's reports.
	BatchClaims() ([]Claim, error)
	// Retired returns the claims of the batch's reports that a new
	// extraction replaced while they were in incidents, as they were.
	Retired() ([]ClaimOnRecord, error)
	// ClaimsByID returns the claims on record with these IDs: in
	// incidents, or retired from them by the batch's new extraction.
	ClaimsByID(ids []string) ([]ClaimOnRecord, error)
	// ClaimsNear returns the incident claims on record with the target and
	// country, dated in [from, to].
	ClaimsNear(target Target, country Party, from, to Date) ([]ClaimOnRecord, error)
	// ClaimsOf returns every claim of the incidents.
	ClaimsOf(incidentIDs []string) ([]ClaimOnRecord, error)
	// ClaimCounts returns how many claims ClaimsOf would return of each
	// incident (those with none are left out), without reading them.
	ClaimCounts(incidentIDs []string) (map[string]int, error)
	// ClaimsMerged returns the claims on record in incidents whose merge
	// label (Claim.MergeLabel) is one of labels.
	ClaimsMerged(labels []string) ([]ClaimOnRecord, error)
	// IncidentsOfReports returns the incidents that claims of the reports
	// are in.
	IncidentsOfReports(reportIDs []string) ([]string, error)
	// CopyRecords and FamilyMembers read what copy detection keeps: of
	// the reports named, of the members of families named by their first
	// reports.
	CopyRecords(reportIDs []string) ([]CopyRecord, error)
	FamilyMembers(firsts []string) ([]CopyRecord, error)
	// BandKeysSince returns the band keys that analyses after the given
	// generation stored (0: all of them).
	BandKeysSince(generation int64) ([]BandKeys, error)
	// ReportHeads returns, by ID, what tracing origins needs of reports.
	ReportHeads(reportIDs []string) (map[string]ReportHead, error)
	// Write stores the batch's analysis and marks its reports analysed.
	Write(AnalysisChange) error
}

// AnalysisChange is what one batch of the analysis changes.
type AnalysisChange struct {
	// Removed incidents are deleted with their assessments; Incidents
	// (which may reuse removed IDs) are stored with Assessments.
	Removed     []string
	Incidents   []Incident
	Assessments []Assessment
	// Claims maps each claim whose incident changed to its new incident
	// ("" for none). Claims of the Incidents that are not named keep the
	// incident they are in.
	Claims map[string]string
	// Firsts are the reports whose family of copies changed, with their
	// new first report ("" for none); Keys are the band keys of the
	// batch's reports that have a signature.
	Firsts map[string]string
	Keys   []BandKeys
}

// Extraction is the extraction stage's output for one report.
type Extraction struct {
	ReportID  string
	Claims    []Claim
	Signature []byte // the text's signature for copy detection
	Extractor string // the versions that made the claims
	Gazetteer string
	// Failure, when set, says why the extraction failed: the report is
	// marked failed with it, and the batch goes on.
	Failure string
}
