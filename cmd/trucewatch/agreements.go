package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
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
	noWait bool
	draft  bool
}

func (*agreementsCmd) name() string { return "agreements" }
func (*agreementsCmd) synopsis() string {
	return "list stored agreements; \"load FILE...\" stores agreement files, \"load --known\" the shipped ones, \"load --draft FILE...\" stores them as drafts; \"draft\" drafts files from extracted statements, \"draft CLAIM-ID...\" stores drafts of claims; \"drafts\" lists the drafts waiting for approval"
}
func (*agreementsCmd) usage() string {
	return "[flags] [list | load [--known] [--draft] FILE... | draft [CLAIM-ID...] | drafts]"
}

func (c *agreementsCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.BoolVar(&c.asJSON, "json", false, "list: print the agreement files as JSON")
	fs.BoolVar(&c.known, "known", false, "load: the agreements and norms shipped with trucewatch")
	fs.BoolVar(&c.draft, "draft", false, "load: store the files as drafts, which no assessment uses until an analyst approves them (trucewatch review approve-agreement)")
	fs.BoolVar(&c.noWait, "no-wait", false, "load: queue the stored incidents for assessment under new terms and return (a worker or serve does it)")
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
		if c.draft && (c.known || len(args) == 0) {
			return fmt.Errorf("%w: load --draft needs agreement files (the shipped ones are loaded as agreements)", errUsage)
		}
	case "draft":
	case "drafts":
		if len(args) > 0 {
			return fmt.Errorf("%w: drafts takes no arguments", errUsage)
		}
	default:
		return fmt.Errorf("%w: unknown verb %q", errUsage, verb)
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	switch verb {
	case "load":
		if c.draft {
			return loadDrafts(ctx, e, s, args)
		}
		changed, err := loadAgreements(ctx, e, s, c.known, args)
		if changed > 0 {
			// Every incident is assessed again under the new terms.
			if err := reassess(ctx, e, s, c.noWait); err != nil {
				return err
			}
		}
		return err
	case "draft":
		if len(args) > 0 {
			return draftClaims(ctx, e, s, args)
		}
		return draftAgreements(ctx, e.stdout, s)
	case "drafts":
		ds, err := s.Drafts(ctx, trucewatch.DraftPending)
		if err != nil {
			return err
		}
		writeDraftsTable(e.stdout, ds)
		return nil
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

// loadAgreements stores the shipped agreements (known) and agreement files,
// and returns how many were new or changed. A bad file is reported and the
// others are still stored.
func loadAgreements(ctx context.Context, e *env, s *store.Store, known bool, files []string) (int, error) {
	rejected, changed := 0, 0
	if known {
		list, err := agreements.Known()
		if err != nil {
			return 0, err
		}
		n, err := storeAgreements(ctx, e.stdout, s, list)
		changed += n
		if err != nil {
			return changed, err
		}
	}
	for _, f := range files {
		a, err := agreements.ParseFile(f) // its errors name the file
		if err == nil {
			var n int
			n, err = storeAgreements(ctx, e.stdout, s, []trucewatch.Agreement{a})
			changed += n
			if err != nil {
				err = fmt.Errorf("%s: %w", f, err)
			}
		}
		if err != nil {
			fmt.Fprintf(e.stdout, "rejected   %v\n", err)
			rejected++
		}
	}
	if rejected > 0 {
		return changed, errPartial
	}
	return changed, nil
}

// storeAgreements stores agreements and returns how many were new or
// changed.
func storeAgreements(ctx context.Context, w io.Writer, s *store.Store, list []trucewatch.Agreement) (int, error) {
	changed := 0
	for _, a := range list {
		res, err := s.PutAgreement(ctx, a)
		if err != nil {
			return changed, err
		}
		if res != store.PutUnchanged {
			changed++
		}
		fmt.Fprintf(w, "%-10s %s v%d\n", res, a.ID, a.Version)
	}
	return changed, nil
}

// reassess queues every analysed report for analysis again and, unless
// noWait, runs it: the incidents are assessed under the agreements now
// stored.
func reassess(ctx context.Context, e *env, s *store.Store, noWait bool) error {
	n, err := s.RequeueAnalysis(ctx)
	if err != nil || n == 0 {
		return err
	}
	fmt.Fprintf(e.stdout, "queued %d reports for assessment under the new terms\n", n)
	if noWait {
		return nil
	}
	reg, err := loadRegistry(ctx, s, "")
	if err != nil {
		return err
	}
	p, _, err := newPipeline(s, reg, e)
	if err != nil {
		return err
	}
	return drain(ctx, e, p)
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
	return orDash(trucewatch.JoinParties(ps, ","))
}

// draftAgreements turns the agreement statements extracted from stored
// reports into draft agreement files, one per scope, for an analyst to
// review, correct and load: the terms as the reports state them, the
// earliest report as the start, and every report as a reference.
func draftAgreements(ctx context.Context, w io.Writer, s *store.Store) error {
	claims, err := s.Claims(ctx, trucewatch.ClaimFilter{Kind: trucewatch.ClaimAgreement})
	if err != nil {
		return err
	}
	type draft struct {
		a        trucewatch.Agreement
		statuses map[trucewatch.AgreementStatus]int
	}
	var order []string
	drafts := map[string]*draft{}
	for _, c := range claims {
		st := c.Agreement
		scope := "all"
		if !st.All {
			var parts []string
			for _, t := range st.Scope {
				parts = append(parts, string(t))
			}
			scope = strings.Join(parts, "-")
		}
		r, err := s.Report(ctx, c.ReportID)
		if err != nil {
			return err
		}
		d := drafts[scope]
		if d == nil {
			d = &draft{statuses: map[trucewatch.AgreementStatus]int{}, a: trucewatch.Agreement{
				ID: "draft-" + scope, Version: 1, Title: "Draft from reports: " + scope + " truce",
				Parties: st.Parties, Reciprocal: st.Reciprocal,
				Description: "Drafted by trucewatch from the statements of the reports listed under references. Review every field before loading.",
				Readings:    []trucewatch.Reading{{ID: "as-reported", Label: "As the reports state it", Scope: trucewatch.Scope{All: st.All, Targets: st.Scope}}},
			}}
			drafts[scope] = d
			order = append(order, scope)
		}
		d.statuses[st.Status]++
		d.a.Reciprocal = d.a.Reciprocal || st.Reciprocal
		if p := r.Published; !p.IsZero() && (d.a.Effective.From.IsZero() || p.Time.Before(d.a.Effective.From)) {
			d.a.Effective.From = p.Time
			if st.DurationDays > 0 {
				d.a.Effective.To = p.Time.AddDate(0, 0, st.DurationDays)
			}
		}
		d.a.References = append(d.a.References, trucewatch.Reference{Title: clip(c.Sentence.In(r.Text), 200) + " (" + r.Outlet + ")", URL: r.URL, Date: r.Published.Date()})
	}
	if len(order) == 0 {
		fmt.Fprintln(w, "no agreement statements among the stored claims (run trucewatch extract or the demo first)")
		return nil
	}
	for _, scope := range order {
		d := drafts[scope]
		best := trucewatch.AgreementProposed
		for _, st := range []trucewatch.AgreementStatus{trucewatch.AgreementAgreed, trucewatch.AgreementRejected, trucewatch.AgreementProposed} {
			if d.statuses[st] > d.statuses[best] {
				best = st
			}
		}
		d.a.Status = best
		if d.a.Effective.From.IsZero() {
			d.a.Conditions = append(d.a.Conditions, "no report gave a date: set effective.from by hand")
		}
		b, err := agreements.Marshal(d.a)
		if err != nil {
			return err
		}
		w.Write(b)
	}
	return nil
}

// loadDrafts stores agreement files as drafts: no assessment uses them
// until an analyst approves them. A bad file is reported and the others
// are still stored.
func loadDrafts(ctx context.Context, e *env, s *store.Store, files []string) error {
	rejected := 0
	for _, f := range files {
		a, err := agreements.ParseFile(f) // its errors name the file
		if err == nil {
			var d trucewatch.AgreementDraft
			if d, err = s.PutDraft(ctx, a, "file "+filepath.Base(f)); err == nil {
				fmt.Fprintf(e.stdout, "draft      %s (%s)\n", d.ID, d.State)
			} else {
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

// draftClaims stores a draft of each extracted agreement claim named.
func draftClaims(ctx context.Context, e *env, s *store.Store, ids []string) error {
	claims, err := s.Claims(ctx, trucewatch.ClaimFilter{IDs: ids})
	if err != nil {
		return err
	}
	byID := map[string]trucewatch.Claim{}
	for _, c := range claims {
		byID[c.ID] = c
	}
	for _, id := range ids {
		c, ok := byID[id]
		if !ok {
			return fmt.Errorf("draft: claim %s: %w", id, trucewatch.ErrNotFound)
		}
		r, err := s.Report(ctx, c.ReportID)
		if err != nil {
			return err
		}
		a, err := trucewatch.DraftFromClaim(c, r)
		if err != nil {
			return err
		}
		d, err := s.PutDraft(ctx, a, "claim "+c.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "draft      %s (%s): %s\n", d.ID, d.State, a.Title)
	}
	return nil
}

func writeDraftsTable(w io.Writer, ds []trucewatch.AgreementDraft) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DRAFT\tSTATUS\tFROM\tTO\tPARTIES\tSCOPE\tRECIPROCAL\tSOURCE")
	for _, d := range ds {
		a := d.Agreement
		to := "-"
		if !a.Effective.To.IsZero() {
			to = a.Effective.To.Format("2006-01-02")
		}
		var scopes []string
		for _, r := range a.Readings {
			if r.Scope.All {
				scopes = append(scopes, "all")
				continue
			}
			for _, t := range r.Scope.Targets {
				scopes = append(scopes, string(t))
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%v\t%s\n", d.ID, a.Status, a.Effective.From.Format("2006-01-02"), to,
			joinParties(a.Parties), strings.Join(scopes, ","), a.Reciprocal, d.Source)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d drafts wait for approval (trucewatch review approve-agreement|reject-agreement DRAFT-ID --reason R --by NAME)\n", len(ds))
}
