package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/auth"
)

// testUsers: accounts keep their token's hash only, a token finds its
// active account, sessions end when they run out, on sign-out and when
// their account is revoked.
func testUsers(t *testing.T, dsn string) {
	ctx := context.Background()
	s := mustOpen(t, dsn) // the clock stands at 2025-03-20 12:00 UTC
	now := time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
	tokA, tokB := "tw_a-token", "tw_b-token"
	if _, err := s.AddUser(ctx, "olena", auth.Analyst, auth.Hash(tokA)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUser(ctx, "admin", auth.Admin, auth.Hash(tokB)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUser(ctx, "olena", auth.Viewer, auth.Hash("tw_other")); !errors.Is(err, trucewatch.ErrConflict) {
		t.Errorf("adding a taken name: %v, want ErrConflict", err)
	}
	if _, err := s.AddUser(ctx, "bad name", auth.Viewer, auth.Hash("tw_x")); !errors.Is(err, trucewatch.ErrInvalid) {
		t.Errorf("adding a bad name: %v, want ErrInvalid", err)
	}
	u, err := s.UserByToken(ctx, auth.Hash(tokA))
	if err != nil || u.Name != "olena" || u.Role != auth.Analyst || !u.Created.Equal(now) || !u.Active() {
		t.Errorf("UserByToken = %+v, %v", u, err)
	}
	if _, err := s.UserByToken(ctx, tokA); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("the token itself, unhashed, found %v", err)
	}
	// Sessions.
	id, ses, err := auth.NewSession("olena", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddSession(ctx, ses); err != nil {
		t.Fatal(err)
	}
	if u, err := s.UserBySession(ctx, auth.Hash(id), now.Add(time.Hour)); err != nil || u.Name != "olena" || u.Role != auth.Analyst {
		t.Errorf("UserBySession = %+v, %v", u, err)
	}
	if _, err := s.UserBySession(ctx, auth.Hash(id), now.Add(auth.SessionTTL)); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("an expired session: %v, want ErrNotFound", err)
	}
	if _, err := s.UserBySession(ctx, id, now); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("the session id itself, unhashed, found %v", err)
	}
	id2, ses2, _ := auth.NewSession("admin", now)
	if err := s.AddSession(ctx, ses2); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, auth.Hash(id2)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserBySession(ctx, auth.Hash(id2), now); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("a session signed out: %v, want ErrNotFound", err)
	}
	// Revoking ends the token and the sessions, and keeps the account listed.
	if err := s.RevokeUser(ctx, "olena"); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeUser(ctx, "nobody"); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("revoking an unknown user: %v", err)
	}
	if _, err := s.UserByToken(ctx, auth.Hash(tokA)); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("a revoked account's token: %v, want ErrNotFound", err)
	}
	if _, err := s.UserBySession(ctx, auth.Hash(id), now); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("a revoked account's session: %v, want ErrNotFound", err)
	}
	users, err := s.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "admin" || !users[0].Active() || users[1].Name != "olena" || !users[1].Revoked.Equal(now) {
		t.Errorf("Users = %+v, %v", users, err)
	}
}

// testTextSearch: the text filter matches its text as it is, % and _
// and the escape character included, on both engines.
func testTextSearch(t *testing.T, dsn string) {
	ctx := context.Background()
	s := mustOpen(t, dsn)
	day := trucewatch.Date{Year: 2025, Month: 3, Day: 19}
	var incs []trucewatch.Incident
	for i, name := range []string{"Sumy", "100% Kyiv", "a_b", `back\slash`, "Kherson"} {
		incs = append(incs, trucewatch.Incident{ID: fmt.Sprintf("inc-%d", i), From: day, To: day, Target: "energy", ClaimIDs: []string{"c"},
			Place: trucewatch.Place{ID: "p", Name: name, Country: "UA", Precision: "settlement", Lat: 48, Lon: 35}})
	}
	if err := s.ReplaceAnalysis(ctx, incs, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"%", []string{"100% Kyiv"}},
		{"_", []string{"a_b"}},
		{`\`, []string{`back\slash`}},
		{`\s`, []string{`back\slash`}},
		{"0% k", []string{"100% Kyiv"}},
		{"SUMY", []string{"Sumy"}},
		{"a%b", nil},
		{"s_m", nil},
	}
	for _, tt := range tests {
		got, err := s.Incidents(ctx, trucewatch.IncidentFilter{Text: tt.q})
		if err != nil {
			t.Errorf("q=%q: %v", tt.q, err)
			continue
		}
		var names []string
		for _, inc := range got {
			names = append(names, inc.Place.Name)
		}
		if !slices.Equal(names, tt.want) {
			t.Errorf("q=%q selects %q, want %q", tt.q, names, tt.want)
		}
	}
}

// testTextSearchReports: the words of a search are also found in the
// text of an incident's reports, in any language and case, each word
// anywhere (not as a phrase).
func testTextSearchReports(t *testing.T, dsn string) {
	ctx := context.Background()
	s := mustOpen(t, dsn)
	day := trucewatch.Date{Year: 2025, Month: 3, Day: 19}
	sumy := trucewatch.Place{ID: "gn:692194", Name: "Sumy", Admin1: "UA-59", Country: "UA", Precision: trucewatch.PlaceSettlement, Lat: 50.92, Lon: 34.8}
	texts := []struct{ text, lang string }{
		{"In der Nacht wurde in Sumy ein Krankenhaus von Drohnen getroffen.", "de"},
		{"Вночі в Сумах дрони влучили в лікарню, повідомила ОВА.", "uk"},
		{"Ночью беспилотники атаковали подстанцию в Курской области.", "ru"},
	}
	var incs []trucewatch.Incident
	for i, x := range texts {
		r := newReport(x.text, x.lang, "A", "2025-03-19")
		mustAdd(t, s, r)
		c := trucewatch.Claim{ID: fmt.Sprintf("%s-%d", r.ID[:12], i), ReportID: r.ID, Kind: trucewatch.ClaimIncident,
			Sentence: trucewatch.Span{Start: 0, End: len(x.text)},
			Incident: &trucewatch.IncidentClaim{Date: day, DatePrecision: trucewatch.DateDay, Place: sumy, Target: trucewatch.TargetMedical,
				Perpetrator: trucewatch.PartyRU, Claimant: trucewatch.ClaimantMedia, Weapon: trucewatch.WeaponDrone}}
		if err := s.ReplaceClaims(ctx, r.ID, []trucewatch.Claim{c}); err != nil {
			t.Fatal(err)
		}
		incs = append(incs, trucewatch.Incident{ID: fmt.Sprintf("inc-%d", i), From: day, To: day, Target: "medical", ClaimIDs: []string{c.ID}, Place: sumy})
	}
	if err := s.ReplaceAnalysis(ctx, incs, nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    string
		want string
	}{
		{"Krankenhaus", "inc-0"},
		{"krankenhaus", "inc-0"},
		{"лікарн", "inc-1"},
		{"сумах", "inc-1"},
		{"Сумах", "inc-1"},
		{"курской", "inc-2"},
		{"Sumy Krankenhaus", "inc-0"},
		{"Krankenhaus лікарн", ""},
		{"sumy", "inc-0,inc-1,inc-2"}, // the place's name
		{"больница", ""},
	} {
		got, err := s.Incidents(ctx, trucewatch.IncidentFilter{Text: tt.q})
		if err != nil {
			t.Fatalf("q=%q: %v", tt.q, err)
		}
		var ids []string
		for _, inc := range got {
			ids = append(ids, inc.ID)
		}
		slices.Sort(ids)
		if strings.Join(ids, ",") != tt.want {
			t.Errorf("q=%q selects %q, want %q", tt.q, ids, tt.want)
		}
	}
}
