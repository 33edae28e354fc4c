package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/annotation"
	"github.com/trucewatch/trucewatch/internal/parallel"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// Extractor is what eval needs of the extractor.
type Extractor interface {
	Claims(trucewatch.Report) []trucewatch.Claim
}

// FileResult is the score of one NAME.txt against NAME.gold.json.
type FileResult struct {
	Name     string
	Language string // the report's language, as the gold file or its header gives it
	Result   Result
	Err      error // the file could not be read; it is left out of the total
}

// ByLanguage adds up the readable files' results per language.
func ByLanguage(files []FileResult) map[string]Result {
	out := map[string]Result{}
	for _, f := range files {
		if f.Err != nil {
			continue
		}
		r, ok := out[f.Language]
		if !ok {
			r = newResult()
		}
		r.Add(f.Result)
		out[f.Language] = r
	}
	return out
}

// Dir scores every NAME.txt in dir that has a NAME.gold.json beside it and
// returns the per-file results and their total. A file that cannot be read
// is reported in its FileResult and does not stop the others.
func (sc Scorer) Dir(dir string, x Extractor) ([]FileResult, Result, error) {
	golds, err := filepath.Glob(filepath.Join(dir, "*.gold.json"))
	if err != nil {
		return nil, Result{}, err
	}
	if len(golds) == 0 {
		return nil, Result{}, fmt.Errorf("%s: no NAME.gold.json files", dir)
	}
	// Files are scored on every core; x must be safe for concurrent use.
	out := parallel.Map(0, golds, func(gp string) FileResult {
		name := strings.TrimSuffix(filepath.Base(gp), ".gold.json")
		fr := FileResult{Name: name}
		fr.Result, fr.Language, fr.Err = sc.file(filepath.Join(dir, name+".txt"), gp, x)
		return fr
	})
	total := newResult()
	for _, fr := range out {
		if fr.Err == nil {
			total.Add(fr.Result)
		}
	}
	return out, total, nil
}

func (sc Scorer) file(textPath, goldPath string, x Extractor) (Result, string, error) {
	gold, err := annotation.ReadFile(goldPath)
	if err != nil {
		return Result{}, "", err
	}
	raw, err := os.ReadFile(textPath)
	if err != nil {
		return Result{}, "", err
	}
	r, err := reportfile.Parse(textPath, raw)
	if err != nil {
		return Result{}, "", err
	}
	if err := ApplyDocument(&r, gold.Document); err != nil {
		return Result{}, "", fmt.Errorf("%s: document: %w", goldPath, err)
	}
	found := annotation.FromClaims(r, x.Claims(r), sc.Gaz.Admin1Name)
	return sc.Compare(gold, found), r.Language, nil
}

// ApplyDocument lets a gold file's document block override the report's
// own header, as the annotation contract says.
func ApplyDocument(r *trucewatch.Report, d *annotation.Document) error {
	if d == nil {
		return nil
	}
	if d.Language != "" {
		l, err := reportfile.ParseLanguage(d.Language)
		if err != nil {
			return err
		}
		r.Language = l
	}
	if d.Outlet != "" {
		r.Outlet = d.Outlet
	}
	if d.URL != "" {
		r.URL = d.URL
	}
	if d.Published != "" {
		p, err := trucewatch.ParsePublished(d.Published)
		if err != nil {
			return fmt.Errorf("published: %w", err)
		}
		r.Published = p
	}
	return nil
}
