package store

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
)

// Ready says whether the store can serve: the database answers within
// ctx, and it holds every migration this binary embeds (a database that a
// newer binary migrated further is ready too). A server's /readyz asks it
// with a short timeout.
func (s *Store) Ready(ctx context.Context) error {
	var have int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	want, err := latestMigration(s.engine)
	if err != nil {
		return err
	}
	if have < want {
		return fmt.Errorf("database: migrated to version %d, this binary needs %d", have, want)
	}
	return nil
}

// latestMigration is the highest version of the migrations embedded for
// engine.
func latestMigration(engine Engine) (int, error) {
	names, err := fs.Glob(migrations, "migrations/"+string(engine)+"/*.sql")
	if err != nil {
		return 0, fmt.Errorf("list migrations: %w", err)
	}
	latest := 0
	for _, name := range names {
		var version int
		if _, err := fmt.Sscanf(filepath.Base(name), "%04d_", &version); err != nil {
			return 0, fmt.Errorf("migration %s: name must start with a 4-digit version", name)
		}
		latest = max(latest, version)
	}
	return latest, nil
}
