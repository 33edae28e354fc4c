package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/incidentindex"
	"github.com/trucewatch/trucewatch/internal/pipeline"
	"github.com/trucewatch/trucewatch/internal/provenance"
	"github.com/trucewatch/trucewatch/internal/reportfile"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/web"
)

type serveCmd struct {
	db       dbFlag
	addr     string
	sources  string
	readOnly bool
	analyst  string
}

func (*serveCmd) name() string { return "serve" }
func (*serveCmd) synopsis() string {
	return "serve the dashboard and the HTTP API (default http://127.0.0.1:8080)"
}
func (*serveCmd) usage() string { return "[flags]" }

func (c *serveCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.sources, "sources", "", "a source registry file (TSV) to add to the shipped one")
	fs.BoolVar(&c.readOnly, "read-only", false, "refuse new reports and decisions")
	fs.StringVar(&c.analyst, "analyst", "analyst", "who the review's decisions are recorded as (until accounts name the signed-in analyst)")
}

func (c *serveCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: serve takes no arguments", errUsage)
	}
	s, p, g, err := openPipeline(ctx, e, &c.db, c.sources)
	if err != nil {
		return err
	}
	defer s.Close()
	return serve(ctx, e, s, p, g, c.addr, !c.readOnly, c.analyst)
}

// serve brings the analysis up to date and serves until ctx ends. A
// report POSTed is stored and analysed before the answer; reports queued by
// other processes (ingest --no-wait, reanalyse) are analysed here too, and
// changes that other processes store reach the dashboard within a second
// (server-sent events).
func serve(ctx context.Context, e *env, s *store.Store, p *pipeline.Pipeline, g *geo.Gazetteer, addr string, acceptReports bool, analyst string) error {
	if err := drain(ctx, e, p); err != nil {
		return err
	}
	// The dashboard's list and map read the incident index, built once the
	// analysis is up to date, and kept current by every analysis stored:
	// this process's as it commits, other processes' as Watch hears of
	// them.
	index, err := incidentindex.New(ctx, s, e.log)
	if err != nil {
		return err
	}
	defer index.Close()
	s.OnAnalysisStored(index.Refresh)
	var mu sync.Mutex // one drain at a time in this process
	var ingest web.IngestFunc
	if acceptReports {
		ingest = func(ctx context.Context, name string, raw []byte) (string, bool, error) {
			r, err := reportfile.Parse(name, raw)
			if err != nil {
				return "", false, err
			}
			r.Origin = "api"
			isNew, err := s.AddReports(ctx, []trucewatch.Report{r})
			if err != nil {
				return "", false, err
			}
			if !isNew[0] {
				return r.ID, false, nil
			}
			mu.Lock()
			defer mu.Unlock()
			_, _, err = p.Drain(ctx)
			return r.ID, true, err
		}
	}
	srv, err := web.New(s, index, g, ingest, e.log)
	if err != nil {
		return err
	}
	if acceptReports {
		// Decisions are stored, and the reports they touch extracted and
		// analysed again, before the answer (docs/review.md).
		srv.EnableReview(s, func(ctx context.Context, ds []trucewatch.Decision) ([]trucewatch.Decision, error) {
			stored, err := s.RecordDecisions(ctx, ds)
			if err != nil {
				return nil, err
			}
			mu.Lock()
			defer mu.Unlock()
			_, _, err = p.Drain(ctx)
			return stored, err
		}, func(*http.Request) string { return analyst })
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// Other processes: the queue they leave, and the changes they store.
	go func() {
		for ctx.Err() == nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(2 * time.Second):
			}
			if mu.TryLock() {
				if _, _, err := p.Drain(ctx); err != nil && ctx.Err() == nil {
					e.log.Warn("serve: analysing queued reports", "err", err)
				}
				mu.Unlock()
			}
		}
	}()
	go s.Watch(ctx, time.Second, func() {
		index.Refresh()
		srv.Notify("analysis")
	})
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(e.stdout, "\ntrucewatch is serving the dashboard at http://%s/ (API: /api/v1, OpenAPI: /api/openapi.json). Stop with Ctrl-C.\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return hs.Shutdown(shut)
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// loadRegistry is the shipped source registry, with the entries of the
// file at path added when path is not empty (the --sources flag).
func loadRegistry(path string) (*provenance.Registry, error) {
	reg, err := provenance.Default()
	if err != nil || path == "" {
		return reg, err
	}
	return provenance.Load(path, reg)
}
