package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/dailyreport"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// reportCmd writes published reports made from the record; for now the
// daily report of an agreement (docs/daily-report.md).
type reportCmd struct {
	db        dbFlag
	agreement string
	date      string
	format    string
	out       string
	lang      string
}

func (*reportCmd) name() string { return "report" }
func (*reportCmd) synopsis() string {
	return "report daily: an agreement's daily report (counts, incidents, map, changes) as html, md or pdf, in en, de, uk or ru"
}
func (*reportCmd) usage() string {
	return "daily --agreement ID --date YYYY-MM-DD [--format html|md|pdf] [--lang en|de|uk|ru] [-o FILE]"
}

func (c *reportCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.agreement, "agreement", "", "the agreement's ID (trucewatch agreements lists them)")
	fs.StringVar(&c.date, "date", "", "the day reported on (YYYY-MM-DD, in the agreement's time zone)")
	fs.StringVar(&c.format, "format", "", "html, md or pdf (default: from -o's extension, else html)")
	fs.StringVar(&c.lang, "lang", "en", "the report's language: en, de, uk or ru")
	fs.StringVar(&c.out, "o", "", "write to this file instead of standard output")
}

func (c *reportCmd) run(ctx context.Context, e *env, args []string) (err error) {
	if len(args) != 1 || args[0] != "daily" {
		return fmt.Errorf("%w: want the kind of report: daily", errUsage)
	}
	if c.agreement == "" || c.date == "" {
		return fmt.Errorf("%w: report daily needs --agreement and --date", errUsage)
	}
	day, err := trucewatch.ParseDate(c.date)
	if err != nil {
		return fmt.Errorf("%w: --date: %v", errUsage, err)
	}
	format := c.format
	if format == "" {
		format = strings.TrimPrefix(filepath.Ext(c.out), ".")
		if _, ok := dailyreport.Formats[format]; !ok {
			format = "html"
		}
	}
	if _, ok := dailyreport.Formats[format]; !ok {
		return fmt.Errorf("%w: --format %q: want html, md or pdf", errUsage, format)
	}
	lang := i18n.Lang(c.lang)
	if !slices.Contains(i18n.Langs, lang) {
		return fmt.Errorf("%w: --lang %q: want en, de, uk or ru", errUsage, c.lang)
	}
	g, err := geo.Default()
	if err != nil {
		return err
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := dailyreport.Build(ctx, s, c.agreement, day, dailyreport.Options{Gazetteer: g, Lang: lang})
	if err != nil {
		return err
	}
	var out io.Writer = e.stdout
	if c.out != "" {
		file, err := os.Create(c.out)
		if err != nil {
			return fmt.Errorf("report daily: %w", err)
		}
		defer func() { err = errors.Join(err, file.Close()) }()
		out = file
	}
	if err := dailyreport.Write(out, rep, format); err != nil {
		return err
	}
	if c.out != "" {
		fmt.Fprintf(e.stderr, "daily report of %s for %s: %d incidents of the day, %d in the period; written to %s\n",
			rep.Agreement.ID, rep.Day, len(rep.Incidents), rep.PeriodTotal, c.out)
	}
	return nil
}
