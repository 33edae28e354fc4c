package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
)

// PutResult says what PutAgreement did.
type PutResult string

const (
	PutNew       PutResult = "new"
	PutUpdated   PutResult = "updated"   // a higher version replaced the stored one
	PutUnchanged PutResult = "unchanged" // the same version, the same terms
)

// PutAgreement stores an agreement. Agreement files are versioned: a higher
// version replaces the stored one; the same version with other terms, or a
// lower version, is a conflict, so that nobody silently rewrites the terms
// an assessment was made under. Each version stored is appended to the
// ledger.
func (s *Store) PutAgreement(ctx context.Context, a trucewatch.Agreement) (PutResult, error) {
	if err := a.Validate(); err != nil {
		return "", fmt.Errorf("put agreement: %w", err)
	}
	var result PutResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		var records []ledger.Record
		if result, records, err = putAgreement(ctx, tx, a); err != nil {
			return err
		}
		return s.appendLedger(ctx, tx, records)
	})
	if err != nil {
		return "", fmt.Errorf("put agreement %s: %w", a.ID, err)
	}
	return result, nil
}

// putAgreement stores a valid agreement in tx (PutAgreement), and returns
// the ledger record of what it stored (none when the agreement was stored
// already), for the caller to append.
func putAgreement(ctx context.Context, tx *sql.Tx, a trucewatch.Agreement) (PutResult, []ledger.Record, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return "", nil, err
	}
	rec, err := agreementRecord(a, body)
	if err != nil {
		return "", nil, err
	}
	var version int
	var stored string
	err = tx.QueryRowContext(ctx, `SELECT version, body FROM agreements WHERE id = $1`, a.ID).Scan(&version, &stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO agreements (id, version, title, status, norm, effective_from, effective_to, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			a.ID, a.Version, a.Title, string(a.Status), a.Norm, a.Effective.From.UTC(), nullTime(a.Effective.To), string(body))
		return PutNew, []ledger.Record{rec}, err
	case err != nil:
		return "", nil, err
	case version == a.Version && sameJSON(stored, body):
		return PutUnchanged, nil, nil
	case version >= a.Version:
		return "", nil, fmt.Errorf("version %d is stored with other terms; raise the version to change them: %w", version, trucewatch.ErrConflict)
	}
	_, err = tx.ExecContext(ctx, `UPDATE agreements SET version = $2, title = $3, status = $4, norm = $5,
		effective_from = $6, effective_to = $7, body = $8 WHERE id = $1`,
		a.ID, a.Version, a.Title, string(a.Status), a.Norm, a.Effective.From.UTC(), nullTime(a.Effective.To), string(body))
	return PutUpdated, []ledger.Record{rec}, err
}

// sameJSON compares two JSON documents by value: PostgreSQL's jsonb does not
// keep the bytes it was given.
func sameJSON(a string, b []byte) bool {
	var x, y trucewatch.Agreement
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return string(xb) == string(yb)
}

// Agreement returns the stored agreement with the given ID.
func (s *Store) Agreement(ctx context.Context, id string) (trucewatch.Agreement, error) {
	var body string
	err := s.db.QueryRowContext(ctx, `SELECT body FROM agreements WHERE id = $1`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return trucewatch.Agreement{}, fmt.Errorf("agreement %s: %w", id, trucewatch.ErrNotFound)
	}
	if err != nil {
		return trucewatch.Agreement{}, fmt.Errorf("agreement %s: %w", id, err)
	}
	return decodeAgreement(body)
}

// Agreements lists every stored agreement, earliest in force first.
func (s *Store) Agreements(ctx context.Context) ([]trucewatch.Agreement, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT body FROM agreements ORDER BY effective_from, id`)
	if err != nil {
		return nil, fmt.Errorf("list agreements: %w", err)
	}
	defer rows.Close()
	var out []trucewatch.Agreement
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("list agreements: %w", err)
		}
		a, err := decodeAgreement(body)
		if err != nil {
			return nil, fmt.Errorf("list agreements: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list agreements: %w", err)
	}
	return out, nil
}

func decodeAgreement(body string) (trucewatch.Agreement, error) {
	var a trucewatch.Agreement
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		return a, fmt.Errorf("stored agreement: %w", err)
	}
	return a, nil
}
