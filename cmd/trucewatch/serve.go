package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/incidentindex"
	"github.com/trucewatch/trucewatch/internal/ledger"
	"github.com/trucewatch/trucewatch/internal/metrics"
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
	web      webFlags
	poll     pollFlags
}

// webFlags are who may read, how the server knows its own name, and how
// it logs.
type webFlags struct {
	private       bool
	hosts         hostList
	secureCookies bool
	logFormat     logFormat
	ledgerKey     string
}

func (f *webFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.private, "private", false, "every read needs an account too (a token or a signed-in session, viewer or more)")
	fs.Var(&f.hosts, "host", "a host name the server is reached by, besides the listen address (repeat for more); writes addressed to other names are refused")
	fs.BoolVar(&f.secureCookies, "secure-cookies", false, "mark the session cookie Secure (behind a proxy that ends TLS)")
	fs.StringVar(&f.ledgerKey, "ledger-key", "", "the ledger's private signing key (ledger init --key): publish the log's checkpoint, tiles and proofs under /log/ (docs/ledger.md)")
	fs.Var(&f.logFormat, "log-format", "how to write logs, one line each, to stderr: text or json (a line per request at Info)")
}

// useLogFormat makes e log in the format of --log-format, at the same
// level (TRUCEWATCH_LOG).
func (f *webFlags) useLogFormat(e *env) {
	if f.logFormat == "json" {
		e.log = slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: logLevel(e.getenv("TRUCEWATCH_LOG"))}))
	}
}

// logFormat is the value of --log-format: "text" (the default) or "json".
type logFormat string

func (l *logFormat) String() string { return string(*l) }
func (l *logFormat) Set(v string) error {
	if v != "text" && v != "json" {
		return fmt.Errorf("%q: want text or json", v)
	}
	*l = logFormat(v)
	return nil
}

// options are the web server's options for these flags, listening on ln.
func (f *webFlags) options(ln net.Listener) []web.Option {
	opts := []web.Option{web.WithHosts(append(listenHosts(ln.Addr()), f.hosts...)...)}
	if f.private {
		opts = append(opts, web.PrivateReads())
	}
	if f.secureCookies {
		opts = append(opts, web.WithSecureCookies())
	}
	return opts
}

// hostList is a repeatable flag.
type hostList []string

func (h *hostList) String() string     { return strings.Join(*h, ",") }
func (h *hostList) Set(v string) error { *h = append(*h, v); return nil }

// listenHosts are the names a request to addr may carry in its Host header:
// the loopback names for a loopback address; for an unspecified one
// (0.0.0.0, ::) those and every address of this machine's interfaces;
// otherwise the address itself. Other names come from --host.
func listenHosts(addr net.Addr) []string {
	loopback := []string{"localhost", "127.0.0.1", "::1"}
	tcp, ok := addr.(*net.TCPAddr)
	switch {
	case !ok:
		return loopback
	case tcp.IP.IsLoopback():
		return loopback
	case tcp.IP.IsUnspecified():
		hosts := loopback
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if ipn, ok := a.(*net.IPNet); ok {
					hosts = append(hosts, ipn.IP.String())
				}
			}
		}
		return hosts
	default:
		return []string{tcp.IP.String()}
	}
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
	c.web.register(fs)
	c.poll.register(fs, 0, "read the live sources (trucewatch sources), each every this long (e.g. 10m); 0: not at all")
}

func (c *serveCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: serve takes no arguments", errUsage)
	}
	c.web.useLogFormat(e)
	s, p, g, err := openPipeline(ctx, e, &c.db, c.sources)
	if err != nil {
		return err
	}
	defer s.Close()
	if c.poll.every > 0 && !c.readOnly {
		// Polled reports are stored and queued; the loop in serve that
		// drains the queue analyses them, and the dashboard hears of the
		// new analysis like of any other.
		poller := c.poll.poller(s, e)
		go poller.Run(ctx, time.Second, nil)
	}
	return serve(ctx, e, s, p, g, c.addr, !c.readOnly, &c.web)
}

// serve serves until ctx ends, and brings the analysis up to date while
// it serves (/readyz says when it is). A report POSTed is stored and
// analysed before the answer; reports queued by
// other processes (ingest --no-wait, reanalyse) are analysed here too, and
// changes that other processes store reach the dashboard within a second
// (server-sent events).
//
// Reads are public unless wf.private; writes need an analyst's token or
// session (trucewatch users add).
func serve(ctx context.Context, e *env, s *store.Store, p *pipeline.Pipeline, g *geo.Gazetteer, addr string, acceptReports bool, wf *webFlags) error {
	// The metrics (/metrics) count the reports this process stores,
	// extracts and analyses, and read the reports per stage when scraped.
	m := metrics.New()
	m.WatchPipeline(s.PipelineStatus, 5*time.Second, e.log)
	drainCounted := func(ctx context.Context) error {
		x, a, err := p.Drain(ctx)
		m.Processed(trucewatch.StageExtracted, x)
		m.Processed(trucewatch.StageAnalysed, a)
		return err
	}
	// Listen first, so that a supervisor sees the server up (/healthz)
	// while a long queue is analysed; /readyz says ready once it is.
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	// The dashboard's list and map read the incident index, built from the
	// analysis stored now and kept current by every analysis stored: this
	// process's as it commits, other processes' as Watch hears of them.
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
			m.Processed(trucewatch.StageStored, 1)
			mu.Lock()
			defer mu.Unlock()
			return r.ID, true, drainCounted(ctx)
		}
	}
	var caughtUp atomic.Bool // the queue found at start is analysed
	opts := append(wf.options(ln), web.WithAccounts(s), web.WithMetrics(m),
		// /readyz: the database answers and is migrated, the incident
		// index is built, and the queue found at start is analysed.
		web.WithReadiness("store", s.Ready),
		web.WithReadiness("incident index", func(context.Context) error {
			if index.Generation() < 0 {
				return errors.New("not built")
			}
			return nil
		}),
		web.WithReadiness("analysis", func(context.Context) error {
			if !caughtUp.Load() {
				return errors.New("analysing the reports queued before the server started")
			}
			return nil
		}))
	if acceptReports {
		// Decisions are stored, and the reports they touch extracted and
		// analysed again, before the answer (docs/review.md). They are
		// recorded as the signed-in analyst's, or the token's.
		opts = append(opts, web.WithReview(s, func(ctx context.Context, ds []trucewatch.Decision) ([]trucewatch.Decision, error) {
			stored, err := s.RecordDecisions(ctx, ds)
			if err != nil {
				return nil, err
			}
			mu.Lock()
			defer mu.Unlock()
			// The decisions are stored: an analysis that fails now is
			// retried by the loop below, and the caller must not take the
			// decisions again.
			if err := drainCounted(ctx); err != nil {
				e.log.Warn("serve: analysing after decisions", "err", err)
			}
			return stored, nil
		}), web.WithDrafts(s))
	}
	if wf.ledgerKey != "" {
		lopts, err := ledgerOptions(s, wf.ledgerKey)
		if err != nil {
			return err
		}
		opts = append(opts, lopts...)
	}
	srv, err := web.New(s, index, g, ingest, e.log, opts...)
	if err != nil {
		return err
	}
	// The queue found at start, then other processes': the queue they
	// leave, and the changes they store.
	go func() {
		mu.Lock()
		x, a, err := drainCount(ctx, e, p)
		mu.Unlock()
		m.Processed(trucewatch.StageExtracted, x)
		m.Processed(trucewatch.StageAnalysed, a)
		if err != nil && ctx.Err() == nil {
			e.log.Warn("serve: analysing the queue", "err", err) // retried below
		}
		caughtUp.Store(err == nil)
		for ctx.Err() == nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(2 * time.Second):
			}
			if mu.TryLock() {
				err := drainCounted(ctx)
				if err != nil && ctx.Err() == nil {
					e.log.Warn("serve: analysing queued reports", "err", err)
				}
				if err == nil {
					caughtUp.Store(true)
				}
				mu.Unlock()
			}
		}
	}()
	go s.Watch(ctx, time.Second, func() {
		index.Refresh()
		srv.Notify("analysis")
	})
	hs := srv.HTTPServer()
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

// loadRegistry is the source registry provenance uses: the shipped one,
// with the entries of the file at path added when path is not empty (the
// --sources flag), and then the outlets stored in s (trucewatch sources
// add, PutSource) of known affiliation, which add to and override both
// (docs/sources.md).
func loadRegistry(ctx context.Context, s *store.Store, path string) (*provenance.Registry, error) {
	reg, err := provenance.Default()
	if err != nil {
		return nil, err
	}
	if path != "" {
		if reg, err = provenance.Load(path, reg); err != nil {
			return nil, err
		}
	}
	stored, err := s.Sources(ctx)
	if err != nil {
		return nil, err
	}
	return reg.With(stored), nil
}

// ledgerOptions publish the log signed with the key in keyFile, and the
// incidents' bundles, proved in the current tree with its checkpoint
// signed as each bundle is made.
func ledgerOptions(s *store.Store, keyFile string) ([]web.Option, error) {
	signer, pub, err := readKeyPair(keyFile)
	if err != nil {
		return nil, err
	}
	return []web.Option{web.WithLedger(ledger.Publisher{Log: s.Ledger(), Signer: signer}),
		web.WithBundles(func(ctx context.Context, incident string) ([]byte, error) {
			b, err := s.Bundle(ctx, incident, signNow(signer), pub)
			if err != nil {
				return nil, err
			}
			return bundleJSON(b)
		})}, nil
}
