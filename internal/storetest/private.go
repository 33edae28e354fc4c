package storetest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Private is a PostgreSQL server of one test's own, for a test that stops
// or restarts it: the shared server (PostgresEnv) serves other tests at the
// same time.
type Private struct {
	// URL is the server's database, with PostGIS.
	URL    string
	script string // scripts/postgres.sh
	dir    string // its data and socket
}

// PrivatePostgres starts a PostgreSQL server with PostGIS in a temporary
// directory (scripts/postgres.sh), stopped and removed when the test ends.
// When PostgreSQL cannot be started the test is skipped, or fails where
// PostgreSQL is expected: in CI (CI=true), or when PostgresEnv is set. A
// machine with no PostgreSQL installed skips the test unless PostgreSQL is
// expected, rather than have a test install it.
func PrivatePostgres(t *testing.T) *Private {
	t.Helper()
	expected := os.Getenv("CI") == "true" || os.Getenv(PostgresEnv) != ""
	unavailable := func(format string, args ...any) {
		t.Helper()
		if expected {
			t.Fatalf(format, args...)
		}
		t.Skipf(format+" (set CI=true or %s to make this fail)", append(args, PostgresEnv)...)
	}
	script, err := findScript()
	if err != nil {
		unavailable("no private PostgreSQL: %v", err)
	}
	if bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl"); len(bins) == 0 && !expected {
		t.Skip("no private PostgreSQL: none is installed (scripts/postgres.sh installs it; scripts/test.sh runs it)")
	}
	// Not t.TempDir: its parent is private to this user, and the server
	// may run as another (postgres, when the tests run as root). The
	// script makes the directory its server's and removes it on stop.
	dir, err := os.MkdirTemp("", "trucewatch-pg.")
	if err != nil {
		t.Fatal(err)
	}
	p := &Private{script: script, dir: dir}
	t.Cleanup(func() {
		if out, err := exec.Command(p.script, "stop", p.dir).CombinedOutput(); err != nil {
			t.Errorf("stop the private PostgreSQL in %s: %v\n%s", p.dir, err, out)
		}
	})
	out, err := exec.Command(script, "start", dir).Output()
	if err != nil {
		unavailable("no private PostgreSQL: %s start %s: %v\n%s", script, dir, err, stderrOf(err))
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	p.URL = lines[len(lines)-1]
	if !strings.HasPrefix(p.URL, "postgres://") {
		t.Fatalf("%s start printed %q, want a postgres:// URL last", script, out)
	}
	return p
}

// Restart stops the server, ending every connection to it, and starts it
// again; it returns when the server accepts connections.
func (p *Private) Restart(t *testing.T) {
	t.Helper()
	if out, err := exec.Command(p.script, "restart", p.dir).CombinedOutput(); err != nil {
		t.Fatalf("restart the private PostgreSQL: %v\n%s", err, out)
	}
}

// findScript returns scripts/postgres.sh, found in the working directory
// (a package's directory, under go test) or the nearest above it.
func findScript() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "scripts", "postgres.sh")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("scripts/postgres.sh is not in the working directory or above it")
		}
		dir = parent
	}
}

// stderrOf returns what a command that failed wrote to its standard error.
func stderrOf(err error) []byte {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.Stderr
	}
	return nil
}
