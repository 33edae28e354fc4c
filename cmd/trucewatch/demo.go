package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/trucewatch/trucewatch"

	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/examples"
	"github.com/trucewatch/trucewatch/internal/auth"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/ingest"
	"github.com/trucewatch/trucewatch/internal/pipeline"
	"github.com/trucewatch/trucewatch/internal/provenance"
	"github.com/trucewatch/trucewatch/internal/store"
)

type demoCmd struct {
	keep    bool
	addr    string
	noServe bool
	web     webFlags // no flags of its own: the demo's dashboard is public and local
}

func (*demoCmd) name() string { return "demo" }
func (*demoCmd) synopsis() string {
	return "run trucewatch on its example corpus in a fresh, temporary SQLite database"
}
func (*demoCmd) usage() string { return "[flags]" }

func (c *demoCmd) setFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.keep, "keep", false, "keep the temporary database and print its path")
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to serve the dashboard on at the end")
	fs.BoolVar(&c.noServe, "no-serve", false, "print the results and stop instead of serving the dashboard")
}

func (c *demoCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: demo takes no arguments", errUsage)
	}
	c.web.useLogFormat(e)
	dir, err := os.MkdirTemp(e.getenv("TMPDIR"), "trucewatch-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !c.keep {
		defer os.RemoveAll(dir)
	}
	path := filepath.Join(dir, "trucewatch.db")
	s, err := store.Open(ctx, path, store.WithLogger(e.log))
	if err != nil {
		return err
	}
	defer s.Close()
	w := e.stdout

	fmt.Fprintf(w, "== Ingesting the example corpus into a fresh SQLite database\n   %s\n\n", path)
	in := &ingest.Ingester{Store: s, Report: printResult(w, false)}
	sum, err := in.FS(ctx, examples.FS, examples.ReportsDir)
	if err != nil {
		return err
	}
	printSummary(w, sum)

	fmt.Fprintln(w, "\n== Ingesting it again: the same bytes are stored once")
	again, err := (&ingest.Ingester{Store: s}).FS(ctx, examples.FS, examples.ReportsDir)
	if err != nil {
		return err
	}
	printSummary(w, again)

	fmt.Fprintln(w, "\n== Loading the agreements and standing norms known so far")
	known, err := agreements.Known()
	if err != nil {
		return err
	}
	if _, err := storeAgreements(ctx, w, s, known); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n== Stored reports")
	list, err := s.Reports(ctx, trucewatch.ReportFilter{Limit: 1000})
	if err != nil {
		return err
	}
	writeReportsTable(w, list)

	fmt.Fprintln(w, "\n== Stored agreements")
	stored, err := s.Agreements(ctx)
	if err != nil {
		return err
	}
	writeAgreementsTable(w, stored)
	for _, a := range stored {
		if len(a.Readings) > 1 {
			fmt.Fprintf(w, "\n%s is read %d ways:\n", a.ID, len(a.Readings))
			for _, r := range a.Readings {
				fmt.Fprintf(w, "  %-38s held by %-6s %s\n", r.ID, joinParties(r.HeldBy), r.Label)
			}
		}
	}

	fmt.Fprintln(w, "\n== Extracting claims from every report, grouping them into incidents, assessing them")
	reg, err := provenance.Default()
	if err != nil {
		return err
	}
	p, g, err := newPipeline(s, reg, e)
	if err != nil {
		return err
	}
	if err := drain(ctx, e, p); err != nil {
		return err
	}
	if err := writeClaims(ctx, w, s, g, list); err != nil {
		return err
	}

	n, err := s.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== The database holds %d reports from %d outlets, %d claims and %d agreements.\n", n.Reports, n.Sources, n.Claims, n.Agreements)
	if c.keep {
		fmt.Fprintf(w, "It is kept at %s: try  trucewatch reports --db %s\n", path, path)
	}
	fmt.Fprintln(w, "\n== Incidents: claims grouped across reports and languages, with their origins")
	res, err := pipeline.Read(ctx, s, reg)
	if err != nil {
		return err
	}
	writeIncidents(w, res.Evidence)

	fmt.Fprintln(w, "\n== Compliance with the energy moratorium, per reading and accused party")
	for _, a := range res.Agreements {
		if a.ID != "energy-moratorium-2025-03" {
			continue
		}
		var as []trucewatch.Assessment
		for _, x := range res.Assessments {
			if x.AgreementID == a.ID {
				as = append(as, x)
			}
		}
		writeAssessment(w, a, res, as)
	}

	if c.noServe {
		return nil
	}
	// An analyst of the demo's own, so that the review's forms can be
	// tried: the database and the account go when the demo stops.
	token, err := auth.NewToken()
	if err != nil {
		return err
	}
	if _, err := s.AddUser(ctx, "demo", auth.Analyst, auth.Hash(token)); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== To review (confirm or reject incidents and claims), sign in as demo with the API token %s\n", token)
	return serve(ctx, e, s, p, g, c.addr, true, &c.web)
}

// writeClaims prints the stored claims of every report, one line each.
func writeClaims(ctx context.Context, w io.Writer, s *store.Store, g *geo.Gazetteer, reports []trucewatch.Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REPORT\tKIND\tDATE\tPLACE\tWHAT\tBY\tCLAIMED BY")
	total := 0
	for _, r := range reports {
		claims, err := s.Claims(ctx, trucewatch.ClaimFilter{ReportID: r.ID})
		if err != nil {
			return err
		}
		for _, c := range claims {
			total++
			id := trucewatch.ShortID(r.ID)
			switch {
			case c.Incident != nil:
				i := c.Incident
				what := string(i.Target)
				if i.TargetDetail != "" {
					what += " (" + i.TargetDetail + ")"
				}
				by := string(i.Perpetrator)
				if i.Denial {
					by += ", denied"
				}
				place := i.Place.Name
				if a, ok := g.Place("adm1:" + i.Place.Admin1); ok && i.Place.Precision == trucewatch.PlaceSettlement {
					place += ", " + a.Name
				}
				fmt.Fprintf(tw, "%s\tincident\t%s\t%s\t%s\t%s\t%s\n", id, orDash(i.Date.String()), clip(place, 34), clip(what, 30), by, i.Claimant)
			case c.Exchange != nil:
				e := c.Exchange
				what := "counts not given"
				if len(e.Returned) > 0 {
					what = fmt.Sprintf("returned to RU %d, to UA %d", e.Returned["RU"], e.Returned["UA"])
				}
				fmt.Fprintf(tw, "%s\texchange\t%s\t-\t%s\t-\t-\n", id, orDash(e.Date.String()), what)
			case c.Agreement != nil:
				a := c.Agreement
				scope := "all"
				if !a.All {
					scope = fmt.Sprint(a.Scope)
				}
				days := "duration not given"
				if a.DurationDays > 0 {
					days = fmt.Sprintf("%d days", a.DurationDays)
				}
				fmt.Fprintf(tw, "%s\tagreement\t-\t-\t%s, %s, %s\t-\t-\n", id, scope, days, a.Status)
			}
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "%d claims from %d reports\n", total, len(reports))
	return nil
}
