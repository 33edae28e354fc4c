package ledger_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

func TestLeaf(t *testing.T) {
	h := sha256.Sum256([]byte("raw bytes"))
	tests := []struct {
		rec     ledger.Record
		leaf    string
		invalid bool
	}{
		{ledger.Record{Kind: "report", Key: "r-1", Hash: h}, "report\x00r-1\x00" + fmt.Sprintf("%x", h) + "\n", false},
		{ledger.Record{Kind: "decision", Key: "42"}, "decision\x0042\x00" + strings.Repeat("0", 64) + "\n", false},
		{ledger.Record{Kind: "incident", Key: "inc 7 / v3 ü"}, "incident\x00inc 7 / v3 ü\x00" + strings.Repeat("0", 64) + "\n", false},
		{rec: ledger.Record{Kind: "rumour", Key: "x"}, invalid: true},
		{rec: ledger.Record{Kind: "report", Key: ""}, invalid: true},
		{rec: ledger.Record{Kind: "report", Key: "a\nb"}, invalid: true},
		{rec: ledger.Record{Kind: "report", Key: "a\x00b"}, invalid: true},
	}
	for _, tt := range tests {
		err := tt.rec.Validate()
		if tt.invalid {
			if !errors.Is(err, trucewatch.ErrInvalid) {
				t.Errorf("%+v: Validate = %v, want ErrInvalid", tt.rec, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%+v: Validate = %v", tt.rec, err)
		}
		if got := string(tt.rec.Leaf()); got != tt.leaf {
			t.Errorf("%+v: Leaf = %q, want %q", tt.rec, got, tt.leaf)
		}
		if got := tt.rec.LeafHash(); got != tlog.RecordHash([]byte(tt.leaf)) {
			t.Errorf("%+v: LeafHash is not tlog.RecordHash of the leaf", tt.rec)
		}
		back, err := ledger.ParseLeaf(tt.rec.Leaf())
		if err != nil || back != tt.rec {
			t.Errorf("ParseLeaf(Leaf(%+v)) = %+v, %v", tt.rec, back, err)
		}
	}
	for _, bad := range []string{"", "report\x00k\x00abc\n", "report\x00k\x00" + strings.Repeat("A", 64) + "\n",
		"report\x00k\x00" + strings.Repeat("0", 64), "report\x00k\x00x\x00" + strings.Repeat("0", 64) + "\n"} {
		if _, err := ledger.ParseLeaf([]byte(bad)); !errors.Is(err, trucewatch.ErrInvalid) {
			t.Errorf("ParseLeaf(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestCheckpointText(t *testing.T) {
	c := ledger.Checkpoint{Origin: "monitor.example/ledger", Tree: tlog.Tree{N: 12, Hash: tlog.RecordHash([]byte("x"))}}
	back, err := ledger.ParseCheckpoint(c.Text())
	if err != nil || back != c {
		t.Fatalf("ParseCheckpoint(Text()) = %+v, %v; want %+v", back, err, c)
	}
	if _, err := ledger.ParseCheckpoint(append(c.Text(), "extension line\n"...)); err != nil {
		t.Errorf("extension lines: %v", err)
	}
	for _, bad := range []string{"", "o\n12\n", "\n12\nAAAA\n", "o\n-1\n" + strings.Split(string(c.Text()), "\n")[2] + "\n",
		"o\n012\n" + strings.Split(string(c.Text()), "\n")[2] + "\n", "o\n12\nAAAA\n", "o\n12\n" + strings.Split(string(c.Text()), "\n")[2]} {
		if _, err := ledger.ParseCheckpoint([]byte(bad)); !errors.Is(err, trucewatch.ErrInvalid) {
			t.Errorf("ParseCheckpoint(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

// mustKey makes a signer and its verifier named name.
func mustKey(t testing.TB, name string) (note.Signer, note.Verifier) {
	t.Helper()
	skey, vkey, err := ledger.NewKey(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

func TestVerifyCheckpoint(t *testing.T) {
	signer, verifier := mustKey(t, "monitor.example/ledger")
	_, other := mustKey(t, "monitor.example/ledger") // same name, another key
	_, stranger := mustKey(t, "elsewhere.example/log")
	witness, witnessV := mustKey(t, "witness.example")
	c := ledger.Checkpoint{Origin: "monitor.example/ledger", Tree: tlog.Tree{N: 3, Hash: tlog.RecordHash([]byte("root"))}}
	msg, err := ledger.SignCheckpoint(c, signer)
	if err != nil {
		t.Fatal(err)
	}
	cosigned, err := note.Sign(&note.Note{Text: string(c.Text())}, signer, witness)
	if err != nil {
		t.Fatal(err)
	}
	byWitness, err := ledger.SignCheckpoint(c, witness) // not the origin's key
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		msg       []byte
		verifiers []note.Verifier
		ok        bool
	}{
		{"its key", msg, []note.Verifier{verifier}, true},
		{"among others", msg, []note.Verifier{stranger, verifier}, true},
		{"cosigned by a witness", cosigned, []note.Verifier{verifier, witnessV}, true},
		{"another key of the same name", msg, []note.Verifier{other}, false},
		{"another name", msg, []note.Verifier{stranger}, false},
		{"no keys", msg, nil, false},
		{"signed only by a witness", byWitness, []note.Verifier{witnessV}, false},
		{"text changed", bytes.Replace(msg, []byte("\n3\n"), []byte("\n4\n"), 1), []note.Verifier{verifier}, false},
	}
	for _, tt := range tests {
		got, err := ledger.VerifyCheckpoint(tt.msg, tt.verifiers...)
		if tt.ok && (err != nil || got != c) {
			t.Errorf("%s: VerifyCheckpoint = %+v, %v; want %+v", tt.name, got, err, c)
		}
		if !tt.ok && !errors.Is(err, trucewatch.ErrInvalid) {
			t.Errorf("%s: VerifyCheckpoint = %+v, %v; want ErrInvalid", tt.name, got, err)
		}
	}
}

// testLog is a log on one engine, with the raw database under it for
// transactions of the test's own and for tampering.
type testLog struct {
	db  *sql.DB
	log *ledger.Log
}

// openLog migrates a new database on engine e and opens the log in it.
func openLog(t *testing.T, e storetest.Engine) testLog {
	t.Helper()
	dsn := e.DSN(t)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	var db *sql.DB
	dialect := ledger.SQLite
	if store.EngineOf(dsn) == store.Postgres {
		dialect = ledger.Postgres
		db, err = sql.Open("pgx", dsn)
	} else {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
		db, err = sql.Open("sqlite", "file:"+dsn+"?"+q.Encode())
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return testLog{db: db, log: ledger.New(db, dialect)}
}

// appendTx appends recs in a transaction, committed or rolled back.
func (l testLog) appendTx(t testing.TB, commit bool, recs ...ledger.Record) int64 {
	t.Helper()
	ctx := context.Background()
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	first, err := l.log.Append(ctx, tx, recs...)
	if err != nil {
		tx.Rollback()
		t.Fatalf("Append: %v", err)
	}
	if !commit {
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		return first
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return first
}

var allKinds = []string{ledger.KindReport, ledger.KindClaims, ledger.KindIncident, ledger.KindAssessment, ledger.KindAgreement, ledger.KindDecision}

// randomRecords makes n records with keys from seq on.
func randomRecords(r *rand.Rand, seq, n int) []ledger.Record {
	out := make([]ledger.Record, n)
	for i := range out {
		k := allKinds[r.IntN(len(allKinds))]
		key := fmt.Sprintf("%s-%d", k, seq+i)
		out[i] = ledger.Record{Kind: k, Key: key, Hash: sha256.Sum256([]byte(key))}
	}
	return out
}

// memoryTree is the oracle: the tree of recs built by tlog in memory.
func memoryTree(t testing.TB, recs []ledger.Record) tlog.Tree {
	t.Helper()
	var hashes []tlog.Hash
	r := tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ids))
		for i, id := range ids {
			out[i] = hashes[id]
		}
		return out, nil
	})
	for i, rec := range recs {
		hs, err := tlog.StoredHashes(int64(i), rec.Leaf(), r)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, hs...)
	}
	h, err := tlog.TreeHash(int64(len(recs)), r)
	if err != nil {
		t.Fatal(err)
	}
	return tlog.Tree{N: int64(len(recs)), Hash: h}
}

// TestAppendAndProve is a property test on each engine: random batches in
// transactions, some rolled back; the stored tree always equals the tree
// tlog builds in memory from the committed records; every inclusion proof
// asked verifies (and fails for another record), and so does every
// consistency proof between the trees seen.
func TestAppendAndProve(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			for seed := range uint64(3) {
				r := rand.New(rand.NewPCG(seed, 14))
				l := openLog(t, e)
				var committed []ledger.Record
				trees := []tlog.Tree{{N: 0, Hash: memoryTree(t, nil).Hash}}
				for batch := range 12 {
					n := r.IntN(40)
					if batch%4 == 3 {
						n = 100 + r.IntN(300) // past a full statement of rows (insertChunk) on both engines
					}
					recs := randomRecords(r, len(committed)+1000*batch, n)
					commit := r.IntN(4) != 0
					if first := l.appendTx(t, commit, recs...); first != int64(len(committed)) {
						t.Fatalf("batch %d: first index %d, want %d", batch, first, len(committed))
					}
					if commit {
						committed = append(committed, recs...)
					}
					tree, err := l.log.Tree(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if want := memoryTree(t, committed); tree != want {
						t.Fatalf("seed %d batch %d (commit %v): Tree = %d %v, want %d %v", seed, batch, commit, tree.N, tree.Hash, want.N, want.Hash)
					}
					trees = append(trees, tree)
				}
				final := trees[len(trees)-1]
				for range 30 {
					if len(committed) == 0 {
						break
					}
					i := r.IntN(len(committed))
					rec, err := l.log.Record(ctx, int64(i))
					if err != nil || rec != committed[i] {
						t.Fatalf("Record(%d) = %+v, %v; want %+v", i, rec, err, committed[i])
					}
					p, err := l.log.ProveRecord(ctx, int64(i), final)
					if err != nil {
						t.Fatal(err)
					}
					if err := ledger.VerifyRecord(p, final, int64(i), rec); err != nil {
						t.Errorf("record %d: %v", i, err)
					}
					forged := rec
					forged.Hash[0] ^= 1
					if ledger.VerifyRecord(p, final, int64(i), forged) == nil {
						t.Errorf("record %d: a changed record verifies", i)
					}
				}
				for i, old := range trees {
					for _, new := range trees[i:] {
						p, err := l.log.ProveTree(ctx, old, new)
						if err != nil {
							t.Fatal(err)
						}
						if err := ledger.VerifyTree(p, old, new); err != nil {
							t.Errorf("tree %d → %d: %v", old.N, new.N, err)
						}
						if old.N > 0 && old.N < new.N {
							wrong := old
							wrong.Hash[0] ^= 1
							if ledger.VerifyTree(p, wrong, new) == nil {
								t.Errorf("tree %d → %d: a changed old tree verifies", old.N, new.N)
							}
						}
					}
				}
				audited, problems, err := l.log.Audit(ctx)
				if err != nil || len(problems) > 0 || audited != final {
					t.Errorf("Audit = %v, %v, %v; want %v and no problems", audited, problems, err, final)
				}
				if _, err := l.log.Record(ctx, int64(len(committed))); !errors.Is(err, trucewatch.ErrNotFound) {
					t.Errorf("Record past the end: %v, want ErrNotFound", err)
				}
			}
		})
	}
}

// TestAppendInvalid: a bad record appends nothing.
func TestAppendInvalid(t *testing.T) {
	ctx := context.Background()
	l := openLog(t, storetest.Engines(t)[0])
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := l.log.Append(ctx, tx, ledger.Record{Kind: "report", Key: "ok"}, ledger.Record{Kind: "gossip", Key: "x"}); !errors.Is(err, trucewatch.ErrInvalid) {
		t.Errorf("Append of a bad kind = %v, want ErrInvalid", err)
	}
}

// TestConcurrentAppends: appends from many goroutines at once are
// serialised; none is lost and the tree stays whole.
func TestConcurrentAppends(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			l := openLog(t, e)
			const workers, batches, size = 6, 8, 5
			var wg sync.WaitGroup
			errs := make(chan error, workers*batches)
			for w := range workers {
				wg.Go(func() {
					r := rand.New(rand.NewPCG(uint64(w), 1))
					for b := range batches {
						tx, err := l.db.BeginTx(ctx, nil)
						if err != nil {
							errs <- err
							return
						}
						if _, err := l.log.Append(ctx, tx, randomRecords(r, 1000*w+10*b, size)...); err != nil {
							tx.Rollback()
							errs <- err
							return
						}
						if err := tx.Commit(); err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			tree, problems, err := l.log.Audit(ctx)
			if err != nil || len(problems) > 0 || tree.N != workers*batches*size {
				t.Fatalf("Audit = %v, %v, %v; want %d records and no problems", tree, problems, err, workers*batches*size)
			}
			if stored, err := l.log.Tree(ctx); err != nil || stored != tree {
				t.Errorf("Tree = %v, %v; want %v", stored, err, tree)
			}
		})
	}
}

// TestAuditTamper: any change to a stored record row or stored hash after
// the fact is found by Audit, which names the record and its kind.
func TestAuditTamper(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		sql    string // the tampering, on a log of 20 records
		want   string // in some problem's text
		record int64  // the record named, -1 for none
	}{
		{"record kind changed", `UPDATE ledger_records SET kind = 'claims' WHERE idx = 7`, "record 7 (claims ", 7},
		{"record key changed", `UPDATE ledger_records SET record_key = 'forged' WHERE idx = 3`, "record 3 (", 3},
		{"record hash changed", `UPDATE ledger_records SET hash = '` + strings.Repeat("ab", 32) + `' WHERE idx = 19`, "record 19 (", 19},
		{"record hash not hex", `UPDATE ledger_records SET hash = 'zz' WHERE idx = 0`, "record 0 (", 0},
		{"record deleted", `DELETE FROM ledger_records WHERE idx = 11`, "record 11: the record row is missing", -1},
		{"record added past the tree", `INSERT INTO ledger_records (idx, kind, record_key, hash) VALUES (20, 'report', 'extra', '` + strings.Repeat("00", 32) + `')`, "record 20 (report extra) and any after it are not in the tree", -1},
		{"leaf hash changed", fmt.Sprintf(`UPDATE ledger_hashes SET hash = (SELECT hash FROM ledger_hashes WHERE id = %d) WHERE id = %d`,
			tlog.StoredHashIndex(0, 4), tlog.StoredHashIndex(0, 5)), "record 5 (", 5},
		{"interior hash changed", fmt.Sprintf(`UPDATE ledger_hashes SET hash = (SELECT hash FROM ledger_hashes WHERE id = 0) WHERE id = %d`, tlog.StoredHashIndex(2, 1)), fmt.Sprintf("stored hash %d (level 2, records 4 to 7) differs", tlog.StoredHashIndex(2, 1)), -1},
		{"interior hash deleted", fmt.Sprintf(`DELETE FROM ledger_hashes WHERE id = %d`, tlog.StoredHashIndex(1, 0)), fmt.Sprintf("stored hash %d (level 1, records 0 to 1) is missing", tlog.StoredHashIndex(1, 0)), -1},
	}
	for _, e := range storetest.Engines(t) {
		for _, tt := range tests {
			t.Run(e.Name+"/"+tt.name, func(t *testing.T) {
				l := openLog(t, e)
				r := rand.New(rand.NewPCG(1, 2))
				l.appendTx(t, true, randomRecords(r, 0, 8)...)
				l.appendTx(t, true, randomRecords(r, 8, 12)...)
				if _, err := l.db.ExecContext(ctx, tt.sql); err != nil {
					t.Fatalf("%s: %v", tt.sql, err)
				}
				_, problems, err := l.log.Audit(ctx)
				if err != nil {
					t.Fatalf("Audit: %v", err)
				}
				var found bool
				for _, p := range problems {
					if strings.Contains(p.String(), tt.want) && (tt.record < 0 || p.Index == tt.record && p.Kind != "") {
						found = true
					}
				}
				if !found {
					t.Errorf("Audit problems %q; want one with %q (record %d, its kind named)", problems, tt.want, tt.record)
				}
			})
		}
	}
}
