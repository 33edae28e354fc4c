package web

import (
	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// placeName is a place's name in the language l: a country's from the
// catalogues (party.*), any other's from the gazetteer's names
// (geo.Gazetteer.LocalName, docs/gazetteer.md "Names in other languages"),
// in English too: the gazetteer's tables name units fully (Sumy Oblast,
// where the stored name is Sumy); the stored English name when the
// gazetteer has no such place.
func (s *Server) placeName(l i18n.Lang, p trucewatch.Place) string {
	if p.Precision == trucewatch.PlaceCountry {
		return s.printers[l].Vocab("party.", string(p.Country))
	}
	if s.gaz == nil {
		return p.Name
	}
	return s.gaz.LocalName(p.ID, string(l), p.Name)
}
