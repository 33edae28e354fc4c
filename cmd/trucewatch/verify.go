package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
	"github.com/trucewatch/trucewatch/internal/store"
)

// verifyCmd checks the record against its transparency log
// (docs/ledger.md, "Verifying"): a database (--db), a server (--server) or
// a bundle (--bundle), from a saved checkpoint.
type verifyCmd struct {
	db         dbFlag
	server     string
	bundle     string
	checkpoint string
	pubs       stringList
	witnesses  stringList
	records    stringList
	incidents  stringList
	entries    bool
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func (*verifyCmd) name() string { return "verify" }
func (*verifyCmd) synopsis() string {
	return "check the record against its transparency log: a database (--db), a server (--server URL) or a bundle (--bundle FILE)"
}
func (*verifyCmd) usage() string {
	return "[--db DSN | --server URL | --bundle FILE] [--checkpoint OLD] [--pub KEY] [--witness KEY] [--record KIND:ID] [--incident ID] [--entries]"
}

func (c *verifyCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	c.flags(fs)
	fs.StringVar(&c.server, "server", "", "check a server's published log instead (its base URL, e.g. https://monitor.example.org): its checkpoint, checkpoint history and tiles under /log/; a private server's token in $TRUCEWATCH_TOKEN")
	fs.StringVar(&c.bundle, "bundle", "", "check an incident's bundle (trucewatch bundle) with no database and no server")
	fs.Var(&c.records, "record", "prove the latest record of KIND:ID is in the log (KIND: report, claims, incident, assessment, agreement, decision); repeat for more")
	fs.BoolVar(&c.entries, "entries", false, "--server: read every entry bundle and check each record against the checkpoint's tree")
	fs.Var(&c.incidents, "incident", "prove the incident's latest record and its assessments' are in the log; repeat for more")
}

// flags are those verify shares with ledger verify.
func (c *verifyCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.checkpoint, "checkpoint", "", "a checkpoint saved earlier: prove the log now extends it")
	fs.Var(&c.pubs, "pub", "the log's public verifier key, or a file holding it (ledger init writes KEYFILE.pub); repeat for rotated keys")
	fs.Var(&c.witnesses, "witness", "a witness's public key (or a file holding it) whose cosignature the checkpoints must carry; repeat for more")
}

func (c *verifyCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: verify takes no arguments", errUsage)
	}
	logKeys, err := readVerifiers("--pub", c.pubs)
	if err != nil {
		return err
	}
	witnesses, err := readVerifiers("--witness", c.witnesses)
	if err != nil {
		return err
	}
	if c.server != "" && c.bundle != "" {
		return fmt.Errorf("%w: give --server or --bundle, not both", errUsage)
	}
	if len(witnesses) > 0 && len(logKeys) == 0 && c.bundle == "" {
		return fmt.Errorf("%w: --witness needs --pub, the log's key", errUsage)
	}
	var fails []string
	switch {
	case c.bundle != "":
		fails, err = c.verifyBundle(e, logKeys, witnesses)
	case c.server != "":
		if len(logKeys) == 0 {
			return fmt.Errorf("%w: verify --server needs --pub, the log's public key", errUsage)
		}
		fails, err = c.verifyServer(ctx, e, logKeys, witnesses)
	default:
		if c.checkpoint != "" && len(logKeys) == 0 {
			return fmt.Errorf("%w: verify --checkpoint needs --pub, the signer's public key", errUsage)
		}
		fails, err = c.verifyDB(ctx, e, logKeys, witnesses)
	}
	if err != nil {
		return err
	}
	if len(fails) > 0 {
		for _, f := range fails {
			fmt.Fprintf(e.stdout, "FAIL %s\n", f)
		}
		return fmt.Errorf("the record does not verify: %d problem(s)", len(fails))
	}
	return nil
}

// readVerifiers reads public keys given as themselves or as files.
func readVerifiers(flagName string, keys []string) ([]note.Verifier, error) {
	var out []note.Verifier
	for _, k := range keys {
		v, err := readVerifier(flagName, k)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// asked is a record asked about: its kind and subject.
type asked struct{ kind, subject string }

func (c *verifyCmd) asked() ([]asked, error) {
	var out []asked
	for _, r := range c.records {
		kind, subject, ok := strings.Cut(r, ":")
		if !ok || subject == "" {
			return nil, fmt.Errorf("%w: --record %q: want KIND:ID", errUsage, r)
		}
		if err := (ledger.Record{Kind: kind, Key: subject}).Validate(); err != nil {
			return nil, fmt.Errorf("%w: --record %q: %v", errUsage, r, err)
		}
		out = append(out, asked{kind, subject})
	}
	for _, id := range c.incidents {
		out = append(out, asked{ledger.KindIncident, id}, asked{ledger.KindAssessment, id})
	}
	return out, nil
}

// readCheckpoint reads and checks the saved checkpoint, if one is given.
func (c *verifyCmd) readCheckpoint(logKeys, witnesses []note.Verifier) (*ledger.Checkpoint, error) {
	if c.checkpoint == "" {
		return nil, nil
	}
	msg, err := os.ReadFile(c.checkpoint)
	if err != nil {
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}
	old, err := ledger.VerifyWitnessed(msg, logKeys, witnesses)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", c.checkpoint, err)
	}
	return &old, nil
}

// verifyDB audits the stored log, checks every row of the record tables
// against its record (store.VerifyRecords), proves the records asked
// about and, given a saved checkpoint, proves the current tree extends it.
func (c *verifyCmd) verifyDB(ctx context.Context, e *env, logKeys, witnesses []note.Verifier) ([]string, error) {
	old, err := c.readCheckpoint(logKeys, witnesses)
	if err != nil {
		return nil, err
	}
	want, err := c.asked()
	if err != nil {
		return nil, err
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	l := s.Ledger()
	rebuilt, problems, err := l.Audit(ctx)
	if err != nil {
		return nil, err
	}
	var fails []string
	for _, p := range problems {
		fails = append(fails, p.String())
	}
	mismatches, err := s.VerifyRecords(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range mismatches {
		fails = append(fails, m.String())
	}
	// Records may have been appended since the audit read the size: the
	// stored tree's first rebuilt.N records must hash to the rebuilt root,
	// and it must not have fewer.
	if size, err := l.Tree(ctx); err != nil {
		fails = append(fails, err.Error())
	} else if size.N < rebuilt.N {
		fails = append(fails, fmt.Sprintf("ledger: the log has %d records now, fewer than the %d audited: records were removed", size.N, rebuilt.N))
	} else if h, err := tlog.TreeHash(rebuilt.N, l.Reader(ctx)); err != nil {
		fails = append(fails, fmt.Sprintf("ledger: the stored tree of %d records: %v", rebuilt.N, err))
	} else if h != rebuilt.Hash {
		fails = append(fails, fmt.Sprintf("ledger: the stored tree's root %v differs from the root rebuilt from the records, %v", h, rebuilt.Hash))
	}
	history, err := checkKeptHistory(ctx, e, l, rebuilt, logKeys)
	if err != nil {
		return nil, err
	}
	fails = append(fails, history...)
	if old != nil {
		if f := proveExtends(e, c.checkpoint, *old, rebuilt, func() (tlog.TreeProof, error) { return l.ProveTree(ctx, old.Tree, rebuilt) }); f != "" {
			fails = append(fails, f)
		}
	}
	for _, a := range want {
		idx, rec, err := l.Latest(ctx, a.kind, a.subject)
		if err != nil {
			fails = append(fails, fmt.Sprintf("%s %s: %v", a.kind, a.subject, err))
			continue
		}
		p, err := l.ProveRecord(ctx, idx, rebuilt)
		if err == nil {
			err = ledger.VerifyRecord(p, rebuilt, idx, rec)
		}
		if err != nil {
			fails = append(fails, fmt.Sprintf("%s %s: %v", a.kind, a.subject, err))
			continue
		}
		fmt.Fprintf(e.stdout, "%s %s: record %d (%s %x) is in the tree of %d records (%d proof hashes)\n", a.kind, a.subject, idx, rec.Key, rec.Hash[:8], rebuilt.N, len(p))
	}
	if len(fails) == 0 {
		fmt.Fprintf(e.stdout, "ok: %d records re-hash to the stored tree, root %v; every row of the record tables matches its record\n", rebuilt.N, rebuilt.Hash)
	}
	return fails, nil
}

// checkKeptHistory checks the checkpoint history kept in the database
// against the log: each kept checkpoint's note must say the row's tree
// (signed by one of the log's keys, given them), and the tree must be the
// log's first records (ledger.Log.CheckKept, the check the log makes
// before signing; the stored hashes below rebuilt.N were checked against
// the records by the audit). A checkpoint larger than rebuilt, the tree
// the audit read, may have been signed since: it is checked against the
// size read again.
func checkKeptHistory(ctx context.Context, e *env, l *ledger.Log, rebuilt tlog.Tree, logKeys []note.Verifier) ([]string, error) {
	var fails []string
	n := 0
	for before := int64(0); ; {
		kept, err := l.Checkpoints(ctx, before, ledger.MaxHistoryPage)
		if err != nil {
			return nil, err
		}
		for _, k := range kept {
			n++
			name := fmt.Sprintf("ledger_checkpoints %d (signed at %s)", k.Tree.N, ledger.Stamp(k.SignedAt))
			var cp ledger.Checkpoint
			if len(logKeys) > 0 {
				cp, err = ledger.VerifyCheckpoint(k.Note, logKeys...)
			} else {
				cp, err = ledger.ParseCheckpoint(noteText(k.Note))
			}
			if err != nil {
				fails = append(fails, fmt.Sprintf("%s: %v", name, err))
			} else if cp.Tree != k.Tree {
				fails = append(fails, fmt.Sprintf("%s: the row's tree (%d records, root %v) is not the one its checkpoint says (%d, %v)", name, k.Tree.N, k.Tree.Hash, cp.Tree.N, cp.Tree.Hash))
			}
			if err := l.CheckKept(ctx, k, rebuilt.N); err != nil {
				fails = append(fails, fmt.Sprintf("%s: %v", name, err))
			}
		}
		if len(kept) < ledger.MaxHistoryPage || kept[len(kept)-1].Tree.N == 0 {
			break
		}
		before = kept[len(kept)-1].Tree.N
	}
	if len(fails) == 0 && n > 0 {
		fmt.Fprintf(e.stdout, "the checkpoint history: %d checkpoints kept, each of the log's first records\n", n)
	}
	return fails, nil
}

// noteText is a signed note's text, without its signatures (which follow
// the last blank line), for reading a checkpoint with no key to check it.
func noteText(msg []byte) []byte {
	if i := bytes.LastIndex(msg, []byte("\n\n")); i >= 0 {
		return msg[:i+1]
	}
	return msg
}

// proveExtends checks the proof that the checkpoint old is a prefix of
// tree now, and says so; it returns a failure line, "" when it holds.
func proveExtends(e *env, name string, old ledger.Checkpoint, now tlog.Tree, prove func() (tlog.TreeProof, error)) string {
	if old.Tree.N > now.N {
		return fmt.Sprintf("ledger: the checkpoint's tree has %d records, the log's only %d: records were removed", old.Tree.N, now.N)
	}
	p, err := prove()
	if err != nil {
		return fmt.Sprintf("ledger: the checkpoint of %d records: %v", old.Tree.N, err)
	}
	if err := ledger.VerifyTree(p, old.Tree, now); err != nil {
		return fmt.Sprintf("ledger: the checkpoint of %d records: %v", old.Tree.N, err)
	}
	fmt.Fprintf(e.stdout, "checkpoint %s (%s, %d records) is a prefix of the current tree of %d records\n", name, old.Origin, old.Tree.N, now.N)
	return ""
}

// verifyServer reads the server's checkpoint and checks it, proves it
// extends a saved checkpoint, checks the published history of
// checkpoints, and proves the records asked about from the published
// tiles and entry bundles (each tile checked against the checkpoint's root
// by tlog.TileHashReader).
func (c *verifyCmd) verifyServer(ctx context.Context, e *env, logKeys, witnesses []note.Verifier) ([]string, error) {
	old, err := c.readCheckpoint(logKeys, witnesses)
	if err != nil {
		return nil, err
	}
	want, err := c.asked()
	if err != nil {
		return nil, err
	}
	base, err := url.JoinPath(c.server, "log/")
	if err != nil {
		return nil, fmt.Errorf("%w: --server %q: %v", errUsage, c.server, err)
	}
	tiles := &ledger.HTTPTiles{Base: base, Client: &http.Client{Timeout: time.Minute}, Ctx: ctx, Token: e.getenv("TRUCEWATCH_TOKEN")}
	msg, err := tiles.Get("checkpoint")
	if err != nil {
		return nil, err
	}
	now, err := ledger.VerifyWitnessed(msg, logKeys, witnesses)
	if err != nil {
		return nil, fmt.Errorf("the server's checkpoint: %w", err)
	}
	fmt.Fprintf(e.stdout, "the server's checkpoint (%s) is signed: %d records, root %v\n", now.Origin, now.Tree.N, now.Tree.Hash)
	hashes := tlog.TileHashReader(now.Tree, tiles)
	var fails []string
	if old != nil {
		if f := proveExtends(e, c.checkpoint, *old, now.Tree, func() (tlog.TreeProof, error) { return tlog.ProveTree(now.Tree.N, old.Tree.N, hashes) }); f != "" {
			fails = append(fails, f)
		}
	}
	fails = append(fails, checkHistory(e, tiles, logKeys, now)...)
	for _, a := range want {
		if f := proveFromServer(ctx, e, tiles, hashes, now.Tree, a); f != "" {
			fails = append(fails, f)
		}
	}
	if c.entries {
		fails = append(fails, auditServer(e, tiles, hashes, now.Tree)...)
	}
	if len(fails) == 0 {
		fmt.Fprintln(e.stdout, "ok")
	}
	return fails, nil
}

// checkHistory reads the server's checkpoint history (/log/checkpoints)
// and checks each checkpoint's signature, that its listed size and root
// are those it signs, and that each, with the server's current checkpoint
// among them, is a prefix of the largest signed tree (a history entry or
// the current checkpoint), by a consistency proof built from the tiles of
// that one tree, checked against its root: the tiles fetched serve every
// proof. A checkpoint that is not a prefix is a fork; the smaller ones are
// then checked against it, so that one fork is reported once, between the
// two checkpoints it lies between. It reads a page at a time and returns
// a failure line for each that fails (at most 100), naming it by size and
// the time the server says it was signed.
func checkHistory(e *env, tiles *ledger.HTTPTiles, logKeys []note.Verifier, current ledger.Checkpoint) []string {
	type signed struct {
		tree tlog.Tree
		name string
	}
	var fails []string
	errEnough := errors.New("enough")
	fail := func(format string, args ...any) error {
		fails = append(fails, "ledger history: "+fmt.Sprintf(format, args...))
		if len(fails) >= 100 {
			return errEnough
		}
		return nil
	}
	// Each checkpoint, largest first, is checked against top, the largest
	// (or, after a fork, the smallest checkpoint of the fork); prefix is
	// the smallest checked since that is a prefix of it.
	var top, prefix *signed
	forked, unproved := false, 0
	entries, smallest := 0, int64(-1)
	check := func(s signed) error {
		smallest = s.tree.N
		if top == nil {
			top = &s
			return nil
		}
		err := ledger.Consistent(tiles, s.tree, top.tree)
		switch {
		case errors.Is(err, ledger.ErrInconsistent):
			between := ""
			if prefix != nil {
				between = fmt.Sprintf("; the fork lies between it and %s, the smallest that is", prefix.name)
			}
			old := *top
			top, prefix, forked = &s, nil, true
			return fail("%s is not a prefix of %s: the log was rewritten (a fork)%s: %v", s.name, old.name, between, err)
		case err != nil && forked:
			// The server publishes the tiles of its tree, not of the one
			// it forked from: the smaller ones cannot be proved.
			unproved++
			return nil
		case err != nil:
			return fail("cannot prove that %s extends %s (are the published tiles of its tree?): %v", top.name, s.name, err)
		}
		prefix = &s
		return nil
	}
	cur := &signed{current.Tree, fmt.Sprintf("the server's checkpoint of %d records", current.Tree.N)}
	largest := current.Tree.N
	err := tiles.WalkHistory(func(h ledger.HistoryEntry) error {
		entries++
		largest = max(largest, h.TreeSize)
		name := fmt.Sprintf("the checkpoint of %d records signed at %s", h.TreeSize, ledger.Stamp(h.SignedAt))
		cp, err := ledger.VerifyCheckpoint([]byte(h.Checkpoint), logKeys...)
		if err != nil {
			return fail("%s: %v", name, err)
		}
		if root := base64.StdEncoding.EncodeToString(cp.Tree.Hash[:]); cp.Tree.N != h.TreeSize || root != h.RootHash {
			return fail("%s: its tree_size %d and root_hash %s are not the %d and %s it signs", name, h.TreeSize, h.RootHash, cp.Tree.N, root)
		}
		if cur != nil && cur.tree.N > cp.Tree.N {
			if err := check(*cur); err != nil {
				return err
			}
			cur = nil
		}
		if err := check(signed{cp.Tree, name}); err != nil || cur == nil || cur.tree.N != cp.Tree.N {
			return err
		}
		err = check(*cur)
		cur = nil
		return err
	})
	if unproved > 0 {
		fmt.Fprintf(e.stdout, "note: %d checkpoints smaller than the fork not proved: the server publishes the tiles of its tree only\n", unproved)
	}
	if entries == 0 && errors.Is(err, trucewatch.ErrNotFound) {
		// An older server, or a static mirror, publishes no history: there
		// is nothing to check, which is not a failure.
		fmt.Fprintf(e.stdout, "note: the server publishes no checkpoint history (%v): only its current checkpoint is checked\n", err)
		return nil
	}
	if cur != nil && err == nil {
		err = check(*cur)
	}
	if err != nil && !errors.Is(err, errEnough) {
		fails = append(fails, "ledger history: "+err.Error())
	}
	if len(fails) == 0 {
		fmt.Fprintf(e.stdout, "the server's checkpoint history: %d checkpoints, each signed and a prefix of the largest (%d to %d records)\n", entries, smallest, largest)
	}
	return fails
}

// proveFromServer proves a record asked about: the server's proof route
// says where it is; its entry comes from the entry bundle, and the proof
// is built here from tiles checked against the tree.
func proveFromServer(ctx context.Context, e *env, tiles *ledger.HTTPTiles, hashes tlog.HashReader, tree tlog.Tree, a asked) string {
	fail := func(format string, args ...any) string {
		return fmt.Sprintf("%s %s: ", a.kind, a.subject) + fmt.Sprintf(format, args...)
	}
	b, err := tiles.Get("proof/" + url.PathEscape(a.kind) + "/" + url.PathEscape(a.subject))
	if err != nil {
		return fail("%v", err)
	}
	var claimed ledger.Inclusion
	if err := json.Unmarshal(b, &claimed); err != nil {
		return fail("the server's proof does not read: %v", err)
	}
	idx := claimed.Index
	if idx < 0 || idx >= tree.N {
		return fail("the server puts it at %d, outside the tree of %d records", idx, tree.N)
	}
	bundle := tlog.Tile{H: ledger.TileHeight, L: -1, N: idx >> ledger.TileHeight, W: int(min(tree.N-idx&^0xFF, 256))}
	data, err := tiles.Get(ledger.TilePath(bundle))
	if err != nil {
		return fail("%v", err)
	}
	leaves, err := ledger.ParseEntryBundle(data)
	if err != nil || int64(len(leaves)) <= idx&0xFF {
		return fail("entry bundle %s has no entry %d: %v", ledger.TilePath(bundle), idx&0xFF, err)
	}
	rec, err := ledger.ParseLeaf(leaves[idx&0xFF])
	if err != nil {
		return fail("record %d: %v", idx, err)
	}
	if rec.Kind != a.kind || (rec.Key != a.subject && !strings.HasPrefix(rec.Key, a.subject+":")) {
		return fail("record %d is %s %s, not of this subject", idx, rec.Kind, rec.Key)
	}
	p, err := tlog.ProveRecord(tree.N, idx, hashes)
	if err != nil {
		return fail("%v", err)
	}
	if err := ledger.VerifyRecord(p, tree, idx, rec); err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(e.stdout, "%s %s: record %d (%s %x) is in the tree of %d records\n", a.kind, a.subject, idx, rec.Key, rec.Hash[:8], tree.N)
	return ""
}

// auditServer reads every entry bundle of tree and checks that each entry
// is a record and hashes to its leaf in the tiles (which the hash reader
// checks against the tree's root).
func auditServer(e *env, tiles *ledger.HTTPTiles, hashes tlog.HashReader, tree tlog.Tree) []string {
	var fails []string
	fail := func(format string, args ...any) bool {
		fails = append(fails, "ledger "+fmt.Sprintf(format, args...))
		return len(fails) >= 100
	}
	for n := int64(0); n<<ledger.TileHeight < tree.N; n++ {
		first := n << ledger.TileHeight
		w := int(min(tree.N-first, 1<<ledger.TileHeight))
		path := ledger.TilePath(tlog.Tile{H: ledger.TileHeight, L: -1, N: n, W: w})
		data, err := tiles.Get(path)
		if err != nil {
			if fail("%v", err) {
				break
			}
			continue
		}
		leaves, err := ledger.ParseEntryBundle(data)
		if err == nil && len(leaves) != w {
			err = fmt.Errorf("%d entries, want %d", len(leaves), w)
		}
		if err != nil {
			if fail("entry bundle %s: %v", path, err) {
				break
			}
			continue
		}
		ids := make([]int64, w)
		for i := range ids {
			ids[i] = tlog.StoredHashIndex(0, first+int64(i))
		}
		hs, err := hashes.ReadHashes(ids)
		if err != nil {
			if fail("the tiles of records %d to %d do not match the checkpoint: %v", first, first+int64(w)-1, err) {
				break
			}
			continue
		}
		for i, leaf := range leaves {
			idx := first + int64(i)
			if _, err := ledger.ParseLeaf(leaf); err != nil {
				if fail("record %d: %v", idx, err) {
					return fails
				}
			} else if tlog.RecordHash(leaf) != hs[i] {
				if fail("record %d (%q): its entry in %s does not hash to its leaf in the tree", idx, strings.TrimSuffix(string(leaf), "\n"), path) {
					return fails
				}
			}
		}
	}
	if len(fails) == 0 {
		fmt.Fprintf(e.stdout, "every entry of the %d records re-hashes to its leaf in the signed tree\n", tree.N)
	}
	return fails
}

// verifyBundle checks a bundle file on its own.
func (c *verifyCmd) verifyBundle(e *env, logKeys, witnesses []note.Verifier) ([]string, error) {
	if c.checkpoint != "" || len(c.records) > 0 || len(c.incidents) > 0 || c.entries {
		return nil, fmt.Errorf("%w: verify --bundle takes --pub and --witness only", errUsage)
	}
	raw, err := os.ReadFile(c.bundle)
	if err != nil {
		return nil, fmt.Errorf("read bundle: %w", err)
	}
	var b ledger.Bundle
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("bundle %s: %w", c.bundle, err)
	}
	if len(logKeys) == 0 {
		v, err := note.NewVerifier(b.PublicKey)
		if err != nil {
			return nil, fmt.Errorf("bundle %s: public_key %q: %w", c.bundle, b.PublicKey, err)
		}
		logKeys = []note.Verifier{v}
		fmt.Fprintf(e.stdout, "checking against the public key the bundle carries, %s: compare it with the log's published key, or give --pub\n", b.PublicKey)
	}
	cp, fails, err := b.Verify(logKeys, witnesses)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", c.bundle, err)
	}
	if len(fails) == 0 {
		fmt.Fprintf(e.stdout, "ok: bundle of incident %s: %d items re-hash to their records, each proved in the signed tree of %d records (%s)\n", b.Incident, len(b.Items), cp.Tree.N, cp.Origin)
	}
	return fails, nil
}

// bundleCmd writes an incident's bundle (docs/ledger.md, "Bundles").
type bundleCmd struct {
	db         dbFlag
	out        string
	key        string
	pub        string
	checkpoint string
}

func (*bundleCmd) name() string { return "bundle" }
func (*bundleCmd) synopsis() string {
	return "write an incident's evidence with its inclusion proofs and a signed checkpoint to one file, checkable offline (verify --bundle)"
}
func (*bundleCmd) usage() string {
	return "INCIDENT-ID -o FILE (--key KEYFILE | --checkpoint FILE --pub KEY)"
}

func (c *bundleCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.out, "o", "", "the file to write (JSON); - for standard output")
	fs.StringVar(&c.key, "key", "", "the ledger's private signing key, to sign a checkpoint of the current tree for the proofs")
	fs.StringVar(&c.checkpoint, "checkpoint", "", "instead of --key: a signed checkpoint (e.g. one witnesses cosigned) to prove the records in; they must be in its tree")
	fs.StringVar(&c.pub, "pub", "", "the log's public key to name in the bundle (default: the key file's .pub beside it)")
}

func (c *bundleCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 || c.out == "" || (c.key == "") == (c.checkpoint == "") {
		return fmt.Errorf("%w: bundle needs an incident ID, -o FILE and either --key KEYFILE or --checkpoint FILE", errUsage)
	}
	pubFile := c.pub
	if pubFile == "" && c.key != "" {
		pubFile = c.key + ".pub"
	}
	if pubFile == "" {
		return fmt.Errorf("%w: bundle --checkpoint needs --pub, the log's public key", errUsage)
	}
	v, pub, err := readVerifierKey("--pub", pubFile)
	if err != nil {
		return err
	}
	// The checkpoint the proofs are in: a saved one, or the current
	// tree's, signed now.
	var signed store.CheckpointFunc
	if c.key != "" {
		signer, err := readSigner(c.key)
		if err != nil {
			return err
		}
		if v.Name() != signer.Name() || v.KeyHash() != signer.KeyHash() {
			return fmt.Errorf("%w: the public key %s is not the signing key's", errUsage, pubFile)
		}
		signed = signNow(signer)
	} else {
		msg, err := os.ReadFile(c.checkpoint)
		if err != nil {
			return fmt.Errorf("read checkpoint: %w", err)
		}
		cp, err := ledger.VerifyCheckpoint(msg, v)
		if err != nil {
			return fmt.Errorf("checkpoint %s: %w", c.checkpoint, err)
		}
		signed = func(ctx context.Context, l *ledger.Log) ([]byte, tlog.Tree, error) {
			// The stored tree must hold the checkpoint's: the same root at
			// its size.
			h, err := tlog.TreeHash(cp.Tree.N, l.Reader(ctx))
			if err != nil {
				return nil, tlog.Tree{}, fmt.Errorf("checkpoint %s: the database's tree: %w", c.checkpoint, err)
			}
			if h != cp.Tree.Hash {
				return nil, tlog.Tree{}, fmt.Errorf("checkpoint %s: the database's tree of %d records has another root: %w", c.checkpoint, cp.Tree.N, trucewatch.ErrConflict)
			}
			return msg, cp.Tree, nil
		}
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	b, err := s.Bundle(ctx, args[0], signed, pub)
	if err != nil {
		return err
	}
	out, err := bundleJSON(b)
	if err != nil {
		return err
	}
	if c.out == "-" {
		_, err = e.stdout.Write(out)
		return err
	}
	if err := os.WriteFile(c.out, out, 0o644); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	fmt.Fprintf(e.stderr, "wrote %s: incident %s, %d items, proved in the tree of %d records\n", c.out, args[0], len(b.Items), treeSizeOf(b))
	return nil
}

// bundleJSON is a bundle's file: indented JSON, a line feed at the end.
func bundleJSON(b *ledger.Bundle) ([]byte, error) {
	out, err := json.MarshalIndent(b, "", "  ")
	return append(out, '\n'), err
}

// signNow proves a bundle in the current tree, its checkpoint signed now.
func signNow(signer note.Signer) store.CheckpointFunc {
	return func(ctx context.Context, l *ledger.Log) ([]byte, tlog.Tree, error) { return l.SignedTree(ctx, signer) }
}

func treeSizeOf(b *ledger.Bundle) int64 {
	if len(b.Items) == 0 {
		return 0
	}
	return b.Items[0].Proof.TreeSize
}
