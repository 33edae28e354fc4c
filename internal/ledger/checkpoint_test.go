package ledger

import "testing"

func TestPublicKey(t *testing.T) {
	skey, vkey, err := NewKey("monitor.example/ledger")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := PublicKey(skey); err != nil || got != vkey {
		t.Errorf("PublicKey = %q, %v; want %q", got, err, vkey)
	}
	for _, bad := range []string{"", vkey, "PRIVATE+KEY+x+00000000+AQ==", skey[:len(skey)-4] + "AAA="} {
		if _, err := PublicKey(bad); err == nil {
			t.Errorf("PublicKey(%q): no error", bad)
		}
	}
}
