package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/internal/store"
)

type agreementsCmd struct {
	db     dbFlag
	asJSON bool
	known  bool
}

func (*agreementsCmd) name() string { return "agreements" }
func (*agreementsCmd) synopsis() string {
	return "list stored agreements; \"load FILE...\" stores agreement files, \"load --known\" the shipped ones"
}
func (*agreementsCmd) usage() string { return "[flags] [list | load [--known] FILE...]" }

func (c *agreementsCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.BoolVar(&c.asJSON, "json", false, "list: print the agreement files as JSON")
	fs.BoolVar(&c.known, "known", false, "load: the agreements and norms shipped with trucewatch")
}

func (c *agreementsCmd) run(ctx context.Context, e *env, args []string) error {
	verb := "list"
	if len(args) > 0 {
		verb, args = args[0], args[1:]
	}
	switch verb {
	case "list":
		if len(args) > 0 {
			return fmt.Errorf("%w: list takes no arguments", errUsage)
		}
	case "load":
		if len(args) == 0 && !c.known {
			return fmt.Errorf("%w: load needs agreement files, or --known", errUsage)
		}
	default:
		return fmt.Errorf("%w: unknown verb %q", errUsage, verb)
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	if verb == "load" {
		return loadAgreements(ctx, e, s, c.known, args)
	}
	list, err := s.Agreements(ctx)
	if err != nil {
		return err
	}
	if c.asJSON {
		for _, a := range list {
			b, err := agreements.Marshal(a)
			if err != nil {
				return err
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, b); err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, compact.String())
		}
		return nil
	}
	writeAgreementsTable(e.stdout, list)
	return nil
}

// loadAgreements stores the shipped agreements (known) and agreement files.
// A bad file is reported and the others are still stored.
func loadAgreements(ctx context.Context, e *env, s *store.Store, known bool, files []string) error {
	rejected := 0
	if known {
		list, err := agreements.Known()
		if err != nil {
			return err
		}
		if err := storeAgreements(ctx, e.stdout, s, list); err != nil {
			return err
		}
	}
	for _, f := range files {
		a, err := agreements.ParseFile(f) // its errors name the file
		if err == nil {
			if err = storeAgreements(ctx, e.stdout, s, []trucewatch.Agreement{a}); err != nil {
				err = fmt.Errorf("%s: %w", f, err)
			}
		}
		if err != nil {
			fmt.Fprintf(e.stdout, "rejected   %v\n", err)
			rejected++
		}
	}
	if rejected > 0 {
		return errPartial
	}
	return nil
}

func storeAgreements(ctx context.Context, w io.Writer, s *store.Store, list []trucewatch.Agreement) error {
	for _, a := range list {
		res, err := s.PutAgreement(ctx, a)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%-10s %s v%d\n", res, a.ID, a.Version)
	}
	return nil
}

func writeAgreementsTable(w io.Writer, list []trucewatch.Agreement) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tFROM\tTO\tPARTIES\tREADINGS\tTITLE")
	for _, a := range list {
		status := string(a.Status)
		if a.Norm {
			status = "norm"
		}
		to := "-"
		if !a.Effective.To.IsZero() {
			to = a.Effective.To.Format("2006-01-02")
		}
		var readings []string
		for _, r := range a.Readings {
			readings = append(readings, r.ID)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, status, a.Effective.From.Format("2006-01-02"), to,
			joinParties(a.Parties), strings.Join(readings, ","), clip(a.Title, 60))
	}
	tw.Flush()
}

func joinParties(ps []trucewatch.Party) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return orDash(strings.Join(s, ","))
}
