package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/trucewatch/trucewatch/internal/annotation"
	"github.com/trucewatch/trucewatch/internal/eval"
	"github.com/trucewatch/trucewatch/internal/extract"
	"github.com/trucewatch/trucewatch/internal/geo"
	"github.com/trucewatch/trucewatch/internal/parallel"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// newExtractor loads the gazetteer and the lexicons.
func newExtractor() (*extract.Extractor, *geo.Gazetteer, error) {
	g, err := geo.Default()
	if err != nil {
		return nil, nil, err
	}
	x, err := extract.New(g)
	if err != nil {
		return nil, nil, err
	}
	return x, g, nil
}

type extractCmd struct {
	pretty bool
	out    string
}

func (*extractCmd) name() string { return "extract" }
func (*extractCmd) synopsis() string {
	return "extract incidents, exchanges and agreement statements from report files, as annotation JSON"
}
func (*extractCmd) usage() string { return "[flags] FILE..." }

func (c *extractCmd) setFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.pretty, "pretty", false, "indent the JSON")
	fs.StringVar(&c.out, "out", "", "write NAME.json into this folder for each NAME.txt instead of printing")
}

func (c *extractCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: name at least one report file (to extract the stored reports again: trucewatch reanalyse)", errUsage)
	}
	x, g, err := newExtractor()
	if err != nil {
		return err
	}
	if c.out != "" {
		if err := os.MkdirAll(c.out, 0o755); err != nil {
			return err
		}
	}
	// Reading and extracting run on every core; the output keeps the order
	// of the arguments.
	type result struct {
		file annotation.File
		err  error
	}
	results := parallel.Map(0, args, func(path string) result {
		r, err := reportfile.ReadFile(path)
		if err != nil {
			return result{err: err}
		}
		return result{file: annotation.FromClaims(r, x.Claims(r), g.Admin1Name)}
	})
	failed := 0
	for i, path := range args {
		if err := results[i].err; err != nil {
			fmt.Fprintf(e.stderr, "rejected   %v\n", err)
			failed++
			continue
		}
		var w io.Writer = e.stdout
		var file *os.File
		if c.out != "" {
			name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + ".json"
			if file, err = os.Create(filepath.Join(c.out, name)); err != nil {
				return err
			}
			w = file
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if c.pretty || c.out != "" {
			enc.SetIndent("", "  ")
		}
		if err := enc.Encode(results[i].file); err != nil {
			return err
		}
		if file != nil {
			if err := file.Close(); err != nil {
				return err
			}
		}
	}
	if failed > 0 {
		return errPartial
	}
	return nil
}

type evalCmd struct {
	verbose bool
	json    bool
}

func (*evalCmd) name() string { return "eval" }
func (*evalCmd) synopsis() string {
	return "score extraction on a folder of NAME.txt + NAME.gold.json (precision, recall, F1, field accuracy)"
}
func (*evalCmd) usage() string { return "[flags] DIR" }

func (c *evalCmd) setFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.verbose, "v", false, "list every missed and every extra claim")
	fs.BoolVar(&c.json, "json", false, "print one JSON object: per file, per language and in total")
}

// evalJSON is eval's --json output.
type evalJSON struct {
	Scored     int                        `json:"files_scored"`
	Unreadable []evalError                `json:"unreadable"`
	Total      eval.ResultJSON            `json:"total"`
	Languages  map[string]eval.ResultJSON `json:"languages"`
	Files      map[string]eval.ResultJSON `json:"files"`
}

type evalError struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// run scores the folder. A gold file or text that cannot be read is named
// and left out of the total, and makes the command exit 1: a score over
// fewer files than asked for must never pass for the whole.
func (c *evalCmd) run(_ context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: name one folder", errUsage)
	}
	x, g, err := newExtractor()
	if err != nil {
		return err
	}
	sc := eval.Scorer{Gaz: g}
	files, total, err := sc.Dir(args[0], x)
	if err != nil {
		return err
	}
	var broken []evalError
	for _, f := range files {
		if f.Err != nil {
			broken = append(broken, evalError{File: f.Name, Error: f.Err.Error()})
			fmt.Fprintf(e.stderr, "eval: %s: %v\n", f.Name, f.Err)
		}
	}
	scored := len(files) - len(broken)
	byLang := eval.ByLanguage(files)
	if c.json {
		out := evalJSON{Scored: scored, Unreadable: broken, Total: total.JSON(),
			Languages: map[string]eval.ResultJSON{}, Files: map[string]eval.ResultJSON{}}
		if out.Unreadable == nil {
			out.Unreadable = []evalError{}
		}
		for l, r := range byLang {
			out.Languages[l] = r.JSON()
		}
		for _, f := range files {
			if f.Err == nil {
				out.Files[f.Name] = f.Result.JSON()
			}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		for _, f := range files {
			if f.Err != nil {
				fmt.Fprintf(e.stdout, "%-40s error: %v\n", f.Name, f.Err)
				continue
			}
			r := f.Result
			fmt.Fprintf(e.stdout, "%-40s incidents %d/%d found %d  exchanges %d/%d  agreements %d/%d\n", f.Name,
				r.Incidents.Matched, r.Incidents.Gold, r.Incidents.Found, r.Exchanges.Matched, r.Exchanges.Gold,
				r.Agreements.Matched, r.Agreements.Gold)
			if c.verbose {
				for _, m := range r.Misses {
					fmt.Fprintf(e.stdout, "    missed %s\n", m)
				}
				for _, m := range r.Extras {
					fmt.Fprintf(e.stdout, "    extra  %s\n", m)
				}
			}
		}
		fmt.Fprintf(e.stdout, "\n%d of %d files scored", scored, len(files))
		if len(broken) > 0 {
			fmt.Fprintf(e.stdout, " (%d unreadable, left out: the total is NOT the folder's score)", len(broken))
		}
		fmt.Fprintln(e.stdout)
		eval.WriteLanguages(e.stdout, byLang)
		eval.WriteSummary(e.stdout, total)
	}
	if len(broken) > 0 {
		return errPartial
	}
	return nil
}
