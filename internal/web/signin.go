package web

import (
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/auth"
)

// signInPage is the sign-in form: an account's name and its API token,
// which is the credential (docs/security.md says why there is no password).
type signInPage struct {
	frame
	Name, Next string
	FormToken  string // the form's own CSRF token, also in its cookie
	Error      string
}

// signInTTL is how long a sign-in form may be sent after it was loaded.
const signInTTL = 10 * time.Minute

// renderSignIn shows the sign-in form with a new form token: a random
// value both in a cookie for /signin and in the form. A page of another
// site can make a browser post the form, but cannot read the cookie to
// put the same value in it (double-submit), so it cannot sign a monitor in
// to an account of its choosing.
func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, status int, p signInPage) error {
	tok, err := auth.NewSessionID()
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store") // it sets a cookie: no cache keeps it
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(r, signInCookie), Value: tok, Path: "/signin", MaxAge: int(signInTTL.Seconds()),
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	p.FormToken, p.Next = tok, localPath(p.Next, "/")
	return s.render(w, r, status, "signin.html", s.printer(r).T("title.signin"), &p)
}

func (s *Server) pageSignIn(w http.ResponseWriter, r *http.Request) error {
	return s.renderSignIn(w, r, http.StatusOK, signInPage{Next: r.URL.Query().Get("next")})
}

// signIn checks the name and token and starts a session: a random id in
// an HttpOnly, SameSite=Lax cookie (Secure over TLS or with
// --secure-cookies), kept by the store only as its hash.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	p := signInPage{Name: r.PostFormValue("name"), Next: r.PostFormValue("next")}
	ck, err := r.Cookie(s.cookieName(r, signInCookie))
	if err != nil || !auth.SameSecret(ck.Value, r.PostFormValue("csrf")) {
		p.Error = s.printer(r).T("signin.expired")
		return s.renderSignIn(w, r, http.StatusForbidden, p)
	}
	if s.accounts == nil {
		p.Error = s.printer(r).T("signin.no_accounts")
		return s.renderSignIn(w, r, http.StatusUnauthorized, p)
	}
	u, err := s.accounts.UserByToken(r.Context(), auth.Hash(strings.TrimSpace(r.PostFormValue("token"))))
	if err != nil && !errors.Is(err, trucewatch.ErrNotFound) {
		return err
	}
	if err != nil || u.Name != p.Name {
		p.Error = s.printer(r).T("signin.unknown")
		return s.renderSignIn(w, r, http.StatusUnauthorized, p)
	}
	// A session this browser held before (perhaps another account's)
	// ends here, not when it expires.
	if old, err := r.Cookie(s.cookieName(r, sessionCookie)); err == nil && old.Value != "" {
		if err := s.accounts.DeleteSession(r.Context(), auth.Hash(old.Value)); err != nil {
			return err
		}
	}
	id, ses, err := auth.NewSession(u.Name, s.now())
	if err != nil {
		return err
	}
	if err := s.accounts.AddSession(r.Context(), ses); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(r, sessionCookie), Value: id, Path: "/", Expires: ses.Expires,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(r, signInCookie), Path: "/signin", MaxAge: -1, Secure: s.secure(r)})
	s.log.Info("signed in", "user", u.Name, "role", u.Role.String())
	http.Redirect(w, r, localPath(p.Next, "/"), http.StatusSeeOther)
	return nil
}

// signOut ends the caller's session.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if c := callerOf(r.Context()); c.sessionID != "" {
		if err := s.accounts.DeleteSession(r.Context(), auth.Hash(c.sessionID)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(r, sessionCookie), Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// secure says whether cookies must be Secure: the request came over TLS,
// or the server is behind a proxy that ends TLS (WithSecureCookies).
func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.secureCookies }

// localPath is p when it is a path on this server, else fallback: a
// sign-in link or a form cannot send the browser on to another site
// afterwards. Browsers read a backslash as a slash and drop tabs and line
// breaks, and http.Redirect cleans the path ("/./\\x" is "/\\x"), so
// those are refused, and the path is checked as cleaned.
func localPath(p, fallback string) string {
	if strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return fallback
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(p, "//") || strings.HasPrefix(path.Clean(u.Path), "//") {
		return fallback
	}
	return u.RequestURI()
}
