package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/reportfile"
	"github.com/trucewatch/trucewatch/internal/store"
)

// sourcesCmd manages the live sources: feeds, pages, watched folders and
// Telegram exports that serve and poll read (docs/sources.md).
type sourcesCmd struct {
	db                           dbFlag
	feed, page, folder, telegram string
	outlet, affiliation, party   string
	lang, home, notes, channel   string
	asJSON                       bool
}

func (*sourcesCmd) name() string { return "sources" }
func (*sourcesCmd) synopsis() string {
	return "manage live sources: sources add NAME --feed URL | --page URL | --folder DIR | --telegram-export FILE; sources list; sources remove NAME"
}
func (*sourcesCmd) usage() string {
	return "add NAME (--feed URL | --page URL | --folder DIR | --telegram-export FILE) [--outlet NAME --affiliation A --party P --lang L] | list [--json] | remove NAME"
}

func (c *sourcesCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.feed, "feed", "", "an RSS 1.0/2.0, Atom or JSON Feed URL, polled")
	fs.StringVar(&c.page, "page", "", "a web page URL: its main text is a report each time it changes")
	fs.StringVar(&c.folder, "folder", "", "a directory: report files (*.txt) and Telegram exports (*.json) that appear in it are ingested")
	fs.StringVar(&c.telegram, "telegram-export", "", "a Telegram channel export (result.json), read again whenever it changes")
	fs.StringVar(&c.outlet, "outlet", "", "the outlet its reports carry (feeds and pages; a folder's files and Telegram exports name their own)")
	fs.StringVar(&c.affiliation, "affiliation", "", "who the outlet answers to: state_media, official, independent, wire, other (enters it in the source registry)")
	fs.StringVar(&c.party, "party", "", "the party a state_media or official outlet answers to: RU, UA, ...")
	fs.StringVar(&c.lang, "lang", "", "the language of its reports (de, en, uk, ru), when they do not say")
	fs.StringVar(&c.channel, "channel", "", "a Telegram export's channel username, for https://t.me/CHANNEL/ID links (exports do not carry it; without it links are https://t.me/c/CHANNEL-ID/ID)")
	fs.StringVar(&c.home, "url", "", "the outlet's home page, for the registry")
	fs.StringVar(&c.notes, "notes", "", "a note for the registry")
	fs.BoolVar(&c.asJSON, "json", false, "list as JSON")
}

func (c *sourcesCmd) run(ctx context.Context, e *env, args []string) error {
	verb, args, err := subcommand("sources", "add, list or remove", args, map[string]int{"add": 1, "list": 0, "remove": 1})
	if err != nil {
		return err
	}
	var src trucewatch.LiveSource
	if verb == "add" {
		if src, err = c.source(args[0]); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	switch verb {
	case "add":
		if src.Affiliation == "" && src.Outlet != "" {
			if reg, err := loadRegistry(ctx, s, ""); err == nil {
				if _, ok := reg.Lookup(src.Outlet); !ok {
					fmt.Fprintf(e.stderr, "note: the source registry does not know %q; give --affiliation (and --party) so that provenance does\n", src.Outlet)
				}
			}
		}
		if _, err := s.AddLiveSource(ctx, src); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added %s (%s %s); serve --poll-every or trucewatch poll reads it\n", src.Name, src.Kind, src.Location)
	case "remove":
		if err := s.RemoveLiveSource(ctx, args[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "removed %s; its reports stay, and its outlet stays in the registry\n", args[0])
	case "list":
		list, err := s.LiveSources(ctx)
		if err != nil {
			return err
		}
		if c.asJSON {
			return writeSourcesJSON(e, list)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tKIND\tLOCATION\tOUTLET\tAFFILIATION\tLANG\tSTORED\tLAST READ\tERROR")
		for _, l := range list {
			polled := "-"
			if !l.Polled.IsZero() {
				polled = l.Polled.Format(time.RFC3339)
			}
			aff := string(l.Affiliation)
			if l.Party != "" {
				aff += " " + string(l.Party)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", l.Name, l.Kind, l.Location, dash(l.Outlet), dash(aff),
				dash(l.Language), l.Stored, polled, dash(l.LastError))
		}
		return tw.Flush()
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// source is the live source the add flags describe.
func (c *sourcesCmd) source(name string) (trucewatch.LiveSource, error) {
	src := trucewatch.LiveSource{Name: name, Source: trucewatch.Source{Outlet: c.outlet, URL: c.home, Notes: c.notes}}
	if err := trucewatch.ValidSourceName(name); err != nil {
		return src, err
	}
	set := 0
	for _, k := range []struct {
		kind trucewatch.SourceKind
		v    string
	}{{trucewatch.KindFeed, c.feed}, {trucewatch.KindPage, c.page}, {trucewatch.KindFolder, c.folder}, {trucewatch.KindTelegram, c.telegram}} {
		if k.v != "" {
			src.Kind, src.Location = k.kind, k.v
			set++
		}
	}
	if set != 1 {
		return src, fmt.Errorf("give one of --feed, --page, --folder, --telegram-export")
	}
	switch src.Kind {
	case trucewatch.KindFeed, trucewatch.KindPage:
		u, err := url.Parse(src.Location)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return src, fmt.Errorf("--%s %q: want an http or https URL", src.Kind, src.Location)
		}
	default:
		abs, err := filepath.Abs(src.Location)
		if err != nil {
			return src, err
		}
		info, err := os.Stat(abs)
		if err != nil {
			return src, err
		}
		if (src.Kind == trucewatch.KindFolder) != info.IsDir() {
			return src, fmt.Errorf("%s: want a %s", abs, map[bool]string{true: "directory", false: "file"}[src.Kind == trucewatch.KindFolder])
		}
		src.Location = abs
	}
	if c.channel != "" {
		if src.Kind != trucewatch.KindTelegram {
			return src, fmt.Errorf("--channel is for --telegram-export sources")
		}
		src.Channel = strings.TrimPrefix(c.channel, "@")
	}
	if c.lang != "" {
		l, err := reportfile.ParseLanguage(c.lang)
		if err != nil {
			return src, fmt.Errorf("--lang: %v", err)
		}
		src.Language = l
	}
	if c.affiliation != "" {
		a, err := trucewatch.ParseAffiliation(c.affiliation)
		if err != nil {
			return src, fmt.Errorf("--affiliation: %v", err)
		}
		src.Affiliation = a
		if c.outlet == "" {
			return src, fmt.Errorf("--affiliation needs --outlet")
		}
	}
	if c.party != "" {
		p, err := trucewatch.ParseParty(c.party)
		if err != nil {
			return src, fmt.Errorf("--party: %v", err)
		}
		src.Party = p
		if c.affiliation == "" {
			return src, fmt.Errorf("--party needs --affiliation")
		}
	}
	if (src.Affiliation == trucewatch.AffiliationStateMedia || src.Affiliation == trucewatch.AffiliationOfficial) && src.Party == "" {
		return src, fmt.Errorf("--affiliation %s needs --party (RU, UA, ...)", src.Affiliation)
	}
	return src, nil
}

// sourceJSON is a row of sources list --json.
type sourceJSON struct {
	Name         string     `json:"name"`
	Kind         string     `json:"kind"`
	Location     string     `json:"location"`
	Outlet       string     `json:"outlet"`
	Affiliation  string     `json:"affiliation"`
	Party        string     `json:"party"`
	Language     string     `json:"language"`
	Channel      string     `json:"channel,omitempty"`
	Added        time.Time  `json:"added"`
	LastRead     *time.Time `json:"last_read"`
	NextRead     *time.Time `json:"next_read"`
	Failures     int        `json:"failures"`
	LastError    string     `json:"last_error"`
	Stored       int64      `json:"stored"`
	ETag         string     `json:"etag,omitempty"`
	LastModified string     `json:"last_modified,omitempty"`
}

func writeSourcesJSON(e *env, list []store.LiveState) error {
	out := []sourceJSON{}
	opt := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		return &t
	}
	for _, l := range list {
		out = append(out, sourceJSON{Name: l.Name, Kind: string(l.Kind), Location: l.Location, Outlet: l.Outlet,
			Affiliation: string(l.Affiliation), Party: string(l.Party), Language: l.Language, Channel: l.Channel, Added: l.Added,
			LastRead: opt(l.Polled), NextRead: opt(l.NextPoll), Failures: l.Failures, LastError: l.LastError,
			Stored: l.Stored, ETag: l.ETag, LastModified: l.LastModified})
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
