package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch/internal/ledger"
	"github.com/trucewatch/trucewatch/internal/store"
)

// addRecord appends a record to the log behind a running server's back:
// the latest record of an agreement again (the pipeline does not act on
// it, so the tree grows by one, and the agreement's row still matches its
// latest record).
func addRecord(t *testing.T, db string) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, rec, err := s.Ledger().Latest(ctx, ledger.KindAgreement, "energy-moratorium-2025-03")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendLedger(ctx, rec); err != nil {
		t.Fatal(err)
	}
}

// rawDB opens the SQLite file db under the store, to change it behind
// its back.
func rawDB(t *testing.T, db string) *sql.DB {
	t.Helper()
	q := url.Values{"_pragma": {"busy_timeout(10000)"}, "_txlock": {"immediate"}}
	raw, err := sql.Open("sqlite", "file:"+db+"?"+q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// execSQL runs statements on raw.
func execSQL(t *testing.T, raw *sql.DB, statements ...string) {
	t.Helper()
	for _, q := range statements {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// rewriteLog replaces the log in db by a fork of n records whose first
// differs from the log's, as an operator rewriting the record would, and
// returns the fork's tree.
func rewriteLog(t *testing.T, db string, n int) tlog.Tree {
	t.Helper()
	ctx := context.Background()
	raw := rawDB(t, db)
	var recs []ledger.Record
	rows, err := raw.Query(`SELECT kind, record_key FROM ledger_records ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r ledger.Record
		if err := rows.Scan(&r.Kind, &r.Key); err != nil {
			t.Fatal(err)
		}
		r.Hash = sha256.Sum256([]byte("rewritten " + r.Key))
		recs = append(recs, r)
	}
	rows.Close()
	for len(recs) < n {
		recs = append(recs, ledger.Record{Kind: ledger.KindDecision, Key: fmt.Sprint("forged-", len(recs))})
	}
	execSQL(t, raw, `DELETE FROM ledger_records`, `DELETE FROM ledger_hashes`, `UPDATE ledger_tree SET size = 0`)
	l := ledger.New(raw, ledger.SQLite)
	tx, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Append(ctx, tx, recs[:n]...); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tree, err := l.Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// signIntoHistory signs tree with the key in keyFile into the checkpoint
// history of db, by hand, as an operator publishing a rewritten log
// would (serve refuses to sign a tree that does not extend its history).
func signIntoHistory(t *testing.T, db, keyFile string, tree tlog.Tree) {
	t.Helper()
	signer, err := readSigner(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := ledger.SignCheckpoint(ledger.Checkpoint{Origin: signer.Name(), Tree: tree}, signer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rawDB(t, db).Exec(`INSERT INTO ledger_checkpoints (tree_size, root_hash, signed_at, checkpoint) VALUES ($1, $2, $3, $4)`,
		tree.N, tree.Hash.String(), time.Now().UTC(), string(cp)); err != nil {
		t.Fatal(err)
	}
}

// TestCheckpointHistory: serve keeps each checkpoint it signs of a new
// tree size, once, and publishes them at /log/checkpoints; they survive a
// restart; verify --server checks every one (signature, and each a prefix
// of the next); serve refuses to sign a log rewritten under its history,
// and verify --server catches a fork published in the history, naming
// the checkpoints.
func TestCheckpointHistory(t *testing.T) {
	_, env, key, _ := ledgerRecord(t)
	db := env["TRUCEWATCH_DB"]
	verify := func(addr string) (int, string) {
		code, out, errOut := run(t, "", env, "verify", "--server", "http://"+addr, "--pub", key+".pub")
		return code, out + errOut
	}
	checkpoint := func(addr string) ledger.Checkpoint {
		t.Helper()
		code, body := serveGet(t, addr, "/log/checkpoint")
		v, err := readVerifier("--pub", key+".pub")
		if err != nil {
			t.Fatal(err)
		}
		cp, err := ledger.VerifyCheckpoint([]byte(body), v)
		if code != 200 || err != nil {
			t.Fatalf("/log/checkpoint: %d %s %v", code, body, err)
		}
		return cp
	}
	var first, second ledger.Checkpoint
	var history string
	t.Run("serve", func(t *testing.T) {
		addr, _ := startServe(t, env, "--ledger-key", key)
		first = checkpoint(addr)
		addRecord(t, db)
		second = checkpoint(addr)
		checkpoint(addr) // the same tree again: kept once
		if second.Tree.N != first.Tree.N+1 {
			t.Fatalf("checkpoints of %d then %d records; want one more", first.Tree.N, second.Tree.N)
		}
		var code int
		code, history = serveGet(t, addr, "/log/checkpoints")
		var page ledger.History
		if code != 200 || json.Unmarshal([]byte(history), &page) != nil || len(page.Checkpoints) != 2 ||
			page.Checkpoints[0].TreeSize != second.Tree.N || page.Checkpoints[1].TreeSize != first.Tree.N {
			t.Fatalf("/log/checkpoints: %d %s; want the trees of %d and %d records", code, history, second.Tree.N, first.Tree.N)
		}
		if code, out := verify(addr); code != exitOK || !strings.Contains(out, fmt.Sprintf("history: 2 checkpoints, each signed and a prefix of the largest (%d to %d records)", first.Tree.N, second.Tree.N)) {
			t.Errorf("verify --server: exit %d %s", code, out)
		}
	})
	// Restarted, the server publishes the same history.
	addr, said := startServe(t, env, "--ledger-key", key)
	if code, body := serveGet(t, addr, "/log/checkpoints"); code != 200 || body != history {
		t.Fatalf("after a restart, /log/checkpoints: %d\n%s\nwant\n%s", code, body, history)
	}
	if code, out := verify(addr); code != exitOK || !strings.Contains(out, "history: 2 checkpoints") {
		t.Errorf("verify --server after a restart: exit %d %s", code, out)
	}

	// verify against the database checks the kept history too.
	if code, out, errOut := run(t, "", env, "verify", "--pub", key+".pub"); code != exitOK || !strings.Contains(out, "the checkpoint history: 2 checkpoints kept") {
		t.Errorf("verify --db: exit %d %s %s", code, out, errOut)
	}

	// The log rewritten behind the server: it refuses to sign it.
	fork := rewriteLog(t, db, int(second.Tree.N)+2)
	if code, body := serveGet(t, addr, "/log/checkpoint"); code != http.StatusConflict || !strings.Contains(body, "the log was rewritten") {
		t.Errorf("/log/checkpoint of a rewritten log: %d %s; want 409 saying it was rewritten\n%s", code, body, said())
	}
	if log := said(); !strings.Contains(log, "the ledger refused to sign") || !strings.Contains(log, "the log was rewritten") {
		t.Errorf("serve's log after refusing to sign: %s; want the refusal, at level ERROR", log)
	}
	// Signed into the history by hand, the fork is published, and caught.
	signIntoHistory(t, db, key, fork)
	code, out := verify(addr)
	want := fmt.Sprintf("FAIL ledger history: the checkpoint of %d records signed at ", second.Tree.N)
	if code != exitFailed || !strings.Contains(out, want) || !strings.Contains(out, fmt.Sprintf("is not a prefix of the checkpoint of %d records signed at ", fork.N)) || !strings.Contains(out, "the log was rewritten (a fork)") {
		t.Errorf("verify --server of a fork: exit %d\n%s\nwant %q … a fork", code, out, want)
	}
	code, out, _ = run(t, "", env, "verify", "--pub", key+".pub")
	want = fmt.Sprintf("FAIL ledger_checkpoints %d (signed at ", second.Tree.N)
	if code != exitFailed || !strings.Contains(out, want) || !strings.Contains(out, "the log was rewritten") {
		t.Errorf("verify --db of a fork: exit %d\n%s\nwant %q … rewritten", code, out, want)
	}
}

// TestLedgerWitness: ledger witness, run against a served log, cosigns
// the first checkpoint it sees, then only checkpoints that extend the
// last it cosigned; it refuses a checkpoint signed by another key, a
// shrinking log and a fork, loudly, keeping the refused checkpoint and
// never cosigning it.
func TestLedgerWitness(t *testing.T) {
	dir, env, key, _ := ledgerRecord(t)
	db := env["TRUCEWATCH_DB"]
	wkey := filepath.Join(dir, "witness.key")
	if code, _, errOut := run(t, "", env, "ledger", "init", "--key", wkey, "--name", "witness.example"); code != exitOK {
		t.Fatal(errOut)
	}
	state := filepath.Join(dir, "witness-state")
	addr, _ := startServe(t, env, "--ledger-key", key)
	witnessAt := func(server string) (int, string, string) {
		return run(t, "", env, "ledger", "witness", "--server", server, "--pub", key+".pub", "--key", wkey, "--state", state)
	}
	witness := func() (int, string, string) { return witnessAt("http://" + addr) }
	logKey, _ := readVerifier("--pub", key+".pub")
	wKey, _ := readVerifier("--witness", wkey+".pub")
	cosigned := func(out string) ledger.Checkpoint {
		t.Helper()
		cp, err := ledger.VerifyWitnessed([]byte(out), []note.Verifier{logKey}, []note.Verifier{wKey})
		if err != nil {
			t.Fatalf("%q: %v; want a checkpoint cosigned by the witness", out, err)
		}
		return cp
	}
	stateNow := func() string {
		b, _ := os.ReadFile(filepath.Join(state, "checkpoint"))
		return string(b)
	}

	// First run: no state; cosigns after checking the log's signature.
	code, out, errOut := witness()
	if code != exitOK || !strings.Contains(errOut, "the first this witness has seen") {
		t.Fatalf("first run: exit %d %q %q", code, out, errOut)
	}
	first := cosigned(out)
	firstOut := out
	if stateNow() != out {
		t.Errorf("state holds %q, want what was printed", stateNow())
	}
	// No change.
	code, out2, errOut := witness()
	if code != exitOK || !strings.Contains(errOut, "no change") || out2 != out {
		t.Errorf("no change: exit %d %q %q", code, out2, errOut)
	}
	// Growth.
	addRecord(t, db)
	code, out, errOut = witness()
	if code != exitOK || !strings.Contains(errOut, fmt.Sprintf("it extends the %d records cosigned last", first.Tree.N)) {
		t.Fatalf("growth: exit %d %q %q", code, out, errOut)
	}
	grown := cosigned(out)
	if grown.Tree.N != first.Tree.N+1 || stateNow() != out {
		t.Fatalf("growth: cosigned %d records, state %q", grown.Tree.N, stateNow())
	}
	for _, n := range []int64{first.Tree.N, grown.Tree.N} {
		if _, err := os.Stat(filepath.Join(state, "cosigned", fmt.Sprint(n))); err != nil {
			t.Errorf("cosigned/%d: %v", n, err)
		}
	}
	good := out
	// A server adding a signature line of its own choosing (a claimed
	// cosignature): the witness does not pass it on.
	extra := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/log/checkpoint" {
			_, body := serveGet(t, addr, r.URL.Path)
			io.WriteString(w, body+"— claimed.example AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n")
			return
		}
		http.Redirect(w, r, "http://"+addr+r.URL.Path, http.StatusFound)
	}))
	defer extra.Close()
	addRecord(t, db)
	code, out, errOut = witnessAt(extra.URL)
	if code != exitOK || strings.Contains(out, "claimed.example") || !strings.Contains(out, "— witness.example ") {
		t.Fatalf("a checkpoint with a line the server added: exit %d %q %q; want it cosigned without the line", code, out, errOut)
	}
	grown = cosigned(out)
	good = out

	// A checkpoint whose signature does not verify: its root changed.
	forged := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := http.Get("http://" + addr + r.URL.Path)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body := string(b)
		if r.URL.Path == "/log/checkpoint" {
			lines := strings.SplitN(body, "\n", 4)
			h := sha256.Sum256([]byte("another root"))
			lines[2] = tlog.Hash(h).String()
			body = strings.Join(lines, "\n")
		}
		io.WriteString(w, body)
	}))
	defer forged.Close()
	// A cache serving the first checkpoint again, the tiles of today.
	stale := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/log/checkpoint" {
			io.WriteString(w, firstOut)
			return
		}
		http.Redirect(w, r, "http://"+addr+r.URL.Path, http.StatusFound)
	}))
	defer stale.Close()
	refusals := []struct {
		name string
		prep func() string // the server to witness
		code int
		want []string
	}{
		{"bad signature", func() string { return forged.URL }, exitFailed, []string{"the server's checkpoint", "invalid signature for key monitor.example/ledger", "nothing cosigned"}},
		{"stale", func() string { return stale.URL }, exitRefused, []string{fmt.Sprintf("STALE, nothing cosigned: the server's checkpoint of %d records is older than, and a prefix of, the checkpoint of %d records", first.Tree.N, grown.Tree.N)}},
		{"shrinking", func() string {
			raw := rawDB(t, db)
			execSQL(t, raw, fmt.Sprintf(`UPDATE ledger_tree SET size = %d`, first.Tree.N),
				fmt.Sprintf(`DELETE FROM ledger_checkpoints WHERE tree_size > %d`, first.Tree.N))
			return "http://" + addr
		}, exitRefused, []string{fmt.Sprintf("REFUSED, nothing cosigned: the server's checkpoint of %d records", first.Tree.N),
			fmt.Sprintf("is smaller than the checkpoint of %d records", grown.Tree.N), "the log shrank"}},
		{"fork", func() string {
			signIntoHistory(t, db, key, rewriteLog(t, db, int(grown.Tree.N)+2))
			return "http://" + addr
		}, exitRefused, []string{fmt.Sprintf("REFUSED, nothing cosigned: the server's checkpoint of %d records", grown.Tree.N+2),
			fmt.Sprintf("does not extend the checkpoint of %d records", grown.Tree.N), "a fork"}},
	}
	for _, tt := range refusals {
		code, out, errOut := witnessAt(tt.prep())
		for _, w := range tt.want {
			if code != tt.code || !strings.Contains(errOut, w) {
				t.Errorf("%s: exit %d %q %q; want exit %d saying %q", tt.name, code, out, errOut, tt.code, w)
			}
		}
		if out != "" || stateNow() != good {
			t.Errorf("%s: printed %q, state %q; want nothing cosigned", tt.name, out, stateNow())
		}
	}
	refused, _ := os.ReadDir(filepath.Join(state, "refused"))
	if len(refused) != 2 {
		t.Errorf("refused/ holds %d checkpoints, want the shrunk one and the fork", len(refused))
	}
	if staled, _ := os.ReadDir(filepath.Join(state, "stale")); len(staled) != 1 {
		t.Errorf("stale/ holds %d checkpoints, want the one served from a cache", len(staled))
	}
	if _, err := os.Stat(filepath.Join(state, "cosigned", fmt.Sprint(grown.Tree.N+2))); err == nil {
		t.Error("the fork was cosigned")
	}
	// A state that is not this witness's is refused.
	os.WriteFile(filepath.Join(state, "checkpoint"), []byte(strings.SplitN(good, "\n\n", 2)[0]+"\n\n"), 0o644)
	if code, _, errOut := witness(); code != exitFailed || !strings.Contains(errOut, "witness state "+filepath.Join(state, "checkpoint")) {
		t.Errorf("a broken state: exit %d %q", code, errOut)
	}
	if code, _, errOut := run(t, "", env, "ledger", "witness", "--server", "http://"+addr); code != exitUsage || !strings.Contains(errOut, "needs --server URL, --pub LOG-KEY") {
		t.Errorf("witness without keys: exit %d %q", code, errOut)
	}
}
