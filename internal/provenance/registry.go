// Package provenance tells where a claim comes from: the source registry
// (who each outlet answers to), wire copies and near-duplicates (forty
// outlets running one agency text are one source), and citations traced to
// the outlet or officials they quote. An incident's origins are the
// independent sources behind its claims.
package provenance

import (
	_ "embed"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// defaultRegistry is the registry shipped with trucewatch: well-known
// outlets of the war's coverage and the example corpus's invented ones.
//
//go:embed registry.tsv
var defaultRegistry string

// Registry is the source registry: outlets by name and alias.
type Registry struct {
	sources []trucewatch.Source
	names   [][]string     // each source's aliases, as written
	aliases map[string]int // normalised name or alias → source
}

// Default returns the shipped registry.
func Default() (*Registry, error) { return Parse("registry.tsv", defaultRegistry) }

// Load reads a registry file over base: its rows add outlets or replace
// base's rows of the same name.
func Load(path string, base *Registry) (*Registry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read source registry: %w", err)
	}
	r, err := Parse(path, string(b))
	if err != nil {
		return nil, err
	}
	if base == nil {
		return r, nil
	}
	merged := &Registry{aliases: map[string]int{}}
	for _, from := range []*Registry{base, r} {
		for i, s := range from.sources {
			merged.add(s, from.names[i])
		}
	}
	return merged, nil
}

// With returns the registry with sources added, each replacing r's entry
// of the same outlet name (or alias) and keeping its aliases. Sources of
// unknown affiliation are left out: they say nothing (the store's
// registry table holds every outlet ingest saw, most of them unknown). r
// is not changed.
func (r *Registry) With(sources []trucewatch.Source) *Registry {
	merged := &Registry{aliases: map[string]int{}}
	for i, s := range r.sources {
		merged.add(s, slices.Clone(r.names[i]))
	}
	for _, s := range sources {
		if s.Outlet == "" || s.Affiliation == "" || s.Affiliation == trucewatch.AffiliationUnknown {
			continue
		}
		if i, ok := merged.aliases[lang.Normalise(s.Outlet)]; ok {
			// An alias of a known outlet names that outlet: it is
			// replaced under its own name, and keeps its URL unless a
			// new one is given.
			old := merged.sources[i]
			s.Outlet = old.Outlet
			if s.URL == "" {
				s.URL = old.URL
			}
		}
		merged.add(s, nil)
	}
	return merged
}

// Sources lists the registry's entries in the order they were added.
func (r *Registry) Sources() []trucewatch.Source { return slices.Clone(r.sources) }

// Parse reads a registry: tab-separated lines of outlet, aliases
// ("|"-separated), url, affiliation, party, notes, after a header line.
// Errors name the file, line and field.
func Parse(name, text string) (*Registry, error) {
	r := &Registry{aliases: map[string]int{}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' || n == 0 && strings.HasPrefix(line, "outlet\t") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 6 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 6 (outlet, aliases, url, affiliation, party, notes): %w", name, n+1, len(c), trucewatch.ErrInvalid)
		}
		aff, err := trucewatch.ParseAffiliation(c[3])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
		}
		s := trucewatch.Source{Outlet: c[0], URL: c[2], Affiliation: aff, Notes: c[5]}
		if c[4] != "" {
			if s.Party, err = trucewatch.ParseParty(c[4]); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
			}
		}
		var aliases []string
		if c[1] != "" {
			aliases = strings.Split(c[1], "|")
		}
		r.add(s, aliases)
	}
	return r, nil
}

func (r *Registry) add(s trucewatch.Source, aliases []string) {
	i, ok := r.aliases[lang.Normalise(s.Outlet)]
	if ok {
		r.sources[i] = s
		r.names[i] = append(r.names[i], aliases...)
	} else {
		i = len(r.sources)
		r.sources = append(r.sources, s)
		r.names = append(r.names, aliases)
	}
	for _, a := range append([]string{s.Outlet}, aliases...) {
		r.aliases[lang.Normalise(a)] = i
	}
}

// Lookup finds an outlet by its name or an alias, in any case.
func (r *Registry) Lookup(name string) (trucewatch.Source, bool) {
	i, ok := r.aliases[lang.Normalise(name)]
	if !ok {
		return trucewatch.Source{}, false
	}
	return r.sources[i], true
}

// Find returns the registered outlet whose name or alias occurs in text
// (a citation such as "berichtete die Zeitung Kyiv Independent" or a
// dateline "(BWS)"), preferring the longest name.
func (r *Registry) Find(text string) (trucewatch.Source, bool) {
	norm := " " + lang.Normalise(text) + " "
	best, bestLen := -1, 0
	for alias, i := range r.aliases {
		if len(alias) > bestLen && strings.Contains(norm, " "+alias+" ") {
			best, bestLen = i, len(alias)
		}
	}
	if best < 0 {
		return trucewatch.Source{}, false
	}
	return r.sources[best], true
}
