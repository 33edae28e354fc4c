// Package sources reads the live sources (docs/sources.md): it polls
// feeds and pages, and watches folders and Telegram exports, storing what
// is new as reports, queued for the pipeline like any other. Each source
// keeps its state in the store (migration 0016): the validators of its last
// answer, what it already read, its failures in a row. A failure backs the
// source off (twice the pause after each, up to MaxBackoff) and never
// stops the others.
package sources

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/feed"
	"github.com/trucewatch/trucewatch/internal/ingest"
	"github.com/trucewatch/trucewatch/internal/reportfile"
	"github.com/trucewatch/trucewatch/internal/store"
	"github.com/trucewatch/trucewatch/internal/telegram"
)

// Store is what polling needs of the database.
type Store interface {
	AddReports(ctx context.Context, reports []trucewatch.Report) ([]bool, error)
	LiveSources(ctx context.Context) ([]store.LiveState, error)
	SaveLiveState(ctx context.Context, st store.LiveState, stored int) error
	LiveFiles(ctx context.Context, source string) (map[string]store.FileStamp, error)
	MarkLiveFile(ctx context.Context, source, path string, f store.FileStamp) error
}

// Poller reads the live sources.
type Poller struct {
	Store  Store
	Client *feed.Client // nil: feed.Client's defaults
	// Every is the pause between two reads of a source that answered;
	// 0 means 10 minutes.
	Every time.Duration
	// MaxBackoff bounds the pause after failures; 0 means 6 hours.
	MaxBackoff time.Duration
	// Settle: a file in a watched folder changed more recently than this
	// is left for the next round (it may still be being written); 0 means
	// 2 seconds, negative means none.
	Settle time.Duration
	Log    *slog.Logger
	Now    func() time.Time // nil: time.Now
}

// Result is what one read of a source did.
type Result struct {
	Source      string
	Kind        trucewatch.SourceKind
	New         int // reports stored for the first time
	Duplicate   int // reports stored already
	Rejected    int // entries, files or messages that made no report
	NotModified bool
	Err         error // the read failed; the source backs off
	Notes       []string
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (p *Poller) client() *feed.Client {
	if p.Client != nil {
		return p.Client
	}
	return &feed.Client{}
}

// Poll reads the sources that are due (all of them with force), one after
// the other, and records each one's outcome. It returns their results;
// its error is only the store's failing to list or save them.
func (p *Poller) Poll(ctx context.Context, force bool) ([]Result, error) {
	list, err := p.Store.LiveSources(ctx)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, st := range list {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		if !force && !st.NextPoll.IsZero() && st.NextPoll.After(p.now()) {
			continue
		}
		res := p.read(ctx, &st)
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		st.Polled = p.now().UTC().Truncate(time.Second)
		if res.Err != nil {
			st.Failures++
			st.LastError = res.Err.Error()
			st.NextPoll = st.Polled.Add(p.backoff(st.Failures))
			p.log().Warn("source: read failed", "source", st.Name, "failures", st.Failures, "next", st.NextPoll, "err", res.Err)
		} else {
			st.Failures, st.LastError = 0, ""
			st.NextPoll = st.Polled.Add(p.every())
			if res.New > 0 {
				p.log().Info("source: new reports", "source", st.Name, "new", res.New)
			}
		}
		if err := p.Store.SaveLiveState(ctx, st, res.New); err != nil && !errors.Is(err, trucewatch.ErrNotFound) {
			return out, err
		}
		out = append(out, res)
	}
	return out, nil
}

// Run polls the sources that are due every tick until ctx ends, calling
// stored after a round that stored new reports.
func (p *Poller) Run(ctx context.Context, tick time.Duration, stored func(n int)) error {
	for {
		res, err := p.Poll(ctx, false)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			p.log().Warn("sources: polling", "err", err)
		}
		n := 0
		for _, r := range res {
			n += r.New
		}
		if n > 0 && stored != nil {
			stored(n)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(tick):
		}
	}
}

func (p *Poller) every() time.Duration {
	if p.Every > 0 {
		return p.Every
	}
	return 10 * time.Minute
}

// backoff is the pause after n failures in a row: the usual pause times
// 2^n, at most MaxBackoff.
func (p *Poller) backoff(n int) time.Duration {
	max := p.MaxBackoff
	if max <= 0 {
		max = 6 * time.Hour
	}
	d := float64(p.every()) * math.Pow(2, float64(min(n, 30)))
	if d > float64(max) {
		return max
	}
	return time.Duration(d)
}

func (p *Poller) read(ctx context.Context, st *store.LiveState) Result {
	res := Result{Source: st.Name, Kind: st.Kind}
	switch st.Kind {
	case trucewatch.KindFeed:
		res.Err = p.readFeed(ctx, st, &res)
	case trucewatch.KindPage:
		res.Err = p.readPage(ctx, st, &res)
	case trucewatch.KindFolder, trucewatch.KindTelegram:
		res.Err = p.readFiles(ctx, st, &res)
	default:
		res.Err = fmt.Errorf("source %s: unknown kind %q", st.Name, st.Kind)
	}
	return res
}

// add stores reports and counts them.
func (p *Poller) add(ctx context.Context, reps []trucewatch.Report, res *Result) error {
	if len(reps) == 0 {
		return nil
	}
	isNew, err := p.Store.AddReports(ctx, reps)
	if err != nil {
		return err
	}
	for _, n := range isNew {
		if n {
			res.New++
		} else {
			res.Duplicate++
		}
	}
	return nil
}

// language is a source's language, else what the feed or page says, else "".
func language(st *store.LiveState, said string) string {
	if st.Language != "" {
		return st.Language
	}
	l, err := reportfile.ParseLanguage(said)
	if err != nil {
		return ""
	}
	return l
}

// readFeed fetches a feed (conditionally) and stores its entries not read
// before. An entry is known by its id and its updated (or published)
// time: an entry updated later is read again.
func (p *Poller) readFeed(ctx context.Context, st *store.LiveState, res *Result) error {
	c := p.client()
	resp, err := c.Get(ctx, st.Location, st.ETag, st.LastModified)
	if err != nil {
		return err
	}
	if resp.NotModified {
		res.NotModified = true
		return nil
	}
	f, err := feed.Parse(resp.Body, resp.ContentType, resp.URL)
	if err != nil {
		return fmt.Errorf("feed %s: %w", st.Location, err)
	}
	seen, err := p.Store.LiveFiles(ctx, st.Name)
	if err != nil {
		return err
	}
	outlet := st.Outlet
	if outlet == "" {
		outlet = f.Title
	}
	lang := language(st, f.Language)
	var reps []trucewatch.Report
	type mark struct {
		key   string
		stamp store.FileStamp
	}
	var marks []mark
	for _, e := range f.Entries {
		key := "entry:" + e.ID
		stamp := store.FileStamp{ModTime: e.Updated.UnixNano()}
		if e.Updated.IsZero() {
			stamp.ModTime = e.Published.UnixNano()
		}
		if e.ID == "" {
			key = "entry-title:" + e.Title
		}
		if old, ok := seen[key]; ok && old == stamp {
			continue
		}
		r := trucewatch.Report{URL: e.Link, Outlet: outlet, Language: lang, Title: e.Title,
			Text: e.Content, Metadata: map[string]string{"source": st.Name}}
		if !e.Published.IsZero() {
			r.Published = trucewatch.Published{Time: e.Published}
		}
		if r.Text == "" && e.Link != "" {
			// Only a summary and a link: the linked page's main text.
			text, err := p.pageText(ctx, e.Link)
			if err != nil {
				res.Notes = append(res.Notes, fmt.Sprintf("entry %s: the summary, as the page gave no text: %v", e.Link, err))
				r.Metadata["text-from"] = "summary"
				r.Text = e.Summary
			} else {
				r.Metadata["text-from"] = "page"
				r.Text = text
			}
		}
		if r.Text == "" {
			r.Text = e.Summary
		}
		rep, err := reportfile.Compose(fmt.Sprintf("%s entry %q", st.Name, e.ID), r)
		if err != nil {
			res.Rejected++
			res.Notes = append(res.Notes, err.Error())
		} else {
			rep.Origin = "source " + st.Name
			reps = append(reps, rep)
		}
		marks = append(marks, mark{key, stamp})
	}
	if err := p.add(ctx, reps, res); err != nil {
		return err
	}
	// Marked after the reports are stored: a crash in between reads the
	// entries again, and their reports are stored already.
	for _, m := range marks {
		if err := p.Store.MarkLiveFile(ctx, st.Name, m.key, m.stamp); err != nil {
			return err
		}
	}
	st.ETag, st.LastModified = resp.ETag, resp.LastModified
	return nil
}

// pageText fetches a linked article's main text.
func (p *Poller) pageText(ctx context.Context, link string) (string, error) {
	resp, err := p.client().Get(ctx, link, "", "")
	if err != nil {
		return "", err
	}
	pg, err := feed.MainText(resp.Body, resp.ContentType, resp.URL)
	if err != nil {
		return "", fmt.Errorf("%s: %w", link, err)
	}
	return pg.Text, nil
}

// readPage fetches a page and stores its main text as a report when the
// text changed since it was last stored.
func (p *Poller) readPage(ctx context.Context, st *store.LiveState, res *Result) error {
	resp, err := p.client().Get(ctx, st.Location, st.ETag, st.LastModified)
	if err != nil {
		return err
	}
	if resp.NotModified {
		res.NotModified = true
		return nil
	}
	pg, err := feed.MainText(resp.Body, resp.ContentType, resp.URL)
	if err != nil {
		return fmt.Errorf("page %s: %w", st.Location, err)
	}
	sum := sha256.Sum256([]byte(pg.Text))
	hash := hex.EncodeToString(sum[:])
	if hash != st.ContentHash {
		r := trucewatch.Report{URL: st.Location, Outlet: st.Outlet, Language: language(st, pg.Language), Title: pg.Title,
			Text: pg.Text, Metadata: map[string]string{"source": st.Name}}
		published := p.now().UTC().Truncate(time.Second)
		if t, err := time.Parse(time.RFC3339, pg.Published); err == nil {
			published = t
		} else {
			r.Metadata["fetched"] = "yes" // Published is when the change was seen
		}
		r.Published = trucewatch.Published{Time: published}
		rep, err := reportfile.Compose("page "+st.Location, r)
		if err != nil {
			return err
		}
		rep.Origin = "source " + st.Name
		if err := p.add(ctx, []trucewatch.Report{rep}, res); err != nil {
			return err
		}
	}
	st.ContentHash = hash
	st.ETag, st.LastModified = resp.ETag, resp.LastModified
	return nil
}

// readFiles ingests the files of a watched folder (report files and
// Telegram exports, below it, hidden ones left out) or a Telegram export
// that are new or changed since they were read (by size and modification
// time). A file changed within Settle is left for the next round.
func (p *Poller) readFiles(ctx context.Context, st *store.LiveState, res *Result) error {
	seen, err := p.Store.LiveFiles(ctx, st.Name)
	if err != nil {
		return err
	}
	settle := p.Settle
	if settle == 0 {
		settle = 2 * time.Second
	}
	stamps := map[string]store.FileStamp{}
	var paths []string
	consider := func(path string, info fs.FileInfo) {
		stamp := store.FileStamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
		if seen[path] == stamp || (settle > 0 && p.now().Sub(info.ModTime()) < settle) {
			return
		}
		stamps[path] = stamp
		paths = append(paths, path)
	}
	info, err := os.Stat(st.Location)
	if err != nil {
		return err
	}
	if st.Kind == trucewatch.KindTelegram {
		consider(st.Location, info)
	} else {
		if !info.IsDir() {
			return fmt.Errorf("folder %s: not a directory", st.Location)
		}
		err := filepath.WalkDir(st.Location, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				res.Notes = append(res.Notes, err.Error())
				return nil
			case strings.HasPrefix(d.Name(), ".") && path != st.Location:
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			case d.IsDir() || !d.Type().IsRegular():
				return nil
			case !strings.HasSuffix(path, ".txt") && !strings.HasSuffix(path, ".json"):
				return nil
			}
			info, err := d.Info()
			if err == nil {
				consider(path, info)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if len(paths) == 0 {
		return nil
	}
	slices.Sort(paths)
	in := &ingest.Ingester{Store: p.Store, Telegram: telegram.Options{Language: st.Language, Outlet: st.Outlet, Username: st.Channel}}
	if st.Kind == trucewatch.KindFolder {
		in.Telegram.Outlet, in.Telegram.Username = "", "" // a folder's exports are of many channels
	}
	in.Report = func(r ingest.Result) {
		if r.Status == ingest.Rejected {
			res.Notes = append(res.Notes, r.Err.Error())
		}
	}
	var read []string
	for _, path := range paths {
		if st.Kind == trucewatch.KindFolder && strings.HasSuffix(path, ".json") {
			// Not a Telegram export (or not readable): not a report
			// either. Remembered, so that it is not read again until it
			// changes.
			if export, _ := telegram.DetectFile(path); !export {
				if err := p.Store.MarkLiveFile(ctx, st.Name, path, stamps[path]); err != nil {
					return err
				}
				continue
			}
		}
		read = append(read, path)
	}
	// In batches of files, one transaction a batch.
	for len(read) > 0 {
		n := min(len(read), 500)
		sum, err := in.Paths(ctx, read[:n])
		if err != nil {
			return err
		}
		res.New += sum.New
		res.Duplicate += sum.Duplicate
		res.Rejected += sum.Rejected
		// Marked after their reports are stored: a crash in between
		// reads the files again, and their reports are stored already.
		for _, path := range read[:n] {
			if err := p.Store.MarkLiveFile(ctx, st.Name, path, stamps[path]); err != nil {
				return err
			}
		}
		read = read[n:]
	}
	return nil
}

// Summary is one line of a result, for logs and poll's output.
func (r Result) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-20s %-8s ", r.Source, r.Kind)
	switch {
	case r.Err != nil:
		fmt.Fprintf(&b, "failed: %v", r.Err)
	case r.NotModified:
		b.WriteString("not modified")
	default:
		fmt.Fprintf(&b, "%d new, %d duplicate, %d rejected", r.New, r.Duplicate, r.Rejected)
	}
	return b.String()
}
