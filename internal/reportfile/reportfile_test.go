package reportfile

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in  string
		text      string
		outlet    string
		lang      string
		published string
		meta      map[string]string
	}{
		{
			name:      "full header",
			in:        "URL: https://example.org/a\nOutlet: Example Daily\nLanguage: de\nPublished: 2025-03-19\n\nAm Mittwoch.\n",
			text:      "Am Mittwoch.",
			outlet:    "Example Daily",
			lang:      "de",
			published: "2025-03-19",
		},
		{
			name:      "keys in any case, RFC 3339, extra keys kept",
			in:        "outlet: X\nPUBLISHED: 2025-03-19T06:30:00+02:00\nChannel: @example\n\nText.",
			text:      "Text.",
			outlet:    "X",
			published: "2025-03-19T06:30:00+02:00",
			meta:      map[string]string{"channel": "@example"},
		},
		{name: "no header", in: "Kiew/Berlin (dpa) - Wieder Alarm.\n\nMore.", text: "Kiew/Berlin (dpa) - Wieder Alarm.\n\nMore."},
		{name: "plain text opening with an unknown key-like word", in: "Update: Russia says.\nAnd more.", text: "Update: Russia says.\nAnd more."},
		{name: "single unknown key-like line", in: "Breaking: news", text: "Breaking: news"},
		{name: "CRLF and BOM", in: "\ufeffOutlet: Y\r\nLanguage: uk\r\n\r\nВночі.\r\nДругий рядок.", text: "Вночі.\nДругий рядок.", outlet: "Y", lang: "uk"},
		{name: "URL as first text line is not a header", in: "https://example.org: a link", text: "https://example.org: a link"},
		{name: "language with region", in: "Language: en-GB\n\nOvernight.", text: "Overnight.", lang: "en"},
		{name: "empty published is unknown", in: "Published:\n\nText.", text: "Text."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse("test.txt", []byte(tt.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if r.Text != tt.text {
				t.Errorf("Text = %q, want %q", r.Text, tt.text)
			}
			if r.Outlet != tt.outlet || r.Language != tt.lang || r.Published.String() != tt.published {
				t.Errorf("got outlet %q lang %q published %q, want %q %q %q", r.Outlet, r.Language, r.Published, tt.outlet, tt.lang, tt.published)
			}
			for k, v := range tt.meta {
				if r.Metadata[k] != v {
					t.Errorf("Metadata[%q] = %q, want %q", k, r.Metadata[k], v)
				}
			}
			if string(r.Raw) != tt.in || r.ID != trucewatch.ContentID([]byte(tt.in)) {
				t.Errorf("raw bytes or ID not kept verbatim")
			}
		})
	}
}

func TestParsePublishedKeepsOffset(t *testing.T) {
	r, err := Parse("t", []byte("Published: 2025-03-19T00:30:00+02:00\n\nx"))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Published.Date().String(); got != "2025-03-19" {
		t.Errorf("local date = %s, want 2025-03-19 (UTC would say 03-18)", got)
	}
	if !r.Published.Time.Equal(time.Date(2025, 3, 18, 22, 30, 0, 0, time.UTC)) {
		t.Errorf("instant = %v", r.Published.Time)
	}
}

// TestParseRejects is the corpus of bad inputs: each must give an Error that
// names the file and, where it can, the line and field.
func TestParseRejects(t *testing.T) {
	hugeHeader := strings.Repeat("X-Key-", 1) + "0: v\n"
	for i := 1; i < 100; i++ {
		hugeHeader += "X-Key-" + strings.Repeat("a", i%5+1) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ": v\n"
	}
	hugeHeader = "Outlet: O\n" + hugeHeader + "\ntext"
	tests := []struct {
		name string
		in   []byte
		want string // part of the message
		line int
	}{
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "NUL byte", 3},
		{"truncated UTF-8", []byte("Outlet: O\n\nКиї\xd0"), "not UTF-8", 3},
		{"latin-1 text", []byte("Language: de\n\nM\xfcnchen"), "not UTF-8: invalid byte 0xfc", 3},
		{"huge header", []byte(hugeHeader), "header too large", 65},
		{"missing blank line", []byte("Outlet: O\nLanguage: de\nAm Mittwoch griff Russland an.\n"), "not ended by a blank line", 3},
		{"date garbage", []byte("Published: gestern\n\ntext"), "published: cannot parse \"gestern\"", 1},
		{"date out of range", []byte("Published: 2025-02-30\n\ntext"), "want YYYY-MM-DD", 1},
		{"empty file", []byte(""), "empty text", 0},
		{"only white space", []byte(" \n\t\n"), "empty text", 0},
		{"header only", []byte("Outlet: O\nLanguage: de\n"), "empty text", 0},
		{"header and blank line only", []byte("Outlet: O\n\n\n"), "empty text", 0},
		{"repeated key", []byte("Outlet: A\noutlet: B\n\ntext"), "repeats line 1", 2},
		{"bad language", []byte("Language: Deutsch!\n\ntext"), "not a language code", 1},
		{"too large", append([]byte("Outlet: O\n\n"), make([]byte, MaxSize)...), "larger than the limit", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.txt", tt.in)
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			var pe *Error
			if !errors.As(err, &pe) || !errors.Is(err, trucewatch.ErrInvalid) {
				t.Fatalf("error %v is not a *Error wrapping ErrInvalid", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "bad.txt: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q: want the file name and %q", msg, tt.want)
			}
			if pe.Line != tt.line {
				t.Errorf("line = %d, want %d (%s)", pe.Line, tt.line, msg)
			}
		})
	}
}

func TestReadLimit(t *testing.T) {
	big := strings.NewReader("x" + strings.Repeat(" ", MaxSize+10))
	if _, err := Read("stdin", big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("Read of an oversized stream: err = %v", err)
	}
}

// FuzzParse checks that Parse never panics and that whatever it accepts is
// well-formed: valid UTF-8, non-empty text, the raw bytes kept verbatim.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"URL: https://example.org/a\nOutlet: Example\nLanguage: de\nPublished: 2025-03-19\n\nAm Mittwoch.",
		"Published: 2025-03-19T06:30:00+02:00\r\n\r\nText",
		"no header at all",
		"Outlet: O\nno blank line",
		"\ufeffLanguage: uk\n\nВночі",
		"Key: \xff\n\nx",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := Parse("fuzz", raw)
		if err != nil {
			if !errors.Is(err, trucewatch.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if strings.TrimSpace(r.Text) == "" || !utf8.ValidString(r.Text) {
			t.Fatalf("accepted empty or invalid text %q", r.Text)
		}
		if string(r.Raw) != string(raw) || r.ID != trucewatch.ContentID(raw) {
			t.Fatal("raw bytes not kept")
		}
		if strings.Contains(r.Text, "\r") {
			t.Fatalf("text keeps a CR: %q", r.Text)
		}
	})
}
