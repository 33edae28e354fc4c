package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/trucewatch/trucewatch"
)

// PutSource adds or replaces an entry of the source registry.
func (s *Store) PutSource(ctx context.Context, src trucewatch.Source) error {
	return putSource(ctx, s.db, src)
}

// execer is a database or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func putSource(ctx context.Context, db execer, src trucewatch.Source) error {
	if src.Outlet == "" {
		return fmt.Errorf("put source: outlet is empty: %w", trucewatch.ErrInvalid)
	}
	if !src.Affiliation.Valid() {
		return fmt.Errorf("put source %q: affiliation %q: %w", src.Outlet, src.Affiliation, trucewatch.ErrInvalid)
	}
	if src.Party != "" && !src.Party.Valid() {
		return fmt.Errorf("put source %q: party %q: %w", src.Outlet, src.Party, trucewatch.ErrInvalid)
	}
	_, err := db.ExecContext(ctx, `INSERT INTO sources (outlet, url, affiliation, party, notes) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (outlet) DO UPDATE SET url = excluded.url, affiliation = excluded.affiliation,
			party = excluded.party, notes = excluded.notes`,
		src.Outlet, src.URL, string(src.Affiliation), string(src.Party), src.Notes)
	if err != nil {
		return fmt.Errorf("put source %q: %w", src.Outlet, err)
	}
	return nil
}

// Sources lists the source registry by outlet name.
func (s *Store) Sources(ctx context.Context) ([]trucewatch.Source, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT outlet, url, affiliation, party, notes FROM sources ORDER BY outlet`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []trucewatch.Source
	for rows.Next() {
		var src trucewatch.Source
		if err := rows.Scan(&src.Outlet, &src.URL, &src.Affiliation, &src.Party, &src.Notes); err != nil {
			return nil, fmt.Errorf("list sources: %w", err)
		}
		out = append(out, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

// Counts is how much the store holds.
type Counts struct {
	Reports, Claims, Sources, Agreements int
}

// Count counts the store's records.
func (s *Store) Count(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM reports), (SELECT count(*) FROM claims),
		(SELECT count(*) FROM sources), (SELECT count(*) FROM agreements)`).
		Scan(&c.Reports, &c.Claims, &c.Sources, &c.Agreements)
	if err != nil {
		return c, fmt.Errorf("count records: %w", err)
	}
	return c, nil
}
