package ledger

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
)

// NewKey makes an Ed25519 key pair for signing checkpoints: the private
// signer key (note's "PRIVATE+KEY+name+hash+key" text, to be kept in a file
// outside the database) and the public verifier key ("name+hash+key", to
// publish). name is the log's origin, the first line of its checkpoints:
// a schema-less URL such as "monitor.example.org/ledger".
func NewKey(name string) (skey, vkey string, err error) {
	skey, vkey, err = note.GenerateKey(rand.Reader, name)
	if err != nil {
		return "", "", fmt.Errorf("new ledger key %q: %w", name, err)
	}
	return skey, vkey, nil
}

// PublicKey is the verifier key of the signing key skey (as NewKey
// writes both): a server holding only its signing key can name the key
// that checks what it signs.
func PublicKey(skey string) (string, error) {
	signer, err := note.NewSigner(skey)
	if err != nil {
		return "", fmt.Errorf("ledger key: %w", err)
	}
	// PRIVATE+KEY+name+hash+base64(algorithm byte, Ed25519 seed): the
	// algorithm is Ed25519, checked by NewSigner.
	parts := strings.SplitN(skey, "+", 5)
	key, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(key) != 1+ed25519.SeedSize {
		return "", fmt.Errorf("ledger key %s: not an Ed25519 key", signer.Name())
	}
	pub := ed25519.NewKeyFromSeed(key[1:]).Public().(ed25519.PublicKey)
	vkey := parts[2] + "+" + parts[3] + "+" + base64.StdEncoding.EncodeToString(append(key[:1:1], pub...))
	v, err := note.NewVerifier(vkey)
	if err != nil || v.KeyHash() != signer.KeyHash() {
		return "", fmt.Errorf("ledger key %s: its public key does not derive", signer.Name())
	}
	return vkey, nil
}

// Checkpoint is what a signed checkpoint says: the log's origin and its
// tree.
type Checkpoint struct {
	Origin string
	Tree   tlog.Tree
}

// Text is the checkpoint's body in the C2SP checkpoint format
// (c2sp.org/tlog-checkpoint): the origin, the tree size in decimal and
// the root hash in standard base64, one a line.
func (c Checkpoint) Text() []byte {
	return fmt.Appendf(nil, "%s\n%d\n%s\n", c.Origin, c.Tree.N, base64.StdEncoding.EncodeToString(c.Tree.Hash[:]))
}

// ParseCheckpoint reads a checkpoint's body (its note text, without the
// signatures). Extension lines after the third are allowed and ignored.
func ParseCheckpoint(text []byte) (Checkpoint, error) {
	lines := strings.SplitAfter(string(text), "\n")
	bad := func(why string) (Checkpoint, error) {
		return Checkpoint{}, fmt.Errorf("parse checkpoint: %s: %w", why, trucewatch.ErrInvalid)
	}
	if len(lines) < 4 || !bytes.HasSuffix(text, []byte("\n")) {
		return bad("want an origin, a size and a root hash, one a line")
	}
	origin := strings.TrimSuffix(lines[0], "\n")
	if origin == "" {
		return bad("empty origin")
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(lines[1], "\n"), 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != strings.TrimSuffix(lines[1], "\n") {
		return bad(fmt.Sprintf("size %q", strings.TrimSuffix(lines[1], "\n")))
	}
	h, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(lines[2], "\n"))
	if err != nil || len(h) != tlog.HashSize {
		return bad(fmt.Sprintf("root hash %q", strings.TrimSuffix(lines[2], "\n")))
	}
	return Checkpoint{Origin: origin, Tree: tlog.Tree{N: n, Hash: tlog.Hash(h)}}, nil
}

// Checkpoint returns the current tree as a checkpoint signed by signer,
// whose name is the log's origin.
func (l *Log) Checkpoint(ctx context.Context, signer note.Signer) ([]byte, error) {
	cp, _, err := l.SignedTree(ctx, signer)
	return cp, err
}

// SignedTree is Checkpoint with the tree it signs, for proofs made in it.
// The first checkpoint signed of each tree size is kept in the history
// (Checkpoints); a tree that does not extend the largest checkpoint kept
// is not signed (trucewatch.ErrConflict). Keeping waits at most keepWait
// for another writer: when the database stays busy the checkpoint is
// served all the same, not kept, and the log's logger says so.
func (l *Log) SignedTree(ctx context.Context, signer note.Signer) ([]byte, tlog.Tree, error) {
	tree, err := l.Tree(ctx)
	if err != nil {
		return nil, tlog.Tree{}, err
	}
	cp, err := SignCheckpoint(Checkpoint{Origin: signer.Name(), Tree: tree}, signer)
	if err != nil {
		return nil, tlog.Tree{}, err
	}
	var notKept *notKeptError
	if err := l.keep(ctx, tree, cp); errors.As(err, &notKept) {
		// The fork check passed; only the history's row is missing, and a
		// later request keeps it: a read does not fail for it.
		l.logger().Warn("ledger: checkpoint served but not kept in the history (a later request keeps it)", "tree_size", tree.N, "err", err)
	} else if err != nil {
		return nil, tlog.Tree{}, err
	}
	return cp, tree, nil
}

// SignCheckpoint signs c with signer.
func SignCheckpoint(c Checkpoint, signer note.Signer) ([]byte, error) {
	msg, err := note.Sign(&note.Note{Text: string(c.Text())}, signer)
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint of tree %d: %w", c.Tree.N, err)
	}
	return msg, nil
}

// VerifyCheckpoint checks that msg is a checkpoint signed by one of
// verifiers under the name of its origin, and returns what it says.
// Signatures by other keys (witnesses' cosignatures) are allowed.
func VerifyCheckpoint(msg []byte, verifiers ...note.Verifier) (Checkpoint, error) {
	n, err := note.Open(msg, note.VerifierList(verifiers...))
	if err != nil {
		var unverified *note.UnverifiedNoteError
		if errors.As(err, &unverified) {
			return Checkpoint{}, fmt.Errorf("verify checkpoint: signed by none of the keys given: %w", trucewatch.ErrInvalid)
		}
		return Checkpoint{}, fmt.Errorf("verify checkpoint: %v: %w", err, trucewatch.ErrInvalid)
	}
	c, err := ParseCheckpoint([]byte(n.Text))
	if err != nil {
		return Checkpoint{}, err
	}
	for _, s := range n.Sigs {
		if s.Name == c.Origin {
			return c, nil
		}
	}
	return Checkpoint{}, fmt.Errorf("verify checkpoint: no signature by the origin %q's key: %w", c.Origin, trucewatch.ErrInvalid)
}

// Cosign adds a witness's signature to msg, a checkpoint signed by one of
// logKeys under its origin, and returns the checkpoint with every
// signature it had and the witness's after them (one per witness key: a
// witness cosigning again replaces its earlier signature). The witness
// signs the same checkpoint text with its own Ed25519 key (a plain note
// signature, not C2SP's timestamped cosignature/v1).
func Cosign(msg []byte, witness note.Signer, logKeys ...note.Verifier) ([]byte, error) {
	return cosign(msg, witness, true, logKeys)
}

// CosignVerified is Cosign keeping only the signatures it can check, the
// log's: a witness fetching a checkpoint from the log's server does not
// pass on lines the server chose to add (claimed cosignatures of other
// witnesses, say).
func CosignVerified(msg []byte, witness note.Signer, logKeys ...note.Verifier) ([]byte, error) {
	return cosign(msg, witness, false, logKeys)
}

func cosign(msg []byte, witness note.Signer, keepUnverified bool, logKeys []note.Verifier) ([]byte, error) {
	if _, err := VerifyCheckpoint(msg, logKeys...); err != nil {
		return nil, fmt.Errorf("cosign: %w", err)
	}
	n, err := note.Open(msg, note.VerifierList(logKeys...))
	if err != nil {
		return nil, fmt.Errorf("cosign: %v: %w", err, trucewatch.ErrInvalid)
	}
	if keepUnverified {
		n.Sigs = append(n.Sigs, n.UnverifiedSigs...)
	}
	n.UnverifiedSigs = nil
	out, err := note.Sign(n, witness)
	if err != nil {
		return nil, fmt.Errorf("cosign as %s: %w", witness.Name(), err)
	}
	return out, nil
}

// VerifyWitnessed checks msg as VerifyCheckpoint does, and that each of
// witnesses signed it too.
func VerifyWitnessed(msg []byte, logKeys, witnesses []note.Verifier) (Checkpoint, error) {
	c, err := VerifyCheckpoint(msg, logKeys...)
	if err != nil || len(witnesses) == 0 {
		return c, err
	}
	n, err := note.Open(msg, note.VerifierList(append(slices.Clone(logKeys), witnesses...)...))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("verify checkpoint: %v: %w", err, trucewatch.ErrInvalid)
	}
	for _, w := range witnesses {
		if !slices.ContainsFunc(n.Sigs, func(s note.Signature) bool { return s.Name == w.Name() && s.Hash == w.KeyHash() }) {
			return Checkpoint{}, fmt.Errorf("verify checkpoint: no valid cosignature by the witness %s: %w", w.Name(), trucewatch.ErrInvalid)
		}
	}
	return c, nil
}
