package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
)

// Agreement drafts (trucewatch.AgreementDraft) wait in agreement_drafts
// until an analyst approves or rejects them; the assessment reads only the
// agreements table. A decision on a draft is recorded with the others
// (RecordDecisions), which stores an approved draft's agreement.

// PutDraft stores an agreement as a pending draft, from source ("claim
// ID", "file NAME"). The same terms again return the stored draft; other
// terms under the same ID and version are a conflict.
func (s *Store) PutDraft(ctx context.Context, a trucewatch.Agreement, source string) (trucewatch.AgreementDraft, error) {
	if err := a.Validate(); err != nil {
		return trucewatch.AgreementDraft{}, fmt.Errorf("put draft: %w", err)
	}
	body, err := json.Marshal(a)
	if err != nil {
		return trucewatch.AgreementDraft{}, fmt.Errorf("put draft %s: %w", a.ID, err)
	}
	d := trucewatch.AgreementDraft{ID: trucewatch.DraftID(a), Agreement: a, Source: source,
		State: trucewatch.DraftPending, Created: s.now().UTC().Truncate(time.Microsecond)}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		stored, err := draftIn(ctx, tx, d.ID)
		switch {
		case errors.Is(err, trucewatch.ErrNotFound):
			_, err = tx.ExecContext(ctx, `INSERT INTO agreement_drafts (id, agreement_id, version, source, state, created_at, body)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, d.ID, a.ID, a.Version, source, string(d.State), d.Created, string(body))
			return err
		case err != nil:
			return err
		case sameJSON(mustJSON(stored.Agreement), body):
			d = stored
			return nil
		}
		return fmt.Errorf("draft %s is stored with other terms; raise the version to change them: %w", d.ID, trucewatch.ErrConflict)
	})
	if err != nil {
		return trucewatch.AgreementDraft{}, fmt.Errorf("put draft %s: %w", d.ID, err)
	}
	return d, nil
}

func mustJSON(a trucewatch.Agreement) string {
	b, _ := json.Marshal(a) // an Agreement always marshals
	return string(b)
}

// Draft returns the draft with the given ID.
func (s *Store) Draft(ctx context.Context, id string) (trucewatch.AgreementDraft, error) {
	d, err := draftIn(ctx, s.db, id)
	if err != nil {
		return d, fmt.Errorf("draft %s: %w", id, err)
	}
	return d, nil
}

// Drafts lists the drafts in a state (every draft for ""), newest first.
func (s *Store) Drafts(ctx context.Context, state trucewatch.DraftState) ([]trucewatch.AgreementDraft, error) {
	q := `SELECT ` + draftColumns + ` FROM agreement_drafts`
	var args []any
	if state != "" {
		q += ` WHERE state = $1`
		args = append(args, string(state))
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY created_at DESC, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	defer rows.Close()
	var out []trucewatch.AgreementDraft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("list drafts: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	return out, nil
}

const draftColumns = `id, source, state, decision_id, created_at, body`

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func draftIn(ctx context.Context, q queryRower, id string) (trucewatch.AgreementDraft, error) {
	d, err := scanDraft(q.QueryRowContext(ctx, `SELECT `+draftColumns+` FROM agreement_drafts WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, trucewatch.ErrNotFound
	}
	return d, err
}

func scanDraft(row interface{ Scan(...any) error }) (trucewatch.AgreementDraft, error) {
	var d trucewatch.AgreementDraft
	var state, body string
	var decision sql.NullInt64
	if err := row.Scan(&d.ID, &d.Source, &state, &decision, &d.Created, &body); err != nil {
		return d, err
	}
	d.State, d.Decision, d.Created = trucewatch.DraftState(state), decision.Int64, d.Created.UTC()
	a, err := decodeAgreement(body)
	d.Agreement = a
	return d, err
}

// decideDraft applies a stored decision on an agreement draft in tx: an
// approval stores the draft's agreement and queues every analysed report
// for analysis again (the incidents are assessed under the new terms); a
// rejection sets the draft aside. Only a pending draft can be decided on.
// It returns the ledger record of the agreement it stored, if any, for the
// caller to append.
func decideDraft(ctx context.Context, tx *sql.Tx, d trucewatch.Decision) ([]ledger.Record, error) {
	dr, err := draftIn(ctx, tx, d.Subject)
	if err != nil {
		return nil, fmt.Errorf("draft %s: %w", d.Subject, err)
	}
	if dr.State != trucewatch.DraftPending {
		return nil, fmt.Errorf("draft %s is %s already: %w", dr.ID, dr.State, trucewatch.ErrConflict)
	}
	state := trucewatch.DraftRejected
	var records []ledger.Record
	if d.Kind == trucewatch.DecisionApproveAgreement {
		state = trucewatch.DraftApproved
		if _, records, err = putAgreement(ctx, tx, dr.Agreement); err != nil {
			return nil, fmt.Errorf("approve draft %s: %w", dr.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET stage = 'extracted' WHERE stage = 'analysed'`); err != nil {
			return nil, fmt.Errorf("approve draft %s: requeue analysis: %w", dr.ID, err)
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE agreement_drafts SET state = $2, decision_id = $3 WHERE id = $1`, dr.ID, string(state), d.ID)
	return records, err
}
