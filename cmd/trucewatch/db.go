package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/trucewatch/trucewatch/internal/store"
)

// dbFlag is the --db flag that every command using the database has.
type dbFlag struct{ dsn string }

func (d *dbFlag) register(fs *flag.FlagSet) {
	fs.StringVar(&d.dsn, "db", "", "SQLite file or postgres:// URL (default $TRUCEWATCH_DB, else the user data directory)")
}

// open opens the database named by --db, $TRUCEWATCH_DB or the default path.
func (d *dbFlag) open(ctx context.Context, e *env) (*store.Store, error) {
	dsn := d.dsn
	if dsn == "" {
		dsn = e.getenv("TRUCEWATCH_DB")
	}
	if dsn == "" {
		var err error
		if dsn, err = store.DefaultPath(); err != nil {
			return nil, fmt.Errorf("%w (set --db or TRUCEWATCH_DB)", err)
		}
	}
	s, err := store.Open(ctx, dsn, store.WithLogger(e.log))
	if err != nil {
		return nil, err
	}
	e.log.Debug("opened database", "engine", s.Engine(), "dsn", store.Redact(dsn))
	return s, nil
}
