package ledger_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch/internal/ledger"
	"github.com/trucewatch/trucewatch/internal/store"
)

// BenchmarkAppend appends b.N records to a SQLite log in transactions of
// 1,000, then times proofs on the tree it made. For the figure:
//
//	go test ./internal/ledger -run '^$' -bench Append -benchtime 1000000x
func BenchmarkAppend(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "ledger.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const batch = 1000
	recs := make([]ledger.Record, batch)
	b.ResetTimer()
	for done := 0; done < b.N; done += batch {
		n := min(batch, b.N-done)
		for i := range recs[:n] {
			key := fmt.Sprintf("report-%d", done+i)
			recs[i] = ledger.Record{Kind: ledger.KindReport, Key: key, Hash: sha256.Sum256([]byte(key))}
		}
		if _, err := s.AppendLedger(ctx, recs[:n]...); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/record")
	if b.N < 100_000 {
		return
	}
	l := s.Ledger()
	tree, err := l.Tree(ctx)
	if err != nil {
		b.Fatal(err)
	}
	prove := timeEach(b, func(i int) {
		if _, err := l.ProveRecord(ctx, int64(i*7919)%tree.N, tree); err != nil {
			b.Fatal(err)
		}
	})
	idx := tree.N / 3
	rec, err := l.Record(ctx, idx)
	if err != nil {
		b.Fatal(err)
	}
	p, err := l.ProveRecord(ctx, idx, tree)
	if err != nil {
		b.Fatal(err)
	}
	check := timeEach(b, func(i int) {
		if err := ledger.VerifyRecord(p, tree, idx, rec); err != nil {
			b.Fatal(err)
		}
	})
	old := tlog.Tree{N: tree.N/2 + 1}
	if old.Hash, err = tlog.TreeHash(old.N, l.Reader(ctx)); err != nil {
		b.Fatal(err)
	}
	proveTree := timeEach(b, func(i int) {
		if _, err := l.ProveTree(ctx, old, tree); err != nil {
			b.Fatal(err)
		}
	})
	tp, err := l.ProveTree(ctx, old, tree)
	if err != nil {
		b.Fatal(err)
	}
	checkTree := timeEach(b, func(i int) {
		if err := ledger.VerifyTree(tp, old, tree); err != nil {
			b.Fatal(err)
		}
	})
	b.Logf("tree of %d records: ProveRecord %v/op, VerifyRecord %v/op, ProveTree %v/op, VerifyTree %v/op (%d-hash record proof, %d-hash tree proof)",
		tree.N, prove, check, proveTree, checkTree, len(p), len(tp))
	start := time.Now()
	if _, problems, err := l.Audit(ctx); err != nil || len(problems) > 0 {
		b.Fatal(err, problems)
	}
	b.Logf("Audit (re-hash every record, compare every stored hash) of %d records: %v", tree.N, time.Since(start))
}

// timeEach runs fn 1,000 times and returns the mean time of a call (a
// benchmark cannot run testing.Benchmark inside itself).
func timeEach(b *testing.B, fn func(i int)) time.Duration {
	b.Helper()
	const n = 1000
	start := time.Now()
	for i := range n {
		fn(i)
	}
	return time.Since(start) / n
}

// BenchmarkSignedTree times signing the current tree of a SQLite log of
// 100,000 records, as /log/checkpoint does on each request: "unkept"
// reads the tree and signs it (what signing cost before the history),
// "kept" is SignedTree, which also checks the tree against the largest
// checkpoint kept (the same size: nothing to insert, the common case), and
// "new size" appends a record before each signing, so that each keeps a
// row.
//
//	go test ./internal/ledger -run '^$' -bench SignedTree
func BenchmarkSignedTree(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "ledger.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	recs := make([]ledger.Record, 1000)
	for done := 0; done < 100_000; done += len(recs) {
		for i := range recs {
			key := fmt.Sprintf("report-%d", done+i)
			recs[i] = ledger.Record{Kind: ledger.KindReport, Key: key, Hash: sha256.Sum256([]byte(key))}
		}
		if _, err := s.AppendLedger(ctx, recs...); err != nil {
			b.Fatal(err)
		}
	}
	signer, _ := mustKey(b, "monitor.example/ledger")
	l := s.Ledger()
	b.Run("unkept", func(b *testing.B) {
		for b.Loop() {
			tree, err := l.Tree(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ledger.SignCheckpoint(ledger.Checkpoint{Origin: signer.Name(), Tree: tree}, signer); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("kept", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := l.SignedTree(ctx, signer); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("new size", func(b *testing.B) {
		n := 0
		for b.Loop() {
			b.StopTimer()
			key := fmt.Sprintf("more-%d", n)
			n++
			if _, err := s.AppendLedger(ctx, ledger.Record{Kind: ledger.KindReport, Key: key, Hash: sha256.Sum256([]byte(key))}); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, _, err := l.SignedTree(ctx, signer); err != nil {
				b.Fatal(err)
			}
		}
	})
}
