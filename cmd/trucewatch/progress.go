package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how far a bulk run is: a bar on a terminal, a plain
// line every few seconds elsewhere (logs, pipes), nothing when off. It
// writes to stderr, so that stdout stays the run's result.
type progress struct {
	mode  string // bar, lines or none
	w     io.Writer
	bar   *progressbar.ProgressBar
	start time.Time
	last  time.Time // when the last line was written
	every time.Duration
	done  int
	total int
}

// newProgress picks the mode for --progress: auto is a bar when w is a
// terminal, else lines.
func newProgress(mode string, w io.Writer, what string) (*progress, error) {
	switch mode {
	case "auto":
		mode = "lines"
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			mode = "bar"
		}
	case "bar", "lines", "none":
	default:
		return nil, fmt.Errorf("%w: --progress %q: want auto, bar, lines or none", errUsage, mode)
	}
	p := &progress{mode: mode, w: w, start: time.Now(), every: 5 * time.Second}
	p.last = p.start
	if mode == "bar" {
		p.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(what),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("reports"),
			progressbar.OptionSetPredictTime(true), progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionFullWidth(),
			progressbar.OptionShowElapsedTimeOnFinish())
	}
	return p, nil
}

// set says done of total are through.
func (p *progress) set(done, total int) {
	p.done = done
	switch p.mode {
	case "bar":
		if total != p.total {
			p.bar.ChangeMax(total)
		}
		p.bar.Set(done)
	case "lines":
		if now := time.Now(); now.Sub(p.last) >= p.every {
			p.last = now
			p.line(done, total)
		}
	}
	p.total = total
}

func (p *progress) line(done, total int) {
	el := time.Since(p.start)
	rate := float64(done) / el.Seconds()
	fmt.Fprintf(p.w, "progress: %d of %d reports (%.0f%%), %.0f/s, %s elapsed", done, total,
		100*float64(done)/float64(max(total, 1)), rate, el.Round(time.Second))
	if rate > 0 && total > done {
		fmt.Fprintf(p.w, ", about %s left", (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second))
	}
	fmt.Fprintln(p.w)
}

// finish ends the bar, or writes the last line when lines were written.
func (p *progress) finish() {
	switch p.mode {
	case "bar":
		p.bar.Finish()
		fmt.Fprintln(p.w)
	case "lines":
		if p.last != p.start {
			p.line(p.done, p.total)
		}
	}
}
