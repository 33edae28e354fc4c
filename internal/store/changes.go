package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
)

// Every stored analysis counts up the generation in analysis_generation,
// marks the incidents it writes with it and records the ids it removes in
// removed_incidents (migration 0009), so that IncidentChanges can tell a
// reader what changed since the generation it knows, reading only that.

// Removals are kept for keepGenerations generations, pruned every
// pruneEvery: an index that falls further behind (a server stopped for
// a while) reads every incident again.
const (
	keepGenerations = 10_000
	pruneEvery      = 1_000
)

// Generation reads which generation of the analysis the tables hold.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	g, err := s.generation(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("analysis generation: %w", err)
	}
	return g, nil
}

// generation reads the generation in q (the database or a transaction).
func (s *Store) generation(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int64, error) {
	var g int64
	err := q.QueryRowContext(ctx, `SELECT generation FROM analysis_generation`).Scan(&g)
	return g, err
}

// nextGeneration counts up the generation in tx and returns it, pruning
// old removals every pruneEvery generations.
func nextGeneration(ctx context.Context, tx *sql.Tx) (int64, error) {
	var g int64
	if err := tx.QueryRowContext(ctx, `UPDATE analysis_generation SET generation = generation + 1 RETURNING generation`).Scan(&g); err != nil {
		return 0, fmt.Errorf("count the generation up: %w", err)
	}
	if g%pruneEvery == 0 && g > keepGenerations {
		if _, err := tx.ExecContext(ctx, `DELETE FROM removed_incidents WHERE generation <= $1`, g-keepGenerations); err != nil {
			return 0, fmt.Errorf("prune removed incidents: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE analysis_generation SET pruned = $1 WHERE pruned < $1`, g-keepGenerations); err != nil {
			return 0, fmt.Errorf("prune removed incidents: %w", err)
		}
	}
	return g, nil
}

// recordRemoved records that generation g removed the incidents ids.
func recordRemoved(ctx context.Context, tx *sql.Tx, g int64, ids []string) error {
	for chunk := range slices.Chunk(ids, 500) {
		w := &where{}
		rows := make([]string, len(chunk))
		for i, id := range chunk {
			rows[i] = "(" + w.list([]any{id, g}) + ")"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO removed_incidents (id, generation) VALUES `+strings.Join(rows, ", ")+`
			ON CONFLICT (id) DO UPDATE SET generation = excluded.generation`, w.args...); err != nil {
			return fmt.Errorf("record removed incidents: %w", err)
		}
	}
	return nil
}

// forgetChanges marks generation g as a rewrite of every incident: the
// removals before it are of no use to any reader.
func forgetChanges(ctx context.Context, tx *sql.Tx, g int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM removed_incidents`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE analysis_generation SET pruned = $1`, g)
	return err
}

// IncidentChanges reads, in one snapshot of the tables, what changed in
// the incidents after generation since: the ids removed and the incidents
// written. When those changes are no longer kept, or since is below 0, it
// reads every incident (Whole).
func (s *Store) IncidentChanges(ctx context.Context, since int64) (trucewatch.IncidentChanges, error) {
	ch := trucewatch.IncidentChanges{Since: since}
	opts := &sql.TxOptions{ReadOnly: true}
	if s.engine == Postgres {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot for every read
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return ch, fmt.Errorf("incident changes: %w", err)
	}
	defer tx.Rollback()
	var pruned int64
	if err := tx.QueryRowContext(ctx, `SELECT generation, pruned FROM analysis_generation`).Scan(&ch.Generation, &pruned); err != nil {
		return ch, fmt.Errorf("incident changes: %w", err)
	}
	if since == ch.Generation {
		return ch, nil
	}
	ch.Whole = since < pruned || since > ch.Generation
	q := `SELECT id, day_from, lat, lon, target, accused FROM incidents ORDER BY id`
	var args []any
	if !ch.Whole {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM removed_incidents WHERE generation > $1`, since)
		if err != nil {
			return ch, fmt.Errorf("incident changes: %w", err)
		}
		if ch.Removed, err = scanStrings(rows); err != nil {
			return ch, fmt.Errorf("incident changes: %w", err)
		}
		// No ORDER BY: the index on generation finds the few rows, where
		// ordering by id would walk the whole table in its key order.
		q = `SELECT id, day_from, lat, lon, target, accused FROM incidents WHERE generation > $1`
		args = append(args, since)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return ch, fmt.Errorf("incident changes: %w", err)
	}
	defer rows.Close()
	// Most incidents share one of a few sets of accused parties: one
	// slice each.
	accused := map[string][]trucewatch.Party{}
	for rows.Next() {
		var inc trucewatch.IncidentSummary
		var day, acc string
		if err := rows.Scan(&inc.ID, &day, &inc.Lat, &inc.Lon, &inc.Target, &acc); err != nil {
			return ch, fmt.Errorf("incident changes: %w", err)
		}
		if inc.Day, err = trucewatch.ParseDate(day); err != nil {
			return ch, fmt.Errorf("incident changes: incident %s: %w", inc.ID, err)
		}
		ps, ok := accused[acc]
		if !ok {
			ps = accusedOf(acc)
			accused[acc] = ps
		}
		inc.Accused = ps
		ch.Incidents = append(ch.Incidents, inc)
	}
	if err := rows.Err(); err != nil {
		return ch, fmt.Errorf("incident changes: %w", err)
	}
	return ch, nil
}

// IncidentsJSONAt reads the stored JSON of the incidents ids names, in the
// order of ids, if the tables still hold the given generation; it reports
// false when they do not (or when an id is missing).
func (s *Store) IncidentsJSONAt(ctx context.Context, generation int64, ids []string) ([]json.RawMessage, bool, error) {
	out, ok, err := byIDs(ctx, s, generation, ids, `id, body`, func(rows *sql.Rows) (string, json.RawMessage, error) {
		var id string
		var body []byte
		err := rows.Scan(&id, &body)
		return id, body, err
	})
	if err != nil {
		return nil, false, fmt.Errorf("list incidents: %w", err)
	}
	return out, ok, nil
}

// MapPointsAt is IncidentsJSONAt for map points.
func (s *Store) MapPointsAt(ctx context.Context, generation int64, ids []string) ([]trucewatch.MapPoint, bool, error) {
	out, ok, err := byIDs(ctx, s, generation, ids, mapPointColumns, func(rows *sql.Rows) (string, trucewatch.MapPoint, error) {
		p, err := scanMapPoint(rows)
		return p.ID, p, err
	})
	if err != nil {
		return nil, false, fmt.Errorf("map points: %w", err)
	}
	return out, ok, nil
}

// byIDs reads the given columns, the first being the id, of the incidents
// ids names, and returns what scan makes of each row in the order of ids. It
// reports false when the tables no longer hold the given generation: the
// check is part of each statement, so the rows are of the generation the
// caller chose them from. Ids go a thousand to a statement, well inside
// both engines' limits on parameters.
func byIDs[T any](ctx context.Context, s *Store, generation int64, ids []string, columns string,
	scan func(*sql.Rows) (string, T, error)) ([]T, bool, error) {
	if len(ids) == 0 {
		g, err := s.generation(ctx, s.db)
		return nil, err == nil && g == generation, err
	}
	at := make(map[string]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	out := make([]T, len(ids))
	found := 0
	for chunk := range slices.Chunk(ids, 1000) {
		w := &where{args: []any{generation}}
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		in := w.list(args)
		rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM incidents
			WHERE (SELECT generation FROM analysis_generation) = $1 AND id IN (`+in+`)`, w.args...)
		if err != nil {
			return nil, false, err
		}
		for rows.Next() {
			id, v, err := scan(rows)
			if err != nil {
				rows.Close()
				return nil, false, err
			}
			if i, ok := at[id]; ok {
				out[i] = v
				found++
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, false, err
		}
	}
	return out, found == len(ids), nil
}
