package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

// TestWorkerSurvivesPostgresRestart (issue 12, point 5): a `trucewatch
// worker` is draining 200 queued reports when its PostgreSQL server
// restarts, ending every connection; 200 more are queued with `ingest
// --no-wait` after the restart. The same worker process must analyse all
// 400 (`status --json`: 400 analysed, none queued, none failed) within a
// minute, without exiting, and then stop cleanly on SIGTERM; the stored
// analysis must equal a full recomputation. It runs the real binary on a
// PostgreSQL server of its own (storetest.PrivatePostgres), since
// restarting the shared one would break the tests that use it.
func TestWorkerSurvivesPostgresRestart(t *testing.T) {
	pg := storetest.PrivatePostgres(t)
	bin := mustBuild(t)
	const n = 200
	gen := newGenerator()
	before, after := mustWriteReports(t, gen, n), mustWriteReports(t, gen, n)
	ingest := func(dir string) {
		t.Helper()
		if out, err := exec.Command(bin, "ingest", "--quiet", "--no-wait", "--db", pg.URL, dir).CombinedOutput(); err != nil {
			t.Fatalf("ingest --no-wait: %v\n%s", err, out)
		}
	}
	ingest(before)

	// Small batches, so that the restart falls mid-run; a short lease, so
	// that a batch leased before the restart and never saved is free
	// again soon (the worker does not take back its own leases).
	logPath := filepath.Join(t.TempDir(), "worker.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	worker := exec.Command(bin, "worker", "--batch", "20", "--poll", "100ms", "--lease", "2s", "--db", pg.URL)
	worker.Stdout, worker.Stderr = logFile, logFile
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- worker.Wait() }()
	t.Cleanup(func() {
		worker.Process.Kill() // an error means it has gone already
	})
	workerLog := func() string {
		b, err := os.ReadFile(logPath)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// waitFor polls `status --json` until done holds, failing after a
	// minute, or at once if the worker exits.
	waitFor := func(what string, done func(workerStatus) bool) workerStatus {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for {
			s := mustStatus(t, bin, pg.URL)
			if done(s) {
				return s
			}
			select {
			case err := <-exited:
				t.Fatalf("waiting for %s, the worker exited (%v); status %+v; its output:\n%s", what, err, s, workerLog())
			case <-time.After(50 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				t.Fatalf("no %s within a minute: status %+v; the worker's output:\n%s", what, s, workerLog())
			}
		}
	}

	s := waitFor("report analysed", func(s workerStatus) bool { return s.Analysed > 0 })
	pg.Restart(t)
	restarted := time.Now()
	t.Logf("restarted PostgreSQL with %d of %d reports analysed", s.Analysed, n)
	ingest(after)
	s = waitFor(fmt.Sprintf("%d reports analysed", 2*n), func(s workerStatus) bool {
		return s.Reports == 2*n && s.Analysed == 2*n && s.Queued == 0 && s.Failed == 0
	})
	t.Logf("all %d analysed %s after the restart; the worker tried again %d times", 2*n,
		time.Since(restarted).Round(time.Millisecond), strings.Count(workerLog(), "will try again"))

	// Still the same process: it reconnected rather than exited (and was
	// started again by no one).
	if err := worker.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("the worker is gone: %v\n%s", err, workerLog())
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the worker stopped with %v on SIGTERM, want exit 0; its output:\n%s", err, workerLog())
		}
	case <-time.After(10 * time.Second):
		t.Errorf("the worker did not stop within 10s of SIGTERM; its output:\n%s", workerLog())
	}

	ctx := context.Background()
	st, err := store.Open(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, reg := tools(t)
	checkEqualsFull(t, ctx, st, reg, 50)
}

// workerStatus is the part of `trucewatch status --json` the tests read.
type workerStatus struct {
	Reports  int               `json:"reports"`
	Queued   int               `json:"queued"`
	Analysed int               `json:"analysed"`
	Failed   int               `json:"failed"`
	Failures map[string]string `json:"failures"`
}

// mustStatus runs `trucewatch status --json` on the database at dsn.
func mustStatus(t *testing.T, bin, dsn string) workerStatus {
	t.Helper()
	out, err := exec.Command(bin, "status", "--json", "--db", dsn).Output()
	if err != nil {
		t.Fatalf("status --json: %v\n%s", err, stderrOf(err))
	}
	var s workerStatus
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatalf("status --json: %v\n%s", err, out)
	}
	return s
}

// stderrOf returns what a command that failed wrote to its standard error.
func stderrOf(err error) []byte {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.Stderr
	}
	return nil
}
