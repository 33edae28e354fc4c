package feed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseFormats: RSS 2.0, RSS 1.0, Atom and JSON Feed, in four
// languages; links resolved, dates parsed, HTML made plain.
func TestParseFormats(t *testing.T) {
	tests := []struct {
		file, ctype, lang, format string
		entries                   int
		first                     Entry
	}{
		{"rss2-en.xml", "application/rss+xml", "en-GB", "rss", 2, Entry{
			ID: "sumy-2025-0319-1", Link: "https://example.org/sumy/2025/03/19/substation",
			Title:     "Drone debris damages a substation near Sumy",
			Published: time.Date(2025, 3, 19, 4, 40, 0, 0, time.UTC),
			Content:   "Regional officials said on Wednesday morning that falling debris from a downed drone damaged a substation on the edge of Sumy.\n\nPower was restored to most homes by noon.",
			Summary:   "Short: a substation was hit."}},
		{"rss1-ru.xml", "application/rdf+xml", "ru", "rss", 1, Entry{
			ID: "https://example.net/kurier/101", Link: "https://example.net/kurier/101", Title: "Повреждена подстанция под Курском",
			Published: time.Date(2025, 3, 19, 1, 20, 0, 0, time.UTC), Updated: time.Date(2025, 3, 19, 1, 20, 0, 0, time.UTC),
			Summary: "По словам губернатора, ночью беспилотник повредил подстанцию в районе Курска; пострадавших нет."}},
		{"atom-de.xml", "application/atom+xml", "de", "atom", 1, Entry{
			ID: "urn:example:kmb:4711", Link: "https://example.org/kmb/4711", Title: "Umspannwerk bei Charkiw beschädigt",
			Published: time.Date(2025, 3, 20, 6, 30, 0, 0, time.UTC), Updated: time.Date(2025, 3, 20, 6, 45, 0, 0, time.UTC),
			Content: "In der Nacht zum Donnerstag wurde nach Angaben der Gebietsverwaltung ein Umspannwerk bei Charkiw von einer Drohne getroffen."}},
		{"json-uk.json", "application/feed+json", "uk", "json", 1, Entry{
			ID: "pv-19-03-1", Link: "https://example.org/pv/19-03-1", Title: "Уламки дрона пошкодили лінію електропередачі",
			Published: time.Date(2025, 3, 19, 3, 10, 0, 0, time.UTC),
			Content:   "У середу вранці уламки збитого дрона пошкодили лінію електропередачі біля Полтави, повідомила обласна адміністрація."}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := Parse(readTestdata(t, tt.file), tt.ctype, "https://example.org/sumy/feed.xml")
			if err != nil {
				t.Fatal(err)
			}
			if f.Language != tt.lang || f.Format != tt.format || len(f.Entries) != tt.entries {
				t.Fatalf("feed %q %q with %d entries, want %q %q %d", f.Language, f.Format, len(f.Entries), tt.lang, tt.format, tt.entries)
			}
			if got := f.Entries[0]; got != tt.first {
				t.Errorf("first entry:\n%+v\nwant\n%+v", got, tt.first)
			}
		})
	}
}

func cp1251(t testing.TB, s string) []byte {
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const ruFeed = `<?xml version="1.0"%s?>
<rss version="2.0"><channel><title>Белгородский листок</title><language>ru</language>
<item><title>Обстрел подстанции</title><link>https://example.net/bl/7</link><guid>bl-7</guid>
<description>Вечером во вторник, по данным областных властей, была обстреляна подстанция у Белгорода.</description></item>
</channel></rss>`

// TestEncodings: windows-1251 named in the XML declaration or only in
// the Content-Type, a Content-Type that contradicts the declaration, and
// none at all.
func TestEncodings(t *testing.T) {
	const want = "Вечером во вторник, по данным областных властей, была обстреляна подстанция у Белгорода."
	withDecl := cp1251(t, fmt.Sprintf(ruFeed, ` encoding="windows-1251"`))
	noDecl := cp1251(t, fmt.Sprintf(ruFeed, ""))
	tests := []struct {
		name  string
		body  []byte
		ctype string
		err   string
	}{
		{"declared in the prolog", withDecl, "application/rss+xml", ""},
		{"in the prolog and the Content-Type", withDecl, "text/xml; charset=windows-1251", ""},
		{"only in the Content-Type", noDecl, "application/xml; charset=Windows-1251", ""},
		{"the Content-Type says UTF-8, wrongly", withDecl, "text/xml; charset=utf-8", ""},
		{"the prolog names another single-byte encoding", cp1251(t, fmt.Sprintf(ruFeed, ` encoding="koi8-r"`)), "text/xml; charset=windows-1251", "Вечером"},
		{"UTF-8 without any declaration", []byte(fmt.Sprintf(ruFeed, "")), "", ""},
		{"UTF-8, the prolog wrongly says windows-1251", []byte(fmt.Sprintf(ruFeed, ` encoding="windows-1251"`)), "text/xml; charset=utf-8", ""},
		{"windows-1251 bytes, nothing declared", noDecl, "application/rss+xml", "byte 57 is not valid UTF-8 (no encoding declared"},
		{"an unknown encoding", cp1251(t, fmt.Sprintf(ruFeed, ` encoding="x-martian"`)), "", `encoding "x-martian"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.body, tt.ctype, "")
			switch {
			case tt.err == "Вечером":
				// koi8-r read as such gives other letters: the prolog
				// wins, and the text is not the one written.
				if err != nil || strings.Contains(f.Entries[0].Summary, "Вечером") {
					t.Errorf("got %v, %v; want a (wrongly declared) text other than the one written", f.Entries, err)
				}
			case tt.err != "":
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want one with %q", err, tt.err)
				}
			case err != nil:
				t.Fatal(err)
			case len(f.Entries) != 1 || f.Entries[0].Summary != want || f.Title != "Белгородский листок":
				t.Errorf("got %q %+v", f.Title, f.Entries)
			}
		})
	}
}

// TestBrokenFeeds: what is not a feed is an error that says so.
func TestBrokenFeeds(t *testing.T) {
	for _, body := range []string{
		`<?xml version="1.0"?><rss version="2.0"><channel><title>Half</title><item><title>cut`,
		`<html><body>Not a feed</body></html>`,
		`{"version": "https://jsonfeed.org/version/1.1", "items": [`,
		``,
		"\x00\x01\x02",
	} {
		if f, err := Parse([]byte(body), "application/xml", ""); err == nil && len(f.Entries) > 0 {
			t.Errorf("Parse(%q) = %+v, want an error or no entries", body, f)
		}
	}
}

// server serves the handlers by path.
func server(t *testing.T, routes map[string]http.HandlerFunc) *httptest.Server {
	mux := http.NewServeMux()
	for p, h := range routes {
		mux.HandleFunc(p, h)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestFetchBounds: size limit, redirects, loops, timeouts, 304, errors.
func TestFetchBounds(t *testing.T) {
	feed := readTestdata(t, "rss2-en.xml")
	var gotUA string
	srv := server(t, map[string]http.HandlerFunc{
		"/feed": func(w http.ResponseWriter, r *http.Request) {
			gotUA = r.Header.Get("User-Agent")
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Last-Modified", "Wed, 19 Mar 2025 08:00:00 GMT")
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(feed)
		},
		"/lm": func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-Modified-Since") == "Wed, 19 Mar 2025 08:00:00 GMT" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Last-Modified", "Wed, 19 Mar 2025 08:00:00 GMT")
			w.Write(feed)
		},
		"/huge": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			chunk := []byte(strings.Repeat("<!-- padding padding padding -->\n", 1024))
			for written := 0; written < 10<<20; written += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		},
		"/loop/a": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) },
		"/loop/b": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/loop/a", http.StatusMovedPermanently)
		},
		"/hop/": func(w http.ResponseWriter, r *http.Request) {
			var n int
			fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/hop/"), "%d", &n)
			if n == 0 {
				w.Write(feed)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusTemporaryRedirect)
		},
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		},
		"/trickle": func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("<?xml version=\"1.0\"?>"))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		},
		"/gone": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) },
	})
	c := &Client{Timeout: 300 * time.Millisecond}
	ctx := context.Background()

	r, err := c.Get(ctx, srv.URL+"/feed", "", "")
	if err != nil || r.NotModified || r.ETag != `"v1"` || len(r.Body) != len(feed) {
		t.Fatalf("first GET: %+v, %v", r, err)
	}
	if gotUA != UserAgent {
		t.Errorf("User-Agent %q, want %q", gotUA, UserAgent)
	}
	r, err = c.Get(ctx, srv.URL+"/feed", r.ETag, r.LastModified)
	if err != nil || !r.NotModified || r.ETag != `"v1"` || len(r.Body) != 0 {
		t.Errorf("conditional GET: %+v, %v; want 304", r, err)
	}
	r, _ = c.Get(ctx, srv.URL+"/lm", "", "")
	if r2, err := c.Get(ctx, srv.URL+"/lm", "", r.LastModified); err != nil || !r2.NotModified {
		t.Errorf("If-Modified-Since: %+v, %v; want 304", r2, err)
	}
	if r, err := c.Get(ctx, srv.URL+"/hop/3", "", ""); err != nil || !strings.HasSuffix(r.URL, "/hop/0") {
		t.Errorf("3 redirects: %+v, %v; want the feed", r.URL, err)
	}
	errs := []struct {
		path, want string
		is         error
	}{
		{"/huge", "cut off after 5242880 bytes", ErrTooLarge},
		{"/loop/a", "redirect loop", nil},
		{"/hop/7", "more than 5 redirects", nil},
		{"/slow", "no complete answer within 300ms", context.DeadlineExceeded},
		{"/trickle", "within 300ms", context.DeadlineExceeded},
		{"/gone", "410 Gone", nil},
	}
	for _, e := range errs {
		_, err := c.Get(ctx, srv.URL+e.path, "", "")
		if err == nil || !strings.Contains(err.Error(), e.want) || !strings.Contains(err.Error(), srv.URL+e.path) ||
			e.is != nil && !errors.Is(err, e.is) {
			t.Errorf("GET %s: %v; want an error naming the URL with %q", e.path, err, e.want)
		}
	}
	big := &Client{MaxBytes: 11 << 20}
	if r, err := big.Get(ctx, srv.URL+"/huge", "", ""); err != nil || len(r.Body) < 10<<20 {
		t.Errorf("with an 11 MiB limit: %d bytes, %v", len(r.Body), err)
	}
}

// TestMainText: a page's main text, without its navigation, in the
// encoding its meta tag names.
func TestMainText(t *testing.T) {
	page := `<!DOCTYPE html><html lang="ru"><head><meta charset="windows-1251"><title>Повреждена подстанция</title>
<meta property="article:published_time" content="2025-03-19T04:20:00+03:00"></head>
<body><nav><a href="/">Главная</a> | <a href="/news">Новости</a> | <a href="/sport">Спорт</a></nav>
<article><h1>Повреждена подстанция под Курском</h1>
<p>По словам губернатора, ночью беспилотник повредил подстанцию в районе Курска. Пострадавших нет, электроснабжение частично восстановлено к утру.</p>
<p>Ремонтные бригады работают на месте, сообщили в областной администрации. Жителей просят сообщать о перебоях по горячей линии.</p>
<p>Это уже третье подобное происшествие в районе за месяц, напомнили в администрации.</p>
</article><footer>© Курский наблюдатель</footer></body></html>`
	p, err := MainText(cp1251(t, page), "text/html", "https://example.net/kurier/101")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Text, "беспилотник повредил подстанцию") || !strings.Contains(p.Text, "третье подобное происшествие") ||
		strings.Contains(p.Text, "Спорт") || strings.Contains(p.Text, "©") {
		t.Errorf("main text:\n%s", p.Text)
	}
	if p.Language != "ru" || p.Published != "2025-03-19T01:20:00Z" {
		t.Errorf("language %q, published %q", p.Language, p.Published)
	}
	if _, err := MainText([]byte("<html><body></body></html>"), "text/html", ""); err == nil {
		t.Error("an empty page gave a main text")
	}
}

// FuzzParse: no input makes the feed parser panic or hang, and what it
// returns is valid UTF-8 with no control characters but line breaks.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"rss2-en.xml", "rss1-ru.xml", "atom-de.xml", "json-uk.json"} {
		f.Add(readTestdata(f, name), "application/xml")
	}
	f.Add(cp1251(f, fmt.Sprintf(ruFeed, ` encoding="windows-1251"`)), "")
	f.Add(cp1251(f, fmt.Sprintf(ruFeed, "")), "text/xml; charset=windows-1251")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":1,"content_html":"<p>x"}]}`), "application/json")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		fd, err := Parse(body, ctype, "https://example.org/feed")
		if err != nil {
			return
		}
		for _, e := range fd.Entries {
			for _, s := range []string{e.Title, e.Content, e.Summary} {
				if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' }) {
					t.Errorf("control character in %q", s)
				}
				if !utf8Valid(s) {
					t.Errorf("not UTF-8: %q", s)
				}
			}
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\ufffd") == s }
