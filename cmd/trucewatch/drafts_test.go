package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/agreements"
	"github.com/trucewatch/trucewatch/internal/auth"
	"github.com/trucewatch/trucewatch/internal/store"
)

// TestAgreementDraftsCLI: a draft from an extracted agreement claim and
// one from a file wait, listed, with no assessment under them; an analyst
// approves the first and rejects the second (a viewer may not); the
// approved one is then an agreement that the incidents are assessed
// against, and the audit trail holds both decisions.
func TestAgreementDraftsCLI(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env := map[string]string{"TRUCEWATCH_DB": filepath.Join(dir, "tw.db"), "TMPDIR": dir}
	write := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	strike := write("strike.txt", []byte("Outlet: Ukrinform\nLanguage: en\nPublished: 2025-03-19\n\nRussian drones hit a power substation in Sumy overnight, the regional administration said."))
	truce := write("truce.txt", []byte("Outlet: Reuters\nLanguage: en\nPublished: 2025-03-18\n\nRussia and Ukraine agreed to a full ceasefire for 30 days, the mediators said."))
	if code, out, errOut := run(t, "", env, "ingest", strike, truce); code != exitOK {
		t.Fatalf("ingest: %s %s", out, errOut)
	}
	s, err := store.Open(ctx, env["TRUCEWATCH_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, role := range map[string]auth.Role{"ana": auth.Analyst, "vic": auth.Viewer} {
		token, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddUser(ctx, name, role, auth.Hash(token)); err != nil {
			t.Fatal(err)
		}
	}
	claims, err := s.Claims(ctx, trucewatch.ClaimFilter{Kind: trucewatch.ClaimAgreement})
	if err != nil || len(claims) != 1 {
		t.Fatalf("agreement claims: %+v, %v", claims, err)
	}
	assessed := func(agreementID string) int {
		t.Helper()
		as, err := s.Assessments(ctx, trucewatch.AssessmentFilter{Agreement: agreementID})
		if err != nil {
			t.Fatal(err)
		}
		return len(as)
	}

	code, out, errOut := run(t, "", env, "agreements", "draft", claims[0].ID)
	if code != exitOK || !strings.Contains(out, "(pending)") {
		t.Fatalf("agreements draft CLAIM: exit %d %s %s", code, out, errOut)
	}
	fromClaim := strings.Fields(out)[1]
	file := trucewatch.Agreement{ID: "hearsay-truce", Version: 1, Title: "A truce nobody signed", Parties: []trucewatch.Party{"RU", "UA"},
		Status: trucewatch.AgreementAgreed, Effective: trucewatch.Window{From: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
		Readings: []trucewatch.Reading{{ID: "all", Label: "All", Scope: trucewatch.Scope{All: true}}}}
	b, err := agreements.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, "", env, "agreements", "load", "--draft", write("hearsay.json", b)); code != exitOK || !strings.Contains(out, "hearsay-truce-v1") {
		t.Fatalf("agreements load --draft: exit %d %s %s", code, out, errOut)
	}
	code, out, _ = run(t, "", env, "agreements", "drafts")
	if code != exitOK || !strings.Contains(out, fromClaim) || !strings.Contains(out, "hearsay-truce-v1") || !strings.Contains(out, "2025-04-17") ||
		!strings.Contains(out, "2 drafts wait for approval") {
		t.Errorf("agreements drafts: exit %d\n%s", code, out)
	}
	agreementID := strings.TrimSuffix(fromClaim, "-v1")
	if n := assessed(agreementID) + assessed("hearsay-truce"); n != 0 {
		t.Fatalf("%d assessments under drafts", n)
	}

	if code, _, _ := run(t, "", env, "review", "approve-agreement", fromClaim, "--reason", "matches the statement", "--by", "vic"); code == exitOK {
		t.Error("a viewer approved a draft")
	}
	if code, _, _ := run(t, "", env, "review", "approve-agreement", fromClaim, "--by", "ana"); code == exitOK {
		t.Error("a draft was approved without a reason")
	}
	if code, out, errOut := run(t, "", env, "review", "approve-agreement", fromClaim, "--reason", "matches the statement", "--by", "ana"); code != exitOK {
		t.Fatalf("approve-agreement: %s %s", out, errOut)
	}
	if code, out, errOut := run(t, "", env, "review", "reject-agreement", "hearsay-truce-v1", "--reason", "no source for it", "--by", "ana"); code != exitOK {
		t.Fatalf("reject-agreement: %s %s", out, errOut)
	}
	if n := assessed(agreementID); n == 0 {
		t.Error("no incident is assessed under the approved agreement")
	}
	if n := assessed("hearsay-truce"); n != 0 {
		t.Errorf("%d assessments under the rejected draft", n)
	}
	code, out, _ = run(t, "", env, "agreements", "list")
	if code != exitOK || !strings.Contains(out, agreementID) || strings.Contains(out, "hearsay-truce") {
		t.Errorf("agreements list:\n%s", out)
	}
	code, out, _ = run(t, "", env, "decisions")
	if code != exitOK || !strings.Contains(out, "approve_agreement") || !strings.Contains(out, "reject_agreement") || !strings.Contains(out, "no source for it") {
		t.Errorf("decisions:\n%s", out)
	}
}
