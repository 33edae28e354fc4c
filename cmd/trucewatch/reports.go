package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
)

type reportsCmd struct {
	db           dbFlag
	filter       trucewatch.ReportFilter
	since, until string
	asJSON       bool
}

func (*reportsCmd) name() string     { return "reports" }
func (*reportsCmd) synopsis() string { return "list stored reports, newest first" }
func (*reportsCmd) usage() string    { return "[flags] [ID-PREFIX]" }

func (c *reportsCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.filter.Language, "lang", "", "only this language (ISO 639-1, e.g. de)")
	fs.StringVar(&c.filter.Outlet, "outlet", "", "only this outlet")
	fs.StringVar(&c.since, "since", "", "only reports published on or after this day (YYYY-MM-DD)")
	fs.StringVar(&c.until, "until", "", "only reports published before this day (YYYY-MM-DD)")
	fs.IntVar(&c.filter.Limit, "limit", 100, "at most this many")
	fs.BoolVar(&c.asJSON, "json", false, "one JSON object per line, with the text")
}

func (c *reportsCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 1 {
		return fmt.Errorf("%w: at most one ID prefix", errUsage)
	}
	if len(args) == 1 {
		c.filter.IDPrefix = args[0]
	}
	var err error
	if c.filter.Since, err = parseDay("since", c.since); err != nil {
		return err
	}
	if c.filter.Until, err = parseDay("until", c.until); err != nil {
		return err
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Reports(ctx, c.filter)
	if err != nil {
		return err
	}
	if c.asJSON {
		return writeReportsJSON(e.stdout, list)
	}
	total, err := s.CountReports(ctx, c.filter)
	if err != nil {
		return err
	}
	writeReportsTable(e.stdout, list)
	fmt.Fprintf(e.stdout, "%d of %d reports\n", len(list), total)
	return nil
}

func parseDay(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("%w: --%s %q: want YYYY-MM-DD", errUsage, flagName, s)
	}
	return t, nil
}

func writeReportsTable(w io.Writer, list []trucewatch.Report) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPUBLISHED\tLANG\tOUTLET\tBEGINS")
	for _, r := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", trucewatch.ShortID(r.ID), orDash(r.Published.String()), orDash(r.Language),
			orDash(clip(r.Outlet, 28)), clip(firstLine(r.Text), 60))
	}
	tw.Flush()
}

// reportJSON is the --json form of a report.
type reportJSON struct {
	ID        string            `json:"id"`
	Published string            `json:"published,omitempty"`
	Language  string            `json:"language,omitempty"`
	Outlet    string            `json:"outlet,omitempty"`
	URL       string            `json:"url,omitempty"`
	Title     string            `json:"title,omitempty"`
	Metadata  map[string]string `json:"metadata,omitempty"`
	Origin    string            `json:"origin,omitempty"`
	Ingested  time.Time         `json:"ingested"`
	Text      string            `json:"text"`
}

func writeReportsJSON(w io.Writer, list []trucewatch.Report) error {
	enc := json.NewEncoder(w)
	for _, r := range list {
		err := enc.Encode(reportJSON{ID: r.ID, Published: r.Published.String(), Language: r.Language, Outlet: r.Outlet,
			URL: r.URL, Title: r.Title, Metadata: r.Metadata, Origin: r.Origin, Ingested: r.Ingested, Text: r.Text})
		if err != nil {
			return err
		}
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// clip shortens s to at most n runes, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
