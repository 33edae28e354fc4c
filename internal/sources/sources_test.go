package sources

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/storetest"
)

// newsFeed is an RSS feed we wrote: one entry with its full text, one
// with only a summary and a link to its article.
const newsFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Dnipro Night Desk</title><language>en</language>
<item><title>Strike on a rail depot</title><link>%[1]s/a/1</link><guid>dnd-1</guid>
<pubDate>Thu, 20 Mar 2025 05:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>A missile struck a rail depot outside Dnipro overnight, the regional administration said on Thursday.</p>]]></content:encoded></item>
<item><title>Power restored in Nikopol</title><link>%[1]s/a/2</link><guid>dnd-2</guid>
<pubDate>Thu, 20 Mar 2025 07:30:00 GMT</pubDate>
<description>Engineers restored power in Nikopol.</description></item>
%[2]s
</channel></rss>`

const article = `<!DOCTYPE html><html lang="en"><head><title>Power restored in Nikopol</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Power restored in Nikopol</h1>
<p>Engineers restored electricity to most of Nikopol on Thursday morning after shelling overnight damaged a transformer station, the town's military administration said.</p>
<p>About two thousand households had been without power for several hours. Repair crews worked through the night under the threat of further shelling.</p>
<p>The administration said that water pumping stations were running again on backup generators.</p>
</article><footer>Dnipro Night Desk</footer></body></html>`

func open(t *testing.T, dsn string) *store.Store {
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func count(t *testing.T, s *store.Store) int {
	n, err := s.CountReports(context.Background(), trucewatch.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSources(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Run("FeedTwice", func(t *testing.T) { testFeedTwice(t, e.DSN(t), true) })
			t.Run("FeedTwiceNoValidators", func(t *testing.T) { testFeedTwice(t, e.DSN(t), false) })
			t.Run("Backoff", func(t *testing.T) { testBackoff(t, e.DSN(t)) })
			t.Run("Page", func(t *testing.T) { testPage(t, e.DSN(t)) })
			t.Run("Folder", func(t *testing.T) { testFolder(t, e.DSN(t)) })
			t.Run("TelegramExport", func(t *testing.T) { testTelegram(t, e.DSN(t)) })
		})
	}
}

// testFeedTwice: a feed read twice stores its entries once, with or
// without the server's help (ETag: 304; without: the entries are known);
// an entry with only a summary gets its article's main text; an entry
// added later is stored alone.
func testFeedTwice(t *testing.T, dsn string, validators bool) {
	ctx := context.Background()
	s := open(t, dsn)
	var extra atomic.Value
	extra.Store("")
	var feedGets, articleGets atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed":
			feedGets.Add(1)
			body := fmt.Sprintf(newsFeed, srv.URL, extra.Load())
			tag := fmt.Sprintf(`"%d"`, len(body))
			if validators {
				if r.Header.Get("If-None-Match") == tag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("ETag", tag)
			}
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprint(w, body)
		case "/a/2":
			articleGets.Add(1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, article)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	if _, err := s.AddLiveSource(ctx, trucewatch.LiveSource{Name: "dnd", Kind: trucewatch.KindFeed, Location: srv.URL + "/feed",
		Source: trucewatch.Source{Outlet: "Dnipro Night Desk", Affiliation: trucewatch.AffiliationIndependent}}); err != nil {
		t.Fatal(err)
	}
	p := &Poller{Store: s}
	res, err := p.Poll(ctx, true)
	if err != nil || len(res) != 1 || res[0].Err != nil || res[0].New != 2 {
		t.Fatalf("first poll: %+v, %v", res, err)
	}
	reps, err := s.Reports(ctx, trucewatch.ReportFilter{})
	if err != nil || len(reps) != 2 {
		t.Fatalf("reports %v, %v", len(reps), err)
	}
	byURL := map[string]trucewatch.Report{}
	for _, r := range reps {
		byURL[r.URL] = r
	}
	a1, a2 := byURL[srv.URL+"/a/1"], byURL[srv.URL+"/a/2"]
	if a1.Text != "A missile struck a rail depot outside Dnipro overnight, the regional administration said on Thursday." ||
		a1.Outlet != "Dnipro Night Desk" || a1.Language != "en" || a1.Published.String() != "2025-03-20T05:00:00Z" || a1.Title != "Strike on a rail depot" {
		t.Errorf("entry with content: %+v", a1)
	}
	if !strings.Contains(a2.Text, "two thousand households") || strings.Contains(a2.Text, "Sport") || a2.Metadata["text-from"] != "page" {
		t.Errorf("entry with a summary: the article's text not taken: %q %v", a2.Text, a2.Metadata)
	}
	// Read again: nothing new stored, the article not fetched again.
	res, err = p.Poll(ctx, true)
	if err != nil || res[0].Err != nil || res[0].New != 0 || res[0].NotModified != validators {
		t.Fatalf("second poll: %+v, %v", res, err)
	}
	if n := count(t, s); n != 2 || articleGets.Load() != 1 {
		t.Errorf("after the second poll: %d reports, article fetched %d times; want 2 and 1", n, articleGets.Load())
	}
	// A new entry: stored alone.
	extra.Store(`<item><title>Kurzmeldung</title><link>` + srv.URL + `/a/3</link><guid>dnd-3</guid><description>Am Morgen wurde in Dnipro Luftalarm ausgelöst.</description></item>`)
	res, _ = p.Poll(ctx, true)
	if res[0].Err != nil || res[0].New != 1 || count(t, s) != 3 {
		t.Errorf("third poll: %+v; %d reports", res[0], count(t, s))
	}
	// The link gives 404: the summary is the text, and the poll says so.
	for _, r := range res[0].Notes {
		if !strings.Contains(r, "404") {
			t.Errorf("note %q", r)
		}
	}
	st, _ := s.LiveSource(ctx, "dnd")
	if st.Stored != 3 || st.Failures != 0 || st.Polled.IsZero() || (validators && st.ETag == "") {
		t.Errorf("state %+v", st)
	}
}

// testBackoff: a failing source waits longer after each failure and is
// not read before it is due; one that answers again is read as usual.
func testBackoff(t *testing.T, dsn string) {
	ctx := context.Background()
	s := open(t, dsn)
	var fail atomic.Bool
	fail.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, newsFeed, "https://example.org", "")
	}))
	defer srv.Close()
	s.AddLiveSource(ctx, trucewatch.LiveSource{Name: "flaky", Kind: trucewatch.KindFeed, Location: srv.URL})
	now := time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
	p := &Poller{Store: s, Every: time.Minute, MaxBackoff: 10 * time.Minute, Now: func() time.Time { return now }}
	for i, wantPause := range []time.Duration{2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 10 * time.Minute} {
		res, err := p.Poll(ctx, false)
		if err != nil || len(res) != 1 || res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "503") {
			t.Fatalf("poll %d: %+v, %v", i, res, err)
		}
		st, _ := s.LiveSource(ctx, "flaky")
		if st.Failures != i+1 || st.NextPoll.Sub(now) != wantPause || !strings.Contains(st.LastError, "503") {
			t.Errorf("after failure %d: failures %d, next in %s, want %s", i+1, st.Failures, st.NextPoll.Sub(now), wantPause)
		}
		if res, _ := p.Poll(ctx, false); len(res) != 0 {
			t.Errorf("read again before it was due: %+v", res)
		}
		now = st.NextPoll
	}
	fail.Store(false)
	res, _ := p.Poll(ctx, false)
	st, _ := s.LiveSource(ctx, "flaky")
	if len(res) != 1 || res[0].Err != nil || st.Failures != 0 || st.LastError != "" || st.NextPoll.Sub(now) != time.Minute {
		t.Errorf("after recovery: %+v, state %+v", res, st)
	}
}

// testPage: a page is a report when its main text changes, not when only
// its surroundings do.
func testPage(t *testing.T, dsn string) {
	ctx := context.Background()
	s := open(t, dsn)
	var body atomic.Value
	body.Store(article)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, body.Load())
	}))
	defer srv.Close()
	s.AddLiveSource(ctx, trucewatch.LiveSource{Name: "page", Kind: trucewatch.KindPage, Location: srv.URL, Language: "en",
		Source: trucewatch.Source{Outlet: "Nikopol Administration", Affiliation: trucewatch.AffiliationOfficial, Party: trucewatch.PartyUA}})
	now := time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
	p := &Poller{Store: s, Now: func() time.Time { return now }}
	for i, c := range []struct {
		page string
		new  int
	}{
		{article, 1},
		{article, 0},
		{strings.Replace(article, "Sport", "Culture", 1), 0}, // navigation only
		{strings.Replace(article, "two thousand", "three thousand", 1), 1},
	} {
		body.Store(c.page)
		now = now.Add(time.Hour)
		res, err := p.Poll(ctx, true)
		if err != nil || res[0].Err != nil || res[0].New != c.new {
			t.Errorf("read %d: %+v, %v; want %d new", i, res, err, c.new)
		}
	}
	reps, _ := s.Reports(ctx, trucewatch.ReportFilter{})
	if len(reps) != 2 || reps[0].Outlet != "Nikopol Administration" || reps[0].URL != srv.URL || reps[0].Published.IsZero() {
		t.Errorf("reports %+v", reps)
	}
}

// testFolder: files that appear in a watched folder are ingested once,
// report files and Telegram exports alike; a new poller (a restart) reads
// nothing again; a file still being written waits; a changed file is read
// again and only its new reports are new.
func testFolder(t *testing.T, dsn string) {
	ctx := context.Background()
	s := open(t, dsn)
	dir := t.TempDir()
	write := func(name, content string, age time.Duration) {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		mt := time.Now().Add(-age)
		os.Chtimes(path, mt, mt)
	}
	s.AddLiveSource(ctx, trucewatch.LiveSource{Name: "inbox", Kind: trucewatch.KindFolder, Location: dir})
	poll := func(want int) {
		t.Helper()
		p := &Poller{Store: s} // a new one each time: as after a restart
		res, err := p.Poll(ctx, true)
		if err != nil || res[0].Err != nil || res[0].New != want {
			t.Errorf("poll: %+v, %v; want %d new", res, err, want)
		}
	}
	write("a.txt", "Outlet: Odesa Harbour News\nLanguage: en\n\nA drone hit a grain terminal in Odesa overnight.", time.Minute)
	write("sub/b.txt", "Outlet: Odesa Harbour News\nLanguage: de\n\nIn Odesa wurde ein Getreideterminal getroffen.", time.Minute)
	write("notes.json", `{"incidents": []}`, time.Minute)
	write(".partial.txt", "Outlet: X\n\nhidden, still being copied", time.Minute)
	write("export/result.json", `{"name": "Odesa Live", "type": "public_channel", "id": 77, "messages": [
		{"id": 1, "type": "message", "date_unixtime": "1742450400", "text": "Вибухи в Одесі, працює ППО."},
		{"id": 2, "type": "service", "date_unixtime": "1742450500", "action": "pin_message", "text": ""}]}`, time.Minute)
	write("fresh.txt", "Outlet: X\n\nJust written.", 0)
	poll(3) // a, b, the export's message; fresh.txt waits
	poll(0)
	write("fresh.txt", "Outlet: X\n\nJust written.", time.Minute)
	poll(1)
	write("export/result.json", `{"name": "Odesa Live", "type": "public_channel", "id": 77, "messages": [
		{"id": 1, "type": "message", "date_unixtime": "1742450400", "text": "Вибухи в Одесі, працює ППО."},
		{"id": 3, "type": "message", "date_unixtime": "1742450900", "text": "Відбій тривоги."}]}`, time.Minute)
	poll(1) // the export grew: only its new message is new
	poll(0)
	if n := count(t, s); n != 5 {
		t.Errorf("%d reports, want 5", n)
	}
	// A folder that vanished is a failure of that source.
	os.RemoveAll(dir)
	res, _ := (&Poller{Store: s}).Poll(ctx, true)
	if res[0].Err == nil {
		t.Error("a missing folder polled without error")
	}
}

// testTelegram: a Telegram export source gives its channel's username to
// the links and its outlet and language to the reports, and is read
// again when the file changes.
func testTelegram(t *testing.T, dsn string) {
	ctx := context.Background()
	s := open(t, dsn)
	path := filepath.Join(t.TempDir(), "result.json")
	write := func(msgs string) {
		os.WriteFile(path, []byte(`{"name": "Mykolaiv Now", "type": "public_channel", "id": 31, "messages": [`+msgs+`]}`), 0o644)
		old := time.Now().Add(-time.Minute)
		os.Chtimes(path, old, old)
	}
	write(`{"id": 5, "type": "message", "date_unixtime": "1742450400", "text": "Над Миколаєвом збито два дрони."}`)
	s.AddLiveSource(ctx, trucewatch.LiveSource{Name: "tg", Kind: trucewatch.KindTelegram, Location: path, Channel: "mykolaiv_now", Language: "uk",
		Source: trucewatch.Source{Outlet: "Mykolaiv Regional Administration", Affiliation: trucewatch.AffiliationOfficial, Party: trucewatch.PartyUA}})
	p := &Poller{Store: s}
	if res, err := p.Poll(ctx, true); err != nil || res[0].New != 1 {
		t.Fatalf("poll: %+v, %v", res, err)
	}
	write(`{"id": 5, "type": "message", "date_unixtime": "1742450400", "text": "Над Миколаєвом збито два дрони."},
		{"id": 6, "type": "message", "date_unixtime": "1742450500", "text": "Тривогу скасовано."}`)
	if res, err := p.Poll(ctx, true); err != nil || res[0].New != 1 || res[0].Duplicate != 1 {
		t.Fatalf("poll after the export grew: %+v, %v", res, err)
	}
	reps, _ := s.Reports(ctx, trucewatch.ReportFilter{})
	if len(reps) != 2 || reps[0].URL != "https://t.me/mykolaiv_now/6" || reps[0].Outlet != "Mykolaiv Regional Administration" || reps[0].Language != "uk" {
		t.Errorf("reports %+v", reps)
	}
}
