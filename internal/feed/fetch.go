// Package feed reads live web sources: it fetches feeds and pages over
// HTTP within bounds (timeouts, a size limit, redirects, conditional GET),
// decodes their character encodings, parses RSS 1.0/2.0, Atom and JSON
// Feed entries, and finds the main text of a web page (docs/sources.md).
package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// UserAgent names trucewatch to the servers it polls.
const UserAgent = "trucewatch/1 (ceasefire monitor; feed reader; +https://github.com/trucewatch/trucewatch)"

// Client fetches within bounds. The zero value is usable: 30 s timeout,
// 5 MiB bodies, 5 redirects.
type Client struct {
	HTTP         *http.Client  // nil: a client of its own
	Timeout      time.Duration // the whole request, body included; 0 means 30 s
	MaxBytes     int64         // body size limit; 0 means 5 MiB
	MaxRedirects int           // 0 means 5
	UserAgent    string        // "" means UserAgent
}

// Response is a fetched body, or the news that it did not change.
type Response struct {
	URL          string // after redirects
	NotModified  bool   // 304: the validators still hold; Body is empty
	Body         []byte
	ContentType  string
	ETag         string
	LastModified string
}

// ErrTooLarge is returned for a body over the size limit.
var ErrTooLarge = errors.New("body over the size limit")

// Get fetches url. With etag or lastModified set it asks for the body only
// if it changed (If-None-Match, If-Modified-Since). Errors name the URL.
func (c *Client) Get(ctx context.Context, url, etag, lastModified string) (Response, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Response{}, fmt.Errorf("fetch %s: %w", url, err)
	}
	ua := c.UserAgent
	if ua == "" {
		ua = UserAgent
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	hc := http.Client{Timeout: timeout, CheckRedirect: c.checkRedirect}
	if c.HTTP != nil {
		hc.Transport = c.HTTP.Transport
		hc.Jar = c.HTTP.Jar
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return Response{}, fmt.Errorf("fetch %s: no complete answer within %s: %w", url, timeout, context.DeadlineExceeded)
		}
		return Response{}, fmt.Errorf("fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	r := Response{URL: resp.Request.URL.String(), ContentType: resp.Header.Get("Content-Type"),
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		r.NotModified = true
		if r.ETag == "" {
			r.ETag = etag
		}
		if r.LastModified == "" {
			r.LastModified = lastModified
		}
		return r, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return r, fmt.Errorf("fetch %s: %s", url, resp.Status)
	}
	max := c.MaxBytes
	if max <= 0 {
		max = 5 << 20
	}
	r.Body, err = io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return Response{}, fmt.Errorf("fetch %s: body not complete within %s: %w", url, timeout, context.DeadlineExceeded)
		}
		return Response{}, fmt.Errorf("fetch %s: reading the body: %w", url, err)
	}
	if int64(len(r.Body)) > max {
		return Response{}, fmt.Errorf("fetch %s: cut off after %d bytes: %w (%d bytes)", url, max, ErrTooLarge, max)
	}
	return r, nil
}

// checkRedirect follows at most MaxRedirects redirects, and refuses one
// that returns to a URL already visited.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	max := c.MaxRedirects
	if max <= 0 {
		max = 5
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return fmt.Errorf("redirect loop: %s again after %d redirects", req.URL, len(via))
		}
	}
	if len(via) > max {
		return fmt.Errorf("more than %d redirects (last to %s)", max, req.URL)
	}
	return nil
}
