package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ingest"
	"github.com/trucewatch/trucewatch/internal/reportfile"
	"github.com/trucewatch/trucewatch/internal/telegram"
)

type ingestCmd struct {
	db      dbFlag
	batch   int
	quiet   bool
	noWait  bool
	sources string
	lease   time.Duration
	// progress: auto, bar, lines or none
	progress string
	channel  string
	lang     string
}

func (*ingestCmd) name() string { return "ingest" }
func (*ingestCmd) synopsis() string {
	return "store report files and Telegram exports (files, directories, - for stdin) and analyse them; same bytes are stored once"
}
func (*ingestCmd) usage() string { return "[flags] PATH..." }

func (c *ingestCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.IntVar(&c.batch, "batch", 500, "reports per transaction")
	fs.BoolVar(&c.quiet, "quiet", false, "print only rejections and the summary")
	fs.BoolVar(&c.noWait, "no-wait", false, "store the reports, queued, and return; a worker or a running serve analyses them")
	fs.StringVar(&c.sources, "sources", "", "a source registry file (TSV) to add to the shipped one")
	fs.StringVar(&c.progress, "progress", "auto", "how to show progress on stderr: a bar (on a terminal), plain lines every 5 s (otherwise), or none")
	fs.StringVar(&c.channel, "telegram-channel", "", "the username of the channel of Telegram exports, for https://t.me/USERNAME/ID links (exports do not carry it)")
	fs.StringVar(&c.lang, "telegram-lang", "", "the language of Telegram exports' messages (de, en, uk, ru)")
	fs.DurationVar(&c.lease, "lease", time.Minute, "how long a batch is held while it is extracted; a crashed run's batch is free again after this")
}

func (c *ingestCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: name at least one file, directory or -", errUsage)
	}
	lang, err := reportfile.ParseLanguage(c.lang)
	if err != nil {
		return fmt.Errorf("%w: --telegram-lang: %v", errUsage, err)
	}
	prog, err := newProgress(c.progress, e.stderr, "ingest")
	if err != nil {
		return err
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	var failed []ingest.Result
	report := printResult(e.stdout, c.quiet || prog.mode == "bar")
	in := &ingest.Ingester{Store: s, Stdin: e.stdin, BatchSize: c.batch, Progress: prog.set,
		Telegram: telegram.Options{Username: c.channel, Language: lang},
		Report: func(r ingest.Result) {
			if r.Status == ingest.Rejected {
				failed = append(failed, r)
			}
			if prog.mode != "bar" {
				report(r)
			}
		}}
	start := time.Now()
	sum, err := in.Paths(ctx, args)
	prog.finish()
	if err != nil {
		return err
	}
	if prog.mode == "bar" {
		// The bar kept them off the screen; the summary names them.
		for _, r := range failed {
			report(r)
		}
	}
	printSummary(e.stdout, sum)
	if el := time.Since(start); sum.Total() >= 1000 {
		fmt.Fprintf(e.stdout, "stored in %s (%.0f reports/s)\n", el.Round(time.Millisecond), float64(sum.Total())/el.Seconds())
	}
	if !c.noWait {
		// Every report stored is queued; the pipeline extracts and
		// analyses them (and whatever else waits) before ingest returns.
		reg, err := loadRegistry(ctx, s, c.sources)
		if err != nil {
			return err
		}
		p, _, err := newPipeline(s, reg, e)
		if err != nil {
			return err
		}
		p.Lease = c.lease
		if err := drain(ctx, e, p); err != nil {
			return err
		}
	}
	if sum.Rejected > 0 {
		return errPartial
	}
	return nil
}

// printResult returns an ingest.Ingester.Report that prints one line per
// input: "new", "duplicate" or "rejected" with the reason.
func printResult(w io.Writer, quiet bool) func(ingest.Result) {
	return func(r ingest.Result) {
		switch {
		case r.Status == ingest.Rejected:
			fmt.Fprintf(w, "rejected   %v\n", r.Err)
		case r.Status == ingest.Skipped:
			fmt.Fprintf(w, "skipped    %s: %v\n", r.Name, r.Err)
		case !quiet:
			fmt.Fprintf(w, "%-10s %s  %s\n", r.Status, trucewatch.ShortID(r.ID), r.Name)
		}
	}
}

func printSummary(w io.Writer, sum ingest.Summary) {
	fmt.Fprintf(w, "%d inputs: %d new, %d duplicate, %d rejected", sum.Total(), sum.New, sum.Duplicate, sum.Rejected)
	if sum.Skipped > 0 {
		fmt.Fprintf(w, ", %d skipped (not regular files)", sum.Skipped)
	}
	fmt.Fprintln(w)
	if m := sum.Messages; m.Total() > 0 {
		fmt.Fprintf(w, "Telegram messages that are no report, skipped: %d service, %d media without text, %d empty\n", m.Service, m.MediaOnly, m.Empty)
	}
}
