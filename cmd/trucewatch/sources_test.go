package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/store"
)

// TestSourcesCommand: add, list, remove; bad flags are usage errors; the
// outlet of a source added with an affiliation is in the registry that
// provenance uses.
func TestSourcesCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "tw.db")
	env := map[string]string{"TRUCEWATCH_DB": db}
	export := filepath.Join(dir, "result.json")
	os.WriteFile(export, []byte(`{"name":"x","type":"public_channel","id":1,"messages":[]}`), 0o644)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sources", "add", "sumy-herald", "--feed", "https://example.org/sumy/feed.xml", "--outlet", "Sumy Herald",
			"--affiliation", "independent", "--lang", "uk"}, exitOK, "added sumy-herald (feed"},
		{[]string{"sources", "add", "mod-ru", "--page", "http://example.net/mod", "--outlet", "Ministry of Defence of Russia",
			"--affiliation", "official", "--party", "ru"}, exitOK, "added mod-ru (page"},
		{[]string{"sources", "add", "inbox", "--folder", dir}, exitOK, "added inbox (folder"},
		{[]string{"sources", "add", "tg", "--telegram-export", export, "--outlet", "Nowhere Daily", "--channel", "@nowhere"}, exitOK, "does not know"},
		{[]string{"sources", "add", "sumy-herald", "--feed", "https://example.org/other"}, exitFailed, "the name is taken"},
		{[]string{"sources", "add", "x", "--feed", "ftp://example.org/f"}, exitUsage, "http or https"},
		{[]string{"sources", "add", "x", "--feed", "https://a.example/f", "--page", "https://a.example/p"}, exitUsage, "one of"},
		{[]string{"sources", "add", "x"}, exitUsage, "one of"},
		{[]string{"sources", "add", "x", "--folder", export}, exitUsage, "want a directory"},
		{[]string{"sources", "add", "x", "--folder", filepath.Join(dir, "missing")}, exitUsage, "no such file"},
		{[]string{"sources", "add", "x", "--feed", "https://a.example/f", "--outlet", "A", "--affiliation", "friendly"}, exitUsage, "--affiliation"},
		{[]string{"sources", "add", "x", "--feed", "https://a.example/f", "--outlet", "A", "--affiliation", "state_media"}, exitUsage, "needs --party"},
		{[]string{"sources", "add", "x", "--feed", "https://a.example/f", "--lang", "Deutsch"}, exitUsage, "--lang"},
		{[]string{"sources", "add", "x", "--feed", "https://a.example/f", "--channel", "x"}, exitUsage, "--channel is for"},
		{[]string{"sources", "add", "bad name", "--feed", "https://a.example/f"}, exitUsage, "source name"},
		{[]string{"sources", "remove", "nobody"}, exitFailed, "not found"},
		{[]string{"sources", "remove", "tg"}, exitOK, "removed tg"},
		{[]string{"sources", "list"}, exitOK, "official RU"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "", env, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%v: exit %d, %q %q; want %d and %q", tt.args, code, out, errOut, tt.code, tt.want)
		}
	}
	code, out, errOut := run(t, "", env, "sources", "list", "--json")
	var list []sourceJSON
	if code != exitOK || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("sources list --json: exit %d, %q %q", code, out, errOut)
	}
	if len(list) != 3 || list[0].Name != "inbox" || list[1].Name != "mod-ru" || list[1].Party != "RU" || list[2].Language != "uk" {
		t.Errorf("sources list --json = %+v", list)
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	reg, err := loadRegistry(context.Background(), s, "")
	if err != nil {
		t.Fatal(err)
	}
	if src, ok := reg.Lookup("ministry of defence of russia"); !ok || src.Affiliation != trucewatch.AffiliationOfficial || src.Party != trucewatch.PartyRU {
		t.Errorf("registry has %+v, %v for the added outlet", src, ok)
	}
	if src, ok := reg.Lookup("TASS"); !ok || src.Affiliation != trucewatch.AffiliationStateMedia {
		t.Errorf("the shipped registry is lost: TASS = %+v, %v", src, ok)
	}
}
