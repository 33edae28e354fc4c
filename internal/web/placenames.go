package web

import (
	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/i18n"
)

// placeName is a place's name in the language l.
func (s *Server) placeName(l i18n.Lang, p trucewatch.Place) string {
	_ = l
	return p.Name
}
