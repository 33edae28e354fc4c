package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/incidentindex"
	"github.com/trucewatch/trucewatch/internal/pipeline"
	"github.com/trucewatch/trucewatch/internal/provenance"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/synth"
	"github.com/trucewatch/trucewatch/internal/web"
)

// benchCmd measures the pipeline on generated reports (package synth):
//
//	trucewatch bench pipeline --reports 250000 [--workers 1,2,4] [--db URL]
//	trucewatch bench incremental --base 100000 [--new 100] [--db FILE]
//	trucewatch bench day --reports 5000,20000 [--db URL]
//
// pipeline stores the reports queued and times workers (in this process,
// each with its own leases, as separate processes would be) until every
// report is analysed. incremental builds a record of --base reports (or
// reuses the database named), then times --new reports from storing to
// their incidents in the HTTP API, against the same into an empty
// database, and times a serve starting on the record, with its memory.
// day times extracting and analysing each number of reports all on one
// day, against the same number spread over days (2,000 a day).
type benchCmd struct {
	db      string
	reports int
	workers string
	sizes   string
	base    int
	fresh   int
	batch   int
	runs    int
	profile string
	tmp     string         // the folder of temporary databases, removed at the end
	drops   []func() error // drop the PostgreSQL schemas made, at the end
}

func (*benchCmd) name() string { return "bench" }
func (*benchCmd) synopsis() string {
	return "measure the pipeline on generated reports: \"pipeline\" (throughput per worker count), \"incremental\" (a batch into a large record), \"day\" (reports all on one day against spread over days)"
}
func (*benchCmd) usage() string { return "pipeline|incremental|day|ledger [flags]" }

func (c *benchCmd) setFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", "", "database to use: a postgres:// URL (each run gets a schema of its own) or a SQLite file; default a new temporary SQLite file")
	fs.IntVar(&c.reports, "reports", 20000, "pipeline: how many reports")
	fs.StringVar(&c.sizes, "sizes", "5000,20000", "day: the numbers of reports to time, comma-separated")
	fs.StringVar(&c.workers, "workers", "1,2,4", "pipeline: the worker counts to time (PostgreSQL); SQLite runs one")
	fs.IntVar(&c.base, "base", 100000, "incremental: reports in the record before the batch")
	fs.IntVar(&c.fresh, "new", 100, "incremental: reports in the batch")
	fs.IntVar(&c.batch, "batch", 1000, "reports per batch and stage")
	fs.IntVar(&c.runs, "runs", 5, "ledger: runs with and without the ledger, alternated")
	fs.StringVar(&c.profile, "cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
}

func (c *benchCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: name pipeline or incremental", errUsage)
	}
	defer func() {
		if c.tmp != "" {
			os.RemoveAll(c.tmp)
		}
		for _, drop := range c.drops {
			if err := drop(); err != nil {
				fmt.Fprintf(e.stderr, "bench: drop a schema: %v\n", err)
			}
		}
	}()
	if c.profile != "" {
		f, err := os.Create(c.profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	switch args[0] {
	case "pipeline":
		return c.pipeline(ctx, e)
	case "incremental":
		return c.incremental(ctx, e)
	case "day":
		return c.oneDay(ctx, e)
	case "ledger":
		return c.ledgerCost(ctx, e)
	}
	return fmt.Errorf("%w: unknown benchmark %q", errUsage, args[0])
}

// benchDay is the first day of generated news.
var benchDay = time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)

// generate returns n reports: 2,000 a day from day on, the first with seed.
func generate(seed uint64, day time.Time, n int) []trucewatch.Report {
	return generateDays(seed, day, n, 2000)
}

// generateDays returns n reports: perDay a day from day on (0: all on
// day), made 2,000 at a time, the first with seed.
func generateDays(seed uint64, day time.Time, n, perDay int) []trucewatch.Report {
	out := make([]trucewatch.Report, 0, n)
	for len(out) < n {
		d := day
		if perDay > 0 {
			d = day.AddDate(0, 0, len(out)/perDay)
		}
		g := synth.New(seed+uint64(len(out)), d)
		for range min(2000, n-len(out)) {
			out = append(out, g.Report())
		}
	}
	return out
}

// benchStore opens a new database for one run: a schema of its own on
// PostgreSQL, a new file for SQLite.
func (c *benchCmd) benchStore(ctx context.Context, e *env, name string, opts ...store.Option) (*store.Store, string, error) {
	dsn := c.db
	switch {
	case store.EngineOf(dsn) == store.Postgres:
		var err error
		var drop func() error
		if dsn, drop, err = store.NewSchema(ctx, dsn, "tw_bench_"+name); err != nil {
			return nil, "", err
		}
		c.drops = append(c.drops, drop)
	case dsn == "":
		if c.tmp == "" {
			dir, err := os.MkdirTemp(e.getenv("TMPDIR"), "trucewatch-bench-")
			if err != nil {
				return nil, "", err
			}
			c.tmp = dir
		}
		dsn = filepath.Join(c.tmp, name+".db")
	default:
		dsn = strings.TrimSuffix(dsn, ".db") + "-" + name + ".db"
	}
	s, err := store.Open(ctx, dsn, opts...)
	if err != nil {
		return nil, "", err
	}
	known, err := agreements.Known()
	if err != nil {
		return nil, "", err
	}
	for _, a := range known {
		if _, err := s.PutAgreement(ctx, a); err != nil {
			return nil, "", err
		}
	}
	return s, dsn, nil
}

func (c *benchCmd) pipeline(ctx context.Context, e *env) error {
	reports := generate(1, benchDay, c.reports)
	size := 0
	for _, r := range reports {
		size += len(r.Raw)
	}
	fmt.Fprintf(e.stdout, "%d generated reports in four languages, %.1f MB, over %d days\n", len(reports), float64(size)/1e6, (len(reports)+1999)/2000)
	counts := []int{1}
	if store.EngineOf(c.db) == store.Postgres {
		var err error
		if counts, err = positiveCounts("--workers", c.workers); err != nil {
			return err
		}
	}
	reg, err := provenance.Default()
	if err != nil {
		return err
	}
	for _, n := range counts {
		s, _, err := c.benchStore(ctx, e, fmt.Sprintf("pipeline_%d", n))
		if err != nil {
			return err
		}
		start := time.Now()
		if err := addInChunks(ctx, s, reports); err != nil {
			return err
		}
		stored := time.Since(start)
		// One extractor serves every worker: it is safe for concurrent use.
		first, _, err := newPipeline(s, reg, e)
		if err != nil {
			return err
		}
		start = time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			p := *first
			p.Batch, p.Owner = c.batch, pipeline.NewOwner()
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := p.Drain(ctx); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			return err
		}
		took := time.Since(start)
		st, err := s.PipelineStatus(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s, %d worker(s): stored in %s; extracted and analysed in %s: %.0f reports/s (%d analysed, %d failed)\n",
			s.Engine(), n, stored.Round(time.Millisecond), took.Round(time.Millisecond), float64(len(reports))/took.Seconds(), st.Analysed, st.Failed)
		s.Close()
	}
	return nil
}

func (c *benchCmd) incremental(ctx context.Context, e *env) error {
	reg, err := provenance.Default()
	if err != nil {
		return err
	}
	newDay := benchDay.AddDate(0, 0, (c.base+1999)/2000+1)
	batch := generate(99, newDay, c.fresh)
	var results []time.Duration
	var bigDSN string
	for _, name := range []string{"empty", "record"} {
		s, dsn, err := c.benchStore(ctx, e, "incremental_"+name)
		if err != nil {
			return err
		}
		p, g, err := newPipeline(s, reg, e)
		if err != nil {
			return err
		}
		p.Batch = c.batch
		if name == "record" {
			bigDSN = dsn
			if st, err := s.PipelineStatus(ctx); err == nil && st.Analysed < c.base {
				start := time.Now()
				base := generate(1, benchDay, c.base)
				if err := addInChunks(ctx, s, base); err != nil {
					return err
				}
				if _, _, err := p.Drain(ctx); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "built a record of %d reports in %s\n", len(base), time.Since(start).Round(time.Second))
			}
		}
		n, err := s.Count(ctx)
		if err != nil {
			return err
		}
		// The server, as serve runs it, with the incident index.
		srv, stop, err := benchServer(ctx, e, s, g)
		if err != nil {
			return err
		}
		start := time.Now()
		if _, err := s.AddReports(ctx, batch); err != nil {
			return err
		}
		if _, _, err := p.Drain(ctx); err != nil {
			return err
		}
		analysed := time.Since(start)
		if err := waitVisible(ctx, srv, newDay); err != nil {
			return err
		}
		took := time.Since(start)
		stop()
		results = append(results, took)
		fmt.Fprintf(e.stdout, "%d new reports into a record of %d: analysed in %s, in the API after %s\n",
			len(batch), n.Reports, analysed.Round(time.Millisecond), took.Round(time.Millisecond))
		s.Close()
	}
	fmt.Fprintf(e.stdout, "into the record / into an empty database: %.2f×\n", results[1].Seconds()/results[0].Seconds())
	return c.serveStart(ctx, e, bigDSN)
}

// oneDay times extracting and analysing n reports all on one day and
// the same number spread over days, for each n of --sizes.
func (c *benchCmd) oneDay(ctx context.Context, e *env) error {
	reg, err := provenance.Default()
	if err != nil {
		return err
	}
	sizes, err := positiveCounts("--sizes", c.sizes)
	if err != nil {
		return err
	}
	for _, n := range sizes {
		var took, cpu [2]time.Duration
		for i, perDay := range []int{2000, 0} {
			layout := "spread over days"
			if perDay == 0 {
				layout = "on one day"
			}
			s, _, err := c.benchStore(ctx, e, fmt.Sprintf("day_%d_%d", n, i))
			if err != nil {
				return err
			}
			if err := addInChunks(ctx, s, generateDays(1, benchDay, n, perDay)); err != nil {
				return err
			}
			p, _, err := newPipeline(s, reg, e)
			if err != nil {
				return err
			}
			p.Batch = c.batch
			q := &timedQueue{Queue: p.Queue}
			p.Queue = q
			start := time.Now()
			if _, _, err := p.Drain(ctx); err != nil {
				return err
			}
			all := time.Since(start)
			st, err := s.PipelineStatus(ctx)
			if err != nil {
				return err
			}
			incs, err := s.Incidents(ctx, trucewatch.IncidentFilter{Limit: 1 << 30})
			if err != nil {
				return err
			}
			took[i], cpu[i] = q.analysing, q.cpu
			fmt.Fprintf(e.stdout, "%d reports %s: extracted and analysed in %s; analysis %s (%s of CPU) in %d batches; %d analysed, %d incidents\n",
				n, layout, all.Round(time.Millisecond), q.analysing.Round(time.Millisecond), q.cpu.Round(time.Millisecond), q.batches, st.Analysed, len(incs))
			s.Close()
		}
		fmt.Fprintf(e.stdout, "%d reports: analysis on one day / spread over days: %.2f× (CPU %.2f×)\n", n, took[1].Seconds()/took[0].Seconds(), cpu[1].Seconds()/cpu[0].Seconds())
	}
	return nil
}

// timedQueue times the analysis batches of a pipeline.
type timedQueue struct {
	pipeline.Queue
	analysing, cpu time.Duration
	batches        int
}

func (q *timedQueue) Analyse(ctx context.Context, n int, fn func(trucewatch.AnalysisBatch) error) (int, error) {
	start, cpu := time.Now(), cpuTime()
	a, err := q.Queue.Analyse(ctx, n, fn)
	q.analysing += time.Since(start)
	q.cpu += cpuTime() - cpu
	if a > 0 {
		q.batches++
	}
	return a, err
}

// addInChunks stores reports a thousand at a time, as ingest does.
func addInChunks(ctx context.Context, s *store.Store, reports []trucewatch.Report) error {
	for i := 0; i < len(reports); i += 1000 {
		if _, err := s.AddReports(ctx, reports[i:min(i+1000, len(reports))]); err != nil {
			return err
		}
	}
	return nil
}

// benchServer serves the dashboard over s on a free port, as serve does
// (with the incident index), and returns its address and a stop function.
func benchServer(ctx context.Context, e *env, s *store.Store, g *geo.Gazetteer) (string, func(), error) {
	index, err := incidentindex.New(ctx, s, e.log)
	if err != nil {
		return "", nil, err
	}
	s.OnAnalysisStored(index.Refresh)
	srv, err := web.New(s, index, g, nil, e.log)
	if err != nil {
		index.Close()
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		index.Close()
		return "", nil, err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return ln.Addr().String(), func() {
		hs.Close()
		index.Close()
	}, nil
}

// waitVisible polls the API until it lists an incident on day.
func waitVisible(ctx context.Context, addr string, day time.Time) error {
	url := fmt.Sprintf("http://%s/api/v1/incidents?from=%s&to=%s", addr, day.Format("2006-01-02"), day.Format("2006-01-02"))
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			var incs []json.RawMessage
			err = json.NewDecoder(resp.Body).Decode(&incs)
			resp.Body.Close()
			if err == nil && len(incs) > 0 {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return fmt.Errorf("bench: the new incidents did not appear in the API within a minute")
}

// serveStart starts `trucewatch serve` on the record and measures how long
// it takes to answer, and its resident memory then.
func (c *benchCmd) serveStart(ctx context.Context, e *env, dsn string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	start := time.Now()
	cmd := exec.CommandContext(ctx, exe, "serve", "--read-only", "--db", dsn, "--addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	addrRe := regexp.MustCompile(`http://([0-9.:]+)/`)
	sc := bufio.NewScanner(out)
	addr := ""
	for addr == "" && sc.Scan() {
		if m := addrRe.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		return fmt.Errorf("bench: serve did not say where it listens")
	}
	go func() {
		for sc.Scan() {
		}
	}()
	for {
		resp, err := http.Get("http://" + addr + "/api/v1/incidents?limit=1")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Since(start) > time.Minute {
			return fmt.Errorf("bench: serve did not answer within a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}
	took := time.Since(start)
	// The map and the list once, as a first visitor would load them.
	for _, path := range []string{"/", "/api/v1/map"} {
		if resp, err := http.Get("http://" + addr + path); err == nil {
			resp.Body.Close()
		}
	}
	rss := residentMB(cmd.Process.Pid)
	fmt.Fprintf(e.stdout, "serve on the record: answers after %s; resident memory %s\n", took.Round(time.Millisecond), rss)
	return nil
}

// residentMB reads a process's resident memory from /proc (Linux).
func residentMB(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown (no /proc)"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return fmt.Sprintf("%.0f MB", float64(kb)/1024)
		}
	}
	return "unknown"
}

// ledgerCost measures what the ledger costs ingest: --runs times, in
// turn, it stores --reports generated reports and drains the pipeline
// (one worker) into a new database with the ledger and into one without
// it (store.WithoutLedger), and prints each run and the medians.
func (c *benchCmd) ledgerCost(ctx context.Context, e *env) error {
	reports := generate(1, benchDay, c.reports)
	reg, err := provenance.Default()
	if err != nil {
		return err
	}
	if c.runs < 1 {
		return fmt.Errorf("%w: --runs %d", errUsage, c.runs)
	}
	type times struct{ stored, total, cpu []time.Duration }
	var with, without times
	for i := range 2 * c.runs {
		on := i%2 == 1
		var opts []store.Option
		name, t := fmt.Sprintf("ledger_off_%d", i), &without
		if on {
			name, t = fmt.Sprintf("ledger_on_%d", i), &with
		} else {
			opts = append(opts, store.WithoutLedger())
		}
		s, _, err := c.benchStore(ctx, e, name, opts...)
		if err != nil {
			return err
		}
		start, cpuStart := time.Now(), cpuTime()
		if err := addInChunks(ctx, s, reports); err != nil {
			s.Close()
			return err
		}
		stored := time.Since(start)
		p, _, err := newPipeline(s, reg, e)
		if err != nil {
			s.Close()
			return err
		}
		p.Batch = c.batch
		if _, _, err := p.Drain(ctx); err != nil {
			s.Close()
			return err
		}
		total, cpu := time.Since(start), cpuTime()-cpuStart
		n, err := s.Ledger().Tree(ctx)
		s.Close()
		if err != nil {
			return err
		}
		t.stored, t.total, t.cpu = append(t.stored, stored), append(t.total, total), append(t.cpu, cpu)
		fmt.Fprintf(e.stdout, "run %d, ledger %-3s: stored %d reports in %s; stored, extracted and analysed in %s, %s of CPU (%d ledger records)\n",
			i/2+1, map[bool]string{true: "on", false: "off"}[on], len(reports), stored.Round(time.Millisecond), total.Round(time.Millisecond), cpu.Round(time.Millisecond), n.N)
	}
	med := func(ds []time.Duration) time.Duration {
		ds = slices.Clone(ds)
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	cost := func(off, on time.Duration) float64 { return 100 * (on.Seconds() - off.Seconds()) / off.Seconds() }
	so, sw, to, tw := med(without.stored), med(with.stored), med(without.total), med(with.total)
	fmt.Fprintf(e.stdout, "median of %d runs: storing %s without the ledger, %s with it (%+.1f %%); ingest end to end %s without, %s with (%+.1f %%)\n",
		c.runs, so.Round(time.Millisecond), sw.Round(time.Millisecond), cost(so, sw), to.Round(time.Millisecond), tw.Round(time.Millisecond), cost(to, tw))
	co, cw := med(without.cpu), med(with.cpu)
	fmt.Fprintf(e.stdout, "median CPU time (user+system, this process) of ingest end to end: %s without, %s with (%+.1f %%)\n",
		co.Round(time.Millisecond), cw.Round(time.Millisecond), cost(co, cw))
	return nil
}

// positiveCounts reads a flag's comma-separated list of counts (1 or more).
func positiveCounts(flagName, v string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%w: %s %q", errUsage, flagName, v)
		}
		out = append(out, n)
	}
	return out, nil
}
