package ledger

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
)

// The log is published in the C2SP tlog-tiles layout (c2sp.org/tlog-tiles),
// under a prefix (the server's /log/):
//
//	checkpoint                  the signed checkpoint
//	tile/<L>/<N>[.p/<W>]        a Merkle tile: the hashes of 256 (or W) nodes
//	                            at tree level 8·L, 32 bytes each, in order
//	tile/entries/<N>[.p/<W>]    an entry bundle: records 256·N to 256·N+W-1,
//	                            each a big-endian uint16 length and its leaf
//
// <N> is written in groups of three digits, all but the last prefixed
// with "x" (1234067 is x001/x234/067). Tiles are 8 levels high, so their
// hashes are tlog's tiles of height 8 (tlog.Tile{H: 8}); only the paths
// differ from the Go checksum database's (which put the height in the
// path and its entries under "data").

// TileHeight is the height of the published tiles, fixed by tlog-tiles.
const TileHeight = 8

// TilePath is the path of t (of height TileHeight; L = -1 for an entry
// bundle), relative to the log's prefix.
func TilePath(t tlog.Tile) string {
	level := strconv.Itoa(t.L)
	if t.L < 0 {
		level = "entries"
	}
	groups := []string{fmt.Sprintf("%03d", t.N%1000)}
	for n := t.N / 1000; n > 0; n /= 1000 {
		groups = append(groups, fmt.Sprintf("x%03d", n%1000))
	}
	slices.Reverse(groups)
	var b strings.Builder
	b.WriteString("tile/" + level + "/" + strings.Join(groups, "/"))
	if t.W < 1<<TileHeight {
		fmt.Fprintf(&b, ".p/%d", t.W)
	}
	return b.String()
}

// ParseTilePath reads a path TilePath writes (the entry bundles with
// L = -1), refusing any other spelling.
func ParseTilePath(path string) (tlog.Tile, error) {
	bad := func() (tlog.Tile, error) {
		return tlog.Tile{}, fmt.Errorf("tile path %q: %w", path, trucewatch.ErrInvalid)
	}
	rest, ok := strings.CutPrefix(path, "tile/")
	if !ok {
		return bad()
	}
	levelText, rest, ok := strings.Cut(rest, "/")
	if !ok {
		return bad()
	}
	t := tlog.Tile{H: TileHeight, W: 1 << TileHeight}
	if levelText == "entries" {
		t.L = -1
	} else {
		l, err := strconv.Atoi(levelText)
		if err != nil || l < 0 || l > 63 || strconv.Itoa(l) != levelText {
			return bad()
		}
		t.L = l
	}
	if i := strings.Index(rest, ".p/"); i >= 0 {
		w, err := strconv.Atoi(rest[i+3:])
		if err != nil || w < 1 || w >= 1<<TileHeight || strconv.Itoa(w) != rest[i+3:] {
			return bad()
		}
		t.W, rest = w, rest[:i]
	}
	parts := strings.Split(rest, "/")
	for i, p := range parts {
		last := i == len(parts)-1
		if !last {
			if p, ok = strings.CutPrefix(p, "x"); !ok {
				return bad()
			}
		}
		if len(p) != 3 || strings.Trim(p, "0123456789") != "" {
			return bad()
		}
		d, _ := strconv.Atoi(p)
		t.N = t.N*1000 + int64(d)
		if t.N > 1<<52 {
			return bad()
		}
	}
	if TilePath(t) != path {
		return bad() // not the one spelling, e.g. a leading x000
	}
	return t, nil
}

// Tile returns the bytes of the tile or entry bundle at path (relative to
// the log's prefix) in the tree of size n, and whether the tile is full
// (full tiles never change: they can be cached for good). A tile whose
// nodes are not all in that tree is trucewatch.ErrNotFound.
func (l *Log) Tile(ctx context.Context, n int64, path string) ([]byte, bool, error) {
	t, err := ParseTilePath(path)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", err, trucewatch.ErrNotFound)
	}
	full := t.W == 1<<TileHeight
	if t.L < 0 {
		first, last := t.N<<TileHeight, t.N<<TileHeight+int64(t.W)
		if last > n {
			return nil, false, fmt.Errorf("entry bundle %s: the tree has %d records: %w", path, n, trucewatch.ErrNotFound)
		}
		rows, err := l.db.QueryContext(ctx, `SELECT idx, kind, record_key, hash FROM ledger_records WHERE idx >= $1 AND idx < $2 ORDER BY idx`, first, last)
		if err != nil {
			return nil, false, fmt.Errorf("read entry bundle %s: %w", path, err)
		}
		defer rows.Close()
		var out []byte
		next := first
		for rows.Next() {
			var idx int64
			var r Record
			var h string
			if err := rows.Scan(&idx, &r.Kind, &r.Key, &h); err != nil {
				return nil, false, fmt.Errorf("read entry bundle %s: %w", path, err)
			}
			if idx != next {
				return nil, false, fmt.Errorf("read entry bundle %s: record %d is missing", path, next)
			}
			if err := decodeHash(&r.Hash, h); err != nil {
				return nil, false, fmt.Errorf("read entry bundle %s: record %d: %w", path, idx, err)
			}
			leaf := r.Leaf()
			if len(leaf) > 0xFFFF {
				return nil, false, fmt.Errorf("read entry bundle %s: record %d is longer than 65,535 bytes", path, idx)
			}
			out = binary.BigEndian.AppendUint16(out, uint16(len(leaf)))
			out = append(out, leaf...)
			next++
		}
		if err := rows.Err(); err != nil {
			return nil, false, fmt.Errorf("read entry bundle %s: %w", path, err)
		}
		if next != last {
			return nil, false, fmt.Errorf("read entry bundle %s: record %d is missing", path, next)
		}
		return out, full, nil
	}
	// The tile's last node, at tree level 8·L, covers records up to
	// (N·256+W) << 8·L; it is stored once the tree holds them all.
	if shift := uint(TileHeight * t.L); shift > 62 || (t.N<<TileHeight+int64(t.W)) > n>>shift {
		return nil, false, fmt.Errorf("tile %s: not in the tree of %d records: %w", path, n, trucewatch.ErrNotFound)
	}
	data, err := tlog.ReadTileData(t, l.Reader(ctx))
	if err != nil {
		return nil, false, fmt.Errorf("read tile %s: %w", path, err)
	}
	return data, full, nil
}

// ParseEntryBundle splits an entry bundle into its leaves.
func ParseEntryBundle(data []byte) ([][]byte, error) {
	var out [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			return nil, fmt.Errorf("entry bundle: %d bytes left, too few for a length: %w", len(data), trucewatch.ErrInvalid)
		}
		n := int(binary.BigEndian.Uint16(data))
		if len(data) < 2+n {
			return nil, fmt.Errorf("entry bundle: entry %d is cut short: %w", len(out), trucewatch.ErrInvalid)
		}
		out = append(out, data[2:2+n])
		data = data[2+n:]
	}
	return out, nil
}

// HTTPTiles reads a published log's tiles over HTTP, from the prefix
// base (e.g. "https://monitor.example.org/log/"). It is a tlog.TileReader:
// tlog.TileHashReader checks every tile it reads against a tree hash, so
// nothing read here is trusted before it is checked. Tiles it has checked
// are kept in memory and read from there again (checked again each time
// against the tree asked about): every full tile, and of the partial
// tiles (the right edge of one tree) only the last read at each place, so
// that proofs against one tree share its tiles and the memory held grows
// with the log, not with the number of trees checked. Requests counts the
// requests made.
type HTTPTiles struct {
	Base   string
	Client *http.Client
	Ctx    context.Context
	Token  string // sent as a bearer token when set (a private server's viewer)

	mu       sync.Mutex
	full     map[tlog.Tile][]byte
	partial  map[[2]int64]partialTile // by level and index
	requests int
}

type partialTile struct {
	w    int
	data []byte
}

var _ tlog.TileReader = (*HTTPTiles)(nil)

func (h *HTTPTiles) Height() int { return TileHeight }

// saved is a tile kept, if it is.
func (h *HTTPTiles) saved(t tlog.Tile) ([]byte, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if t.W == 1<<TileHeight {
		b, ok := h.full[t]
		return b, ok
	}
	p, ok := h.partial[[2]int64{int64(t.L), t.N}]
	if !ok || p.w != t.W {
		return nil, false
	}
	return p.data, true
}

// ReadTiles fetches each tile it has not kept.
func (h *HTTPTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		if b, ok := h.saved(t); ok {
			out[i] = b
			continue
		}
		b, err := h.Get(TilePath(t))
		if err != nil {
			return nil, err
		}
		if len(b) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("tile %s: %d bytes, want %d", TilePath(t), len(b), t.W*tlog.HashSize)
		}
		out[i] = b
	}
	return out, nil
}

// SaveTiles keeps the tiles tlog has checked, in memory: the full ones,
// and the last partial one at each place.
func (h *HTTPTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.full == nil {
		h.full, h.partial = map[tlog.Tile][]byte{}, map[[2]int64]partialTile{}
	}
	for i, t := range tiles {
		if t.W == 1<<TileHeight {
			h.full[t] = data[i]
		} else {
			h.partial[[2]int64{int64(t.L), t.N}] = partialTile{t.W, data[i]}
		}
	}
}

// Requests is how many requests h has made.
func (h *HTTPTiles) Requests() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.requests
}

// Get fetches path, relative to the prefix; a query after "?" is sent as
// it is. A 404 wraps trucewatch.ErrNotFound.
func (h *HTTPTiles) Get(path string) ([]byte, error) {
	path, query, _ := strings.Cut(path, "?")
	u, err := url.JoinPath(h.Base, path)
	if err != nil {
		return nil, fmt.Errorf("log URL %q: %w", h.Base, err)
	}
	if query != "" {
		u += "?" + query
	}
	ctx := h.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if h.Token != "" {
		req.Header.Set("Authorization", "Bearer "+h.Token)
	}
	c := h.Client
	if c == nil {
		c = http.DefaultClient
	}
	h.mu.Lock()
	h.requests++
	h.mu.Unlock()
	resp, err := c.Do(req)
	// A server that limits its rate (429) says when to come back: a
	// history of many checkpoints takes many requests.
	for tries := 0; err == nil && resp.StatusCode == http.StatusTooManyRequests && tries < 5; tries++ {
		wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		resp.Body.Close()
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("fetch %s: %w", u, ctx.Err())
		case <-time.After(time.Duration(min(max(wait, 1), 30)) * time.Second):
		}
		resp, err = c.Do(req)
	}
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, fmt.Errorf("fetch %s: %s: %w", u, resp.Status, trucewatch.ErrNotFound)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: %s", u, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<24))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	return b, nil
}
