package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/trucewatch/trucewatch/internal/export"
	"github.com/trucewatch/trucewatch/internal/geo"
)

// exportCmd writes the incidents the list's filters select as CSV,
// GeoJSON or JSON Lines (docs/exports.md), streamed from the database; or
// what analysts reviewed as evaluation data (annotations).
type exportCmd struct {
	db       dbFlag
	format   string
	out      string
	bom      bool
	from, to string
	listFilter
}

func (*exportCmd) name() string { return "export" }
func (*exportCmd) synopsis() string {
	return "export incidents as csv, geojson or jsonl (filters as incidents); --format annotations DIR: reviewed reports, for eval"
}
func (*exportCmd) usage() string {
	return "--format csv|geojson|jsonl [-o FILE] [--bom] [filters] | --format annotations DIR"
}

func (c *exportCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.format, "format", "annotations", "csv, geojson, jsonl, or annotations: gold files in annotation format v1")
	fs.StringVar(&c.out, "o", "", "write to this file instead of standard output")
	fs.BoolVar(&c.bom, "bom", false, "start a CSV file with a UTF-8 byte order mark (for Excel)")
	fs.StringVar(&c.from, "from", "", "only incidents on or after this day (YYYY-MM-DD)")
	fs.StringVar(&c.to, "to", "", "only incidents on or before this day (YYYY-MM-DD)")
	c.listFilter.register(fs)
}

func (c *exportCmd) run(ctx context.Context, e *env, args []string) (err error) {
	if c.format == "annotations" {
		return c.runAnnotations(ctx, e, args)
	}
	if len(args) > 0 {
		return fmt.Errorf("%w: export --format %s takes no arguments (write to a file with -o)", errUsage, c.format)
	}
	f, err := c.listFilter.filter(c.from, c.to)
	if err != nil {
		return err
	}
	if _, ok := export.ContentType[c.format]; !ok {
		return fmt.Errorf("%w: --format %q: want csv, geojson, jsonl or annotations", errUsage, c.format)
	}
	var out io.Writer = e.stdout
	if c.out != "" {
		file, err := os.Create(c.out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer func() { err = errors.Join(err, file.Close()) }()
		out = file
	}
	opts := export.Options{BOM: c.bom}
	if c.format == "csv" {
		g, err := geo.Default()
		if err != nil {
			return err
		}
		opts.Admin1Name = g.Admin1Name // ACLED's admin1 is a name
	}
	w, err := export.NewWriter(out, c.format, opts)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.EachIncident(ctx, f, w.Write); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if c.out != "" {
		fmt.Fprintf(e.stderr, "exported %d incidents to %s\n", w.Count(), c.out)
	}
	return nil
}
