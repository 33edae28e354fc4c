package trucewatch

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Report is one text as it reached the monitor: a news article, wire copy,
// a ministry statement, a Telegram post. Its raw bytes are kept verbatim and
// its ID is their SHA-256, so the same bytes are one report however often
// and from wherever they arrive.
type Report struct {
	ID        string    // ContentID(Raw)
	Raw       []byte    // the bytes as received, header included
	Text      string    // the body: UTF-8, header removed, "\n" line ends
	Language  string    // ISO 639-1 code ("de", "uk"); "" when not known
	Published Published // when the report says it was published
	URL       string
	Outlet    string            // the outlet's name as the report gives it
	Title     string            // optional
	Metadata  map[string]string // other header keys, lower-cased
	Origin    string            // where it was first received from: a path, "stdin", "api"
	Ingested  time.Time         // when it was first stored
}

// ContentID is a report's address: the hex SHA-256 of its raw bytes.
func ContentID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// ShortID is the first twelve characters of an ID, enough to name a report
// among millions in tables and logs.
func ShortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// Source is an outlet or speaker in the source registry, with the
// affiliation that decides how much its word counts as independent.
type Source struct {
	Outlet      string      // the name reports use, e.g. "Kyiv Independent"
	URL         string      // home page
	Affiliation Affiliation // state media, official, independent, wire, ...
	Party       Party       // the party it answers to, "" when none
	Notes       string
}
