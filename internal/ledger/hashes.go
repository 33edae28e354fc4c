package ledger

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// hashReader reads the tree's stored hashes from the ledger_hashes table,
// in one query per call (per 500 indexes).
type hashReader struct {
	ctx context.Context
	q   querier
}

var _ tlog.HashReader = (*hashReader)(nil)

// Reader returns a tlog.HashReader over the stored hashes, for tlog's own
// functions; ctx bounds its queries.
func (l *Log) Reader(ctx context.Context) tlog.HashReader { return &hashReader{ctx: ctx, q: l.db} }

// ReadHashes returns the stored hashes at indexes, in their order.
func (r *hashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	found := make(map[int64]tlog.Hash, len(indexes))
	for rest := indexes; len(rest) > 0; {
		chunk := rest[:min(len(rest), 500)]
		rest = rest[len(chunk):]
		marks := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for i, id := range chunk {
			marks[i] = fmt.Sprintf("$%d", i+1)
			args[i] = id
		}
		rows, err := r.q.QueryContext(r.ctx, `SELECT id, hash FROM ledger_hashes WHERE id IN (`+strings.Join(marks, ", ")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("read ledger hashes: %w", err)
		}
		for rows.Next() {
			var id int64
			var b []byte
			if err := rows.Scan(&id, &b); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read ledger hashes: %w", err)
			}
			if len(b) != tlog.HashSize {
				rows.Close()
				return nil, fmt.Errorf("read ledger hashes: stored hash %d has %d bytes, want %d", id, len(b), tlog.HashSize)
			}
			found[id] = tlog.Hash(b)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read ledger hashes: %w", err)
		}
		rows.Close()
	}
	out := make([]tlog.Hash, len(indexes))
	for i, id := range indexes {
		h, ok := found[id]
		if !ok {
			level, n := tlog.SplitStoredHashIndex(id)
			return nil, fmt.Errorf("read ledger hashes: stored hash %d (level %d, n %d) is missing", id, level, n)
		}
		out[i] = h
	}
	return out, nil
}

// cachedReader answers from cache what it can and asks next for the rest
// in one call, keeping what next returns.
type cachedReader struct {
	next  tlog.HashReader
	cache map[int64]tlog.Hash
}

func (r *cachedReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	var missing []int64
	for _, id := range indexes {
		if _, ok := r.cache[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		hs, err := r.next.ReadHashes(missing)
		if err != nil {
			return nil, err
		}
		for i, id := range missing {
			r.cache[id] = hs[i]
		}
	}
	out := make([]tlog.Hash, len(indexes))
	for i, id := range indexes {
		out[i] = r.cache[id]
	}
	return out, nil
}
