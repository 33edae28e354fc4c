package ledger

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
)

// The checkpoint history (migration 0020, docs/ledger.md, "Checkpoint
// history"): every checkpoint the log signs for a tree size it has not
// signed before is kept in ledger_checkpoints with the time it was signed,
// one row a size. Before keeping one, the log checks that its stored
// hashes still reproduce the largest checkpoint kept: a log whose records
// were removed or rewritten under a published checkpoint is never signed
// again, and says why.

// Kept is a checkpoint of the history: the tree it signs, when it was
// signed, and the signed note as it was published.
type Kept struct {
	Tree     tlog.Tree
	SignedAt time.Time
	Note     []byte
}

// keep adds the signed checkpoint cp of tree to the history, unless the
// history has one of that size; it refuses (trucewatch.ErrConflict) when
// the stored tree no longer extends the largest checkpoint kept, or when
// the one kept of that size has another root.
func (l *Log) keep(ctx context.Context, tree tlog.Tree, cp []byte) error {
	latest, err := l.Checkpoints(ctx, 0, 1)
	if err != nil {
		return err
	}
	if len(latest) == 1 {
		last := latest[0]
		if last.Tree == tree {
			// The tree was just read from the stored hashes and is kept
			// already: the most common request, with nothing to check or
			// write.
			return nil
		}
		// Another request may have kept a larger tree since this one read
		// its size: CheckKept reads the size again.
		if err := l.CheckKept(ctx, last, tree.N); err != nil {
			return fmt.Errorf("ledger: refusing to sign: %w", err)
		}
		if last.Tree.N > tree.N {
			// And the tree read then must be the stored tree's prefix.
			h, err := tlog.TreeHash(tree.N, l.Reader(ctx))
			if err != nil {
				return fmt.Errorf("ledger: the stored tree's first %d records: %w", tree.N, err)
			}
			if h != tree.Hash {
				return fmt.Errorf("ledger: refusing to sign the tree of %d records (root %v): the stored tree's first %d records hash to %v: %w", tree.N, tree.Hash, tree.N, h, trucewatch.ErrConflict)
			}
		}
	}
	n, err := l.insertKept(ctx, tree, cp)
	if err != nil {
		return &notKeptError{fmt.Errorf("keep the checkpoint of %d records: %w", tree.N, err)}
	}
	if n == 1 {
		return nil
	}
	// One of that size was kept meanwhile: it must sign the same tree.
	var root string
	if err := l.db.QueryRowContext(ctx, `SELECT root_hash FROM ledger_checkpoints WHERE tree_size = $1`, tree.N).Scan(&root); err != nil {
		return fmt.Errorf("read the kept checkpoint of %d records: %w", tree.N, err)
	}
	if root != base64.StdEncoding.EncodeToString(tree.Hash[:]) {
		return fmt.Errorf("ledger: refusing to sign: the checkpoint of %d records kept has root %s, the stored tree %v: %w", tree.N, root, tree.Hash, trucewatch.ErrConflict)
	}
	return nil
}

// keepWait is how long keeping a checkpoint waits for another writer
// (a worker's batch, a backfill) to let go of the database: a reader
// asking for the checkpoint must not wait on them.
const keepWait = 250 * time.Millisecond

// notKeptError is a checkpoint that could not be written to the history
// (the database busy): the checkpoint is still good to serve, and a later
// request keeps its size.
type notKeptError struct{ err error }

func (e *notKeptError) Error() string { return e.err.Error() }
func (e *notKeptError) Unwrap() error { return e.err }

// insertKept inserts the checkpoint's row, waiting at most keepWait for
// a lock, and returns how many rows it inserted (0: one of that size is
// there).
func (l *Log) insertKept(ctx context.Context, tree tlog.Tree, cp []byte) (int64, error) {
	const insert = `INSERT INTO ledger_checkpoints (tree_size, root_hash, signed_at, checkpoint)
		VALUES ($1, $2, $3, $4) ON CONFLICT (tree_size) DO NOTHING`
	args := []any{tree.N, base64.StdEncoding.EncodeToString(tree.Hash[:]), l.now().UTC().Truncate(time.Microsecond), string(cp)}
	var res sql.Result
	if l.dialect == Postgres {
		tx, err := l.db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("SET LOCAL lock_timeout = %d", keepWait.Milliseconds())); err != nil {
			return 0, err
		}
		if res, err = tx.ExecContext(ctx, insert, args...); err != nil {
			return 0, err
		}
		if err := tx.Commit(); err != nil {
			return 0, err
		}
	} else {
		// SQLite's wait for the write lock is its connection's
		// busy_timeout: shortened for this statement, then set back.
		conn, err := l.db.Conn(ctx)
		if err != nil {
			return 0, err
		}
		defer conn.Close()
		var was int64
		if err := conn.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&was); err != nil {
			return 0, err
		}
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", keepWait.Milliseconds())); err != nil {
			return 0, err
		}
		defer func() {
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", was)); err != nil {
				conn.Raw(func(any) error { return driver.ErrBadConn }) // not back to the pool with the short wait
			}
		}()
		if res, err = conn.ExecContext(ctx, insert, args...); err != nil {
			return 0, err
		}
	}
	return res.RowsAffected()
}

// CheckKept checks that the kept checkpoint k is of the stored log: that
// the log has at least its records and that the stored hashes of its
// first k.Tree.N records reproduce its root. size is the log's size as
// the caller read it: a checkpoint larger (signed since) is checked
// against the size read again now, and called removed only when the log
// is still smaller. An error wrapping trucewatch.ErrConflict says the log
// was rewritten or shrank under k; any other error (a stored hash that
// cannot be read) proves nothing either way.
func (l *Log) CheckKept(ctx context.Context, k Kept, size int64) error {
	if k.Tree.N > size {
		n, err := readSize(ctx, l.db)
		if err != nil {
			return err
		}
		if n < k.Tree.N {
			return fmt.Errorf("the log has %d records, fewer than the %d of the checkpoint signed at %s: records were removed: %w",
				n, k.Tree.N, Stamp(k.SignedAt), trucewatch.ErrConflict)
		}
	}
	h, err := tlog.TreeHash(k.Tree.N, l.Reader(ctx))
	if err != nil {
		return fmt.Errorf("the stored tree cannot hash its first %d records, the size of the checkpoint signed at %s: %w", k.Tree.N, Stamp(k.SignedAt), err)
	}
	if h != k.Tree.Hash {
		return fmt.Errorf("the stored tree's first %d records hash to %v, but the checkpoint of that size signed at %s has root %v: the log was rewritten: %w",
			k.Tree.N, h, Stamp(k.SignedAt), k.Tree.Hash, trucewatch.ErrConflict)
	}
	return nil
}

// Stamp writes a time as the history does: RFC 3339, UTC, to the second.
func Stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Checkpoints returns the kept checkpoints of trees smaller than before
// (all of them when before is 0 or less), largest (newest) first, at most
// limit.
func (l *Log) Checkpoints(ctx context.Context, before int64, limit int) ([]Kept, error) {
	if before <= 0 {
		before = 1<<63 - 1
	}
	rows, err := l.db.QueryContext(ctx, `SELECT tree_size, root_hash, signed_at, checkpoint FROM ledger_checkpoints
		WHERE tree_size < $1 ORDER BY tree_size DESC LIMIT $2`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("read the checkpoint history: %w", err)
	}
	defer rows.Close()
	var out []Kept
	for rows.Next() {
		var k Kept
		var root, cp string
		if err := rows.Scan(&k.Tree.N, &root, &k.SignedAt, &cp); err != nil {
			return nil, fmt.Errorf("read the checkpoint history: %w", err)
		}
		h, err := base64.StdEncoding.DecodeString(root)
		if err != nil || len(h) != tlog.HashSize {
			return nil, fmt.Errorf("read the checkpoint history: ledger_checkpoints %d: root_hash %q is not a base64 hash", k.Tree.N, root)
		}
		k.Tree.Hash, k.SignedAt, k.Note = tlog.Hash(h), k.SignedAt.UTC(), []byte(cp)
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the checkpoint history: %w", err)
	}
	return out, nil
}

// History is a page of the published checkpoint history
// (/log/checkpoints), newest first. Next, when there are older ones, is
// the query of the next page ("?before=N&limit=L"), a reference relative
// to the page's URL.
type History struct {
	Checkpoints []HistoryEntry `json:"checkpoints"`
	Next        string         `json:"next,omitempty"`
}

// HistoryEntry is a kept checkpoint as published. Only Checkpoint is
// signed: the tree size and root restate its text, and signed_at is the
// monitor's word (a C2SP checkpoint carries no time).
type HistoryEntry struct {
	TreeSize   int64     `json:"tree_size"`
	RootHash   string    `json:"root_hash"` // standard base64, as in the checkpoint
	SignedAt   time.Time `json:"signed_at"`
	Checkpoint string    `json:"checkpoint"`
}

// History pages: DefaultHistoryPage checkpoints unless asked for fewer,
// at most MaxHistoryPage.
const (
	DefaultHistoryPage = 100
	MaxHistoryPage     = 1000
)

// CheckpointsJSON is a page of the history as JSON: up to limit
// checkpoints of trees smaller than before (0: the newest), newest first.
func (p Publisher) CheckpointsJSON(ctx context.Context, before int64, limit int) ([]byte, error) {
	if before < 0 {
		return nil, fmt.Errorf("checkpoint history: before %d: %w", before, trucewatch.ErrInvalid)
	}
	if limit <= 0 || limit > MaxHistoryPage {
		return nil, fmt.Errorf("checkpoint history: limit %d: want 1 to %d: %w", limit, MaxHistoryPage, trucewatch.ErrInvalid)
	}
	kept, err := p.Log.Checkpoints(ctx, before, limit)
	if err != nil {
		return nil, err
	}
	page := History{Checkpoints: []HistoryEntry{}}
	for _, k := range kept {
		page.Checkpoints = append(page.Checkpoints, HistoryEntry{TreeSize: k.Tree.N, RootHash: base64.StdEncoding.EncodeToString(k.Tree.Hash[:]),
			SignedAt: k.SignedAt, Checkpoint: string(k.Note)})
	}
	if len(kept) == limit && kept[len(kept)-1].Tree.N > 0 {
		page.Next = "?" + url.Values{"before": {strconv.FormatInt(kept[len(kept)-1].Tree.N, 10)}, "limit": {strconv.Itoa(limit)}}.Encode()
	}
	return json.MarshalIndent(page, "", "  ")
}

// WalkHistory reads the published history from the log at h, page by
// page (following each page's next), and calls fn with each checkpoint,
// newest (largest) first, stopping at fn's first error. A page must hold
// only trees smaller than the checkpoint before it, none negative: the
// sizes fall with every checkpoint, so a server cannot make it loop.
func (h *HTTPTiles) WalkHistory(fn func(HistoryEntry) error) error {
	last := int64(math.MaxInt64)
	next := "checkpoints"
	for page := 1; next != ""; page++ {
		b, err := h.Get(next)
		if err != nil {
			return fmt.Errorf("checkpoint history: %w", err)
		}
		var p History
		if err := json.Unmarshal(b, &p); err != nil {
			return fmt.Errorf("checkpoint history, page %d (%s): %w", page, next, err)
		}
		for _, e := range p.Checkpoints {
			if e.TreeSize < 0 {
				return fmt.Errorf("checkpoint history, page %d (%s): a checkpoint of %d records: %w", page, next, e.TreeSize, trucewatch.ErrInvalid)
			}
			if e.TreeSize >= last {
				return fmt.Errorf("checkpoint history, page %d (%s): the checkpoint of %d records comes after that of %d: want the largest first, each size once: %w",
					page, next, e.TreeSize, last, trucewatch.ErrInvalid)
			}
			last = e.TreeSize
			if err := fn(e); err != nil {
				return err
			}
		}
		if p.Next != "" && len(p.Checkpoints) == 0 {
			return fmt.Errorf("checkpoint history, page %d (%s): an empty page with a next page: %w", page, next, trucewatch.ErrInvalid)
		}
		next = ""
		if p.Next != "" {
			q, ok := strings.CutPrefix(p.Next, "?")
			if _, err := url.ParseQuery(q); !ok || err != nil {
				return fmt.Errorf("checkpoint history, page %d: next %q is not a query (?before=N) of /log/checkpoints: %w", page, p.Next, trucewatch.ErrInvalid)
			}
			next = "checkpoints?" + q
		}
	}
	return nil
}

// Consistent checks that tree old is a prefix of tree new with a
// consistency proof built from r's tiles, each checked against new's root
// before use (tlog.TileHashReader). An error wrapping ErrInconsistent
// means the proof was built and fails, or that new is smaller than old:
// the two trees are not of one log. Any other error (a tile that cannot be
// fetched or does not match new) proves nothing either way.
func Consistent(r tlog.TileReader, old, new tlog.Tree) error {
	switch {
	case old.N > new.N:
		return fmt.Errorf("the tree of %d records is smaller than the earlier one of %d: %w", new.N, old.N, ErrInconsistent)
	case old.N == new.N:
		if old.Hash != new.Hash {
			return fmt.Errorf("two trees of %d records with different roots, %v and %v: %w", new.N, old.Hash, new.Hash, ErrInconsistent)
		}
		return nil
	case old.N == 0:
		if err := VerifyTree(nil, old, new); err != nil {
			return fmt.Errorf("%w: %w", err, ErrInconsistent)
		}
		return nil
	}
	p, err := tlog.ProveTree(new.N, old.N, tlog.TileHashReader(new, r))
	if err != nil {
		return fmt.Errorf("prove the tree of %d records is a prefix of the tree of %d from the tiles: %w", old.N, new.N, err)
	}
	if err := VerifyTree(p, old, new); err != nil {
		return fmt.Errorf("%w: %w", err, ErrInconsistent)
	}
	return nil
}

// ErrInconsistent marks two signed trees that cannot both be of one
// append-only log: a fork, or a log that shrank.
var ErrInconsistent = errors.New("inconsistent trees")
