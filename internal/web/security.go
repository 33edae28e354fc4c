package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/auth"
)

// Accounts is what the server reads and writes of accounts and sessions
// (internal/store keeps them). Secrets reach it only as auth.Hash.
type Accounts interface {
	UserByToken(ctx context.Context, tokenHash string) (auth.User, error)
	UserBySession(ctx context.Context, idHash string, now time.Time) (auth.User, error)
	AddSession(ctx context.Context, s auth.Session) error
	DeleteSession(ctx context.Context, idHash string) error
}

// Option changes how New sets up a Server.
type Option func(*Server)

// WithAccounts lets callers sign in and use API tokens. Without it nobody
// can authenticate, so every write is refused.
func WithAccounts(a Accounts) Option { return func(s *Server) { s.accounts = a } }

// PrivateReads makes every read need a viewer's token or session too
// (serve --private); by default reads are public, as a published monitor's are.
func PrivateReads() Option { return func(s *Server) { s.private = true } }

// WithHosts names the hosts (names or IP addresses, no port) that requests
// other than GET and HEAD may address in their Host header. The default
// is the loopback names: localhost, 127.0.0.1 and ::1.
func WithHosts(hosts ...string) Option {
	return func(s *Server) {
		for _, h := range hosts {
			s.hosts[strings.ToLower(strings.Trim(h, "[]"))] = true
		}
	}
}

// WithSecureCookies marks the session cookie Secure even on plain HTTP
// requests, for a server behind a proxy that ends TLS (serve
// --secure-cookies). Requests that arrive over TLS get Secure anyway.
func WithSecureCookies() Option { return func(s *Server) { s.secureCookies = true } }

// WithLimits sets the request rate limits; Limits{} turns them off.
func WithLimits(l Limits) Option {
	return func(s *Server) { s.limiter = newLimiter(l, func() time.Time { return s.now() }) }
}

// WithClock makes the server read the time from now (sessions, rate limits).
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithTimeouts sets the timeouts of the http.Server that HTTPServer makes.
func WithTimeouts(t Timeouts) Option { return func(s *Server) { s.timeouts = t } }

// Limits are the request rate limits: each caller has a bucket of Burst
// requests that refills at Rate a second. A signed-in caller or a token's
// holder is counted by account, anyone else by client address.
type Limits struct {
	Rate  float64 // requests a second; 0 turns the limits off
	Burst int
}

// DefaultLimits allow a dashboard's page loads and a script's steady
// polling, and stop a flood: 10 requests a second, 100 at once.
func DefaultLimits() Limits { return Limits{Rate: 10, Burst: 100} }

// Timeouts bound how long a connection may take over each part of a
// request, so that slow or idle clients cannot hold connections for ever.
// The event stream (/events) extends its own write deadline as it writes.
type Timeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

// DefaultTimeouts leave a minute to upload a 10 MiB report on a slow link
// and to write the largest page.
func DefaultTimeouts() Timeouts {
	return Timeouts{ReadHeader: 10 * time.Second, Read: time.Minute, Write: time.Minute, Idle: 2 * time.Minute}
}

// HTTPServer is an http.Server for s with its timeouts.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{Handler: s, ReadHeaderTimeout: s.timeouts.ReadHeader, ReadTimeout: s.timeouts.Read,
		WriteTimeout: s.timeouts.Write, IdleTimeout: s.timeouts.Idle, ErrorLog: nil}
}

// Request bodies: a route may read at most smallBody bytes, unless
// largeBodies gives it more.
const smallBody = 64 << 10

var largeBodies = map[string]int64{
	"POST /api/v1/reports":   MaxReportBytes,
	"POST /api/v1/decisions": maxDecisionBytes,
	"POST /review/decisions": maxDecisionBytes,
}

// sessionRoutes change only the caller's own sign-in state: they are the
// routes other than GET and HEAD that need less than an analyst.
var sessionRoutes = map[string]bool{"POST /signin": true, "POST /signout": true}

// checkRoutes refuses a route table in which a route declares no role, or
// a route that changes something needs less than an analyst: New fails, so
// a route added without its rule never serves.
func checkRoutes(routes []route) error {
	seen := map[string]bool{}
	for _, rt := range routes {
		key := rt.method + " " + rt.path
		switch {
		case seen[key]:
			return fmt.Errorf("route %s: listed twice", key)
		case rt.role < auth.Anyone || rt.role > auth.Admin:
			return fmt.Errorf("route %s: declares no role (auth.Anyone, Viewer, Analyst or Admin)", key)
		case !isRead(rt.method) && !sessionRoutes[key] && rt.role < auth.Analyst:
			return fmt.Errorf("route %s: changes something, so it needs analyst or more, not %v", key, rt.role)
		}
		seen[key] = true
	}
	return nil
}

func isRead(method string) bool { return method == http.MethodGet || method == http.MethodHead }

// Cookies: the session's, and the sign-in form's own token (the form
// has no session to tie a CSRF token to yet). Over TLS (or with
// --secure-cookies) their names carry the prefixes browsers enforce
// (cookieName).
const (
	sessionCookie = "tw_session"
	signInCookie  = "tw_signin"
)

// cookieName is the name of a cookie in r's answer and the name r must
// send it by. When cookies are Secure, the session's is "__Host-…": a
// browser keeps such a cookie only when it is Secure, has Path=/ and no
// Domain, so neither a plain-HTTP page nor a neighbouring subdomain can
// plant or overwrite a session (session fixation). The sign-in form's
// cookie, with Path=/signin, can only be "__Secure-…".
func (s *Server) cookieName(r *http.Request, name string) string {
	switch {
	case !s.secure(r):
		return name
	case name == sessionCookie:
		return "__Host-" + name
	}
	return "__Secure-" + name
}

// caller is who makes a request: the account (zero when anonymous) and,
// for a browser signed in, its session id.
type caller struct {
	user      auth.User
	sessionID string
}

type callerKey struct{}

// UserOf is the account that makes the request, if any, for handlers that
// record who did what.
func UserOf(ctx context.Context) (auth.User, bool) {
	c, ok := ctx.Value(callerKey{}).(caller)
	return c.user, ok && c.user.Name != ""
}

func callerOf(ctx context.Context) caller {
	c, _ := ctx.Value(callerKey{}).(caller)
	return c
}

// guard puts a route behind every check, in this order: Host and Origin
// (requests that change something), the body's size, who calls, the rate
// limit, the route's role, and the CSRF token of a browser's session. The
// answer, errors included, goes through the cache layer of the route's
// kind (httpcache.go): ETag, Cache-Control, gzip.
func (s *Server) guard(rt route) http.Handler {
	key := rt.method + " " + rt.path
	limit := int64(smallBody)
	if n, ok := largeBodies[key]; ok {
		limit = n
	}
	need := rt.role
	if isRead(rt.method) && need == auth.Viewer && !s.private {
		need = auth.Anyone
	}
	html := !strings.HasPrefix(rt.path, "/api/")
	h := s.handle(rt.h, html)
	kind := cacheKindOf(rt)
	checked := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail := func(err error) { s.writeError(w, r, html, err) }
		write := !isRead(r.Method)
		if write {
			if err := s.checkHost(r); err != nil {
				fail(err)
				return
			}
			if err := checkOrigin(r); err != nil {
				fail(err)
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		limited := func(bucket string) bool {
			wait, ok := s.limiter.allow(bucket)
			if !ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
				fail((&httpError{status: http.StatusTooManyRequests, msg: "too many requests: try again later"}).localised("error.text.429"))
			}
			return !ok
		}
		c, err := s.authenticate(r)
		if err != nil {
			// A wrong token counts against the address, so that guessing
			// tokens is as slow as any other anonymous request.
			if !limited("addr:" + clientAddr(r)) {
				fail(err)
			}
			return
		}
		bucket := "addr:" + clientAddr(r)
		if c.user.Name != "" {
			bucket = "user:" + c.user.Name
		}
		if limited(bucket) {
			return
		}
		if need > auth.Anyone && !c.user.Role.Allows(need) {
			if c.user.Name == "" {
				fail(errUnauthenticated)
			} else {
				fail((&httpError{status: http.StatusForbidden, msg: fmt.Sprintf("%s: needs the role %v; %s is %v", key, need, c.user.Name, c.user.Role)}).
					localised("error.role", s.printer(r).Vocab("role.", need.String()), c.user.Name))
			}
			return
		}
		// A browser's session rides on a cookie that the browser sends by
		// itself: a change must also carry the token that only our own
		// pages hold. Routes open to anyone (sign-in) check their own.
		if write && need > auth.Anyone && c.sessionID != "" {
			tok := r.Header.Get("X-CSRF-Token")
			if tok == "" {
				tok = r.PostFormValue("csrf")
			}
			if !auth.ValidCSRF(c.sessionID, tok) {
				fail((&httpError{status: http.StatusForbidden, msg: "missing or wrong CSRF token: reload the page and try again"}).localised("error.csrf"))
				return
			}
		}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, c)))
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.cached(kind, checked, w, r) })
}

// errUnauthenticated: the route needs an account and the request has none.
var errUnauthenticated = &httpError{status: http.StatusUnauthorized, msg: "sign in or send an API token (Authorization: Bearer TOKEN)"}

// authenticate finds the caller: by API token (Authorization: Bearer),
// else by session cookie. A token that opens nothing is a 401; a cookie
// that does (expired, signed out) is ignored.
func (s *Server) authenticate(r *http.Request) (caller, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		tok = strings.TrimSpace(tok)
		if !ok || tok == "" || s.accounts == nil {
			return caller{}, &httpError{status: http.StatusUnauthorized, msg: "Authorization: want Bearer and an API token"}
		}
		u, err := s.accounts.UserByToken(ctx, auth.Hash(tok))
		if errors.Is(err, trucewatch.ErrNotFound) {
			return caller{}, &httpError{status: http.StatusUnauthorized, msg: "unknown or revoked API token"}
		}
		if err != nil {
			return caller{}, err
		}
		return caller{user: u}, nil
	}
	ck, err := r.Cookie(s.cookieName(r, sessionCookie))
	if err != nil || ck.Value == "" || s.accounts == nil {
		return caller{}, nil
	}
	u, err := s.accounts.UserBySession(ctx, auth.Hash(ck.Value), s.now())
	if errors.Is(err, trucewatch.ErrNotFound) {
		return caller{}, nil
	}
	if err != nil {
		return caller{}, err
	}
	return caller{user: u, sessionID: ck.Value}, nil
}

// checkHost refuses a request addressed to a name this server does not
// serve: a page on another site whose name was made to resolve to us (DNS
// rebinding) addresses its own name.
func (s *Server) checkHost(r *http.Request) error {
	host := hostOnly(r.Host)
	if !s.hosts[host] {
		return &httpError{status: http.StatusMisdirectedRequest, msg: fmt.Sprintf("Host %q is not served here (serve --host names more)", r.Host)}
	}
	return nil
}

// checkOrigin refuses a request that a page of another origin sent: its
// Origin, or its Referer when it has no Origin, must name the host the
// request addresses. A request with neither (a script, curl) passes: it
// needs a token, or a session and its CSRF token.
func checkOrigin(r *http.Request) error {
	from, header := r.Header.Get("Origin"), "Origin"
	if from == "" {
		from, header = r.Header.Get("Referer"), "Referer"
	}
	if from == "" {
		return nil
	}
	u, err := url.Parse(from)
	if err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
		return &httpError{status: http.StatusForbidden, msg: fmt.Sprintf("cross-origin request refused: %s %q is not %q", header, from, r.Host)}
	}
	return nil
}

// hostOnly is a Host header without its port, lower case, IPv6 unbracketed.
func hostOnly(hostport string) string {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	return strings.ToLower(strings.Trim(host, "[]"))
}

// clientAddr is the address the request came from, without its port.
// Behind a proxy every request comes from the proxy: limit there too.
// An IPv6 client is counted by its /64 network: one host usually holds a
// whole /64, and would otherwise have as many buckets as it likes.
func clientAddr(r *http.Request) string {
	h := hostOnly(r.RemoteAddr)
	if ip, err := netip.ParseAddr(h); err == nil && ip.Is6() && !ip.Is4In6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return h
}

// securityHeaders go on every response. The pages load only their own
// style sheet and script (no inline code, so no 'unsafe-inline'), no page
// may be framed (clickjacking), form posts stay on this server, and
// links to other sites do not learn which page they came from.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Content-Type-Options", "nosniff")
}

// limiter keeps a token bucket per caller.
type limiter struct {
	rate, burst float64
	now         func() time.Time

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the limiter's memory: beyond it, the buckets that
// have filled up again (callers idle long enough) are dropped, at most
// once a second; while none has, new callers share one bucket, so that a
// flood of new addresses neither grows the map nor slows every request
// with a sweep, and callers already known keep their own.
const maxBuckets = 10000

// overflow is the bucket that new callers share while the limiter is full.
const overflow = "overflow"

func newLimiter(l Limits, now func() time.Time) *limiter {
	return &limiter{rate: l.Rate, burst: float64(max(l.Burst, 1)), now: now, buckets: map[string]*bucket{}}
}

// allow takes a request from key's bucket, or says how long to wait.
func (l *limiter) allow(key string) (time.Duration, bool) {
	if l.rate <= 0 {
		return 0, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets && now.Sub(l.lastSweep) >= time.Second {
			l.sweep(now)
			l.lastSweep = now
		}
		if len(l.buckets) >= maxBuckets {
			key = overflow
			b = l.buckets[key]
		}
	}
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second)), false
}

func (l *limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}
