package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/trucewatch/trucewatch"
)

// ReplaceAnalysis stores the incidents and assessments the pipeline
// computed, replacing the previous ones in one transaction: they are
// derived from the claims and are recomputed whole.
func (s *Store) ReplaceAnalysis(ctx context.Context, incidents []trucewatch.Incident, assessments []trucewatch.Assessment) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM assessments`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM incidents`); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO incidents (id, day_from, day_to, place_id, place_name, admin1, country,
			precision, lat, lon, target, target_detail, accused, claims, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, inc := range incidents {
			body, err := json.Marshal(inc)
			if err != nil {
				return err
			}
			p := inc.Place
			if _, err := ins.ExecContext(ctx, inc.ID, inc.From.String(), inc.To.String(), p.ID, p.Name, p.Admin1, string(p.Country),
				string(p.Precision), p.Lat, p.Lon, string(inc.Target), inc.TargetDetail, accusedKey(inc.Accused), len(inc.ClaimIDs), string(body)); err != nil {
				return fmt.Errorf("insert incident %s: %w", inc.ID, err)
			}
		}
		ia, err := tx.PrepareContext(ctx, `INSERT INTO assessments (incident_id, agreement_id, reading_id, accused, in_scope, status, day, reason)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`)
		if err != nil {
			return err
		}
		defer ia.Close()
		for _, a := range assessments {
			if _, err := ia.ExecContext(ctx, a.IncidentID, a.AgreementID, a.ReadingID, string(a.Accused), a.InScope, string(a.Status), a.Day.String(), a.Reason); err != nil {
				return fmt.Errorf("insert assessment of %s: %w", a.IncidentID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("replace analysis: %w", err)
	}
	return nil
}

func accusedKey(ps []trucewatch.Party) string {
	if len(ps) == 0 {
		return ""
	}
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return "," + strings.Join(s, ",") + ","
}

// BBox is a longitude/latitude box.
type BBox struct{ MinLon, MinLat, MaxLon, MaxLat float64 }

// IncidentFilter selects incidents. Zero fields select everything.
type IncidentFilter struct {
	From, To  trucewatch.Date // incidents that start in [From, To]
	BBox      *BBox
	Target    trucewatch.Target
	Party     trucewatch.Party            // accused
	Agreement string                      // in scope of this agreement, under some reading
	Status    trucewatch.AssessmentStatus // with an in-scope assessment of this status
	Text      string                      // in the place's name or the target detail
	Limit     int                         // 0 means 100
	Offset    int
}

func (f IncidentFilter) where() *where {
	w := &where{}
	if !f.From.IsZero() {
		w.add("day_from >= $%d", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("day_from <= $%d", f.To.String())
	}
	if b := f.BBox; b != nil {
		w.add("lat >= $%d", b.MinLat)
		w.add("lat <= $%d", b.MaxLat)
		w.add("lon >= $%d", b.MinLon)
		w.add("lon <= $%d", b.MaxLon)
	}
	if f.Target != "" {
		w.add("target = $%d", string(f.Target))
	}
	if f.Party != "" {
		w.add("accused LIKE $%d", "%,"+string(f.Party)+",%")
	}
	if f.Agreement != "" || f.Status != "" {
		cond := "EXISTS (SELECT 1 FROM assessments a WHERE a.incident_id = incidents.id AND a.in_scope = $%d"
		w.args = append(w.args, true)
		cond = fmt.Sprintf(cond, len(w.args))
		if f.Agreement != "" {
			w.args = append(w.args, f.Agreement)
			cond += fmt.Sprintf(" AND a.agreement_id = $%d", len(w.args))
		}
		if f.Status != "" {
			w.args = append(w.args, string(f.Status))
			cond += fmt.Sprintf(" AND a.status = $%d", len(w.args))
		}
		w.conds = append(w.conds, cond+")")
	}
	if f.Text != "" {
		t := "%" + strings.ToLower(f.Text) + "%"
		w.args = append(w.args, t)
		n := len(w.args)
		w.conds = append(w.conds, fmt.Sprintf("(LOWER(place_name) LIKE $%d OR LOWER(target_detail) LIKE $%d)", n, n))
	}
	return w
}

// Incidents lists the incidents f selects, newest first.
func (s *Store) Incidents(ctx context.Context, f IncidentFilter) ([]trucewatch.Incident, error) {
	w := f.where()
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	args := append(w.args, limit, f.Offset)
	q := `SELECT body FROM incidents` + w.String() + fmt.Sprintf(` ORDER BY day_from DESC, id LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	defer rows.Close()
	var out []trucewatch.Incident
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("list incidents: %w", err)
		}
		var inc trucewatch.Incident
		if err := json.Unmarshal([]byte(body), &inc); err != nil {
			return nil, fmt.Errorf("list incidents: stored body: %w", err)
		}
		out = append(out, inc)
	}
	return out, rows.Err()
}

// Incident returns one incident.
func (s *Store) Incident(ctx context.Context, id string) (trucewatch.Incident, error) {
	var body string
	err := s.db.QueryRowContext(ctx, `SELECT body FROM incidents WHERE id = $1`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return trucewatch.Incident{}, fmt.Errorf("incident %s: %w", id, trucewatch.ErrNotFound)
	}
	if err != nil {
		return trucewatch.Incident{}, fmt.Errorf("incident %s: %w", id, err)
	}
	var inc trucewatch.Incident
	if err := json.Unmarshal([]byte(body), &inc); err != nil {
		return inc, fmt.Errorf("incident %s: stored body: %w", id, err)
	}
	return inc, nil
}

// AssessmentFilter selects assessments.
type AssessmentFilter struct {
	IncidentID, Agreement string
	From, To              trucewatch.Date
}

// Assessments lists the assessments f selects, by day.
func (s *Store) Assessments(ctx context.Context, f AssessmentFilter) ([]trucewatch.Assessment, error) {
	w := &where{}
	if f.IncidentID != "" {
		w.add("incident_id = $%d", f.IncidentID)
	}
	if f.Agreement != "" {
		w.add("agreement_id = $%d", f.Agreement)
	}
	if !f.From.IsZero() {
		w.add("day >= $%d", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("day <= $%d", f.To.String())
	}
	rows, err := s.db.QueryContext(ctx, `SELECT incident_id, agreement_id, reading_id, accused, in_scope, status, day, reason
		FROM assessments`+w.String()+` ORDER BY day, incident_id, agreement_id, reading_id, accused`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	defer rows.Close()
	var out []trucewatch.Assessment
	for rows.Next() {
		var a trucewatch.Assessment
		var day string
		if err := rows.Scan(&a.IncidentID, &a.AgreementID, &a.ReadingID, &a.Accused, &a.InScope, &a.Status, &day, &a.Reason); err != nil {
			return nil, fmt.Errorf("list assessments: %w", err)
		}
		if a.Day, err = trucewatch.ParseDate(day); err != nil {
			return nil, fmt.Errorf("list assessments: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
