package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch/internal/auth"
	"github.com/trucewatch/trucewatch/internal/store"
)

// TestUsersCommand: users add prints a token once, as its last line; the
// database keeps only its hash; list never shows tokens; revoke ends the
// token.
func TestUsersCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "tw.db")
	env := map[string]string{"TRUCEWATCH_DB": db}
	code, out, errOut := run(t, "", env, "users", "add", "olena", "--role", "analyst")
	if code != exitOK {
		t.Fatalf("users add: exit %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	token := lines[len(lines)-1]
	if !strings.HasPrefix(token, auth.TokenPrefix) || len(token) < 40 || strings.ContainsAny(token, " \t") {
		t.Fatalf("users add: last line %q is not a token alone", token)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"users", "add", "olena", "--role", "viewer"}, exitFailed, "the name is taken"},
		{[]string{"users", "add", "bob", "--role", "root"}, exitUsage, "--role"},
		{[]string{"users", "add", "bad name"}, exitUsage, "user name"},
		{[]string{"users", "add"}, exitUsage, "users add takes 1 argument"},
		{[]string{"users", "frobnicate"}, exitUsage, "users frobnicate"},
		{[]string{"users", "revoke", "nobody"}, exitFailed, "not found"},
		{[]string{"users", "add", "vera"}, exitOK, "added vera (viewer)"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "", env, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%v: exit %d, %q %q; want %d and %q", tt.args, code, out, errOut, tt.code, tt.want)
		}
	}
	check := func(wantActive bool) {
		t.Helper()
		s, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		u, err := s.UserByToken(context.Background(), auth.Hash(token))
		if active := err == nil && u.Name == "olena" && u.Role == auth.Analyst; active != wantActive {
			t.Errorf("the printed token opens %+v, %v; want active %v", u, err, wantActive)
		}
	}
	check(true)
	code, out, _ = run(t, "", env, "users", "list")
	if code != exitOK || !strings.Contains(out, "olena") || !strings.Contains(out, "analyst") || strings.Contains(out, token) || strings.Contains(out, auth.Hash(token)) {
		t.Errorf("users list: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "", env, "users", "revoke", "olena"); code != exitOK || !strings.Contains(out, "revoked olena") {
		t.Errorf("users revoke: exit %d %s", code, out)
	}
	check(false)
	code, out, _ = run(t, "", env, "users", "list", "--json")
	if code != exitOK || !strings.Contains(out, `"revoked": "`) || !strings.Contains(out, `"name": "vera"`) {
		t.Errorf("users list --json: exit %d\n%s", code, out)
	}
}
