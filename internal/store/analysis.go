package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
)

var _ trucewatch.AnalysisBatch = (*AnalysisTx)(nil)

// AnalysisTx is a trucewatch.AnalysisBatch in a transaction that holds the
// analysis lock: one analysis at a time across every process, since the
// incidents it reads and rewrites are shared.
type AnalysisTx struct {
	s     *Store
	ctx   context.Context
	tx    *sql.Tx
	batch []string
}

// analysisLock is the PostgreSQL advisory lock that makes analyses take
// turns; SQLite's write transaction does the same.
const analysisLock = 8213012

// Analyse runs fn on a batch of up to n extracted reports, in one
// transaction, and commits what fn wrote. It returns the batch's size: 0
// when no report waits (fn is not called).
func (s *Store) Analyse(ctx context.Context, n int, fn func(trucewatch.AnalysisBatch) error) (int, error) {
	size := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if s.engine == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, analysisLock); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM reports WHERE stage = 'extracted' ORDER BY ingested_at, id LIMIT $1`, n)
		if err != nil {
			return err
		}
		batch, err := scanStrings(rows)
		if err != nil || len(batch) == 0 {
			return err
		}
		size = len(batch)
		return fn(&AnalysisTx{s: s, ctx: ctx, tx: tx, batch: batch})
	})
	if err != nil {
		return 0, fmt.Errorf("analyse: %w", err)
	}
	if size > 0 {
		s.analysisStored()
	}
	return size, nil
}

// Batch returns the IDs of the batch's reports.
func (a *AnalysisTx) Batch() []string { return a.batch }

// BatchClaims returns every claim of the batch's reports.
func (a *AnalysisTx) BatchClaims() ([]trucewatch.Claim, error) {
	on, err := a.claimsIn(a.batch, func(marks string) string {
		return `SELECT ` + claimColumns + ` FROM claims WHERE report_id IN (` + marks + `) ORDER BY report_id, span_start, id`
	})
	out := make([]trucewatch.Claim, len(on))
	for i, c := range on {
		out[i] = c.Claim
	}
	return out, wrap("batch claims", err)
}

// Retired returns the claims of the batch's reports that a new extraction
// replaced while they were in incidents, as they were.
func (a *AnalysisTx) Retired() ([]trucewatch.ClaimOnRecord, error) {
	out, err := a.claimsIn(a.batch, func(marks string) string {
		return `SELECT ` + claimColumns + ` FROM retired_claims WHERE report_id IN (` + marks + `)`
	})
	return out, wrap("retired claims", err)
}

// ClaimsByID returns the claims on record with these IDs: in incidents, or
// retired from them by the batch's new extraction.
func (a *AnalysisTx) ClaimsByID(ids []string) ([]trucewatch.ClaimOnRecord, error) {
	out, err := a.claimsIn(ids, func(marks string) string {
		return `SELECT ` + claimColumns + ` FROM claims WHERE id IN (` + marks + `) AND incident_id <> ''
			UNION ALL SELECT ` + claimColumns + ` FROM retired_claims WHERE id IN (` + marks + `)`
	})
	return out, wrap("claims by id", err)
}

// ClaimsNear returns the incident claims on record with the target and
// country, dated in [from, to], with their incidents.
func (a *AnalysisTx) ClaimsNear(target trucewatch.Target, country trucewatch.Party, from, to trucewatch.Date) ([]trucewatch.ClaimOnRecord, error) {
	rows, err := a.tx.QueryContext(a.ctx, `SELECT `+claimColumns+` FROM claims
		WHERE kind = 'incident' AND target = $1 AND country = $2 AND day >= $3 AND day <= $4 AND incident_id <> ''`,
		string(target), string(country), from.String(), to.String())
	if err != nil {
		return nil, wrap("claims near", err)
	}
	out, err := scanClaims(rows)
	return out, wrap("claims near", err)
}

// ClaimsOf returns every claim of the incidents.
func (a *AnalysisTx) ClaimsOf(incidentIDs []string) ([]trucewatch.ClaimOnRecord, error) {
	out, err := a.claimsIn(incidentIDs, func(marks string) string {
		// "<> ''" lets SQLite use the partial index claims_incident.
		return `SELECT ` + claimColumns + ` FROM claims WHERE incident_id IN (` + marks + `) AND incident_id <> ''`
	})
	return out, wrap("claims of incidents", err)
}

// ClaimCounts returns how many claims each incident holds (the index
// claims_incident alone: no claim is read).
func (a *AnalysisTx) ClaimCounts(incidentIDs []string) (map[string]int, error) {
	out := map[string]int{}
	err := inChunks(incidentIDs, func(w *where, marks string) error {
		rows, err := a.tx.QueryContext(a.ctx, `SELECT incident_id, count(*) FROM claims WHERE incident_id IN (`+marks+`) AND incident_id <> '' GROUP BY incident_id`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			out[id] = n
		}
		return rows.Err()
	})
	return out, wrap("claim counts", err)
}

// ClaimsMerged returns the claims in incidents whose merge label is one of
// labels (the partial index claims_merge_group).
func (a *AnalysisTx) ClaimsMerged(labels []string) ([]trucewatch.ClaimOnRecord, error) {
	out, err := a.claimsIn(labels, func(marks string) string {
		return `SELECT ` + claimColumns + ` FROM claims WHERE merge_group IN (` + marks + `) AND merge_group <> '' AND incident_id <> ''`
	})
	return out, wrap("merged claims", err)
}

// claimsIn runs the query that query builds around the placeholders of
// each chunk of values, and reads the claims it returns.
func (a *AnalysisTx) claimsIn(values []string, query func(marks string) string) ([]trucewatch.ClaimOnRecord, error) {
	var out []trucewatch.ClaimOnRecord
	err := inChunks(values, func(w *where, marks string) error {
		rows, err := a.tx.QueryContext(a.ctx, query(marks), w.args...)
		if err != nil {
			return err
		}
		cs, err := scanClaims(rows)
		out = append(out, cs...)
		return err
	})
	return out, err
}

// IncidentsOfReports returns the incidents that claims of the reports are
// in.
func (a *AnalysisTx) IncidentsOfReports(reportIDs []string) ([]string, error) {
	var out []string
	err := inChunks(reportIDs, func(w *where, marks string) error {
		rows, err := a.tx.QueryContext(a.ctx, `SELECT DISTINCT incident_id FROM claims WHERE report_id IN (`+marks+`) AND incident_id <> ''`, w.args...)
		if err != nil {
			return err
		}
		ids, err := scanStrings(rows)
		out = append(out, ids...)
		return err
	})
	slices.Sort(out)
	return slices.Compact(out), wrap("incidents of reports", err)
}

// CopyRecords returns what copy detection keeps of the reports.
func (a *AnalysisTx) CopyRecords(reportIDs []string) ([]trucewatch.CopyRecord, error) {
	out, err := a.copyRecordsIn(reportIDs, func(marks string) string {
		return `SELECT id, published, signature, first_copy FROM reports WHERE id IN (` + marks + `)`
	})
	return out, wrap("copy records", err)
}

// BandKeysSince returns the band keys that analyses after the generation
// stored.
func (a *AnalysisTx) BandKeysSince(generation int64) ([]trucewatch.BandKeys, error) {
	query := `SELECT report_id, generation, bands, sketch FROM band_keys`
	var args []any
	if generation > 0 { // else every row, in the table's order
		query += ` WHERE generation > $1`
		args = append(args, generation)
	}
	rows, err := a.tx.QueryContext(a.ctx, query, args...)
	if err != nil {
		return nil, wrap("band keys", err)
	}
	defer rows.Close()
	var out []trucewatch.BandKeys
	for rows.Next() {
		var k trucewatch.BandKeys
		var b []byte
		if err := rows.Scan(&k.ReportID, &k.Generation, &b, &k.Sketch); err != nil {
			return nil, wrap("band keys", err)
		}
		if len(b)%8 != 0 {
			return nil, fmt.Errorf("band keys of %s: %d bytes, not 8 a key", trucewatch.ShortID(k.ReportID), len(b))
		}
		for i := 0; i < len(b); i += 8 {
			k.Bands = append(k.Bands, binary.BigEndian.Uint64(b[i:]))
		}
		out = append(out, k)
	}
	return out, wrap("band keys", rows.Err())
}

// FamilyMembers returns every report of the families of copies named by
// their first reports.
func (a *AnalysisTx) FamilyMembers(firsts []string) ([]trucewatch.CopyRecord, error) {
	out, err := a.copyRecordsIn(firsts, func(marks string) string {
		// "<> ''" lets SQLite use the partial index reports_first_copy.
		return `SELECT id, published, signature, first_copy FROM reports WHERE first_copy IN (` + marks + `) AND first_copy <> ''`
	})
	return out, wrap("family members", err)
}

// copyRecordsIn runs the query that query builds around the placeholders
// of each chunk of values, and reads the copy records it returns.
func (a *AnalysisTx) copyRecordsIn(values []string, query func(marks string) string) ([]trucewatch.CopyRecord, error) {
	var out []trucewatch.CopyRecord
	err := inChunks(values, func(w *where, marks string) error {
		rows, err := a.tx.QueryContext(a.ctx, query(marks), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r trucewatch.CopyRecord
			var published string
			if err := rows.Scan(&r.ReportID, &published, &r.Signature, &r.First); err != nil {
				return err
			}
			if r.Published, err = storedPublished(r.ReportID, published); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// ReportHeads returns, by ID, what tracing origins needs of the reports.
func (a *AnalysisTx) ReportHeads(reportIDs []string) (map[string]trucewatch.ReportHead, error) {
	out := map[string]trucewatch.ReportHead{}
	err := inChunks(reportIDs, func(w *where, marks string) error {
		rows, err := a.tx.QueryContext(a.ctx, `SELECT id, outlet, substr(text, 1, 120), first_copy FROM reports WHERE id IN (`+marks+`)`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h trucewatch.ReportHead
			if err := rows.Scan(&h.ID, &h.Outlet, &h.Head, &h.First); err != nil {
				return err
			}
			out[h.ID] = h
		}
		return rows.Err()
	})
	return out, wrap("report heads", err)
}

// Write stores the batch's analysis: the incidents and assessments, the
// timelines' counts by difference, each claim's incident, the copy
// families, and the batch's reports as analysed; and it appends to the
// ledger each incident written with its assessments, and each removed.
func (a *AnalysisTx) Write(w trucewatch.AnalysisChange) error {
	g, err := nextGeneration(a.ctx, a.tx)
	if err != nil {
		return wrap("write analysis", err)
	}
	gone := append(slices.Clone(w.Removed), incidentIDs(w.Incidents)...)
	slices.Sort(gone)
	gone = slices.Compact(gone)
	if err := a.deleteIncidents(gone); err != nil {
		return wrap("write analysis", err)
	}
	if err := recordRemoved(a.ctx, a.tx, g, gone); err != nil {
		return wrap("write analysis", err)
	}
	values, err := insertIncidents(a.ctx, a.tx, g, w.Incidents)
	if err != nil {
		return wrap("write analysis", err)
	}
	assessed, err := insertAssessments(a.ctx, a.tx, w.Assessments)
	if err != nil {
		return wrap("write analysis", err)
	}
	if err := a.countTimelines(w.Assessments, 1); err != nil {
		return wrap("write analysis", err)
	}
	if err := setIncidents(a.ctx, a.tx, w.Claims); err != nil {
		return wrap("write analysis", err)
	}
	for _, id := range slices.Sorted(maps.Keys(w.Firsts)) {
		if _, err := a.tx.ExecContext(a.ctx, `UPDATE reports SET first_copy = $1 WHERE id = $2`, w.Firsts[id], id); err != nil {
			return wrap("write analysis", err)
		}
	}
	if err := insertBandKeys(a.ctx, a.tx, g, w.Keys); err != nil {
		return wrap("write analysis", err)
	}
	err = inChunks(a.batch, func(wh *where, marks string) error {
		if _, err := a.tx.ExecContext(a.ctx, `UPDATE reports SET stage = 'analysed', lease_owner = '', lease_until = NULL WHERE stage = 'extracted' AND id IN (`+marks+`)`, wh.args...); err != nil {
			return err
		}
		_, err := a.tx.ExecContext(a.ctx, `DELETE FROM retired_claims WHERE report_id IN (`+marks+`)`, wh.args...)
		return err
	})
	if err != nil {
		return wrap("write analysis", err)
	}
	if err := a.s.notifyChange(a.ctx, a.tx); err != nil {
		return wrap("write analysis", err)
	}
	records := analysisRecords(g, w.Incidents, values, assessed, without(w.Removed, incidentIDs(w.Incidents)))
	return wrap("write analysis", a.s.appendLedger(a.ctx, a.tx, records))
}

// without returns the strings of xs that are not in ys, sorted, once each.
func without(xs, ys []string) []string {
	drop := map[string]bool{}
	for _, y := range ys {
		drop[y] = true
	}
	var out []string
	for _, x := range xs {
		if !drop[x] {
			out = append(out, x)
			drop[x] = true
		}
	}
	slices.Sort(out)
	return out
}

// insertBandKeys stores reports' band keys with the batch's generation,
// replacing keys an earlier analysis stored.
func insertBandKeys(ctx context.Context, tx *sql.Tx, g int64, keys []trucewatch.BandKeys) error {
	rows := make([][]any, len(keys))
	for i, k := range keys {
		b := make([]byte, 0, 8*len(k.Bands))
		for _, v := range k.Bands {
			b = binary.BigEndian.AppendUint64(b, v)
		}
		rows[i] = []any{k.ReportID, g, b, k.Sketch}
	}
	return execValues(ctx, tx, `INSERT INTO band_keys (report_id, generation, bands, sketch) VALUES`,
		`ON CONFLICT (report_id) DO UPDATE SET generation = excluded.generation, bands = excluded.bands, sketch = excluded.sketch`, rows)
}

// deleteIncidents deletes incidents and their assessments, taking the
// assessments out of the timelines' counts.
func (a *AnalysisTx) deleteIncidents(ids []string) error {
	return inChunks(ids, func(w *where, marks string) error {
		rows, err := a.tx.QueryContext(a.ctx, `SELECT `+assessmentColumns+` FROM assessments WHERE incident_id IN (`+marks+`)`, w.args...)
		if err != nil {
			return err
		}
		old, err := scanAssessments(rows)
		if err != nil {
			return err
		}
		if err := a.countTimelines(old, -1); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM assessments WHERE incident_id IN (` + marks + `)`,
			`DELETE FROM incidents WHERE id IN (` + marks + `)`,
		} {
			if _, err := a.tx.ExecContext(a.ctx, q, w.args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// countTimelines adds sign times each in-scope assessment to the
// timelines' counts, and drops the counts that reach zero.
func (a *AnalysisTx) countTimelines(as []trucewatch.Assessment, sign int) error {
	type key struct{ agreement, reading, accused, day, status string }
	delta := map[key]int{}
	for _, x := range as {
		if x.InScope {
			delta[key{x.AgreementID, x.ReadingID, string(x.Accused), x.Day.String(), string(x.Status)}] += sign
		}
	}
	keys := slices.SortedFunc(maps.Keys(delta), func(x, y key) int {
		return strings.Compare(fmt.Sprint(x), fmt.Sprint(y))
	})
	for _, k := range keys {
		if _, err := a.tx.ExecContext(a.ctx, `INSERT INTO timeline_days (agreement_id, reading_id, accused, day, status, n)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (agreement_id, reading_id, accused, day, status) DO UPDATE SET n = timeline_days.n + excluded.n`,
			k.agreement, k.reading, k.accused, k.day, k.status, delta[k]); err != nil {
			return fmt.Errorf("count the timelines: %w", err)
		}
	}
	if sign < 0 && len(keys) > 0 {
		if _, err := a.tx.ExecContext(a.ctx, `DELETE FROM timeline_days WHERE n <= 0`); err != nil {
			return fmt.Errorf("count the timelines: %w", err)
		}
	}
	return nil
}

func incidentIDs(incs []trucewatch.Incident) []string {
	out := make([]string, len(incs))
	for i, inc := range incs {
		out[i] = inc.ID
	}
	return out
}

func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// wrap adds what failed to an error, and leaves nil alone.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
