package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

type geocodeCmd struct {
	near   string
	asJSON bool
}

func (*geocodeCmd) name() string { return "geocode" }
func (*geocodeCmd) synopsis() string {
	return "resolve place names offline, in any spelling or case form (Saporischschja, у Краснопіллі → Краснопіллі)"
}
func (*geocodeCmd) usage() string { return "[flags] NAME..." }

func (c *geocodeCmd) setFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.near, "near", "", "a place the names lie near (an oblast, country or city), to choose between namesakes")
	fs.BoolVar(&c.asJSON, "json", false, "one JSON object per name: query, id, name, admin1, country, lat, lon, precision, occupied (or error)")
}

// placeJSON is the JSON form of a resolved place.
type placeJSON struct {
	Query      string  `json:"query,omitempty"`
	Text       string  `json:"text,omitempty"`
	Start      *int    `json:"start,omitempty"`
	End        *int    `json:"end,omitempty"`
	ID         string  `json:"id,omitempty"`
	Name       string  `json:"name,omitempty"`
	Admin1     string  `json:"admin1,omitempty"`
	Admin1Name string  `json:"admin1_name,omitempty"`
	Country    string  `json:"country,omitempty"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Precision  string  `json:"precision,omitempty"`
	Occupied   bool    `json:"occupied"`
	Error      string  `json:"error,omitempty"`
}

func newPlaceJSON(g *geo.Gazetteer, p trucewatch.Place) placeJSON {
	j := placeJSON{ID: p.ID, Name: p.Name, Admin1: p.Admin1, Country: string(p.Country),
		Lat: p.Lat, Lon: p.Lon, Precision: string(p.Precision), Occupied: p.Occupied}
	if a, ok := g.Place("adm1:" + p.Admin1); ok && p.Admin1 != "" {
		j.Admin1Name = a.Name
	}
	return j
}

func (c *geocodeCmd) run(_ context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: name at least one place", errUsage)
	}
	g, err := geo.Default()
	if err != nil {
		return err
	}
	failed := 0
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, q := range args {
		m, err := g.Geocode(q, c.near)
		if err != nil {
			failed++
			if c.asJSON {
				if err := enc.Encode(placeJSON{Query: q, Error: err.Error()}); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(tw, "%s\t-\t%v\n", q, err)
			}
			continue
		}
		j := newPlaceJSON(g, m.Place)
		j.Query = q
		if c.asJSON {
			if err := enc.Encode(j); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", q, j.ID, describePlace(j))
	}
	tw.Flush()
	if failed > 0 {
		if !c.asJSON {
			fmt.Fprintf(e.stderr, "%d of %d names not found\n", failed, len(args))
		}
		return errPartial
	}
	return nil
}

// describePlace is the one-line text form of a place.
func describePlace(j placeJSON) string {
	var b strings.Builder
	b.WriteString(j.Name)
	if j.Admin1Name != "" && j.Precision == string(trucewatch.PlaceSettlement) {
		fmt.Fprintf(&b, ", %s", j.Admin1Name)
	}
	fmt.Fprintf(&b, ", %s  (%s; %.4f, %.4f)", j.Country, j.Precision, j.Lat, j.Lon)
	if j.Occupied {
		b.WriteString("  occupied")
	}
	return b.String()
}

type placesCmd struct {
	asJSON bool
}

func (*placesCmd) name() string { return "places" }
func (*placesCmd) synopsis() string {
	return "list the places a text names, resolved with the text's other places as context"
}
func (*placesCmd) usage() string { return "[flags] TEXTFILE|-" }

func (c *placesCmd) setFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.asJSON, "json", false, "one JSON object per mention, with its byte offsets in the text")
}

func (c *placesCmd) run(_ context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: name one text file, or - for standard input", errUsage)
	}
	var r trucewatch.Report
	var err error
	if args[0] == "-" {
		r, err = reportfile.Read("stdin", e.stdin)
	} else {
		r, err = reportfile.ReadFile(args[0])
	}
	if err != nil {
		return err
	}
	g, err := geo.Default()
	if err != nil {
		return err
	}
	mentions := g.Scan(r.Text)
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	if !c.asJSON {
		fmt.Fprintln(tw, "AT\tMENTION\tID\tPLACE")
	}
	for _, m := range mentions {
		j := newPlaceJSON(g, m.Place)
		if c.asJSON {
			j.Text, j.Start, j.End = m.Text, &m.Span.Start, &m.Span.End
			if err := enc.Encode(j); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", m.Span.Start, m.Text, j.ID, describePlace(j))
	}
	tw.Flush()
	if !c.asJSON {
		fmt.Fprintf(e.stdout, "%d mentions\n", len(mentions))
	}
	return nil
}
