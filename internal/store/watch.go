package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

// changeChannel is the PostgreSQL channel on which every stored analysis
// is announced (NOTIFY, sent when its transaction commits).
const changeChannel = "trucewatch_changes"

// notifyChange announces a change in tx on PostgreSQL; SQLite readers
// poll the change counter instead.
func (s *Store) notifyChange(ctx context.Context, tx *sql.Tx) error {
	if s.engine != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_notify($1, '')`, changeChannel)
	return err
}

// Watch calls changed whenever the stored analysis changes, by this or any
// other process, until ctx ends. PostgreSQL says so at once
// (LISTEN/NOTIFY); on SQLite the analysis generation is read every poll. A lost
// connection (the server restarting) is opened again; meanwhile the
// generation is polled, so no change is missed. It returns ctx's error.
func (s *Store) Watch(ctx context.Context, poll time.Duration, changed func()) error {
	last, err := s.Generation(ctx)
	if err != nil {
		return err
	}
	check := func() {
		if n, err := s.Generation(ctx); err == nil && n != last {
			last = n
			changed()
		}
	}
	if s.engine == Postgres {
		wake := make(chan struct{}, 1)
		go s.listen(ctx, wake)
		for {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-wake:
			case <-time.After(poll):
			}
			check()
		}
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
		check()
	}
}

// listen holds a connection that LISTENs on changeChannel and signals wake
// on each notification, opening it again after an error, until ctx ends.
func (s *Store) listen(ctx context.Context, wake chan<- struct{}) {
	pause := time.Second
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, wake)
		if ctx.Err() != nil {
			return
		}
		s.log.Warn("listening for changes: will listen again", "err", err, "in", pause)
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, time.Minute)
	}
}

func (s *Store) listenOnce(ctx context.Context, wake chan<- struct{}) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("not a pgx connection")
		}
		pc := c.Conn()
		if _, err := pc.Exec(ctx, `LISTEN `+changeChannel); err != nil {
			return fmt.Errorf("listen: %w", err)
		}
		for {
			if _, err := pc.WaitForNotification(ctx); err != nil {
				// The connection still listens: it must not go back to
				// the pool.
				return fmt.Errorf("%w: %w", driver.ErrBadConn, err)
			}
			select {
			case wake <- struct{}{}:
			default:
			}
		}
	})
}
