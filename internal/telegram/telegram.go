// Package telegram reads the channel exports of Telegram's desktop client
// (result.json, "Export chat history" in JSON) into reports: one report a
// text message, the channel as outlet, https://t.me/CHANNEL/ID as URL
// (docs/sources.md).
package telegram

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// MaxSize is the largest export read: a channel's whole history.
const MaxSize = 1 << 30

// Export is a parsed export: one channel, or each chat of a whole
// account's export.
type Export struct {
	Chats []Chat
}

// Chat is one channel (or chat) and its messages.
type Chat struct {
	Name     string // the channel's title
	Type     string // public_channel, private_channel, ...
	ID       int64
	Username string // "" in exports, which do not carry it; see Options
	Messages []Message
	Broken   []error // messages that could not be read, each naming the file and message
}

// Message is a message as the export gives it, its text flattened.
type Message struct {
	ID            int64
	Service       bool // a service message (channel created, pinned, ...)
	Date          time.Time
	Edited        time.Time // zero when never edited
	Text          string    // flattened: plain strings and the text of entities
	ForwardedFrom string    // the channel or user it was forwarded from
	Media         bool      // a photo, video, file, sticker, poll, ...
}

// Detect tells whether raw looks like a Telegram export: a JSON object with
// a "messages" array (one chat) or a "chats" object (a whole account)
// near its start. It reads only the first 64 KiB.
func Detect(raw []byte) bool {
	head := bytes.TrimLeft(bytes.TrimPrefix(raw[:min(len(raw), 64<<10)], []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(head) > 0 && head[0] == '{' && exportKey.Match(head)
}

// DetectFile reads the start of the file at path and tells whether it is
// a Telegram export (Detect). A file that cannot be opened is not, and
// the error says why; one that cannot be read is not either.
func DetectFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	return Detect(head[:n]), nil
}

var exportKey = regexp.MustCompile(`"(messages"\s*:\s*\[|chats"\s*:\s*\{)`)

// wire is the JSON of an export.
type wireChat struct {
	Name     *string       `json:"name"`
	Type     string        `json:"type"`
	ID       json.Number   `json:"id"`
	Messages []wireMessage `json:"messages"`
}

type wireMessage struct {
	ID             json.Number     `json:"id"`
	Type           string          `json:"type"`
	Date           string          `json:"date"`
	DateUnix       string          `json:"date_unixtime"`
	Edited         string          `json:"edited"`
	EditedUnix     string          `json:"edited_unixtime"`
	Text           json.RawMessage `json:"text"`
	ForwardedFrom  *string         `json:"forwarded_from"`
	Photo          json.RawMessage `json:"photo"`
	File           json.RawMessage `json:"file"`
	MediaType      string          `json:"media_type"`
	Poll           json.RawMessage `json:"poll"`
	Location       json.RawMessage `json:"location_information"`
	Contact        json.RawMessage `json:"contact_information"`
	StickerEmoji   string          `json:"sticker_emoji"`
	MessageEntries json.RawMessage `json:"text_entities"`
}

// Parse reads an export. Errors name the file; a message that cannot be
// read (a bad date, text of the wrong type) is left out and recorded in
// its chat's Broken, and the others are read.
func Parse(name string, raw []byte) (Export, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	var top struct {
		wireChat
		Chats *struct {
			List []wireChat `json:"list"`
		} `json:"chats"`
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&top); err != nil {
		return Export{}, fmt.Errorf("%s: not a Telegram export: %w", name, jsonErr(raw, err))
	}
	var chats []wireChat
	switch {
	case top.Messages != nil:
		chats = []wireChat{top.wireChat}
	case top.Chats != nil:
		chats = top.Chats.List
	default:
		return Export{}, fmt.Errorf("%s: not a Telegram export: no \"messages\" array and no \"chats\" list: %w", name, trucewatch.ErrInvalid)
	}
	var out Export
	for ci, wc := range chats {
		c := Chat{Type: wc.Type}
		if wc.Name != nil {
			c.Name = strings.TrimSpace(*wc.Name)
		}
		if wc.ID != "" {
			id, err := wc.ID.Int64()
			if err != nil {
				return out, fmt.Errorf("%s: chat %d: id %q: %w", name, ci, wc.ID, trucewatch.ErrInvalid)
			}
			c.ID = id
		}
		for mi, wm := range wc.Messages {
			m, err := wm.message()
			if err != nil {
				c.Broken = append(c.Broken, fmt.Errorf("%s: chat %q, message %d (id %s): %w", name, c.Name, mi, wm.ID, err))
				continue
			}
			c.Messages = append(c.Messages, m)
		}
		out.Chats = append(out.Chats, c)
	}
	return out, nil
}

// jsonErr adds the line of a syntax error.
func jsonErr(raw []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset <= int64(len(raw)) {
		return fmt.Errorf("line %d: %w (%w)", bytes.Count(raw[:se.Offset], []byte("\n"))+1, err, trucewatch.ErrInvalid)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %q: %w (%w)", te.Field, err, trucewatch.ErrInvalid)
	}
	return fmt.Errorf("%w (%w)", err, trucewatch.ErrInvalid)
}

func (wm wireMessage) message() (Message, error) {
	var m Message
	id, err := wm.ID.Int64()
	if err != nil {
		return m, fmt.Errorf("id %q: %w", wm.ID, trucewatch.ErrInvalid)
	}
	m.ID = id
	m.Service = wm.Type == "service"
	if m.Date, err = when(wm.DateUnix, wm.Date); err != nil {
		return m, fmt.Errorf("date: %w", err)
	}
	if wm.Edited != "" || wm.EditedUnix != "" {
		if m.Edited, err = when(wm.EditedUnix, wm.Edited); err != nil {
			return m, fmt.Errorf("edited: %w", err)
		}
	}
	if m.Text, err = Flatten(wm.Text); err != nil {
		return m, fmt.Errorf("text: %w", err)
	}
	if wm.ForwardedFrom != nil {
		m.ForwardedFrom = strings.TrimSpace(*wm.ForwardedFrom)
	}
	m.Media = len(wm.Photo) > 0 || len(wm.File) > 0 || wm.MediaType != "" || len(wm.Poll) > 0 ||
		len(wm.Location) > 0 || len(wm.Contact) > 0 || wm.StickerEmoji != ""
	return m, nil
}

// when is a message time: date_unixtime when the export has it (newer
// clients), else the date, which the client writes in the exporting
// machine's local time without an offset and is read as UTC.
func when(unix, local string) (time.Time, error) {
	if unix != "" {
		n, err := strconv.ParseInt(unix, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is not a Unix time: %w", unix, trucewatch.ErrInvalid)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if local == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02T15:04:05", local)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: want 2006-01-02T15:04:05: %w", local, trucewatch.ErrInvalid)
	}
	return t, nil
}

// Flatten makes a message's text plain: the export writes it as a string,
// or as an array of strings and entity objects ({"type": "bold", "text":
// "…"}), whose texts are joined in order.
func Flatten(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("%w (%w)", err, trucewatch.ErrInvalid)
		}
		return s, nil
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", fmt.Errorf("want a string or an array of strings and entities: %w", trucewatch.ErrInvalid)
	}
	var b strings.Builder
	for i, p := range parts {
		p = bytes.TrimSpace(p)
		switch {
		case len(p) > 0 && p[0] == '"':
			if err := json.Unmarshal(p, &s); err != nil {
				return "", fmt.Errorf("part %d: %w (%w)", i, err, trucewatch.ErrInvalid)
			}
			b.WriteString(s)
		case len(p) > 0 && p[0] == '{':
			var ent struct {
				Text json.RawMessage `json:"text"`
			}
			if err := json.Unmarshal(p, &ent); err != nil {
				return "", fmt.Errorf("part %d: %w (%w)", i, err, trucewatch.ErrInvalid)
			}
			t, err := Flatten(ent.Text)
			if err != nil {
				return "", fmt.Errorf("part %d: %w", i, err)
			}
			b.WriteString(t)
		default:
			return "", fmt.Errorf("part %d: want a string or an entity object: %w", i, trucewatch.ErrInvalid)
		}
	}
	return b.String(), nil
}

// Options say what the export does not: the channel's username for
// https://t.me/USERNAME/ID links, the language of its messages, and the
// outlet when it is not the channel's name.
type Options struct {
	Username string // without "@"; "" gives https://t.me/c/CHANNEL-ID/MESSAGE-ID links
	Language string
	Outlet   string // "" means the channel's name
}

// Skip counts the messages that are not reports.
type Skip struct {
	Service    int // service messages: channel created, message pinned, ...
	MediaOnly  int // media without text
	EmptyText  int // neither text nor media
	Rejected   int // a message that cannot be read, or whose text makes no report (over the size limit)
	ErrorNotes []string
}

// Reports turns a chat's text messages into reports, in the export's
// order. An edited message is reported with its edited text (the only
// one the export holds) and its "edited" time; a forwarded message has the
// channel it came from as its outlet (the origin provenance traces) and
// this channel under "forwarded-by".
func Reports(file string, c Chat, o Options) ([]trucewatch.Report, Skip) {
	var out []trucewatch.Report
	var skip Skip
	channel := c.Name
	if channel == "" {
		channel = "Telegram channel " + strconv.FormatInt(c.ID, 10)
	}
	outlet := o.Outlet
	if outlet == "" {
		outlet = channel
	}
	username := strings.TrimPrefix(strings.TrimSpace(o.Username), "@")
	for _, err := range c.Broken {
		skip.Rejected++
		skip.ErrorNotes = append(skip.ErrorNotes, err.Error())
	}
	for _, m := range c.Messages {
		text := strings.TrimSpace(m.Text)
		switch {
		case m.Service:
			skip.Service++
			continue
		case text == "" && m.Media:
			skip.MediaOnly++
			continue
		case text == "":
			skip.EmptyText++
			continue
		}
		r := trucewatch.Report{Outlet: outlet, Language: o.Language, Text: text,
			Metadata: map[string]string{"telegram-channel": channel, "telegram-message": strconv.FormatInt(m.ID, 10)}}
		if username != "" {
			r.URL = fmt.Sprintf("https://t.me/%s/%d", username, m.ID)
		} else {
			r.URL = fmt.Sprintf("https://t.me/c/%d/%d", c.ID, m.ID)
		}
		if !m.Date.IsZero() {
			r.Published = trucewatch.Published{Time: m.Date}
		}
		if !m.Edited.IsZero() {
			r.Metadata["edited"] = m.Edited.Format(time.RFC3339)
		}
		if m.ForwardedFrom != "" && m.ForwardedFrom != channel {
			r.Outlet = m.ForwardedFrom
			r.Metadata["forwarded-by"] = outlet
		}
		name := fmt.Sprintf("%s#%d", file, m.ID)
		rep, err := reportfile.Compose(name, r)
		if err != nil {
			skip.Rejected++
			skip.ErrorNotes = append(skip.ErrorNotes, err.Error())
			continue
		}
		rep.Origin = name
		out = append(out, rep)
	}
	return out, skip
}
