package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
)

// The pipeline's queue lives in the reports table: a report is stored in
// stage 'stored', and each stage's output is stored together with the
// change of stage (see internal/pipeline). A worker leases the reports it
// works on; a lease that runs out (the worker died) frees them again.

// LeaseReports takes up to n reports in a stage for owner until now + ttl,
// the oldest stored first, among those no one holds or whose lease ran
// out. On PostgreSQL concurrent workers skip each other's rows (FOR UPDATE
// SKIP LOCKED); SQLite has one writer at a time. The reports come without
// their raw bytes.
func (s *Store) LeaseReports(ctx context.Context, stage trucewatch.Stage, owner string, n int, ttl time.Duration) ([]trucewatch.Report, error) {
	now := s.now().UTC()
	skip := ""
	if s.engine == Postgres {
		skip = " FOR UPDATE SKIP LOCKED"
	}
	rows, err := s.db.QueryContext(ctx, `UPDATE reports SET lease_owner = $1, lease_until = $2
		WHERE id IN (SELECT id FROM reports WHERE stage = $3 AND (lease_until IS NULL OR lease_until < $4)
			ORDER BY ingested_at, id LIMIT $5`+skip+`)
		RETURNING `+reportColumns, owner, now.Add(ttl), string(stage), now, n)
	if err != nil {
		return nil, fmt.Errorf("lease %s reports: %w", stage, err)
	}
	out, err := scanReports(rows)
	if err != nil {
		return nil, fmt.Errorf("lease %s reports: %w", stage, err)
	}
	slices.SortFunc(out, func(a, b trucewatch.Report) int {
		if c := a.Ingested.Compare(b.Ingested); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// SaveExtractions stores the claims of reports that owner leased and moves
// them to stage 'extracted' (or 'failed'), in one transaction, freeing
// their leases. A report whose lease owner holds no more (it ran out and
// another worker took it) is left to that worker. Claims of an earlier
// extraction that are in incidents are kept in retired_claims until the
// analysis has taken them out. Each report's claim set is appended to the
// ledger. It returns how many reports it stored.
func (s *Store) SaveExtractions(ctx context.Context, owner string, xs []trucewatch.Extraction) (int, error) {
	for _, x := range xs {
		if err := checkClaims(x.ReportID, x.Claims); err != nil {
			return 0, fmt.Errorf("save extraction of %s: %w", trucewatch.ShortID(x.ReportID), err)
		}
	}
	var saved []string
	var claims []trucewatch.Claim
	extractor := map[string]string{}
	// In the order of their IDs, as RecordDecisions takes reports, so that
	// the two never wait on each other's rows in a circle.
	xs = slices.SortedFunc(slices.Values(xs), func(a, b trucewatch.Extraction) int { return strings.Compare(a.ReportID, b.ReportID) })
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, x := range xs {
			stage := trucewatch.StageExtracted
			if x.Failure != "" {
				stage = trucewatch.StageFailed
			}
			res, err := tx.ExecContext(ctx, `UPDATE reports SET stage = $1, stage_error = $2, extractor = $3, gazetteer = $4,
				signature = $5, lease_owner = '', lease_until = NULL WHERE id = $6 AND lease_owner = $7`,
				string(stage), x.Failure, x.Extractor, x.Gazetteer, x.Signature, x.ReportID, owner)
			if err != nil {
				return fmt.Errorf("report %s: %w", trucewatch.ShortID(x.ReportID), err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				continue // the lease was lost: another worker does this report
			}
			saved = append(saved, x.ReportID)
			extractor[x.ReportID] = x.Extractor
			claims = append(claims, x.Claims...)
		}
		// Claims in incidents are kept until the analysis takes them out.
		err := inChunks(saved, func(w *where, marks string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO retired_claims (`+claimColumns+`)
				SELECT `+claimColumns+` FROM claims WHERE report_id IN (`+marks+`) AND incident_id <> ''
				ON CONFLICT DO NOTHING`, w.args...)
			return err
		})
		if err != nil {
			return fmt.Errorf("retire claims: %w", err)
		}
		sets, err := replaceClaims(ctx, tx, saved, claims)
		if err != nil {
			return err
		}
		records := make([]ledger.Record, len(saved))
		for i, id := range saved {
			records[i] = claimsRecord(id, extractor[id], sets[id])
		}
		return s.appendLedger(ctx, tx, records)
	})
	if err != nil {
		return 0, fmt.Errorf("save extractions: %w", err)
	}
	return len(saved), nil
}

// Requeue puts reports back into stage 'stored', to be extracted and
// analysed again (after an extractor or gazetteer upgrade): all of them,
// or, with outdated, those whose claims other versions made. It returns
// how many it queued.
func (s *Store) Requeue(ctx context.Context, extractor, gazetteer string, outdated bool) (int, error) {
	q := `UPDATE reports SET stage = 'stored', stage_error = '', lease_owner = '', lease_until = NULL WHERE stage <> 'stored'`
	var args []any
	if outdated {
		q += ` AND (extractor <> $1 OR gazetteer <> $2)`
		args = append(args, extractor, gazetteer)
	}
	n, err := s.requeue(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("requeue reports: %w", err)
	}
	return n, nil
}

// requeue runs a statement that puts reports back into an earlier stage,
// holding the analysis lock on PostgreSQL: an analysis that took some of
// them would otherwise mark them analysed when it commits, and the
// requeue would be lost. (SQLite has one writer at a time.)
func (s *Store) requeue(ctx context.Context, q string, args ...any) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if s.engine == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, analysisLock); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// RequeueAnalysis puts every analysed report back into stage 'extracted',
// so that the analysis runs again on the claims it has (after the
// agreements or the source registry changed), batch by batch. It returns
// how many it queued.
func (s *Store) RequeueAnalysis(ctx context.Context) (int, error) {
	n, err := s.requeue(ctx, `UPDATE reports SET stage = 'extracted' WHERE stage = 'analysed'`)
	if err != nil {
		return 0, fmt.Errorf("requeue analysis: %w", err)
	}
	return n, nil
}

// VersionLabel names the versions that made a report's claims, as
// PipelineStatus counts them: "extractor X, gazetteer Y".
func VersionLabel(extractor, gazetteer string) string {
	return "extractor " + extractor + ", gazetteer " + gazetteer
}

// PipelineStatus counts the reports by stage.
func (s *Store) PipelineStatus(ctx context.Context) (trucewatch.PipelineStatus, error) {
	st := trucewatch.PipelineStatus{Versions: map[string]int{}}
	rows, err := s.db.QueryContext(ctx, `SELECT stage, count(*) FROM reports GROUP BY stage`)
	if err != nil {
		return st, fmt.Errorf("pipeline status: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var stage string
		var n int
		if err := rows.Scan(&stage, &n); err != nil {
			return st, fmt.Errorf("pipeline status: %w", err)
		}
		st.Reports += n
		switch trucewatch.Stage(stage) {
		case trucewatch.StageStored:
			st.Stored = n
		case trucewatch.StageExtracted:
			st.Extracted = n
		case trucewatch.StageAnalysed:
			st.Analysed = n
		case trucewatch.StageFailed:
			st.Failed = n
		}
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("pipeline status: %w", err)
	}
	// Not min(): SQLite's aggregate forgets that the column holds times.
	var oldest time.Time
	err = s.db.QueryRowContext(ctx, `SELECT ingested_at FROM reports WHERE stage IN ('stored', 'extracted')
		ORDER BY ingested_at LIMIT 1`).Scan(&oldest)
	switch {
	case err == nil:
		st.OldestQueued = oldest.UTC()
	case !errors.Is(err, sql.ErrNoRows):
		return st, fmt.Errorf("pipeline status: %w", err)
	}
	vs, err := s.db.QueryContext(ctx, `SELECT extractor, gazetteer, count(*) FROM reports WHERE stage = 'analysed' GROUP BY extractor, gazetteer`)
	if err != nil {
		return st, fmt.Errorf("pipeline status: %w", err)
	}
	defer vs.Close()
	for vs.Next() {
		var x, g string
		var n int
		if err := vs.Scan(&x, &g, &n); err != nil {
			return st, fmt.Errorf("pipeline status: %w", err)
		}
		st.Versions[VersionLabel(x, g)] = n
	}
	return st, vs.Err()
}

// Failures lists the failed reports with their reasons, by ID.
func (s *Store) Failures(ctx context.Context) (map[string]string, error) {
	out, err := s.pairs(ctx, `SELECT id, stage_error FROM reports WHERE stage = 'failed'`)
	if err != nil {
		return nil, fmt.Errorf("failed reports: %w", err)
	}
	return out, nil
}

// pairs reads a query of two text columns into a map.
func (s *Store) pairs(ctx context.Context, q string) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// scanClaims reads rows of claimColumns (and the incident column) into
// claims on record.
func scanClaims(rows *sql.Rows) ([]trucewatch.ClaimOnRecord, error) {
	defer rows.Close()
	var out []trucewatch.ClaimOnRecord
	for rows.Next() {
		var c trucewatch.ClaimOnRecord
		var kind, body string
		if err := rows.Scan(&c.Claim.ID, &c.Claim.ReportID, &kind, &c.Claim.Sentence.Start, &c.Claim.Sentence.End,
			&c.Claim.Speaker, &body, &c.IncidentID); err != nil {
			return nil, err
		}
		c.Claim.Kind = trucewatch.ClaimKind(kind)
		var b claimBody
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			return nil, fmt.Errorf("claim %s: stored body: %w", c.Claim.ID, err)
		}
		c.Claim.Incident, c.Claim.Exchange, c.Claim.Agreement, c.Claim.Review = b.Incident, b.Exchange, b.Agreement, b.Review
		out = append(out, c)
	}
	return out, rows.Err()
}

const claimColumns = `id, report_id, kind, span_start, span_end, speaker, body, incident_id`

// CopyFamilies returns the first report of each analysed report's family
// of copies, for reports that have copies.
func (s *Store) CopyFamilies(ctx context.Context) (map[string]string, error) {
	out, err := s.pairs(ctx, `SELECT id, first_copy FROM reports WHERE first_copy <> ''`)
	if err != nil {
		return nil, fmt.Errorf("copy families: %w", err)
	}
	return out, nil
}
