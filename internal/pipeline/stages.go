package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/assess"
	"github.com/trucewatch/trucewatch/internal/correlate"
	"github.com/trucewatch/trucewatch/internal/parallel"
	"github.com/trucewatch/trucewatch/internal/provenance"
)

// Queue is what the pipeline's stages need of the database: the reports'
// stages, leases on them, and the analysis batches.
type Queue interface {
	LeaseReports(ctx context.Context, stage trucewatch.Stage, owner string, n int, ttl time.Duration) ([]trucewatch.Report, error)
	SaveExtractions(ctx context.Context, owner string, xs []trucewatch.Extraction) (int, error)
	Analyse(ctx context.Context, n int, fn func(trucewatch.AnalysisBatch) error) (int, error)
	Agreements(ctx context.Context) ([]trucewatch.Agreement, error)
	// DecisionsOnReports returns the analysts' decisions on claims of the
	// reports, in the order made.
	DecisionsOnReports(ctx context.Context, reportIDs []string) ([]trucewatch.Decision, error)
}

// Extractor finds the claims of a report; it must be safe for concurrent
// use (extraction runs on every core).
type Extractor interface {
	Claims(r trucewatch.Report) []trucewatch.Claim
}

// Pipeline moves reports through the stages: a stored report is
// extracted (its claims and text signature stored, with the stage, in one
// transaction), then analysed (its claims join or found incidents, their
// origins are traced and they are assessed, in one transaction). Any
// number of pipelines may work on one database: each leases the reports it
// extracts, and analyses take turns.
type Pipeline struct {
	Queue     Queue
	Extractor Extractor
	Registry  *provenance.Registry
	// Extractor and gazetteer versions, recorded with the claims.
	ExtractorVersion, GazetteerVersion string
	// Batch is how many reports a stage takes at once (default 1000: the
	// analysis of a batch reads the incidents around it once, so larger
	// batches cost less per report; on a crowded day analysis takes more,
	// see analysisBatch);
	// Workers how many extract at once (default GOMAXPROCS); Lease how long
	// a worker holds reports it extracts (default a minute: a batch takes
	// seconds, and a crashed worker's batch waits this long for another).
	Batch, Workers int
	Lease          time.Duration
	// MaxAnalysis caps how many reports one analysis batch takes (default
	// 20 × Batch); see analysisBatch.
	MaxAnalysis int
	// Owner names this worker in leases; New makes one up.
	Owner string
	Log   *slog.Logger

	// bands holds the band keys of the analysed reports in memory, caught
	// up at each batch; made by the first. (A Pipeline runs one stage at a
	// time: Drain and Work are not to be called from two goroutines.)
	bands *provenance.BandIndex
	// neighbourhood is how many claims on record the last analysis batch
	// regrouped with its own.
	neighbourhood int
}

// NewOwner returns a name for a worker that no other has: the host, the
// process and a random part.
func NewOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

func (p *Pipeline) batch() int {
	if p.Batch > 0 {
		return p.Batch
	}
	return 1000
}

// analysisBatch is how many reports the next analysis batch takes: at
// least Batch, and at least as many as the claims on record the last batch
// regrouped, up to MaxAnalysis. A batch regroups the incidents its claims
// join, whole; on a crowded day (a flood of reports about the same strikes)
// those are most of the day, whatever the batch's size. Growing the batch
// with them keeps the claims on record regrouped per report analysed
// about one (the batches grow geometrically), so that a day of N reports
// costs about linear in N, not N² / Batch. The result does not depend on
// the batches (TestIncrementalEqualsFull).
func (p *Pipeline) analysisBatch() int {
	limit := p.MaxAnalysis
	if limit <= 0 {
		limit = 20 * p.batch()
	}
	return max(p.batch(), min(p.neighbourhood, limit))
}

func (p *Pipeline) owner() string {
	if p.Owner == "" {
		p.Owner = NewOwner()
	}
	return p.Owner
}

func (p *Pipeline) log() *slog.Logger {
	if p.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Log
}

// Drain works until no report waits in a stage this pipeline can take:
// every report stored before it returns is analysed or failed (unless
// another worker holds it). It returns how many reports it extracted and
// analysed.
//
// The stages take turns rather than overlap: extraction already uses every
// core, and on SQLite two transactions that always overlap keep the
// write-ahead log from ever being checkpointed (measured: it grew to 3 GB
// in a few minutes of bulk work, for no gain in speed).
//
// When the next analysis batch is larger than an extraction batch (a
// crowded day, see analysisBatch), extraction goes on until it has
// extracted as many, or the queue of stored reports is empty.
func (p *Pipeline) Drain(ctx context.Context) (extracted, analysed int, err error) {
	waiting := 0 // extracted since the last analysis
	for {
		x, err := p.Extract(ctx)
		if err != nil {
			return extracted, analysed, err
		}
		extracted += x
		waiting += x
		if x > 0 && waiting < p.analysisBatch() {
			continue
		}
		a, err := p.Analyse(ctx)
		if err != nil {
			return extracted, analysed, err
		}
		analysed += a
		waiting = 0
		if x == 0 && a == 0 {
			return extracted, analysed, nil
		}
	}
}

// Work drains the queue, then waits for wake, for poll to pass, or for
// ctx to end, and drains again, until ctx ends. An error (the database
// restarting, say) is logged and the work tried again after a pause.
func (p *Pipeline) Work(ctx context.Context, wake <-chan struct{}, poll time.Duration) error {
	pause := time.Second
	for {
		_, _, err := p.Drain(ctx)
		wait := poll
		if err != nil && ctx.Err() == nil {
			p.log().Warn("pipeline: will try again", "err", err, "in", pause)
			wait, pause = pause, min(2*pause, time.Minute)
		} else {
			pause = time.Second
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		case <-time.After(wait):
		}
	}
}

// Extract takes one batch of stored reports, extracts them on every core
// and stores their claims. It returns how many it stored.
func (p *Pipeline) Extract(ctx context.Context) (int, error) {
	lease := p.Lease
	if lease <= 0 {
		lease = time.Minute
	}
	reports, err := p.Queue.LeaseReports(ctx, trucewatch.StageStored, p.owner(), p.batch(), lease)
	if err != nil || len(reports) == 0 {
		return 0, err
	}
	ids := make([]string, len(reports))
	for i, r := range reports {
		ids[i] = r.ID
	}
	ds, err := p.Queue.DecisionsOnReports(ctx, ids)
	if err != nil {
		return 0, fmt.Errorf("extract: %w", err)
	}
	xs := parallel.Map(p.Workers, reports, p.extractOne)
	// An analyst's decisions are applied to the claims they name, each time
	// the claims are extracted: a claim keeps its decisions whatever
	// extraction made it (docs/review.md).
	byReport := map[string][]trucewatch.Decision{}
	for _, d := range ds {
		for _, id := range d.ReportIDs() {
			byReport[id] = append(byReport[id], d)
		}
	}
	for i := range xs {
		if on := byReport[xs[i].ReportID]; len(on) > 0 && xs[i].Failure == "" {
			xs[i].Claims = trucewatch.ApplyDecisions(xs[i].Claims, on)
		}
	}
	n, err := p.Queue.SaveExtractions(ctx, p.owner(), xs)
	if err != nil {
		return 0, fmt.Errorf("extract: %w", err)
	}
	return n, nil
}

// extractOne extracts one report. A report that makes the extractor panic
// or yields an invalid claim fails, with the reason; the batch goes on.
func (p *Pipeline) extractOne(r trucewatch.Report) (x trucewatch.Extraction) {
	x = trucewatch.Extraction{ReportID: r.ID, Extractor: p.ExtractorVersion, Gazetteer: p.GazetteerVersion}
	defer func() {
		if v := recover(); v != nil {
			x.Claims, x.Failure = nil, fmt.Sprintf("extraction panicked: %v", v)
			p.log().Error("extraction panicked", "report", r.ID, "panic", v, "stack", string(debug.Stack()))
		}
	}()
	claims := p.Extractor.Claims(r)
	for _, c := range claims {
		if err := c.Validate(); err != nil {
			x.Failure = err.Error()
			return x
		}
	}
	x.Claims = claims
	sig, _ := provenance.Sign(r.Text).MarshalBinary()
	x.Signature = sig
	return x
}

// Analyse analyses one batch of extracted reports and returns its size.
func (p *Pipeline) Analyse(ctx context.Context) (int, error) {
	agreements, err := p.Queue.Agreements(ctx)
	if err != nil {
		return 0, fmt.Errorf("analyse: %w", err)
	}
	if p.bands == nil {
		p.bands = provenance.NewBandIndex()
	}
	return p.Queue.Analyse(ctx, p.analysisBatch(), func(b trucewatch.AnalysisBatch) error {
		keys, err := b.BandKeysSince(p.bands.Generation())
		if err != nil {
			return err
		}
		for _, k := range keys {
			p.bands.Add(k)
		}
		ch, added, err := analyseBatch(ctx, b, p.bands, p.Registry, agreements)
		if err != nil {
			return err
		}
		if err := b.Write(ch); err != nil {
			return err
		}
		regrouped := 0
		for _, inc := range ch.Incidents {
			regrouped += len(inc.ClaimIDs)
		}
		p.neighbourhood = max(0, regrouped-added)
		return nil
	})
}

// analyseBatch computes what one batch changes: the copy families its
// reports join, the incidents its claims join or found (and those that
// retired claims leave), and the origins and assessments of every
// incident that changed. It reads only the neighbourhood of the batch, so
// its cost grows with the batch and the incidents it joins, not with the
// record; the result is what Run computes over the whole record. It also
// returns how many incident claims the batch adds.
func analyseBatch(ctx context.Context, b trucewatch.AnalysisBatch, bands *provenance.BandIndex, reg *provenance.Registry, agreements []trucewatch.Agreement) (trucewatch.AnalysisChange, int, error) {
	var ch trucewatch.AnalysisChange
	batch := b.Batch()
	inBatch := map[string]bool{}
	for _, id := range batch {
		inBatch[id] = true
	}

	// Families of copies.
	recs, err := b.CopyRecords(batch)
	if err != nil {
		return ch, 0, err
	}
	members, err := toMembers(recs)
	if err != nil {
		return ch, 0, err
	}
	ch.Firsts, err = provenance.UpdateFamilies(ctx, familySource{b, bands}, members)
	if err != nil {
		return ch, 0, err
	}
	for _, m := range members {
		if k := provenance.Keys(m.ID, m.Sig); len(k.Bands) > 0 {
			ch.Keys = append(ch.Keys, k)
		}
	}

	// Incidents.
	claims, err := b.BatchClaims()
	if err != nil {
		return ch, 0, err
	}
	retired, err := b.Retired()
	if err != nil {
		return ch, 0, err
	}
	var added []trucewatch.Claim
	for _, c := range claims {
		if c.Incident != nil {
			added = append(added, c)
		}
	}
	removed := make([]string, len(retired))
	for i, r := range retired {
		removed[i] = r.Claim.ID
	}
	src := &claimSource{b: b, of: map[string][]trucewatch.ClaimOnRecord{}, near: map[string][]trucewatch.ClaimOnRecord{}}
	change, err := correlate.Update(ctx, src, added, removed)
	if err != nil {
		return ch, 0, err
	}
	ch.Removed, ch.Incidents = change.Removed, change.Incidents

	// Incidents whose claims' reports changed family keep their claims,
	// but their origins change: they are rebuilt too.
	var moved []string
	for id := range ch.Firsts {
		if !inBatch[id] {
			moved = append(moved, id)
		}
	}
	if len(moved) > 0 {
		slices.Sort(moved)
		ids, err := b.IncidentsOfReports(moved)
		if err != nil {
			return ch, 0, err
		}
		gone := map[string]bool{}
		for _, id := range ch.Removed {
			gone[id] = true
		}
		var keep []string
		for _, id := range ids {
			if !gone[id] {
				keep = append(keep, id)
			}
		}
		if len(keep) > 0 {
			on, err := src.claimsOf(keep)
			if err != nil {
				return ch, 0, err
			}
			var cs []trucewatch.Claim
			for _, c := range on {
				cs = append(cs, c.Claim)
			}
			ch.Removed = append(ch.Removed, keep...)
			ch.Incidents = append(ch.Incidents, correlate.Group(cs)...)
		}
	}

	// The claims of the changed incidents, their reports, and the origins;
	// the claims whose incident changed.
	byID := map[string]trucewatch.Claim{}
	was := map[string]string{} // claim → incident on record
	for _, c := range added {
		byID[c.ID] = c
	}
	old, err := src.claimsOf(ch.Removed)
	if err != nil {
		return ch, 0, err
	}
	for _, c := range old {
		was[c.Claim.ID] = c.IncidentID
		if _, ok := byID[c.Claim.ID]; !ok {
			byID[c.Claim.ID] = c.Claim
		}
	}
	ch.Claims = map[string]string{}
	for _, inc := range ch.Incidents {
		for _, id := range inc.ClaimIDs {
			if was[id] != inc.ID {
				ch.Claims[id] = inc.ID
			}
			delete(was, id)
		}
	}
	for id := range was {
		ch.Claims[id] = "" // in an incident removed, in none now
	}
	reportIDs := map[string]bool{}
	for _, inc := range ch.Incidents {
		for _, id := range inc.ClaimIDs {
			c, ok := byID[id]
			if !ok {
				return ch, 0, fmt.Errorf("analyse: incident %s names claim %s, which is not on record", inc.ID, id)
			}
			reportIDs[c.ReportID] = true
		}
	}
	tracer, err := tracerFor(b, reg, slices.Sorted(maps.Keys(reportIDs)), ch.Firsts)
	if err != nil {
		return ch, 0, err
	}
	evidence := make([]assess.Evidence, len(ch.Incidents))
	for i, inc := range ch.Incidents {
		evidence[i] = evidenceOf(inc, byID, tracer)
		ch.Incidents[i] = evidence[i].Incident
	}
	ch.Assessments = assess.Assess(evidence, agreements)
	return ch, len(added), nil
}

// tracerFor builds a tracer over the reports named and the first reports
// of their families, as the batch leaves them (firsts overrides what is
// stored).
func tracerFor(b trucewatch.AnalysisBatch, reg *provenance.Registry, reportIDs []string, firsts map[string]string) (provenance.Tracer, error) {
	t := provenance.Tracer{Registry: reg, Reports: map[string]trucewatch.Report{}, CopyOf: map[string]string{}}
	heads, err := b.ReportHeads(reportIDs)
	if err != nil {
		return t, err
	}
	need := map[string]bool{}
	for id, h := range heads {
		first := h.First
		if f, ok := firsts[id]; ok {
			first = f
		}
		if first != "" {
			t.CopyOf[id] = first
			if _, ok := heads[first]; !ok {
				need[first] = true
			}
		}
	}
	if len(need) > 0 {
		more, err := b.ReportHeads(slices.Sorted(maps.Keys(need)))
		if err != nil {
			return t, err
		}
		maps.Copy(heads, more)
	}
	for id, h := range heads {
		t.Reports[id] = trucewatch.Report{ID: id, Outlet: h.Outlet, Text: h.Head}
	}
	return t, nil
}

func toMembers(recs []trucewatch.CopyRecord) ([]provenance.Member, error) {
	out := make([]provenance.Member, len(recs))
	for i, r := range recs {
		out[i] = provenance.Member{ID: r.ReportID, Published: r.Published, First: r.First}
		if len(r.Signature) == 0 {
			continue // no text to sign: no copies
		}
		if err := out[i].Sig.UnmarshalBinary(r.Signature); err != nil {
			return nil, fmt.Errorf("report %s: %w", trucewatch.ShortID(r.ReportID), err)
		}
	}
	return out, nil
}

// familySource reads copy records through an analysis batch, finding
// the candidates for copies in the band index.
type familySource struct {
	b     trucewatch.AnalysisBatch
	bands *provenance.BandIndex
}

func (f familySource) Candidates(_ context.Context, added []provenance.Member) ([]provenance.Member, error) {
	ids := map[string]bool{}
	for _, m := range added {
		for _, id := range f.bands.Candidates(m.Sig) {
			ids[id] = true
		}
	}
	recs, err := f.b.CopyRecords(slices.Sorted(maps.Keys(ids)))
	if err != nil {
		return nil, err
	}
	return toMembers(recs)
}

func (f familySource) FamilyMembers(_ context.Context, firsts []string) ([]provenance.Member, error) {
	recs, err := f.b.FamilyMembers(firsts)
	if err != nil {
		return nil, err
	}
	return toMembers(recs)
}

// claimSource reads claims on record through an analysis batch, and
// keeps the claims of the incidents it read: the batch needs them again.
// The claims near the batch are kept by incident too: an incident that
// lies whole among them (as many as it holds on record, ClaimCounts) is
// not read again. On a crowded day the incidents the batch regroups are
// nearly all of the day, read once rather than twice.
type claimSource struct {
	b    trucewatch.AnalysisBatch
	of   map[string][]trucewatch.ClaimOnRecord // by incident: all its claims
	near map[string][]trucewatch.ClaimOnRecord // by incident: those ClaimsNear read
}

func (c *claimSource) ClaimsNear(_ context.Context, target trucewatch.Target, country trucewatch.Party, from, to trucewatch.Date) ([]correlate.Stored, error) {
	on, err := c.b.ClaimsNear(target, country, from, to)
	// correlate.Update reads each target and country once, its days
	// merged into disjoint ranges: no claim comes twice.
	for _, x := range on {
		c.near[x.IncidentID] = append(c.near[x.IncidentID], x)
	}
	return stored(on), err
}

func (c *claimSource) ClaimsOf(_ context.Context, incidentIDs []string) ([]correlate.Stored, error) {
	on, err := c.claimsOf(incidentIDs)
	return stored(on), err
}

// claimsOf returns the claims of the incidents, reading those it has not
// read before.
func (c *claimSource) claimsOf(incidentIDs []string) ([]trucewatch.ClaimOnRecord, error) {
	var missing, partly []string
	for _, id := range incidentIDs {
		if _, ok := c.of[id]; ok {
			continue
		}
		if len(c.near[id]) > 0 {
			partly = append(partly, id)
		} else {
			missing = append(missing, id)
		}
		c.of[id] = nil
	}
	if len(partly) > 0 {
		counts, err := c.b.ClaimCounts(partly)
		if err != nil {
			return nil, err
		}
		for _, id := range partly {
			if counts[id] == len(c.near[id]) {
				c.of[id] = c.near[id]
			} else {
				missing = append(missing, id)
			}
		}
	}
	if len(missing) > 0 {
		on, err := c.b.ClaimsOf(missing)
		if err != nil {
			return nil, err
		}
		for _, x := range on {
			c.of[x.IncidentID] = append(c.of[x.IncidentID], x)
		}
	}
	var out []trucewatch.ClaimOnRecord
	for _, id := range incidentIDs {
		out = append(out, c.of[id]...)
	}
	return out, nil
}

func (c *claimSource) ClaimsByID(_ context.Context, ids []string) ([]correlate.Stored, error) {
	on, err := c.b.ClaimsByID(ids)
	return stored(on), err
}

func (c *claimSource) ClaimsMerged(_ context.Context, labels []string) ([]correlate.Stored, error) {
	on, err := c.b.ClaimsMerged(labels)
	return stored(on), err
}

func stored(on []trucewatch.ClaimOnRecord) []correlate.Stored {
	out := make([]correlate.Stored, len(on))
	for i, c := range on {
		out[i] = correlate.Stored{Claim: c.Claim, IncidentID: c.IncidentID}
	}
	return out
}
