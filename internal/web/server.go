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
	"sync"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
)

// Store is what the web server reads of the record, through the filters
// of the root package.
type Store interface {
	Reports(ctx context.Context, f trucewatch.ReportFilter) ([]trucewatch.Report, error)
	Report(ctx context.Context, id string) (trucewatch.Report, error)
	Claims(ctx context.Context, f trucewatch.ClaimFilter) ([]trucewatch.Claim, error)
	Incident(ctx context.Context, id string) (trucewatch.Incident, error)
	Assessments(ctx context.Context, f trucewatch.AssessmentFilter) ([]trucewatch.Assessment, error)
	CountAssessments(ctx context.Context, f trucewatch.AssessmentFilter) (int, error)
	Timeline(ctx context.Context, f trucewatch.AssessmentFilter) ([]trucewatch.TimelineDay, error)
	Agreements(ctx context.Context) ([]trucewatch.Agreement, error)
	Agreement(ctx context.Context, id string) (trucewatch.Agreement, error)
	Sources(ctx context.Context) ([]trucewatch.Source, error)
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
	pages     *template.Template
	events    *hub
	mux       *http.ServeMux

	// Review (review.go): nil until EnableReview.
	review ReviewStore
	decide DecideFunc
	actor  ActorFunc

	mapOnce sync.Once
	mapSVG  template.HTML
}

// New returns a server that reads the record from st, and the incident
// list and the map from incidents; ingest may be nil to refuse new
// reports.
func New(st Store, incidents IncidentReader, g *geo.Gazetteer, ingest IngestFunc, log *slog.Logger) (*Server, error) {
	pages, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	s := &Server{store: st, incidents: incidents, gaz: g, ingest: ingest, log: log, pages: pages, events: newHub(), mux: http.NewServeMux()}
	s.routes()
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

// Notify tells live dashboards that the record changed.
func (s *Server) Notify(event string) { s.events.publish(event) }

// routes is the one place that lists every route.
func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServer(http.FS(static))))
	s.mux.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	for _, r := range s.apiRoutes() {
		s.mux.Handle(r.method+" "+r.path, s.handle(r.h))
	}
	s.mux.Handle("GET /{$}", s.handle(s.pageHome))
	s.mux.Handle("GET /incidents/{id}", s.handle(s.pageIncident))
	s.mux.Handle("GET /agreements/{id}", s.handle(s.pageAgreement))
	s.mux.Handle("GET /review", s.handle(s.pageReview))
	s.mux.HandleFunc("GET /events", s.serveEvents)
}

type route struct {
	method, path string
	h            handlerFunc
}

func (s *Server) apiRoutes() []route {
	return []route{
		{"GET", "/api/v1/reports", s.apiReports},
		{"POST", "/api/v1/reports", s.apiIngest},
		{"GET", "/api/v1/reports/{id}", s.apiReport},
		{"GET", "/api/v1/claims", s.apiClaims},
		{"GET", "/api/v1/incidents", s.apiIncidents},
		{"GET", "/api/v1/incidents/{id}", s.apiIncident},
		{"GET", "/api/v1/map/incidents.geojson", s.apiIncidentsGeoJSON},
		{"GET", "/api/v1/map/admin1.geojson", s.apiAdmin1GeoJSON},
		{"GET", "/api/v1/agreements", s.apiAgreements},
		{"GET", "/api/v1/agreements/{id}", s.apiAgreement},
		{"GET", "/api/v1/assessments", s.apiAssessments},
		{"GET", "/api/v1/timeline", s.apiTimeline},
		{"GET", "/api/v1/sources", s.apiSources},
		{"GET", "/api/v1/review/queue", s.apiReviewQueue},
		{"GET", "/api/v1/decisions", s.apiDecisions},
		{"POST", "/api/v1/decisions", s.apiDecide},
		// The dashboard's review forms (docs/review.md): a mutating route,
		// so it is in this table and in the OpenAPI document.
		{"POST", "/review/decisions", s.formDecide},
	}
}

// handlerFunc is an HTTP handler that returns its error; handle turns
// errors into statuses in one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// httpError carries a status for errors of the request itself.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status := http.StatusInternalServerError
		var he *httpError
		switch {
		case errors.As(err, &he):
			status = he.status
		case errors.Is(err, trucewatch.ErrNotFound):
			status = http.StatusNotFound
		case errors.Is(err, trucewatch.ErrInvalid):
			status = http.StatusUnprocessableEntity
		case errors.Is(err, trucewatch.ErrConflict):
			status = http.StatusConflict
		}
		msg := err.Error()
		if status == http.StatusInternalServerError {
			s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			msg = "internal error"
		}
		writeJSON(w, status, map[string]string{"error": msg})
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}
