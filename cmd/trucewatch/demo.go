package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/examples"
	"github.com/trucewatch/trucewatch/internal/ingest"
	"github.com/trucewatch/trucewatch/internal/store"
)

type demoCmd struct {
	keep bool
}

func (*demoCmd) name() string { return "demo" }
func (*demoCmd) synopsis() string {
	return "run trucewatch on its example corpus in a fresh, temporary SQLite database"
}
func (*demoCmd) usage() string { return "[flags]" }

func (c *demoCmd) setFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.keep, "keep", false, "keep the temporary database and print its path")
}

func (c *demoCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: demo takes no arguments", errUsage)
	}
	dir, err := os.MkdirTemp(e.getenv("TMPDIR"), "trucewatch-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !c.keep {
		defer os.RemoveAll(dir)
	}
	path := filepath.Join(dir, "trucewatch.db")
	s, err := store.Open(ctx, path)
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
	if err := storeAgreements(ctx, w, s, known); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n== Stored reports")
	list, err := s.Reports(ctx, store.ReportFilter{Limit: 1000})
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

	n, err := s.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== The database holds %d reports from %d outlets and %d agreements.\n", n.Reports, n.Sources, n.Agreements)
	if c.keep {
		fmt.Fprintf(w, "It is kept at %s: try  trucewatch reports --db %s\n", path, path)
	}
	return nil
}
