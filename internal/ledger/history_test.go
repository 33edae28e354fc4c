package ledger_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

// TestHistory, on each engine: the log keeps the first checkpoint it
// signs of each tree size, with the time it was signed, and lists them
// newest first, in pages; a new Log over the same database (a restart)
// reads them back; a signer that read an older tree than the largest kept
// still keeps it; and a log whose records were rewritten or removed under
// a kept checkpoint is not signed again, and says why.
func TestHistory(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			l := openLog(t, e)
			clock := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)
			l.log.WithClock(func() time.Time { clock = clock.Add(time.Minute); return clock })
			signer, verifier := mustKey(t, "monitor.example/ledger")
			r := rand.New(rand.NewPCG(3, 20))
			sign := func() tlog.Tree {
				t.Helper()
				cp, tree, err := l.log.SignedTree(ctx, signer)
				if err != nil {
					t.Fatalf("SignedTree: %v", err)
				}
				if c, err := ledger.VerifyCheckpoint(cp, verifier); err != nil || c.Tree != tree {
					t.Fatalf("SignedTree signed %+v, %v; want %+v", c, err, tree)
				}
				return tree
			}
			sign() // the empty tree
			l.appendTx(t, true, randomRecords(r, 0, 3)...)
			t3 := sign()
			sign() // the same size again: not kept twice
			if _, err := l.log.Checkpoint(ctx, signer); err != nil {
				t.Fatal(err)
			}
			l.appendTx(t, true, randomRecords(r, 3, 2)...)
			t5 := sign()

			kept, err := l.log.Checkpoints(ctx, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			var sizes []int64
			for _, k := range kept {
				sizes = append(sizes, k.Tree.N)
				if c, err := ledger.VerifyCheckpoint(k.Note, verifier); err != nil || c.Tree != k.Tree {
					t.Errorf("kept checkpoint of %d: %+v, %v", k.Tree.N, c, err)
				}
			}
			if len(kept) != 3 || sizes[0] != 5 || sizes[1] != 3 || sizes[2] != 0 || kept[0].Tree != t5 || kept[1].Tree != t3 {
				t.Fatalf("kept %v; want the trees of 5, 3 and 0 records, newest first", sizes)
			}
			// Signed at the first signing of each size, to the microsecond.
			first3 := time.Date(2026, 3, 1, 12, 2, 0, 123456000, time.UTC)
			if !kept[1].SignedAt.Equal(first3) || !kept[0].SignedAt.After(kept[1].SignedAt) {
				t.Errorf("signed at %v and %v; want %v for the tree of 3 and later for 5", kept[1].SignedAt, kept[0].SignedAt, first3)
			}

			// Pages, as the server publishes them.
			pub := ledger.Publisher{Log: l.log, Signer: signer}
			var page ledger.History
			b, err := pub.CheckpointsJSON(ctx, 0, 2)
			if err != nil || json.Unmarshal(b, &page) != nil || len(page.Checkpoints) != 2 || page.Checkpoints[0].TreeSize != 5 ||
				page.Next != "?before=3&limit=2" || page.Checkpoints[1].Checkpoint != string(kept[1].Note) {
				t.Fatalf("first page: %s, %v", b, err)
			}
			page = ledger.History{}
			b, err = pub.CheckpointsJSON(ctx, 3, 2)
			if err != nil || json.Unmarshal(b, &page) != nil || len(page.Checkpoints) != 1 || page.Checkpoints[0].TreeSize != 0 || page.Next != "" {
				t.Fatalf("second page: %s, %v", b, err)
			}
			for _, bad := range [][2]int{{-1, 10}, {0, 0}, {0, ledger.MaxHistoryPage + 1}} {
				if _, err := pub.CheckpointsJSON(ctx, int64(bad[0]), bad[1]); !errors.Is(err, trucewatch.ErrInvalid) {
					t.Errorf("CheckpointsJSON(before %d, limit %d) = %v, want ErrInvalid", bad[0], bad[1], err)
				}
			}

			// Restarted: a new Log over the same database has the history.
			again := ledger.New(l.db, dialectOf(e))
			if k, err := again.Checkpoints(ctx, 0, 10); err != nil || len(k) != 3 || k[0].Tree != t5 || !k[0].SignedAt.Equal(kept[0].SignedAt) {
				t.Fatalf("after a restart: %d kept, %v", len(k), err)
			}

			// Two signers racing: one read the tree of 4 records before
			// the other kept 5. The tree of 4 is a prefix, so it is kept.
			h4, err := tlog.TreeHash(4, l.log.Reader(ctx))
			if err != nil {
				t.Fatal(err)
			}
			t4 := tlog.Tree{N: 4, Hash: h4}
			cp4, err := ledger.SignCheckpoint(ledger.Checkpoint{Origin: signer.Name(), Tree: t4}, signer)
			if err != nil {
				t.Fatal(err)
			}
			if err := ledger.Keep(l.log, ctx, t4, cp4); err != nil {
				t.Errorf("keep a stale tree of 4 after 5: %v", err)
			}
			// A forged tree of 4 is not, nor one of 2 (a size not kept).
			if err := ledger.Keep(l.log, ctx, tlog.Tree{N: 4, Hash: t3.Hash}, cp4); !errors.Is(err, trucewatch.ErrConflict) {
				t.Errorf("keep another root for 4 = %v, want ErrConflict", err)
			}
			if err := ledger.Keep(l.log, ctx, tlog.Tree{N: 2, Hash: t3.Hash}, cp4); !errors.Is(err, trucewatch.ErrConflict) {
				t.Errorf("keep a forged tree of 2 = %v, want ErrConflict", err)
			}
			// A stored hash that cannot be read proves nothing: an error,
			// not a conflict (a 500, not a 409).
			first4 := tlog.StoredHashIndex(2, 0) // the node of records 0 to 3
			if _, err := l.db.ExecContext(ctx, `UPDATE ledger_hashes SET hash = $1 WHERE id = $2`, []byte{1}, first4); err != nil {
				t.Fatal(err)
			}
			if err := ledger.Keep(l.log, ctx, t4, cp4); err == nil || errors.Is(err, trucewatch.ErrConflict) || !strings.Contains(err.Error(), "has 1 bytes") {
				t.Errorf("keep with an unreadable stored hash = %v, want a read error, no conflict", err)
			}
			if _, err := l.db.ExecContext(ctx, `UPDATE ledger_hashes SET hash = $1 WHERE id = $2`, t4.Hash[:], first4); err != nil {
				t.Fatal(err)
			}
			// A stored root that does not read is an error, not bad input.
			if _, err := l.db.ExecContext(ctx, `UPDATE ledger_checkpoints SET root_hash = 'not base64' WHERE tree_size = 5`); err != nil {
				t.Fatal(err)
			}
			if _, err := l.log.Checkpoints(ctx, 0, 10); err == nil || errors.Is(err, trucewatch.ErrInvalid) || !strings.Contains(err.Error(), "ledger_checkpoints 5") {
				t.Errorf("Checkpoints with a bad root_hash = %v, want an error naming the row, not ErrInvalid", err)
			}
			if _, err := l.db.ExecContext(ctx, `UPDATE ledger_checkpoints SET root_hash = $1 WHERE tree_size = 5`, base64.StdEncoding.EncodeToString(t5.Hash[:])); err != nil {
				t.Fatal(err)
			}

			// The log rewritten under its checkpoints: every record
			// replaced by others, more of them.
			for _, q := range []string{`DELETE FROM ledger_records`, `DELETE FROM ledger_hashes`, `UPDATE ledger_tree SET size = 0`} {
				if _, err := l.db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			l.appendTx(t, true, randomRecords(r, 100, 8)...)
			if _, _, err := l.log.SignedTree(ctx, signer); !errors.Is(err, trucewatch.ErrConflict) || !strings.Contains(err.Error(), "the stored tree's first 5 records hash to") ||
				!strings.Contains(err.Error(), "the log was rewritten") {
				t.Errorf("SignedTree of a rewritten log = %v; want a refusal naming the checkpoint of 5 records", err)
			}
			// Records removed: the size set back below the largest kept.
			if _, err := l.db.ExecContext(ctx, `UPDATE ledger_tree SET size = 2`); err != nil {
				t.Fatal(err)
			}
			if _, _, err := l.log.SignedTree(ctx, signer); !errors.Is(err, trucewatch.ErrConflict) || !strings.Contains(err.Error(), "the log has 2 records, fewer than the 5") {
				t.Errorf("SignedTree of a shrunk log = %v; want a refusal", err)
			}
			if k, err := l.log.Checkpoints(ctx, 0, 10); err != nil || len(k) != 4 || k[0].Tree != t5 {
				t.Errorf("after the refusals: %d kept, %v; want 4, the largest still of 5 records", len(k), err)
			}
		})
	}
}

// dialectOf is the ledger's dialect of engine e.
func dialectOf(e storetest.Engine) ledger.Dialect {
	if e.Name == "postgres" {
		return ledger.Postgres
	}
	return ledger.SQLite
}

// publisherTiles reads a log's tiles straight from its publisher, as a
// tlog.TileReader.
type publisherTiles struct {
	ctx context.Context
	pub ledger.Publisher
}

func (publisherTiles) Height() int { return ledger.TileHeight }
func (p publisherTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		b, _, err := p.pub.Tile(p.ctx, ledger.TilePath(t))
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}
func (publisherTiles) SaveTiles([]tlog.Tile, [][]byte) {}

// TestConsistent: a tree is proved a prefix of a later one from the
// later one's tiles; a fork, a smaller tree and another root of the same
// size are ErrInconsistent; tiles of another tree prove nothing, and are
// not called a fork.
func TestConsistent(t *testing.T) {
	ctx := context.Background()
	e := storetest.Engines(t)[0]
	signer, _ := mustKey(t, "monitor.example/ledger")
	r := rand.New(rand.NewPCG(5, 6))
	recs := randomRecords(r, 0, 700)
	a, fork := openLog(t, e), openLog(t, e)
	a.appendTx(t, true, recs[:300]...)
	a300, _ := a.log.Tree(ctx)
	a.appendTx(t, true, recs[300:]...)
	a700, _ := a.log.Tree(ctx)
	forged := append(randomRecords(r, 5000, 1), recs[1:]...) // record 0 replaced
	fork.appendTx(t, true, forged...)
	f700, _ := fork.log.Tree(ctx)
	aTiles := publisherTiles{ctx, ledger.Publisher{Log: a.log, Signer: signer}}
	forkTiles := publisherTiles{ctx, ledger.Publisher{Log: fork.log, Signer: signer}}
	tests := []struct {
		name         string
		tiles        tlog.TileReader
		old, new     tlog.Tree
		ok, inconsis bool
	}{
		{"growth", aTiles, a300, a700, true, false},
		{"no change", aTiles, a700, a700, true, false},
		{"from the empty tree", aTiles, tlog.Tree{N: 0, Hash: mustTreeHash(t, 0)}, a700, true, false},
		{"fork", forkTiles, a300, f700, false, true},
		{"same size, another root", aTiles, f700, a700, false, true},
		{"smaller", aTiles, a700, a300, false, true},
		{"tiles of another tree", aTiles, a300, f700, false, false},
	}
	for _, tt := range tests {
		err := ledger.Consistent(tt.tiles, tt.old, tt.new)
		if tt.ok != (err == nil) || tt.inconsis != errors.Is(err, ledger.ErrInconsistent) {
			t.Errorf("%s: Consistent = %v; want ok %v, inconsistent %v", tt.name, err, tt.ok, tt.inconsis)
		}
	}
}

func mustTreeHash(t *testing.T, n int64) tlog.Hash {
	h, err := tlog.TreeHash(n, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestWalkHistory reads a history of six checkpoints over HTTP, two a
// page, largest first; a server whose pages loop, or whose sizes are
// negative, is refused.
func TestWalkHistory(t *testing.T) {
	ctx := context.Background()
	l := openLog(t, storetest.Engines(t)[0])
	signer, _ := mustKey(t, "monitor.example/ledger")
	pub := ledger.Publisher{Log: l.log, Signer: signer}
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 6 {
		l.appendTx(t, true, randomRecords(r, 10*i, 1+i)...)
		if _, err := pub.SignedCheckpoint(ctx); err != nil {
			t.Fatal(err)
		}
	}
	loop, negative, requests := false, false, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		if negative {
			if requests > 50 {
				http.Error(w, "walked 50 pages of the same history", 500)
				return
			}
			fmt.Fprint(w, `{"checkpoints":[{"tree_size":-1,"root_hash":"","checkpoint":""}],"next":"?before=-1"}`)
			return
		}
		before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
		if loop {
			before = 0
		}
		b, err := pub.CheckpointsJSON(r.Context(), before, 2)
		if err != nil || r.URL.Path != "/log/checkpoints" {
			http.Error(w, fmt.Sprint(err), 500)
			return
		}
		w.Write(b)
	}))
	defer srv.Close()
	tiles := &ledger.HTTPTiles{Base: srv.URL + "/log/"}
	var sizes []int64
	if err := tiles.WalkHistory(func(e ledger.HistoryEntry) error { sizes = append(sizes, e.TreeSize); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sizes) != "[21 15 10 6 3 1]" {
		t.Errorf("walked %v; want the six trees, largest first", sizes)
	}
	loop = true
	if err := tiles.WalkHistory(func(ledger.HistoryEntry) error { return nil }); !errors.Is(err, trucewatch.ErrInvalid) || !strings.Contains(err.Error(), "comes after") {
		t.Errorf("a looping history: %v, want ErrInvalid", err)
	}
	// Negative sizes, page after page: refused at the first.
	negative, requests = true, 0
	if err := tiles.WalkHistory(func(ledger.HistoryEntry) error { return nil }); !errors.Is(err, trucewatch.ErrInvalid) || requests != 1 {
		t.Errorf("a history of negative sizes: %v after %d requests, want ErrInvalid after 1", err, requests)
	}
}

// TestKeepBusy, on each engine: while another writer holds the database
// (here, one keeping the same size, not committed), signing the current
// tree still answers at once, the checkpoint served but not kept, and
// says so in the log; once the writer is gone, a later signing keeps it.
func TestKeepBusy(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			l := openLog(t, e)
			var logged bytes.Buffer
			l.log.WithLogger(slog.New(slog.NewTextHandler(&logged, nil)))
			signer, verifier := mustKey(t, "monitor.example/ledger")
			l.appendTx(t, true, randomRecords(rand.New(rand.NewPCG(5, 6)), 0, 4)...)
			tree, err := l.log.Tree(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			holder, err := l.db.BeginTx(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer holder.Rollback()
			if _, err := holder.Exec(`INSERT INTO ledger_checkpoints (tree_size, root_hash, signed_at, checkpoint) VALUES ($1, $2, $3, $4)`,
				tree.N, base64.StdEncoding.EncodeToString(tree.Hash[:]), time.Now().UTC(), "held"); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			cp, signed, err := l.log.SignedTree(ctx, signer)
			cancel()
			if err != nil || signed != tree {
				t.Fatalf("SignedTree while another writer holds the database: %v, tree %+v; want the checkpoint of %+v served", err, signed, tree)
			}
			if c, err := ledger.VerifyCheckpoint(cp, verifier); err != nil || c.Tree != tree {
				t.Errorf("the checkpoint served: %+v, %v", c, err)
			}
			if !strings.Contains(logged.String(), "not kept in the history") {
				t.Errorf("logged %q; want the checkpoint not kept", logged.String())
			}
			holder.Rollback()
			if _, _, err := l.log.SignedTree(context.Background(), signer); err != nil {
				t.Fatal(err)
			}
			if k, err := l.log.Checkpoints(context.Background(), 0, 10); err != nil || len(k) != 1 || k[0].Tree != tree || string(k[0].Note) == "held" {
				t.Errorf("after the writer: %d kept, %v; want the tree of %d records", len(k), err, tree.N)
			}
		})
	}
}

// TestSignParallel, on each engine: signers running at the same time as
// an appender never refuse (each tree they read is a prefix of the
// stored one) and never fail, and every checkpoint kept is of the final
// log.
func TestSignParallel(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			l := openLog(t, e)
			l.log.WithLogger(slog.New(slog.DiscardHandler))
			signer, verifier := mustKey(t, "monitor.example/ledger")
			ctx := context.Background()
			done := make(chan struct{})
			errs := make(chan error, 4)
			for range 4 {
				go func() {
					var err error
					for err == nil {
						select {
						case <-done:
							errs <- nil
							return
						default:
						}
						_, _, err = l.log.SignedTree(ctx, signer)
					}
					errs <- err
				}()
			}
			// The signers keep a size only when the write lock is free within
			// keep's short wait, so while the appender holds it they may keep
			// none (SQLite). Waiting for them to keep the first and the last
			// size makes "several sizes" independent of the machine's speed.
			waitKept := func() {
				tree, err := l.log.Tree(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
					if k, err := l.log.Checkpoints(ctx, 0, 1); err == nil && len(k) == 1 && k[0].Tree.N == tree.N {
						return
					}
					if time.Now().After(deadline) {
						t.Fatalf("no signer kept the tree of %d records in 10 s", tree.N)
					}
				}
			}
			r := rand.New(rand.NewPCG(9, 10))
			for i := range 40 {
				l.appendTx(t, true, randomRecords(r, 3*i, 1+i%3)...)
				if i == 0 {
					waitKept()
				}
			}
			waitKept()
			close(done)
			for range 4 {
				if err := <-errs; err != nil {
					t.Errorf("a signer: %v", err)
				}
			}
			final, err := l.log.Tree(ctx)
			if err != nil {
				t.Fatal(err)
			}
			kept, err := l.log.Checkpoints(ctx, 0, ledger.MaxHistoryPage)
			if err != nil {
				t.Fatal(err)
			}
			if len(kept) < 2 {
				t.Errorf("%d checkpoints kept; want the signers to have kept several sizes", len(kept))
			}
			for _, k := range kept {
				if c, err := ledger.VerifyCheckpoint(k.Note, verifier); err != nil || c.Tree != k.Tree {
					t.Errorf("kept checkpoint of %d records: %+v, %v", k.Tree.N, c, err)
				}
				if err := l.log.CheckKept(ctx, k, final.N); err != nil {
					t.Errorf("kept checkpoint of %d records: %v", k.Tree.N, err)
				}
			}
			t.Logf("%d checkpoints kept while %d records were appended", len(kept), final.N)
		})
	}
}
