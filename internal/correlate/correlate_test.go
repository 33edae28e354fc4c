package correlate

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
)

func claim(id, report string, p trucewatch.Place, day int, target trucewatch.Target, perp trucewatch.Party, claimant trucewatch.Claimant) trucewatch.Claim {
	return trucewatch.Claim{ID: id, ReportID: report, Kind: trucewatch.ClaimIncident, Incident: &trucewatch.IncidentClaim{
		Date: trucewatch.Date{Year: 2025, Month: 2, Day: 28}.AddDays(day), DatePrecision: trucewatch.DateDay, Place: p,
		Target: target, Perpetrator: perp, Claimant: claimant, Weapon: trucewatch.WeaponUnknown}}
}

var (
	sumy         = trucewatch.Place{ID: "gn:692194", Name: "Sumy", Admin1: "UA-59", Country: "UA", Precision: "settlement", Lat: 50.9216, Lon: 34.8003}
	sumyOblast   = trucewatch.Place{ID: "adm1:UA-59", Name: "Sumy", Admin1: "UA-59", Country: "UA", Precision: "admin1", Lat: 50.8, Lon: 34.3}
	krasnopillia = trucewatch.Place{ID: "gn:704343", Name: "Krasnopillia", Admin1: "UA-59", Country: "UA", Precision: "settlement", Lat: 50.7746, Lon: 35.2597}
	sudzhaGMS    = trucewatch.Place{ID: "tw:sudzha-gms", Name: "Sudzha gas metering station", Admin1: "RU-KRS", Country: "RU", Precision: "settlement", Lat: 51.196, Lon: 35.256}
	sudzha       = trucewatch.Place{ID: "gn:486816", Name: "Sudzha", Admin1: "RU-KRS", Country: "RU", Precision: "settlement", Lat: 51.1976, Lon: 35.2726}
	ukraine      = trucewatch.Place{ID: "country:UA", Name: "Ukraine", Country: "UA", Precision: "country", Lat: 49, Lon: 31.4}
)

func TestGroup(t *testing.T) {
	claims := []trucewatch.Claim{
		claim("a1", "r1", sumy, 19, "medical", "RU", "UA"),
		claim("a2", "r2", sumy, 19, "medical", "RU", "media"),
		claim("a3", "r3", sumy, 20, "medical", "RU", "media"),                                            // a day later: another incident
		claim("a4", "r4", sumyOblast, 19, "medical", "RU", "UA"),                                         // the oblast: joins the town
		claim("b1", "r1", krasnopillia, 19, "medical", "RU", "UA"),                                       // 37 km from Sumy: another incident
		claim("c1", "r5", sudzhaGMS, 21, "energy", "UA", "RU"),                                           // claim
		claim("c2", "r6", sudzha, 21, "energy", "RU", "UA"),                                              // counter-claim, the town by the station
		claim("d1", "r7", sumy, 19, "energy", "RU", "UA"),                                                // another target
		claim("e1", "r8", sumy, 23, "medical", "RU", "UA"),                                               // four days later
		claim("f1", "r1", ukraine, 19, "unknown", "RU", "UA"),                                            // a country-level count
		claim("f2", "r9", ukraine, 19, "unknown", "RU", "UA"),                                            // ... told again
		{ID: "x", ReportID: "r1", Kind: trucewatch.ClaimExchange, Exchange: &trucewatch.ExchangeClaim{}}, // not an incident
	}
	got := map[string]string{}
	incs := Group(claims)
	for _, inc := range incs {
		for _, id := range inc.ClaimIDs {
			got[id] = inc.ID
		}
	}
	same := [][]string{{"a1", "a2", "a4"}, {"c1", "c2"}, {"f1", "f2"}}
	for _, g := range same {
		for _, id := range g[1:] {
			if got[id] != got[g[0]] {
				t.Errorf("%s and %s are in different incidents", g[0], id)
			}
		}
	}
	apart := []string{"a1", "a3", "b1", "c1", "d1", "e1", "f1"}
	for i, a := range apart {
		for _, b := range apart[i+1:] {
			if got[a] == got[b] {
				t.Errorf("%s and %s share an incident", a, b)
			}
		}
	}
	if len(incs) != 7 {
		t.Errorf("%d incidents, want 7", len(incs))
	}
	for _, inc := range incs {
		if inc.ID == got["a1"] {
			if inc.Place.ID != sumy.ID || inc.From.Day != 19 || inc.To.Day != 19 || len(inc.Accused) != 1 {
				t.Errorf("Sumy incident = %+v", inc)
			}
		}
		if inc.ID == got["c1"] && (len(inc.Accused) != 2 || inc.Accused[0] != "RU" || inc.Accused[1] != "UA") {
			t.Errorf("Sudzha accused = %v, want both", inc.Accused)
		}
	}
	// Stable: the same input gives the same IDs.
	again := Group(claims)
	for i := range incs {
		if incs[i].ID != again[i].ID {
			t.Errorf("incident IDs change between runs")
		}
	}
}

// TestGroupOrder: Group is a function of the set of claims.
func TestGroupOrder(t *testing.T) {
	g := &gen{rng: rand.New(rand.NewPCG(1, 2))}
	var claims []trucewatch.Claim
	for range 300 {
		claims = append(claims, g.claim(g.id()))
	}
	want := Group(claims)
	for i := range 200 {
		g.rng.Shuffle(len(claims), func(i, j int) { claims[i], claims[j] = claims[j], claims[i] })
		if got := Group(claims); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d: %s\nwant %s", i, summary(got), summary(want))
		}
	}
}

// TestOblastTown: an oblast-level claim joins the town nearest in days,
// then the one with the smallest claim ID.
func TestOblastTown(t *testing.T) {
	kharkiv := genPlaces[7]
	tests := []struct {
		name  string
		towns []trucewatch.Claim
		want  string // the town the oblast claim "o" joins, "" for none
	}{
		{"nearest day", []trucewatch.Claim{claim("a", "r1", sumy, 20, "medical", "RU", "UA"), claim("z", "r2", krasnopillia, 19, "medical", "RU", "UA")}, "z"},
		{"same day: smallest ID", []trucewatch.Claim{claim("b", "r1", sumy, 19, "medical", "RU", "UA"), claim("a", "r2", krasnopillia, 19, "medical", "RU", "UA")}, "a"},
		{"day before and after: none, an incident is one day's", []trucewatch.Claim{claim("b", "r1", sumy, 18, "medical", "RU", "UA"), claim("a", "r2", krasnopillia, 20, "medical", "RU", "UA")}, ""},
		{"other target", []trucewatch.Claim{claim("a", "r1", sumy, 19, "energy", "RU", "UA")}, ""},
		{"two days apart", []trucewatch.Claim{claim("a", "r1", sumy, 21, "medical", "RU", "UA")}, ""},
		{"other oblast", []trucewatch.Claim{claim("a", "r1", kharkiv, 19, "medical", "RU", "UA")}, ""},
		{"not a settlement", []trucewatch.Claim{claim("a", "r1", ukraine, 19, "medical", "RU", "UA")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims := append([]trucewatch.Claim{claim("o", "r0", sumyOblast, 19, "medical", "RU", "UA")}, tt.towns...)
			rng := rand.New(rand.NewPCG(uint64(len(tt.name)), 0))
			for range 10 {
				rng.Shuffle(len(claims), func(i, j int) { claims[i], claims[j] = claims[j], claims[i] })
				var joined []string
				for _, inc := range Group(claims) {
					if slices.Contains(inc.ClaimIDs, "o") {
						joined = slices.DeleteFunc(slices.Clone(inc.ClaimIDs), func(id string) bool { return id == "o" })
					}
				}
				want := []string{}
				if tt.want != "" {
					want = []string{tt.want}
				}
				if !slices.Equal(joined, want) {
					t.Fatalf("o joins %v, want %v", joined, want)
				}
			}
		})
	}
}

// BenchmarkGroup1M groups a million claims: 200,000 incidents told five
// times each, over a year, across Ukraine and western Russia, and reports
// seconds and the memory the result and its work take.
//
//	go test -run '^$' -bench Group1M -benchtime 1x ./internal/correlate
func BenchmarkGroup1M(b *testing.B) {
	const n, per = 1_000_000, 5
	rng := rand.New(rand.NewPCG(7, 11))
	targets := []trucewatch.Target{"energy", "medical", "transport", "residential", "military", "port", "industrial", "unknown"}
	claims := make([]trucewatch.Claim, 0, n)
	for i := 0; len(claims) < n; i++ {
		lat, lon := 44+rng.Float64()*12, 22+rng.Float64()*20
		country := trucewatch.Party("UA")
		if lon > 36 {
			country = "RU"
		}
		p := trucewatch.Place{ID: fmt.Sprintf("gn:%d", i), Country: country, Precision: "settlement", Lat: lat, Lon: lon, Admin1: string(country) + "-01"}
		day := 1 + rng.IntN(365)
		target := targets[rng.IntN(len(targets))]
		for k := 0; k < per && len(claims) < n; k++ {
			q := p
			q.Lat += (rng.Float64() - 0.5) * 0.05 // the same place, told with another town nearby
			claims = append(claims, claim(fmt.Sprintf("c%d-%d", i, k), fmt.Sprintf("r%d", rng.IntN(n/3)), q, day+rng.IntN(2), target, "RU", "UA"))
		}
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	var incs []trucewatch.Incident
	for range b.N {
		incs = Group(claims)
	}
	b.StopTimer()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(len(incs)), "incidents")
	b.ReportMetric(float64(n), "claims")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MB-allocated/op")
	b.ReportMetric(float64(after.Sys)/(1<<20), "MB-sys")
}

// TestNearAcrossCells: settlements within MaxDistanceKm are one incident
// however the grid cuts between them; at 50°N a cell is only 18 km wide,
// and at 68°N under 10 km.
func TestNearAcrossCells(t *testing.T) {
	for _, tc := range []struct {
		name     string
		a, b     trucewatch.Place
		together bool
	}{
		{"19.8 km apart at 50.5°N, two cells apart",
			trucewatch.Place{ID: "p:a", Country: "UA", Precision: "settlement", Lat: 50.5, Lon: 34.24},
			trucewatch.Place{ID: "p:b", Country: "UA", Precision: "settlement", Lat: 50.5, Lon: 34.52}, true},
		{"24 km apart at 68°N, three cells apart",
			trucewatch.Place{ID: "p:c", Country: "RU", Precision: "settlement", Lat: 68.0, Lon: 33.0},
			trucewatch.Place{ID: "p:d", Country: "RU", Precision: "settlement", Lat: 68.0, Lon: 33.58}, true},
		{"30 km apart at 50.5°N",
			trucewatch.Place{ID: "p:e", Country: "UA", Precision: "settlement", Lat: 50.5, Lon: 34.24},
			trucewatch.Place{ID: "p:f", Country: "UA", Precision: "settlement", Lat: 50.5, Lon: 34.66}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.a.DistanceKm(tc.b)
			if (d <= MaxDistanceKm) != tc.together {
				t.Fatalf("the places are %.1f km apart: fix the case", d)
			}
			incs := Group([]trucewatch.Claim{
				claim("x1", "r1", tc.a, 19, "energy", "RU", "UA"),
				claim("x2", "r2", tc.b, 19, "energy", "RU", "UA"),
			})
			if got := len(incs) == 1; got != tc.together {
				t.Errorf("%.1f km apart: %d incidents", d, len(incs))
			}
		})
	}
}

// TestGroupMergeSplit: analysts' merges and splits, applied to the claims
// as extraction applies them (trucewatch.ApplyDecisions). The same
// decisions given to Update, as re-extracted claims, give what Group gives.
func TestGroupMergeSplit(t *testing.T) {
	claims := []trucewatch.Claim{
		claim("a1", "r1", sumy, 19, "medical", "RU", "UA"),
		claim("a2", "r2", sumy, 19, "medical", "RU", "media"),
		claim("a3", "r3", sumy, 19, "medical", "UA", "RU"),
		claim("a4", "r4", sumyOblast, 19, "medical", "RU", "UA"),  // joins a town of its part
		claim("b1", "r5", krasnopillia, 20, "energy", "RU", "UA"), // another day, place and target
		claim("c1", "r6", sudzha, 25, "energy", "UA", "RU"),
	}
	key := func(ids ...string) []trucewatch.ClaimKey {
		var out []trucewatch.ClaimKey
		for _, id := range ids {
			for _, c := range claims {
				if c.ID == id {
					out = append(out, trucewatch.KeyOf(c))
				}
			}
		}
		return out
	}
	merge := func(id int64, ids ...string) trucewatch.Decision {
		return trucewatch.Decision{ID: id, Kind: trucewatch.DecisionMergeIncidents, Claims: key(ids...), Reason: "one", Actor: "ana"}
	}
	split := func(id int64, parts []int, ids ...string) trucewatch.Decision {
		return trucewatch.Decision{ID: id, Kind: trucewatch.DecisionSplitIncident, Claims: key(ids...), Parts: parts, Reason: "two", Actor: "ana"}
	}
	undo := func(id int64, ids ...string) trucewatch.Decision {
		return trucewatch.Decision{ID: id, Kind: trucewatch.DecisionUndo, Claims: key(ids...), Reason: "oops", Actor: "ana"}
	}
	for _, tc := range []struct {
		name string
		ds   []trucewatch.Decision
		want string // the incidents, their claims joined by spaces, sorted
	}{
		{"as extracted", nil, "a1 a2 a3 a4|b1|c1"},
		{"merged across days, places and targets", []trucewatch.Decision{merge(1, "a1", "a2", "a3", "a4", "b1")},
			"a1 a2 a3 a4 b1|c1"},
		{"three incidents merged", []trucewatch.Decision{merge(1, "a1", "a2", "a3", "a4", "b1", "c1")},
			"a1 a2 a3 a4 b1 c1"},
		{"a same-day same-place incident split", []trucewatch.Decision{split(1, []int{0, 0, 1, 0}, "a1", "a2", "a3", "a4")},
			"a1 a2 a4|a3|b1|c1"},
		{"the oblast claim stays in its own part", []trucewatch.Decision{split(1, []int{0, 1, 1, 2}, "a1", "a2", "a3", "a4")},
			"a1|a2 a3|a4|b1|c1"},
		{"a split part merged with another incident", []trucewatch.Decision{
			split(1, []int{0, 0, 1, 0}, "a1", "a2", "a3", "a4"), merge(2, "a3", "b1")},
			"a1 a2 a4|a3 b1|c1"},
		{"both parts merged again", []trucewatch.Decision{
			split(1, []int{0, 0, 1, 0}, "a1", "a2", "a3", "a4"), merge(2, "a1", "a2", "a4", "a3")},
			"a1 a2 a3 a4|b1|c1"},
		{"a merge undone", []trucewatch.Decision{merge(1, "a1", "a2", "a3", "a4", "b1"), undo(2, "b1")},
			"a1 a2 a3 a4|b1|c1"},
		{"a split undone on one claim: it stays out of both parts", []trucewatch.Decision{
			split(1, []int{0, 0, 1, 1}, "a1", "a2", "a3", "a4"), undo(2, "a3")},
			"a1 a2|a3|a4|b1|c1"},
		{"a split undone on every claim", []trucewatch.Decision{
			split(1, []int{0, 0, 1, 1}, "a1", "a2", "a3", "a4"), undo(2, "a1", "a2", "a3", "a4")},
			"a1 a2 a3 a4|b1|c1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			decided := trucewatch.ApplyDecisions(claims, tc.ds)
			if got := groups(Group(decided)); got != tc.want {
				t.Errorf("Group = %s, want %s", got, tc.want)
			}
			// Update: the claims as extracted, then re-extracted with the
			// decisions applied, one report at a time.
			rec := newMemRecord()
			ch, err := Update(t.Context(), rec, claims, nil)
			if err != nil {
				t.Fatal(err)
			}
			rec.apply(t, claims, nil, ch)
			for i := range decided {
				added := decided[i : i+1]
				ch, err := Update(t.Context(), rec, added, nil)
				if err != nil {
					t.Fatal(err)
				}
				rec.apply(t, added, nil, ch)
				if err := rec.check(); err != nil {
					t.Fatalf("after %s: %v", decided[i].ID, err)
				}
			}
			if got := groups(slices.Collect(maps.Values(rec.incidents))); got != tc.want {
				t.Errorf("Update = %s, want %s", got, tc.want)
			}
		})
	}
}

// groups writes incidents as their claim IDs, "|" between incidents,
// sorted.
func groups(incs []trucewatch.Incident) string {
	var out []string
	for _, inc := range incs {
		ids := slices.Sorted(slices.Values(inc.ClaimIDs))
		out = append(out, strings.Join(ids, " "))
	}
	slices.Sort(out)
	return strings.Join(out, "|")
}

// pairwise is Group by its definition: every pair of claims compared, and
// every oblast-level claim's town chosen among all claims. Quadratic: the
// yardstick of Group's shortcuts (blocks, twins, the towns of each day).
func pairwise(claims []trucewatch.Claim) []trucewatch.Incident {
	var items []item
	for i := range claims {
		if it, ok := newItem(&claims[i]); ok {
			items = append(items, it)
		}
	}
	uf := newUnionFind(len(items))
	for i, a := range items {
		best := -1
		for j, b := range items {
			if j > i && (linked(a, b) || a.merge != "" && a.merge == b.merge) {
				uf.union(i, j)
			}
			if candidate(a, b) && (best < 0 || closer(a, b, items[best])) {
				best = j
			}
		}
		if best >= 0 {
			uf.union(i, best)
		}
	}
	groups := map[int][]int{}
	for i := range items {
		groups[uf.find(i)] = append(groups[uf.find(i)], i)
	}
	out := make([]trucewatch.Incident, 0, len(groups)) // as Group: empty, not nil, when no claim tells of an incident
	for _, g := range groups {
		out = append(out, incident(items, g))
	}
	slices.SortFunc(out, func(a, b trucewatch.Incident) int {
		return cmp.Or(cmp.Compare(a.From.String(), b.From.String()), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// TestGroupEqualsPairwise: Group equals the pairwise definition on random
// claims, many of them twins (the same place and day, as on a day when
// thousands of reports tell of the same strikes), some of the same place
// told with other coordinates.
func TestGroupEqualsPairwise(t *testing.T) {
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d: go test -run TestGroupEqualsPairwise ./internal/correlate -seed %d replays", seed, seed)
	twins := 0
	for run := range 200 {
		g := &gen{rng: rand.New(rand.NewPCG(seed+uint64(run), 2))}
		var claims []trucewatch.Claim
		for range 1 + g.rng.IntN(150) {
			c := g.claim(g.id())
			if c.Incident != nil && g.rng.IntN(5) == 0 {
				c.Incident.Place.Lat += (g.rng.Float64() - 0.5) * 0.4 // the same place, told with coordinates up to 22 km off
			}
			claims = append(claims, c)
			for k := g.rng.IntN(4); k > 0 && c.Incident != nil; k-- { // twins: another report of it
				twin := c
				inc := *c.Incident
				twin.Incident, twin.ID = &inc, g.id()
				claims = append(claims, twin)
				twins++
			}
		}
		want, got := pairwise(claims), Group(claims)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: Group differs from the pairwise definition:\n got %s\nwant %s", seed+uint64(run), summary(got), summary(want))
		}
	}
	if twins == 0 {
		t.Error("no twins made")
	}
}
