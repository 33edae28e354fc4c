package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/auth"
)

// AddUser stores a new account with the hash of its API token (see
// auth.Hash); a name taken already, even by a revoked account, is
// ErrConflict.
func (s *Store) AddUser(ctx context.Context, name string, role auth.Role, tokenHash string) (auth.User, error) {
	if err := auth.ValidName(name); err != nil {
		return auth.User{}, fmt.Errorf("add user: %w", err)
	}
	u := auth.User{Name: name, Role: role, Created: s.now().UTC().Truncate(time.Second)}
	res, err := s.db.ExecContext(ctx, `INSERT INTO users (name, role, token_hash, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, name, role.String(), tokenHash, u.Created)
	if err != nil {
		return u, fmt.Errorf("add user %s: %w", name, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return u, fmt.Errorf("add user %s: the name is taken: %w", name, trucewatch.ErrConflict)
	}
	return u, nil
}

// Users lists every account, revoked ones included, by name.
func (s *Store) Users(ctx context.Context) ([]auth.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, role, created_at, revoked_at FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// RevokeUser ends an account: its token stops working and its sessions
// end. Revoking a revoked account changes nothing; an unknown name is
// ErrNotFound.
func (s *Store) RevokeUser(ctx context.Context, name string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET revoked_at = COALESCE(revoked_at, $2) WHERE name = $1`,
			name, s.now().UTC().Truncate(time.Second))
		if err != nil {
			return fmt.Errorf("revoke user %s: %w", name, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("revoke user %s: %w", name, trucewatch.ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_name = $1`, name); err != nil {
			return fmt.Errorf("revoke user %s: end sessions: %w", name, err)
		}
		return nil
	})
}

// UserByToken is the active account whose API token has the hash
// tokenHash; none is ErrNotFound.
func (s *Store) UserByToken(ctx context.Context, tokenHash string) (auth.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT name, role, created_at, revoked_at FROM users
		WHERE token_hash = $1 AND revoked_at IS NULL`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("user by token: %w", trucewatch.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("user by token: %w", err)
	}
	return u, nil
}

// AddSession stores a browser session, and drops the sessions that have
// run out.
func (s *Store) AddSession(ctx context.Context, ses auth.Session) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, s.now().UTC()); err != nil {
			return fmt.Errorf("add session: drop expired: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_name, expires_at) VALUES ($1, $2, $3)`,
			ses.IDHash, ses.User, ses.Expires.UTC()); err != nil {
			return fmt.Errorf("add session for %s: %w", ses.User, err)
		}
		return nil
	})
}

// UserBySession is the active account signed in with the session whose id
// has the hash idHash, while the session lasts at now; else ErrNotFound.
func (s *Store) UserBySession(ctx context.Context, idHash string, now time.Time) (auth.User, error) {
	var expires time.Time
	var u auth.User
	var role string
	var revoked sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT u.name, u.role, u.created_at, u.revoked_at, s.expires_at
		FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = $1`, idHash).
		Scan(&u.Name, &role, &u.Created, &revoked, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("user by session: %w", trucewatch.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("user by session: %w", err)
	}
	if u.Role, err = auth.ParseRole(role); err != nil {
		return u, fmt.Errorf("user by session: %w", err)
	}
	if revoked.Valid || (auth.Session{Expires: expires}).Expired(now) {
		return u, fmt.Errorf("user by session: ended: %w", trucewatch.ErrNotFound)
	}
	return u, nil
}

// DeleteSession ends a session (sign-out); an unknown one is no error.
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

func scanUser(row interface{ Scan(...any) error }) (auth.User, error) {
	var u auth.User
	var role string
	var revoked sql.NullTime
	if err := row.Scan(&u.Name, &role, &u.Created, &revoked); err != nil {
		return u, err
	}
	var err error
	if u.Role, err = auth.ParseRole(role); err != nil {
		return u, err
	}
	if revoked.Valid {
		u.Revoked = revoked.Time
	}
	return u, nil
}
