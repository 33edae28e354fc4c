package examples

import (
	"io/fs"
	"net/url"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// TestCorpus checks the promises the example corpus makes: at least twelve
// reports, every one a valid report file with a header, all four languages,
// dated 18–21 March 2025, and only invented example URLs.
func TestCorpus(t *testing.T) {
	names, err := fs.Glob(FS, ReportsDir+"/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 12 {
		t.Errorf("%d example reports, want at least 12", len(names))
	}
	langs := map[string]int{}
	first, last := trucewatch.Date{Year: 2025, Month: 3, Day: 18}, trucewatch.Date{Year: 2025, Month: 3, Day: 21}
	for _, n := range names {
		raw, err := fs.ReadFile(FS, n)
		if err != nil {
			t.Fatal(err)
		}
		r, err := reportfile.Parse(n, raw)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		langs[r.Language]++
		if d := r.Published.Date(); d.Before(first) || last.Before(d) {
			t.Errorf("%s: published %s, outside 18–21 March 2025", n, r.Published)
		}
		if r.Outlet == "" {
			t.Errorf("%s: no outlet", n)
		}
		u, err := url.Parse(r.URL)
		if err != nil || (u.Host != "example.org" && u.Host != "example.net") {
			t.Errorf("%s: URL %q is not an invented example.org/example.net address", n, r.URL)
		}
		if !strings.HasPrefix(strings.TrimPrefix(n, ReportsDir+"/")[3:], r.Language+"_") {
			t.Errorf("%s: file name does not carry its language %q", n, r.Language)
		}
	}
	for _, l := range []string{"de", "en", "uk", "ru"} {
		if langs[l] < 3 {
			t.Errorf("%d reports in %s, want at least 3", langs[l], l)
		}
	}
}
