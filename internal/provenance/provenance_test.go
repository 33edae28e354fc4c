package provenance

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
)

func TestRegistry(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]trucewatch.Affiliation{"TASS": "state_media", "ТАСС": "state_media", "kyiv independent": "independent", "BWS": "wire", "Reuters": "wire"} {
		if s, ok := r.Lookup(name); !ok || s.Affiliation != want {
			t.Errorf("Lookup(%q) = %+v, %v; want %s", name, s, ok, want)
		}
	}
	if s, ok := r.Find("the Kyiv Independent reported"); !ok || s.Outlet != "Kyiv Independent" {
		t.Errorf("Find = %+v, %v", s, ok)
	}
	bad := []struct{ text, want string }{
		{"outlet\taliases\turl\taffiliation\tparty\tnotes\nX\t\t\tfriendly\t\t\n", "affiliation"},
		{"X\t\t\twire\tRussia\t\n", "party"},
		{"X\twire\n", "columns"},
	}
	for _, b := range bad {
		_, err := Parse("user.tsv", b.text)
		if err == nil || !errors.Is(err, trucewatch.ErrInvalid) || !strings.HasPrefix(err.Error(), "user.tsv:") || !strings.Contains(err.Error(), b.want) {
			t.Errorf("Parse(%q) = %v, want an error naming the file and %q", b.text, err, b.want)
		}
	}
}

func report(id, outlet, published, text string) trucewatch.Report {
	p, _ := trucewatch.ParsePublished(published)
	return trucewatch.Report{ID: id, Outlet: outlet, Published: p, Text: text}
}

func TestCopies(t *testing.T) {
	base := "KYIV, March 19 (BWS) - Russian drones hit hospitals in the northeastern city of Sumy and the nearby town of Krasnopillia overnight, Ukrainian officials said on Wednesday. There was no immediate word on casualties. Power to parts of the railway network in the Dnipropetrovsk region was cut after an attack."
	reports := []trucewatch.Report{
		report("a", "Baltic Wire Service", "2025-03-19T07:50:00Z", base),
		report("b", "Paper B", "2025-03-19T09:00:00Z", strings.Replace(base, "There was no immediate word on casualties.", "", 1)),
		report("c", "Paper C", "2025-03-19T10:00:00Z", base+" Zelensky said about 40 Shahed drones were launched."),
		report("d", "Paper D", "2025-03-19T08:00:00Z", "Russia's defence ministry accused Ukraine of striking an oil pumping station in the Krasnodar region, calling it a provocation after the moratorium."),
	}
	got := Copies(reports)
	for _, id := range []string{"a", "b", "c"} {
		if got[id] != "a" {
			t.Errorf("copy family of %s = %q, want a (the earliest)", id, got[id])
		}
	}
	if _, ok := got["d"]; ok {
		t.Error("an unrelated report was taken for a copy")
	}
}

func TestOrigin(t *testing.T) {
	reg, _ := Default()
	reports := map[string]trucewatch.Report{
		"wire": report("wire", "Baltic Wire Service", "2025-03-19T07:00:00Z", "KYIV (BWS) - text"),
		"copy": report("copy", "Paper B", "2025-03-19T09:00:00Z", "text"),
		"dl":   report("dl", "Weser-Depesche", "2025-03-19T09:35:00+01:00", "Kiew (BWS) – Russische Drohnen ..."),
		"own":  report("own", "Meduza", "2025-03-19", "text"),
		"anon": report("anon", "Unknown Gazette", "2025-03-19", "text"),
	}
	tr := Tracer{Registry: reg, Reports: reports, CopyOf: map[string]string{"copy": "wire", "wire": "wire"}}
	c := func(report string, claimant trucewatch.Claimant, speaker string) trucewatch.Claim {
		return trucewatch.Claim{ReportID: report, Speaker: speaker, Incident: &trucewatch.IncidentClaim{Claimant: claimant}}
	}
	tests := []struct {
		claim trucewatch.Claim
		want  string
		aff   trucewatch.Affiliation
	}{
		{c("own", "UA", "Selenskyj"), "officials of UA", "official"},
		{c("own", "media", "Kyiv Independent"), "Kyiv Independent", "independent"},
		{c("copy", "media", ""), "Baltic Wire Service", "wire"},
		{c("dl", "media", ""), "Baltic Wire Service", "wire"},
		{c("own", "media", ""), "Meduza", "independent"},
		{c("anon", "media", ""), "Unknown Gazette", "unknown"},
	}
	for _, tt := range tests {
		o := tr.Origin(tt.claim)
		if o.Outlet != tt.want || o.Affiliation != tt.aff {
			t.Errorf("Origin(%s, %s, %q) = %s (%s), want %s (%s)", tt.claim.ReportID, tt.claim.Incident.Claimant, tt.claim.Speaker, o.Outlet, o.Affiliation, tt.want, tt.aff)
		}
	}
	origins := tr.Origins([]trucewatch.Claim{c("wire", "media", ""), c("copy", "media", ""), c("dl", "media", "")})
	if len(origins) != 1 || len(origins[0].ReportIDs) != 3 {
		t.Errorf("three copies of one wire story: %d origins %+v, want one with three reports", len(origins), origins)
	}
}

func BenchmarkCopies(b *testing.B) {
	var reports []trucewatch.Report
	for i := range 5000 {
		reports = append(reports, report(fmt.Sprint(i), "X", "2025-03-19", fmt.Sprintf("Report %d about drones over the city of %d on the night of March %d with further details %d.", i, i%97, i%28, i*7)))
	}
	b.ResetTimer()
	for range b.N {
		Copies(reports)
	}
}

// memFamilies is an in-memory FamilySource.
type memFamilies struct {
	byID  map[string]Member
	read  int // members returned, to see that an update reads little
	calls int
}

func (m *memFamilies) Candidates(_ context.Context, added []Member) ([]Member, error) {
	m.calls++
	var bands []uint64
	for _, a := range added {
		bands = append(bands, a.Sig.Bands()...)
	}
	var out []Member
	for _, r := range m.byID {
		for _, b := range r.Sig.Bands() {
			if slices.Contains(bands, b) {
				out = append(out, r)
				break
			}
		}
	}
	m.read += len(out)
	return out, nil
}

func (m *memFamilies) FamilyMembers(_ context.Context, firsts []string) ([]Member, error) {
	m.calls++
	var out []Member
	for _, r := range m.byID {
		if r.First != "" && slices.Contains(firsts, r.First) {
			out = append(out, r)
		}
	}
	m.read += len(out)
	return out, nil
}

// TestUpdateFamiliesEqualsCopies adds reports in random orders and batches
// and checks after each batch that the stored families are those Copies
// finds over every report stored.
func TestUpdateFamiliesEqualsCopies(t *testing.T) {
	// Three stories, each told in several near-identical versions, and
	// reports of their own; published on a few days.
	stories := []string{
		"Russian drones struck a power substation in the north of the region overnight, cutting electricity to thousands of homes, the regional governor said on Telegram.",
		"Ukrainian forces attacked an oil depot with long range drones, starting a fire that burned for several hours, the regional authorities reported in the morning.",
		"The two sides exchanged prisoners of war for the second time this month, with mediation by the United Arab Emirates, officials on both sides confirmed.",
	}
	var all []trucewatch.Report
	for s, text := range stories {
		for v := range 5 {
			body := text + fmt.Sprintf(" Update %d.", v)
			if v == 4 {
				body = "Breaking: " + body
			}
			all = append(all, report(fmt.Sprintf("s%d-v%d", s, v), "", fmt.Sprintf("2025-03-%02d", 19+v%3), body))
		}
	}
	for i, text := range []string{
		"The city council met to discuss the repair of the bridge over the river, which was damaged last winter.",
		"Air raid sirens sounded twice in the capital during the night, but no explosions were heard by residents.",
		"Grain exports through the southern ports rose again in March, according to figures from the ministry.",
		"A new field hospital opened near the front line, staffed by volunteers from three countries.",
	} {
		all = append(all, report(fmt.Sprintf("own-%d", i), "", "2025-03-20", text))
	}
	if n := len(Copies(all)); n != 15 {
		t.Fatalf("Copies finds %d reports with copies, want the 15 versions of the stories", n)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	for round := range 50 {
		order := rng.Perm(len(all))
		src := &memFamilies{byID: map[string]Member{}}
		var stored []trucewatch.Report
		for len(order) > 0 {
			n := min(len(order), 1+rng.IntN(4))
			var batch []Member
			for _, i := range order[:n] {
				r := all[i]
				batch = append(batch, Member{ID: r.ID, Published: r.Published, Sig: Sign(r.Text)})
				stored = append(stored, r)
			}
			order = order[n:]
			changed, err := UpdateFamilies(context.Background(), src, batch)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range batch {
				src.byID[m.ID] = m
			}
			for id, f := range changed {
				m := src.byID[id]
				m.First = f
				src.byID[id] = m
			}
			want := Copies(stored)
			for _, r := range stored {
				if got := src.byID[r.ID].First; got != want[r.ID] {
					t.Fatalf("round %d: %s has first %q, Copies says %q", round, r.ID, got, want[r.ID])
				}
			}
		}
	}
}

// TestUpdateFamiliesReadsWholeFamilies: a report that joins a family
// through one member changes the first of members it shares no band with.
// The signatures are made by hand: A and B agree in their first 32 values,
// B and C in their last 32, C and D in C's first 32; D shares no band with
// A or B. D is published first, so it becomes the first of all four.
func TestUpdateFamiliesReadsWholeFamilies(t *testing.T) {
	sig := func(base uint64, from, to int, like *Signature) Signature {
		var s Signature
		for i := range s {
			s[i] = base + uint64(i)
			if like != nil && i >= from && i < to {
				s[i] = like[i]
			}
		}
		return s
	}
	a := sig(1000, 0, 0, nil)
	b := sig(2000, 0, 32, &a)
	c := sig(3000, 32, 64, &b)
	d := sig(4000, 0, 32, &c)
	day := func(s string) trucewatch.Published { p, _ := trucewatch.ParsePublished(s); return p }
	src := &memFamilies{byID: map[string]Member{}}
	add := func(ms ...Member) {
		changed, err := UpdateFamilies(context.Background(), src, ms)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			src.byID[m.ID] = m
		}
		for id, f := range changed {
			m := src.byID[id]
			m.First = f
			src.byID[id] = m
		}
	}
	add(Member{ID: "a", Published: day("2025-03-20"), Sig: a})
	add(Member{ID: "c", Published: day("2025-03-21"), Sig: c})
	add(Member{ID: "b", Published: day("2025-03-22"), Sig: b})
	if src.byID["c"].First != "a" {
		t.Fatalf("after b: c's first is %q, want a", src.byID["c"].First)
	}
	add(Member{ID: "d", Published: day("2025-03-19"), Sig: d})
	for _, id := range []string{"a", "b", "c", "d"} {
		if f := src.byID[id].First; f != "d" {
			t.Errorf("%s's first is %q, want d", id, f)
		}
	}
}

// TestRegistryWith: stored sources add outlets and override shipped ones,
// by name or alias; unknown affiliations change nothing.
func TestRegistryWith(t *testing.T) {
	base, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	reg := base.With([]trucewatch.Source{
		{Outlet: "Kharkiv Morning Post", Affiliation: trucewatch.AffiliationIndependent},
		{Outlet: "ТАСС", Affiliation: trucewatch.AffiliationOfficial, Party: trucewatch.PartyRU},
		{Outlet: "Meduza", Affiliation: trucewatch.AffiliationUnknown},
		{Outlet: "Nobody Knows", Affiliation: trucewatch.AffiliationUnknown},
	})
	for _, c := range []struct {
		name string
		ok   bool
		aff  trucewatch.Affiliation
	}{
		{"kharkiv morning post", true, trucewatch.AffiliationIndependent},
		{"TASS", true, trucewatch.AffiliationOfficial},
		{"Информационное агентство России", true, trucewatch.AffiliationOfficial},
		{"Meduza", true, trucewatch.AffiliationIndependent},
		{"Nobody Knows", false, ""},
	} {
		s, ok := reg.Lookup(c.name)
		if ok != c.ok || s.Affiliation != c.aff {
			t.Errorf("Lookup(%q) = %+v, %v; want %v, %v", c.name, s, ok, c.aff, c.ok)
		}
	}
	if s, _ := reg.Lookup("ТАСС"); s.Outlet != "TASS" || s.URL != "https://tass.ru" {
		t.Errorf("an override by alias renamed the outlet or lost its URL: %+v", s)
	}
	if s, _ := base.Lookup("TASS"); s.Affiliation != trucewatch.AffiliationStateMedia {
		t.Errorf("With changed its receiver: %+v", s)
	}
	if len(reg.Sources()) != len(base.Sources())+1 {
		t.Errorf("%d sources, want %d", len(reg.Sources()), len(base.Sources())+1)
	}
}
