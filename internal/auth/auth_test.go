package auth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
)

func TestRoles(t *testing.T) {
	tests := []struct {
		have, need Role
		want       bool
	}{
		{Viewer, Anyone, true},
		{Viewer, Viewer, true},
		{Viewer, Analyst, false},
		{Analyst, Viewer, true},
		{Analyst, Analyst, true},
		{Analyst, Admin, false},
		{Admin, Analyst, true},
		{Admin, Admin, true},
		{0, Anyone, false}, // no account at all
		{0, Viewer, false},
	}
	for _, tt := range tests {
		if got := tt.have.Allows(tt.need); got != tt.want {
			t.Errorf("%v.Allows(%v) = %v, want %v", tt.have, tt.need, got, tt.want)
		}
	}
	for _, r := range AccountRoles() {
		if got, err := ParseRole(r.String()); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %v, %v", r, got, err)
		}
	}
	for _, s := range []string{"", "anyone", "Admin", "root"} {
		if _, err := ParseRole(s); !errors.Is(err, trucewatch.ErrInvalid) {
			t.Errorf("ParseRole(%q) = %v, want ErrInvalid", s, err)
		}
	}
}

func TestValidName(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"olena", true}, {"o.kovalenko@osce", true}, {"a_b-c", true},
		{"", false}, {"a b", false}, {"<script>", false}, {strings.Repeat("a", 65), false}, {"ü", false},
	} {
		if err := ValidName(tt.name); (err == nil) != tt.ok {
			t.Errorf("ValidName(%q) = %v", tt.name, err)
		}
	}
}

func TestTokens(t *testing.T) {
	a, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewToken()
	if a == b || !strings.HasPrefix(a, TokenPrefix) || len(a) != len(TokenPrefix)+43 {
		t.Errorf("tokens %q and %q: want distinct, prefixed, 32 bytes of base64url", a, b)
	}
	if Hash(a) == Hash(b) || Hash(a) != Hash(string([]byte(a))) || len(Hash(a)) != 64 || strings.Contains(Hash(a), a) {
		t.Errorf("Hash(%q) = %q", a, Hash(a))
	}
	// SHA-256 in hex, as a known vector shows.
	if got := Hash("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Hash(abc) = %s", got)
	}
}

func TestSessionExpiry(t *testing.T) {
	now := time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC)
	id, s, err := NewSession("olena", now)
	if err != nil {
		t.Fatal(err)
	}
	if s.IDHash != Hash(id) || s.User != "olena" || s.IDHash == id {
		t.Errorf("session %+v for id %q", s, id)
	}
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{
		{now, false},
		{now.Add(SessionTTL - time.Second), false},
		{now.Add(SessionTTL), true},
		{now.Add(48 * time.Hour), true},
	} {
		if got := s.Expired(tt.at); got != tt.want {
			t.Errorf("Expired(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
}

// flip changes the character at i of a base64 text to another.
func flip(s string, i int) string {
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}

func TestCSRF(t *testing.T) {
	a, _ := NewSessionID()
	b, _ := NewSessionID()
	ta := CSRFToken(a)
	if ta != CSRFToken(a) || ta == CSRFToken(b) || strings.Contains(ta, a) || ta == Hash(a) {
		t.Errorf("CSRF tokens: %q for %q", ta, a)
	}
	tests := []struct {
		session, token string
		want           bool
	}{
		{a, ta, true},
		{b, ta, false},             // another session's token
		{a, "", false},             // none sent
		{"", CSRFToken(""), false}, // no session
		{a, ta[:len(ta)-1], false},
		{a, Hash(a), false},
		{a, MaskedCSRFToken(a), true},
		{b, MaskedCSRFToken(a), false},           // another session's, masked
		{a, MaskedCSRFToken(a)[1:], false},       // cut
		{a, flip(MaskedCSRFToken(a), 70), false}, // changed in the masked token
		{a, flip(MaskedCSRFToken(a), 10), false}, // changed in the mask
		{a, "not base64 !", false},
	}
	if m1, m2 := MaskedCSRFToken(a), MaskedCSRFToken(a); m1 == m2 || strings.Contains(m1, ta) {
		t.Errorf("masked tokens repeat or show the token: %q %q", m1, m2)
	}
	for _, tt := range tests {
		if got := ValidCSRF(tt.session, tt.token); got != tt.want {
			t.Errorf("ValidCSRF(%.8s…, %.8s…) = %v, want %v", tt.session, tt.token, got, tt.want)
		}
	}
}
