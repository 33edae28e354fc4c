// Package auth owns who may do what: the roles, the accounts that hold
// them, API tokens and browser sessions, and the tokens that tie a form to
// its session (CSRF). It does no I/O: the store keeps accounts and
// sessions, the web server asks this package what a request may do.
package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
)

// Role is what an account may do. Roles are ordered: each may do what the
// ones below it may.
type Role int

// The zero Role is no role at all: a route that forgets to declare one is
// refused by the web server when it starts (web.checkRoutes).
const (
	// Anyone may call the route, signed in or not, even on a private
	// server: signing in, the style sheet.
	Anyone Role = iota + 1
	// Viewer reads the record. Reads are open to anyone unless the
	// server is private (serve --private).
	Viewer
	// Analyst also writes: reports, and review decisions.
	Analyst
	// Admin also manages accounts.
	Admin
)

var roleNames = map[Role]string{Anyone: "anyone", Viewer: "viewer", Analyst: "analyst", Admin: "admin"}

func (r Role) String() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return fmt.Sprintf("role(%d)", int(r))
}

// AccountRoles are the roles an account can hold, lowest first.
func AccountRoles() []Role { return []Role{Viewer, Analyst, Admin} }

// ParseRole reads the name of an account's role.
func ParseRole(s string) (Role, error) {
	for _, r := range AccountRoles() {
		if r.String() == s {
			return r, nil
		}
	}
	return 0, fmt.Errorf("role %q: want viewer, analyst or admin: %w", s, trucewatch.ErrInvalid)
}

// Allows says whether r may do what needs at least need.
func (r Role) Allows(need Role) bool { return r >= need }

// User is an account. Its API token is known only as a hash.
type User struct {
	Name    string
	Role    Role
	Created time.Time
	Revoked time.Time // zero while the account is active
}

// Active says whether the account may still sign in or use its token.
func (u User) Active() bool { return u.Revoked.IsZero() }

// ValidName checks an account's name: 1 to 64 letters, digits, '.', '_',
// '-' or '@', so that names print and log unambiguously.
func ValidName(name string) error {
	if name == "" || len(name) > 64 {
		return fmt.Errorf("user name %q: want 1 to 64 characters: %w", name, trucewatch.ErrInvalid)
	}
	for _, c := range name {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._-@", c)
		if !ok {
			return fmt.Errorf("user name %q: only letters, digits and . _ - @: %w", name, trucewatch.ErrInvalid)
		}
	}
	return nil
}

// TokenPrefix starts every API token, so that a token pasted where it
// should not be (a log, a chat) is recognisable and can be searched for.
const TokenPrefix = "tw_"

// secretBytes is how much randomness a token or session id carries.
const secretBytes = 32

// NewToken returns a new API token: TokenPrefix and 32 random bytes from
// crypto/rand, base64url-encoded.
func NewToken() (string, error) { return newSecret(TokenPrefix) }

// NewSessionID returns a new session id, as random as a token.
func NewSessionID() (string, error) { return newSecret("") }

func newSecret(prefix string) (string, error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random secret: %w", err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// Hash is what the store keeps of a token or a session id: its SHA-256, in
// hex. A plain fast hash is right here, unlike for passwords: the secrets
// are 256 random bits, so no amount of hashing speed makes guessing them
// feasible, and a slow, salted hash (bcrypt, argon2) would only cost every
// request its time. It also lets the store find an account by its token's
// hash with an index, without ever holding the token. Whoever reads the
// database learns the hashes, which open nothing.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Session is a browser's signed-in state, kept by the store under the hash
// of its id (the cookie's value).
type Session struct {
	IDHash  string
	User    string
	Expires time.Time
}

// SessionTTL is how long a session lasts after sign-in.
const SessionTTL = 12 * time.Hour

// NewSession starts a session for user at now; the id goes into the
// cookie, the Session into the store.
func NewSession(user string, now time.Time) (id string, s Session, err error) {
	id, err = NewSessionID()
	if err != nil {
		return "", s, err
	}
	return id, Session{IDHash: Hash(id), User: user, Expires: now.Add(SessionTTL)}, nil
}

// Expired says whether the session has run out at now.
func (s Session) Expired(now time.Time) bool { return !now.Before(s.Expires) }

// CSRFToken is the synchronizer token of the session with id sessionID:
// forms carry it, and a request that changes something with the session's
// cookie must send it back. It is an HMAC of a fixed label keyed by the
// session id, so the server needs no extra storage, each session has its
// own, and a token seen in a page reveals nothing of the id it came from.
func CSRFToken(sessionID string) string {
	return base64.RawURLEncoding.EncodeToString(csrfMAC(sessionID))
}

func csrfMAC(sessionID string) []byte {
	m := hmac.New(sha256.New, []byte(sessionID))
	m.Write([]byte("trucewatch csrf v1"))
	return m.Sum(nil)
}

// MaskedCSRFToken is the session's CSRF token under a fresh random mask:
// the mask, then the token XOR the mask. Pages carry it, so that no two
// pages carry the same bytes for the token and a compressed page's length
// tells nothing of it (the BREACH attack guesses a secret that repeats in
// compressed answers). ValidCSRF takes it as it takes the plain token.
func MaskedCSRFToken(sessionID string) string {
	tok := csrfMAC(sessionID)
	b := make([]byte, 2*len(tok))
	rand.Read(b[:len(tok)]) // never fails (crypto/rand)
	subtle.XORBytes(b[len(tok):], b[:len(tok)], tok)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidCSRF says whether token is the CSRF token of the session, plain
// or masked, in time that does not depend on how much of it is right.
func ValidCSRF(sessionID, token string) bool {
	if sessionID == "" || token == "" {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	want := csrfMAC(sessionID)
	switch {
	case err != nil:
		return false
	case len(b) == 2*len(want): // masked
		subtle.XORBytes(b[len(want):], b[len(want):], b[:len(want)])
		b = b[len(want):]
	}
	return subtle.ConstantTimeCompare(b, want) == 1
}

// SameSecret compares two secrets in constant time; an empty one is
// never the same as anything.
func SameSecret(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
