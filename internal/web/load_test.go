package web

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/store"
)

// The load benchmark fills a store with a million synthetic incidents and
// sends the dashboard's two heaviest reads, the incident list and the map
// layer for a bounding box and a 30-day window, from 50 concurrent clients
// over loopback TCP. It reports the latency percentiles and the request
// rate; the target is p95 < 50 ms.
//
//	go test -run '^$' -bench Load -benchtime 1x -timeout 30m ./internal/web
//
// TRUCEWATCH_BENCH_POSTGRES names a PostgreSQL database for the same run
// on PostgreSQL: the benchmark replaces the analysis stored there, so give
// it a database of its own. TRUCEWATCH_LOAD_INCIDENTS (default 1000000)
// and TRUCEWATCH_LOAD_SECONDS (default 15) scale the run;
// TRUCEWATCH_LOAD_SQLITE keeps the SQLite database in a file of that name,
// so that a second run skips storing the incidents.
func BenchmarkLoad(b *testing.B) {
	n := envInt(b, "TRUCEWATCH_LOAD_INCIDENTS", 1_000_000)
	secs := envInt(b, "TRUCEWATCH_LOAD_SECONDS", 15)
	b.Run("sqlite", func(b *testing.B) {
		path := os.Getenv("TRUCEWATCH_LOAD_SQLITE")
		if path == "" {
			path = filepath.Join(b.TempDir(), "load.db")
		}
		loadBench(b, path, n, secs)
	})
	b.Run("postgres", func(b *testing.B) {
		dsn := os.Getenv("TRUCEWATCH_BENCH_POSTGRES")
		if dsn == "" {
			b.Skip("TRUCEWATCH_BENCH_POSTGRES is not set: no PostgreSQL run")
		}
		loadBench(b, dsn, n, secs)
	})
}

func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s: %q is not a positive number", name, v)
	}
	return n
}

// Where the synthetic incidents fall: most near a front line, the rest
// anywhere in Ukraine or in Russia's border regions.
var (
	loadFirstDay = trucewatch.Date{Year: 2022, Month: 2, Day: 24}
	loadDays     = 3 * 365
	frontBox     = trucewatch.BBox{MinLon: 32, MinLat: 46.5, MaxLon: 38.5, MaxLat: 50.5}
	ukraineBox   = trucewatch.BBox{MinLon: 22.5, MinLat: 44.5, MaxLon: 40, MaxLat: 52.3}
	russiaBox    = trucewatch.BBox{MinLon: 34, MinLat: 50, MaxLon: 48, MaxLat: 56}
)

func pointIn(r *rand.Rand, b trucewatch.BBox) (lat, lon float64) {
	return b.MinLat + r.Float64()*(b.MaxLat-b.MinLat), b.MinLon + r.Float64()*(b.MaxLon-b.MinLon)
}

// syntheticIncidents makes n incidents spread over three years, with
// seeded randomness so that every run loads the same record.
func syntheticIncidents(n int, seed uint64) []trucewatch.Incident {
	r := rand.New(rand.NewPCG(seed, seed))
	targets := trucewatch.Targets()
	parties := []trucewatch.Party{"RU", "UA"}
	out := make([]trucewatch.Incident, n)
	for i := range out {
		var lat, lon float64
		country := trucewatch.Party("UA")
		switch x := r.Float64(); {
		case x < 0.7:
			lat, lon = pointIn(r, frontBox)
		case x < 0.9:
			lat, lon = pointIn(r, ukraineBox)
		default:
			lat, lon = pointIn(r, russiaBox)
			country = "RU"
		}
		day := loadFirstDay.AddDays(r.IntN(loadDays))
		id := fmt.Sprintf("inc-%07d", i)
		claims := make([]string, 1+r.IntN(4))
		for j := range claims {
			claims[j] = fmt.Sprintf("c-%07d-%d", i, j)
		}
		accused := parties[r.IntN(2)]
		out[i] = trucewatch.Incident{
			ID: id, From: day, To: day,
			Place: trucewatch.Place{ID: "syn:" + strconv.Itoa(i%50000), Name: "Place " + strconv.Itoa(i%50000),
				Country: country, Precision: trucewatch.PlaceSettlement, Lat: lat, Lon: lon},
			Target:   targets[r.IntN(len(targets))],
			ClaimIDs: claims, Accused: []trucewatch.Party{accused},
			Origins: []trucewatch.Origin{{Outlet: "Outlet " + strconv.Itoa(r.IntN(200)),
				Affiliation: trucewatch.AffiliationIndependent, ReportIDs: []string{"r-" + id}}},
		}
	}
	return out
}

// loadBench stores n synthetic incidents unless the database holds n
// already, and sends the load. The incidents are made only to be stored and
// dropped before the load starts, so that the benchmark's own garbage
// collector does not mark a million of them while the server works.
func loadBench(b *testing.B, dsn string, n, secs int) {
	ctx := context.Background()
	start := time.Now()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.Logf("%s: opened in %v", st.Engine(), time.Since(start).Round(time.Millisecond))
	start = time.Now()
	if total, err := countIncidents(ctx, st); err != nil || total != n {
		if err := st.ReplaceAnalysis(ctx, syntheticIncidents(n, 1), nil); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: stored %d incidents in %v", st.Engine(), n, time.Since(start).Round(time.Second))
		runtime.GC()
	}
	// As trucewatch serve does once the analysis is up to date.
	start = time.Now()
	indexed := withIndex(b, st)
	b.Logf("%s: built the incident index in %v", st.Engine(), time.Since(start).Round(time.Millisecond))
	ts := readOnlyServer(b, indexed)

	const clients = 50
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	deadline := time.Now().Add(time.Duration(secs) * time.Second)
	var mu sync.Mutex
	lat := map[string][]time.Duration{}
	var failures []string
	var wg sync.WaitGroup
	b.ResetTimer()
	began := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), 7))
			mine := map[string][]time.Duration{}
			for i := 0; time.Now().Before(deadline); i++ {
				kind, url := loadRequest(r, ts.URL, i)
				t0 := time.Now()
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s", resp.Status)
					}
				}
				if err != nil {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %v", url, err))
					mu.Unlock()
					continue
				}
				mine[kind] = append(mine[kind], time.Since(t0))
			}
			mu.Lock()
			for k, v := range mine {
				lat[k] = append(lat[k], v...)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(began)
	b.StopTimer()
	if len(failures) > 0 {
		b.Fatalf("%d requests failed, first: %s", len(failures), failures[0])
	}
	var all []time.Duration
	for _, kind := range []string{"list", "map"} {
		ds := lat[kind]
		all = append(all, ds...)
		p50, p95, p99 := percentiles(ds)
		b.Logf("%s %s: %d requests, p50 %v p95 %v p99 %v", st.Engine(), kind, len(ds), p50, p95, p99)
	}
	p50, p95, p99 := percentiles(all)
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(0, "ns/op")

	// The dashboard's pages, one at a time after the load: the whole map
	// clusters every incident.
	for _, page := range []string{"/", "/?" + loadQuery(rand.New(rand.NewPCG(9, 9)))} {
		var ds []time.Duration
		for range 20 {
			t0 := time.Now()
			resp, err := client.Get(ts.URL + page)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("%s: %s", page, resp.Status)
			}
			ds = append(ds, time.Since(t0))
		}
		p50, p95, _ := percentiles(ds)
		b.Logf("%s page %s alone: p50 %v, p95 %v", st.Engine(), page, p50.Round(time.Microsecond), p95.Round(time.Microsecond))
	}
}

// loadRequest picks a random oblast-sized box near the front line and a
// random 30-day window; even requests ask for the list, odd ones for the
// map layer.
func loadRequest(r *rand.Rand, base string, i int) (kind, url string) {
	q := loadQuery(r)
	if i%2 == 0 {
		return "list", base + "/api/v1/incidents?" + q
	}
	return "map", base + "/api/v1/map/incidents.geojson?" + q
}

// loadQuery is a random oblast-sized box near the front line and a random
// 30-day window.
func loadQuery(r *rand.Rand) string {
	lat, lon := pointIn(r, frontBox)
	from := loadFirstDay.AddDays(r.IntN(loadDays - 30))
	to := from.AddDays(29)
	return fmt.Sprintf("bbox=%.3f,%.3f,%.3f,%.3f&from=%s&to=%s", lon-1, lat-0.75, lon+1, lat+0.75, from, to)
}

func percentiles(ds []time.Duration) (p50, p95, p99 time.Duration) {
	if len(ds) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(p float64) time.Duration { return s[int(p*float64(len(s)-1))] }
	return at(0.50), at(0.95), at(0.99)
}

// countIncidents counts the stored incidents through the map's cells.
func countIncidents(ctx context.Context, st *store.Store) (int, error) {
	cells, err := st.MapCells(ctx, trucewatch.IncidentFilter{})
	total := 0
	for _, c := range cells {
		total += c.Count
	}
	return total, err
}
