// Package ingest turns files, directories, standard input and embedded
// folders into stored reports: report files (docs/report-format.md) and
// Telegram channel exports (internal/telegram), recognised by their
// content. One bad file never stops a batch: it is rejected with a reason
// that names it, and the rest go on.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/reportfile"
	"github.com/trucewatch/trucewatch/internal/telegram"
)

// Store is what ingesting needs of the database. Storing a report queues
// it for the pipeline (internal/pipeline) in the same transaction.
type Store interface {
	AddReports(ctx context.Context, reports []trucewatch.Report) ([]bool, error)
}

// Status is what became of one input.
type Status string

const (
	New       Status = "new"
	Duplicate Status = "duplicate" // the same bytes are stored already
	Rejected  Status = "rejected"  // unreadable or not a valid report file
	Skipped   Status = "skipped"   // not a regular file (a named pipe, a device): never opened
)

// Summary counts the results of a run.
type Summary struct {
	New, Duplicate, Rejected, Skipped int
	// Messages is what Telegram exports held that is no report.
	Messages Messages
}

// Messages counts the messages of Telegram exports that are no report.
type Messages struct {
	Service   int // channel created, message pinned, ...
	MediaOnly int // a photo, video, file, ... without text
	Empty     int // neither text nor media
}

// Total is the number of messages that are no report.
func (m Messages) Total() int { return m.Service + m.MediaOnly + m.Empty }

// add counts the messages an export's chat skipped (those rejected are
// results of their own).
func (m *Messages) add(s telegram.Skip) {
	m.Service += s.Service
	m.MediaOnly += s.MediaOnly
	m.Empty += s.EmptyText
}

// Result is what became of one input.
type Result struct {
	Name   string // the path, "stdin", the name in an embedded folder, or PATH#ID for a Telegram message
	ID     string // the report's content ID; "" when rejected
	Status Status
	Err    error // why it was rejected
}

// Total is the number of results: one an input, one a text message of a
// Telegram export.
func (s Summary) Total() int { return s.New + s.Duplicate + s.Rejected + s.Skipped }

func (s *Summary) add(st Status) {
	switch st {
	case New:
		s.New++
	case Duplicate:
		s.Duplicate++
	case Skipped:
		s.Skipped++
	default:
		s.Rejected++
	}
}

// Ingester stores reports in batches.
type Ingester struct {
	Store     Store
	Stdin     io.Reader // read for the path "-"
	BatchSize int       // reports per transaction; 0 means 500
	// Report, if set, is told the result of every input, in input order
	// (of every message, for a Telegram export).
	Report func(Result)
	// Progress, if set, is told after each batch how many results are
	// known and how many are expected: the inputs, and the reports of
	// each Telegram export once it is read.
	Progress func(done, total int)
	// Telegram says what Telegram exports do not: the channel's username
	// for its links, its language, its outlet.
	Telegram telegram.Options
}

// input is one thing to read: a file, stdin, or an entry of an fs.FS.
type input struct {
	name string
	read func() ([]byte, error)
	err  error  // set when the input could not even be listed
	skip string // set for what is not a regular file: why it is not read
}

// Paths ingests the named files, every *.txt file below the named
// directories (in lexical order), and standard input for "-".
func (in *Ingester) Paths(ctx context.Context, paths []string) (Summary, error) {
	var inputs []input
	for _, p := range paths {
		inputs = append(inputs, in.listPath(p)...)
	}
	return in.run(ctx, inputs)
}

// FS ingests every *.txt file below dir in fsys, such as an embedded folder.
func (in *Ingester) FS(ctx context.Context, fsys fs.FS, dir string) (Summary, error) {
	var inputs []input
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			inputs = append(inputs, input{name: p, err: err})
		case !d.IsDir() && isReportName(p):
			inputs = append(inputs, input{name: p, read: func() ([]byte, error) { return readLimited(fsys.Open(p)) }})
		}
		return nil
	})
	if err != nil {
		return Summary{}, fmt.Errorf("list %s: %w", dir, err)
	}
	return in.run(ctx, inputs)
}

func (in *Ingester) listPath(p string) []input {
	if p == "-" {
		return []input{{name: "stdin", read: func() ([]byte, error) {
			if in.Stdin == nil {
				return nil, fmt.Errorf("no standard input")
			}
			return readLimited(io.NopCloser(in.Stdin), nil)
		}}}
	}
	info, err := os.Stat(p)
	if err != nil {
		return []input{{name: p, err: err}}
	}
	if !info.IsDir() {
		return []input{fileInput(p, info.Mode())}
	}
	var inputs []input
	filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			inputs = append(inputs, input{name: q, err: err})
		case d.IsDir() && q != p && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(q, ".json") && !strings.HasPrefix(d.Name(), ".") && d.Type().IsRegular():
			// A JSON file in a folder is read when it is a Telegram
			// export; other JSON (gold annotations) is not a report. One
			// that cannot be opened is listed, so that its error is told.
			ok, err := telegram.DetectFile(q)
			switch {
			case err != nil:
				inputs = append(inputs, input{name: q, err: err})
			case ok:
				inputs = append(inputs, fileInput(q, d.Type()))
			}
		case !d.IsDir() && isReportName(q):
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				if info, err := os.Stat(q); err == nil {
					mode = info.Mode()
				}
			}
			inputs = append(inputs, fileInput(q, mode))
		}
		return nil
	})
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].name < inputs[j].name })
	return inputs
}

// fileInput reads the file at p, unless its mode says it is not a regular
// file: a named pipe would block the run forever, a device never end.
func fileInput(p string, mode fs.FileMode) input {
	if !mode.IsRegular() {
		return input{name: p, skip: fmt.Sprintf("not a regular file (%s)", kindOf(mode))}
	}
	return input{name: p, read: func() ([]byte, error) { return readLimited(os.Open(p)) }}
}

// kindOf names a file mode's type.
func kindOf(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode&fs.ModeSymlink != 0:
		return "a broken link"
	}
	return "mode " + mode.Type().String()
}

// isReportName tells which files in a directory are reports: *.txt files
// that are not hidden.
func isReportName(p string) bool {
	base := path.Base(filepath.ToSlash(p))
	return strings.HasSuffix(base, ".txt") && !strings.HasPrefix(base, ".")
}

// readLimited reads at most one byte more than a report file may have,
// so that a huge file is refused without reading it whole; a Telegram
// export (a channel's history) may be larger, up to telegram.MaxSize.
func readLimited(r io.ReadCloser, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, reportfile.MaxSize+1))
	if err != nil || len(b) <= reportfile.MaxSize || !telegram.Detect(b) {
		return b, err
	}
	rest, err := io.ReadAll(io.LimitReader(r, telegram.MaxSize-reportfile.MaxSize))
	return append(b, rest...), err
}

func (in *Ingester) run(ctx context.Context, inputs []input) (Summary, error) {
	size := in.BatchSize
	if size <= 0 {
		size = 500
	}
	var sum Summary
	var batch []trucewatch.Report
	var results []Result // the results of the inputs since the last flush
	flush := func() error {
		if len(batch) > 0 {
			isNew, err := in.Store.AddReports(ctx, batch)
			if err != nil {
				return fmt.Errorf("ingest: %w", err)
			}
			j := 0
			for i := range results {
				if st := results[i].Status; st == Rejected || st == Skipped {
					continue
				}
				if !isNew[j] {
					results[i].Status = Duplicate
				}
				j++
			}
		}
		for _, r := range results {
			sum.add(r.Status)
			if in.Report != nil {
				in.Report(r)
			}
		}
		batch, results = batch[:0], results[:0]
		return nil
	}
	total := len(inputs)
	progress := func() {
		if in.Progress != nil {
			in.Progress(sum.Total(), total)
		}
	}
	for _, it := range inputs {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		if it.skip != "" {
			results = append(results, Result{Name: it.name, Status: Skipped, Err: errors.New(it.skip)})
			continue
		}
		reps, rejected, err := in.parse(it, &sum.Messages)
		if err != nil {
			results = append(results, Result{Name: it.name, Status: Rejected, Err: err})
			continue
		}
		total += len(reps) + len(rejected) - 1
		results = append(results, rejected...)
		for _, rep := range reps {
			batch = append(batch, rep)
			results = append(results, Result{Name: rep.Origin, ID: rep.ID, Status: New})
			if len(batch) >= size {
				if err := flush(); err != nil {
					return sum, err
				}
				progress()
			}
		}
	}
	err := flush()
	progress()
	return sum, err
}

// parse reads an input: a report file gives one report, a Telegram export
// one a text message (its unreadable messages rejected, each named, and
// the rest counted in msgs).
func (in *Ingester) parse(it input, msgs *Messages) (reps []trucewatch.Report, rejected []Result, err error) {
	if it.err != nil {
		return nil, nil, it.err
	}
	raw, err := it.read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", it.name, err)
	}
	if telegram.Detect(raw) {
		if len(raw) > telegram.MaxSize {
			return nil, nil, fmt.Errorf("%s: Telegram export larger than the limit of %d MiB", it.name, telegram.MaxSize>>20)
		}
		ex, err := telegram.Parse(it.name, raw)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range ex.Chats {
			r, sk := telegram.Reports(it.name, c, in.Telegram)
			reps = append(reps, r...)
			msgs.add(sk)
			for _, note := range sk.ErrorNotes {
				rejected = append(rejected, Result{Name: it.name, Status: Rejected, Err: errors.New(note)})
			}
		}
		return reps, rejected, nil
	}
	rep, err := reportfile.Parse(it.name, raw)
	if err != nil {
		return nil, nil, err
	}
	rep.Origin = it.name
	return []trucewatch.Report{rep}, nil, nil
}
