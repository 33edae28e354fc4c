// Package reportfile reads the report-file format: UTF-8 text that may open
// with a block of "Key: value" header lines ended by one blank line
// (../shared/docs/annotation-format.md, format v1).
//
//	URL: https://example.org/news/123
//	Outlet: Example Daily
//	Language: de
//	Published: 2025-03-19
//
//	Am frühen Mittwochmorgen ...
//
// Keys are case-insensitive; URL, Outlet, Language, Published and Title fill
// the report's fields and any other key is kept as metadata. A file whose
// first line is not a header line has no header: all of it is the text.
package reportfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/trucewatch/trucewatch"
)

// Limits on what one report file may hold.
const (
	MaxSize        = 10 << 20 // bytes in a file
	maxHeaderLines = 64
	maxHeaderBytes = 16 << 10
	maxKeyLen      = 64
)

// knownKeys fill Report fields; every other header key becomes metadata.
var knownKeys = map[string]bool{"url": true, "outlet": true, "language": true, "published": true, "title": true}

// Error says what is wrong with a report file and where.
type Error struct {
	Name  string // the file's name, "stdin", ...
	Line  int    // 1-based line, 0 when it is about the whole file
	Field string // the header key, "" when none
	Err   error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Name)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": %s", e.Field)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

// Unwrap makes errors.Is(err, trucewatch.ErrInvalid) true for every Error.
func (e *Error) Unwrap() []error { return []error{e.Err, trucewatch.ErrInvalid} }

// ReadFile reads and parses the report file at path.
func ReadFile(path string) (trucewatch.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return trucewatch.Report{}, fmt.Errorf("read report: %w", err)
	}
	defer f.Close()
	return Read(path, f)
}

// Read parses a report from r, refusing more than MaxSize bytes.
func Read(name string, r io.Reader) (trucewatch.Report, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return trucewatch.Report{}, fmt.Errorf("read report %s: %w", name, err)
	}
	return Parse(name, raw)
}

// Parse parses raw as a report file. The report keeps raw verbatim; its ID
// is the content hash of raw. Origin and Ingested are left for the caller.
func Parse(name string, raw []byte) (trucewatch.Report, error) {
	fail := func(line int, field string, err error) (trucewatch.Report, error) {
		return trucewatch.Report{}, &Error{Name: name, Line: line, Field: field, Err: err}
	}
	if len(raw) > MaxSize {
		return fail(0, "", fmt.Errorf("file is larger than the limit of %d MiB", MaxSize>>20))
	}
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return fail(lineAt(raw, i), "", fmt.Errorf("binary data: NUL byte at offset %d", i))
	}
	if !utf8.Valid(raw) {
		i := FirstInvalidUTF8(raw)
		return fail(lineAt(raw, i), "", fmt.Errorf("not UTF-8: invalid byte 0x%02x at offset %d", raw[i], i))
	}
	text := normalise(string(raw))
	header, body, line, err := splitHeader(text)
	if err != nil {
		return fail(line, "", err)
	}
	rep := trucewatch.Report{ID: trucewatch.ContentID(raw), Raw: raw}
	for _, h := range header {
		if err := apply(&rep, h); err != nil {
			return fail(h.line, h.key, err)
		}
	}
	rep.Text = strings.TrimSpace(body)
	if rep.Text == "" {
		return fail(0, "", errors.New("empty text: nothing follows the header"))
	}
	return rep, nil
}

// normalise drops a byte-order mark and makes every line end "\n".
func normalise(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if strings.Contains(s, "\r") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s
}

type headerLine struct {
	line       int
	key, value string // key lower-cased
}

// splitHeader separates the header block from the text. It returns the line
// number an error is about.
func splitHeader(text string) (header []headerLine, body string, errLine int, err error) {
	first, _, _ := strings.Cut(text, "\n")
	key, _, ok := cutHeaderLine(first)
	if !ok {
		return nil, text, 0, nil // no header: all of it is text
	}
	known := knownKeys[key]
	rest := text
	size := 0
	for n := 1; ; n++ {
		line, after, more := strings.Cut(rest, "\n")
		if strings.TrimSpace(line) == "" {
			return header, after, 0, nil
		}
		k, v, ok := cutHeaderLine(line)
		if !ok {
			if !known {
				return nil, text, 0, nil // a first line like "Update: ..." starts plain text
			}
			return nil, "", n, errors.New("header not ended by a blank line: this line is not \"Key: value\"")
		}
		size += len(line) + 1
		if n > maxHeaderLines || size > maxHeaderBytes {
			return nil, "", n, fmt.Errorf("header too large: more than %d lines or %d KiB", maxHeaderLines, maxHeaderBytes>>10)
		}
		for _, h := range header {
			if h.key == k {
				return nil, "", n, fmt.Errorf("header key %q repeats line %d", k, h.line)
			}
		}
		header = append(header, headerLine{line: n, key: k, value: v})
		known = known || knownKeys[k]
		if !more {
			if !known {
				return nil, text, 0, nil
			}
			return header, "", 0, nil // header only: Parse reports the empty text
		}
		rest = after
	}
}

// cutHeaderLine splits "Key: value". The key is a validKey; the colon is followed by a space, a tab or the end.
func cutHeaderLine(line string) (key, value string, ok bool) {
	k, v, found := strings.Cut(line, ":")
	if !found || !validKey(k) {
		return "", "", false
	}
	if v != "" && v[0] != ' ' && v[0] != '\t' {
		return "", "", false // "https://..." or "12:30" is not a header line
	}
	return strings.ToLower(k), strings.TrimSpace(v), true
}

// apply stores one header value in the report.
func apply(r *trucewatch.Report, h headerLine) error {
	switch h.key {
	case "url":
		r.URL = h.value
	case "outlet":
		r.Outlet = h.value
	case "title":
		r.Title = h.value
	case "language":
		lang, err := ParseLanguage(h.value)
		if err != nil {
			return err
		}
		r.Language = lang
	case "published":
		if h.value == "" {
			return nil
		}
		p, err := trucewatch.ParsePublished(h.value)
		if err != nil {
			return err
		}
		r.Published = p
	default:
		if r.Metadata == nil {
			r.Metadata = map[string]string{}
		}
		r.Metadata[h.key] = h.value
	}
	return nil
}

// ParseLanguage accepts an ISO 639-1 or 639-3 code, optionally with a BCP 47
// region ("de", "uk", "en-GB"), and returns its lower-case primary code.
// An empty value means unknown.
func ParseLanguage(s string) (string, error) {
	s = strings.TrimSpace(s)
	primary, _, _ := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	primary = strings.ToLower(primary)
	if len(primary) != 2 && len(primary) != 3 && s != "" {
		return "", fmt.Errorf("%q is not a language code: want ISO 639-1 such as de, en, uk, ru", s)
	}
	for _, r := range primary {
		if r < 'a' || r > 'z' {
			return "", fmt.Errorf("%q is not a language code: want ISO 639-1 such as de, en, uk, ru", s)
		}
	}
	return primary, nil
}

// FirstInvalidUTF8 returns the offset of the first byte of b that is not
// valid UTF-8, or len(b) if there is none.
func FirstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// lineAt returns the 1-based line of byte offset i.
func lineAt(b []byte, i int) int { return bytes.Count(b[:i], []byte("\n")) + 1 }
