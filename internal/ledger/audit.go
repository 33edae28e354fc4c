package ledger

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// Problem is one place where the stored log disagrees with itself.
type Problem struct {
	Index int64  // the record's index; -1 when the problem is not one record's
	Kind  string // the record's kind, as stored ("" when unknown)
	Key   string // the record's key, as stored
	What  string
}

func (p Problem) String() string {
	if p.Index < 0 {
		return p.What
	}
	if p.Kind == "" {
		return fmt.Sprintf("record %d: %s", p.Index, p.What)
	}
	return fmt.Sprintf("record %d (%s %s): %s", p.Index, p.Kind, p.Key, p.What)
}

// maxProblems bounds the problems an audit lists: past it, the log is
// broken enough that more names help nobody.
const maxProblems = 100

// Audit re-hashes every stored record, rebuilds the tree from those leaves
// with tlog, and compares every stored hash with the rebuilt one. It
// returns the rebuilt tree and what disagrees (nothing, when the stored
// log is whole): a record row changed after it was logged, a record
// missing, a stored hash changed, rows beyond the tree's size.
//
// It reads the tree's size first and then only rows below it, so appends
// running meanwhile do not disturb it. It holds the rebuilt hashes in
// memory: 64 bytes a record.
func (l *Log) Audit(ctx context.Context) (tlog.Tree, []Problem, error) {
	n, err := readSize(ctx, l.db)
	if err != nil {
		return tlog.Tree{}, nil, fmt.Errorf("audit ledger: %w", err)
	}
	var problems []Problem
	report := func(p Problem) {
		if len(problems) < maxProblems {
			problems = append(problems, p)
		}
	}
	count := tlog.StoredHashCount(n)
	records, err := l.db.QueryContext(ctx, `SELECT idx, kind, record_key, hash FROM ledger_records WHERE idx < $1 ORDER BY idx`, n)
	if err != nil {
		return tlog.Tree{}, nil, fmt.Errorf("audit ledger: read records: %w", err)
	}
	defer records.Close()
	hashes, err := l.db.QueryContext(ctx, `SELECT id, hash FROM ledger_hashes WHERE id < $1 ORDER BY id`, count)
	if err != nil {
		return tlog.Tree{}, nil, fmt.Errorf("audit ledger: read hashes: %w", err)
	}
	defer hashes.Close()
	stored := &storedStream{rows: hashes}

	rebuilt := make([]tlog.Hash, 0, count)
	reader := tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ids))
		for i, id := range ids {
			if id >= int64(len(rebuilt)) {
				return nil, fmt.Errorf("rebuilt hash %d is not there yet", id)
			}
			out[i] = rebuilt[id]
		}
		return out, nil
	})

	next := int64(0) // the next record index expected
	var row *auditRow
	readRow := func() error {
		row = nil
		if !records.Next() {
			return records.Err()
		}
		var r auditRow
		if err := records.Scan(&r.idx, &r.kind, &r.key, &r.hash); err != nil {
			return err
		}
		row = &r
		return nil
	}
	if err := readRow(); err != nil {
		return tlog.Tree{}, nil, fmt.Errorf("audit ledger: read records: %w", err)
	}
	for ; next < n; next++ {
		id := tlog.StoredHashIndex(0, next)
		leafStored, okStored, err := stored.at(id)
		if err != nil {
			return tlog.Tree{}, nil, fmt.Errorf("audit ledger: %w", err)
		}
		var leaf tlog.Hash
		switch {
		case row == nil || row.idx > next:
			report(Problem{Index: next, What: "the record row is missing"})
			leaf = leafStored
		default:
			rec := Record{Kind: row.kind, Key: row.key}
			if err := decodeHash(&rec.Hash, row.hash); err != nil {
				report(Problem{Index: next, Kind: row.kind, Key: row.key, What: err.Error()})
				leaf = leafStored
			} else if err := rec.Validate(); err != nil {
				report(Problem{Index: next, Kind: row.kind, Key: row.key, What: err.Error()})
				leaf = leafStored
			} else {
				leaf = rec.LeafHash()
				if okStored && leaf != leafStored {
					report(Problem{Index: next, Kind: row.kind, Key: row.key, What: "the record row does not re-hash to its leaf in the tree (the row or its stored leaf hash was changed)"})
				}
			}
			if err := readRow(); err != nil {
				return tlog.Tree{}, nil, fmt.Errorf("audit ledger: read records: %w", err)
			}
		}
		hs, err := tlog.StoredHashesForRecordHash(next, leaf, reader)
		if err != nil {
			return tlog.Tree{}, nil, fmt.Errorf("audit ledger: rebuild record %d: %w", next, err)
		}
		for j, h := range hs {
			if j == 0 {
				if !okStored {
					report(Problem{Index: next, What: fmt.Sprintf("stored hash %d (its leaf) is missing", id)})
				}
			} else {
				sh, ok, err := stored.at(id + int64(j))
				if err != nil {
					return tlog.Tree{}, nil, fmt.Errorf("audit ledger: %w", err)
				}
				level, k := tlog.SplitStoredHashIndex(id + int64(j))
				switch {
				case !ok:
					report(Problem{Index: -1, What: fmt.Sprintf("stored hash %d (level %d, records %d to %d) is missing", id+int64(j), level, k<<level, (k+1)<<level-1)})
				case sh != h:
					report(Problem{Index: -1, What: fmt.Sprintf("stored hash %d (level %d, records %d to %d) differs from the one rebuilt from the records", id+int64(j), level, k<<level, (k+1)<<level-1)})
				}
			}
			rebuilt = append(rebuilt, h)
		}
	}
	if err := records.Close(); err != nil {
		return tlog.Tree{}, nil, fmt.Errorf("audit ledger: read records: %w", err)
	}
	if err := hashes.Close(); err != nil {
		return tlog.Tree{}, nil, fmt.Errorf("audit ledger: read hashes: %w", err)
	}
	var beyond auditRow
	err = l.db.QueryRowContext(ctx, `SELECT idx, kind, record_key FROM ledger_records WHERE idx >= $1 ORDER BY idx LIMIT 1`, n).Scan(&beyond.idx, &beyond.kind, &beyond.key)
	switch {
	case err == nil:
		report(Problem{Index: -1, What: fmt.Sprintf("record %d (%s %s) and any after it are not in the tree of size %d", beyond.idx, beyond.kind, beyond.key, n)})
	case err != sql.ErrNoRows:
		return tlog.Tree{}, nil, fmt.Errorf("audit ledger: read records: %w", err)
	}
	var extra int64
	if err := l.db.QueryRowContext(ctx, `SELECT count(*) FROM ledger_hashes WHERE id >= $1`, count).Scan(&extra); err != nil {
		return tlog.Tree{}, nil, fmt.Errorf("audit ledger: count hashes: %w", err)
	}
	if extra > 0 {
		report(Problem{Index: -1, What: fmt.Sprintf("%d stored hashes lie beyond the tree of size %d", extra, n)})
	}
	th, err := tlog.TreeHash(n, reader)
	if err != nil {
		return tlog.Tree{}, nil, fmt.Errorf("audit ledger: rebuild tree hash: %w", err)
	}
	return tlog.Tree{N: n, Hash: th}, problems, nil
}

// auditRow is a ledger_records row as stored, before any checking.
type auditRow struct {
	idx             int64
	kind, key, hash string
}

// storedStream walks the stored hashes in id order, for a reader that asks
// for ids in increasing order.
type storedStream struct {
	rows    *sql.Rows
	id      int64
	hash    []byte
	started bool
	done    bool
}

// at returns the stored hash with id, and whether there is one; ids asked
// must increase.
func (s *storedStream) at(id int64) (tlog.Hash, bool, error) {
	for !s.done && (!s.started || s.id < id) {
		s.started = true
		if !s.rows.Next() {
			s.done = true
			if err := s.rows.Err(); err != nil {
				return tlog.Hash{}, false, fmt.Errorf("read hashes: %w", err)
			}
			break
		}
		if err := s.rows.Scan(&s.id, &s.hash); err != nil {
			return tlog.Hash{}, false, fmt.Errorf("read hashes: %w", err)
		}
	}
	if s.done || s.id != id {
		return tlog.Hash{}, false, nil
	}
	if len(s.hash) != tlog.HashSize {
		return tlog.Hash{}, false, fmt.Errorf("stored hash %d has %d bytes: %s", id, len(s.hash), hex.EncodeToString(s.hash))
	}
	return tlog.Hash(s.hash), true, nil
}
