package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// postgresEnv names the environment variable that points the tests at a
// PostgreSQL server with PostGIS, as a URL of a role that may create schemas
// (scripts/test.sh starts a throwaway server and sets it).
const postgresEnv = "TRUCEWATCH_TEST_POSTGRES"

// engine is one database engine the conformance suite runs against.
type engine struct {
	name string
	// dsn returns the data source name of a new, empty database.
	dsn func(t *testing.T) string
}

// engines returns SQLite always, and PostgreSQL when postgresEnv is set. In
// CI (CI=true) a missing PostgreSQL fails the test instead of skipping it,
// so the suite can never pass there without running on both engines.
func engines(t *testing.T) []engine {
	es := []engine{{name: "sqlite", dsn: func(t *testing.T) string {
		return filepath.Join(t.TempDir(), "trucewatch.db")
	}}}
	admin := os.Getenv(postgresEnv)
	switch {
	case admin != "":
		es = append(es, engine{name: "postgres", dsn: func(t *testing.T) string { return postgresSchema(t, admin) }})
	case os.Getenv("CI") == "true":
		t.Errorf("%s is not set: CI must run the store suite on PostgreSQL too (scripts/test.sh sets it)", postgresEnv)
	default:
		t.Logf("PostgreSQL suite skipped: %s is not set (scripts/test.sh starts a server and sets it)", postgresEnv)
	}
	return es
}

// postgresSchema creates a schema of its own for one test on the server at
// admin, drops it when the test ends, and returns a URL that uses it.
func postgresSchema(t *testing.T, admin string) string {
	t.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("open %s: %v", Redact(admin), err)
	}
	t.Cleanup(func() { db.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tw_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	// PostGIS lives in public, shared by every test schema.
	if _, err := db.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS postgis`); err != nil {
		t.Fatalf("create extension postgis on %s: %v", Redact(admin), err)
	}
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema on %s: %v", Redact(admin), err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("parse %s: %v", postgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// mustOpen opens a store on dsn with a fixed clock and closes it at the end.
func mustOpen(tb testing.TB, dsn string) *Store {
	tb.Helper()
	s, err := Open(context.Background(), dsn, WithClock(func() time.Time {
		return time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
	}))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// openIndexed is mustOpen with the incident index when indexed is set.
func openIndexed(tb testing.TB, dsn string, indexed bool) *Store {
	tb.Helper()
	s := mustOpen(tb, dsn)
	if indexed {
		if err := s.UseIncidentIndex(context.Background()); err != nil {
			tb.Fatalf("UseIncidentIndex: %v", err)
		}
	}
	return s
}
