package feed

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// Feed is a parsed feed.
type Feed struct {
	Title    string
	Language string // as the feed says ("uk", "de-DE"); "" when it does not
	Format   string // rss, atom or json
	Entries  []Entry
}

// Entry is one item of a feed, its text made plain.
type Entry struct {
	ID        string // the GUID or id, else the link
	Link      string // absolute
	Title     string
	Published time.Time // zero when the entry has no date
	Updated   time.Time
	Content   string // the full text, plain; "" when the feed gives none
	Summary   string // the description or summary, plain
}

// MaxEntries is how many entries of one feed are read; the rest are
// dropped (feeds list their newest first).
const MaxEntries = 1000

// Parse reads an RSS 1.0/2.0, Atom or JSON Feed document, decoding it to
// UTF-8 first (ToUTF8). base resolves relative links.
func Parse(body []byte, contentType, base string) (Feed, error) {
	utf, err := ToUTF8(body, contentType)
	if err != nil {
		return Feed{}, err
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(utf))
	if err != nil {
		return Feed{}, fmt.Errorf("not a feed: %w", err)
	}
	out := Feed{Title: oneLine(f.Title), Language: f.Language, Format: f.FeedType}
	baseURL, _ := url.Parse(base)
	for i, it := range f.Items {
		if i == MaxEntries {
			break
		}
		e := Entry{ID: strings.TrimSpace(it.GUID), Link: resolve(baseURL, strings.TrimSpace(it.Link)), Title: oneLine(PlainText(it.Title))}
		if e.Link == "" && len(it.Links) > 0 {
			e.Link = resolve(baseURL, strings.TrimSpace(it.Links[0]))
		}
		if e.ID == "" {
			e.ID = e.Link
		}
		if it.PublishedParsed != nil {
			e.Published = it.PublishedParsed.UTC()
		}
		if it.UpdatedParsed != nil {
			e.Updated = it.UpdatedParsed.UTC()
		}
		if e.Published.IsZero() {
			e.Published = e.Updated
		}
		e.Content = PlainText(it.Content)
		e.Summary = PlainText(it.Description)
		if e.Content == "" && e.Summary == "" && e.Title == "" && e.Link == "" {
			continue
		}
		out.Entries = append(out.Entries, e)
	}
	return out, nil
}

func resolve(base *url.URL, ref string) string {
	if ref == "" || base == nil {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return base.ResolveReference(u).String()
}

// PlainText is the text of an HTML fragment (or of plain text, which it
// leaves as it is but for white space): paragraphs apart by a blank line,
// white space within a line made single, control characters dropped.
func PlainText(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if strings.ContainsAny(s, "<&") {
		if doc, err := html.Parse(strings.NewReader("<body>" + s + "</body>")); err == nil {
			s = render.InnerText(doc)
		}
	}
	return tidy(s)
}

// tidy drops control characters, makes each line's white space single
// and collapses runs of blank lines into one.
func tidy(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r' || r == '\u00a0':
			return ' '
		case r < 0x20 || r == 0x7f || r == 0xfeff || r == '\u2028' || r == '\u2029':
			return -1
		}
		return r
	}, s)
	var b strings.Builder
	blank := 0
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString("\n")
			}
		}
		blank = 0
		b.WriteString(line)
	}
	return b.String()
}

// oneLine is s on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
