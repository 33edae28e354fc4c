package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
)

// TestLogRoutes: with the ledger, the server publishes the signed
// checkpoint, the tiles and entry bundles in the tlog-tiles layout and
// each record's inclusion proof, and the incident page shows the
// incident's log index and links its proof; a private server asks for an
// account first; without the ledger the routes answer 404 and the page
// shows no index.
func TestLogRoutes(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	p, g := testPipeline(t, st)
	addTexts(t, st, p, "Outlet: Test Wire\nLanguage: en\nPublished: 2025-03-19\n\nDrones hit a hospital in Sumy overnight, the regional administration said.")
	skey, vkey, err := ledger.NewKey("monitor.example/ledger")
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := note.NewSigner(skey)
	verifier, _ := note.NewVerifier(vkey)
	serve := func(opts ...Option) *httptest.Server {
		srv, err := New(st, st.index, g, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), append([]Option{WithAccounts(st), WithLimits(Limits{})}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		return ts
	}
	pub := WithLedger(ledger.Publisher{Log: st.Ledger(), Signer: signer})
	ts := serve(pub)

	tree, err := st.Ledger().Tree(ctx)
	if err != nil || tree.N == 0 || tree.N >= 256 {
		t.Fatalf("tree %+v, %v: want a few records", tree, err)
	}
	code, body := get(t, ts.URL+"/log/checkpoint")
	cp, err := ledger.VerifyCheckpoint([]byte(body), verifier)
	if code != 200 || err != nil || cp.Tree != tree {
		t.Fatalf("/log/checkpoint: %d %q %v; want the signed tree %+v", code, body, err, tree)
	}
	// The history holds the checkpoint just served, newest first; bad
	// paging is a 400 naming the parameter.
	if defaultHistoryPage != ledger.DefaultHistoryPage || maxHistoryPage != ledger.MaxHistoryPage {
		t.Errorf("history pages %d, %d here and %d, %d in the ledger", defaultHistoryPage, maxHistoryPage, ledger.DefaultHistoryPage, ledger.MaxHistoryPage)
	}
	code, body = get(t, ts.URL+"/log/checkpoints")
	var history ledger.History
	if code != 200 || json.Unmarshal([]byte(body), &history) != nil || len(history.Checkpoints) != 1 || history.Checkpoints[0].TreeSize != tree.N || history.Next != "" {
		t.Fatalf("/log/checkpoints: %d %s; want the checkpoint of %d records", code, body, tree.N)
	}
	if hcp, err := ledger.VerifyCheckpoint([]byte(history.Checkpoints[0].Checkpoint), verifier); err != nil || hcp.Tree != tree {
		t.Errorf("/log/checkpoints: the checkpoint %+v, %v; want the tree %+v signed", hcp, err, tree)
	}
	for _, q := range []string{"?limit=0", "?limit=1001", "?before=-1", "?before=x"} {
		code, body := get(t, ts.URL+"/log/checkpoints"+q)
		if code != http.StatusBadRequest {
			t.Errorf("/log/checkpoints%s: %d %s, want 400", q, code, body)
		}
		if strings.HasPrefix(q, "?limit") && !strings.Contains(body, "from 1 to 1000") {
			t.Errorf("/log/checkpoints%s: %s, want the range of limits, from 1 to 1000", q, body)
		}
	}
	if code, body := get(t, ts.URL+"/log/checkpoints?before="+itoa(tree.N)); code != 200 || !strings.Contains(body, `"checkpoints": []`) {
		t.Errorf("/log/checkpoints below the only one: %d %s, want none", code, body)
	}
	partial := ledger.TilePath(tlogTile(0, int(tree.N)))
	entries := ledger.TilePath(tlogTile(-1, int(tree.N)))
	for _, tt := range []struct {
		path string
		code int
		size int
	}{
		{"/log/" + partial, 200, int(tree.N) * 32},
		{"/log/tile/0/000", 404, 0},
		{"/log/tile/0/001.p/1", 404, 0},
		{"/log/tile/nope", 404, 0},
		{"/log/" + entries, 200, -1},
	} {
		resp, err := http.Get(ts.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.code || (tt.size >= 0 && tt.code == 200 && len(b) != tt.size) {
			t.Errorf("%s: %d, %d bytes; want %d, %d bytes", tt.path, resp.StatusCode, len(b), tt.code, tt.size)
		}
		if tt.code == 200 && resp.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: a partial tile's Cache-Control is %q", tt.path, resp.Header.Get("Cache-Control"))
		}
		if tt.size < 0 && tt.code == 200 {
			if leaves, err := ledger.ParseEntryBundle(b); err != nil || int64(len(leaves)) != tree.N {
				t.Errorf("%s: %d entries, %v; want %d", tt.path, len(leaves), err, tree.N)
			}
		}
	}

	var incs []trucewatch.Incident
	if code, body := get(t, ts.URL+"/api/v1/incidents"); code != 200 || json.Unmarshal([]byte(body), &incs) != nil || len(incs) == 0 {
		t.Fatalf("incidents: %d %s", code, body)
	}
	id := incs[0].ID
	idx, _, err := st.Ledger().Latest(ctx, ledger.KindIncident, id)
	if err != nil {
		t.Fatal(err)
	}
	code, page := get(t, ts.URL+"/incidents/"+id)
	link := `href="/log/proof/incident/` + id + `"`
	if code != 200 || !strings.Contains(page, "Transparency log: record "+itoa(idx)) || !strings.Contains(page, link) {
		t.Errorf("incident page: %d; want the log index %d and %s", code, idx, link)
	}
	code, body = get(t, ts.URL+"/log/proof/incident/"+id)
	var in ledger.Inclusion
	if code != 200 || json.Unmarshal([]byte(body), &in) != nil {
		t.Fatalf("proof: %d %s", code, body)
	}
	pcp, err := ledger.VerifyCheckpoint([]byte(in.Checkpoint), verifier)
	if err != nil || in.Index != idx || in.Check(pcp.Tree) != nil {
		t.Errorf("proof %+v: checkpoint %v, check %v; want record %d proved", in, err, in.Check(pcp.Tree), idx)
	}
	for _, path := range []string{"/log/proof/incident/inc-nope", "/log/proof/nope/" + id} {
		if code, _ := get(t, ts.URL+path); code != 404 {
			t.Errorf("%s: %d, want 404", path, code)
		}
	}

	private := serve(pub, PrivateReads())
	for _, path := range []string{"/log/checkpoint", "/log/checkpoints"} {
		if code, _ := get(t, private.URL+path); code != http.StatusUnauthorized {
			t.Errorf("private server, %s without an account: %d, want 401", path, code)
		}
	}
	plain := serve()
	for _, path := range []string{"/log/checkpoint", "/log/checkpoints"} {
		if code, _ := get(t, plain.URL+path); code != 404 {
			t.Errorf("without the ledger, %s: %d, want 404", path, code)
		}
	}
	if _, page := get(t, plain.URL+"/incidents/"+id); strings.Contains(page, "Transparency log") {
		t.Error("without the ledger, the incident page shows a log index")
	}
}

// tlogTile is the partial tile (level 0) or entry bundle (level -1) of
// the first w records.
func tlogTile(level, w int) tlog.Tile { return tlog.Tile{H: ledger.TileHeight, L: level, N: 0, W: w} }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestLogBundle: with bundles, the incident page links the incident's
// bundle, which downloads as a file that checks with the log's public key
// alone and carries the analysts' decisions on its claims; a changed
// decision fails the check. Without bundles the route answers 404.
func TestLogBundle(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	p, g := testPipeline(t, st)
	addTexts(t, st, p, "Outlet: Test Wire\nLanguage: en\nPublished: 2025-03-19\n\nDrones hit a hospital in Sumy overnight, the regional administration said.")
	incs, err := st.Incidents(ctx, trucewatch.IncidentFilter{})
	if err != nil || len(incs) != 1 {
		t.Fatalf("incidents %v, %v: want one", incs, err)
	}
	inc := incs[0]
	cs, err := st.Claims(ctx, trucewatch.ClaimFilter{IDs: inc.ClaimIDs})
	if err != nil {
		t.Fatal(err)
	}
	decide := decideThenAnalyse(st, p)
	if _, err := decide(ctx, []trucewatch.Decision{{Kind: trucewatch.DecisionConfirmClaim, Subject: cs[0].ID, Claims: []trucewatch.ClaimKey{trucewatch.KeyOf(cs[0])},
		Reason: "the administration's statement is on its site", Actor: "tester", At: time.Date(2025, 3, 20, 9, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	skey, vkey, err := ledger.NewKey("monitor.example/ledger")
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := note.NewSigner(skey)
	verifier, _ := note.NewVerifier(vkey)
	bundles := WithBundles(func(ctx context.Context, id string) ([]byte, error) {
		b, err := st.Bundle(ctx, id, func(ctx context.Context, l *ledger.Log) ([]byte, tlog.Tree, error) {
			tree, err := l.Tree(ctx)
			if err != nil {
				return nil, tlog.Tree{}, err
			}
			cp, err := ledger.SignCheckpoint(ledger.Checkpoint{Origin: signer.Name(), Tree: tree}, signer)
			return cp, tree, err
		}, vkey)
		if err != nil {
			return nil, err
		}
		return json.Marshal(b)
	})
	srv, err := New(st, st.index, g, nil, slog.New(slog.NewTextHandler(io.Discard, nil)),
		WithLimits(Limits{}), WithLedger(ledger.Publisher{Log: st.Ledger(), Signer: signer}), bundles)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	_, page := get(t, ts.URL+"/incidents/"+inc.ID)
	link := `href="/log/bundle/` + inc.ID + `" download`
	if !strings.Contains(page, link) {
		t.Fatalf("the incident page has no %s", link)
	}
	resp, err := http.Get(ts.URL + "/log/bundle/" + inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw := readAll(t, resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="`+inc.ID+`.bundle.json"` {
		t.Fatalf("bundle: %d %v", resp.StatusCode, resp.Header)
	}
	var b ledger.Bundle
	if err := json.Unmarshal([]byte(raw), &b); err != nil {
		t.Fatal(err)
	}
	if _, problems, err := b.Verify([]note.Verifier{verifier}, nil); err != nil || len(problems) > 0 {
		t.Fatalf("the downloaded bundle does not verify: %v %v", err, problems)
	}
	var decision *ledger.BundleItem
	for i, it := range b.Items {
		if it.Table == "decisions" {
			decision = &b.Items[i]
		}
	}
	if decision == nil || !strings.Contains(string(decision.Row), "on its site") {
		t.Fatalf("the bundle carries no decision: %s", raw)
	}
	decision.Row = json.RawMessage(strings.Replace(string(decision.Row), "on its site", "on a site", 1))
	if _, problems, err := b.Verify([]note.Verifier{verifier}, nil); err != nil || len(problems) != 1 || !strings.Contains(problems[0], "decisions "+decision.Subject) {
		t.Errorf("a changed decision: %v %v; want one problem naming it", err, problems)
	}
	if code, _ := get(t, ts.URL+"/log/bundle/inc-nope"); code != 404 {
		t.Errorf("the bundle of an unknown incident: %d", code)
	}

	plain, err := New(st, st.index, g, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), WithLimits(Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	ts2 := httptest.NewServer(plain)
	defer ts2.Close()
	if code, _ := get(t, ts2.URL+"/log/bundle/"+inc.ID); code != 404 {
		t.Errorf("without bundles: %d", code)
	}
	if _, page := get(t, ts2.URL+"/incidents/"+inc.ID); strings.Contains(page, "/log/bundle/") {
		t.Error("without bundles the page links one")
	}
}
