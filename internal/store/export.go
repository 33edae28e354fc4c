package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/trucewatch/trucewatch"
)

// exportPage is how many incidents EachIncident reads at a time: its
// memory is a page's incidents with their claims and assessments,
// whatever the number of incidents.
const exportPage = 500

// EachIncident calls fn with every incident f selects, newest first (as
// Incidents orders them), with its assessments, claims and reports. It
// reads a page of incidents at a time, continuing after the last one read
// (keyset paging on day_from and id, which the list's index serves), and
// each page's assessments, claims and reports in one query each, so that
// its memory does not grow with the number of incidents. f.Limit, when
// above 0, stops it after that many; f.Offset is ignored.
//
// The pages are read one after another, not in one transaction: an
// analysis committed during a long export may show in its later pages.
// Keyset paging never repeats an incident.
func (s *Store) EachIncident(ctx context.Context, f trucewatch.IncidentFilter, fn func(trucewatch.IncidentRecord) error) error {
	var lastDay, lastID string
	sent := 0
	for {
		n := exportPage
		if f.Limit > 0 {
			n = min(n, f.Limit-sent)
		}
		if n <= 0 {
			return nil
		}
		page, err := s.incidentPage(ctx, f, lastDay, lastID, `day_from DESC, id`, n)
		if err != nil {
			return fmt.Errorf("export incidents: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		recs, err := s.records(ctx, page)
		if err != nil {
			return fmt.Errorf("export incidents: %w", err)
		}
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		sent += len(page)
		last := page[len(page)-1]
		lastDay, lastID = last.From.String(), last.ID
		if len(page) < n {
			return nil
		}
	}
}

// RecentIncidents returns the n incidents f selects that the analysis
// wrote last (by the generation that wrote them, then newest first), with
// their assessments, claims and reports: a feed's entries. n is at most
// 500; f's Limit and Offset are ignored.
func (s *Store) RecentIncidents(ctx context.Context, f trucewatch.IncidentFilter, n int) ([]trucewatch.IncidentRecord, error) {
	page, err := s.incidentPage(ctx, f, "", "", `generation DESC, day_from DESC, id`, min(max(n, 1), exportPage))
	if err != nil {
		return nil, fmt.Errorf("recent incidents: %w", err)
	}
	recs, err := s.records(ctx, page)
	if err != nil {
		return nil, fmt.Errorf("recent incidents: %w", err)
	}
	return recs, nil
}

// incidentPage reads n incidents f selects in the order given; with
// lastID set, the next ones after (lastDay, lastID) in the order
// day_from DESC, id.
func (s *Store) incidentPage(ctx context.Context, f trucewatch.IncidentFilter, lastDay, lastID, order string, n int) ([]trucewatch.Incident, error) {
	w := incidentWhere(f)
	if lastID != "" {
		w.args = append(w.args, lastDay, lastID)
		d, id := len(w.args)-1, len(w.args)
		// "day_from <= d AND (...)" rather than the plain OR, so that the
		// index incidents_day_id (migration 0017) bounds the scan.
		w.conds = append(w.conds, fmt.Sprintf("day_from <= $%d AND (day_from < $%d OR id > $%d)", d, d, id))
	}
	w.args = append(w.args, n)
	rows, err := s.db.QueryContext(ctx, `SELECT body FROM incidents`+w.String()+
		fmt.Sprintf(` ORDER BY %s LIMIT $%d`, order, len(w.args)), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]trucewatch.Incident, 0, n)
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var inc trucewatch.Incident
		if err := json.Unmarshal(body, &inc); err != nil {
			return nil, fmt.Errorf("stored incident: %w", err)
		}
		out = append(out, inc)
	}
	return out, rows.Err()
}

// records reads the page's assessments, claims and reports and joins them
// to its incidents, in the page's order.
func (s *Store) records(ctx context.Context, page []trucewatch.Incident) ([]trucewatch.IncidentRecord, error) {
	ids := make([]string, len(page))
	at := make(map[string]int, len(page))
	out := make([]trucewatch.IncidentRecord, len(page))
	for i, inc := range page {
		ids[i], at[inc.ID] = inc.ID, i
		out[i].Incident = inc
	}
	as, err := s.Assessments(ctx, trucewatch.AssessmentFilter{IncidentIDs: ids})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(as, func(a, b trucewatch.Assessment) int {
		if c := cmp.Compare(a.AgreementID, b.AgreementID); c != 0 {
			return c
		}
		if c := cmp.Compare(a.ReadingID, b.ReadingID); c != 0 {
			return c
		}
		return cmp.Compare(string(a.Accused), string(b.Accused))
	})
	for _, a := range as {
		if i, ok := at[a.IncidentID]; ok {
			out[i].Assessments = append(out[i].Assessments, a)
		}
	}
	err = inChunks(ids, func(w *where, marks string) error {
		// "<> ''" lets SQLite use the partial index claims_incident.
		rows, err := s.db.QueryContext(ctx, `SELECT `+claimColumns+` FROM claims WHERE incident_id IN (`+marks+`) AND incident_id <> '' ORDER BY id`, w.args...)
		if err != nil {
			return err
		}
		cs, err := scanClaims(rows)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if i, ok := at[c.IncidentID]; ok {
				out[i].Claims = append(out[i].Claims, c.Claim)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	var reportIDs []string
	for _, r := range out {
		for _, c := range r.Claims {
			reportIDs = append(reportIDs, c.ReportID)
		}
	}
	slices.Sort(reportIDs)
	reps := map[string]trucewatch.ReportRef{}
	err = inChunks(slices.Compact(reportIDs), func(w *where, marks string) error {
		rows, err := s.db.QueryContext(ctx, `SELECT id, outlet, url, ingested_at, published FROM reports WHERE id IN (`+marks+`)`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r trucewatch.ReportRef
			var at time.Time
			var published string
			if err := rows.Scan(&r.ID, &r.Outlet, &r.URL, &at, &published); err != nil {
				return err
			}
			r.Ingested = at.UTC()
			var err error
			if r.Published, err = storedPublished(r.ID, published); err != nil {
				return err
			}
			reps[r.ID] = r
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	for i := range out {
		var ids []string
		for _, c := range out[i].Claims {
			ids = append(ids, c.ReportID)
		}
		slices.Sort(ids)
		for _, id := range slices.Compact(ids) {
			if r, ok := reps[id]; ok {
				out[i].Reports = append(out[i].Reports, r)
			}
		}
	}
	return out, nil
}
