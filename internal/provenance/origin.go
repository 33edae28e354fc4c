package provenance

import (
	"slices"
	"strings"

	"github.com/trucewatch/trucewatch"
)

// Tracer finds the origin of claims: the registry, the reports by ID and
// their copy families (from Copies).
type Tracer struct {
	Registry *Registry
	Reports  map[string]trucewatch.Report
	CopyOf   map[string]string
}

// Origin returns where a claim comes from:
//   - a party's officials, when the claim is theirs ("sagte Selenskyj");
//   - the outlet a report cites ("citing the Kyiv Independent");
//   - the wire agency of a dateline ("Kiew (BWS) –") or of the first report
//     of a family of copies;
//   - else the report's own outlet.
func (t Tracer) Origin(c trucewatch.Claim) trucewatch.Origin {
	rep := t.Reports[c.ReportID]
	var claimant trucewatch.Claimant
	if c.Incident != nil {
		claimant = c.Incident.Claimant
	}
	if p, ok := claimant.Party(); ok {
		return trucewatch.Origin{Outlet: trucewatch.OfficialsOf(p), Affiliation: trucewatch.AffiliationOfficial, Party: p}
	}
	if claimant == trucewatch.ClaimantOther {
		// A third party the registry knows (an agency, the IAEA) keeps its
		// affiliation; an unnamed or unknown speaker counts for nothing.
		if s, ok := t.Registry.Find(c.Speaker); ok && c.Speaker != "" {
			return originOf(s)
		}
		name := c.Speaker
		if name == "" {
			name = trucewatch.UnnamedSpeakerIn(rep.Outlet)
		}
		return trucewatch.Origin{Outlet: name, Affiliation: trucewatch.AffiliationUnknown}
	}
	if c.Speaker != "" {
		if s, ok := t.Registry.Find(c.Speaker); ok && !strings.EqualFold(s.Outlet, rep.Outlet) {
			return originOf(s)
		}
	}
	if first, ok := t.CopyOf[rep.ID]; ok && first != rep.ID {
		rep = t.Reports[first]
	}
	if s, ok := t.dateline(rep); ok {
		return originOf(s)
	}
	if s, ok := t.Registry.Lookup(rep.Outlet); ok {
		return originOf(s)
	}
	return trucewatch.Origin{Outlet: rep.Outlet, Affiliation: trucewatch.AffiliationUnknown}
}

// dateline finds a wire agency named at the start of a report: "KYIV,
// March 19 (BWS) -", "Kiew (dpa) –".
func (t Tracer) dateline(rep trucewatch.Report) (trucewatch.Source, bool) {
	head := rep.Text
	if len(head) > 120 {
		head = head[:120]
	}
	open := strings.IndexByte(head, '(')
	if open < 0 {
		return trucewatch.Source{}, false
	}
	end := strings.IndexByte(head[open:], ')')
	if end < 0 {
		return trucewatch.Source{}, false
	}
	s, ok := t.Registry.Lookup(head[open+1 : open+end])
	return s, ok && s.Affiliation == trucewatch.AffiliationWire
}

func originOf(s trucewatch.Source) trucewatch.Origin {
	return trucewatch.Origin{Outlet: s.Outlet, Affiliation: s.Affiliation, Party: s.Party}
}

// Origins returns an incident's independent origins: the distinct origins
// of its claims, each with the reports that carry it.
func (t Tracer) Origins(claims []trucewatch.Claim) []trucewatch.Origin {
	origins := make([]trucewatch.Origin, len(claims))
	for i, c := range claims {
		origins[i] = t.Origin(c)
	}
	return Merge(claims, origins)
}

// Merge folds the origins of claims (origins[i] is that of claims[i]) into
// the distinct origins, each with the reports that carry it.
func Merge(claims []trucewatch.Claim, origins []trucewatch.Origin) []trucewatch.Origin {
	var out []trucewatch.Origin
	for k, c := range claims {
		o := origins[k]
		i := slices.IndexFunc(out, func(x trucewatch.Origin) bool { return x.Outlet == o.Outlet })
		if i < 0 {
			out = append(out, o)
			i = len(out) - 1
		}
		if !slices.Contains(out[i].ReportIDs, c.ReportID) {
			out[i].ReportIDs = append(out[i].ReportIDs, c.ReportID)
		}
	}
	return out
}
