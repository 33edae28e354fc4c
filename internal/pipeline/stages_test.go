package pipeline

import (
	"context"
	"encoding/json"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/examples"
	"github.com/trucewatch/trucewatch/internal/extract"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/provenance"
	"github.com/trucewatch/trucewatch/internal/reportfile"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

// corpus returns the reports of the correlation scenario (wire copies,
// citations, denials, competing claims), the example corpus and our
// development set: 110 reports in four languages.
func corpus(t *testing.T) []trucewatch.Report {
	t.Helper()
	var out []trucewatch.Report
	add := func(name string, raw []byte) {
		r, err := reportfile.Parse(name, raw)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	for _, dir := range []string{scenarioDir, "../../testdata/devset"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, p := range paths {
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			add(p, raw)
		}
	}
	names, _ := fs.Glob(examples.FS, examples.ReportsDir+"/*.txt")
	for _, n := range names {
		raw, _ := fs.ReadFile(examples.FS, n)
		add(n, raw)
	}
	if len(out) < 100 {
		t.Fatalf("%d reports in the corpus, want 100 or more", len(out))
	}
	return out
}

// tools returns the extractor and the source registry the tests use.
func tools(t *testing.T) (*extract.Extractor, *provenance.Registry) {
	t.Helper()
	x, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := provenance.Default()
	if err != nil {
		t.Fatal(err)
	}
	return x, reg
}

// upgradable is an extractor whose second version drops every third claim
// and moves every fifth incident a day on: reports extracted again after an
// "upgrade" change their claims, and their old claims must leave their
// incidents.
type upgradable struct {
	x       *extract.Extractor
	version atomic.Int32
}

func (u *upgradable) Claims(r trucewatch.Report) []trucewatch.Claim {
	cs := u.x.Claims(r)
	if u.version.Load() == 0 {
		return cs
	}
	var out []trucewatch.Claim
	for i, c := range cs {
		switch {
		case i%3 == 2:
			continue
		case i%5 == 4 && c.Incident != nil && !c.Incident.Date.IsZero():
			inc := *c.Incident
			inc.Date = inc.Date.AddDays(1)
			c.Incident = &inc
		}
		out = append(out, c)
	}
	return out
}

func (u *upgradable) version1() string { return "test-" + string(rune('0'+u.version.Load())) }

// TestIncrementalEqualsFull feeds the corpus to a real database in random
// orders and random batches, on every engine, upgrades the extractor half
// way (so that reports are extracted again and their old claims leave
// their incidents), and checks after each round that the stored incidents
// and assessments are what a full recomputation over the whole record
// gives. Analysts' decisions (confirmations, rejections, corrections that
// move a claim to another day or target) are recorded between batches.
func TestIncrementalEqualsFull(t *testing.T) {
	reports := corpus(t)
	x, reg := tools(t)
	known, err := agreements.Known()
	if err != nil {
		t.Fatal(err)
	}
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			for round := range rounds {
				seed := uint64(time.Now().UnixNano())
				t.Logf("round %d: seed %d", round, seed)
				rng := rand.New(rand.NewPCG(seed, uint64(round)))
				ctx := context.Background()
				st, err := store.Open(ctx, e.DSN(t))
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				for _, a := range known {
					if _, err := st.PutAgreement(ctx, a); err != nil {
						t.Fatal(err)
					}
				}
				ux := &upgradable{x: x}
				p := &Pipeline{Queue: st, Extractor: ux, Registry: reg, Batch: 1 + rng.IntN(12),
					ExtractorVersion: ux.version1(), GazetteerVersion: geo.Version()}
				order := rng.Perm(len(reports))
				for len(order) > 0 {
					n := min(len(order), 1+rng.IntN(25))
					var batch []trucewatch.Report
					for _, i := range order[:n] {
						batch = append(batch, reports[i])
					}
					order = order[n:]
					if _, err := st.AddReports(ctx, batch); err != nil {
						t.Fatal(err)
					}
					if len(order) < len(reports)/2 && ux.version.Load() == 0 {
						// The upgrade: every report stored so far is
						// extracted again by the new version.
						ux.version.Store(1)
						p.ExtractorVersion = ux.version1()
						if _, err := st.Requeue(ctx, p.ExtractorVersion, p.GazetteerVersion, true); err != nil {
							t.Fatal(err)
						}
					}
					if _, _, err := p.Drain(ctx); err != nil {
						t.Fatal(err)
					}
					// Analysts decide on what they see: their decisions
					// must flow through the stages like new extractions.
					for range rng.IntN(4) {
						decideRandomly(t, ctx, st, rng)
					}
				}
				if _, _, err := p.Drain(ctx); err != nil {
					t.Fatal(err)
				}
				checkEqualsFull(t, ctx, st, reg, 50)
				ds, err := st.Decisions(ctx, trucewatch.DecisionFilter{})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("round %d: %d decisions", round, len(ds))
			}
		})
	}
}

// checkEqualsFull compares the stored analysis with Run over the whole
// record, which must hold atLeast incidents, and checks the ledger
// (checkLedger).
func checkEqualsFull(t *testing.T, ctx context.Context, st *store.Store, reg *provenance.Registry, atLeast int) {
	t.Helper()
	checkLedger(t, ctx, st)
	status, err := st.PipelineStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if status.Stored+status.Extracted+status.Failed > 0 {
		t.Fatalf("after Drain: %+v", status)
	}
	full, err := Analyse(ctx, st, reg)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := st.Incidents(ctx, trucewatch.IncidentFilter{Limit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	var want []trucewatch.Incident
	for _, ev := range full.Evidence {
		want = append(want, ev.Incident)
	}
	if len(want) < atLeast {
		t.Fatalf("only %d incidents in the full analysis, want %d or more", len(want), atLeast)
	}
	sortIncidents(want)
	sortIncidents(stored)
	if got, exp := jsonOf(stored), jsonOf(want); got != exp {
		t.Errorf("stored incidents differ from a full recomputation (%d stored, %d full):\n%s", len(stored), len(want), firstDiff(got, exp))
	}
	as, err := st.Assessments(ctx, trucewatch.AssessmentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sortAssessments(as)
	wantAs := slices.Clone(full.Assessments)
	sortAssessments(wantAs)
	if got, exp := jsonOf(as), jsonOf(wantAs); got != exp {
		t.Errorf("stored assessments differ from a full recomputation (%d stored, %d full):\n%s", len(as), len(wantAs), firstDiff(got, exp))
	}
}

// checkLedger audits the ledger and checks every row of the record tables
// against it: each write appends its records in its own transaction, so
// no crash or interleaving may leave a row without its record or a
// record without its row.
func checkLedger(t *testing.T, ctx context.Context, st *store.Store) {
	t.Helper()
	tree, problems, err := st.Ledger().Audit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("ledger audit: %s", p)
	}
	ms, err := st.VerifyRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		t.Errorf("ledger against the tables: %s", m)
	}
	if tree.N == 0 {
		t.Errorf("the ledger is empty")
	}
}

func sortIncidents(incs []trucewatch.Incident) {
	slices.SortFunc(incs, func(a, b trucewatch.Incident) int { return strings.Compare(a.ID, b.ID) })
}

func sortAssessments(as []trucewatch.Assessment) {
	slices.SortFunc(as, func(a, b trucewatch.Assessment) int {
		return strings.Compare(a.IncidentID+a.AgreementID+a.ReadingID+string(a.Accused), b.IncidentID+b.AgreementID+b.ReadingID+string(b.Accused))
	})
}

func jsonOf(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// firstDiff shows the first line where two texts differ, with context.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			from := max(0, i-8)
			return "stored:\n" + strings.Join(la[from:min(len(la), i+4)], "\n") + "\nfull:\n" + strings.Join(lb[from:min(len(lb), i+4)], "\n")
		}
	}
	return "(one is a prefix of the other)"
}

// TestCopyFamilyChangesOrigins: a copy published earlier than the report
// already analysed becomes its family's first, and the incident of the
// report analysed before takes its origin from the new first's outlet,
// though the copy's own claim (a week earlier: "on Thursday") joins
// another incident.
func TestCopyFamilyChangesOrigins(t *testing.T) {
	x, reg := tools(t)
	text := "A Russian drone hit a power substation in Sumy early on Thursday, a local newspaper reported, adding that repair crews worked through the day and that the cause of the fire there was still being examined by experts."
	later, err := reportfile.Parse("later.txt", []byte("Outlet: Second Paper\nLanguage: en\nPublished: 2025-04-10T12:00:00Z\n\n"+text))
	if err != nil {
		t.Fatal(err)
	}
	earlier, err := reportfile.Parse("earlier.txt", []byte("Outlet: First Paper\nLanguage: en\nPublished: 2025-04-03T08:00:00Z\n\n"+text+" More follows."))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, e.DSN(t))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			p := &Pipeline{Queue: st, Extractor: x, Registry: reg}
			// The outlets of every incident's origins.
			origins := func() []string {
				incs, err := st.Incidents(ctx, trucewatch.IncidentFilter{Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, inc := range incs {
					for _, o := range inc.Origins {
						out = append(out, o.Outlet)
					}
				}
				return out
			}
			for _, r := range []trucewatch.Report{later, earlier} {
				if _, err := st.AddReports(ctx, []trucewatch.Report{r}); err != nil {
					t.Fatal(err)
				}
				if _, _, err := p.Drain(ctx); err != nil {
					t.Fatal(err)
				}
				if r.ID == later.ID && !slices.Equal(origins(), []string{"Second Paper"}) {
					t.Fatalf("alone, the later report's origin is %v", origins())
				}
			}
			if got := origins(); !slices.Equal(got, []string{"First Paper", "First Paper"}) {
				t.Errorf("origins %v, want First Paper for both incidents: the earlier copy is the family's first", got)
			}
			checkEqualsFull(t, ctx, st, reg, 2)
		})
	}
}

// TestWorkersShareTheQueue: several pipelines drain one database at once,
// as workers on several machines would, each with its own leases; every
// report is analysed once and the analysis equals a full recomputation.
// On SQLite the writers take turns; on PostgreSQL they skip each other's
// rows.
func TestWorkersShareTheQueue(t *testing.T) {
	reports := corpus(t)
	x, reg := tools(t)
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := e.DSN(t)
			st, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := st.AddReports(ctx, reports); err != nil {
				t.Fatal(err)
			}
			const workers = 4
			done := make(chan [2]int, workers)
			for range workers {
				// Each worker has a connection pool of its own, as a
				// process of its own would.
				wst, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer wst.Close()
				p := &Pipeline{Queue: wst, Extractor: x, Registry: reg, Batch: 7}
				go func() {
					xn, an, err := p.Drain(ctx)
					if err != nil {
						t.Error(err)
					}
					done <- [2]int{xn, an}
				}()
			}
			extracted, analysed, busy := 0, 0, 0
			for range workers {
				n := <-done
				extracted, analysed = extracted+n[0], analysed+n[1]
				if n[0] > 0 {
					busy++
				}
			}
			if extracted != len(reports) || analysed != len(reports) {
				t.Errorf("extracted %d and analysed %d of %d reports", extracted, analysed, len(reports))
			}
			t.Logf("%d of %d workers extracted reports", busy, workers)
			checkEqualsFull(t, ctx, st, reg, 50)
		})
	}
}
