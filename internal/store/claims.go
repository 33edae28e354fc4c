package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
)

// claimBody is how a claim's kind-specific fields are kept in the body column.
type claimBody struct {
	Incident  *trucewatch.IncidentClaim  `json:"incident,omitempty"`
	Exchange  *trucewatch.ExchangeClaim  `json:"exchange,omitempty"`
	Agreement *trucewatch.AgreementClaim `json:"agreement,omitempty"`
	Review    *trucewatch.ClaimReview    `json:"review,omitempty"`
}

// ReplaceClaims makes claims the complete set of claims extracted from one
// report, replacing what an earlier extraction stored. Running an extraction
// twice therefore stores its claims once.
func (s *Store) ReplaceClaims(ctx context.Context, reportID string, claims []trucewatch.Claim) error {
	if err := checkClaims(reportID, claims); err != nil {
		return fmt.Errorf("replace claims of report %s: %w", trucewatch.ShortID(reportID), err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM reports WHERE id = $1`, reportID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return trucewatch.ErrNotFound
		}
		var extractor string
		if err := tx.QueryRowContext(ctx, `SELECT extractor FROM reports WHERE id = $1`, reportID).Scan(&extractor); err != nil {
			return err
		}
		sets, err := replaceClaims(ctx, tx, []string{reportID}, claims)
		if err != nil {
			return err
		}
		return s.appendLedger(ctx, tx, []ledger.Record{claimsRecord(reportID, extractor, sets[reportID])})
	})
	if err != nil {
		return fmt.Errorf("replace claims of report %s: %w", trucewatch.ShortID(reportID), err)
	}
	return nil
}

// checkClaims refuses claims that are invalid or belong to another report.
func checkClaims(reportID string, claims []trucewatch.Claim) error {
	for _, c := range claims {
		if c.ReportID != reportID {
			return fmt.Errorf("claim %s belongs to report %s: %w", c.ID, trucewatch.ShortID(c.ReportID), trucewatch.ErrInvalid)
		}
		if err := c.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// replaceClaims deletes the reports' claims and inserts claims in tx. It
// returns the claims' canonical rows by report (claimsRecord).
func replaceClaims(ctx context.Context, tx *sql.Tx, reportIDs []string, claims []trucewatch.Claim) (map[string][]claimRow, error) {
	err := inChunks(reportIDs, func(w *where, marks string) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM claims WHERE report_id IN (`+marks+`)`, w.args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("delete claims: %w", err)
	}
	rows := make([][]any, len(claims))
	sets := map[string][]claimRow{}
	for i, c := range claims {
		body, err := json.Marshal(claimBody{c.Incident, c.Exchange, c.Agreement, c.Review})
		if err != nil {
			return nil, fmt.Errorf("claim %s: %w", c.ID, err)
		}
		var day, target, country string
		var lat, lon sql.NullFloat64
		switch {
		case c.Incident != nil:
			i := c.Incident
			day, target, country = i.Date.String(), string(i.Target), string(i.Place.Country)
			if i.Place.HasPoint() {
				lat, lon = sql.NullFloat64{Float64: i.Place.Lat, Valid: true}, sql.NullFloat64{Float64: i.Place.Lon, Valid: true}
			}
		case c.Exchange != nil:
			day = c.Exchange.Date.String()
		}
		rows[i] = []any{c.ID, c.ReportID, string(c.Kind), c.Sentence.Start, c.Sentence.End,
			c.Speaker, day, target, country, lat, lon, string(body), verdictOf(c), c.MergeLabel()}
		row := claimRow{ID: c.ID, ReportID: c.ReportID, Kind: string(c.Kind), SpanStart: c.Sentence.Start, SpanEnd: c.Sentence.End,
			Speaker: c.Speaker, Day: day, Target: target, Country: country, Body: body, Verdict: verdictOf(c), MergeGroup: c.MergeLabel()}
		if lat.Valid {
			row.Lat, row.Lon = &lat.Float64, &lon.Float64
		}
		sets[c.ReportID] = append(sets[c.ReportID], row)
	}
	err = execValues(ctx, tx, `INSERT INTO claims
		(id, report_id, kind, span_start, span_end, speaker, day, target, country, lat, lon, body, verdict, merge_group) VALUES`, "", rows)
	if err != nil {
		return nil, fmt.Errorf("insert claims: %w", err)
	}
	return sets, nil
}

// Claims lists the claims f selects, in report and text order; with
// f.Limit above 0, a page of them from f.Offset.
func (s *Store) Claims(ctx context.Context, f trucewatch.ClaimFilter) ([]trucewatch.Claim, error) {
	w := claimWhere(f)
	q := `SELECT ` + claimColumns + ` FROM claims` + w.String() + ` ORDER BY report_id, span_start, id`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, max(f.Offset, 0))
	}
	rows, err := s.db.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	on, err := scanClaims(rows)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	out := make([]trucewatch.Claim, len(on))
	for i, c := range on {
		out[i] = c.Claim
	}
	return out, nil
}

// CountClaims counts the claims f selects; its Limit and Offset are
// ignored.
func (s *Store) CountClaims(ctx context.Context, f trucewatch.ClaimFilter) (int, error) {
	w := claimWhere(f)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM claims`+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count claims: %w", err)
	}
	return n, nil
}

func claimWhere(f trucewatch.ClaimFilter) *where {
	w := &where{}
	if len(f.IDs) > 0 {
		var marks []string
		for _, id := range f.IDs {
			w.args = append(w.args, id)
			marks = append(marks, fmt.Sprintf("$%d", len(w.args)))
		}
		w.conds = append(w.conds, "id IN ("+strings.Join(marks, ", ")+")")
	}
	if f.ReportID != "" {
		w.add("report_id = $%d", f.ReportID)
	}
	if f.Kind != "" {
		w.add("kind = $%d", string(f.Kind))
	}
	if f.Target != "" {
		w.add("target = $%d", string(f.Target))
	}
	if !f.From.IsZero() {
		w.add("day >= $%d", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("day <= $%d", f.To.String())
	}
	return w
}

// verdictOf is the claims.verdict column: the analyst's verdict, or
// "corrected" for a claim only corrected; "" when nobody decided on it, or
// only merged or split it (grouping says nothing of whether it is true).
func verdictOf(c trucewatch.Claim) string {
	switch {
	case c.Review == nil:
		return ""
	case c.Review.Verdict != "":
		return string(c.Review.Verdict)
	case len(c.Review.Corrected) > 0:
		return "corrected"
	}
	return ""
}
