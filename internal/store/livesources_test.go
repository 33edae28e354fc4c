package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
)

// testLiveSources: adding, listing, saving state, files read, removing;
// the outlet of a live source enters the registry.
func testLiveSources(t *testing.T, dsn string) {
	s := mustOpen(t, dsn)
	ctx := context.Background()
	feed := trucewatch.LiveSource{Name: "kharkiv-courier", Kind: trucewatch.KindFeed, Location: "https://example.org/feed.xml",
		Source:   trucewatch.Source{Outlet: "Kharkiv Morning", Affiliation: trucewatch.AffiliationIndependent},
		Language: "uk"}
	if _, err := s.AddLiveSource(ctx, feed); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddLiveSource(ctx, feed); !errors.Is(err, trucewatch.ErrConflict) {
		t.Errorf("adding a name twice = %v, want ErrConflict", err)
	}
	folder := trucewatch.LiveSource{Name: "inbox", Kind: trucewatch.KindFolder, Location: "/srv/inbox"}
	tg := trucewatch.LiveSource{Name: "tg", Kind: trucewatch.KindTelegram, Location: "/srv/result.json", Channel: "odesa_live"}
	if _, err := s.AddLiveSource(ctx, tg); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddLiveSource(ctx, folder); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []trucewatch.LiveSource{
		{Name: "", Kind: trucewatch.KindFeed, Location: "x"},
		{Name: "a b", Kind: trucewatch.KindFeed, Location: "x"},
		{Name: "ok", Kind: "radio", Location: "x"},
		{Name: "ok", Kind: trucewatch.KindPage},
		{Name: "ok", Kind: trucewatch.KindPage, Location: "x", Source: trucewatch.Source{Outlet: "O", Affiliation: "friendly"}},
	} {
		if _, err := s.AddLiveSource(ctx, bad); !errors.Is(err, trucewatch.ErrInvalid) {
			t.Errorf("AddLiveSource(%+v) = %v, want ErrInvalid", bad, err)
		}
	}
	all, err := s.LiveSources(ctx)
	if err != nil || len(all) != 3 || all[0].Name != "inbox" || all[1].Name != "kharkiv-courier" || all[2].Channel != "odesa_live" {
		t.Fatalf("LiveSources = %+v, %v; want inbox and kharkiv-courier", all, err)
	}
	if got := all[1]; got.Affiliation != trucewatch.AffiliationIndependent || got.Language != "uk" || got.Location != feed.Location ||
		!got.Added.Equal(time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)) || !got.Polled.IsZero() {
		t.Errorf("feed = %+v", got)
	}
	reg, _ := s.Sources(ctx)
	if len(reg) != 1 || reg[0].Outlet != "Kharkiv Morning" || reg[0].Affiliation != trucewatch.AffiliationIndependent {
		t.Errorf("registry = %+v, want the feed's outlet", reg)
	}
	st := all[1]
	st.ETag, st.LastModified, st.Failures, st.LastError = `"v1"`, "Wed, 19 Mar 2025 06:00:00 GMT", 2, "timeout"
	st.Polled, st.NextPoll = time.Date(2025, 3, 20, 12, 1, 0, 0, time.UTC), time.Date(2025, 3, 20, 12, 5, 0, 0, time.UTC)
	if err := s.SaveLiveState(ctx, st, 3); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLiveState(ctx, st, 2); err != nil {
		t.Fatal(err)
	}
	got, err := s.LiveSource(ctx, "kharkiv-courier")
	if err != nil || got.ETag != st.ETag || got.LastModified != st.LastModified || got.Failures != 2 || got.LastError != "timeout" ||
		!got.Polled.Equal(st.Polled) || !got.NextPoll.Equal(st.NextPoll) || got.Stored != 5 {
		t.Errorf("after SaveLiveState: %+v, %v", got, err)
	}
	if _, err := s.LiveSource(ctx, "nope"); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("LiveSource(nope) = %v, want ErrNotFound", err)
	}
	if err := s.MarkLiveFile(ctx, "inbox", "/srv/inbox/a.txt", FileStamp{10, 1e18}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkLiveFile(ctx, "inbox", "/srv/inbox/a.txt", FileStamp{12, 2e18}); err != nil {
		t.Fatal(err)
	}
	files, err := s.LiveFiles(ctx, "inbox")
	if err != nil || len(files) != 1 || files["/srv/inbox/a.txt"] != (FileStamp{12, 2e18}) {
		t.Errorf("LiveFiles = %v, %v", files, err)
	}
	if err := s.RemoveLiveSource(ctx, "inbox"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveLiveSource(ctx, "inbox"); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("removing twice = %v, want ErrNotFound", err)
	}
	if files, _ := s.LiveFiles(ctx, "inbox"); len(files) != 0 {
		t.Errorf("files of a removed source: %v", files)
	}
	if err := s.SaveLiveState(ctx, LiveState{LiveSource: folder}, 0); !errors.Is(err, trucewatch.ErrNotFound) {
		t.Errorf("SaveLiveState(removed) = %v, want ErrNotFound", err)
	}
}
