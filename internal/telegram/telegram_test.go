package telegram

import (
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// export is a channel export as the desktop client writes it, with
// messages we wrote: a service message, plain and formatted text, an
// edit, a forward, media with and without a caption.
const export = `{
 "name": "Зведення Сумщини",
 "type": "public_channel",
 "id": 1987654321,
 "messages": [
  {"id": 1, "type": "service", "date": "2025-03-18T21:00:00", "date_unixtime": "1742324400", "actor": "Зведення Сумщини", "action": "create_channel", "title": "Зведення Сумщини", "text": "", "text_entities": []},
  {"id": 2, "type": "message", "date": "2025-03-19T06:30:00", "date_unixtime": "1742358600", "from": "Зведення Сумщини", "from_id": "channel1987654321",
   "text": "Вночі дрон влучив у підстанцію на околиці Сум.", "text_entities": [{"type": "plain", "text": "Вночі дрон влучив у підстанцію на околиці Сум."}]},
  {"id": 3, "type": "message", "date": "2025-03-19T07:05:00", "date_unixtime": "1742360700", "edited": "2025-03-19T07:20:00", "edited_unixtime": "1742361600",
   "from": "Зведення Сумщини", "text": [{"type": "bold", "text": "Оновлено:"}, " світло повернули у більшість будинків. ", {"type": "text_link", "text": "Деталі", "href": "https://example.org/x"}, {"type": "hashtag", "text": "#Суми"}]},
  {"id": 4, "type": "message", "date": "2025-03-19T08:00:00", "date_unixtime": "1742364000", "forwarded_from": "Kharkiv Morning Bulletin",
   "text": "Overnight, debris from a downed drone damaged power lines near Kharkiv, the regional governor said."},
  {"id": 5, "type": "message", "date": "2025-03-19T08:10:00", "date_unixtime": "1742364600", "photo": "photos/photo_1.jpg", "width": 800, "height": 600, "text": ""},
  {"id": 6, "type": "message", "date": "2025-03-19T08:20:00", "date_unixtime": "1742365200", "photo": "photos/photo_2.jpg", "text": "Наслідки удару по підстанції."},
  {"id": 7, "type": "message", "date": "2025-03-19T08:30:00", "date_unixtime": "1742365800", "text": "   "},
  {"id": 8, "type": "message", "date": "not a date", "text": "broken"}
 ]
}`

func TestExport(t *testing.T) {
	if !Detect([]byte(export)) || Detect([]byte(`{"incidents": []}`)) || Detect([]byte("Outlet: X\n\n{\"messages\": [")) {
		t.Fatal("Detect is wrong")
	}
	ex, err := Parse("result.json", []byte(export))
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Chats) != 1 || len(ex.Chats[0].Messages) != 7 || len(ex.Chats[0].Broken) != 1 ||
		!strings.Contains(ex.Chats[0].Broken[0].Error(), `result.json: chat "Зведення Сумщини", message 7 (id 8): date: "not a date"`) {
		t.Fatalf("parsed %+v", ex)
	}
	reps, skip := Reports("result.json", ex.Chats[0], Options{Username: "@zvedennya_sumy", Language: "uk"})
	if skip.Service != 1 || skip.MediaOnly != 1 || skip.EmptyText != 1 || skip.Rejected != 1 {
		t.Errorf("skipped %+v", skip)
	}
	if len(reps) != 4 {
		t.Fatalf("%d reports, want 4", len(reps))
	}
	want := []struct {
		url, outlet, text, published, edited, forwardedBy string
	}{
		{"https://t.me/zvedennya_sumy/2", "Зведення Сумщини", "Вночі дрон влучив у підстанцію на околиці Сум.", "2025-03-19T04:30:00Z", "", ""},
		{"https://t.me/zvedennya_sumy/3", "Зведення Сумщини", "Оновлено: світло повернули у більшість будинків. Деталі#Суми", "2025-03-19T05:05:00Z", "2025-03-19T05:20:00Z", ""},
		{"https://t.me/zvedennya_sumy/4", "Kharkiv Morning Bulletin", "Overnight, debris from a downed drone damaged power lines near Kharkiv, the regional governor said.", "2025-03-19T06:00:00Z", "", "Зведення Сумщини"},
		{"https://t.me/zvedennya_sumy/6", "Зведення Сумщини", "Наслідки удару по підстанції.", "2025-03-19T06:20:00Z", "", ""},
	}
	for i, w := range want {
		r := reps[i]
		if r.URL != w.url || r.Outlet != w.outlet || r.Text != w.text || r.Published.String() != w.published || r.Language != "uk" ||
			r.Metadata["edited"] != w.edited || r.Metadata["forwarded-by"] != w.forwardedBy || r.Metadata["telegram-channel"] != "Зведення Сумщини" {
			t.Errorf("report %d: %+v %q\nwant %+v", i, r, r.Metadata, w)
		}
		// The stored bytes are a report file that reads back the same.
		back, err := reportfile.Parse("x", r.Raw)
		if err != nil || back.ID != r.ID || back.Text != r.Text {
			t.Errorf("report %d does not read back: %v", i, err)
		}
	}
	// The same export gives the same bytes: stored once however often.
	again, _ := Reports("result.json", ex.Chats[0], Options{Username: "zvedennya_sumy", Language: "uk"})
	for i := range again {
		if again[i].ID != reps[i].ID {
			t.Errorf("report %d: another ID on a second read", i)
		}
	}
	// Without a username: t.me/c/CHANNEL-ID/MESSAGE-ID links.
	noUser, _ := Reports("result.json", ex.Chats[0], Options{})
	if noUser[0].URL != "https://t.me/c/1987654321/2" || noUser[0].Language != "" {
		t.Errorf("without a username: %q %q", noUser[0].URL, noUser[0].Language)
	}
}

// TestOlderExport: no date_unixtime (older clients): the date, read as UTC.
func TestOlderExport(t *testing.T) {
	ex, err := Parse("old.json", []byte(`{"name": "Old", "type": "public_channel", "id": 5, "messages": [{"id": 9, "type": "message", "date": "2025-03-19T06:30:00", "text": "Текст"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := ex.Chats[0].Messages[0].Date; !got.Equal(time.Date(2025, 3, 19, 6, 30, 0, 0, time.UTC)) {
		t.Errorf("date %v", got)
	}
}

// TestAccountExport: a whole account's export has its chats in a list.
func TestAccountExport(t *testing.T) {
	raw := `{"about": "...", "chats": {"about": "...", "list": [
	  {"name": "A", "type": "public_channel", "id": 1, "messages": [{"id": 1, "type": "message", "date_unixtime": "1742358600", "text": "Erste Meldung aus Kiew."}]},
	  {"name": "B", "type": "private_channel", "id": 2, "messages": [{"id": 1, "type": "message", "date_unixtime": "1742358600", "text": "Second report."}]}]}}`
	if !Detect([]byte(raw)) {
		t.Fatal("not detected")
	}
	ex, err := Parse("all.json", []byte(raw))
	if err != nil || len(ex.Chats) != 2 || ex.Chats[1].Name != "B" {
		t.Fatalf("%+v, %v", ex, err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ raw, want string }{
		{`{"name": "x", "messages": [`, "x.json: not a Telegram export"},
		{`{"name": "x"}`, `no "messages" array`},
		{`{"name": "x", "messages": {}}`, `messages": json: cannot unmarshal object`},
		{"{\n\"name\": \"x\",\n\"messages\": [}", "line 3"},
	} {
		if _, err := Parse("x.json", []byte(c.raw)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want %q", c.raw, err, c.want)
		}
	}
	for _, c := range []struct{ raw, want string }{
		{`"plain"`, "plain"},
		{`["a", {"type": "bold", "text": "b"}, "c"]`, "abc"},
		{`[{"type": "x", "text": ["nested ", {"type": "i", "text": "deep"}]}]`, "nested deep"},
		{`null`, ""},
	} {
		if got, err := Flatten([]byte(c.raw)); err != nil || got != c.want {
			t.Errorf("Flatten(%s) = %q, %v; want %q", c.raw, got, err, c.want)
		}
	}
	for _, bad := range []string{`5`, `[5]`, `{"text": "x"}`, `["a", [1]]`} {
		if _, err := Flatten([]byte(bad)); err == nil {
			t.Errorf("Flatten(%s): no error", bad)
		}
	}
}

// FuzzParse: no export makes the parser panic, and every report made is
// a valid report file with its text.
func FuzzParse(f *testing.F) {
	f.Add([]byte(export))
	f.Add([]byte(`{"chats": {"list": [{"name": "A", "id": 1, "messages": [{"id": 1, "type": "message", "text": ["x", {"text": "y"}]}]}]}}`))
	f.Add([]byte(`{"name": null, "id": "1", "messages": [{"id": 1, "forwarded_from": null, "text": [{"text": null}]}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		ex, err := Parse("fuzz.json", raw)
		if err != nil {
			return
		}
		for _, c := range ex.Chats {
			reps, _ := Reports("fuzz.json", c, Options{})
			for _, r := range reps {
				back, err := reportfile.Parse("fuzz", r.Raw)
				if err != nil || back.ID != r.ID || back.Text == "" {
					t.Fatalf("a report that does not read back: %v\n%q", err, r.Raw)
				}
			}
		}
	})
}
