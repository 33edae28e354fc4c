package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
)

// AddReports stores reports that are not stored yet, in one transaction.
// It reports for each, in order, whether it was new; a report whose ID is
// stored already (the same bytes, from wherever) is left as it was. New
// reports' outlets are added to the source registry with an unknown
// affiliation, and each new report is appended to the ledger.
func (s *Store) AddReports(ctx context.Context, reports []trucewatch.Report) ([]bool, error) {
	isNew := make([]bool, len(reports))
	// The checks and the hashing of the ledger's records are done before
	// the transaction, so that they do not hold the write lock. Times are
	// to the microsecond, which both engines keep: the ledger record
	// hashes the time as stored.
	now := s.now().UTC().Truncate(time.Microsecond)
	records := make([]ledger.Record, len(reports))
	for i, r := range reports {
		rawSum := sha256.Sum256(r.Raw)
		if r.ID != hex.EncodeToString(rawSum[:]) {
			return nil, fmt.Errorf("add reports: report %s: id is not the hash of its bytes: %w", trucewatch.ShortID(r.ID), trucewatch.ErrInvalid)
		}
		records[i] = reportRecord(r, rawSum, now)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO reports
			(id, raw, text, language, published, published_at, url, outlet, title, metadata, origin, ingested_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer ins.Close()
		src, err := tx.PrepareContext(ctx, `INSERT INTO sources (outlet) VALUES ($1) ON CONFLICT (outlet) DO NOTHING`)
		if err != nil {
			return err
		}
		defer src.Close()
		// Rows are written in key order, reports then outlets, so that
		// concurrent batches lock them in one order and cannot deadlock.
		order := make([]int, len(reports))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return strings.Compare(reports[a].ID, reports[b].ID) })
		outlets := map[string]bool{}
		var logged []ledger.Record
		for _, i := range order {
			r := reports[i]
			meta := []byte("{}")
			if r.Metadata != nil {
				var err error
				if meta, err = json.Marshal(r.Metadata); err != nil {
					return fmt.Errorf("report %s: metadata: %w", trucewatch.ShortID(r.ID), err)
				}
			}
			res, err := ins.ExecContext(ctx, r.ID, r.Raw, r.Text, r.Language, r.Published.String(),
				nullTime(r.Published.Time), r.URL, r.Outlet, r.Title, string(meta), r.Origin, now)
			if err != nil {
				return fmt.Errorf("insert report %s: %w", trucewatch.ShortID(r.ID), err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			isNew[i] = n == 1
			if isNew[i] {
				logged = append(logged, records[i])
			}
			if isNew[i] && r.Outlet != "" {
				outlets[r.Outlet] = true
			}
		}
		for _, o := range slices.Sorted(maps.Keys(outlets)) {
			if _, err := src.ExecContext(ctx, o); err != nil {
				return fmt.Errorf("register outlet %q: %w", o, err)
			}
		}
		// Last, so that the ledger's lock is held only to the commit.
		return s.appendLedger(ctx, tx, logged)
	})
	if err != nil {
		return nil, fmt.Errorf("add reports: %w", err)
	}
	return isNew, nil
}

// where builds the filter's WHERE clause and arguments.
func reportWhere(f trucewatch.ReportFilter) *where {
	w := &where{}
	if p := strings.ToLower(f.IDPrefix); p != "" {
		if strings.Trim(p, "0123456789abcdef") != "" {
			w.add("id = $%d", p) // not hex: matches no report, and no LIKE wildcard slips in
		} else {
			w.add("id LIKE $%d", p+"%")
		}
	}
	if f.Language != "" {
		w.add("language = $%d", f.Language)
	}
	if f.Outlet != "" {
		w.add("outlet = $%d", f.Outlet)
	}
	if !f.Since.IsZero() {
		w.add("published_at >= $%d", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		w.add("published_at < $%d", f.Until.UTC())
	}
	return w
}

const reportColumns = `id, text, language, published, url, outlet, title, metadata, origin, ingested_at`

// Reports lists the reports f selects, newest publication first (reports
// with no date last), without their raw bytes.
func (s *Store) Reports(ctx context.Context, f trucewatch.ReportFilter) ([]trucewatch.Report, error) {
	w := reportWhere(f)
	limit := f.Limit
	switch {
	case limit < 0:
		limit = math.MaxInt32
	case limit == 0:
		limit = 100
	}
	args := append(w.args, limit, f.Offset)
	q := `SELECT ` + reportColumns + ` FROM reports` + w.String() +
		fmt.Sprintf(` ORDER BY published_at IS NULL, published_at DESC, id LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	out, err := scanReports(rows)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	return out, nil
}

// scanReports reads rows of reportColumns.
func scanReports(rows *sql.Rows) ([]trucewatch.Report, error) {
	defer rows.Close()
	var out []trucewatch.Report
	for rows.Next() {
		r, err := scanReport(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CountReports counts the reports f selects, ignoring Limit and Offset.
func (s *Store) CountReports(ctx context.Context, f trucewatch.ReportFilter) (int, error) {
	w := reportWhere(f)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM reports`+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count reports: %w", err)
	}
	return n, nil
}

// Report returns the report with the given ID, raw bytes included.
func (s *Store) Report(ctx context.Context, id string) (trucewatch.Report, error) {
	var raw []byte
	r, err := scanReport(func(dest ...any) error {
		return s.db.QueryRowContext(ctx, `SELECT `+reportColumns+`, raw FROM reports WHERE id = $1`, id).
			Scan(append(dest, &raw)...)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return trucewatch.Report{}, fmt.Errorf("report %s: %w", trucewatch.ShortID(id), trucewatch.ErrNotFound)
	}
	if err != nil {
		return trucewatch.Report{}, fmt.Errorf("report %s: %w", trucewatch.ShortID(id), err)
	}
	r.Raw = raw
	return r, nil
}

// scanReport reads the reportColumns of one row through scan.
func scanReport(scan func(dest ...any) error) (trucewatch.Report, error) {
	var r trucewatch.Report
	var published, meta string
	if err := scan(&r.ID, &r.Text, &r.Language, &published, &r.URL, &r.Outlet, &r.Title, &meta, &r.Origin, &r.Ingested); err != nil {
		return r, err
	}
	r.Ingested = r.Ingested.UTC()
	var err error
	if r.Published, err = storedPublished(r.ID, published); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(meta), &r.Metadata); err != nil {
		return r, fmt.Errorf("report %s: stored metadata: %w", trucewatch.ShortID(r.ID), err)
	}
	if len(r.Metadata) == 0 {
		r.Metadata = nil
	}
	return r, nil
}

// storedPublished reads a report's published column ("" when unknown).
func storedPublished(id, published string) (trucewatch.Published, error) {
	if published == "" {
		return trucewatch.Published{}, nil
	}
	p, err := trucewatch.ParsePublished(published)
	if err != nil {
		return p, fmt.Errorf("report %s: stored %w", trucewatch.ShortID(id), err)
	}
	return p, nil
}

func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}
