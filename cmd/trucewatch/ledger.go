package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"github.com/trucewatch/trucewatch/internal/ledger"
)

// ledgerCmd makes the ledger's signing key, prints signed checkpoints,
// cosigns them as a witness (by hand, or unattended from a server) and
// verifies the stored log (docs/ledger.md).
type ledgerCmd struct {
	db      dbFlag
	key     string
	keyName string
	server  string    // witness: the monitor's base URL
	state   string    // witness: its state directory
	verify  verifyCmd // ledger verify is verify --db
}

func (*ledgerCmd) name() string { return "ledger" }
func (*ledgerCmd) synopsis() string {
	return "the transparency log: ledger init --key FILE | checkpoint --key FILE | cosign --key WITNESS --checkpoint FILE --pub KEY | witness --server URL --pub KEY --key WITNESS --state DIR | verify (= verify --db) | backfill"
}
func (*ledgerCmd) usage() string {
	return "init --key FILE [--name ORIGIN] | checkpoint --key FILE | cosign --key WITNESS-KEY --checkpoint FILE --pub LOG-KEY | witness --server URL --pub LOG-KEY --key WITNESS-KEY --state DIR | verify [--checkpoint FILE --pub KEY] [--witness KEY] | backfill"
}

func (c *ledgerCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.key, "key", "", "the file of the private signing key (made by ledger init; kept outside the database): the log's, or for cosign and witness the witness's")
	fs.StringVar(&c.keyName, "name", "trucewatch/ledger", "init: the log's origin, the first line of its checkpoints (a schema-less URL, e.g. monitor.example.org/ledger)")
	fs.StringVar(&c.server, "server", "", "witness: the monitor's base URL (its log under /log/); a private server's viewer token in $TRUCEWATCH_TOKEN")
	fs.StringVar(&c.state, "state", "", "witness: the directory of the witness's state: the last checkpoint it cosigned (checkpoint), all it cosigned (cosigned/), those it refused (refused/)")
	c.verify.flags(fs)
}

func (c *ledgerCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: ledger needs init, checkpoint, cosign, witness, verify or backfill", errUsage)
	}
	if (c.server != "" || c.state != "") && args[0] != "witness" {
		return fmt.Errorf("%w: --server and --state are ledger witness's (verify --server checks a server)", errUsage)
	}
	switch args[0] {
	case "init":
		return c.init(e)
	case "checkpoint":
		return c.sign(ctx, e)
	case "verify":
		c.verify.db = c.db
		return c.verify.run(ctx, e, nil)
	case "cosign":
		return c.cosign(e)
	case "witness":
		return c.witness(ctx, e)
	case "backfill":
		return c.backfill(ctx, e)
	}
	return fmt.Errorf("%w: ledger %s: want init, checkpoint, cosign, witness, verify or backfill", errUsage, args[0])
}

// init writes a new private key to --key (0600, never over an existing
// file) and its public key to --key.pub, and prints the public key.
func (c *ledgerCmd) init(e *env) error {
	if c.key == "" {
		return fmt.Errorf("%w: ledger init needs --key FILE", errUsage)
	}
	skey, vkey, err := ledger.NewKey(c.keyName)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if err := writeNew(c.key, skey+"\n", 0o600); err != nil {
		return err
	}
	if err := writeNew(c.key+".pub", vkey+"\n", 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote the private key to %s (keep it secret, off the database machine's backups) and the public key to %s.pub.\nPublish the public verifier key:\n%s\n", c.key, c.key, vkey)
	return nil
}

// writeNew writes body to a new file with mode perm; it refuses to
// replace an existing file.
func writeNew(path, body string, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return fmt.Errorf("write key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write key %s: %w", path, err)
	}
	return nil
}

// sign prints the current tree as a checkpoint signed with --key.
func (c *ledgerCmd) sign(ctx context.Context, e *env) error {
	if c.key == "" {
		return fmt.Errorf("%w: ledger checkpoint needs --key FILE", errUsage)
	}
	signer, err := readSigner(c.key)
	if err != nil {
		return err
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	msg, err := s.Ledger().Checkpoint(ctx, signer)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(msg)
	return err
}

// cosign adds --key's signature, as a witness, to the checkpoint in
// --checkpoint (checked against --pub, the log's key) and prints it.
func (c *ledgerCmd) cosign(e *env) error {
	if c.key == "" || c.verify.checkpoint == "" || len(c.verify.pubs) == 0 {
		return fmt.Errorf("%w: ledger cosign needs --key WITNESS-KEY, --checkpoint FILE and --pub LOG-KEY", errUsage)
	}
	witness, err := readSigner(c.key)
	if err != nil {
		return err
	}
	logKeys, err := readVerifiers("--pub", c.verify.pubs)
	if err != nil {
		return err
	}
	msg, err := os.ReadFile(c.verify.checkpoint)
	if err != nil {
		return fmt.Errorf("read checkpoint: %w", err)
	}
	out, err := ledger.Cosign(msg, witness, logKeys...)
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", c.verify.checkpoint, err)
	}
	_, err = e.stdout.Write(out)
	return err
}

// backfill appends a record for every row that has none.
func (c *ledgerCmd) backfill(ctx context.Context, e *env) error {
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.BackfillLedger(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "appended %d records for rows that had none\n", n)
	return nil
}

// readSigner reads a private signing key made by ledger init.
func readSigner(path string) (note.Signer, error) {
	signer, _, err := readKeyPair(path)
	return signer, err
}

// readKeyPair reads a signing key file: the signer, and the public key
// that checks what it signs.
func readKeyPair(path string) (note.Signer, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("read key: %w", err)
	}
	skey := strings.TrimSpace(string(b))
	signer, err := note.NewSigner(skey)
	if err != nil {
		return nil, "", fmt.Errorf("read key %s: %w", path, err)
	}
	pub, err := ledger.PublicKey(skey)
	if err != nil {
		return nil, "", fmt.Errorf("read key %s: %w", path, err)
	}
	return signer, pub, nil
}

// readVerifier reads a public verifier key given as itself or as a file
// holding it.
func readVerifier(flagName, v string) (note.Verifier, error) {
	verifier, _, err := readVerifierKey(flagName, v)
	return verifier, err
}

// readVerifierKey is readVerifier that also returns the key's text.
func readVerifierKey(flagName, v string) (note.Verifier, string, error) {
	vkey := v
	if b, err := os.ReadFile(v); err == nil {
		vkey = strings.TrimSpace(string(b))
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, "", fmt.Errorf("read %s: %w", flagName, err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %s %s: %v", errUsage, flagName, v, err)
	}
	return verifier, vkey, nil
}
