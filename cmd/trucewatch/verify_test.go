package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/auth"
	"github.com/trucewatch/trucewatch/internal/incidentindex"
	"github.com/trucewatch/trucewatch/internal/ledger"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/web"
)

// ledgerRecord makes a record with three reports, their incidents
// assessed under the known agreements, and a ledger key; it returns the
// environment, the key file, and the first incident listed.
func ledgerRecord(t *testing.T) (dir string, env map[string]string, key, incident string) {
	t.Helper()
	dir, env, write := workDir(t)
	a := write("a.txt", "Outlet: Test Wire\nLanguage: en\nPublished: 2025-03-21\n\nThe army's staff said enemy artillery had shelled the Sudzha gas metering station on Friday.")
	b := write("b.txt", "Outlet: Other Wire\nLanguage: en\nPublished: 2025-03-21\n\nThe defence ministry said the other side blew up the Sudzha gas metering station on Friday.")
	c := write("c.txt", "Outlet: Test Wire\nLanguage: en\nPublished: 2025-03-22\n\nA drone struck a power substation near Kherson on Saturday, the regional governor said.")
	if code, out, errOut := run(t, "", env, "agreements", "load", "--known"); code != exitOK {
		t.Fatalf("agreements load: %s %s", out, errOut)
	}
	if code, out, errOut := run(t, "", env, "ingest", a, b, c); code != exitOK {
		t.Fatalf("ingest: %s %s", out, errOut)
	}
	key = filepath.Join(dir, "ledger.key")
	if code, _, errOut := run(t, "", env, "ledger", "init", "--key", key, "--name", "monitor.example/ledger"); code != exitOK {
		t.Fatalf("ledger init: %s", errOut)
	}
	code, out, _ := run(t, "", env, "incidents", "--json")
	var inc incidentJSON
	if code != exitOK || json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &inc) != nil || inc.ID == "" {
		t.Fatalf("incidents --json: exit %d\n%s", code, out)
	}
	return dir, env, key, inc.ID
}

// TestVerifyCommand: verify against the database proves the records asked
// about and a saved checkpoint, and fails naming a record not logged; a
// witness cosigns a checkpoint and verify --witness needs its signature.
func TestVerifyCommand(t *testing.T) {
	dir, env, key, incident := ledgerRecord(t)
	code, cp, errOut := run(t, "", env, "ledger", "checkpoint", "--key", key)
	if code != exitOK {
		t.Fatal(errOut)
	}
	old := filepath.Join(dir, "old.checkpoint")
	os.WriteFile(old, []byte(cp), 0o644)
	witnessKey := filepath.Join(dir, "witness.key")
	if code, _, errOut := run(t, "", env, "ledger", "init", "--key", witnessKey, "--name", "witness.example"); code != exitOK {
		t.Fatal(errOut)
	}
	code, cosigned, errOut := run(t, "", env, "ledger", "cosign", "--key", witnessKey, "--checkpoint", old, "--pub", key+".pub")
	if code != exitOK || !strings.Contains(cosigned, "— witness.example ") || !strings.Contains(cosigned, "— monitor.example/ledger ") {
		t.Fatalf("ledger cosign: exit %d %q %s", code, cosigned, errOut)
	}
	witnessed := filepath.Join(dir, "witnessed.checkpoint")
	os.WriteFile(witnessed, []byte(cosigned), 0o644)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"verify"}, exitOK, "every row of the record tables matches its record"},
		{[]string{"verify", "--incident", incident, "--checkpoint", old, "--pub", key + ".pub"}, exitOK, "incident " + incident + ": record "},
		{[]string{"verify", "--record", "agreement:energy-moratorium-2025-03"}, exitOK, "agreement energy-moratorium-2025-03: record "},
		{[]string{"verify", "--record", "report:nope"}, exitFailed, "FAIL report nope: ledger record of report nope: not found"},
		{[]string{"verify", "--record", "nope"}, exitUsage, "want KIND:ID"},
		{[]string{"verify", "--checkpoint", witnessed, "--pub", key + ".pub", "--witness", witnessKey + ".pub"}, exitOK, "is a prefix"},
		{[]string{"verify", "--checkpoint", old, "--pub", key + ".pub", "--witness", witnessKey + ".pub"}, exitFailed, "no valid cosignature by the witness witness.example"},
		{[]string{"ledger", "verify", "--checkpoint", witnessed, "--pub", key + ".pub", "--witness", witnessKey + ".pub"}, exitOK, "is a prefix"},
		{[]string{"ledger", "cosign", "--key", witnessKey, "--checkpoint", old, "--pub", witnessKey + ".pub"}, exitFailed, "signed by none of the keys given"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "", env, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%v: exit %d, %q %q; want %d and %q", tt.args, code, out, errOut, tt.code, tt.want)
		}
	}
}

// TestVerifyServer: serve publishes the checkpoint, tiles and proofs under
// /log/; verify --server proves a saved checkpoint and an incident's
// records from them, and refuses a checkpoint signed by another key.
func TestVerifyServer(t *testing.T) {
	dir, env, key, incident := ledgerRecord(t)
	_, cp, _ := run(t, "", env, "ledger", "checkpoint", "--key", key)
	old := filepath.Join(dir, "old.checkpoint")
	os.WriteFile(old, []byte(cp), 0o644)
	ctx := context.Background()
	s, err := store.Open(ctx, env["TRUCEWATCH_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// One more record after the saved checkpoint.
	text := "Outlet: Test Wire\n\nA later report, written for this test."
	if _, err := s.AddReports(ctx, []trucewatch.Report{{ID: trucewatch.ContentID([]byte(text)), Raw: []byte(text), Text: text}}); err != nil {
		t.Fatal(err)
	}
	signer, err := readSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	index, err := incidentindex.New(ctx, s, log)
	if err != nil {
		t.Fatal(err)
	}
	defer index.Close()
	lopts, err := ledgerOptions(s, key) // as serve --ledger-key has them
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(s, index, nil, nil, log, append(lopts, web.WithHosts("127.0.0.1"))...)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	// The incident's bundle, downloaded, checks with the public key
	// beside the signing key.
	resp, err := http.Get(hs.URL + "/log/bundle/" + incident)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	bundleFile := filepath.Join(dir, "downloaded.json")
	os.WriteFile(bundleFile, raw, 0o644)
	if code, out, errOut := run(t, "", env, "verify", "--bundle", bundleFile, "--pub", key+".pub"); resp.StatusCode != 200 || code != exitOK || !strings.Contains(out, "ok: bundle of incident "+incident) {
		t.Errorf("the downloaded bundle: %d, verify exit %d %s %s", resp.StatusCode, code, out, errOut)
	}
	// A private server: the log too needs a viewer's token.
	if _, err := s.AddUser(ctx, "vera", auth.Viewer, auth.Hash("tw_test-vera")); err != nil {
		t.Fatal(err)
	}
	privSrv, err := web.New(s, index, nil, nil, log, web.WithLedger(ledger.Publisher{Log: s.Ledger(), Signer: signer}), web.WithHosts("127.0.0.1"),
		web.WithAccounts(s), web.PrivateReads())
	if err != nil {
		t.Fatal(err)
	}
	private := httptest.NewServer(privSrv)
	defer private.Close()
	if code, out, errOut := run(t, "", env, "verify", "--server", private.URL, "--pub", key+".pub"); code != exitFailed || !strings.Contains(out+errOut, "401") {
		t.Errorf("verify a private server without a token: exit %d %q %q; want 401", code, out, errOut)
	}
	withToken := map[string]string{"TRUCEWATCH_DB": env["TRUCEWATCH_DB"], "TRUCEWATCH_TOKEN": "tw_test-vera"}
	if code, out, errOut := run(t, "", withToken, "verify", "--server", private.URL, "--pub", key+".pub", "--incident", incident); code != exitOK {
		t.Errorf("verify a private server with a viewer's token: exit %d %q %q", code, out, errOut)
	}
	// A server that changes a record's key in its entry bundles.
	forged := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.HasPrefix(r.URL.Path, "/log/tile/entries/") {
			body = bytes.Replace(body, []byte(incident+":"), []byte(incident[:len(incident)-1]+"x:"), 1)
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
	}))
	defer forged.Close()
	// An older server, or a static mirror: no /log/checkpoints.
	noHistory := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/log/checkpoints" {
			http.NotFound(w, r)
			return
		}
		srv.ServeHTTP(w, r)
	}))
	defer noHistory.Close()
	_, otherPub, _ := ledger.NewKey("monitor.example/ledger")
	tree, err := s.Ledger().Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"verify", "--server", hs.URL, "--pub", key + ".pub", "--entries"}, exitOK, fmt.Sprintf("every entry of the %d records re-hashes", tree.N)},
		{[]string{"verify", "--server", forged.URL, "--pub", key + ".pub", "--entries"}, exitFailed, "does not hash to its leaf in the tree"},
		{[]string{"verify", "--server", hs.URL, "--pub", key + ".pub", "--checkpoint", old, "--incident", incident, "--record", "agreement:energy-moratorium-2025-03"},
			exitOK, "is a prefix of the current tree"},
		{[]string{"verify", "--server", hs.URL, "--pub", key + ".pub", "--incident", incident}, exitOK, "incident " + incident + ": record "},
		{[]string{"verify", "--server", hs.URL, "--pub", otherPub}, exitFailed, "signed by none of the keys given"},
		{[]string{"verify", "--server", noHistory.URL, "--pub", key + ".pub", "--incident", incident}, exitOK, "note: the server publishes no checkpoint history"},
		{[]string{"verify", "--server", hs.URL, "--pub", key + ".pub", "--record", "report:nope"}, exitFailed, "FAIL report nope: fetch"},
		{[]string{"verify", "--server", hs.URL}, exitUsage, "needs --pub"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "", env, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%v: exit %d, %q %q; want %d and %q", tt.args, code, out, errOut, tt.code, tt.want)
		}
	}
}

// TestBundle: a bundle made from the database verifies in a fresh
// directory with only the built binary, the bundle and the public key;
// a byte changed in a raw report, in the incident, in a proof, or an
// item left out fails, naming what.
func TestBundle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir, env, key, incident := ledgerRecord(t)
	// An analyst's decision on the incident goes into its bundle.
	if code, out, errOut := run(t, "", env, "users", "add", "ana", "--role", "analyst"); code != exitOK {
		t.Fatalf("users add: %s %s", out, errOut)
	}
	if code, out, errOut := run(t, "", env, "review", "confirm", incident, "--reason", "both sides name the station", "--by", "ana"); code != exitOK {
		t.Fatalf("review confirm: %s %s", out, errOut)
	}
	file := filepath.Join(dir, "bundle.json")
	if code, out, errOut := run(t, "", env, "bundle", incident, "-o", file, "--key", key); code != exitOK {
		t.Fatalf("bundle: exit %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "", env, "bundle", "inc-nope", "-o", file+".x", "--key", key); code != exitFailed || !strings.Contains(errOut, "not found") {
		t.Errorf("bundle of an unknown incident: exit %d %s", code, errOut)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var b ledger.Bundle
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	tables := map[string]int{}
	for _, it := range b.Items {
		tables[it.Table]++
	}
	if tables["incidents"] != 1 || tables["assessments"] != 1 || tables["reports"] == 0 || tables["claims"] != tables["reports"] || tables["agreements"] == 0 || tables["decisions"] != 1 {
		t.Fatalf("bundle items by table: %v", tables)
	}

	bin := filepath.Join(t.TempDir(), "trucewatch")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	// verify runs the binary in a fresh directory holding the bundle and
	// the public key only, with no database configured.
	verify := func(b []byte, args ...string) (int, string) {
		fresh := t.TempDir()
		os.WriteFile(filepath.Join(fresh, "bundle.json"), b, 0o644)
		os.WriteFile(filepath.Join(fresh, "log.pub"), pub, 0o644)
		cmd := exec.Command(bin, append([]string{"verify", "--bundle", "bundle.json"}, args...)...)
		cmd.Dir, cmd.Env = fresh, []string{"HOME=" + fresh}
		out, err := cmd.CombinedOutput()
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode(), string(out)
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	if code, out := verify(raw, "--pub", "log.pub"); code != 0 || !strings.Contains(out, "ok: bundle of incident "+incident) {
		t.Fatalf("verify --bundle: exit %d\n%s", code, out)
	}
	if code, out := verify(raw); code != 0 || !strings.Contains(out, "checking against the public key the bundle carries") {
		t.Errorf("verify --bundle without --pub: exit %d\n%s", code, out)
	}
	_, otherPub, _ := ledger.NewKey("monitor.example/ledger")
	if code, out := verify(raw, "--pub", otherPub); code != 1 || !strings.Contains(out, "signed by none of the keys given") {
		t.Errorf("verify --bundle with another key: exit %d\n%s", code, out)
	}

	// A bundle proved in a checkpoint a witness cosigned verifies with the
	// witness's key too; one signed now by the log alone does not.
	witnessKey := filepath.Join(dir, "witness.key")
	if code, _, errOut := run(t, "", env, "ledger", "init", "--key", witnessKey, "--name", "witness.example"); code != exitOK {
		t.Fatal(errOut)
	}
	witnessPub, _ := os.ReadFile(witnessKey + ".pub")
	_, cp, _ := run(t, "", env, "ledger", "checkpoint", "--key", key)
	os.WriteFile(filepath.Join(dir, "cp"), []byte(cp), 0o644)
	_, cosigned, _ := run(t, "", env, "ledger", "cosign", "--key", witnessKey, "--checkpoint", filepath.Join(dir, "cp"), "--pub", key+".pub")
	os.WriteFile(filepath.Join(dir, "cp.cosigned"), []byte(cosigned), 0o644)
	witnessed := filepath.Join(dir, "witnessed.json")
	if code, out, errOut := run(t, "", env, "bundle", incident, "-o", witnessed, "--checkpoint", filepath.Join(dir, "cp.cosigned"), "--pub", key+".pub"); code != exitOK {
		t.Fatalf("bundle --checkpoint: exit %d %s %s", code, out, errOut)
	}
	wraw, _ := os.ReadFile(witnessed)
	if code, out := verify(wraw, "--pub", "log.pub", "--witness", strings.TrimSpace(string(witnessPub))); code != 0 {
		t.Errorf("verify a witnessed bundle: exit %d\n%s", code, out)
	}
	if code, out := verify(raw, "--pub", "log.pub", "--witness", strings.TrimSpace(string(witnessPub))); code != 1 || !strings.Contains(out, "no valid cosignature by the witness witness.example") {
		t.Errorf("verify --witness, a bundle no witness cosigned: exit %d\n%s", code, out)
	}
	// A checkpoint older than the incident's records cannot prove them.
	empty := "monitor.example/ledger\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
	signer, _ := readSigner(key)
	oldCP, _ := ledger.SignCheckpoint(ledger.Checkpoint{Origin: "monitor.example/ledger", Tree: mustParseTree(t, empty)}, signer)
	os.WriteFile(filepath.Join(dir, "cp.empty"), oldCP, 0o644)
	if code, _, errOut := run(t, "", env, "bundle", incident, "-o", filepath.Join(dir, "x.json"), "--checkpoint", filepath.Join(dir, "cp.empty"), "--pub", key+".pub"); code != exitFailed || !strings.Contains(errOut, "newer than the checkpoint's tree of 0 records") {
		t.Errorf("bundle --checkpoint of the empty tree: exit %d %s", code, errOut)
	}

	find := func(b *ledger.Bundle, table string) *ledger.BundleItem {
		for i := range b.Items {
			if b.Items[i].Table == table {
				return &b.Items[i]
			}
		}
		t.Fatalf("no %s in the bundle", table)
		return nil
	}
	report := find(&b, "reports").Subject
	tamper := []struct {
		name   string
		change func(b *ledger.Bundle)
		want   string
	}{
		{"a byte of a raw report", func(b *ledger.Bundle) { find(b, "reports").Raw[3] ^= 0x20 },
			"FAIL reports " + report + ": the raw bytes do not re-hash"},
		{"a byte of the incident", func(b *ledger.Bundle) {
			it := find(b, "incidents")
			var row bytes.Buffer
			json.Compact(&row, it.Row)
			it.Row = bytes.Replace(row.Bytes(), []byte(`"day_from":"2`), []byte(`"day_from":"1`), 1)
		}, "FAIL incidents " + incident + ": the row does not re-hash to its ledger record"},
		{"a hash of a proof", func(b *ledger.Bundle) {
			p := find(b, "assessments").Proof.Proof
			h, _ := base64.StdEncoding.DecodeString(p[0])
			h[0] ^= 1
			p[0] = base64.StdEncoding.EncodeToString(h)
		}, "FAIL assessments " + incident + ": the inclusion proof fails"},
		{"a claim set left out", func(b *ledger.Bundle) {
			for i, it := range b.Items {
				if it.Table == "claims" {
					b.Items = append(b.Items[:i], b.Items[i+1:]...)
					return
				}
			}
		}, ": missing from the bundle"},
		{"the checkpoint", func(b *ledger.Bundle) {
			b.Checkpoint = strings.Replace(b.Checkpoint, "\n", "\n1", 1)
		}, "verify checkpoint"},
	}
	for _, tt := range tamper {
		var c ledger.Bundle
		json.Unmarshal(raw, &c)
		tt.change(&c)
		changed, _ := json.MarshalIndent(c, "", "  ")
		if code, out := verify(changed, "--pub", "log.pub"); code != 1 || !strings.Contains(out, tt.want) {
			t.Errorf("%s changed: exit %d\n%s\nwant exit 1 and %q", tt.name, code, out, tt.want)
		}
	}
}

// TestBackfill: rows stored before the ledger have no records; verify
// names them; backfill appends one for each, after which verify passes
// and a second backfill appends nothing; a row changed afterwards is not
// blessed by another backfill.
func TestBackfill(t *testing.T) {
	dir, env, _ := workDir(t)
	ctx := context.Background()
	s, err := store.Open(ctx, env["TRUCEWATCH_DB"], store.WithoutLedger())
	if err != nil {
		t.Fatal(err)
	}
	var reports []trucewatch.Report
	for _, text := range []string{"Outlet: Test Wire\n\nOne report of ours.", "Outlet: Test Wire\n\nAnother report of ours."} {
		reports = append(reports, trucewatch.Report{ID: trucewatch.ContentID([]byte(text)), Raw: []byte(text), Text: text, Outlet: "Test Wire"})
	}
	if _, err := s.AddReports(ctx, reports); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if code, out, errOut := run(t, "", env, "agreements", "load", "--known"); code != exitOK {
		t.Fatalf("agreements load: %s %s", out, errOut)
	}
	code, out, _ := run(t, "", env, "verify")
	if code != exitFailed || !strings.Contains(out, "FAIL reports "+reports[0].ID+": the row has no record in the ledger") {
		t.Fatalf("verify before backfill: exit %d\n%s", code, out)
	}
	if code, out, errOut := run(t, "", env, "ledger", "backfill"); code != exitOK || !strings.Contains(out, "appended 2 records") {
		t.Fatalf("backfill: exit %d %s %s", code, out, errOut)
	}
	if code, out, _ := run(t, "", env, "verify"); code != exitOK {
		t.Fatalf("verify after backfill: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "", env, "ledger", "backfill"); code != exitOK || !strings.Contains(out, "appended 0 records") {
		t.Errorf("second backfill: exit %d %s", code, out)
	}
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "tw.db")+"?"+url.Values{"_pragma": {"busy_timeout(10000)"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, `UPDATE reports SET title = 'changed' WHERE id = $1`, reports[1].ID); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := run(t, "", env, "ledger", "backfill"); code != exitOK || !strings.Contains(out, "appended 0 records") {
		t.Errorf("backfill after a change: exit %d %s", code, out)
	}
	if code, out, _ := run(t, "", env, "verify"); code != exitFailed || !strings.Contains(out, "FAIL reports "+reports[1].ID+": the row does not match") {
		t.Errorf("verify after a change and a backfill: exit %d\n%s", code, out)
	}
}

// mustParseTree reads a checkpoint's body.
func mustParseTree(t *testing.T, text string) tlog.Tree {
	t.Helper()
	c, err := ledger.ParseCheckpoint([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return c.Tree
}

// TestCheckKeptHistoryLive: verify --db on a live database, where a
// checkpoint larger than the tree the audit read was signed during the
// audit, passes; it calls the records removed only when the log is
// smaller now; without --pub it still compares each note's tree with its
// row's.
func TestCheckKeptHistoryLive(t *testing.T) {
	_, vars, key, _ := ledgerRecord(t)
	if code, _, errOut := run(t, "", vars, "ledger", "checkpoint", "--key", key); code != exitOK {
		t.Fatal(errOut)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, vars["TRUCEWATCH_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l := s.Ledger()
	tree, err := l.Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The audit read one record fewer, before the last was appended.
	h, err := tlog.TreeHash(tree.N-1, l.Reader(ctx))
	if err != nil {
		t.Fatal(err)
	}
	audited := tlog.Tree{N: tree.N - 1, Hash: h}
	pub, err := readVerifier("--pub", key+".pub")
	if err != nil {
		t.Fatal(err)
	}
	check := func(keys ...note.Verifier) []string {
		t.Helper()
		var out bytes.Buffer
		fails, err := checkKeptHistory(ctx, &env{stdout: &out}, l, audited, keys)
		if err != nil {
			t.Fatal(err)
		}
		return fails
	}
	if fails := check(pub); len(fails) != 0 {
		t.Errorf("a checkpoint signed during the audit: %q, want no failure", fails)
	}
	if fails := check(); len(fails) != 0 {
		t.Errorf("without --pub: %q, want no failure", fails)
	}
	// The row's root changed: its note says another tree.
	db := rawDB(t, vars["TRUCEWATCH_DB"])
	execSQL(t, db, fmt.Sprintf(`UPDATE ledger_checkpoints SET root_hash = '%s' WHERE tree_size = %d`, audited.Hash, tree.N))
	if fails := check(); len(fails) == 0 || !strings.Contains(fails[0], "is not the one its checkpoint says") {
		t.Errorf("a row whose root is not its note's, without --pub: %q", fails)
	}
	execSQL(t, db, fmt.Sprintf(`UPDATE ledger_checkpoints SET root_hash = '%s' WHERE tree_size = %d`, tree.Hash, tree.N))
	// Really smaller now: records were removed.
	execSQL(t, db, fmt.Sprintf(`UPDATE ledger_tree SET size = %d`, tree.N-1))
	if fails := check(pub); len(fails) != 1 || !strings.Contains(fails[0], "records were removed") {
		t.Errorf("a log smaller than its checkpoint: %q, want records removed", fails)
	}
}

// TestCheckHistoryRequests: checking a history of 600 checkpoints, one a
// record, proves each against the largest tree from its tiles, shared:
// a few dozen requests, not one or more a checkpoint.
func TestCheckHistoryRequests(t *testing.T) {
	_, vars, key, _ := ledgerRecord(t)
	ctx := context.Background()
	s, err := store.Open(ctx, vars["TRUCEWATCH_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	signer, err := readSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	_, rec, err := s.Ledger().Latest(ctx, ledger.KindAgreement, "energy-moratorium-2025-03")
	if err != nil {
		t.Fatal(err)
	}
	const checkpoints = 600
	for range checkpoints {
		if _, err := s.AppendLedger(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Ledger().SignedTree(ctx, signer); err != nil {
			t.Fatal(err)
		}
	}
	cp, _, err := s.Ledger().SignedTree(ctx, signer)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pub := ledger.Publisher{Log: s.Ledger(), Signer: signer}
		switch {
		case r.URL.Path == "/log/checkpoints":
			before, limit := int64(0), 100
			fmt.Sscan(r.URL.Query().Get("before"), &before)
			fmt.Sscan(r.URL.Query().Get("limit"), &limit)
			b, err := pub.CheckpointsJSON(r.Context(), before, limit)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			w.Write(b)
		case strings.HasPrefix(r.URL.Path, "/log/tile/"):
			b, _, err := pub.Tile(r.Context(), strings.TrimPrefix(r.URL.Path, "/log/"))
			if err != nil {
				http.Error(w, err.Error(), 404)
				return
			}
			w.Write(b)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	v, err := readVerifier("--pub", key+".pub")
	if err != nil {
		t.Fatal(err)
	}
	current, err := ledger.VerifyCheckpoint(cp, v)
	if err != nil {
		t.Fatal(err)
	}
	tiles := &ledger.HTTPTiles{Base: srv.URL + "/log/"}
	var out bytes.Buffer
	if fails := checkHistory(&env{stdout: &out}, tiles, []note.Verifier{v}, current); len(fails) != 0 {
		t.Fatalf("checkHistory: %q", fails)
	}
	pages := checkpoints/100 + 2
	t.Logf("%d checkpoints checked with %d requests (%d of them pages of the history)", checkpoints, tiles.Requests(), pages)
	if tiles.Requests() > pages+20 {
		t.Errorf("%d requests for %d checkpoints; want the tiles of the largest tree, shared, and the pages: at most %d", tiles.Requests(), checkpoints, pages+20)
	}
}
