package pipeline

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/reportfile"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

// tamperReports are reports written for this test, in our own words.
var tamperReports = []string{
	`URL: https://example.org/north-courier/2025/03/21/sumy-substation
Outlet: North Courier
Language: en
Published: 2025-03-21T09:00:00+00:00

Russian drones struck an electrical substation in Sumy on Thursday night, the regional administration said, leaving several districts without power. Repair crews were at work by morning.`,
	`URL: https://example.org/plains-herald/2025/03/21/sumy-power
Outlet: Plains Herald
Language: en
Published: 2025-03-21T11:30:00+00:00

A drone attack damaged a power substation in Sumy overnight, local officials said. Ukraine accused Russia of breaking its promise to spare energy sites; Moscow did not comment.`,
	`URL: https://example.org/river-post/2025/03/24/kherson-shelling
Outlet: River Post
Language: en
Published: 2025-03-24T15:00:00+00:00

Russian artillery shelled a residential block in Kherson on Monday, wounding two people, the city's military administration said.`,
	`URL: https://example.org/steppe-times/2025/03/27/kharkiv-depot
Outlet: Steppe Times
Language: en
Published: 2025-03-27T08:15:00+00:00

A Russian missile hit a fuel depot in Kharkiv on Wednesday, the regional governor said. Firefighters put out the blaze within hours.`,
}

// tamperRecord builds, on a new database, a record to tamper with:
// reports ingested and analysed by the pipeline, the known agreements,
// and two analysts' decisions.
func tamperRecord(t *testing.T, e storetest.Engine) (*store.Store, string) {
	t.Helper()
	ctx := context.Background()
	dsn := e.DSN(t)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	known, err := agreements.Known()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range known {
		if _, err := st.PutAgreement(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	var reports []trucewatch.Report
	for i, text := range tamperReports {
		r, err := reportfile.Parse(fmt.Sprintf("tamper-%d.txt", i), []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	if _, err := st.AddReports(ctx, reports); err != nil {
		t.Fatal(err)
	}
	x, reg := tools(t)
	p := &Pipeline{Queue: st, Extractor: x, Registry: reg, Batch: 2, ExtractorVersion: "tamper-1", GazetteerVersion: geo.Version()}
	if _, _, err := p.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	incs, err := st.Incidents(ctx, trucewatch.IncidentFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(incs) < 2 {
		t.Fatalf("%d incidents from the tamper reports, want 2 or more", len(incs))
	}
	var ds []trucewatch.Decision
	for i, inc := range incs[:2] {
		cs, err := st.Claims(ctx, trucewatch.ClaimFilter{IDs: inc.ClaimIDs})
		if err != nil {
			t.Fatal(err)
		}
		var keys []trucewatch.ClaimKey
		for _, c := range cs {
			keys = append(keys, trucewatch.KeyOf(c))
		}
		ds = append(ds, trucewatch.Decision{Kind: trucewatch.DecisionConfirmIncident, Subject: inc.ID, Claims: keys,
			Reason: fmt.Sprintf("seen on footage %d", i), Actor: "tester", At: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)})
	}
	if _, err := st.RecordDecisions(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	checkLedger(t, ctx, st)
	return st, dsn
}

// TestLedgerCatchesTampering changes a byte of, deletes, and swaps the
// contents of rows of each record table, on every engine, behind the
// store's back; checking the tables against the ledger must name the
// table and the record every time.
func TestLedgerCatchesTampering(t *testing.T) {
	type target struct{ report1, report2, claim1, claim2, claimReport1, incident1, incident2, agreement1, agreement2, decision1, decision2 string }
	type tamper struct {
		table, op string
		record    func(g target) string // the record verify must name
		sql       func(g target) func(db *sql.DB) []string
	}
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	// swap exchanges a column's values between the rows of keys a and b
	// (min: a key may have several rows, as an incident's assessments).
	// It reads both first: SQLite's UPDATE would read the first row
	// updated already.
	swap := func(table, key, col, a, b string) func(db *sql.DB) []string {
		return func(db *sql.DB) []string {
			var va, vb string
			for _, x := range []struct {
				k string
				v *string
			}{{a, &va}, {b, &vb}} {
				if err := db.QueryRow(fmt.Sprintf(`SELECT min(%s) FROM %s WHERE %s = %s`, col, table, key, q(x.k))).Scan(x.v); err != nil {
					t.Fatal(err)
				}
			}
			if va == vb {
				t.Fatalf("%s %s of %s and %s are equal: swapping changes nothing", table, col, a, b)
			}
			set := func(v, k string) string {
				return fmt.Sprintf(`UPDATE %s SET %s = %s WHERE %s = %s`, table, col, q(v), key, q(k))
			}
			return []string{set(vb, a), set(va, b)}
		}
	}
	cases := []tamper{
		{"reports", "change a byte of the raw bytes", func(g target) string { return g.report1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`UPDATE reports SET raw = raw || 'x' WHERE id = ` + q(g.report1)})
			}},
		{"reports", "change the outlet", func(g target) string { return g.report1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`UPDATE reports SET outlet = 'Xorth Courier' WHERE id = ` + q(g.report1)})
			}},
		{"reports", "delete", func(g target) string { return g.report1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`DELETE FROM reports WHERE id = ` + q(g.report1)})
			}},
		{"reports", "swap", func(g target) string { return g.report1 },
			func(g target) func(*sql.DB) []string { return swap("reports", "id", "text", g.report1, g.report2) }},
		{"claims", "change a byte", func(g target) string { return g.claimReport1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`UPDATE claims SET span_end = span_end + 1 WHERE id = ` + q(g.claim1)})
			}},
		{"claims", "delete", func(g target) string { return g.claimReport1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`DELETE FROM claims WHERE id = ` + q(g.claim1)})
			}},
		{"claims", "swap", func(g target) string { return g.claimReport1 },
			func(g target) func(*sql.DB) []string { return swap("claims", "id", "report_id", g.claim1, g.claim2) }},
		{"incidents", "change a byte", func(g target) string { return g.incident1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`UPDATE incidents SET place_name = place_name || 'x' WHERE id = ` + q(g.incident1)})
			}},
		{"incidents", "delete", func(g target) string { return g.incident1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`DELETE FROM assessments WHERE incident_id = ` + q(g.incident1), `DELETE FROM incidents WHERE id = ` + q(g.incident1)})
			}},
		{"incidents", "swap", func(g target) string { return g.incident1 },
			func(g target) func(*sql.DB) []string {
				return swap("incidents", "id", "body", g.incident1, g.incident2)
			}},
		{"assessments", "change a byte", func(g target) string { return g.incident1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`UPDATE assessments SET reason = reason || 'x' WHERE incident_id = ` + q(g.incident1)})
			}},
		{"assessments", "change a reason's message", func(g target) string { return g.incident1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`UPDATE assessments SET why = replace(why, 'why.', 'whx.') WHERE incident_id = ` + q(g.incident1)})
			}},
		{"assessments", "delete", func(g target) string { return g.incident1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`DELETE FROM assessments WHERE incident_id = ` + q(g.incident1)})
			}},
		{"assessments", "swap", func(g target) string { return g.incident1 },
			func(g target) func(*sql.DB) []string {
				return swap("assessments", "incident_id", "day", g.incident1, g.incident2)
			}},
		{"agreements", "change a byte", func(g target) string { return g.agreement1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`UPDATE agreements SET title = title || 'x' WHERE id = ` + q(g.agreement1)})
			}},
		{"agreements", "change a translation", func(g target) string { return g.agreement1 },
			func(g target) func(*sql.DB) []string {
				// The monitor's Ukrainian title, in the stored body: a
				// translation is part of the terms the ledger holds.
				return func(db *sql.DB) []string {
					var body string
					if err := db.QueryRow(`SELECT body FROM agreements WHERE id = $1`, g.agreement1).Scan(&body); err != nil {
						t.Fatal(err)
					}
					var a trucewatch.Agreement
					if err := json.Unmarshal([]byte(body), &a); err != nil {
						t.Fatal(err)
					}
					uk, ok := a.Translations["uk"]
					if !ok || uk.Title == "" {
						t.Fatalf("agreement %s has no Ukrainian title to change", g.agreement1)
					}
					uk.Title += " (змінено)"
					a.Translations["uk"] = uk
					b, _ := json.Marshal(a)
					return []string{`UPDATE agreements SET body = ` + q(string(b)) + ` WHERE id = ` + q(g.agreement1)}
				}
			}},
		{"agreements", "delete", func(g target) string { return g.agreement1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`DELETE FROM agreements WHERE id = ` + q(g.agreement1)})
			}},
		{"agreements", "swap", func(g target) string { return g.agreement1 },
			func(g target) func(*sql.DB) []string {
				return swap("agreements", "id", "title", g.agreement1, g.agreement2)
			}},
		{"decisions", "change a byte", func(g target) string { return g.decision1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`UPDATE decisions SET reason = reason || 'x' WHERE id = ` + g.decision1})
			}},
		{"decisions", "delete", func(g target) string { return g.decision1 },
			func(g target) func(*sql.DB) []string {
				return fixed([]string{`DELETE FROM decision_reports WHERE decision_id = ` + g.decision1, `DELETE FROM decisions WHERE id = ` + g.decision1})
			}},
		{"decisions", "swap", func(g target) string { return g.decision1 },
			func(g target) func(*sql.DB) []string {
				return swap("decisions", "id", "reason", g.decision1, g.decision2)
			}},
	}
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.table+" "+c.op, func(t *testing.T) {
					st, dsn := tamperRecord(t, e)
					g := tamperTargets(t, ctx, st)
					tg := target{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10]}
					db := rawDB(t, dsn)
					for _, s := range c.sql(tg)(db) {
						res, err := db.ExecContext(ctx, s)
						if err != nil {
							t.Fatalf("%s: %v", s, err)
						}
						if n, _ := res.RowsAffected(); n == 0 {
							t.Fatalf("%s changed no row", s)
						}
					}
					ms, err := st.VerifyRecords(ctx)
					if err != nil {
						t.Fatal(err)
					}
					want := c.record(tg)
					found := false
					for _, m := range ms {
						if m.Table == c.table && m.Record == want {
							found = true
						}
					}
					if !found {
						t.Errorf("verify after %s in %s: %v; want a mismatch naming %s %s", c.op, c.table, ms, c.table, want)
					}
				})
			}
		})
	}
}

// fixed returns statements that need no reading first.
func fixed(stmts []string) func(*sql.DB) []string { return func(*sql.DB) []string { return stmts } }

// tamperTargets picks the rows to tamper with: two reports, two claims of
// different reports (and the first's report), two incidents of different
// days with assessments, two agreements, two decisions.
func tamperTargets(t *testing.T, ctx context.Context, st *store.Store) []string {
	t.Helper()
	reports, err := st.Reports(ctx, trucewatch.ReportFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	claims, err := st.Claims(ctx, trucewatch.ClaimFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var c1, c2 trucewatch.Claim
	for _, c := range claims {
		if c1.ID == "" {
			c1 = c
		} else if c.ReportID != c1.ReportID && c2.ID == "" {
			c2 = c
		}
	}
	incs, err := st.Incidents(ctx, trucewatch.IncidentFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var i1, i2 string
	var day1 trucewatch.Date
	for _, inc := range incs {
		n, err := st.CountAssessments(ctx, trucewatch.AssessmentFilter{IncidentID: inc.ID})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case n == 0:
		case i1 == "":
			i1, day1 = inc.ID, inc.From
		case i2 == "" && inc.From != day1:
			i2 = inc.ID
		}
	}
	as, err := st.Agreements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := st.Decisions(ctx, trucewatch.DecisionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) < 2 || c2.ID == "" || i2 == "" || len(as) < 2 || len(ds) < 2 {
		t.Fatalf("too little to tamper with: %d reports, claims %q %q, incidents with assessments %q %q, %d agreements, %d decisions",
			len(reports), c1.ID, c2.ID, i1, i2, len(as), len(ds))
	}
	return []string{reports[0].ID, reports[1].ID, c1.ID, c2.ID, c1.ReportID, i1, i2, as[0].ID, as[1].ID,
		fmt.Sprint(ds[0].ID), fmt.Sprint(ds[1].ID)}
}

// rawDB opens the store's database behind its back (no foreign keys
// enforced on SQLite).
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver, name := "sqlite", "file:"+strings.TrimPrefix(dsn, "file:")
	if store.EngineOf(dsn) == store.Postgres {
		driver, name = "pgx", dsn
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
