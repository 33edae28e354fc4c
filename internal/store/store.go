// Package store keeps trucewatch's records in SQLite (the embedded default)
// or PostgreSQL with PostGIS, behind one set of methods.
//
// The two engines share every query: both accept $1-style parameters,
// ON CONFLICT and RETURNING, and the schemas mirror each other column for
// column. What differs is the schema's types, kept in one numbered migration
// set per engine under migrations/, and how a connection is opened. That
// small dialect layer duplicates less than a package per engine would.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/trucewatch/trucewatch/internal/ledger"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// EngineOf tells which engine a data source name selects: a postgres:// or
// postgresql:// URL selects PostgreSQL; anything else is a SQLite file path.
func EngineOf(dsn string) Engine {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return Postgres
	}
	return SQLite
}

//go:embed migrations
var migrations embed.FS

// Store is an open database.
type Store struct {
	db     *sql.DB
	engine Engine
	now    func() time.Time
	log    *slog.Logger
	ledger *ledger.Log
	// noLedger: writes append no records (WithoutLedger, for benchmarks).
	noLedger bool

	hooksMu sync.Mutex
	hooks   []func() // called after each analysis stored (OnAnalysisStored)
}

// Option changes how Open sets up a Store.
type Option func(*Store)

// WithLogger makes the store log what it cannot return as an error: a
// lost connection that Watch opens again, a ledger checkpoint served but
// not kept in the history.
func WithLogger(l *slog.Logger) Option { return func(s *Store) { s.log = l } }

// WithClock makes the store read the time from now (for tests).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithoutLedger makes the store's writes append nothing to the ledger
// (appendLedger drops their records). It exists for `trucewatch bench ledger`,
// which measures what the ledger costs ingest by running the same work
// with and without it, and for tests of a database written before the
// ledger (ledger backfill): a database written so does not verify.
func WithoutLedger() Option { return func(s *Store) { s.noLedger = true } }

// Open opens the database dsn names, creating it if need be, and applies any
// migrations it has not seen yet.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	s := &Store{engine: EngineOf(dsn), now: time.Now, log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(s)
	}
	var err error
	switch s.engine {
	case Postgres:
		s.db, err = sql.Open("pgx", dsn)
		if err == nil {
			// A backend per connection: beyond a few per core they only
			// compete for the server's CPU (measured by BenchmarkLoad).
			poolSize(s.db, 4)
		}
	default:
		s.db, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", s.engine, err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("open %s database %s: %w", s.engine, Redact(dsn), err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	dialect := ledger.SQLite
	if s.engine == Postgres {
		dialect = ledger.Postgres
	}
	s.ledger = ledger.New(s.db, dialect).WithClock(s.now).WithLogger(s.log)
	return s, nil
}

// openSQLite opens a SQLite file with write-ahead logging, foreign keys and
// memory-mapped reads.
// Write transactions begin IMMEDIATE so that concurrent writers wait for the
// lock (busy_timeout) instead of failing half-way.
func openSQLite(path string) (*sql.DB, error) {
	path = strings.TrimPrefix(path, "file:")
	if path == "" {
		return nil, errors.New("no SQLite path given")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	q := url.Values{}
	// cache_size: 64 MiB of pages per connection instead of 2 MiB, so that
	// an analysis batch reads the indexes it walks from memory.
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(10000)", "mmap_size(4294967296)", "cache_size(-65536)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	// SQLite runs in the calling goroutine, so more connections than cores
	// only queue for the CPU; the pages are shared through mmap.
	poolSize(db, 2)
	return db, nil
}

// poolSize keeps perCore connections per core open and idle, counting at
// least two cores on small machines.
func poolSize(db *sql.DB, perCore int) {
	n := perCore * max(2, runtime.GOMAXPROCS(0))
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ledger returns the transparency log kept in the database (docs/ledger.md).
// Its appends run inside the store's transactions; its reads use the
// store's connections.
func (s *Store) Ledger() *ledger.Log { return s.ledger }

// AppendLedger appends records to the ledger in a transaction of their
// own (for records whose change is already stored, and for tests and
// benchmarks); it returns the index of the first.
func (s *Store) AppendLedger(ctx context.Context, records ...ledger.Record) (int64, error) {
	var first int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		first, err = s.ledger.Append(ctx, tx, records...)
		return err
	})
	return first, err
}

// Engine tells which engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// migrate applies, in order and each in its own transaction, the embedded
// migrations that the schema_migrations table does not list yet.
func (s *Store) migrate(ctx context.Context) error {
	dir := "migrations/" + string(s.engine)
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	// Read which are applied first: a store that is up to date opens with
	// reads alone, so opening one beside a busy writer (status, a test's
	// count, a second worker) does not queue for SQLite's write lock once a
	// migration. apply checks again inside its transaction.
	applied := map[int]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		applied[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	for _, name := range names { // fs.Glob sorts: 0001_, 0002_, ...
		base := filepath.Base(name)
		var version int
		if _, err := fmt.Sscanf(base, "%04d_", &version); err != nil {
			return fmt.Errorf("migration %s: name must start with a 4-digit version", base)
		}
		if applied[version] {
			continue
		}
		if err := s.apply(ctx, version, name); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, version int, name string) error {
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if s.engine == Postgres {
			// One migrator at a time across every process on the server.
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(8213011)`); err != nil {
				return err
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			version, filepath.Base(name), s.now().UTC().Format(time.RFC3339))
		return err
	})
}

// inTx runs fn in a transaction, committing if it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Redact hides the password in a PostgreSQL URL, for messages and logs.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	return u.Redacted()
}

// DefaultPath is the SQLite file used when no database is named: under the
// user's data directory ($XDG_DATA_HOME or ~/.local/share on Unix,
// ~/Library/Application Support on macOS, %LocalAppData% on Windows).
func DefaultPath() (string, error) {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = os.Getenv("LocalAppData")
	case "darwin", "ios":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(home, "Library", "Application Support")
	default:
		dir = os.Getenv("XDG_DATA_HOME")
		if dir == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("find the data directory: %w", err)
			}
			dir = filepath.Join(home, ".local", "share")
		}
	}
	if dir == "" {
		return "", errors.New("find the data directory: no home or data directory is set")
	}
	return filepath.Join(dir, "trucewatch", "trucewatch.db"), nil
}

// where collects the conditions of a WHERE clause with their numbered
// arguments, for the filter structs.
type where struct {
	conds []string
	args  []any
}

// add appends a condition; cond holds one %d for the argument's number.
func (w *where) add(cond string, arg any) {
	w.args = append(w.args, arg)
	w.conds = append(w.conds, fmt.Sprintf(cond, len(w.args)))
}

// String is " WHERE a AND b", or "" when there are no conditions.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// list adds the arguments and returns their placeholders, "$3, $4, $5".
func (w *where) list(args []any) string {
	ps := make([]string, len(args))
	for i, a := range args {
		w.args = append(w.args, a)
		ps[i] = fmt.Sprintf("$%d", len(w.args))
	}
	return strings.Join(ps, ", ")
}

// execValues runs statements made of head, a list of rows of values, and
// tail ("INSERT INTO t (a, b) VALUES", rows, "ON CONFLICT …"), many rows
// a statement. A statement per row cost PostgreSQL a round trip per row:
// most of a batch's time. Every row has the same number of values.
func execValues(ctx context.Context, tx *sql.Tx, head, tail string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), max(1, 1000/len(rows[0]))) // at most ~1,000 placeholders
		w := &where{}
		values := make([]string, n)
		for i, r := range rows[:n] {
			values[i] = "(" + w.list(r) + ")"
		}
		if _, err := tx.ExecContext(ctx, head+" "+strings.Join(values, ", ")+" "+tail, w.args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// inChunks calls fn for chunks of up to 500 values, with a where holding
// them as arguments and their placeholders ("$1, $2"), for IN lists.
func inChunks(values []string, fn func(w *where, marks string) error) error {
	for len(values) > 0 {
		n := min(len(values), 500)
		w := &where{}
		args := make([]any, n)
		for i, v := range values[:n] {
			args[i] = v
		}
		marks := w.list(args)
		if err := fn(w, marks); err != nil {
			return err
		}
		values = values[n:]
	}
	return nil
}

// setIncidents sets the incident of claims (claim ID → incident ID, ""
// for none), many claims a statement.
func setIncidents(ctx context.Context, tx *sql.Tx, incidentOf map[string]string) error {
	rows := make([][]any, 0, len(incidentOf))
	for _, id := range slices.Sorted(maps.Keys(incidentOf)) {
		rows = append(rows, []any{id, incidentOf[id]})
	}
	return execValues(ctx, tx, `WITH v (id, incident) AS (VALUES`,
		`) UPDATE claims SET incident_id = v.incident FROM v WHERE claims.id = v.id`, rows)
}

// NewSchema creates a new, empty schema named prefix plus a random suffix
// on the PostgreSQL server at dsn, and returns a URL that uses it and a
// function that drops it (for benchmarks that want a database of their
// own on a shared server).
func NewSchema(ctx context.Context, dsn, prefix string) (string, func() error, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, fmt.Errorf("new schema: %w", err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, fmt.Errorf("new schema: %w", err)
	}
	b := make([]byte, 4)
	rand.Read(b)
	schema := prefix + "_" + hex.EncodeToString(b)
	drop := func() error {
		defer db.Close()
		_, err := db.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		return err
	}
	if _, err := db.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS postgis`); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("new schema on %s: %w", Redact(dsn), err)
	}
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("new schema on %s: %w", Redact(dsn), err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
