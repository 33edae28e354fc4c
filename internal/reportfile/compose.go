package reportfile

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
)

// Compose writes the report file of a report that did not arrive as one
// (a feed entry, a web page, a Telegram message) and parses it: the
// header (URL, Outlet, Language, Published, Title, then the metadata keys
// in order), a blank line, the text. The same report always gives the
// same bytes, so it is stored once however often it is read. Header values
// are put on one line; a metadata key that is not a valid header key, or
// a report that does not parse (an empty text, one over MaxSize), is an
// error naming name.
func Compose(name string, r trucewatch.Report) (trucewatch.Report, error) {
	var b strings.Builder
	line := func(k, v string) {
		v = strings.Join(strings.Fields(v), " ")
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line("URL", r.URL)
	line("Outlet", r.Outlet)
	line("Language", r.Language)
	line("Published", r.Published.String())
	line("Title", r.Title)
	for _, k := range slices.Sorted(maps.Keys(r.Metadata)) {
		if !validKey(k) || knownKeys[strings.ToLower(k)] {
			return trucewatch.Report{}, &Error{Name: name, Field: k, Err: fmt.Errorf("%q is not a metadata key", k)}
		}
		line(k, r.Metadata[k])
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	text := strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(r.Text, "\r\n", "\n"), "\r", "\n"))
	b.WriteString(strings.ReplaceAll(text, "\x00", ""))
	b.WriteString("\n")
	return Parse(name, []byte(b.String()))
}

// validKey is a header key: a letter, then letters, digits, - or _.
func validKey(k string) bool {
	if k == "" || len(k) > maxKeyLen {
		return false
	}
	for i, c := range k {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '-' || c == '_')) {
			return false
		}
	}
	return true
}
