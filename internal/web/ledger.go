package web

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strings"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/auth"
)

// Ledger is what the transparency log's routes read (docs/ledger.md):
// ledger.Publisher answers it. Paths of tiles are relative to /log/, in
// the C2SP tlog-tiles layout.
type Ledger interface {
	// SignedCheckpoint is the current tree's checkpoint, a signed note.
	SignedCheckpoint(ctx context.Context) ([]byte, error)
	// Tile is the tile or entry bundle at path, and whether it is full
	// (it never changes); trucewatch.ErrNotFound when the tree has none.
	Tile(ctx context.Context, path string) (data []byte, full bool, err error)
	// LatestIndex is the log index of subject's latest record of kind.
	LatestIndex(ctx context.Context, kind, subject string) (int64, error)
	// ProofJSON is the inclusion proof of that record, with the signed
	// checkpoint of the tree it is proved in, as JSON.
	ProofJSON(ctx context.Context, kind, subject string) ([]byte, error)
	// CheckpointsJSON is a page of the checkpoint history, as JSON: up to
	// limit of the checkpoints kept of trees smaller than before (0: from
	// the newest), newest first; trucewatch.ErrInvalid for a bad before or
	// limit.
	CheckpointsJSON(ctx context.Context, before int64, limit int) ([]byte, error)
}

// History pages: defaultHistoryPage checkpoints unless asked, at most
// maxHistoryPage (those of ledger.Publisher).
const (
	defaultHistoryPage = 100
	maxHistoryPage     = 1000
)

// WithLedger publishes the transparency log under /log/ (serve does, given
// the signing key): without it those routes answer 404.
func WithLedger(l Ledger) Option { return func(s *Server) { s.ledger = l } }

// BundleFunc writes an incident's bundle: its evidence with the inclusion
// proofs of its records in a signed checkpoint, as JSON, checkable offline
// with the log's public key (docs/ledger.md, "Bundles");
// trucewatch.ErrNotFound for an unknown incident.
type BundleFunc func(ctx context.Context, incidentID string) ([]byte, error)

// WithBundles serves incidents' bundles at /log/bundle/{incident} and
// links them from the incident pages (serve does, with the log).
func WithBundles(b BundleFunc) Option { return func(s *Server) { s.bundle = b } }

// logRoutes are the transparency log's: read-only, a viewer's like every
// read (anyone's unless the server is private).
func (s *Server) logRoutes() []route {
	return []route{
		{"GET", "/log/checkpoint", auth.Viewer, s.logCheckpoint},
		{"GET", "/log/checkpoints", auth.Viewer, s.logCheckpoints},
		{"GET", "/log/tile/", auth.Viewer, s.logTile},
		{"GET", "/log/proof/{kind}/{id}", auth.Viewer, s.logProof},
		{"GET", "/log/bundle/{incident}", auth.Viewer, s.logBundle},
	}
}

// logBundle answers an incident's bundle as a file to save.
func (s *Server) logBundle(w http.ResponseWriter, r *http.Request) error {
	if s.bundle == nil {
		return trucewatch.ErrNotFound
	}
	id := r.PathValue("incident")
	b, err := s.bundle(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeFileName(id)+`.bundle.json"`)
	w.Header().Set("Cache-Control", "no-store") // signed now, of the tree now
	_, err = w.Write(b)
	return err
}

// safeFileName keeps the letters, digits, "-" and "_" of s, for a
// Content-Disposition file name.
func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, s)
}

func (s *Server) logCheckpoint(w http.ResponseWriter, r *http.Request) error {
	if s.ledger == nil {
		return trucewatch.ErrNotFound
	}
	b, err := s.ledger.SignedCheckpoint(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, err = w.Write(b)
	return err
}

// logCheckpoints answers a page of the checkpoint history, newest first:
// ?before=N (the tree size to list below) and ?limit=L.
func (s *Server) logCheckpoints(w http.ResponseWriter, r *http.Request) error {
	if s.ledger == nil {
		return trucewatch.ErrNotFound
	}
	q := query{r}
	before, err := q.int("before", 0, math.MaxInt)
	if err != nil {
		return err
	}
	limit, err := q.intIn("limit", defaultHistoryPage, 1, maxHistoryPage)
	if err != nil {
		return err
	}
	b, err := s.ledger.CheckpointsJSON(r.Context(), int64(before), limit)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_, err = w.Write(b)
	return err
}

func (s *Server) logTile(w http.ResponseWriter, r *http.Request) error {
	if s.ledger == nil {
		return trucewatch.ErrNotFound
	}
	b, full, err := s.ledger.Tile(r.Context(), strings.TrimPrefix(r.URL.Path, "/log/"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if full {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	_, err = w.Write(b)
	return err
}

// logProof answers the inclusion proof of a record's latest version:
// /log/proof/incident/{id}, /log/proof/report/{id}, ….
func (s *Server) logProof(w http.ResponseWriter, r *http.Request) error {
	if s.ledger == nil {
		return trucewatch.ErrNotFound
	}
	b, err := s.ledger.ProofJSON(r.Context(), r.PathValue("kind"), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}

// logRef is subject's latest record of kind in the log, for a page to
// show: nil without a log or a record (an error is logged, the page shown
// without it).
func (s *Server) logRef(ctx context.Context, kind, subject string) *logRef {
	if s.ledger == nil {
		return nil
	}
	idx, err := s.ledger.LatestIndex(ctx, kind, subject)
	if err != nil {
		if !errors.Is(err, trucewatch.ErrNotFound) {
			s.log.Warn("read the log index", "kind", kind, "subject", subject, "err", err)
		}
		return nil
	}
	return &logRef{Index: idx, Proof: "/log/proof/" + kind + "/" + url.PathEscape(subject)}
}
