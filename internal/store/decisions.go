package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
)

// Analysts' decisions (trucewatch.Decision) are appended to the decisions
// table and never changed. Recording one puts the reports of its claims
// back into stage 'stored': extraction applies every decision on a report
// to its claims, and the analysis then regroups and reassesses them the
// way it does after any new extraction (docs/review.md).

// RecordDecisions stores decisions, made at their At (the store's clock
// when zero), and queues the reports they touch for extraction again, in
// one transaction. On PostgreSQL it takes the analysis lock, so that an
// analysis under way cannot mark those reports analysed after they were
// queued. A decision on an agreement draft stores its agreement when it
// approves it, and queues every analysed report for analysis again
// (decideDraft). Each decision, and any agreement it stores, is appended
// to the ledger. It returns the decisions with their IDs.
func (s *Store) RecordDecisions(ctx context.Context, ds []trucewatch.Decision) ([]trucewatch.Decision, error) {
	out := make([]trucewatch.Decision, len(ds))
	for i, d := range ds {
		if d.At.IsZero() {
			d.At = s.now()
		}
		d.At = d.At.UTC().Truncate(time.Microsecond)
		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("record decisions: %w", err)
		}
		out[i] = d
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if s.engine == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, analysisLock); err != nil {
				return err
			}
		}
		var records []ledger.Record
		var requeue []string
		for i := range out {
			d := &out[i]
			keys, err := json.Marshal(d.Claims)
			if err != nil {
				return err
			}
			corr := ""
			if d.Correction != nil {
				b, err := json.Marshal(d.Correction)
				if err != nil {
					return err
				}
				corr = string(b)
			}
			parts := ""
			if d.Parts != nil {
				b, err := json.Marshal(d.Parts)
				if err != nil {
					return err
				}
				parts = string(b)
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO decisions (kind, subject, claims, correction, parts, reason, actor, at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
				string(d.Kind), d.Subject, string(keys), corr, parts, d.Reason, d.Actor, d.At).Scan(&d.ID); err != nil {
				return fmt.Errorf("decision on %s: %w", d.Subject, err)
			}
			records = append(records, decisionRow{ID: d.ID, Kind: string(d.Kind), Subject: d.Subject, Claims: string(keys),
				Correction: corr, Parts: parts, Reason: d.Reason, Actor: d.Actor, At: canonTime(d.At)}.record())
			if d.Kind.OnAgreement() {
				rs, err := decideDraft(ctx, tx, *d)
				if err != nil {
					return err
				}
				records = append(records, rs...)
				continue
			}
			for _, r := range d.ReportIDs() {
				if _, err := tx.ExecContext(ctx, `INSERT INTO decision_reports (decision_id, report_id) VALUES ($1, $2)`, d.ID, r); err != nil {
					return fmt.Errorf("decision on %s: %w", d.Subject, err)
				}
				requeue = append(requeue, r)
			}
		}
		// Whatever their stage, and whoever holds them: a worker that
		// extracts one now loses its lease and stores nothing. In the
		// order of their IDs, as SaveExtractions takes them, so that the
		// two never wait on each other's rows in a circle.
		slices.Sort(requeue)
		for _, r := range slices.Compact(requeue) {
			if _, err := tx.ExecContext(ctx, `UPDATE reports SET stage = 'stored', stage_error = '', lease_owner = '', lease_until = NULL
				WHERE id = $1`, r); err != nil {
				return fmt.Errorf("requeue report %s: %w", trucewatch.ShortID(r), err)
			}
		}
		return s.appendLedger(ctx, tx, records)
	})
	if err != nil {
		return nil, fmt.Errorf("record decisions: %w", err)
	}
	return out, nil
}

const decisionColumns = `id, kind, subject, claims, correction, parts, reason, actor, at`

// Decisions lists the decisions f selects, newest first: the audit trail.
func (s *Store) Decisions(ctx context.Context, f trucewatch.DecisionFilter) ([]trucewatch.Decision, error) {
	w := decisionWhere(f)
	q := `SELECT ` + decisionColumns + ` FROM decisions` + w.String() + ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, max(f.Offset, 0))
	}
	out, err := s.queryDecisions(ctx, s.db, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list decisions: %w", err)
	}
	return out, nil
}

// CountDecisions counts the decisions f selects; its Limit and Offset are
// ignored.
func (s *Store) CountDecisions(ctx context.Context, f trucewatch.DecisionFilter) (int, error) {
	w := decisionWhere(f)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM decisions`+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count decisions: %w", err)
	}
	return n, nil
}

func decisionWhere(f trucewatch.DecisionFilter) *where {
	w := &where{}
	if f.Subject != "" {
		w.add("subject = $%d", f.Subject)
	}
	if f.Actor != "" {
		w.add("actor = $%d", f.Actor)
	}
	if len(f.Subjects) > 0 {
		args := make([]any, len(f.Subjects))
		for i, x := range f.Subjects {
			args[i] = x
		}
		w.conds = append(w.conds, "subject IN ("+w.list(args)+")")
	}
	if len(f.ReportIDs) > 0 {
		args := make([]any, len(f.ReportIDs))
		for i, x := range f.ReportIDs {
			args[i] = x
		}
		w.conds = append(w.conds, "id IN (SELECT decision_id FROM decision_reports WHERE report_id IN ("+w.list(args)+"))")
	}
	return w
}

// DecisionsOnReports returns every decision on claims of the reports, in
// the order they were made: what extraction applies to their claims.
func (s *Store) DecisionsOnReports(ctx context.Context, reportIDs []string) ([]trucewatch.Decision, error) {
	if len(reportIDs) == 0 {
		return nil, nil
	}
	var out []trucewatch.Decision
	for len(reportIDs) > 0 {
		n := min(len(reportIDs), 500)
		w := &where{}
		args := make([]any, n)
		for i, id := range reportIDs[:n] {
			args[i] = id
		}
		ds, err := s.queryDecisions(ctx, s.db, `SELECT `+decisionColumns+` FROM decisions
			WHERE id IN (SELECT decision_id FROM decision_reports WHERE report_id IN (`+w.list(args)+`)) ORDER BY id`, w.args...)
		if err != nil {
			return nil, fmt.Errorf("decisions on reports: %w", err)
		}
		out = append(out, ds...)
		reportIDs = reportIDs[n:]
	}
	return out, nil
}

func (s *Store) queryDecisions(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, q string, args ...any) ([]trucewatch.Decision, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []trucewatch.Decision
	for rows.Next() {
		var d trucewatch.Decision
		var kind, keys, corr, parts string
		if err := rows.Scan(&d.ID, &kind, &d.Subject, &keys, &corr, &parts, &d.Reason, &d.Actor, &d.At); err != nil {
			return nil, err
		}
		d.Kind, d.At = trucewatch.DecisionKind(kind), d.At.UTC()
		if err := json.Unmarshal([]byte(keys), &d.Claims); err != nil {
			return nil, fmt.Errorf("decision %d: claims: %w", d.ID, err)
		}
		if corr != "" {
			d.Correction = &trucewatch.Correction{}
			if err := json.Unmarshal([]byte(corr), d.Correction); err != nil {
				return nil, fmt.Errorf("decision %d: correction: %w", d.ID, err)
			}
		}
		if parts != "" {
			if err := json.Unmarshal([]byte(parts), &d.Parts); err != nil {
				return nil, fmt.Errorf("decision %d: parts: %w", d.ID, err)
			}
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ReviewQueue lists the incidents that have a claim nobody decided on
// (new incidents, and incidents that new claims joined), newest first,
// with how many in all.
func (s *Store) ReviewQueue(ctx context.Context, limit, offset int) ([]trucewatch.Incident, int, error) {
	const undecided = `SELECT incident_id FROM claims WHERE verdict = '' AND incident_id <> ''`
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM incidents WHERE id IN (`+undecided+`)`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("review queue: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT body FROM incidents WHERE id IN (`+undecided+`)
		ORDER BY day_from DESC, id LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("review queue: %w", err)
	}
	defer rows.Close()
	var out []trucewatch.Incident
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, 0, fmt.Errorf("review queue: %w", err)
		}
		var inc trucewatch.Incident
		if err := json.Unmarshal([]byte(body), &inc); err != nil {
			return nil, 0, fmt.Errorf("review queue: %w", err)
		}
		out = append(out, inc)
	}
	return out, total, wrap("review queue", rows.Err())
}
