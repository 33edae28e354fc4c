package web

import (
	"io/fs"
	"testing"

	"github.com/trucewatch/trucewatch/internal/i18n"
)

// untranslated are the words the pages may write as they are: names,
// not words of a language. Each says why.
var untranslated = []string{
	"trucewatch users add", // a command the reader types (signin.html)
	"trucewatch",           // the project's name (layout.html)
	"PDF",                  // a file format's name (agreement.html)
	"inc-",                 // the prefix of every incident ID, typed as is (incident.html's merge field)
}

// TestTemplatesWriteNoWords: every word a page shows comes from a
// catalogue (through t and the vocabulary functions) or from the record;
// a template that writes <th>Status</th> fails here (i18n.Literals).
func TestTemplatesWriteNoWords(t *testing.T) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(files) < 5 {
		t.Fatalf("templates: %v %v", files, err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			t.Fatal(err)
		}
		found, err := i18n.Literals(f, string(b), untranslated)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range found {
			t.Errorf("%s: words outside the catalogues: put them in internal/i18n/messages/*/ and write {{t \"key\"}}", l)
		}
	}
}
