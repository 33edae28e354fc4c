package reportfile

import (
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch"
)

// TestCompose: a composed report reads back with the same fields, the
// same report gives the same bytes, and what cannot be a report file is
// an error naming it.
func TestCompose(t *testing.T) {
	in := trucewatch.Report{URL: "https://example.org/a/1", Outlet: "Chernihiv\nEvening", Language: "uk",
		Published: trucewatch.Published{Time: time.Date(2025, 3, 19, 6, 30, 0, 0, time.UTC)}, Title: "Нічна атака",
		Text:     "URL: not a header, the text's first line\r\nВночі дрони атакували Чернігів.\n",
		Metadata: map[string]string{"source": "chernihiv", "telegram-message": "42"}}
	r, err := Compose("entry 1", in)
	if err != nil {
		t.Fatal(err)
	}
	if r.URL != in.URL || r.Outlet != "Chernihiv Evening" || r.Language != "uk" || r.Published != in.Published || r.Title != in.Title ||
		r.Text != "URL: not a header, the text's first line\nВночі дрони атакували Чернігів." || r.Metadata["telegram-message"] != "42" {
		t.Errorf("composed %+v", r)
	}
	again, _ := Compose("entry 1", in)
	if again.ID != r.ID || r.ID != trucewatch.ContentID(r.Raw) {
		t.Error("the same report gave other bytes")
	}
	for _, c := range []struct {
		r    trucewatch.Report
		want string
	}{
		{trucewatch.Report{Outlet: "X", Text: "  \n "}, "empty text"},
		{trucewatch.Report{Outlet: "X", Text: "t", Metadata: map[string]string{"bad key": "v"}}, "not a metadata key"},
		{trucewatch.Report{Outlet: "X", Text: "t", Metadata: map[string]string{"url": "v"}}, "not a metadata key"},
		{trucewatch.Report{Outlet: "X", Text: strings.Repeat("x", MaxSize)}, "larger than the limit"},
	} {
		if _, err := Compose("entry 2", c.r); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "entry 2") {
			t.Errorf("Compose(%.40q) = %v, want %q", c.r.Text, err, c.want)
		}
	}
}
