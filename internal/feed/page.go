package feed

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html/charset"
)

// Page is the main text of a web page.
type Page struct {
	Title     string
	Text      string // plain, paragraphs apart by a blank line
	Language  string // the page's lang attribute, when it has one
	Published string // the page's published time as its metadata gives it, or ""
}

// MainText finds the main text of an HTML page (readability), decoding it
// by its Content-Type, byte-order mark or meta charset.
func MainText(body []byte, contentType, pageURL string) (Page, error) {
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return Page{}, fmt.Errorf("encoding: %w", err)
	}
	u, _ := url.Parse(pageURL)
	p := readability.NewParser()
	a, err := p.Parse(r, u)
	if err != nil {
		return Page{}, fmt.Errorf("no main text: %w", err)
	}
	if a.Node == nil {
		return Page{}, fmt.Errorf("no main text found")
	}
	var b strings.Builder
	if err := a.RenderText(&b); err != nil {
		return Page{}, fmt.Errorf("no main text: %w", err)
	}
	out := Page{Title: oneLine(a.Title()), Text: tidy(b.String()), Language: a.Language()}
	if t, err := a.PublishedTime(); err == nil && !t.IsZero() {
		out.Published = t.UTC().Format("2006-01-02T15:04:05Z07:00")
	}
	if out.Text == "" {
		return out, fmt.Errorf("no main text found")
	}
	return out, nil
}
