package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
)

// Formats are the formats Writer writes, as the command line and the API
// name them.
var Formats = []string{"csv", "geojson", "jsonl"}

// ContentType is the media type each format is served as.
var ContentType = map[string]string{
	"csv":     "text/csv; charset=utf-8",
	"geojson": "application/geo+json",
	"jsonl":   "application/x-ndjson",
}

// Options say how records are written.
type Options struct {
	// BOM starts a CSV file with the UTF-8 byte order mark, which some
	// spreadsheets need to read UTF-8 (Excel on Windows). Off by default:
	// other readers take the mark as part of the first column's name.
	BOM bool
	// Admin1Name names a first-level unit from its ISO 3166-2 code, for
	// ACLED's admin1 column; nil writes the code.
	Admin1Name func(iso string) string
}

// Writer writes records in one format through a buffer. Close ends the
// document (GeoJSON's closing brackets) and flushes the buffer; Flush
// only flushes, for a response that should reach its reader as it goes.
type Writer struct {
	format string
	opts   Options
	buf    *bufio.Writer
	csv    *csv.Writer
	row    []string
	n      int
}

// NewWriter returns a writer of format ("csv", "geojson", "jsonl") to w.
func NewWriter(w io.Writer, format string, opts Options) (*Writer, error) {
	if _, ok := ContentType[format]; !ok {
		return nil, fmt.Errorf("export format %q: want csv, geojson or jsonl: %w", format, trucewatch.ErrInvalid)
	}
	x := &Writer{format: format, opts: opts, buf: bufio.NewWriterSize(w, 64<<10)}
	switch format {
	case "csv":
		if opts.BOM {
			x.buf.WriteString("\uFEFF")
		}
		x.csv = csv.NewWriter(x.buf)
		x.row = make([]string, len(Columns))
		if err := x.csv.Write(Columns); err != nil {
			return nil, err
		}
	case "geojson":
		x.buf.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	}
	return x, nil
}

// Write writes one record.
func (x *Writer) Write(r trucewatch.IncidentRecord) error {
	x.n++
	switch x.format {
	case "csv":
		return x.csv.Write(Row(x.row, r, x.opts.Admin1Name))
	case "geojson":
		if x.n > 1 {
			x.buf.WriteString(",\n")
		}
		b, err := json.Marshal(newFeature(r))
		if err != nil {
			return fmt.Errorf("incident %s: %w", r.Incident.ID, err)
		}
		_, err = x.buf.Write(b)
		return err
	default:
		b, err := json.Marshal(newLine(r))
		if err != nil {
			return fmt.Errorf("incident %s: %w", r.Incident.ID, err)
		}
		x.buf.Write(b)
		return x.buf.WriteByte('\n')
	}
}

// Count is how many records were written.
func (x *Writer) Count() int { return x.n }

// Flush writes what is buffered to the underlying writer.
func (x *Writer) Flush() error {
	if x.csv != nil {
		x.csv.Flush()
		if err := x.csv.Error(); err != nil {
			return err
		}
	}
	return x.buf.Flush()
}

// Close ends the document and flushes it.
func (x *Writer) Close() error {
	if x.format == "geojson" {
		x.buf.WriteString("\n]}\n")
	}
	return x.Flush()
}

// Columns are the CSV export's columns: ACLED's names where they apply,
// then ours (docs/exports.md says what each holds).
var Columns = []string{
	"event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
	"actor1", "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
	"source", "source_scale", "notes", "fatalities", "timestamp",
	"event_date_to", "where_prec", "target", "target_detail", "claimant", "status",
	"confirmed", "rejected", "claims", "report_urls",
}

// Row fills row (len(Columns) long, reused between rows) with the
// record's values and returns it. admin1Name may be nil.
func Row(row []string, r trucewatch.IncidentRecord, admin1Name func(string) string) []string {
	inc := r.Incident
	p := inc.Place
	admin1 := p.Admin1
	if admin1Name != nil && admin1 != "" {
		if n := admin1Name(admin1); n != "" {
			admin1 = n
		}
	}
	lat, lon := "", ""
	if p.HasPoint() {
		lat, lon = strconv.FormatFloat(p.Lat, 'f', -1, 64), strconv.FormatFloat(p.Lon, 'f', -1, 64)
	}
	year := ""
	if !inc.From.IsZero() {
		year = strconv.Itoa(inc.From.Year)
	}
	outlets, scales := sources(inc)
	dead := ""
	if n, ok := fatalities(r); ok {
		dead = strconv.Itoa(n)
	}
	stamp := ""
	if t := r.Updated(); !t.IsZero() {
		stamp = strconv.FormatInt(t.Unix(), 10)
	}
	vals := []string{
		inc.ID, inc.From.String(), year, strconv.Itoa(TimePrecision(inc.From, inc.To)),
		"Explosions/Remote violence", subEventType(r),
		trucewatch.JoinParties(inc.Accused, "; "), countryName(p.Country), admin1, "", p.Name, lat, lon,
		strconv.Itoa(GeoPrecision(p.Precision)),
		strings.Join(outlets, "; "), strings.Join(scales, "; "), notes(inc), dead, stamp,
		inc.To.String(), strconv.Itoa(WherePrec(p.Precision)), string(inc.Target), inc.TargetDetail,
		strings.Join(claimants(r), "; "), statuses(r),
		strconv.FormatBool(inc.Confirmed), strconv.FormatBool(inc.Rejected), strconv.Itoa(len(inc.ClaimIDs)),
		strings.Join(reportURLs(r), " "),
	}
	return append(row[:0], vals...)
}

// notes is a one-line description of the incident, as ACLED's notes
// column gives one.
func notes(inc trucewatch.Incident) string {
	var b strings.Builder
	b.WriteString("Strike on ")
	b.WriteString(string(inc.Target))
	if inc.TargetDetail != "" {
		b.WriteString(" (" + inc.TargetDetail + ")")
	}
	if inc.Place.Name != "" {
		b.WriteString(" in " + inc.Place.Name)
	}
	if len(inc.Accused) > 0 {
		b.WriteString("; accused: " + trucewatch.JoinParties(inc.Accused, ", "))
	}
	fmt.Fprintf(&b, "; %d claims from %d independent origins.", len(inc.ClaimIDs), len(inc.Origins))
	return b.String()
}

// properties are a GeoJSON feature's properties and, with the whole
// incident beside them, a JSON Lines record's fields.
type properties struct {
	ID            string   `json:"id"`
	DateFrom      string   `json:"date_from"`
	DateTo        string   `json:"date_to"`
	Place         string   `json:"place"`
	PlaceID       string   `json:"place_id"`
	Admin1        string   `json:"admin1,omitempty"`
	Country       string   `json:"country"`
	Precision     string   `json:"place_precision"`
	TimePrecision int      `json:"time_precision"`
	GeoPrecision  int      `json:"geo_precision"`
	WherePrec     int      `json:"where_prec"`
	Target        string   `json:"target"`
	TargetDetail  string   `json:"target_detail,omitempty"`
	Accused       []string `json:"accused"`
	Claimants     []string `json:"claimants"`
	Status        string   `json:"status"`
	Fatalities    *int     `json:"fatalities"`
	Sources       []string `json:"sources"`
	ReportURLs    []string `json:"report_urls"`
	Updated       string   `json:"updated,omitempty"`
}

func newProperties(r trucewatch.IncidentRecord) properties {
	inc := r.Incident
	outlets, _ := sources(inc)
	p := properties{ID: inc.ID, DateFrom: inc.From.String(), DateTo: inc.To.String(), Place: inc.Place.Name, PlaceID: inc.Place.ID,
		Admin1: inc.Place.Admin1, Country: string(inc.Place.Country), Precision: string(inc.Place.Precision),
		TimePrecision: TimePrecision(inc.From, inc.To), GeoPrecision: GeoPrecision(inc.Place.Precision), WherePrec: WherePrec(inc.Place.Precision),
		Target: string(inc.Target), TargetDetail: inc.TargetDetail, Accused: []string{}, Claimants: claimants(r), Status: statuses(r),
		Sources: outlets, ReportURLs: reportURLs(r)}
	for _, a := range inc.Accused {
		p.Accused = append(p.Accused, string(a))
	}
	if n, ok := fatalities(r); ok {
		p.Fatalities = &n
	}
	if t := r.Updated(); !t.IsZero() {
		p.Updated = t.Format(time.RFC3339)
	}
	if p.Claimants == nil {
		p.Claimants = []string{}
	}
	if p.Sources == nil {
		p.Sources = []string{}
	}
	if p.ReportURLs == nil {
		p.ReportURLs = []string{}
	}
	return p
}

// feature is an RFC 7946 Feature; Geometry is null for a place with no
// point.
type feature struct {
	Type       string     `json:"type"`
	ID         string     `json:"id"`
	Geometry   *point     `json:"geometry"`
	Properties properties `json:"properties"`
}

type point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"` // longitude, latitude (RFC 7946 §3.1.1)
}

func newFeature(r trucewatch.IncidentRecord) feature {
	f := feature{Type: "Feature", ID: r.Incident.ID, Properties: newProperties(r)}
	if p := r.Incident.Place; p.HasPoint() {
		f.Geometry = &point{Type: "Point", Coordinates: [2]float64{p.Lon, p.Lat}}
	}
	return f
}

// line is a JSON Lines record: the incident as the API gives it, its
// assessments, and the derived fields.
type line struct {
	Incident    trucewatch.Incident     `json:"incident"`
	Assessments []trucewatch.Assessment `json:"assessments"`
	properties
}

func newLine(r trucewatch.IncidentRecord) line {
	l := line{Incident: r.Incident, Assessments: r.Assessments, properties: newProperties(r)}
	if l.Assessments == nil {
		l.Assessments = []trucewatch.Assessment{}
	}
	return l
}
