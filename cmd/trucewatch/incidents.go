package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/assess"
	"github.com/trucewatch/trucewatch/internal/i18n"
	"github.com/trucewatch/trucewatch/internal/pipeline"
)

// analysis is what incidents and assess share: the database, the source
// registry, and a window of days.
type analysis struct {
	db       dbFlag
	sources  string
	from, to string
}

func (a *analysis) register(fs *flag.FlagSet) {
	a.db.register(fs)
	fs.StringVar(&a.sources, "sources", "", "a source registry file (TSV) to add to the shipped one")
	fs.StringVar(&a.from, "from", "", "only incidents on or after this day (YYYY-MM-DD)")
	fs.StringVar(&a.to, "to", "", "only incidents on or before this day (YYYY-MM-DD)")
}

func (a *analysis) run(ctx context.Context, e *env) (pipeline.Result, trucewatch.Date, trucewatch.Date, error) {
	var from, to trucewatch.Date
	for _, x := range []struct {
		flag, v string
		d       *trucewatch.Date
	}{{"from", a.from, &from}, {"to", a.to, &to}} {
		if x.v == "" {
			continue
		}
		d, err := trucewatch.ParseDate(x.v)
		if err != nil {
			return pipeline.Result{}, from, to, fmt.Errorf("%w: --%s %q: want YYYY-MM-DD", errUsage, x.flag, x.v)
		}
		*x.d = d
	}
	s, err := a.db.open(ctx, e)
	if err != nil {
		return pipeline.Result{}, from, to, err
	}
	defer s.Close()
	reg, err := loadRegistry(ctx, s, a.sources)
	if err != nil {
		return pipeline.Result{}, from, to, err
	}
	// The stored analysis, as the dashboard shows it; reports still queued
	// are not in it yet, and the command says so.
	res, err := pipeline.Read(ctx, s, reg)
	if err != nil {
		return res, from, to, err
	}
	st, err := s.PipelineStatus(ctx)
	if err != nil {
		return res, from, to, err
	}
	if q := st.Stored + st.Extracted; q > 0 {
		fmt.Fprintf(e.stderr, "note: %d reports are queued and not analysed yet (trucewatch worker --once, or a running serve, analyses them)\n", q)
	}
	return res, from, to, nil
}

func inWindow(d, from, to trucewatch.Date) bool {
	return (from.IsZero() || !d.Before(from)) && (to.IsZero() || !to.Before(d))
}

// listFilter is the incident list's filter flags beyond the window of
// days: incidents and export read them alike.
type listFilter struct {
	agreement, party, status, target string
}

func (l *listFilter) register(fs *flag.FlagSet) {
	fs.StringVar(&l.agreement, "agreement", "", "only incidents in scope of this agreement (under any reading)")
	fs.StringVar(&l.party, "party", "", "only incidents that accuse this party (RU, UA, ...)")
	fs.StringVar(&l.status, "status", "", "only incidents with an assessment of this status (alleged, corroborated, disputed)")
	fs.StringVar(&l.target, "target", "", "only this target category")
}

// filter is the store's filter for the flags and the window [from, to].
func (l *listFilter) filter(from, to string) (trucewatch.IncidentFilter, error) {
	f := trucewatch.IncidentFilter{Agreement: l.agreement}
	var err error
	for _, x := range []struct {
		flag, v string
		d       *trucewatch.Date
	}{{"from", from, &f.From}, {"to", to, &f.To}} {
		if x.v != "" {
			if *x.d, err = trucewatch.ParseDate(x.v); err != nil {
				return f, fmt.Errorf("%w: --%s %q: want YYYY-MM-DD", errUsage, x.flag, x.v)
			}
		}
	}
	if l.party != "" {
		if f.Party, err = trucewatch.ParseParty(l.party); err != nil {
			return f, fmt.Errorf("%w: --party: %v", errUsage, err)
		}
	}
	if l.status != "" {
		if f.Status, err = trucewatch.ParseAssessmentStatus(l.status); err != nil {
			return f, fmt.Errorf("%w: --status: %v", errUsage, err)
		}
	}
	if l.target != "" {
		if f.Target, err = trucewatch.ParseTarget(l.target); err != nil {
			return f, fmt.Errorf("%w: --target: %v", errUsage, err)
		}
	}
	return f, nil
}

type incidentsCmd struct {
	analysis
	listFilter
	asJSON bool
}

func (*incidentsCmd) name() string { return "incidents" }
func (*incidentsCmd) synopsis() string {
	return "list incidents (claims grouped across reports), with who is accused, origins and assessments"
}
func (*incidentsCmd) usage() string { return "[flags]" }

func (c *incidentsCmd) setFlags(fs *flag.FlagSet) {
	c.analysis.register(fs)
	c.listFilter.register(fs)
	fs.BoolVar(&c.asJSON, "json", false, "one JSON object per incident, with claims, origins and assessments")
}

// incidentJSON is the --json form of an incident.
type incidentJSON struct {
	trucewatch.Incident
	Claims      []claimJSON             `json:"claims"`
	Assessments []trucewatch.Assessment `json:"assessments"`
}

type claimJSON struct {
	ID          string `json:"id"`
	Report      string `json:"report"`
	Outlet      string `json:"outlet"`
	Claimant    string `json:"claimant"`
	Perpetrator string `json:"perpetrator"`
	Denial      bool   `json:"denial,omitempty"`
	Origin      string `json:"origin"`
	Sentence    string `json:"sentence"`
}

func (c *incidentsCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: incidents takes no arguments", errUsage)
	}
	res, from, to, err := c.analysis.run(ctx, e)
	if err != nil {
		return err
	}
	byIncident := map[string][]trucewatch.Assessment{}
	for _, a := range res.Assessments {
		byIncident[a.IncidentID] = append(byIncident[a.IncidentID], a)
	}
	var shown []assess.Evidence
	for _, ev := range res.Evidence {
		inc := ev.Incident
		if !inWindow(inc.From, from, to) || c.target != "" && string(inc.Target) != c.target ||
			c.party != "" && !slices.Contains(inc.Accused, trucewatch.Party(strings.ToUpper(c.party))) {
			continue
		}
		if c.agreement != "" || c.status != "" {
			ok := false
			for _, a := range byIncident[inc.ID] {
				if a.InScope && (c.agreement == "" || a.AgreementID == c.agreement) && (c.status == "" || string(a.Status) == c.status) {
					ok = true
				}
			}
			if !ok {
				continue
			}
		}
		shown = append(shown, ev)
	}
	if c.asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, ev := range shown {
			j := incidentJSON{Incident: ev.Incident, Assessments: byIncident[ev.Incident.ID]}
			for i, cl := range ev.Claims {
				r := res.Reports[cl.ReportID]
				j.Claims = append(j.Claims, claimJSON{ID: cl.ID, Report: cl.ReportID, Outlet: r.Outlet, Claimant: string(cl.Incident.Claimant),
					Perpetrator: string(cl.Incident.Perpetrator), Denial: cl.Incident.Denial, Origin: ev.Origins[i].Outlet, Sentence: cl.Sentence.In(r.Text)})
			}
			if err := enc.Encode(j); err != nil {
				return err
			}
		}
		return nil
	}
	writeIncidents(e.stdout, shown)
	fmt.Fprintf(e.stdout, "%d incidents\n", len(shown))
	return nil
}

func writeIncidents(w io.Writer, evs []assess.Evidence) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDAY\tPLACE\tTARGET\tACCUSED\tCLAIMS\tORIGINS")
	for _, ev := range evs {
		inc := ev.Incident
		day := inc.From.String()
		if inc.To != inc.From {
			day += "…" + inc.To.String()[8:]
		}
		what := string(inc.Target)
		if inc.TargetDetail != "" {
			what += " (" + inc.TargetDetail + ")"
		}
		var origins []string
		for _, o := range inc.Origins {
			origins = append(origins, o.Outlet)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", inc.ID, day, clip(inc.Place.Name, 30), clip(what, 34),
			orDash(joinParties(inc.Accused)), len(inc.ClaimIDs), clip(strings.Join(origins, "; "), 70))
	}
	tw.Flush()
}

type assessCmd struct {
	analysis
	agreement string
	asJSON    bool
}

func (*assessCmd) name() string { return "assess" }
func (*assessCmd) synopsis() string {
	return "judge incidents against an agreement: in scope or not, who is accused, alleged/corroborated/disputed, per reading and party"
}
func (*assessCmd) usage() string { return "--agreement ID [flags]" }

func (c *assessCmd) setFlags(fs *flag.FlagSet) {
	c.analysis.register(fs)
	fs.StringVar(&c.agreement, "agreement", "", "the agreement or norm to assess against (see trucewatch agreements)")
	fs.BoolVar(&c.asJSON, "json", false, "print the assessments and the daily timeline as JSON")
}

func (c *assessCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 || c.agreement == "" {
		return fmt.Errorf("%w: name the agreement with --agreement", errUsage)
	}
	res, from, to, err := c.analysis.run(ctx, e)
	if err != nil {
		return err
	}
	var ag *trucewatch.Agreement
	for i := range res.Agreements {
		if res.Agreements[i].ID == c.agreement {
			ag = &res.Agreements[i]
		}
	}
	if ag == nil {
		return fmt.Errorf("agreement %q is not stored (load it with: trucewatch agreements load): %w", c.agreement, trucewatch.ErrNotFound)
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	en := cat.Printer(i18n.English)
	var as []trucewatch.Assessment
	for _, a := range res.Assessments {
		if a.AgreementID == c.agreement && inWindow(a.Day, from, to) {
			a.Reason = en.Reason(a) // the reason in English words, beside its messages
			as = append(as, a)
		}
	}
	if c.asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Agreement   string                   `json:"agreement"`
			Assessments []trucewatch.Assessment  `json:"assessments"`
			Timeline    []trucewatch.TimelineDay `json:"timeline"`
		}{c.agreement, as, assess.Timeline(as)})
	}
	writeAssessment(e.stdout, *ag, res, as)
	return nil
}

// writeAssessment prints, for each reading, a table per accused party.
func writeAssessment(w io.Writer, ag trucewatch.Agreement, res pipeline.Result, as []trucewatch.Assessment) {
	places := map[string]string{}
	for _, ev := range res.Evidence {
		inc := ev.Incident
		places[inc.ID] = fmt.Sprintf("%s, %s", inc.Place.Name, inc.Target)
	}
	status := string(ag.Status)
	if ag.Norm {
		status = "standing norm"
	}
	fmt.Fprintf(w, "%s — %s (%s)\n", ag.ID, ag.Title, status)
	if !ag.Norm && !ag.Status.InForce() {
		fmt.Fprintln(w, "  not in force: nothing is assessed against it")
		return
	}
	days := assess.Timeline(as)
	for _, r := range ag.Readings {
		fmt.Fprintf(w, "\nReading %s: %s\n", r.ID, r.Label)
		for _, p := range partiesOf(ag, as) {
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			counts := map[trucewatch.AssessmentStatus]int{}
			var lines []string
			out := 0
			for _, a := range as {
				if a.ReadingID != r.ID || a.Accused != p {
					continue
				}
				if !a.InScope {
					out++
					continue
				}
				counts[a.Status]++
				lines = append(lines, fmt.Sprintf("  %s\t%s\t%s\t%s\n", a.Day, a.Status, places[a.IncidentID], a.Reason))
			}
			fmt.Fprintf(w, "  %s accused: %d in scope (alleged %d, corroborated %d, disputed %d); %d out of scope\n",
				p, len(lines), counts[trucewatch.StatusAlleged], counts[trucewatch.StatusCorroborated], counts[trucewatch.StatusDisputed], out)
			for _, l := range lines {
				fmt.Fprint(tw, l)
			}
			tw.Flush()
			writeTimeline(w, days, r.ID, p)
		}
	}
}

// partiesOf lists the agreement's parties, and any other party accused.
func partiesOf(ag trucewatch.Agreement, as []trucewatch.Assessment) []trucewatch.Party {
	ps := slices.Clone(ag.Parties)
	for _, a := range as {
		if !slices.Contains(ps, a.Accused) {
			ps = append(ps, a.Accused)
		}
	}
	return ps
}

// writeTimeline prints one party's days under one reading as a strip:
// one column a day, A alleged, C corroborated, D disputed (the most
// serious of the day), "." for a day with nothing in scope.
func writeTimeline(w io.Writer, days []trucewatch.TimelineDay, reading string, p trucewatch.Party) {
	var mine []trucewatch.TimelineDay
	for _, d := range days {
		if d.ReadingID == reading && d.Party == p {
			mine = append(mine, d)
		}
	}
	if len(mine) == 0 {
		return
	}
	first, last := mine[0].Day, mine[len(mine)-1].Day
	var b strings.Builder
	for d, i := first, 0; !last.Before(d); d = d.AddDays(1) {
		mark := "."
		if i < len(mine) && mine[i].Day == d {
			c := mine[i].Counts
			switch {
			case c[trucewatch.StatusDisputed] > 0:
				mark = "D"
			case c[trucewatch.StatusCorroborated] > 0:
				mark = "C"
			case c[trucewatch.StatusAlleged] > 0:
				mark = "A"
			}
			i++
		}
		b.WriteString(mark)
	}
	fmt.Fprintf(w, "  timeline %s … %s  %s   (A alleged, C corroborated, D disputed)\n", first, last, b.String())
}
