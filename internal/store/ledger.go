package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
)

// The ledger's records of the store's rows (docs/ledger.md, "What is
// logged"). Every write of a record table appends, in its transaction, a
// record whose hash is the SHA-256 of the row's canonical bytes: the JSON
// (encoding/json, compact, keys in the order of the structs below) of
// the row's columns as they are stored, built by the same function when
// the row is written and when VerifyRecords re-reads it. Columns that the
// pipeline changes afterwards as working state (a report's stage and
// lease, a claim's incident) are left out; so are columns generated from
// others (published_at, cell, geom).
//
// Times are in UTC to the microsecond ("2006-01-02T15:04:05.000000Z"),
// which both engines keep; JSON bodies that PostgreSQL keeps as jsonb
// (reports.metadata, claims.body, agreements.body) are decoded into their
// Go types and encoded again, since jsonb does not keep the bytes given.

// appendLedger appends records to the ledger in tx, and does nothing
// (takes no lock) when there are none. Writers call it last in their
// transactions, so that the ledger's lock is held only to the commit and
// no writer waits for a row while holding it.
func (s *Store) appendLedger(ctx context.Context, tx *sql.Tx, records []ledger.Record) error {
	if len(records) == 0 || s.noLedger {
		return nil
	}
	if _, err := s.ledger.Append(ctx, tx, records...); err != nil {
		return err
	}
	return nil
}

// canonTime is a stored time in its canonical form.
func canonTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z")
}

// sha256JSON is the SHA-256 of v's JSON encoding (v always encodes).
func sha256JSON(v any) [32]byte { return sha256.Sum256(canonJSON(v)) }

// canonJSON is v's JSON encoding, the canonical bytes of a row or set.
func canonJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("store: canonical row does not encode: " + err.Error())
	}
	return b
}

// reportRow is a report's canonical row: the raw bytes and the text by
// their SHA-256, the metadata.
type reportRow struct {
	ID        string            `json:"id"`
	RawSHA256 string            `json:"raw_sha256"`
	TextSHA   string            `json:"text_sha256"`
	Language  string            `json:"language"`
	Published string            `json:"published"`
	URL       string            `json:"url"`
	Outlet    string            `json:"outlet"`
	Title     string            `json:"title"`
	Metadata  map[string]string `json:"metadata"`
	Origin    string            `json:"origin"`
	Ingested  string            `json:"ingested"`
}

// reportRecord is the ledger record of a stored report; rawSum is the
// SHA-256 of the report's raw bytes.
func reportRecord(r trucewatch.Report, rawSum [32]byte, ingested time.Time) ledger.Record {
	return ledger.Record{Kind: ledger.KindReport, Key: r.ID, Hash: sha256.Sum256(reportCanon(r, rawSum, ingested))}
}

// reportCanon is the canonical bytes of a stored report.
func reportCanon(r trucewatch.Report, rawSum [32]byte, ingested time.Time) []byte {
	textSum := sha256.Sum256([]byte(r.Text))
	meta := r.Metadata
	if meta == nil {
		meta = map[string]string{}
	}
	row := reportRow{ID: r.ID, RawSHA256: hex.EncodeToString(rawSum[:]), TextSHA: hex.EncodeToString(textSum[:]),
		Language: r.Language, Published: r.Published.String(), URL: r.URL, Outlet: r.Outlet, Title: r.Title,
		Metadata: meta, Origin: r.Origin, Ingested: canonTime(ingested)}
	return canonJSON(row)
}

// claimRow is a claim's canonical row; a claim set is the JSON array of
// a report's claims ordered by ID.
type claimRow struct {
	ID         string          `json:"id"`
	ReportID   string          `json:"report_id"`
	Kind       string          `json:"kind"`
	SpanStart  int             `json:"span_start"`
	SpanEnd    int             `json:"span_end"`
	Speaker    string          `json:"speaker"`
	Day        string          `json:"day"`
	Target     string          `json:"target"`
	Country    string          `json:"country"`
	Lat        *float64        `json:"lat"`
	Lon        *float64        `json:"lon"`
	Body       json.RawMessage `json:"body"`
	Verdict    string          `json:"verdict"`
	MergeGroup string          `json:"merge_group"`
}

// canonClaimBody is a stored claim body in canonical form.
func canonClaimBody(body string) (json.RawMessage, error) {
	var b claimBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return nil, err
	}
	return json.Marshal(b)
}

// claimsKey is the key of a report's claim set made by extractor version.
func claimsKey(reportID, extractor string) string { return reportID + ":" + extractor }

// claimsRecord is the ledger record of a report's claim set.
func claimsRecord(reportID, extractor string, rows []claimRow) ledger.Record {
	return ledger.Record{Kind: ledger.KindClaims, Key: claimsKey(reportID, extractor), Hash: sha256.Sum256(claimSetCanon(rows))}
}

// claimSetCanon is the canonical bytes of a claim set (it sorts rows).
func claimSetCanon(rows []claimRow) []byte {
	slices.SortFunc(rows, func(a, b claimRow) int { return strings.Compare(a.ID, b.ID) })
	if rows == nil {
		rows = []claimRow{}
	}
	return canonJSON(rows)
}

// incidentRow is an incident's canonical row, its body as stored (a TEXT
// column on both engines, so its bytes are kept).
type incidentRow struct {
	ID           string  `json:"id"`
	DayFrom      string  `json:"day_from"`
	DayTo        string  `json:"day_to"`
	PlaceID      string  `json:"place_id"`
	PlaceName    string  `json:"place_name"`
	Admin1       string  `json:"admin1"`
	Country      string  `json:"country"`
	Precision    string  `json:"precision"`
	Lat          float64 `json:"lat"`
	Lon          float64 `json:"lon"`
	Target       string  `json:"target"`
	TargetDetail string  `json:"target_detail"`
	Accused      string  `json:"accused"`
	Claims       int     `json:"claims"`
	Body         string  `json:"body"`
	Generation   int64   `json:"generation"`
}

// versionKey is the key of an incident's or its assessments' version
// written by analysis generation g.
func versionKey(incidentID string, g int64) string {
	return incidentID + ":" + strconv.FormatInt(g, 10)
}

// removedHash is the hash of the incident record that says an analysis
// removed the incident: the SHA-256 of {"id":ID,"removed":true}.
func removedHash(incidentID string) [32]byte {
	return sha256JSON(struct {
		ID      string `json:"id"`
		Removed bool   `json:"removed"`
	}{incidentID, true})
}

// assessmentRow is an assessment's canonical row; an incident's assessment
// set is the JSON array of its assessments ordered by agreement, reading
// and accused party.
type assessmentRow struct {
	IncidentID  string `json:"incident_id"`
	AgreementID string `json:"agreement_id"`
	ReadingID   string `json:"reading_id"`
	Accused     string `json:"accused"`
	InScope     bool   `json:"in_scope"`
	Status      string `json:"status"`
	Day         string `json:"day"`
	Reason      string `json:"reason"`
	// Why is the stored JSON of the reason's messages; rows made before
	// migration 0019 have none, and hash as they did.
	Why json.RawMessage `json:"why,omitempty"`
}

func assessmentRowOf(a trucewatch.Assessment) assessmentRow {
	return assessmentRow{a.IncidentID, a.AgreementID, a.ReadingID, string(a.Accused), a.InScope, string(a.Status), a.Day.String(), a.Reason, whyJSON(a.Why)}
}

// scanAssessmentRow reads a row of assessmentColumns as a canonical row.
func scanAssessmentRow(scan func(...any) error) (assessmentRow, error) {
	var a assessmentRow
	var why string
	err := scan(&a.IncidentID, &a.AgreementID, &a.ReadingID, &a.Accused, &a.InScope, &a.Status, &a.Day, &a.Reason, &why)
	if why != "" {
		a.Why = json.RawMessage(why)
	}
	return a, err
}

// assessmentsRecord is the ledger record of an incident's assessments as
// written by generation g.
func assessmentsRecord(incidentID string, g int64, rows []assessmentRow) ledger.Record {
	return ledger.Record{Kind: ledger.KindAssessment, Key: versionKey(incidentID, g), Hash: sha256.Sum256(assessmentSetCanon(rows))}
}

// assessmentSetCanon is the canonical bytes of an assessment set (it
// sorts rows).
func assessmentSetCanon(rows []assessmentRow) []byte {
	slices.SortFunc(rows, func(a, b assessmentRow) int {
		return cmp.Or(strings.Compare(a.AgreementID, b.AgreementID), strings.Compare(a.ReadingID, b.ReadingID), strings.Compare(a.Accused, b.Accused))
	})
	if rows == nil {
		rows = []assessmentRow{}
	}
	return canonJSON(rows)
}

// analysisRecords are the records of incidents written by generation g
// with their assessments (two records an incident), and of the incidents
// removed (a record with removedHash each). as are the assessments'
// canonical rows, as insertAssessments wrote them.
func analysisRecords(g int64, incs []trucewatch.Incident, rows [][]any, as []assessmentRow, removed []string) []ledger.Record {
	byIncident := map[string][]assessmentRow{}
	for _, a := range as {
		byIncident[a.IncidentID] = append(byIncident[a.IncidentID], a)
	}
	out := make([]ledger.Record, 0, 2*len(incs)+len(removed))
	for i, inc := range incs {
		out = append(out, ledger.Record{Kind: ledger.KindIncident, Key: versionKey(inc.ID, g), Hash: sha256JSON(incidentRowOf(rows[i]))})
		out = append(out, assessmentsRecord(inc.ID, g, byIncident[inc.ID]))
	}
	for _, id := range removed {
		out = append(out, ledger.Record{Kind: ledger.KindIncident, Key: versionKey(id, g), Hash: removedHash(id)})
	}
	return out
}

// incidentRowOf reads the values insertIncidents inserts.
func incidentRowOf(v []any) incidentRow {
	return incidentRow{ID: v[0].(string), DayFrom: v[1].(string), DayTo: v[2].(string), PlaceID: v[3].(string),
		PlaceName: v[4].(string), Admin1: v[5].(string), Country: v[6].(string), Precision: v[7].(string),
		Lat: v[8].(float64), Lon: v[9].(float64), Target: v[10].(string), TargetDetail: v[11].(string),
		Accused: v[12].(string), Claims: v[13].(int), Body: v[14].(string), Generation: v[15].(int64)}
}

// agreementRow is an agreement's canonical row.
type agreementRow struct {
	ID            string          `json:"id"`
	Version       int             `json:"version"`
	Title         string          `json:"title"`
	Status        string          `json:"status"`
	Norm          bool            `json:"norm"`
	EffectiveFrom string          `json:"effective_from"`
	EffectiveTo   string          `json:"effective_to"`
	Body          json.RawMessage `json:"body"`
}

// agreementRecord is the ledger record of a stored agreement.
func agreementRecord(a trucewatch.Agreement, body []byte) (ledger.Record, error) {
	canon, err := agreementCanon(a, body)
	if err != nil {
		return ledger.Record{}, err
	}
	return ledger.Record{Kind: ledger.KindAgreement, Key: agreementKey(a.ID, a.Version), Hash: sha256.Sum256(canon)}, nil
}

// agreementCanon is the canonical bytes of a stored agreement.
func agreementCanon(a trucewatch.Agreement, body []byte) ([]byte, error) {
	var x trucewatch.Agreement
	if err := json.Unmarshal(body, &x); err != nil {
		return nil, err
	}
	canon, err := json.Marshal(x)
	if err != nil {
		return nil, err
	}
	to := ""
	if !a.Effective.To.IsZero() {
		to = canonTime(a.Effective.To)
	}
	return canonJSON(agreementRow{a.ID, a.Version, a.Title, string(a.Status), a.Norm, canonTime(a.Effective.From), to, canon}), nil
}

func agreementKey(id string, version int) string { return id + ":v" + strconv.Itoa(version) }

// decisionRow is a decision's canonical row: its JSON columns as stored
// (TEXT on both engines).
type decisionRow struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	Subject    string `json:"subject"`
	Claims     string `json:"claims"`
	Correction string `json:"correction"`
	Parts      string `json:"parts"`
	Reason     string `json:"reason"`
	Actor      string `json:"actor"`
	At         string `json:"at"`
}

// scanDecisionRow reads a row of id, kind, subject, claims, correction,
// parts, reason, actor and at as a canonical row.
func scanDecisionRow(scan func(...any) error) (decisionRow, error) {
	var d decisionRow
	var at time.Time
	err := scan(&d.ID, &d.Kind, &d.Subject, &d.Claims, &d.Correction, &d.Parts, &d.Reason, &d.Actor, &at)
	d.At = canonTime(at)
	return d, err
}

func (d decisionRow) record() ledger.Record {
	return ledger.Record{Kind: ledger.KindDecision, Key: strconv.FormatInt(d.ID, 10), Hash: sha256JSON(d)}
}

// RecordMismatch is a row of a record table that disagrees with the
// ledger, or a ledger record whose row is gone.
type RecordMismatch struct {
	Table  string // reports, claims, incidents, assessments, agreements, decisions
	Record string // the row's identity: a report, incident, agreement or decision ID
	What   string
}

func (m RecordMismatch) String() string { return m.Table + " " + m.Record + ": " + m.What }

// entry is a ledger record as VerifyRecords keeps it: the latest of its
// subject.
type entry struct {
	idx  int64
	key  string
	hash string
	seen bool
}

// subjectOf is the row a record's key names, without its version.
func subjectOf(kind, key string) string {
	switch kind {
	case ledger.KindClaims:
		s, _, _ := strings.Cut(key, ":")
		return s
	case ledger.KindIncident, ledger.KindAssessment:
		if i := strings.LastIndex(key, ":"); i >= 0 {
			return key[:i]
		}
	case ledger.KindAgreement:
		if i := strings.LastIndex(key, ":v"); i >= 0 {
			return key[:i]
		}
	}
	return key
}

// VerifyRecords checks the record tables against the ledger: that every
// row of each has a record whose hash is the row re-hashed now (every
// report's raw bytes re-hashed), and that the row of every record is
// there. Incidents and assessments are versioned by analysis generation
// and claim sets by extractor: their current rows are checked against
// their subject's latest record, and an incident whose latest record says
// an analysis removed it must have no row. It reads in one snapshot (a
// read transaction) and returns what disagrees, nothing when all agrees.
func (s *Store) VerifyRecords(ctx context.Context) ([]RecordMismatch, error) {
	var out []RecordMismatch
	err := s.readTx(ctx, func(q querier) error {
		var err error
		out, err = verifyRecords(ctx, q, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("verify records against the ledger: %w", err)
	}
	return out, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachRow runs query with args in q and calls fn with each row's Scan.
func eachRow(ctx context.Context, q querier, query string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// The columns of the record tables' canonical rows, as the audit
// (verifyRecords) and the bundles (incidentEvidence) read them.
const (
	reportRowColumns    = `id, raw, text, language, published, url, outlet, title, metadata, origin, ingested_at, extractor`
	incidentRowColumns  = `id, day_from, day_to, place_id, place_name, admin1, country, precision, lat, lon, target, target_detail, accused, claims, body, generation`
	agreementRowColumns = `id, version, title, status, norm, effective_from, effective_to, body`
)

// readTx runs fn in a read transaction: one snapshot of the database.
func (s *Store) readTx(ctx context.Context, fn func(querier) error) error {
	if s.engine == Postgres {
		tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		if err != nil {
			return err
		}
		defer tx.Rollback()
		return fn(tx)
	}
	// The store's SQLite transactions begin IMMEDIATE (they take the write
	// lock); a read needs only a deferred one.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN DEFERRED`); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
	return fn(conn)
}

// verifyRecords checks the record tables against the ledger; missing, if
// not nil, is given the record of each row that has none.
func verifyRecords(ctx context.Context, q querier, missing func(ledger.Record)) ([]RecordMismatch, error) {
	latest := map[string]map[string]*entry{}
	for _, k := range []string{ledger.KindReport, ledger.KindClaims, ledger.KindIncident, ledger.KindAssessment, ledger.KindAgreement, ledger.KindDecision} {
		latest[k] = map[string]*entry{}
	}
	rows, err := q.QueryContext(ctx, `SELECT idx, kind, record_key, hash FROM ledger_records ORDER BY idx`)
	if err != nil {
		return nil, fmt.Errorf("read the ledger: %w", err)
	}
	for rows.Next() {
		var e entry
		var kind string
		if err := rows.Scan(&e.idx, &kind, &e.key, &e.hash); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the ledger: %w", err)
		}
		if m := latest[kind]; m != nil {
			m[subjectOf(kind, e.key)] = &e
		}
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("read the ledger: %w", err)
	}

	var out []RecordMismatch
	bad := func(table, record, what string, args ...any) {
		if len(out) < 1000 {
			out = append(out, RecordMismatch{table, record, fmt.Sprintf(what, args...)})
		}
	}
	// check compares a row's record with its subject's latest entry.
	check := func(table string, rec ledger.Record, subject string) {
		e := latest[rec.Kind][subject]
		switch {
		case e == nil:
			bad(table, subject, "the row has no record in the ledger")
			if missing != nil {
				missing(rec)
			}
			return
		case e.key != rec.Key:
			bad(table, subject, "the row is version %q; the ledger's latest record (%d) is %q", rec.Key, e.idx, e.key)
		case e.hash != hex.EncodeToString(rec.Hash[:]):
			bad(table, subject, "the row does not match its ledger record %d (%s): it was changed", e.idx, e.key)
		}
		e.seen = true
	}
	each := func(query string, fn func(scan func(...any) error) error) error {
		return eachRow(ctx, q, query, nil, fn)
	}

	// Reports: the raw bytes re-hashed.
	extractor := map[string]string{}
	err = each(`SELECT `+reportRowColumns+` FROM reports`,
		func(scan func(...any) error) error {
			var r trucewatch.Report
			var raw []byte
			var published, meta, x string
			var ingested time.Time
			if err := scan(&r.ID, &raw, &r.Text, &r.Language, &published, &r.URL, &r.Outlet, &r.Title, &meta, &r.Origin, &ingested, &x); err != nil {
				return err
			}
			extractor[r.ID] = x
			var err error
			if r.Published, err = trucewatch.ParsePublished(published); published != "" && err != nil {
				bad("reports", r.ID, "published %q does not parse: %v", published, err)
				return nil
			}
			if err := json.Unmarshal([]byte(meta), &r.Metadata); err != nil {
				bad("reports", r.ID, "metadata does not parse: %v", err)
				return nil
			}
			check("reports", reportRecord(r, sha256.Sum256(raw), ingested), r.ID)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read reports: %w", err)
	}

	// Claims, a set per report.
	sets := map[string][]claimRow{}
	err = each(claimRowSelect,
		func(scan func(...any) error) error {
			c, body, err := scanClaimRow(scan)
			if err != nil {
				return err
			}
			if c.Body, err = canonClaimBody(body); err != nil {
				c.Body = json.RawMessage(strconv.Quote(body)) // a body that does not parse was changed: it cannot match
			}
			sets[c.ReportID] = append(sets[c.ReportID], c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read claims: %w", err)
	}
	for id, e := range latest[ledger.KindClaims] {
		if _, ok := sets[id]; !ok {
			sets[id] = nil // a logged set with no rows now: empty, or deleted
		}
		_ = e
	}
	for _, id := range sortedKeys(sets) {
		e := latest[ledger.KindClaims][id]
		x, ok := extractor[id]
		if e != nil && !ok {
			x = strings.TrimPrefix(e.key, id+":") // the report is gone: reported with it
		}
		check("claims", claimsRecord(id, x, sets[id]), id)
	}

	// Incidents and their assessments.
	gen := map[string]int64{}
	err = each(`SELECT `+incidentRowColumns+` FROM incidents`,
		func(scan func(...any) error) error {
			var r incidentRow
			if err := scan(&r.ID, &r.DayFrom, &r.DayTo, &r.PlaceID, &r.PlaceName, &r.Admin1, &r.Country, &r.Precision, &r.Lat, &r.Lon,
				&r.Target, &r.TargetDetail, &r.Accused, &r.Claims, &r.Body, &r.Generation); err != nil {
				return err
			}
			gen[r.ID] = r.Generation
			check("incidents", ledger.Record{Kind: ledger.KindIncident, Key: versionKey(r.ID, r.Generation), Hash: sha256JSON(r)}, r.ID)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read incidents: %w", err)
	}
	assessed := map[string][]assessmentRow{}
	err = each(`SELECT `+assessmentColumns+` FROM assessments`,
		func(scan func(...any) error) error {
			a, err := scanAssessmentRow(scan)
			if err != nil {
				return err
			}
			assessed[a.IncidentID] = append(assessed[a.IncidentID], a)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read assessments: %w", err)
	}
	for _, id := range sortedKeys(gen) {
		check("assessments", assessmentsRecord(id, gen[id], assessed[id]), id)
	}
	for _, id := range sortedKeys(assessed) {
		if _, ok := gen[id]; !ok {
			bad("assessments", id, "%d rows of an incident that is not stored", len(assessed[id]))
		}
	}
	for id, e := range latest[ledger.KindIncident] {
		if !e.seen && e.hash != hexOf(removedHash(id)) {
			bad("incidents", id, "the row of ledger record %d (%s) is missing", e.idx, e.key)
		} else if e.seen && e.hash == hexOf(removedHash(id)) {
			bad("incidents", id, "the ledger's latest record %d (%s) says an analysis removed it", e.idx, e.key)
		}
	}

	// Agreements.
	err = each(`SELECT `+agreementRowColumns+` FROM agreements`,
		func(scan func(...any) error) error {
			var a trucewatch.Agreement
			var to sql.NullTime
			var status, body string
			if err := scan(&a.ID, &a.Version, &a.Title, &status, &a.Norm, &a.Effective.From, &to, &body); err != nil {
				return err
			}
			a.Status, a.Effective.To = trucewatch.AgreementStatus(status), to.Time
			rec, err := agreementRecord(a, []byte(body))
			if err != nil {
				bad("agreements", a.ID, "body does not parse: %v", err)
				latest[ledger.KindAgreement][a.ID] = nil
				return nil
			}
			check("agreements", rec, a.ID)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read agreements: %w", err)
	}

	// Decisions.
	err = each(`SELECT `+decisionColumns+` FROM decisions`,
		func(scan func(...any) error) error {
			d, err := scanDecisionRow(scan)
			if err != nil {
				return err
			}
			check("decisions", d.record(), strconv.FormatInt(d.ID, 10))
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read decisions: %w", err)
	}

	for kind, table := range map[string]string{ledger.KindReport: "reports", ledger.KindAgreement: "agreements", ledger.KindDecision: "decisions"} {
		for _, id := range sortedKeys(latest[kind]) {
			if e := latest[kind][id]; e != nil && !e.seen {
				bad(table, id, "the row of ledger record %d (%s) is missing", e.idx, e.key)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b RecordMismatch) int {
		return cmp.Or(strings.Compare(a.Table, b.Table), strings.Compare(a.Record, b.Record))
	})
	return out, nil
}

func hexOf(h [32]byte) string { return hex.EncodeToString(h[:]) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// BackfillLedger appends, in one transaction, a record for each row of the
// record tables that has none: for a database that held rows before the
// ledger was added (migration 0015), so that it verifies from then on.
// Rows whose record disagrees with them are left as they are (verify names
// them): a backfill must not bless a row changed behind the ledger's back.
// It returns how many records it appended.
func (s *Store) BackfillLedger(ctx context.Context) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var records []ledger.Record
		if _, err := verifyRecords(ctx, tx, func(r ledger.Record) { records = append(records, r) }); err != nil {
			return err
		}
		n = len(records)
		return s.appendLedger(ctx, tx, records)
	})
	if err != nil {
		return 0, fmt.Errorf("backfill the ledger: %w", err)
	}
	return n, nil
}

// claimRowSelect reads the claims' columns that a claim's ledger record
// hashes, in the order scanClaimRow takes them.
const claimRowSelect = `SELECT id, report_id, kind, span_start, span_end, speaker, day, target, country, lat, lon, body, verdict, merge_group FROM claims`

// scanClaimRow scans one row of claimRowSelect; the body comes back as
// stored, for the caller to canonicalise.
func scanClaimRow(scan func(...any) error) (claimRow, string, error) {
	var c claimRow
	var lat, lon sql.NullFloat64
	var body string
	if err := scan(&c.ID, &c.ReportID, &c.Kind, &c.SpanStart, &c.SpanEnd, &c.Speaker, &c.Day, &c.Target, &c.Country,
		&lat, &lon, &body, &c.Verdict, &c.MergeGroup); err != nil {
		return c, "", err
	}
	if lat.Valid {
		c.Lat = &lat.Float64
	}
	if lon.Valid {
		c.Lon = &lon.Float64
	}
	return c, body, nil
}
