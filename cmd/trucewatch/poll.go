package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/trucewatch/trucewatch/internal/feed"
	"github.com/trucewatch/trucewatch/internal/sources"
	"github.com/trucewatch/trucewatch/internal/store"
)

// pollFlags are how live sources are read, shared by poll and serve.
type pollFlags struct {
	every        time.Duration
	timeout      time.Duration
	maxBytes     int64
	maxRedirects int
	maxBackoff   time.Duration
}

func (f *pollFlags) register(fs *flag.FlagSet, every time.Duration, everyHelp string) {
	fs.DurationVar(&f.every, "poll-every", every, everyHelp)
	fs.DurationVar(&f.timeout, "fetch-timeout", 30*time.Second, "the longest a feed or page may take to answer, body included")
	fs.Int64Var(&f.maxBytes, "max-bytes", 5<<20, "the largest feed or page body read; larger ones are cut off with an error")
	fs.IntVar(&f.maxRedirects, "max-redirects", 5, "redirects followed at most (a loop is refused at once)")
	fs.DurationVar(&f.maxBackoff, "max-backoff", 6*time.Hour, "the longest pause after a source failed again and again")
}

func (f *pollFlags) poller(s *store.Store, e *env) *sources.Poller {
	return &sources.Poller{Store: s, Every: f.every, MaxBackoff: f.maxBackoff, Log: e.log,
		Client: &feed.Client{Timeout: f.timeout, MaxBytes: f.maxBytes, MaxRedirects: f.maxRedirects}}
}

type pollCmd struct {
	db      dbFlag
	sources string
	once    bool
	noWait  bool
	poll    pollFlags
}

func (*pollCmd) name() string { return "poll" }
func (*pollCmd) synopsis() string {
	return "read the live sources (feeds, pages, folders, Telegram exports: trucewatch sources) and analyse what is new"
}
func (*pollCmd) usage() string { return "[--once] [flags]" }

func (c *pollCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.sources, "sources", "", "a source registry file (TSV) to add to the shipped one")
	fs.BoolVar(&c.once, "once", false, "read every source once, analyse, and stop")
	fs.BoolVar(&c.noWait, "no-wait", false, "store and queue only; a worker or a running serve analyses")
	c.poll.register(fs, 10*time.Minute, "the pause between two reads of a source (after failures it grows, doubling)")
}

func (c *pollCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: poll takes no arguments", errUsage)
	}
	s, p, _, err := openPipeline(ctx, e, &c.db, c.sources)
	if err != nil {
		return err
	}
	defer s.Close()
	poller := c.poll.poller(s, e)
	round := func(force bool) (failed int, err error) {
		res, err := poller.Poll(ctx, force)
		for _, r := range res {
			fmt.Fprintln(e.stdout, r.Summary())
			for _, n := range r.Notes {
				fmt.Fprintf(e.stdout, "  %s\n", n)
			}
			if r.Err != nil {
				failed++
			}
		}
		if err != nil {
			return failed, err
		}
		if !c.noWait {
			return failed, drain(ctx, e, p)
		}
		return failed, nil
	}
	if c.once {
		failed, err := round(true)
		if err != nil {
			return err
		}
		if failed > 0 {
			return errPartial
		}
		return nil
	}
	fmt.Fprintf(e.stdout, "polling the live sources (each every %s); stop with Ctrl-C\n", c.poll.every)
	for ctx.Err() == nil {
		if _, err := round(false); err != nil && ctx.Err() == nil {
			e.log.Warn("poll", "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
	return nil
}
