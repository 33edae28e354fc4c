package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/store"
)

// TestAgreementTextsInLanguage: the agreement, incident and home pages
// show an agreement's title and readings' labels in the reader's language
// from the agreement file's translations, and the file's English, marked
// lang="en", for an agreement that has none.
func TestAgreementTextsInLanguage(t *testing.T) {
	srv, ts := newTestServer(t)
	untranslated := trucewatch.Agreement{ID: "test-truce", Version: 1, Title: "A truce written for the test",
		Parties: []trucewatch.Party{"RU", "UA"}, Status: trucewatch.AgreementAgreed, Reciprocal: true,
		Effective:  trucewatch.Window{From: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
		Conditions: []string{"only while both hold"},
		Readings: []trucewatch.Reading{{ID: "schools", Label: "Schools only, as the test reads it", HeldBy: []trucewatch.Party{"UA"},
			Scope: trucewatch.Scope{Targets: []trucewatch.Target{trucewatch.TargetEducation}}}}}
	putter, ok := srv.store.(interface {
		PutAgreement(context.Context, trucewatch.Agreement) (store.PutResult, error)
	})
	if !ok {
		t.Fatalf("the test store %T cannot put agreements", srv.store)
	}
	if _, err := putter.PutAgreement(context.Background(), untranslated); err != nil {
		t.Fatal(err)
	}
	var incs []trucewatch.Incident
	_, body := get(t, ts.URL+"/api/v1/incidents")
	if err := json.Unmarshal([]byte(body), &incs); err != nil {
		t.Fatal(err)
	}
	hospital := ""
	for _, inc := range incs {
		if inc.Target == trucewatch.TargetMedical {
			hospital = inc.ID
		}
	}
	if hospital == "" {
		t.Fatalf("no medical incident among %d", len(incs))
	}

	const (
		energyEN   = "30-day moratorium on strikes against energy infrastructure"
		energyUK   = "30-денний мораторій на удари по енергетичній інфраструктурі"
		kremlinUK  = "Перелік Кремля від 25 березня 2025 року: енергетичні об’єкти, названі поіменно, відлік від 18 березня"
		medicalEN  = "Protection of medical facilities under international humanitarian law"
		medicalUK  = "Захист медичних закладів за міжнародним гуманітарним правом"
		genevaUK   = "Четверта Женевська конвенція, ст. 18, і Додатковий протокол I, ст. 12: цивільні лікарні та медичні формування"
		genevaEN   = "Geneva Convention IV art. 18 and Additional Protocol I art. 12: civilian hospitals and medical units"
		conditionU = "взаємність: кожна сторона утримується лише доти, доки утримується інша"
	)
	for _, tc := range []struct {
		path      string
		want, not []string
	}{
		{"/agreements/energy-moratorium-2025-03?lang=uk", []string{"<h1>" + energyUK + "</h1>", kremlinUK, "<li>" + conditionU + "</li>", "Тлумачення: " + kremlinUK},
			[]string{energyEN, `<span lang="en">`}},
		{"/agreements/test-truce?lang=uk", []string{`<h1><span lang="en">A truce written for the test</span></h1>`,
			`Тлумачення: <span lang="en">Schools only, as the test reads it</span>`, `<li><span lang="en">only while both hold</span></li>`}, nil},
		{"/agreements/test-truce?lang=en", []string{"<h1>A truce written for the test</h1>", "<li>only while both hold</li>"}, []string{`<span lang="en">`}},
		{"/incidents/" + hospital + "?lang=uk", []string{">" + medicalUK + "</a>", ">" + genevaUK + "</td>"}, []string{medicalEN, genevaEN}},
		{"/incidents/" + hospital + "?lang=en", []string{">" + medicalEN + "</a>", ">" + genevaEN + "</td>"}, []string{medicalUK}},
		{"/?lang=uk", []string{">" + energyUK + "</option>", `<a href="/agreements/energy-moratorium-2025-03">` + energyUK + "</a>",
			`<div class="tl-label">` + medicalUK + " · " + genevaUK, `title="` + medicalUK + `">` + medicalUK + ": " + genevaUK,
			`lang="en">A truce written for the test</option>`,
			`<a href="/agreements/test-truce"><span lang="en">A truce written for the test</span></a>`},
			[]string{energyEN, medicalEN}},
		{"/?lang=de", []string{">30-tägiges Moratorium für Angriffe auf die Energieinfrastruktur</option>"}, []string{energyEN}},
	} {
		code, page := get(t, ts.URL+tc.path)
		if code != 200 {
			t.Errorf("%s: %d", tc.path, code)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", tc.path, w)
			}
		}
		for _, n := range tc.not {
			if i := strings.Index(page, n); i >= 0 {
				t.Errorf("%s has %q: %.200s", tc.path, n, page[max(0, i-100):])
			}
		}
	}
}
