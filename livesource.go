package trucewatch

import (
	"fmt"
	"strings"
	"time"
)

// SourceKind is how a live source is read (docs/sources.md).
type SourceKind string

const (
	KindFeed     SourceKind = "feed"     // an RSS, Atom or JSON Feed URL, polled
	KindPage     SourceKind = "page"     // one web page, a report each time its text changes
	KindFolder   SourceKind = "folder"   // a directory: new report files and Telegram exports in it
	KindTelegram SourceKind = "telegram" // a Telegram channel export (result.json), read again when it changes
)

var sourceKinds = vocabulary[SourceKind]{"source kind", []SourceKind{KindFeed, KindPage, KindFolder, KindTelegram}}

func (k SourceKind) Valid() bool { return sourceKinds.has(k) }

// LiveSource is a place reports come from by themselves: a feed, a page,
// a watched folder or a Telegram export. Its outlet is an entry of the
// source registry (Source), so provenance knows who the reports answer to.
type LiveSource struct {
	Name     string     // the user's name for it: letters, digits, - _ .
	Kind     SourceKind // feed, page, folder, telegram
	Location string     // the URL, directory or file
	Source              // the outlet its reports carry, with affiliation and party
	Language string     // ISO 639-1 code of its reports; "" when each report says
	Channel  string     // a Telegram export's channel username (exports lack it), for https://t.me/CHANNEL/ID
	Added    time.Time
}

// ValidSourceName checks a live source's name: 1 to 64 letters, digits,
// '-', '_' or '.', not starting with '-'.
func ValidSourceName(name string) error {
	if name == "" || len(name) > 64 || name[0] == '-' {
		return fmt.Errorf("source name %q: want 1 to 64 letters, digits, - _ or ., not starting with -: %w", name, ErrInvalid)
	}
	if i := strings.IndexFunc(name, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	}); i >= 0 {
		return fmt.Errorf("source name %q: character %q at %d: want letters, digits, - _ or .: %w", name, name[i], i, ErrInvalid)
	}
	return nil
}
