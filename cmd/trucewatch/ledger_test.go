package main

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
	"github.com/trucewatch/trucewatch/internal/store"
)

// TestLedgerCommand: init writes a private key of mode 0600 and prints the
// public key; checkpoint signs the tree; verify proves a saved checkpoint
// is a prefix of the current tree, and fails, naming the record, once a
// record row is changed, and naming the table and the row once a report's
// bytes are.
func TestLedgerCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "tw.db")
	key := filepath.Join(dir, "ledger.key")
	env := map[string]string{"TRUCEWATCH_DB": db}
	code, out, errOut := run(t, "", env, "ledger", "init", "--key", key, "--name", "monitor.example/ledger")
	if code != exitOK {
		t.Fatalf("ledger init: exit %d %s", code, errOut)
	}
	pub, err := os.ReadFile(key + ".pub")
	if err != nil || !strings.Contains(out, strings.TrimSpace(string(pub))) || !strings.HasPrefix(string(pub), "monitor.example/ledger+") {
		t.Fatalf("ledger init printed %q; %s.pub holds %q, %v", out, key, pub, err)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v; want mode 0600", fi.Mode(), err)
	}
	if code, _, errOut := run(t, "", env, "ledger", "init", "--key", key); code != exitFailed || !strings.Contains(errOut, "exists") {
		t.Errorf("ledger init over a key: exit %d %q; want a refusal", code, errOut)
	}

	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	// Each report stored appends its record.
	report := func(text string) trucewatch.Report {
		return trucewatch.Report{ID: trucewatch.ContentID([]byte(text)), Raw: []byte(text), Text: text, Outlet: "Test Wire"}
	}
	if _, err := s.AddReports(ctx, []trucewatch.Report{report("one"), report("two"), report("three")}); err != nil {
		t.Fatal(err)
	}
	code, cp, errOut := run(t, "", env, "ledger", "checkpoint", "--key", key)
	if code != exitOK || !strings.HasPrefix(cp, "monitor.example/ledger\n3\n") || !strings.Contains(cp, "\n— monitor.example/ledger ") {
		t.Fatalf("ledger checkpoint: exit %d %q %s", code, cp, errOut)
	}
	old := filepath.Join(dir, "checkpoint.3")
	if err := os.WriteFile(old, []byte(cp), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddReports(ctx, []trucewatch.Report{report("four")}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	_, otherPub, err := ledger.NewKey("monitor.example/ledger")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ledger", "verify"}, exitOK, "ok: 4 records"},
		{[]string{"ledger", "verify", "--checkpoint", old, "--pub", key + ".pub"}, exitOK, "3 records) is a prefix of the current tree"},
		{[]string{"ledger", "verify", "--checkpoint", old, "--pub", strings.TrimSpace(string(pub))}, exitOK, "is a prefix"},
		{[]string{"ledger", "verify", "--checkpoint", old, "--pub", otherPub}, exitFailed, "signed by none of the keys given"},
		{[]string{"ledger", "verify", "--checkpoint", old}, exitUsage, "needs --pub"},
		{[]string{"ledger", "checkpoint"}, exitUsage, "needs --key"},
		{[]string{"ledger", "sign"}, exitUsage, "want init, checkpoint, cosign, witness, verify or backfill"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "", env, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%v: exit %d, %q %q; want %d and %q", tt.args, code, out, errOut, tt.code, tt.want)
		}
	}

	raw, err := sql.Open("sqlite", "file:"+db+"?"+url.Values{"_pragma": {"busy_timeout(10000)"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, `UPDATE ledger_records SET record_key = 'minsk-3' WHERE idx = 1`); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = run(t, "", env, "ledger", "verify", "--checkpoint", old, "--pub", key+".pub")
	if code != exitFailed || !strings.Contains(out, "FAIL record 1 (report minsk-3)") || !strings.Contains(errOut, "does not verify") {
		t.Errorf("verify after tampering: exit %d %q %q; want exit 1 naming record 1", code, out, errOut)
	}
	// A row of a record table changed: verify names the table and the row.
	four := report("four").ID
	if _, err := raw.ExecContext(ctx, `UPDATE reports SET raw = 'fours' WHERE id = $1`, four); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, "", env, "ledger", "verify")
	if code != exitFailed || !strings.Contains(out, "FAIL reports "+four+": the row does not match its ledger record 3") {
		t.Errorf("verify after changing a report's bytes: exit %d %q; want exit 1 naming reports %s", code, out, four)
	}
}
