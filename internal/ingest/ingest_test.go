package ingest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/telegram"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPaths(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "in", "a.txt"), "Outlet: A\nLanguage: en\n\nOvernight drones hit Sumy.")
	writeFile(t, filepath.Join(dir, "in", "b.txt"), "Outlet: B\nLanguage: de\n\nIn der Nacht.")
	writeFile(t, filepath.Join(dir, "in", "c-copy.txt"), "Outlet: A\nLanguage: en\n\nOvernight drones hit Sumy.")
	writeFile(t, filepath.Join(dir, "in", "d-bad.txt"), "Published: gestern\n\nText.")
	writeFile(t, filepath.Join(dir, "in", "e.gold.json"), "{}")
	writeFile(t, filepath.Join(dir, "in", ".hidden.txt"), "Outlet: H\n\nhidden")
	writeFile(t, filepath.Join(dir, "in", "sub", "f.txt"), "\xff\xfe binary-ish")
	writeFile(t, filepath.Join(dir, "in", "sub", "g.txt"), "Language: ru\n\nВ ночь на 19 марта.")

	db, err := store.Open(context.Background(), filepath.Join(dir, "db", "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	var got []string
	in := &Ingester{
		Store:     db,
		Stdin:     strings.NewReader("Language: uk\n\nВночі."),
		BatchSize: 2, // several flushes, one with a rejected input in it
		Report: func(r Result) {
			line := filepath.Base(r.Name) + " " + string(r.Status)
			if r.Err != nil {
				line += ": " + r.Err.Error()
			}
			got = append(got, line)
		},
	}
	sum, err := in.Paths(context.Background(), []string{filepath.Join(dir, "in"), "-", filepath.Join(dir, "missing.txt"), filepath.Join(dir, "in", "a.txt")})
	if err != nil {
		t.Fatalf("Paths: %v", err)
	}
	want := []string{
		"a.txt new",
		"b.txt new",
		"c-copy.txt duplicate",
		"d-bad.txt rejected: " + filepath.Join(dir, "in", "d-bad.txt") + ": line 1: published: cannot parse \"gestern\": want YYYY-MM-DD or an RFC 3339 time such as 2025-03-19T06:30:00+02:00: invalid",
		"f.txt rejected: " + filepath.Join(dir, "in", "sub", "f.txt") + ": line 1: not UTF-8: invalid byte 0xff at offset 0",
		"g.txt new",
		"stdin new",
		"missing.txt rejected: stat " + filepath.Join(dir, "missing.txt") + ": no such file or directory",
		"a.txt duplicate",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if wantSum := (Summary{New: 4, Duplicate: 2, Rejected: 3}); sum != wantSum {
		t.Errorf("summary = %+v, want %+v", sum, wantSum)
	}
	if n, _ := db.CountReports(context.Background(), trucewatch.ReportFilter{}); n != 4 {
		t.Errorf("%d reports stored, want 4", n)
	}
}

// TestQueuedOnIngest: a new report is stored queued for the pipeline, in
// the same transaction; a duplicate is not queued again.
func TestQueuedOnIngest(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for range 2 {
		in := &Ingester{Store: db, Stdin: strings.NewReader("Language: en\n\nText.")}
		if _, err := in.Paths(ctx, []string{"-"}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := db.PipelineStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Reports != 1 || st.Stored != 1 {
		t.Errorf("status %+v: want one report, queued", st)
	}
}

// TestSkipsNonRegular: a named pipe called *.txt, in a folder or named
// itself, is skipped with a message and never opened (opening it would
// wait for a writer forever); the rest of the batch is stored.
func TestSkipsNonRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system on Windows")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "in", "a.txt"), "Language: en\n\nOne.")
	fifo := filepath.Join(dir, "in", "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere.txt"), filepath.Join(dir, "in", "broken.txt")); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), filepath.Join(dir, "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got []string
	in := &Ingester{Store: db, Report: func(r Result) {
		line := filepath.Base(r.Name) + " " + string(r.Status)
		if r.Err != nil {
			line += ": " + r.Err.Error()
		}
		got = append(got, line)
	}}
	done := make(chan struct{})
	var sum Summary
	go func() {
		defer close(done)
		sum, err = in.Paths(context.Background(), []string{filepath.Join(dir, "in"), fifo})
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("ingest hangs on a named pipe")
	}
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a.txt new",
		"broken.txt skipped: not a regular file (a broken link)",
		"pipe.txt skipped: not a regular file (a named pipe)",
		"pipe.txt skipped: not a regular file (a named pipe)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if sum != (Summary{New: 1, Skipped: 3}) {
		t.Errorf("summary %+v", sum)
	}
}

func TestFS(t *testing.T) {
	fsys := fstest.MapFS{
		"reports/01.txt":       {Data: []byte("Language: en\n\nOne.")},
		"reports/02.txt":       {Data: []byte("Language: en\n\nTwo.")},
		"reports/README.md":    {Data: []byte("not a report")},
		"reports/03.gold.json": {Data: []byte("{}")},
	}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := &Ingester{Store: db}
	sum, err := in.FS(context.Background(), fsys, "reports")
	if err != nil || sum != (Summary{New: 2}) {
		t.Fatalf("FS = %+v, %v; want 2 new", sum, err)
	}
	list, _ := db.Reports(context.Background(), trucewatch.ReportFilter{})
	if len(list) != 2 || !strings.HasPrefix(list[0].Origin, "reports/") {
		t.Errorf("stored %+v, want 2 reports with their origin", list)
	}
}

// TestTelegramInFolder: a folder's Telegram export is recognised by its
// content and gives a report a text message; other JSON is passed over;
// the progress grows to include the export's messages and ends complete.
func TestTelegramInFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "in", "a.txt"), "Outlet: A\nLanguage: en\n\nA depot was hit near Izium.")
	writeFile(t, filepath.Join(dir, "in", "a.gold.json"), `{"incidents": [], "messages": "not an array"}`)
	writeFile(t, filepath.Join(dir, "in", "tg", "result.json"), `{"name": "Izium Today", "type": "public_channel", "id": 9, "messages": [
	 {"id": 1, "type": "service", "date_unixtime": "1742450400", "action": "create_channel", "text": ""},
	 {"id": 2, "type": "message", "date_unixtime": "1742450460", "text": "Під Ізюмом уражено склад."},
	 {"id": 3, "type": "message", "date_unixtime": "1742450520", "file": "video.mp4", "text": ""},
	 {"id": 4, "type": "message", "date_unixtime": "yesterday", "text": "broken date"},
	 {"id": 5, "type": "message", "date_unixtime": "1742450640", "text": [{"type": "italic", "text": "Вибухи"}, " у місті."]}]}`)
	db, err := store.Open(context.Background(), filepath.Join(dir, "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got []string
	var progress [][2]int
	in := &Ingester{Store: db, BatchSize: 1, Telegram: telegram.Options{Username: "izium_today"},
		Report:   func(r Result) { got = append(got, filepath.Base(r.Name)+" "+string(r.Status)) },
		Progress: func(done, total int) { progress = append(progress, [2]int{done, total}) }}
	sum, err := in.Paths(context.Background(), []string{filepath.Join(dir, "in")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.txt new", "result.json rejected", "result.json#2 new", "result.json#5 new"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results %q, want %q", got, want)
	}
	if sum != (Summary{New: 3, Rejected: 1, Messages: Messages{Service: 1, MediaOnly: 1}}) {
		t.Errorf("summary %+v", sum)
	}
	last := progress[len(progress)-1]
	if last != [2]int{4, 4} {
		t.Errorf("progress %v, want it to end at 4 of 4", progress)
	}
	for i := 1; i < len(progress); i++ {
		if progress[i][0] < progress[i-1][0] {
			t.Errorf("progress went back: %v", progress)
		}
	}
	reps, _ := db.Reports(context.Background(), trucewatch.ReportFilter{})
	urls := map[string]bool{}
	for _, r := range reps {
		urls[r.URL] = true
	}
	if !urls["https://t.me/izium_today/2"] || !urls["https://t.me/izium_today/5"] {
		t.Errorf("URLs %v", urls)
	}
}
