// Package storetest gives tests real databases to run on: a SQLite file
// always, and a schema of its own on a PostgreSQL server with PostGIS when
// TRUCEWATCH_TEST_POSTGRES names one (scripts/test.sh starts a throwaway
// server and sets it). In CI (CI=true) a missing PostgreSQL fails the
// test, so that no suite can pass there on SQLite alone.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PostgresEnv names the environment variable that points the tests at a
// PostgreSQL server, as a URL of a role that may create schemas.
const PostgresEnv = "TRUCEWATCH_TEST_POSTGRES"

// Engine is one database engine a suite runs against.
type Engine struct {
	Name string
	// DSN returns the data source name of a new, empty database, removed
	// when the test ends.
	DSN func(t *testing.T) string
}

// Engines returns SQLite, and PostgreSQL when PostgresEnv is set.
func Engines(t *testing.T) []Engine {
	t.Helper()
	es := []Engine{{Name: "sqlite", DSN: func(t *testing.T) string {
		return filepath.Join(t.TempDir(), "trucewatch.db")
	}}}
	admin := os.Getenv(PostgresEnv)
	switch {
	case admin != "":
		es = append(es, Engine{Name: "postgres", DSN: func(t *testing.T) string { return PostgresSchema(t, admin) }})
	case os.Getenv("CI") == "true":
		t.Errorf("%s is not set: CI must run this suite on PostgreSQL too (scripts/test.sh sets it)", PostgresEnv)
	default:
		t.Logf("PostgreSQL skipped: %s is not set (scripts/test.sh starts a server and sets it)", PostgresEnv)
	}
	return es
}

// PostgresSchema creates a schema of its own for one test on the server at
// admin, drops it when the test ends, and returns a URL that uses it.
func PostgresSchema(t *testing.T, admin string) string {
	t.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("open %s: %v", redact(admin), err)
	}
	t.Cleanup(func() { db.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tw_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	// PostGIS lives in public, shared by every test schema.
	if _, err := db.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS postgis`); err != nil {
		t.Fatalf("create extension postgis on %s: %v", redact(admin), err)
	}
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema on %s: %v", redact(admin), err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// redact hides the password in a URL for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(a PostgreSQL URL)"
	}
	return u.Redacted()
}
