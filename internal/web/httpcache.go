package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// cacheKind is how a route's answers are cached and compressed
// (docs/web.md, "Caching and compression").
type cacheKind int

const (
	// cacheRevalidate: API JSON, pages, the feed. The answer is buffered,
	// carries a strong ETag (a hash of its body) and Cache-Control:
	// no-cache, so that a client keeps it and asks again with
	// If-None-Match (304 when unchanged); gzip when the client accepts it.
	cacheRevalidate cacheKind = iota
	// cacheStatic: the embedded style sheet, script and images; as
	// cacheRevalidate, and fresh for a day.
	cacheStatic
	// cacheStream: exports and /events. Sent as written, never buffered;
	// no-store; gzip, flushed with the stream, except for event streams.
	cacheStream
	// cacheNone: writes, probes and /metrics (whose handler compresses by
	// itself): sent as written, no-store.
	cacheNone
)

// cacheKindOf is the one place that says which routes are of which kind.
func cacheKindOf(rt route) cacheKind {
	switch {
	case !isRead(rt.method) || quietRoutes[rt.path]:
		return cacheNone
	case rt.path == "/static/":
		return cacheStatic
	case rt.path == "/events" || strings.HasPrefix(rt.path, "/api/v1/export/"):
		return cacheStream
	}
	return cacheRevalidate
}

// minGzip is the smallest body worth compressing: below it, gzip's header
// and the CPU cost more than they save.
const minGzip = 1024

// cached serves next through the cache layer of kind.
func (s *Server) cached(kind cacheKind, next http.Handler, w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	switch kind {
	case cacheStatic:
		h.Set("Cache-Control", "public, max-age=86400")
	case cacheRevalidate:
		if personal(r) {
			h.Set("Cache-Control", "private, no-cache")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
	default:
		h.Set("Cache-Control", "no-store")
	}
	switch kind {
	case cacheNone:
		next.ServeHTTP(w, r)
	case cacheStream:
		gw := &gzipStream{ResponseWriter: w, accepts: acceptsGzip(r)}
		next.ServeHTTP(gw, r)
		if err := gw.close(); err != nil {
			s.log.Debug("closing a compressed stream", "path", r.URL.Path, "err", err)
		}
	default:
		b := &buffered{ResponseWriter: w}
		next.ServeHTTP(b, r)
		if err := sendBuffered(w, r, b); err != nil {
			s.log.Debug("sending an answer", "path", r.URL.Path, "err", err) // the client went away
		}
	}
}

// personal says whether the request carries an account (a token or a
// session cookie): its answer may show what only that account sees (the
// review forms, a CSRF token), so shared caches must not keep it.
func personal(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	_, err := r.Cookie(sessionCookie)
	_, errHost := r.Cookie("__Host-" + sessionCookie) // Secure cookies' name (Server.cookieName)
	return err == nil || errHost == nil
}

// buffered holds a handler's answer until it is complete, so that its
// ETag and length can be known before it is sent. It neither flushes nor
// unwraps: routes that stream are cacheStream.
type buffered struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (b *buffered) WriteHeader(code int) {
	if b.status == 0 && code >= 200 {
		b.status = code
	}
}

func (b *buffered) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// sendBuffered sends b's answer: with its ETag when it is a 200 to a GET
// or HEAD, as 304 Not Modified when the request's If-None-Match names that
// ETag, gzip-compressed when the type compresses, the body is not tiny and
// the client accepts it.
func sendBuffered(w http.ResponseWriter, r *http.Request, b *buffered) error {
	h := w.Header()
	status, body := cmp0(b.status, http.StatusOK), b.body.Bytes()
	gz := status == http.StatusOK && len(body) >= minGzip && compressible(h)
	if gz {
		h.Add("Vary", "Accept-Encoding")
		gz = acceptsGzip(r)
	}
	if status == http.StatusOK && isRead(r.Method) {
		sum := sha256.Sum256(body)
		// Strong: the same bytes. The compressed answer is another
		// representation, so it has an ETag of its own.
		etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18])
		if gz {
			etag += "-gzip"
		}
		etag += `"`
		h.Set("ETag", etag)
		if noneMatch(r.Header.Get("If-None-Match"), etag) {
			h.Del("Content-Type")
			h.Del("Content-Length")
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	}
	if gz {
		var err error
		if body, err = gzipBytes(body); err != nil {
			return err
		}
		h.Set("Content-Encoding", "gzip")
		h.Del("Accept-Ranges") // ranges of the file, not of its compressed bytes
	}
	if status != http.StatusNoContent && status != http.StatusNotModified {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	_, err := w.Write(body)
	return err
}

func cmp0(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// noneMatch says whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match), or is "*".
func noneMatch(header, etag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// acceptsGzip says whether the request's Accept-Encoding takes gzip, or
// any coding, with a weight above 0.
func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			var err error
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				q = 0
			}
		}
		return q > 0
	}
	return false
}

// compressible says whether the answer's type is text that gzip shrinks:
// not images other than SVG, not what is compressed already, not event
// streams (each event must leave at once).
func compressible(h http.Header) bool {
	if h.Get("Content-Encoding") != "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return false
	}
	switch {
	case mt == "text/event-stream":
		return false
	case strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml"):
		return true
	}
	switch mt {
	case "application/json", "application/x-ndjson", "application/javascript", "application/xml", "image/svg+xml":
		return true
	}
	return false
}

// Compressors are reused: each holds some hundreds of KiB of tables.
// Buffered answers take the default level; streams (exports of a million
// incidents) the fastest, so that compression does not slow them down.
var (
	gzipDefault = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}
	gzipFast    = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed) // the level is valid
		return w
	}}
)

func gzipBytes(body []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(body) / 4)
	zw := gzipDefault.Get().(*gzip.Writer)
	defer gzipDefault.Put(zw)
	zw.Reset(&out)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// gzipStream compresses a stream as it is written, when the client
// accepts gzip and the type compresses. Flushing flushes the compressor
// and then the connection, so a stream still arrives as it is written;
// Unwrap gives http.ResponseController the connection's writer for its
// deadlines.
type gzipStream struct {
	http.ResponseWriter
	accepts bool
	started bool
	zw      *gzip.Writer
}

func (g *gzipStream) WriteHeader(code int) {
	if !g.started && code >= 200 {
		g.started = true
		h := g.Header()
		if code == http.StatusOK && compressible(h) {
			h.Add("Vary", "Accept-Encoding")
			if g.accepts {
				h.Set("Content-Encoding", "gzip")
				h.Del("Content-Length")
				g.zw = gzipFast.Get().(*gzip.Writer)
				g.zw.Reset(g.ResponseWriter)
			}
		}
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipStream) Write(p []byte) (int, error) {
	if !g.started {
		g.WriteHeader(http.StatusOK)
	}
	if g.zw != nil {
		return g.zw.Write(p)
	}
	return g.ResponseWriter.Write(p)
}

func (g *gzipStream) FlushError() error {
	if !g.started {
		g.WriteHeader(http.StatusOK)
	}
	if g.zw != nil {
		if err := g.zw.Flush(); err != nil {
			return err
		}
	}
	return http.NewResponseController(g.ResponseWriter).Flush()
}

func (g *gzipStream) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// close ends the compressed stream. A handler that panicked (an export cut
// short) never gets here: its client sees a truncated stream.
func (g *gzipStream) close() error {
	if g.zw == nil {
		return nil
	}
	err := g.zw.Close()
	g.zw.Reset(io.Discard)
	gzipFast.Put(g.zw)
	g.zw = nil
	return err
}
