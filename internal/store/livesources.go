package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/trucewatch/trucewatch"
)

// LiveState is a live source with what its last reads left (docs/sources.md).
type LiveState struct {
	trucewatch.LiveSource
	ETag, LastModified string // the validators of the last answer, for a conditional GET
	ContentHash        string // SHA-256 of a page's main text when it was last stored
	Failures           int    // failed reads in a row
	LastError          string
	Polled, NextPoll   time.Time // zero: never read / read at once
	Stored             int64     // new reports it gave, in all
}

// AddLiveSource stores a new live source; a name taken already is
// ErrConflict. When src.Affiliation is set (not "" nor unknown), its outlet
// is entered in the source registry in the same transaction (PutSource),
// replacing what the registry table held for that outlet.
func (s *Store) AddLiveSource(ctx context.Context, src trucewatch.LiveSource) (trucewatch.LiveSource, error) {
	if err := trucewatch.ValidSourceName(src.Name); err != nil {
		return src, fmt.Errorf("add source: %w", err)
	}
	if !src.Kind.Valid() {
		return src, fmt.Errorf("add source %s: kind %q: %w", src.Name, src.Kind, trucewatch.ErrInvalid)
	}
	if src.Location == "" {
		return src, fmt.Errorf("add source %s: no location: %w", src.Name, trucewatch.ErrInvalid)
	}
	src.Added = s.now().UTC().Truncate(time.Second)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO live_sources (name, kind, location, outlet, language, channel, added_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
			src.Name, string(src.Kind), src.Location, src.Outlet, src.Language, src.Channel, src.Added)
		if err != nil {
			return fmt.Errorf("add source %s: %w", src.Name, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("add source %s: the name is taken: %w", src.Name, trucewatch.ErrConflict)
		}
		if src.Outlet == "" || src.Affiliation == "" || src.Affiliation == trucewatch.AffiliationUnknown {
			return nil
		}
		return putSource(ctx, tx, src.Source)
	})
	return src, err
}

// LiveSources lists the live sources by name, with their state and the
// registry's affiliation and party of their outlet.
func (s *Store) LiveSources(ctx context.Context) ([]LiveState, error) {
	return s.liveSources(ctx, "")
}

// LiveSource is one live source by name; none is ErrNotFound.
func (s *Store) LiveSource(ctx context.Context, name string) (LiveState, error) {
	all, err := s.liveSources(ctx, name)
	if err != nil {
		return LiveState{}, err
	}
	if len(all) == 0 {
		return LiveState{}, fmt.Errorf("source %s: %w", name, trucewatch.ErrNotFound)
	}
	return all[0], nil
}

func (s *Store) liveSources(ctx context.Context, name string) ([]LiveState, error) {
	q := `SELECT l.name, l.kind, l.location, l.outlet, l.language, l.channel, l.added_at, l.etag, l.last_modified,
		l.content_hash, l.failures, l.last_error, l.polled_at, l.next_poll_at, l.stored,
		COALESCE(r.url, ''), COALESCE(r.affiliation, ''), COALESCE(r.party, ''), COALESCE(r.notes, '')
		FROM live_sources l LEFT JOIN sources r ON r.outlet = l.outlet`
	var args []any
	if name != "" {
		q += ` WHERE l.name = $1`
		args = append(args, name)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY l.name`, args...)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []LiveState
	for rows.Next() {
		var l LiveState
		var polled, next sql.NullTime
		if err := rows.Scan(&l.Name, &l.Kind, &l.Location, &l.Outlet, &l.Language, &l.Channel, &l.Added, &l.ETag, &l.LastModified,
			&l.ContentHash, &l.Failures, &l.LastError, &polled, &next, &l.Stored,
			&l.URL, &l.Affiliation, &l.Party, &l.Notes); err != nil {
			return nil, fmt.Errorf("list sources: %w", err)
		}
		l.Added = l.Added.UTC()
		if polled.Valid {
			l.Polled = polled.Time.UTC()
		}
		if next.Valid {
			l.NextPoll = next.Time.UTC()
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

// RemoveLiveSource deletes a live source and its list of files read; an
// unknown name is ErrNotFound. The registry keeps its outlet: stored
// reports still carry it.
func (s *Store) RemoveLiveSource(ctx context.Context, name string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM live_source_files WHERE source = $1`, name); err != nil {
			return fmt.Errorf("remove source %s: %w", name, err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM live_sources WHERE name = $1`, name)
		if err != nil {
			return fmt.Errorf("remove source %s: %w", name, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("remove source %s: %w", name, trucewatch.ErrNotFound)
		}
		return nil
	})
}

// SaveLiveState records the outcome of a read: the validators, content
// hash, failure count, last error, times, and adds stored to the source's
// count. A source removed meanwhile is ErrNotFound.
func (s *Store) SaveLiveState(ctx context.Context, st LiveState, stored int) error {
	res, err := s.db.ExecContext(ctx, `UPDATE live_sources SET etag = $2, last_modified = $3, content_hash = $4,
		failures = $5, last_error = $6, polled_at = $7, next_poll_at = $8, stored = stored + $9 WHERE name = $1`,
		st.Name, st.ETag, st.LastModified, st.ContentHash, st.Failures, st.LastError,
		nullTime(st.Polled), nullTime(st.NextPoll), stored)
	if err != nil {
		return fmt.Errorf("save source %s: %w", st.Name, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("save source %s: %w", st.Name, trucewatch.ErrNotFound)
	}
	return nil
}

// FileStamp is what tells whether a file changed since it was read.
type FileStamp struct {
	Size    int64
	ModTime int64 // Unix nanoseconds
}

// LiveFiles are the files of a live source already read, by path.
func (s *Store) LiveFiles(ctx context.Context, source string) (map[string]FileStamp, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT path, size, mod_time FROM live_source_files WHERE source = $1`, source)
	if err != nil {
		return nil, fmt.Errorf("files of source %s: %w", source, err)
	}
	defer rows.Close()
	out := map[string]FileStamp{}
	for rows.Next() {
		var p string
		var f FileStamp
		if err := rows.Scan(&p, &f.Size, &f.ModTime); err != nil {
			return nil, fmt.Errorf("files of source %s: %w", source, err)
		}
		out[p] = f
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("files of source %s: %w", source, err)
	}
	return out, nil
}

// MarkLiveFile records that a file of a live source was read as it was.
func (s *Store) MarkLiveFile(ctx context.Context, source, path string, f FileStamp) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO live_source_files (source, path, size, mod_time) VALUES ($1, $2, $3, $4)
		ON CONFLICT (source, path) DO UPDATE SET size = excluded.size, mod_time = excluded.mod_time`,
		source, path, f.Size, f.ModTime)
	if err != nil {
		return fmt.Errorf("mark file %s of source %s: %w", path, source, err)
	}
	return nil
}
