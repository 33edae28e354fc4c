package pipeline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/storetest"
	"github.com/trucewatch/trucewatch/internal/synth"
)

// TestCrash kills ingest and workers with SIGKILL at random points, runs
// ingest again, and checks that no report is lost, duplicated or left
// unanalysed, and that the stored analysis equals a full recomputation.
// Half the trials kill `ingest` while it stores and analyses; the other
// half store with `ingest --no-wait` and kill `worker --once`. It runs the
// real binary, on every engine: 50 trials on SQLite (6 under -short), 10
// on PostgreSQL (2 under -short).
func TestCrash(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Log("short: fewer trials")
	}
	bin := mustBuild(t)
	const reports = 200
	dir := mustWriteReports(t, newGenerator(), reports)
	_, reg := tools(t)
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			trials := map[bool]int{false: 50, true: 6}[testing.Short()]
			if e.Name == "postgres" {
				trials = map[bool]int{false: 10, true: 2}[testing.Short()]
			}
			// How long an undisturbed ingest takes: kills fall in it.
			start := time.Now()
			if out, err := exec.Command(bin, "ingest", "--quiet", "--db", e.DSN(t), dir).CombinedOutput(); err != nil {
				t.Fatalf("ingest: %v\n%s", err, out)
			}
			span := time.Since(start)
			t.Logf("an undisturbed ingest of %d reports takes %s", reports, span.Round(time.Millisecond))
			seed := uint64(time.Now().UnixNano())
			t.Logf("seed %d", seed)
			rng := rand.New(rand.NewPCG(seed, 7))
			landed := 0
			defer func() { t.Logf("%d of %d kills landed before the run ended", landed, trials) }()
			for trial := range trials {
				dsn := e.DSN(t)
				kill := time.Duration(rng.Int64N(int64(span)))
				var victim []string
				if trial%2 == 0 {
					victim = []string{"ingest", "--quiet", "--lease", "500ms", "--db", dsn, dir}
				} else {
					if out, err := exec.Command(bin, "ingest", "--quiet", "--no-wait", "--db", dsn, dir).CombinedOutput(); err != nil {
						t.Fatalf("trial %d: ingest --no-wait: %v\n%s", trial, err, out)
					}
					victim = []string{"worker", "--once", "--batch", "50", "--lease", "500ms", "--db", dsn}
				}
				killed := runKilled(t, bin, victim, kill)
				if killed {
					landed++
				}
				time.Sleep(600 * time.Millisecond) // the killed run's leases run out
				if out, err := exec.Command(bin, "ingest", "--quiet", "--db", dsn, dir).CombinedOutput(); err != nil {
					t.Fatalf("trial %d: ingest after the kill: %v\n%s", trial, err, out)
				}
				ctx := context.Background()
				st, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				status, err := st.PipelineStatus(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if status.Reports != reports || status.Analysed != reports {
					t.Errorf("trial %d (%s killed after %s: %v): %+v, want %d reports, all analysed",
						trial, victim[0], kill.Round(time.Millisecond), killed, status, reports)
				}
				checkEqualsFull(t, ctx, st, reg, 30)
				st.Close()
				if t.Failed() {
					t.Fatalf("trial %d failed (seed %d)", trial, seed)
				}
			}
		})
	}
}

// runKilled starts the binary with args and kills it with SIGKILL after
// delay; it reports whether the kill came before the process ended.
func runKilled(t *testing.T, bin string, args []string, delay time.Duration) bool {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return false
	case <-time.After(delay):
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		return true
	}
}

// mustBuild builds the trucewatch binary into a temporary directory and
// returns its path.
func mustBuild(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "trucewatch")
	build := exec.Command("go", "build", "-o", bin, "github.com/trucewatch/trucewatch/cmd/trucewatch")
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("build the binary: %v\n%s", err, out)
	}
	return bin
}

// newGenerator returns the report generator the binary's tests use.
func newGenerator() *synth.Generator {
	return synth.New(42, time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC))
}

// mustWriteReports writes the next n reports of gen as files into a new
// temporary directory and returns it.
func mustWriteReports(tb testing.TB, gen *synth.Generator, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%03d.txt", i)), gen.Next(), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}
