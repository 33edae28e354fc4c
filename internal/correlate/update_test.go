package correlate

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
)

var seedFlag = flag.Uint64("seed", 0, "seed of TestUpdateEqualsGroup's first run (0: from the clock)")

// memRecord is a record in memory, the Source of the tests, indexed as a
// database would be: claims by target, country and day, by incident and by
// ID. It counts the calls and the claims it returns. Map order makes the
// order of what it returns random.
type memRecord struct {
	claims     map[string]Stored
	byDay      map[dayKey]map[string]bool
	byIncident map[string]map[string]bool
	incidents  map[string]trucewatch.Incident

	calls, read int
}

func newMemRecord() *memRecord {
	return &memRecord{
		claims:     map[string]Stored{},
		byDay:      map[dayKey]map[string]bool{},
		byIncident: map[string]map[string]bool{},
		incidents:  map[string]trucewatch.Incident{},
	}
}

func (r *memRecord) ClaimsNear(_ context.Context, target trucewatch.Target, country trucewatch.Party, from, to trucewatch.Date) ([]Stored, error) {
	r.calls++
	var out []Stored
	for d := from.Sub(epoch); d <= to.Sub(epoch); d++ {
		for id := range r.byDay[dayKey{target, country, d}] {
			out = append(out, r.claims[id])
		}
	}
	r.read += len(out)
	return out, nil
}

func (r *memRecord) ClaimsOf(_ context.Context, incidentIDs []string) ([]Stored, error) {
	r.calls++
	var out []Stored
	for _, inc := range incidentIDs {
		for id := range r.byIncident[inc] {
			out = append(out, r.claims[id])
		}
	}
	r.read += len(out)
	return out, nil
}

func (r *memRecord) ClaimsByID(_ context.Context, ids []string) ([]Stored, error) {
	r.calls++
	var out []Stored
	for _, id := range ids {
		if s, ok := r.claims[id]; ok {
			out = append(out, s)
		}
	}
	r.read += len(out)
	return out, nil
}

func (r *memRecord) ClaimsMerged(_ context.Context, labels []string) ([]Stored, error) {
	r.calls++
	var out []Stored
	for _, s := range r.claims {
		if s.IncidentID != "" && s.Claim.MergeLabel() != "" && slices.Contains(labels, s.Claim.MergeLabel()) {
			out = append(out, s)
		}
	}
	r.read += len(out)
	return out, nil
}

// dayOf is where a claim is indexed by day, if it is.
func dayOf(c trucewatch.Claim) (dayKey, bool) {
	if c.Incident == nil || c.Incident.Date.IsZero() {
		return dayKey{}, false
	}
	return dayKey{c.Incident.Target, c.Incident.Place.Country, c.Incident.Date.Sub(epoch)}, true
}

func (r *memRecord) insert(c trucewatch.Claim) {
	r.claims[c.ID] = Stored{Claim: c}
	if k, ok := dayOf(c); ok {
		if r.byDay[k] == nil {
			r.byDay[k] = map[string]bool{}
		}
		r.byDay[k][c.ID] = true
	}
}

func (r *memRecord) remove(id string) {
	s, ok := r.claims[id]
	if !ok {
		return
	}
	if k, ok := dayOf(s.Claim); ok {
		delete(r.byDay[k], id)
	}
	r.setIncident(id, "")
	delete(r.claims, id)
}

func (r *memRecord) setIncident(id, inc string) {
	s := r.claims[id]
	if s.IncidentID != "" {
		delete(r.byIncident[s.IncidentID], id)
		if len(r.byIncident[s.IncidentID]) == 0 {
			delete(r.byIncident, s.IncidentID)
		}
	}
	s.IncidentID = inc
	r.claims[id] = s
	if inc != "" {
		if r.byIncident[inc] == nil {
			r.byIncident[inc] = map[string]bool{}
		}
		r.byIncident[inc][id] = true
	}
}

// apply stores the claims as the caller of Update does, and the change.
func (r *memRecord) apply(t testing.TB, added []trucewatch.Claim, removed []string, ch Change) {
	t.Helper()
	for _, id := range removed {
		r.remove(id)
	}
	for _, c := range added {
		r.remove(c.ID)
		r.insert(c)
	}
	for _, id := range ch.Removed {
		delete(r.incidents, id)
	}
	for _, inc := range ch.Incidents {
		if _, ok := r.incidents[inc.ID]; ok {
			t.Fatalf("new incident %s is on record and not removed", inc.ID)
		}
		r.incidents[inc.ID] = inc
		for _, id := range inc.ClaimIDs {
			if _, ok := r.claims[id]; !ok {
				t.Fatalf("incident %s holds claim %s, which is not on record", inc.ID, id)
			}
			r.setIncident(id, inc.ID)
		}
	}
}

// list returns the claims on record, in random order.
func (r *memRecord) list() []trucewatch.Claim {
	out := make([]trucewatch.Claim, 0, len(r.claims))
	for _, s := range r.claims {
		out = append(out, s.Claim)
	}
	return out
}

// check reports where the record's incidents differ from Group over its
// claims, and claims whose incident does not hold them.
func (r *memRecord) check() error {
	want := Group(r.list())
	slices.SortFunc(want, func(a, b trucewatch.Incident) int { return cmp.Compare(a.ID, b.ID) })
	got := slices.SortedFunc(maps.Values(r.incidents), func(a, b trucewatch.Incident) int { return cmp.Compare(a.ID, b.ID) })
	if !slices.EqualFunc(got, want, func(a, b trucewatch.Incident) bool { return reflect.DeepEqual(a, b) }) {
		return fmt.Errorf("record incidents differ from Group:\n got %s\nwant %s", summary(got), summary(want))
	}
	for id, s := range r.claims {
		_, dated := dayOf(s.Claim)
		inc, ok := r.incidents[s.IncidentID]
		switch {
		case !dated && s.IncidentID != "":
			return fmt.Errorf("claim %s without a date is in incident %s", id, s.IncidentID)
		case dated && (!ok || !slices.Contains(inc.ClaimIDs, id)):
			return fmt.Errorf("claim %s is in incident %q, which does not hold it", id, s.IncidentID)
		}
	}
	return nil
}

func summary(incs []trucewatch.Incident) string {
	var b strings.Builder
	for _, inc := range incs {
		fmt.Fprintf(&b, "\n  %s %s %s..%s %s %v", inc.ID, inc.Target, inc.From, inc.To, inc.Place.ID, inc.ClaimIDs)
	}
	return b.String()
}

// genPlaces are the places of the random claims: towns closer than 25 km
// (a chain: t1 is near Sumy and t2, Sumy and t2 are not), on both sides of
// a grid line, far apart, without a point or a unit; the oblasts of some;
// a country.
var genPlaces = []trucewatch.Place{
	sumy,
	{ID: "gn:t1", Name: "T1", Admin1: "UA-59", Country: "UA", Precision: "settlement", Lat: 50.95, Lon: 34.95}, // 11 km from Sumy
	{ID: "gn:t2", Name: "T2", Admin1: "UA-59", Country: "UA", Precision: "settlement", Lat: 50.96, Lon: 35.22}, // 19 km from t1, 30 from Sumy
	{ID: "gn:t3", Name: "T3", Admin1: "UA-59", Country: "UA", Precision: "settlement", Lat: 50.92, Lon: 34.74}, // 4 km from Sumy, the next cell west
	{ID: "tw:nopoint", Name: "No point", Admin1: "UA-59", Country: "UA", Precision: "settlement"},              // no coordinates
	krasnopillia, // 37 km from Sumy
	sumyOblast,
	{ID: "gn:kharkiv", Name: "Kharkiv", Admin1: "UA-63", Country: "UA", Precision: "settlement", Lat: 49.99, Lon: 36.23},
	{ID: "adm1:UA-63", Name: "Kharkiv", Admin1: "UA-63", Country: "UA", Precision: "admin1", Lat: 49.6, Lon: 36.5},
	sudzha, sudzhaGMS,
	{ID: "adm1:RU-KRS", Name: "Kursk", Admin1: "RU-KRS", Country: "RU", Precision: "admin1", Lat: 51.7, Lon: 36.2},
	{ID: "gn:noadm", Name: "No unit", Country: "RU", Precision: "settlement", Lat: 51.3, Lon: 35.4}, // 12 km from Sudzha, no Admin1
	ukraine,
}

// gen makes random claims over ten days.
type gen struct {
	rng    *rand.Rand
	serial int
}

// id returns a new claim ID whose order is not the order of making.
func (g *gen) id() string {
	g.serial++
	return fmt.Sprintf("k%02d-%d", g.rng.IntN(100), g.serial)
}

func (g *gen) claim(id string) trucewatch.Claim {
	rng := g.rng
	if rng.IntN(40) == 0 {
		return trucewatch.Claim{ID: id, ReportID: "r", Kind: trucewatch.ClaimExchange, Exchange: &trucewatch.ExchangeClaim{}}
	}
	targets := []trucewatch.Target{"energy", "medical", "transport"}
	parties := []trucewatch.Party{"RU", "UA", trucewatch.PartyUnknown}
	details := []string{"", "", "hospital", "substation"}
	c := claim(id, fmt.Sprintf("r%d", rng.IntN(20)), genPlaces[rng.IntN(len(genPlaces))], rng.IntN(10),
		targets[rng.IntN(len(targets))], parties[rng.IntN(len(parties))], "UA")
	c.Incident.Denial = rng.IntN(6) == 0
	c.Incident.TargetDetail = details[rng.IntN(len(details))]
	if rng.IntN(20) == 0 {
		c.Incident.Date = trucewatch.Date{}
	}
	// Analysts' merges and splits: a few labels, shared by claims of any
	// day and place.
	switch rng.IntN(10) {
	case 0:
		c.Review = &trucewatch.ClaimReview{Merged: fmt.Sprintf("m%d", rng.IntN(3))}
	case 1, 2:
		c.Review = &trucewatch.ClaimReview{Split: fmt.Sprintf("s%d.%d", rng.IntN(2), rng.IntN(2))}
	}
	return c
}

func TestUpdateEqualsGroup(t *testing.T) {
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	runs := 300
	if testing.Short() {
		runs = 30
	}
	t.Logf("seed %d: go test -run TestUpdateEqualsGroup ./internal/correlate -seed %d replays", seed, seed)
	var batches, incidents, multi, oblastJoined int
	for run := range runs {
		runSeed := seed + uint64(run)
		g := &gen{rng: rand.New(rand.NewPCG(runSeed, 1))}
		rng := g.rng
		rec := newMemRecord()
		for step := range 5 + rng.IntN(20) {
			var added []trucewatch.Claim
			var removed []string
			onRecord := slices.Sorted(maps.Keys(rec.claims))
			if len(onRecord) > 0 && rng.IntN(3) == 0 {
				for range 1 + rng.IntN(3) {
					id := onRecord[rng.IntN(len(onRecord))]
					if slices.Contains(removed, id) {
						continue
					}
					removed = append(removed, id)
					if rng.IntN(2) == 0 { // the report extracted again: the same claim ID, told otherwise
						added = append(added, g.claim(id))
					}
				}
			}
			if rng.IntN(10) == 0 {
				removed = append(removed, "not-on-record")
			}
			if len(onRecord) > 0 && rng.IntN(10) == 0 { // an added claim replaces the one on record
				id := onRecord[rng.IntN(len(onRecord))]
				if !slices.Contains(removed, id) {
					added = append(added, g.claim(id))
				}
			}
			for range rng.IntN(7) {
				added = append(added, g.claim(g.id()))
			}
			rng.Shuffle(len(added), func(i, j int) { added[i], added[j] = added[j], added[i] })

			ch, err := Update(t.Context(), rec, added, removed)
			if err != nil {
				t.Fatalf("seed %d, step %d: %v", runSeed, step, err)
			}
			rec.apply(t, added, removed, ch)
			if err := rec.check(); err != nil {
				t.Fatalf("seed %d, step %d (added %d, removed %v): %v", runSeed, step, len(added), removed, err)
			}
			batches++
		}
		for _, inc := range rec.incidents {
			incidents++
			if len(inc.ClaimIDs) > 1 {
				multi++
			}
			var obl, town bool
			for _, id := range inc.ClaimIDs {
				p := rec.claims[id].Claim.Incident.Place.Precision
				obl = obl || p == trucewatch.PlaceAdmin1
				town = town || p == trucewatch.PlaceSettlement
			}
			if obl && town {
				oblastJoined++
			}
		}
	}
	t.Logf("%d runs, %d batches; final records: %d incidents, %d of several claims, %d joining an oblast and a town",
		runs, batches, incidents, multi, oblastJoined)
	if multi == 0 || oblastJoined == 0 {
		t.Errorf("the random claims never make incidents of several claims (%d) or join an oblast to a town (%d)", multi, oblastJoined)
	}
}

func TestUpdateErrors(t *testing.T) {
	rec := newMemRecord()
	c := claim("a", "r1", sumy, 1, "energy", "RU", "UA")
	if _, err := Update(t.Context(), rec, []trucewatch.Claim{c, c}, nil); err == nil {
		t.Error("a claim added twice: no error")
	}
	rec.insert(c) // dated, but in no incident
	if _, err := Update(t.Context(), rec, []trucewatch.Claim{claim("b", "r2", sumy, 1, "energy", "RU", "UA")}, nil); err == nil {
		t.Error("a dated claim on record without incident: no error")
	}
	ch, err := Update(t.Context(), newMemRecord(), nil, []string{"x"})
	if err != nil || len(ch.Removed) != 0 || len(ch.Incidents) != 0 {
		t.Errorf("removing a claim not on record = %+v, %v; want no change", ch, err)
	}
}

// spread makes n claims over a year, across Ukraine and western Russia:
// incidents told one to five times, one claim in twenty at oblast level.
func spread(rng *rand.Rand, n int, prefix string) []trucewatch.Claim {
	targets := []trucewatch.Target{"energy", "medical", "transport", "residential", "military", "port", "industrial", "unknown"}
	out := make([]trucewatch.Claim, 0, n)
	for i := 0; len(out) < n; i++ {
		p := randomTown(rng, fmt.Sprintf("gn:%s%d", prefix, i))
		day := rng.IntN(365)
		target := targets[rng.IntN(len(targets))]
		for k := 1 + rng.IntN(5); k > 0 && len(out) < n; k-- {
			q := p
			if rng.IntN(20) == 0 {
				q = trucewatch.Place{ID: "adm1:" + p.Admin1, Admin1: p.Admin1, Country: p.Country, Precision: "admin1"}
			}
			out = append(out, claim(fmt.Sprintf("%s%d-%d", prefix, i, k), fmt.Sprintf("r%d", rng.IntN(n)), q, day+rng.IntN(2), target, "RU", "UA"))
		}
	}
	return out
}

func randomTown(rng *rand.Rand, id string) trucewatch.Place {
	lat, lon := 44+rng.Float64()*12, 22+rng.Float64()*20
	country := trucewatch.Party("UA")
	if lon > 36 {
		country = "RU"
	}
	admin1 := fmt.Sprintf("%s-%02d%02d", country, int(lat)/2, int(lon)/3) // units of 2° by 3°
	return trucewatch.Place{ID: id, Country: country, Admin1: admin1, Precision: "settlement", Lat: lat, Lon: lon}
}

// recordOf returns a record holding the claims, grouped.
func recordOf(t testing.TB, claims []trucewatch.Claim) *memRecord {
	rec := newMemRecord()
	rec.apply(t, claims, nil, Change{Incidents: Group(claims)})
	return rec
}

// TestUpdateNeighbourhood: a change to a record of 10,000 claims reads a
// few dozen of them.
func TestUpdateNeighbourhood(t *testing.T) {
	const n = 10_000
	rng := rand.New(rand.NewPCG(3, 5))
	rec := recordOf(t, spread(rng, n, "c"))
	onRecord := slices.Sorted(maps.Keys(rec.claims))
	some := rec.claims[onRecord[rng.IntN(len(onRecord))]].Claim
	town := some
	town.ID, town.Incident = "new-town", new(*some.Incident)
	oblast := claim("new-oblast", "r", trucewatch.Place{ID: "adm1:" + some.Incident.Place.Admin1, Admin1: some.Incident.Place.Admin1,
		Country: some.Incident.Place.Country, Precision: "admin1"}, 0, some.Incident.Target, "RU", "UA")
	oblast.Incident.Date = some.Incident.Date
	tests := []struct {
		name    string
		added   []trucewatch.Claim
		removed []string
	}{
		{"a town", []trucewatch.Claim{town}, nil},
		{"an oblast", []trucewatch.Claim{oblast}, nil},
		{"a new place", spread(rng, 1, "n"), nil},
		{"a claim removed", nil, []string{onRecord[rng.IntN(len(onRecord))]}},
		{"a report extracted again", []trucewatch.Claim{town}, []string{"new-town", oblast.ID}},
	}
	for _, tt := range tests {
		rec.calls, rec.read = 0, 0
		ch, err := Update(t.Context(), rec, tt.added, tt.removed)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		t.Logf("%s: %d calls read %d of %d claims; %d incidents out, %d in", tt.name, rec.calls, rec.read, len(rec.claims), len(ch.Removed), len(ch.Incidents))
		if rec.read > len(rec.claims)/200 {
			t.Errorf("%s: read %d claims of %d", tt.name, rec.read, len(rec.claims))
		}
		rec.apply(t, tt.added, tt.removed, ch)
		if err := rec.check(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
	}
}

// BenchmarkUpdate adds batches of 100 claims to a record of 100,000: half
// of them tell incidents on record again, half are new.
//
//	go test -run '^$' -bench Update ./internal/correlate
func BenchmarkUpdate(b *testing.B) {
	const n, batch = 100_000, 100
	rng := rand.New(rand.NewPCG(7, 11))
	rec := recordOf(b, spread(rng, n, "c"))
	onRecord := slices.Sorted(maps.Keys(rec.claims))
	rec.calls, rec.read = 0, 0
	var changed int
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		added := spread(rng, batch/2, fmt.Sprintf("b%d-", i))
		for k := range batch / 2 {
			c := rec.claims[onRecord[rng.IntN(len(onRecord))]].Claim
			c.ID, c.ReportID, c.Incident = fmt.Sprintf("b%d-again%d", i, k), "new", new(*c.Incident)
			added = append(added, c)
		}
		b.StartTimer()
		ch, err := Update(b.Context(), rec, added, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		changed += len(ch.Removed)
		rec.apply(b, added, nil, ch)
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(rec.read)/float64(b.N), "claims-read/op")
	b.ReportMetric(float64(rec.calls)/float64(b.N), "queries/op")
	b.ReportMetric(float64(changed)/float64(b.N), "incidents-replaced/op")
	b.ReportMetric(float64(len(rec.claims)), "claims-at-end")
}
