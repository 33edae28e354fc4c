// Package web is the monitor's desk: a JSON API under /api/v1 (described by
// /api/openapi.json), GeoJSON map layers, and a server-rendered dashboard
// (map, timeline, incident and agreement pages) with live updates over
// server-sent events. Everything it serves is embedded; it needs no network.
package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/auth"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/i18n"
	"github.com/trucewatch/trucewatch/internal/metrics"
)

// Store is what the web server reads of the record, through the filters
// of the root package.
type Store interface {
	Reports(ctx context.Context, f trucewatch.ReportFilter) ([]trucewatch.Report, error)
	CountReports(ctx context.Context, f trucewatch.ReportFilter) (int, error)
	Report(ctx context.Context, id string) (trucewatch.Report, error)
	Claims(ctx context.Context, f trucewatch.ClaimFilter) ([]trucewatch.Claim, error)
	CountClaims(ctx context.Context, f trucewatch.ClaimFilter) (int, error)
	Incident(ctx context.Context, id string) (trucewatch.Incident, error)
	Assessments(ctx context.Context, f trucewatch.AssessmentFilter) ([]trucewatch.Assessment, error)
	CountAssessments(ctx context.Context, f trucewatch.AssessmentFilter) (int, error)
	Timeline(ctx context.Context, f trucewatch.AssessmentFilter) ([]trucewatch.TimelineDay, error)
	Agreements(ctx context.Context) ([]trucewatch.Agreement, error)
	Agreement(ctx context.Context, id string) (trucewatch.Agreement, error)
	Sources(ctx context.Context) ([]trucewatch.Source, error)
	// Exports and feeds (exports.go): records streamed a page at a time,
	// and the newest written.
	EachIncident(ctx context.Context, f trucewatch.IncidentFilter, fn func(trucewatch.IncidentRecord) error) error
	RecentIncidents(ctx context.Context, f trucewatch.IncidentFilter, n int) ([]trucewatch.IncidentRecord, error)
}

// IncidentReader is what the incident list and the map read: pages of
// incidents as their stored JSON, newest first; how many incidents each
// cell of the map's grid holds; and the newest incidents as map points.
// The incident index (internal/incidentindex) answers these, and the store
// when the index cannot.
type IncidentReader interface {
	IncidentsJSON(ctx context.Context, f trucewatch.IncidentFilter) ([]json.RawMessage, error)
	MapCells(ctx context.Context, f trucewatch.IncidentFilter) ([]trucewatch.MapCell, error)
	NewestPoints(ctx context.Context, f trucewatch.IncidentFilter, n int) ([]trucewatch.MapPoint, error)
}

// IngestFunc stores a report given as bytes, extracts its claims and
// brings the incidents up to date; it says whether the report was new.
type IngestFunc func(ctx context.Context, name string, raw []byte) (id string, isNew bool, err error)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

//go:embed openapi.json
var openAPI []byte

// MaxReportBytes is the largest report the ingest endpoint accepts.
const MaxReportBytes = 10 << 20

// Server serves the API and the dashboard.
type Server struct {
	store     Store
	incidents IncidentReader
	gaz       *geo.Gazetteer
	ingest    IngestFunc
	log       *slog.Logger
	pages     map[i18n.Lang]*template.Template // a set per language (lang.go)
	catalog   *i18n.Catalog
	printers  map[i18n.Lang]*i18n.Printer
	events    *hub
	mux       *http.ServeMux

	// Who may do what (security.go, docs/security.md).
	accounts      Accounts
	private       bool
	hosts         map[string]bool
	secureCookies bool
	limiter       *limiter
	timeouts      Timeouts
	now           func() time.Time
	keepAlive     time.Duration // between comments on /events

	// Review (review.go): nil without WithReview.
	review ReviewStore
	decide DecideFunc
	drafts DraftStore // agreement drafts (drafts.go): nil without WithDrafts

	ledger Ledger // the transparency log (ledger.go): nil without WithLedger

	ready []readyCheck // what /readyz checks (health.go)

	metrics        *metrics.Metrics // observe.go
	metricsHandler http.Handler

	mapOnce sync.Once
	gm      *geoMap // the base map (mapsvg.go), built on first use

	reportsMade madeTimes  // when each daily report was first made (dailyreport.go)
	bundle      BundleFunc // incidents' bundles (ledger.go); nil: none

	pickerState // the place picker (search.go)
}

// New returns a server that reads the record from st, and the incident
// list and the map from incidents; ingest may be nil to refuse new
// reports. Without options, reads are public and nobody can write: give
// WithAccounts.
func New(st Store, incidents IncidentReader, g *geo.Gazetteer, ingest IngestFunc, log *slog.Logger, opts ...Option) (*Server, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &Server{store: st, incidents: incidents, gaz: g, ingest: ingest, log: log, catalog: cat, printers: map[i18n.Lang]*i18n.Printer{},
		events: newHub(), mux: http.NewServeMux(),
		hosts: map[string]bool{}, timeouts: DefaultTimeouts(), now: time.Now, keepAlive: 20 * time.Second}
	for _, l := range i18n.Langs {
		s.printers[l] = cat.Printer(l)
	}
	if err := s.parseTemplates(); err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	s.limiter = newLimiter(DefaultLimits(), func() time.Time { return s.now() })
	for _, o := range opts {
		o(s)
	}
	if len(s.hosts) == 0 {
		WithHosts("localhost", "127.0.0.1", "::1")(s)
	}
	if s.metrics == nil {
		s.metrics = metrics.New()
	}
	s.metricsHandler = s.metrics.Handler(log)
	routes := s.routes()
	if err := checkRoutes(routes); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	for _, rt := range routes {
		s.mux.Handle(rt.method+" "+rt.path, s.guard(rt))
	}
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w.Header())
	s.observe(w, r, func(w http.ResponseWriter, r *http.Request) {
		if s.cors(w, r) {
			return
		}
		if _, pat := s.mux.Handler(r); pat == "" {
			s.notFound(w, r)
			return
		}
		s.mux.ServeHTTP(w, r)
	})
}

// Notify tells live dashboards that the record changed.
func (s *Server) Notify(event string) { s.events.publish(event) }

// route is one entry of the route table: its pattern, the least role that
// may call it, and its handler. Reads declare auth.Viewer (anyone may call
// them unless the server is private), routes that change the record
// auth.Analyst or more, account management auth.Admin. New refuses a table
// in which a route declares no role or a write needs less than an analyst
// (checkRoutes); every route is served through guard, which enforces it.
type route struct {
	method, path string
	role         auth.Role
	h            handlerFunc
}

// routes is the one place that lists every route.
func (s *Server) routes() []route {
	static, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServer(http.FS(static)))
	rs := []route{
		{"GET", "/static/", auth.Anyone, func(w http.ResponseWriter, r *http.Request) error { files.ServeHTTP(w, r); return nil }},
		{"GET", "/api/openapi.json", auth.Anyone, func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Content-Type", "application/json")
			_, err := w.Write(openAPI)
			return err
		}},
		{"GET", "/signin", auth.Anyone, s.pageSignIn},
		{"POST", "/signin", auth.Anyone, s.signIn},
		{"POST", "/signout", auth.Viewer, s.signOut},
	}
	rs = append(rs, s.apiRoutes()...)
	rs = append(rs, s.logRoutes()...)
	return append(rs,
		route{"GET", "/{$}", auth.Viewer, s.pageHome},
		route{"GET", "/incidents/{id}", auth.Viewer, s.pageIncident},
		route{"GET", "/agreements/{id}", auth.Viewer, s.pageAgreement},
		route{"GET", "/reports/daily/{agreement}/{day}", auth.Viewer, s.pageDailyReport},
		route{"GET", "/reports/daily.css", auth.Viewer, dailyReportCSS},
		route{"GET", "/review", auth.Viewer, s.pageReview},
		route{"GET", "/events", auth.Viewer, s.serveEvents},
	)
}

// apiRoutes are the routes of the OpenAPI document.
func (s *Server) apiRoutes() []route {
	return []route{
		// Probes for a process supervisor or load balancer (health.go):
		// open to anyone even on a private server, and they tell nothing
		// of the record.
		{"GET", "/healthz", auth.Anyone, s.healthz},
		{"GET", "/readyz", auth.Anyone, s.readyz},
		// Prometheus metrics (observe.go): a viewer's, so that --private
		// hides them too; a scraper sends a viewer's token.
		{"GET", "/metrics", auth.Viewer, s.serveMetrics},
		{"GET", "/api/v1/reports", auth.Viewer, s.apiReports},
		{"POST", "/api/v1/reports", auth.Analyst, s.apiIngest},
		{"GET", "/api/v1/reports/{id}", auth.Viewer, s.apiReport},
		{"GET", "/api/v1/claims", auth.Viewer, s.apiClaims},
		{"GET", "/api/v1/incidents", auth.Viewer, s.apiIncidents},
		{"GET", "/api/v1/incidents/{id}", auth.Viewer, s.apiIncident},
		{"GET", "/api/v1/map/incidents.geojson", auth.Viewer, s.apiIncidentsGeoJSON},
		{"GET", "/api/v1/map/admin1.geojson", auth.Viewer, s.apiAdmin1GeoJSON},
		{"GET", "/api/v1/export/incidents.csv", auth.Viewer, s.apiExport("csv")},
		{"GET", "/api/v1/export/incidents.geojson", auth.Viewer, s.apiExport("geojson")},
		{"GET", "/api/v1/export/incidents.jsonl", auth.Viewer, s.apiExport("jsonl")},
		// The Atom feed is not under /api/v1, but a reader of the API
		// finds it in the same document.
		{"GET", "/feeds/incidents.atom", auth.Viewer, s.feed},
		{"GET", "/api/v1/agreements", auth.Viewer, s.apiAgreements},
		{"GET", "/api/v1/agreements/{id}", auth.Viewer, s.apiAgreement},
		{"GET", "/api/v1/assessments", auth.Viewer, s.apiAssessments},
		{"GET", "/api/v1/timeline", auth.Viewer, s.apiTimeline},
		{"GET", "/api/v1/sources", auth.Viewer, s.apiSources},
		{"GET", "/api/v1/review/queue", auth.Viewer, s.apiReviewQueue},
		{"GET", "/api/v1/decisions", auth.Viewer, s.apiDecisions},
		{"POST", "/api/v1/decisions", auth.Analyst, s.apiDecide},
		{"GET", "/api/v1/agreement-drafts", auth.Viewer, s.apiDrafts},
		{"POST", "/api/v1/agreement-drafts", auth.Analyst, s.apiDraft},
		// The dashboard's review forms (docs/review.md): a mutating route,
		// so it is in this table and in the OpenAPI document.
		{"POST", "/review/decisions", auth.Analyst, s.formDecide},
		{"POST", "/review/agreement-drafts", auth.Analyst, s.formDraft},
	}
}

// handlerFunc is an HTTP handler that returns its error; handle turns
// errors into statuses in one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// httpError carries a status for errors of the request itself. msg is
// the API's message (English); key and args, when set, are the message
// that an HTML page shows in the reader's language instead.
type httpError struct {
	status int
	msg    string
	key    string
	args   []any
}

// localised gives e the message key (with args) that HTML pages show.
func (e *httpError) localised(key string, args ...any) *httpError {
	e.key, e.args = key, args
	return e
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) *httpError {
	return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// handle serves h, answering its error as JSON, or as an HTML page when
// html is set.
func (s *Server) handle(h handlerFunc, html bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, html, err)
		}
	})
}

// writeError answers err with its status: the one table of errors to
// statuses.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, html bool, err error) {
	status := http.StatusInternalServerError
	var he *httpError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		status = he.status
	case errors.As(err, &tooBig):
		status, err = http.StatusRequestEntityTooLarge, fmt.Errorf("request body larger than %d bytes", tooBig.Limit)
	case errors.Is(err, trucewatch.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, trucewatch.ErrInvalid):
		status = http.StatusUnprocessableEntity
	case errors.Is(err, trucewatch.ErrConflict):
		status = http.StatusConflict
	}
	msg := err.Error()
	switch {
	case status == http.StatusInternalServerError:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error"
	case status == http.StatusConflict && strings.HasPrefix(r.URL.Path, "/log/"):
		// The log refusing to sign (docs/ledger.md, "Checkpoint history"):
		// the operator must hear of it, not only the client.
		s.log.Error("the ledger refused to sign", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="trucewatch"`)
	}
	if !html {
		writeJSON(w, status, map[string]string{"error": msg})
		return
	}
	if status == http.StatusUnauthorized && isRead(r.Method) {
		err = s.renderSignIn(w, r, status, signInPage{Next: r.URL.RequestURI()})
	} else {
		err = s.renderError(w, r, status, he, msg)
	}
	if err != nil {
		s.log.Error("render error page", "path", r.URL.Path, "err", err)
	}
}

// renderError is the HTML error page in the reader's language: the
// status's name and what it means, or the error's own message when it has
// one in the catalogues (httpError.key); an error of the request without
// one also shows its (English) detail, which names the field at fault.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, he *httpError, msg string) error {
	p := s.printer(r)
	page := &errorPage{Status: status, Text: p.T("error.other")} // a status the catalogues do not name
	if k := fmt.Sprintf("error.%d", status); s.catalog.Has(p.Lang, k) {
		page.Text = p.T(k)
	}
	switch k := fmt.Sprintf("error.text.%d", status); {
	case he != nil && he.key != "":
		page.Message = p.T(he.key, he.args...)
	case status == http.StatusNotFound:
		page.Message = p.T("error.text.404", r.URL.Path)
	case s.catalog.Has(p.Lang, k):
		page.Message = p.T(k)
		if status != http.StatusInternalServerError {
			page.Detail = msg
		}
	default:
		page.Message, page.Detail = p.T("error.text.other"), msg
	}
	return s.render(w, r, status, "error.html", page.Text, page)
}

// notFound answers a request that no route matches: an HTML page, or
// JSON under /api/. A path that another method serves is answered 405.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	html := !strings.HasPrefix(r.URL.Path, "/api/")
	// Nobody is authenticated here: the route table's guard (and its rate
	// limit) is not on this path, so the page's header shows no account.
	var allow []string
	for _, m := range []string{"GET", "POST"} {
		if m == r.Method || (m == "GET" && r.Method == "HEAD") {
			continue
		}
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pat := s.mux.Handler(r2); pat != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.writeError(w, r, html, &httpError{status: http.StatusMethodNotAllowed, msg: r.Method + " " + r.URL.Path + ": want " + strings.Join(allow, " or ")})
		return
	}
	s.writeError(w, r, html, &httpError{status: http.StatusNotFound, msg: r.URL.Path + ": no such route"})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}
