package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/synth"
)

// TestMain lets a test run this test binary as the trucewatch command (a
// real process it can kill): with TRUCEWATCH_RUN_MAIN=1 the arguments are
// trucewatch's.
func TestMain(m *testing.M) {
	if os.Getenv("TRUCEWATCH_RUN_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

const pollFeed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Saporischschja Abendpost</title><id>urn:example:sap</id>
<updated>2025-03-20T08:00:00Z</updated>
<entry><title>Drohnenangriff auf Umspannwerk</title><id>urn:example:sap:1</id><link href="https://example.org/sap/1"/>
<published>2025-03-20T05:30:00+02:00</published>
<content type="text">In der Nacht zum Donnerstag griffen russische Drohnen ein Umspannwerk in Saporischschja an, teilte die Gebietsverwaltung mit.</content></entry>
<entry><title>Stromversorgung wiederhergestellt</title><id>urn:example:sap:2</id><link href="https://example.org/sap/2"/>
<published>2025-03-20T09:00:00+02:00</published>
<content type="text">Am Donnerstagvormittag war die Stromversorgung in den meisten Stadtteilen wiederhergestellt.</content></entry>
</feed>`

// TestPollOnceTwice: poll --once twice on the same feed stores its
// entries once and analyses them; the second read is answered 304.
func TestPollOnceTwice(t *testing.T) {
	_, env, _ := workDir(t)
	gets := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets++
		if r.Header.Get("If-None-Match") == `"sap-1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"sap-1"`)
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprint(w, pollFeed)
	}))
	defer srv.Close()
	if code, out, errOut := run(t, "", env, "sources", "add", "sap", "--feed", srv.URL, "--outlet", "Saporischschja Abendpost",
		"--affiliation", "independent"); code != exitOK {
		t.Fatalf("sources add: %d %s %s", code, out, errOut)
	}
	for i, want := range []string{"2 new, 0 duplicate, 0 rejected", "not modified"} {
		code, out, errOut := run(t, "", env, "poll", "--once")
		if code != exitOK || !strings.Contains(out, want) {
			t.Fatalf("poll --once #%d: exit %d, %q %q; want %q", i+1, code, out, errOut, want)
		}
	}
	code, out, _ := run(t, "", env, "status", "--json")
	var st statusJSON
	if code != exitOK || json.Unmarshal([]byte(out), &st) != nil || st.Reports != 2 || st.Analysed != 2 {
		t.Errorf("status after two polls: %s", out)
	}
	if gets != 2 {
		t.Errorf("%d requests, want 2", gets)
	}
	code, out, _ = run(t, "", env, "sources", "list")
	if code != exitOK || !strings.Contains(out, "sap ") || !strings.Contains(out, " 2 ") {
		t.Errorf("sources list: %s", out)
	}
	// A failing source makes poll --once exit 1, naming it.
	run(t, "", env, "sources", "add", "dead", "--feed", srv.URL+"/nothing-here-either", "--outlet", "X")
	srv.Close()
	if code, out, _ := run(t, "", env, "poll", "--once", "--fetch-timeout", "2s"); code != exitFailed || !strings.Contains(out, "dead") || !strings.Contains(out, "failed") {
		t.Errorf("poll --once with a dead source: exit %d %s", code, out)
	}
}

// TestIngestTelegramExport: ingest recognises an export by its content
// (whatever its name), stores its text messages once, and counts what it
// skipped.
func TestIngestTelegramExport(t *testing.T) {
	_, env, write := workDir(t)
	path := write("channel-backup.dat", `{"name": "Херсонський оглядач", "type": "public_channel", "id": 4242, "messages": [
	 {"id": 10, "type": "service", "date_unixtime": "1742450400", "action": "create_channel", "text": ""},
	 {"id": 11, "type": "message", "date_unixtime": "1742450460", "text": ["Вночі ", {"type": "bold", "text": "обстріляли"}, " Херсон, пошкоджено підстанцію."]},
	 {"id": 12, "type": "message", "date_unixtime": "1742450520", "photo": "photos/1.jpg", "text": ""},
	 {"id": 13, "type": "message", "date_unixtime": "1742450580", "forwarded_from": "Mykolaiv Daily", "text": "Shelling damaged a substation in Kherson overnight, officials said."}]}`)
	for i, want := range []string{"2 new, 0 duplicate", "0 new, 2 duplicate"} {
		code, out, errOut := run(t, "", env, "ingest", "--no-wait", "--telegram-channel", "kherson_watch", "--telegram-lang", "uk", path)
		if code != exitOK || !strings.Contains(out, want) || !strings.Contains(out, "1 service, 1 media without text, 0 empty") ||
			!strings.Contains(out, "channel-backup.dat#11") {
			t.Errorf("ingest #%d: exit %d\n%s%s\nwant %q", i+1, code, out, errOut, want)
		}
	}
	s, err := store.Open(context.Background(), env["TRUCEWATCH_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	reps, _ := s.Reports(context.Background(), trucewatch.ReportFilter{})
	urls := map[string]string{}
	for _, r := range reps {
		urls[r.URL] = r.Outlet
	}
	if len(reps) != 2 || urls["https://t.me/kherson_watch/11"] != "Херсонський оглядач" || urls["https://t.me/kherson_watch/13"] != "Mykolaiv Daily" {
		t.Errorf("reports by URL: %v", urls)
	}
}

// TestProgressLines: off a terminal, progress is a plain line now and
// then, and a last one when lines were written.
func TestProgressLines(t *testing.T) {
	var b bytes.Buffer
	p, err := newProgress("auto", &b, "ingest")
	if err != nil || p.mode != "lines" {
		t.Fatalf("auto on a buffer: %v %v", p.mode, err)
	}
	p.every = 0
	p.set(500, 2000)
	p.set(1000, 2000)
	p.finish()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "progress: 500 of 2000 reports (25%)") || !strings.HasPrefix(lines[2], "progress: 1000 of 2000") {
		t.Errorf("lines:\n%s", b.String())
	}
	if _, err := newProgress("fancy", &b, ""); err == nil {
		t.Error("--progress fancy accepted")
	}
}

// TestIngestKilledAndRerun: a bulk ingest (2,000 report files and a
// Telegram export of 1,000 messages) killed with SIGKILL half-way and run
// again stores every report exactly once.
func TestIngestKilledAndRerun(t *testing.T) {
	dir, env, _ := workDir(t)
	in := filepath.Join(dir, "in")
	const files, messages = 2000, 1000
	writeBulk(t, in, files, messages)
	db := env["TRUCEWATCH_DB"]
	cmd := exec.Command(os.Args[0], "ingest", "--no-wait", "--quiet", "--batch", "50", "--progress", "lines", "--db", db, in)
	cmd.Env = append(os.Environ(), "TRUCEWATCH_RUN_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Kill it once a fifth is stored.
	var before int
	deadline := time.Now().Add(2 * time.Minute)
	for before < (files+messages)/5 {
		select {
		case err := <-done:
			t.Fatalf("ingest ended before it was killed (%v): make the batch smaller", err)
		case <-time.After(20 * time.Millisecond):
		}
		before = countReports(t, db)
		if time.Now().After(deadline) {
			t.Fatal("ingest stored too little in two minutes")
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	before = countReports(t, db)
	if before >= files+messages {
		t.Fatalf("killed too late: %d stored", before)
	}
	code, out, errOut := run(t, "", env, "ingest", "--no-wait", "--quiet", "--progress", "none", in)
	want := fmt.Sprintf("%d inputs: %d new, %d duplicate, 0 rejected", files+messages, files+messages-before, before)
	if code != exitOK || !strings.Contains(out, want) {
		t.Fatalf("the second run: exit %d\n%s%s\nwant %q", code, out, errOut, want)
	}
	if n := countReports(t, db); n != files+messages {
		t.Errorf("%d reports after the re-run, want %d", n, files+messages)
	}
	t.Logf("killed after %d of %d reports; the re-run stored the other %d", before, files+messages, files+messages-before)
}

func countReports(t *testing.T, db string) int {
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.CountReports(context.Background(), trucewatch.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// writeBulk writes files generated report files and one Telegram export
// of messages generated texts into dir.
func writeBulk(t testing.TB, dir string, files, messages int) {
	writeBulkDays(t, dir, files, messages, 2000)
}

// writeBulkDays is writeBulk with perDay reports a day (0: all on one
// day).
func writeBulkDays(t testing.TB, dir string, files, messages, perDay int) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// 2,000 reports a day, as bench pipeline makes them: a record of a
	// hundred thousand spans fifty days.
	var gen *synth.Generator
	next := func(i int) *synth.Generator {
		if i%2000 == 0 {
			day := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
			if perDay > 0 {
				day = day.AddDate(0, 0, i/perDay)
			}
			gen = synth.New(15+uint64(i), day)
		}
		return gen
	}
	for i := range files {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%06d.txt", i)), next(i).Next(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "channel.json"), synthExport(func(i int) *synth.Generator { return next(files + i) }, messages), 0o644); err != nil {
		t.Fatal(err)
	}
}

// synthExport is a Telegram channel export of n generated messages, the
// i-th from gen(i).
func synthExport(gen func(i int) *synth.Generator, n int) []byte {
	type msg struct {
		ID   int    `json:"id"`
		Type string `json:"type"`
		Date string `json:"date"`
		Unix string `json:"date_unixtime"`
		Text string `json:"text"`
	}
	ex := struct {
		Name     string `json:"name"`
		Type     string `json:"type"`
		ID       int64  `json:"id"`
		Messages []msg  `json:"messages"`
	}{Name: "Synthetic Front Line", Type: "public_channel", ID: 1500000001}
	for i := range n {
		r := gen(i).Report()
		ex.Messages = append(ex.Messages, msg{ID: i + 1, Type: "message", Date: r.Published.Time.UTC().Format("2006-01-02T15:04:05"),
			Unix: fmt.Sprint(r.Published.Time.Unix()), Text: r.Text})
	}
	b, _ := json.Marshal(ex)
	return b
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServePollsToDashboard: serve --poll-every reads a source added
// while it runs, analyses its reports, and the dashboard is told over
// /events without anyone asking; the API then lists them.
func TestServePollsToDashboard(t *testing.T) {
	_, env, _ := workDir(t)
	feedSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprint(w, pollFeed)
	}))
	defer feedSrv.Close()
	addr, said := startServe(t, env, "--poll-every", "1h")
	resp, err := http.Get("http://" + addr + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 16)
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			if n > 0 {
				events <- string(buf[:n])
			}
			if err != nil {
				close(events)
				return
			}
		}
	}()
	if got := <-events; !strings.Contains(got, "connected") {
		t.Fatalf("events: %q", got)
	}
	if code, o, e := run(t, "", env, "sources", "add", "sap", "--feed", feedSrv.URL, "--outlet", "Saporischschja Abendpost"); code != exitOK {
		t.Fatalf("sources add: %s %s", o, e)
	}
	timeout := time.After(30 * time.Second)
	for changed := false; !changed; {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatal("events ended")
			}
			changed = strings.Contains(ev, "event: changed")
		case <-timeout:
			t.Fatalf("no change event within 30 s; serve said %s", said())
		}
	}
	r, err := http.Get("http://" + addr + "/api/v1/reports")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var reports []struct {
		URL    string `json:"url"`
		Outlet string `json:"outlet"`
	}
	body := new(bytes.Buffer)
	body.ReadFrom(r.Body)
	if err := json.Unmarshal(body.Bytes(), &reports); err != nil || len(reports) != 2 || reports[0].Outlet != "Saporischschja Abendpost" {
		t.Errorf("API reports after the poll: %v %s", err, body.String())
	}
}

// TestMakeBulk writes the bulk set the closing note's measurement ingests
// (docs/sources.md): TRUCEWATCH_BULK_FILES report files (default 50,000)
// and one Telegram export of TRUCEWATCH_BULK_MESSAGES messages (default
// 50,000) into TRUCEWATCH_BULK_DIR, TRUCEWATCH_BULK_PER_DAY a day (default
// 2,000; 0 puts them all on one day). It is a tool, skipped without it.
func TestMakeBulk(t *testing.T) {
	dir := os.Getenv("TRUCEWATCH_BULK_DIR")
	if dir == "" {
		t.Skip("TRUCEWATCH_BULK_DIR is not set: the bulk set is made only on request")
	}
	files, messages, perDay := 50000, 50000, 2000
	fmt.Sscan(os.Getenv("TRUCEWATCH_BULK_FILES"), &files)
	fmt.Sscan(os.Getenv("TRUCEWATCH_BULK_MESSAGES"), &messages)
	fmt.Sscan(os.Getenv("TRUCEWATCH_BULK_PER_DAY"), &perDay)
	writeBulkDays(t, dir, files, messages, perDay)
}
