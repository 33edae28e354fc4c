package ledger_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

func TestTilePath(t *testing.T) {
	tests := []struct {
		tile tlog.Tile
		path string
	}{
		{tlog.Tile{H: 8, L: 0, N: 0, W: 256}, "tile/0/000"},
		{tlog.Tile{H: 8, L: 0, N: 1234067, W: 256}, "tile/0/x001/x234/067"},
		{tlog.Tile{H: 8, L: 2, N: 1000, W: 7}, "tile/2/x001/000.p/7"},
		{tlog.Tile{H: 8, L: -1, N: 5, W: 256}, "tile/entries/005"},
		{tlog.Tile{H: 8, L: -1, N: 999, W: 255}, "tile/entries/999.p/255"},
	}
	for _, tt := range tests {
		if got := ledger.TilePath(tt.tile); got != tt.path {
			t.Errorf("TilePath(%+v) = %q, want %q", tt.tile, got, tt.path)
		}
		if got, err := ledger.ParseTilePath(tt.path); err != nil || got != tt.tile {
			t.Errorf("ParseTilePath(%q) = %+v, %v; want %+v", tt.path, got, err, tt.tile)
		}
	}
	for _, bad := range []string{"tile/0/1", "tile/0/x000/001", "tile/0/001.p/256", "tile/0/001.p/0", "tile/00/001",
		"tile/8/0/001", "tile/data/001", "tile/0/001/", "tile/64/001", "tile/0/x01/001", "checkpoint", "tile/0/001.p/07"} {
		if _, err := ledger.ParseTilePath(bad); !errors.Is(err, trucewatch.ErrInvalid) {
			t.Errorf("ParseTilePath(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

// TestTilesOverHTTP serves a log of 1,000 records as tiles, the way the
// web server does, and reads it back as a verifier would: tlog's tile
// hash reader checks every tile against the checkpoint's root, the
// inclusion and consistency proofs built from tiles verify, entry bundles
// hold the records, and a tile changed in transit is refused.
func TestTilesOverHTTP(t *testing.T) {
	ctx := context.Background()
	e := storetest.Engines(t)[0]
	l := openLog(t, e)
	recs := randomRecords(rand.New(rand.NewPCG(1, 2)), 0, 1000)
	l.appendTx(t, true, recs[:600]...)
	old, err := l.log.Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	l.appendTx(t, true, recs[600:]...)
	signer, verifier := mustKey(t, "monitor.example/ledger")
	pub := ledger.Publisher{Log: l.log, Signer: signer}
	var corrupt string // a path whose answer is changed in transit
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := strings.TrimPrefix(r.URL.Path, "/log/")
		var b []byte
		var err error
		if path == "checkpoint" {
			b, err = pub.SignedCheckpoint(r.Context())
		} else {
			b, _, err = pub.Tile(r.Context(), path)
		}
		if errors.Is(err, trucewatch.ErrNotFound) {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		if path == corrupt {
			b[0] ^= 1
		}
		w.Write(b)
	}))
	defer srv.Close()

	tiles := &ledger.HTTPTiles{Base: srv.URL + "/log/", Ctx: ctx}
	msg, err := tiles.Get("checkpoint")
	if err != nil {
		t.Fatal(err)
	}
	cp, err := ledger.VerifyCheckpoint(msg, verifier)
	if err != nil || cp.Tree != memoryTree(t, recs) {
		t.Fatalf("checkpoint %+v, %v; want the tree of the 1,000 records", cp, err)
	}
	hashes := tlog.TileHashReader(cp.Tree, tiles)
	for _, i := range []int64{0, 255, 256, 599, 777, 999} {
		p, err := tlog.ProveRecord(cp.Tree.N, i, hashes)
		if err != nil {
			t.Fatalf("prove record %d from tiles: %v", i, err)
		}
		if err := ledger.VerifyRecord(p, cp.Tree, i, recs[i]); err != nil {
			t.Errorf("record %d: %v", i, err)
		}
	}
	p, err := tlog.ProveTree(cp.Tree.N, old.N, hashes)
	if err != nil {
		t.Fatal(err)
	}
	if err := ledger.VerifyTree(p, old, cp.Tree); err != nil {
		t.Errorf("consistency 600 → 1,000 from tiles: %v", err)
	}
	// Entry bundles: full (records 256 to 511) and the partial last one.
	for _, tt := range []struct {
		path        string
		first, size int
	}{{"tile/entries/001", 256, 256}, {"tile/entries/003.p/232", 768, 232}} {
		data, err := tiles.Get(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		leaves, err := ledger.ParseEntryBundle(data)
		if err != nil || len(leaves) != tt.size {
			t.Fatalf("%s: %d leaves, %v; want %d", tt.path, len(leaves), err, tt.size)
		}
		for i, leaf := range leaves {
			if !bytes.Equal(leaf, recs[tt.first+i].Leaf()) {
				t.Fatalf("%s: entry %d is %q, want record %d", tt.path, i, leaf, tt.first+i)
			}
		}
	}
	for _, missing := range []string{"tile/entries/003", "tile/entries/004.p/1", "tile/0/003", "tile/1/000", "tile/0/004.p/1"} {
		if _, err := tiles.Get(missing); err == nil || !strings.Contains(err.Error(), "404") {
			t.Errorf("%s: %v; want 404, beyond the tree", missing, err)
		}
	}
	// A tile changed in transit does not match the checkpoint's root.
	corrupt = "tile/0/001"
	fresh := tlog.TileHashReader(cp.Tree, &ledger.HTTPTiles{Base: srv.URL + "/log/", Ctx: ctx})
	if _, err := tlog.ProveRecord(cp.Tree.N, 300, fresh); err == nil {
		t.Error("a tile changed in transit was accepted")
	}
}

// TestCosign: a witness adds its signature to a checkpoint; verifying
// with the witness's key needs it; a second witness keeps the first's.
func TestCosign(t *testing.T) {
	signer, logKey := mustKey(t, "monitor.example/ledger")
	w1, w1Key := mustKey(t, "witness-one.example")
	w2, w2Key := mustKey(t, "witness-two.example")
	_, stranger := mustKey(t, "monitor.example/ledger")
	c := ledger.Checkpoint{Origin: "monitor.example/ledger", Tree: tlog.Tree{N: 7, Hash: tlog.RecordHash([]byte("root"))}}
	msg, err := ledger.SignCheckpoint(c, signer)
	if err != nil {
		t.Fatal(err)
	}
	once, err := ledger.Cosign(msg, w1, logKey)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := ledger.Cosign(once, w2, logKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.Cosign(msg, w1, stranger); err == nil {
		t.Error("cosigned a checkpoint not signed by the log key given")
	}
	// CosignVerified passes on only the log's signature: w1's line, which
	// it cannot check, is dropped.
	own, err := ledger.CosignVerified(once, w2, logKey)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(own, []byte("— witness-one.example ")) || !bytes.Contains(own, []byte("— witness-two.example ")) || !bytes.Contains(own, []byte("— monitor.example/ledger ")) {
		t.Errorf("CosignVerified kept a signature it cannot check, or lost its own or the log's:\n%s", own)
	}
	tests := []struct {
		name      string
		msg       []byte
		witnesses []note.Verifier
		ok        bool
	}{
		{"no witness asked", msg, nil, true},
		{"witness asked, not cosigned", msg, []note.Verifier{w1Key}, false},
		{"cosigned", once, []note.Verifier{w1Key}, true},
		{"second witness missing", once, []note.Verifier{w1Key, w2Key}, false},
		{"both", twice, []note.Verifier{w1Key, w2Key}, true},
		{"cosignature of a changed text", bytes.Replace(twice, []byte("\n7\n"), []byte("\n8\n"), 1), []note.Verifier{w1Key}, false},
	}
	for _, tt := range tests {
		got, err := ledger.VerifyWitnessed(tt.msg, []note.Verifier{logKey}, tt.witnesses)
		if tt.ok != (err == nil) || (tt.ok && got != c) {
			t.Errorf("%s: VerifyWitnessed = %+v, %v; want ok %v", tt.name, got, err, tt.ok)
		}
	}
}

// TestLatest, on each engine: the latest record of a subject is found by
// its key or its versioned keys, and never by another subject's that
// starts alike (inc-1 is not inc-10), whatever the database's collation.
func TestLatest(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			l := openLog(t, e)
			if e.Name == "postgres" {
				// A database whose collation is not byte order: ICU's
				// English weighs punctuation last.
				if _, err := l.db.ExecContext(ctx, `ALTER TABLE ledger_records ALTER COLUMN record_key TYPE text COLLATE "en-x-icu"`); err != nil {
					t.Logf("no ICU collation to test with: %v", err)
				}
			}
			rec := func(kind, key string) ledger.Record {
				return ledger.Record{Kind: kind, Key: key, Hash: [32]byte{byte(len(key))}}
			}
			l.appendTx(t, true,
				rec(ledger.KindIncident, "inc-1:5"),    // 0
				rec(ledger.KindIncident, "inc-10:3"),   // 1
				rec(ledger.KindIncident, "inc-1:12"),   // 2
				rec(ledger.KindAssessment, "inc-1:13"), // 3
				rec(ledger.KindIncident, "inc-1-a:14"), // 4
				rec(ledger.KindIncident, "inc-10:15"),  // 5
				rec(ledger.KindAgreement, "ag:v2"),     // 6
				rec(ledger.KindAgreement, "ag:v10"),    // 7
				rec(ledger.KindReport, "r1"),           // 8
				rec(ledger.KindIncident, "inc-1;x:1"),  // 9
				rec(ledger.KindClaims, "r2:"),          // 10: a claim set of an extractor with no version
			)
			for _, tt := range []struct {
				kind, subject string
				idx           int64
			}{
				{ledger.KindIncident, "inc-1", 2},
				{ledger.KindIncident, "inc-10", 5},
				{ledger.KindIncident, "inc-1-a", 4},
				{ledger.KindAssessment, "inc-1", 3},
				{ledger.KindAgreement, "ag", 7},
				{ledger.KindReport, "r1", 8},
				{ledger.KindClaims, "r2", 10},
			} {
				idx, _, err := l.log.Latest(ctx, tt.kind, tt.subject)
				if err != nil || idx != tt.idx {
					t.Errorf("Latest(%s, %s) = %d, %v; want %d", tt.kind, tt.subject, idx, err, tt.idx)
				}
			}
			if _, _, err := l.log.Latest(ctx, ledger.KindIncident, "inc-2"); !errors.Is(err, trucewatch.ErrNotFound) {
				t.Errorf("Latest of a subject with no record: %v, want ErrNotFound", err)
			}
		})
	}
}
