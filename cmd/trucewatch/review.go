package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/annotation"
	"github.com/trucewatch/trucewatch/internal/auth"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/pipeline"
	"github.com/trucewatch/trucewatch/internal/store"
)

// reviewCmd is the analyst's review from the command line: the queue, and
// decisions on incidents and claims (docs/review.md).
type reviewCmd struct {
	db                                 dbFlag
	reason, by                         string
	place, date, target, perp, claimnt string
	claims                             string
}

func (*reviewCmd) name() string { return "review" }
func (*reviewCmd) synopsis() string {
	return "the review queue, and decisions: confirm|reject INCIDENT, merge INCIDENT INCIDENT..., split INCIDENT --claims, confirm-claim|reject-claim|correct|undo CLAIM, approve-agreement|reject-agreement DRAFT"
}
func (*reviewCmd) usage() string {
	return "queue | confirm|reject INCIDENT-ID... | confirm-claim|reject-claim|undo CLAIM-ID | correct CLAIM-ID [--place P] [--date D] [--target T] [--perpetrator P] [--claimant C] | merge INCIDENT-ID INCIDENT-ID... | split INCIDENT-ID --claims ID,ID... | approve-agreement|reject-agreement DRAFT-ID  (--reason and --by for decisions)"
}

func (c *reviewCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.reason, "reason", "", "why (required for a decision)")
	fs.StringVar(&c.by, "by", "", "who decides: an analyst's or admin's account (required for a decision; trucewatch users add)")
	fs.StringVar(&c.place, "place", "", "correct: the place (a gazetteer id or a name)")
	fs.StringVar(&c.date, "date", "", "correct: the date (YYYY-MM-DD)")
	fs.StringVar(&c.target, "target", "", "correct: the target")
	fs.StringVar(&c.perp, "perpetrator", "", "correct: the perpetrator (a party code or unknown)")
	fs.StringVar(&c.claimnt, "claimant", "", "correct: the claimant (a party code, media or other)")
	fs.StringVar(&c.claims, "claims", "", "split: the claims that go to a new incident, separated by commas")
}

func (c *reviewCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: review queue, or a decision", errUsage)
	}
	s, p, g, err := openPipeline(ctx, e, &c.db, "")
	if err != nil {
		return err
	}
	defer s.Close()
	if args[0] == "queue" {
		incs, total, err := s.ReviewQueue(ctx, 1000, 0)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "INCIDENT\tDAY\tPLACE\tTARGET\tACCUSED\tCLAIMS")
		for _, inc := range incs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\t%d\n", inc.ID, inc.From, inc.Place.Name, inc.Target, inc.Accused, len(inc.ClaimIDs))
		}
		tw.Flush()
		fmt.Fprintf(e.stdout, "%d incidents wait for review\n", total)
		return nil
	}
	if args[0] == "merge" || args[0] == "split" {
		d, err := c.grouping(ctx, s, args)
		if err != nil {
			return err
		}
		return c.record(ctx, e, s, p, []trucewatch.Decision{d})
	}
	kinds := map[string]trucewatch.DecisionKind{
		"confirm": trucewatch.DecisionConfirmIncident, "reject": trucewatch.DecisionRejectIncident,
		"confirm-claim": trucewatch.DecisionConfirmClaim, "reject-claim": trucewatch.DecisionRejectClaim,
		"correct": trucewatch.DecisionCorrectClaim, "undo": trucewatch.DecisionUndo,
		"approve-agreement": trucewatch.DecisionApproveAgreement, "reject-agreement": trucewatch.DecisionRejectAgreement,
	}
	kind, ok := kinds[args[0]]
	if !ok || len(args) < 2 {
		return fmt.Errorf("%w: review %s", errUsage, args[0])
	}
	if err := checkDecider(ctx, s, c.by); err != nil {
		return err
	}
	var ds []trucewatch.Decision
	for _, id := range args[1:] {
		d := trucewatch.Decision{Kind: kind, Subject: id, Reason: c.reason, Actor: c.by}
		if kind.OnAgreement() {
			// A decision on an agreement draft covers no claims; the store
			// checks that the draft waits for one.
			ds = append(ds, d)
			continue
		}
		var claims []trucewatch.Claim
		if kind == trucewatch.DecisionConfirmIncident || kind == trucewatch.DecisionRejectIncident {
			inc, err := s.Incident(ctx, id)
			if err != nil {
				return err
			}
			if claims, err = s.Claims(ctx, trucewatch.ClaimFilter{IDs: inc.ClaimIDs}); err != nil {
				return err
			}
		} else if claims, err = s.Claims(ctx, trucewatch.ClaimFilter{IDs: []string{id}}); err != nil {
			return err
		}
		if len(claims) == 0 {
			return fmt.Errorf("review: %s: %w", id, trucewatch.ErrNotFound)
		}
		if d.Claims, err = keysOf(ctx, s, claims); err != nil {
			return err
		}
		if kind == trucewatch.DecisionCorrectClaim {
			if d.Correction, err = c.correction(g); err != nil {
				return err
			}
		}
		ds = append(ds, d)
	}
	return c.record(ctx, e, s, p, ds)
}

// record stores decisions and brings the analysis up to date.
func (c *reviewCmd) record(ctx context.Context, e *env, s *store.Store, p *pipeline.Pipeline, ds []trucewatch.Decision) error {
	stored, err := s.RecordDecisions(ctx, ds)
	if err != nil {
		return err
	}
	if err := drain(ctx, e, p); err != nil {
		return err
	}
	for _, d := range stored {
		fmt.Fprintf(e.stdout, "decision %d: %s %s by %s\n", d.ID, d.Kind, d.Subject, d.Actor)
	}
	return nil
}

// grouping builds a merge (review merge INCIDENT INCIDENT...) or a split
// (review split INCIDENT --claims ID,ID...).
func (c *reviewCmd) grouping(ctx context.Context, s *store.Store, args []string) (trucewatch.Decision, error) {
	var d trucewatch.Decision
	ids := args[1:]
	switch {
	case args[0] == "merge" && len(ids) < 2:
		return d, fmt.Errorf("%w: review merge needs two incidents or more", errUsage)
	case args[0] == "split" && (len(ids) != 1 || c.claims == ""):
		return d, fmt.Errorf("%w: review split needs one incident and --claims ID,ID", errUsage)
	}
	if err := checkDecider(ctx, s, c.by); err != nil {
		return d, err
	}
	claims := make([][]trucewatch.Claim, len(ids))
	for i, id := range ids {
		inc, err := s.Incident(ctx, id)
		if err != nil {
			return d, err
		}
		if claims[i], err = s.Claims(ctx, trucewatch.ClaimFilter{IDs: inc.ClaimIDs}); err != nil {
			return d, err
		}
	}
	if args[0] == "merge" {
		d = trucewatch.MergeOf(ids, claims)
	} else {
		var err error
		if d, err = trucewatch.SplitOf(ids[0], claims[0], strings.Split(c.claims, ",")); err != nil {
			return d, err
		}
	}
	keys, err := keysOf(ctx, s, slices.Concat(claims...)) // in MergeOf's and SplitOf's order
	if err != nil {
		return d, err
	}
	d.Claims, d.Reason, d.Actor = keys, c.reason, c.by
	return d, nil
}

// keysOf returns the keys of claims, their ordinals counted among the
// claims of their reports (trucewatch.KeysIn).
func keysOf(ctx context.Context, s *store.Store, claims []trucewatch.Claim) ([]trucewatch.ClaimKey, error) {
	var all []trucewatch.Claim
	for _, c := range claims {
		if slices.ContainsFunc(all, func(a trucewatch.Claim) bool { return a.ReportID == c.ReportID }) {
			continue
		}
		cs, err := s.Claims(ctx, trucewatch.ClaimFilter{ReportID: c.ReportID})
		if err != nil {
			return nil, err
		}
		all = append(all, cs...)
	}
	return trucewatch.KeysIn(claims, all), nil
}

// checkDecider refuses a decision in the name of anyone but an active
// account of an analyst or more: the audit trail names accounts, from the
// command line as from the server (where the actor is the signed-in
// account).
func checkDecider(ctx context.Context, s *store.Store, name string) error {
	if name == "" {
		return fmt.Errorf("%w: a decision needs --by, an analyst's account", errUsage)
	}
	users, err := s.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Name != name {
			continue
		}
		switch {
		case !u.Active():
			return fmt.Errorf("review: --by %s: the account is revoked: %w", name, trucewatch.ErrInvalid)
		case !u.Role.Allows(auth.Analyst):
			return fmt.Errorf("review: --by %s: a %v may not decide, an analyst may: %w", name, u.Role, trucewatch.ErrInvalid)
		}
		return nil
	}
	return fmt.Errorf("review: --by %s: no such account (trucewatch users add %s --role analyst): %w", name, name, trucewatch.ErrNotFound)
}

func (c *reviewCmd) correction(g *geo.Gazetteer) (*trucewatch.Correction, error) {
	var x trucewatch.Correction
	var err error
	if c.place != "" {
		p, ok := g.Place(c.place)
		if !ok {
			m, err := g.Geocode(c.place, "")
			if err != nil {
				return nil, err
			}
			p = m.Place
		}
		x.Place = &p
	}
	if c.date != "" {
		if x.Date, err = trucewatch.ParseDate(c.date); err != nil {
			return nil, err
		}
	}
	if c.target != "" {
		if x.Target, err = trucewatch.ParseTarget(c.target); err != nil {
			return nil, err
		}
	}
	if c.perp != "" {
		if x.Perpetrator, err = trucewatch.ParseParty(c.perp); err != nil {
			return nil, err
		}
	}
	if c.claimnt != "" {
		if x.Claimant, err = trucewatch.ParseClaimant(c.claimnt); err != nil {
			return nil, err
		}
	}
	return &x, nil
}

// decisionsCmd prints the audit trail.
type decisionsCmd struct {
	db             dbFlag
	subject, actor string
	limit          int
	asJSON         bool
}

func (*decisionsCmd) name() string     { return "decisions" }
func (*decisionsCmd) synopsis() string { return "the audit trail: analysts' decisions, newest first" }
func (*decisionsCmd) usage() string    { return "[flags]" }

func (c *decisionsCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.subject, "subject", "", "only decisions on this incident or claim")
	fs.StringVar(&c.actor, "by", "", "only decisions by this analyst")
	fs.IntVar(&c.limit, "limit", 100, "at most this many (0: all)")
	fs.BoolVar(&c.asJSON, "json", false, "JSON")
}

func (c *decisionsCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: decisions takes no arguments", errUsage)
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	ds, err := s.Decisions(ctx, trucewatch.DecisionFilter{Subject: c.subject, Actor: c.actor, Limit: c.limit})
	if err != nil {
		return err
	}
	if c.asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ds)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN\tWHO\tWHAT\tON\tWHY")
	for _, d := range ds {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.At.Format(time.RFC3339), d.Actor, d.Kind, d.Subject, d.Reason)
	}
	return tw.Flush()
}

// runAnnotations writes, for every report with a decision on a claim of it, the
// report as ingested and the annotation of its claims as the decisions
// leave them: rejected claims left out, corrections applied.
func (c *exportCmd) runAnnotations(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: export --format annotations DIR", errUsage)
	}
	dir := args[0]
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	g, err := geo.Default()
	if err != nil {
		return err
	}
	ds, err := s.Decisions(ctx, trucewatch.DecisionFilter{})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var reports []string
	for _, d := range ds {
		if d.Kind == trucewatch.DecisionMergeIncidents || d.Kind == trucewatch.DecisionSplitIncident {
			continue // grouping says nothing of what the extractor found
		}
		for _, id := range d.ReportIDs() {
			if !seen[id] {
				seen[id] = true
				reports = append(reports, id)
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, id := range reports {
		r, err := s.Report(ctx, id)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		claims, err := s.Claims(ctx, trucewatch.ClaimFilter{ReportID: id})
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		b, err := json.MarshalIndent(annotation.Reviewed(r, claims, g.Admin1Name), "", "  ")
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		name := filepath.Join(dir, trucewatch.ShortID(id))
		if err := os.WriteFile(name+".txt", r.Raw, 0o644); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := os.WriteFile(name+".gold.json", append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	fmt.Fprintf(e.stdout, "exported %d reviewed reports to %s\n", len(reports), dir)
	return nil
}
