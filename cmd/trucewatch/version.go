package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

type versionCmd struct {
	licenses bool
}

func (*versionCmd) name() string { return "version" }
func (*versionCmd) synopsis() string {
	return "print the version; --licenses lists the licences of the code and data it contains"
}
func (*versionCmd) usage() string { return "[flags]" }

func (c *versionCmd) setFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.licenses, "licenses", false, "list the modules and data built in, with their licences and attribution")
}

func (c *versionCmd) run(_ context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: version takes no arguments", errUsage)
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fmt.Errorf("no build information in this binary")
	}
	fmt.Fprintf(e.stdout, "trucewatch %s\n", describe(info))
	if c.licenses {
		writeLicenses(e.stdout, info)
	}
	return nil
}

// describe gives the module version, or the VCS revision of a development build.
func describe(info *debug.BuildInfo) string {
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	v := info.Main.Version
	if rev := settings["vcs.revision"]; rev != "" {
		v += " " + rev[:min(12, len(rev))]
		if settings["vcs.modified"] == "true" {
			v += "+modified"
		}
		if t := settings["vcs.time"]; t != "" {
			v += " " + t
		}
	}
	return v + " " + info.GoVersion
}

// moduleLicenses names the licence of each module trucewatch links, by
// module path prefix. A test checks that every linked module is listed.
var moduleLicenses = []struct{ prefix, license string }{
	{"github.com/jackc/", "MIT"},
	{"modernc.org/", "BSD-3-Clause"},
	{"golang.org/x/", "BSD-3-Clause"},
	{"github.com/google/uuid", "BSD-3-Clause"},
	{"github.com/dustin/go-humanize", "MIT"},
	{"github.com/mattn/go-isatty", "MIT"},
	{"github.com/ncruces/go-strftime", "MIT"},
	{"github.com/remyoudompheng/bigfft", "BSD-3-Clause"},
	{"github.com/blevesearch/snowballstem", "BSD-3-Clause"},
	{"github.com/prometheus/", "Apache-2.0"},
	{"github.com/beorn7/perks", "MIT"},
	{"github.com/cespare/xxhash/", "MIT"},
	{"github.com/munnerz/goautoneg", "BSD-3-Clause"},
	{"google.golang.org/protobuf", "BSD-3-Clause"},
	{"github.com/mmcdole/", "MIT"},
	{"codeberg.org/readeck/go-readability/", "MIT"},
	{"github.com/go-shiori/dom", "MIT"},
	{"github.com/andybalholm/cascadia", "BSD-2-Clause"},
	{"github.com/gogs/chardet", "MIT"},
	{"github.com/itlightning/dateparse", "MIT"},
	{"github.com/schollz/progressbar/", "MIT"},
	{"github.com/mitchellh/colorstring", "MIT"},
	{"github.com/rivo/uniseg", "MIT"},
	{"codeberg.org/go-pdf/fpdf", "MIT"},
}

func licenseOf(path string) string {
	for _, m := range moduleLicenses {
		if strings.HasPrefix(path, m.prefix) {
			return m.license
		}
	}
	return ""
}

func writeLicenses(w io.Writer, info *debug.BuildInfo) {
	fmt.Fprintln(w, "\nGo modules built into this binary (each keeps its own licence):")
	fmt.Fprintf(w, "  %-40s %-10s %s\n", "Go standard library", info.GoVersion, "BSD-3-Clause")
	for _, d := range info.Deps {
		m := d
		if d.Replace != nil {
			m = d.Replace
		}
		lic := licenseOf(m.Path)
		if lic == "" {
			lic = "see the module's LICENSE file"
		}
		fmt.Fprintf(w, "  %-40s %-10s %s\n", m.Path, m.Version, lic)
	}
	fmt.Fprintln(w, "\nData built into this binary:")
	fmt.Fprintln(w, "  Gazetteer places: GeoNames (https://www.geonames.org/), CC BY 4.0; cities500, with names and")
	fmt.Fprintln(w, "    first-level units derived by trucewatch (internal/geo/data/ATTRIBUTION.md).")
	fmt.Fprintln(w, "  First-level units and borders: Natural Earth (https://www.naturalearthdata.com/), public domain;")
	fmt.Fprintln(w, "    simplified, with Crimea and Sevastopol assigned to Ukraine (UN GA resolution 68/262).")
	fmt.Fprintln(w, "  Gazetteer supplement and stop words (internal/geo/data): written by the trucewatch authors, sources per row.")
	fmt.Fprintln(w, "  Example reports (examples/reports): written by the trucewatch authors; outlets and URLs are invented.")
	fmt.Fprintln(w, "  Agreement terms (agreements/*.json): compiled by the trucewatch authors from public statements named in each file.")
}
