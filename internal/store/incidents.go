package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
)

// ReplaceAnalysis stores the incidents and assessments the pipeline
// computed, replacing the previous ones in one transaction: they are
// derived from the claims and are recomputed whole. The ledger records
// every incident written with its assessments, and every incident removed.
func (s *Store) ReplaceAnalysis(ctx context.Context, incidents []trucewatch.Incident, assessments []trucewatch.Assessment) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		g, err := nextGeneration(ctx, tx)
		if err != nil {
			return err
		}
		if err := forgetChanges(ctx, tx, g); err != nil {
			return err
		}
		// The incidents this analysis removes: the ledger records their removal.
		rows, err := tx.QueryContext(ctx, `SELECT id FROM incidents ORDER BY id`)
		if err != nil {
			return err
		}
		before, err := scanStrings(rows)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM assessments`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM incidents`); err != nil {
			return err
		}
		values, err := insertIncidents(ctx, tx, g, incidents)
		if err != nil {
			return err
		}
		assessed, err := insertAssessments(ctx, tx, assessments)
		if err != nil {
			return err
		}
		if err := markClaims(ctx, tx, incidents); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM timeline_days`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO timeline_days (agreement_id, reading_id, accused, day, status, n)
			SELECT agreement_id, reading_id, accused, day, status, COUNT(*) FROM assessments
			WHERE in_scope GROUP BY agreement_id, reading_id, accused, day, status`); err != nil {
			return fmt.Errorf("count the timelines: %w", err)
		}
		if err := s.notifyChange(ctx, tx); err != nil {
			return err
		}
		return s.appendLedger(ctx, tx, analysisRecords(g, incidents, values, assessed, without(before, incidentIDs(incidents))))
	})
	if err != nil {
		return fmt.Errorf("replace analysis: %w", err)
	}
	// The tables were just rewritten whole. Vacuum them now rather than
	// when autovacuum gets to them: the visibility map lets the map and
	// list queries read the covering indexes alone (a million rows: 1 s,
	// and ten times faster queries), and the planner gets fresh statistics.
	if s.engine == Postgres {
		if _, err := s.db.ExecContext(ctx, `VACUUM (ANALYZE) incidents, assessments`); err != nil {
			return fmt.Errorf("replace analysis: vacuum: %w", err)
		}
	}
	s.analysisStored()
	return nil
}

// OnAnalysisStored has fn called after every analysis this store commits
// (a batch or a whole rewrite), in the writer's goroutine, before the
// writer returns: the incident index catches up there, so that what was
// just stored is read from it at once. Other processes' analyses are
// heard through Watch.
func (s *Store) OnAnalysisStored(fn func()) {
	s.hooksMu.Lock()
	defer s.hooksMu.Unlock()
	s.hooks = append(s.hooks, fn)
}

// analysisStored calls the functions OnAnalysisStored was given.
func (s *Store) analysisStored() {
	s.hooksMu.Lock()
	hooks := slices.Clone(s.hooks)
	s.hooksMu.Unlock()
	for _, fn := range hooks {
		fn()
	}
}

// markClaims records, for every claim of the incidents, the incident it is
// in, after freeing every claim of any incident.
func markClaims(ctx context.Context, tx *sql.Tx, incidents []trucewatch.Incident) error {
	if _, err := tx.ExecContext(ctx, `UPDATE claims SET incident_id = '' WHERE incident_id <> ''`); err != nil {
		return err
	}
	return setClaimIncidents(ctx, tx, incidents)
}

// setClaimIncidents marks every claim of the incidents as theirs.
func setClaimIncidents(ctx context.Context, tx *sql.Tx, incidents []trucewatch.Incident) error {
	of := map[string]string{}
	for _, inc := range incidents {
		for _, id := range inc.ClaimIDs {
			of[id] = inc.ID
		}
	}
	if err := setIncidents(ctx, tx, of); err != nil {
		return fmt.Errorf("mark claims' incidents: %w", err)
	}
	return nil
}

// insertIncidents inserts incidents in tx, written by generation g, and
// returns the rows' values (incidentRowOf reads them).
func insertIncidents(ctx context.Context, tx *sql.Tx, g int64, incidents []trucewatch.Incident) ([][]any, error) {
	rows := make([][]any, len(incidents))
	for i, inc := range incidents {
		body, err := json.Marshal(inc)
		if err != nil {
			return nil, fmt.Errorf("incident %s: %w", inc.ID, err)
		}
		p := inc.Place
		rows[i] = []any{inc.ID, inc.From.String(), inc.To.String(), p.ID, p.Name, p.Admin1, string(p.Country),
			string(p.Precision), p.Lat, p.Lon, string(inc.Target), inc.TargetDetail, accusedKey(inc.Accused), len(inc.ClaimIDs), string(body), g}
	}
	err := execValues(ctx, tx, `INSERT INTO incidents (id, day_from, day_to, place_id, place_name, admin1, country,
		precision, lat, lon, target, target_detail, accused, claims, body, generation) VALUES`, "", rows)
	if err != nil {
		return nil, fmt.Errorf("insert incidents: %w", err)
	}
	return rows, nil
}

// insertAssessments inserts assessments in tx, and returns their
// canonical rows, which their ledger records hash (analysisRecords).
func insertAssessments(ctx context.Context, tx *sql.Tx, assessments []trucewatch.Assessment) ([]assessmentRow, error) {
	canon := make([]assessmentRow, len(assessments))
	rows := make([][]any, len(assessments))
	for i, a := range assessments {
		r := assessmentRowOf(a)
		canon[i] = r
		rows[i] = []any{r.IncidentID, r.AgreementID, r.ReadingID, r.Accused, r.InScope, r.Status, r.Day, r.Reason, string(r.Why)}
	}
	err := execValues(ctx, tx, `INSERT INTO assessments (`+assessmentColumns+`) VALUES`, "", rows)
	if err != nil {
		return nil, fmt.Errorf("insert assessments: %w", err)
	}
	return canon, nil
}

// accusedKey is the accused column: ",RU,UA,", so that one party is found
// with LIKE '%,RU,%'.
func accusedKey(ps []trucewatch.Party) string {
	if len(ps) == 0 {
		return ""
	}
	return "," + trucewatch.JoinParties(ps, ",") + ","
}

// accusedOf reads back what accusedKey wrote.
func accusedOf(key string) []trucewatch.Party {
	var out []trucewatch.Party
	for _, p := range strings.Split(strings.Trim(key, ","), ",") {
		if p != "" {
			out = append(out, trucewatch.Party(p))
		}
	}
	return out
}

// boxCells lists the grid cells the box touches as SQL arguments, or nil
// when the box is too large for the incidents table's cell index to help.
// The cell column numbers cells as trucewatch.CellOf does.
func boxCells(b trucewatch.BBox) []any {
	ns := b.Cells()
	if ns == nil {
		return nil
	}
	out := make([]any, len(ns))
	for i, n := range ns {
		out[i] = n
	}
	return out
}

func incidentWhere(f trucewatch.IncidentFilter) *where {
	w := &where{}
	if !f.From.IsZero() {
		w.add("day_from >= $%d", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("day_from <= $%d", f.To.String())
	}
	if b := f.BBox; b != nil {
		if cells := boxCells(*b); cells != nil {
			w.conds = append(w.conds, "cell IN ("+w.list(cells)+")")
		}
		w.add("lat >= $%d", b.MinLat)
		w.add("lat <= $%d", b.MaxLat)
		w.add("lon >= $%d", b.MinLon)
		w.add("lon <= $%d", b.MaxLon)
	}
	if f.Place != "" {
		w.args = append(w.args, f.Place)
		n := len(w.args)
		w.conds = append(w.conds, fmt.Sprintf("(place_id = $%d OR admin1 = $%d)", n, n))
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
	// Every word of the text must be in the place's name, the target
	// detail or the text of a report of the incident, in any language: the
	// words are matched as they are (% and _ are no wildcards), in lower
	// case, and in the report's text also as written and capitalised, since
	// SQLite's LOWER folds ASCII letters only (Суми, Krankenhaus).
	for _, word := range strings.Fields(f.Text) {
		lower := "%" + likeEscaper.Replace(strings.ToLower(word)) + "%"
		asIs := "%" + likeEscaper.Replace(word) + "%"
		r, size := utf8.DecodeRuneInString(word)
		title := "%" + likeEscaper.Replace(string(unicode.ToUpper(r))+word[size:]) + "%"
		w.args = append(w.args, lower, asIs, title)
		n := len(w.args) - 2
		w.conds = append(w.conds, fmt.Sprintf(`(LOWER(place_name) LIKE $%[1]d ESCAPE '\' OR LOWER(target_detail) LIKE $%[1]d ESCAPE '\'
			OR incidents.id IN (SELECT c.incident_id FROM claims c JOIN reports r ON r.id = c.report_id WHERE c.incident_id <> ''
				AND (LOWER(r.text) LIKE $%[1]d ESCAPE '\' OR r.text LIKE $%[2]d ESCAPE '\' OR r.text LIKE $%[3]d ESCAPE '\')))`, n, n+1, n+2))
	}
	return w
}

// likeEscaper escapes LIKE's wildcards and its escape character, for a
// pattern with ESCAPE '\' (the same on both engines).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// Incidents lists the incidents f selects, newest first.
func (s *Store) Incidents(ctx context.Context, f trucewatch.IncidentFilter) ([]trucewatch.Incident, error) {
	bodies, err := s.IncidentsJSON(ctx, f)
	if err != nil {
		return nil, err
	}
	return trucewatch.DecodeIncidents(bodies)
}

// IncidentsJSON is Incidents as the stored JSON of each incident, for
// callers that only pass it on: the API's list sends it as it is.
func (s *Store) IncidentsJSON(ctx context.Context, f trucewatch.IncidentFilter) ([]json.RawMessage, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	// A page of the newest incidents of a long window usually lies in its
	// last days: try those first. When they fill the page, every incident
	// before them would come after it, so the page is the same.
	if !f.To.IsZero() && (f.From.IsZero() || f.To.Sub(f.From) >= probeDays) {
		probe := f
		probe.From = f.To.AddDays(1 - probeDays)
		page, err := s.incidentsJSON(ctx, probe)
		if err != nil || len(page) == f.Limit {
			return page, err
		}
	}
	return s.incidentsJSON(ctx, f)
}

// probeDays is how many of a window's last days IncidentsJSON tries first.
const probeDays = 7

func (s *Store) incidentsJSON(ctx context.Context, f trucewatch.IncidentFilter) ([]json.RawMessage, error) {
	w := incidentWhere(f)
	args := append(w.args, f.Limit, f.Offset)
	// The inner query pages through the indexes alone; only the page's
	// rows are read from the table.
	q := `SELECT body FROM incidents WHERE id IN (SELECT id FROM incidents` + w.String() +
		fmt.Sprintf(` ORDER BY day_from DESC, id LIMIT $%d OFFSET $%d)`, len(args)-1, len(args)) + ` ORDER BY day_from DESC, id`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", err)
	}
	defer rows.Close()
	var out []json.RawMessage
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("list incidents: %w", err)
		}
		out = append(out, body)
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

func assessmentWhere(f trucewatch.AssessmentFilter) *where {
	w := &where{}
	if f.IncidentID != "" {
		w.add("incident_id = $%d", f.IncidentID)
	}
	if f.IncidentIDs != nil {
		if len(f.IncidentIDs) == 0 {
			w.conds = append(w.conds, "FALSE")
		} else {
			ids := make([]any, len(f.IncidentIDs))
			for i, id := range f.IncidentIDs {
				ids[i] = id
			}
			w.conds = append(w.conds, "incident_id IN ("+w.list(ids)+")")
		}
	}
	if f.Agreement != "" {
		w.add("agreement_id = $%d", f.Agreement)
	}
	if f.Reading != "" {
		w.add("reading_id = $%d", f.Reading)
	}
	if f.Accused != "" {
		w.add("accused = $%d", string(f.Accused))
	}
	if f.InScope {
		w.add("in_scope = $%d", true)
	}
	if !f.From.IsZero() {
		w.add("day >= $%d", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("day <= $%d", f.To.String())
	}
	return w
}

// Assessments lists the assessments f selects, by day.
func (s *Store) Assessments(ctx context.Context, f trucewatch.AssessmentFilter) ([]trucewatch.Assessment, error) {
	w := assessmentWhere(f)
	order := ` ORDER BY day, incident_id, agreement_id, reading_id, accused`
	if f.Limit > 0 {
		w.args = append(w.args, f.Limit, max(f.Offset, 0))
		order = fmt.Sprintf(` ORDER BY day DESC, incident_id, agreement_id, reading_id, accused LIMIT $%d OFFSET $%d`, len(w.args)-1, len(w.args))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+assessmentColumns+` FROM assessments`+w.String()+order, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	out, err := scanAssessments(rows)
	if err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	return out, nil
}

// assessmentColumns are an assessment row's columns, in the order
// scanAssessments reads them.
const assessmentColumns = `incident_id, agreement_id, reading_id, accused, in_scope, status, day, reason, why`

// scanAssessments reads rows of assessmentColumns.
func scanAssessments(rows *sql.Rows) ([]trucewatch.Assessment, error) {
	defer rows.Close()
	var out []trucewatch.Assessment
	for rows.Next() {
		var a trucewatch.Assessment
		var day, why string
		if err := rows.Scan(&a.IncidentID, &a.AgreementID, &a.ReadingID, &a.Accused, &a.InScope, &a.Status, &day, &a.Reason, &why); err != nil {
			return nil, err
		}
		var err error
		if a.Day, err = trucewatch.ParseDate(day); err != nil {
			return nil, err
		}
		if why != "" {
			if err := json.Unmarshal([]byte(why), &a.Why); err != nil {
				return nil, fmt.Errorf("assessment of %s under %s/%s: why: %w", a.IncidentID, a.AgreementID, a.ReadingID, err)
			}
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// whyJSON is an assessment's Why as stored and hashed: JSON, nothing when
// it has none (an assessment made before migration 0019).
func whyJSON(why []trucewatch.Why) json.RawMessage {
	if len(why) == 0 {
		return nil
	}
	return canonJSON(why)
}

// CountAssessments counts the assessments f selects; f's Limit and Offset
// are ignored.
func (s *Store) CountAssessments(ctx context.Context, f trucewatch.AssessmentFilter) (int, error) {
	w := assessmentWhere(f)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM assessments`+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count assessments: %w", err)
	}
	return n, nil
}

// AssessmentsInEnglishOnly counts the assessments stored before reasons
// were messages (migration 0019): their reason is English words only,
// until the incidents are assessed again (reanalyse --assess).
func (s *Store) AssessmentsInEnglishOnly(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM assessments WHERE why = ''`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count assessments without messages: %w", err)
	}
	return n, nil
}

// Timeline counts the in-scope assessments f selects per agreement,
// reading, accused party and day, in that order: assess.Timeline of them,
// counted by the database. Unless f names incidents, the counts come from
// the timeline_days table that ReplaceAnalysis fills, so that a timeline
// over a million assessments reads only its days. (A writer that rewrites
// the assessments some other way, such as a trucewatch older than
// migration 0007, leaves the counts behind until the next ReplaceAnalysis.)
func (s *Store) Timeline(ctx context.Context, f trucewatch.AssessmentFilter) ([]trucewatch.TimelineDay, error) {
	// The timeline is of in-scope assessments, whatever f says; both
	// tables name the columns alike.
	f.InScope = false
	w := assessmentWhere(f)
	q := `SELECT agreement_id, reading_id, accused, day, status, n FROM timeline_days` + w.String()
	if f.IncidentID != "" || f.IncidentIDs != nil {
		w.add("in_scope = $%d", true)
		q = `SELECT agreement_id, reading_id, accused, day, status, COUNT(*) FROM assessments` + w.String() + `
			GROUP BY agreement_id, reading_id, accused, day, status`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY agreement_id, reading_id, accused, day, status`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	defer rows.Close()
	var out []trucewatch.TimelineDay
	for rows.Next() {
		var d trucewatch.TimelineDay
		var day string
		var status trucewatch.AssessmentStatus
		var n int
		if err := rows.Scan(&d.AgreementID, &d.ReadingID, &d.Party, &day, &status, &n); err != nil {
			return nil, fmt.Errorf("timeline: %w", err)
		}
		if d.Day, err = trucewatch.ParseDate(day); err != nil {
			return nil, fmt.Errorf("timeline: %w", err)
		}
		if k := len(out) - 1; k >= 0 && out[k].AgreementID == d.AgreementID && out[k].ReadingID == d.ReadingID &&
			out[k].Party == d.Party && out[k].Day == d.Day {
			out[k].Counts[status] = n
			continue
		}
		d.Counts = map[trucewatch.AssessmentStatus]int{status: n}
		out = append(out, d)
	}
	return out, rows.Err()
}

// MapCells counts the incidents f selects per cell of the map's grid,
// with their mean position, in no particular order. f's Limit and Offset
// are ignored.
func (s *Store) MapCells(ctx context.Context, f trucewatch.IncidentFilter) ([]trucewatch.MapCell, error) {
	w := incidentWhere(f)
	// One pass over the covering index counts the incidents per cell of
	// the half-degree grid the index is keyed by, so SQLite groups them in
	// index order without sorting.
	rows, err := s.db.QueryContext(ctx, `SELECT COUNT(*), AVG(lat), AVG(lon) FROM incidents`+w.String()+` GROUP BY cell`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("map cells: %w", err)
	}
	defer rows.Close()
	var out []trucewatch.MapCell
	for rows.Next() {
		var c trucewatch.MapCell
		if err := rows.Scan(&c.Count, &c.Lat, &c.Lon); err != nil {
			return nil, fmt.Errorf("map cells: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("map cells: %w", err)
	}
	return out, nil
}

// mapPointColumns are what scanMapPoint reads, the id first.
const mapPointColumns = `id, place_id, place_name, day_from, lat, lon, target, accused, precision, claims`

func scanMapPoint(rows *sql.Rows) (trucewatch.MapPoint, error) {
	var p trucewatch.MapPoint
	var day, accused string
	if err := rows.Scan(&p.ID, &p.PlaceID, &p.Place, &day, &p.Lat, &p.Lon, &p.Target, &accused, &p.Precision, &p.Claims); err != nil {
		return p, err
	}
	var err error
	if p.Day, err = trucewatch.ParseDate(day); err != nil {
		return p, fmt.Errorf("incident %s: %w", p.ID, err)
	}
	p.Accused = accusedOf(accused)
	return p, nil
}

// NewestPoints returns the newest n incidents f selects as map points,
// newest first, or all of them when n is 0: a map's markers. f's Limit and
// Offset are ignored.
func (s *Store) NewestPoints(ctx context.Context, f trucewatch.IncidentFilter, n int) ([]trucewatch.MapPoint, error) {
	return s.mapPoints(ctx, incidentWhere(f), n)
}

// mapPoints reads the incidents w selects as map points, newest first, at
// most limit of them unless it is 0.
func (s *Store) mapPoints(ctx context.Context, w *where, limit int) ([]trucewatch.MapPoint, error) {
	order := ` ORDER BY day_from DESC, id`
	if limit > 0 {
		w.args = append(w.args, limit)
		order += fmt.Sprintf(` LIMIT $%d`, len(w.args))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+mapPointColumns+` FROM incidents`+w.String()+order, w.args...)
	if err != nil {
		return nil, fmt.Errorf("map layer: %w", err)
	}
	defer rows.Close()
	var out []trucewatch.MapPoint
	for rows.Next() {
		p, err := scanMapPoint(rows)
		if err != nil {
			return nil, fmt.Errorf("map layer: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
