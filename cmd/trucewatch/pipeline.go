package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/internal/extract"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/pipeline"
	"github.com/trucewatch/trucewatch/internal/provenance"
	"github.com/trucewatch/trucewatch/internal/store"
)

// newPipeline returns the pipeline over s: the extractor, the gazetteer's
// and the extractor's versions, and the source registry.
func newPipeline(s *store.Store, reg *provenance.Registry, e *env) (*pipeline.Pipeline, *geo.Gazetteer, error) {
	x, g, err := newExtractor()
	if err != nil {
		return nil, nil, err
	}
	return &pipeline.Pipeline{Queue: s, Extractor: x, Registry: reg, Log: e.log, Owner: pipeline.NewOwner(),
		ExtractorVersion: extract.Version(), GazetteerVersion: geo.Version()}, g, nil
}

// openPipeline opens the database --db names and the pipeline over it,
// with the shipped source registry and the file sources names.
func openPipeline(ctx context.Context, e *env, db *dbFlag, sources string) (*store.Store, *pipeline.Pipeline, *geo.Gazetteer, error) {
	s, err := db.open(ctx, e)
	if err != nil {
		return nil, nil, nil, err
	}
	reg, err := loadRegistry(ctx, s, sources)
	if err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	p, g, err := newPipeline(s, reg, e)
	if err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	return s, p, g, nil
}

// drain runs the pipeline until the queue is empty and says what it did.
func drain(ctx context.Context, e *env, p *pipeline.Pipeline) error {
	_, _, err := drainCount(ctx, e, p)
	return err
}

// drainCount is drain, saying how many reports it extracted and analysed.
func drainCount(ctx context.Context, e *env, p *pipeline.Pipeline) (extracted, analysed int, err error) {
	start := time.Now()
	x, a, err := p.Drain(ctx)
	if err != nil {
		return x, a, err
	}
	if x+a > 0 {
		fmt.Fprintf(e.stdout, "extracted %d and analysed %d reports in %s\n", x, a, time.Since(start).Round(time.Millisecond))
	}
	return x, a, nil
}

type workerCmd struct {
	db      dbFlag
	sources string
	once    bool
	batch   int
	poll    time.Duration
	lease   time.Duration
}

func (*workerCmd) name() string { return "worker" }
func (*workerCmd) synopsis() string {
	return "extract and analyse queued reports; any number of workers may share a PostgreSQL database"
}
func (*workerCmd) usage() string { return "[flags]" }

func (c *workerCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.sources, "sources", "", "a source registry file (TSV) to add to the shipped one")
	fs.BoolVar(&c.once, "once", false, "stop when the queue is empty instead of waiting for more")
	fs.IntVar(&c.batch, "batch", 1000, "reports per batch and stage")
	fs.DurationVar(&c.poll, "poll", 2*time.Second, "how often to look for new reports when the queue is empty")
	fs.DurationVar(&c.lease, "lease", time.Minute, "how long a batch is held while it is extracted; a crashed worker's batch is free again after this")
}

func (c *workerCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: worker takes no arguments", errUsage)
	}
	s, p, _, err := openPipeline(ctx, e, &c.db, c.sources)
	if err != nil {
		return err
	}
	defer s.Close()
	p.Batch, p.Lease = c.batch, c.lease
	if c.once {
		return drain(ctx, e, p)
	}
	fmt.Fprintf(e.stdout, "worker %s: waiting for reports (stop with Ctrl-C)\n", p.Owner)
	err = p.Work(ctx, nil, c.poll)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

type statusCmd struct {
	db     dbFlag
	asJSON bool
}

func (*statusCmd) name() string { return "status" }
func (*statusCmd) synopsis() string {
	return "how many reports are stored, queued, analysed and failed, and the versions in use"
}
func (*statusCmd) usage() string { return "[flags]" }

func (c *statusCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.BoolVar(&c.asJSON, "json", false, "print one JSON object")
}

// statusJSON is status --json.
type statusJSON struct {
	Reports   int `json:"reports"`
	Queued    int `json:"queued"` // stored or extracted, not yet analysed
	Stored    int `json:"stored"`
	Extracted int `json:"extracted"`
	Analysed  int `json:"analysed"`
	Failed    int `json:"failed"`
	// OldestQueuedSeconds is the age of the oldest queued report; 0 when
	// none waits.
	OldestQueuedSeconds float64           `json:"oldest_queued_seconds"`
	Failures            map[string]string `json:"failures"`
	Versions            struct {
		Extractor string `json:"extractor"`
		Gazetteer string `json:"gazetteer"`
		// Analysed counts the analysed reports by the versions that made
		// their claims.
		Analysed map[string]int `json:"analysed"`
	} `json:"versions"`
	// After an upgrade: what the store holds that this binary would write
	// otherwise, each with the command that brings it up to date.
	Upgrade struct {
		// OutdatedReports counts the analysed reports whose claims another
		// extractor or gazetteer version made: reanalyse --outdated.
		OutdatedReports int `json:"outdated_reports"`
		// ReasonsInEnglishOnly counts assessments made before reasons were
		// messages: reanalyse --assess.
		ReasonsInEnglishOnly int `json:"reasons_in_english_only"`
		// Agreements are the shipped agreements stored in an older
		// version, as "ID: vN stored, vM shipped": agreements load --known.
		Agreements []string `json:"agreements"`
	} `json:"upgrade"`
}

func (c *statusCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: status takes no arguments", errUsage)
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.PipelineStatus(ctx)
	if err != nil {
		return err
	}
	failures, err := s.Failures(ctx)
	if err != nil {
		return err
	}
	var j statusJSON
	j.Reports, j.Stored, j.Extracted, j.Analysed, j.Failed = st.Reports, st.Stored, st.Extracted, st.Analysed, st.Failed
	j.Queued = st.Stored + st.Extracted
	if !st.OldestQueued.IsZero() {
		j.OldestQueuedSeconds = time.Since(st.OldestQueued).Round(time.Second).Seconds()
	}
	j.Failures = failures
	j.Versions.Extractor, j.Versions.Gazetteer, j.Versions.Analysed = extract.Version(), geo.Version(), st.Versions
	current := store.VersionLabel(j.Versions.Extractor, j.Versions.Gazetteer)
	for v, n := range st.Versions {
		if v != current {
			j.Upgrade.OutdatedReports += n
		}
	}
	if j.Upgrade.ReasonsInEnglishOnly, err = s.AssessmentsInEnglishOnly(ctx); err != nil {
		return err
	}
	if j.Upgrade.Agreements, err = outdatedAgreements(ctx, s); err != nil {
		return err
	}
	if c.asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(j)
	}
	fmt.Fprintf(e.stdout, "%d reports: %d analysed, %d queued (%d to extract, %d to analyse), %d failed\n",
		j.Reports, j.Analysed, j.Queued, j.Stored, j.Extracted, j.Failed)
	if j.Queued > 0 {
		fmt.Fprintf(e.stdout, "the oldest queued report waits since %s (run trucewatch worker, or serve)\n", st.OldestQueued.Format(time.RFC3339))
	}
	fmt.Fprintf(e.stdout, "this binary: extractor %s, gazetteer %s\n", j.Versions.Extractor, j.Versions.Gazetteer)
	for _, v := range slices.Sorted(maps.Keys(st.Versions)) {
		fmt.Fprintf(e.stdout, "analysed with %s: %d reports\n", v, st.Versions[v])
	}
	for _, id := range slices.Sorted(maps.Keys(failures)) {
		fmt.Fprintf(e.stdout, "failed %s: %s\n", id, failures[id])
	}
	if n := j.Upgrade.OutdatedReports; n > 0 {
		fmt.Fprintf(e.stdout, "%d reports were analysed with another extractor or gazetteer (run trucewatch reanalyse --outdated)\n", n)
	}
	if n := j.Upgrade.ReasonsInEnglishOnly; n > 0 {
		fmt.Fprintf(e.stdout, "%d assessments give their reasons in English only, made before reasons were messages (run trucewatch reanalyse --assess)\n", n)
	}
	for _, a := range j.Upgrade.Agreements {
		fmt.Fprintf(e.stdout, "agreement %s (run trucewatch agreements load --known)\n", a)
	}
	return nil
}

// outdatedAgreements are the shipped agreements that the store holds in
// an older version: "ID: vN stored, vM shipped".
func outdatedAgreements(ctx context.Context, s *store.Store) ([]string, error) {
	known, err := agreements.Known()
	if err != nil {
		return nil, err
	}
	stored, err := s.Agreements(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, k := range known {
		for _, a := range stored {
			if a.ID == k.ID && a.Version < k.Version {
				out = append(out, fmt.Sprintf("%s: v%d stored, v%d shipped", a.ID, a.Version, k.Version))
			}
		}
	}
	return out, nil
}

type reanalyseCmd struct {
	db       dbFlag
	sources  string
	outdated bool
	assess   bool
	noWait   bool
}

func (*reanalyseCmd) name() string { return "reanalyse" }
func (*reanalyseCmd) synopsis() string {
	return "extract and analyse every stored report again (after an extractor or gazetteer upgrade), batch by batch"
}
func (*reanalyseCmd) usage() string { return "[flags]" }

func (c *reanalyseCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.sources, "sources", "", "a source registry file (TSV) to add to the shipped one")
	fs.BoolVar(&c.outdated, "outdated", false, "only reports whose claims another extractor or gazetteer version made")
	fs.BoolVar(&c.assess, "assess", false, "keep the claims and only correlate and assess again (after an upgrade that changed how assessments are made or written: reasons as messages came with migration 0019)")
	fs.BoolVar(&c.noWait, "no-wait", false, "queue the reports and return; a worker or a running serve does the work")
}

func (c *reanalyseCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: reanalyse takes no arguments", errUsage)
	}
	s, p, _, err := openPipeline(ctx, e, &c.db, c.sources)
	if err != nil {
		return err
	}
	defer s.Close()
	var n int
	switch {
	case c.assess && c.outdated:
		return fmt.Errorf("%w: --assess keeps every claim; --outdated chooses claims to extract again", errUsage)
	case c.assess:
		n, err = s.RequeueAnalysis(ctx)
	default:
		n, err = s.Requeue(ctx, p.ExtractorVersion, p.GazetteerVersion, c.outdated)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "queued %d reports\n", n)
	if c.noWait {
		return nil
	}
	return drain(ctx, e, p)
}
