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

// ledgerCmd makes the ledger's signing key, prints signed checkpoints and
// verifies the stored log (docs/ledger.md).
type ledgerCmd struct {
	db         dbFlag
	key        string
	keyName    string
	checkpoint string
	pub        string
}

func (*ledgerCmd) name() string { return "ledger" }
func (*ledgerCmd) synopsis() string {
	return "the transparency log: ledger init --key FILE | checkpoint --key FILE | verify [--checkpoint FILE --pub KEY]"
}
func (*ledgerCmd) usage() string {
	return "init --key FILE [--name ORIGIN] | checkpoint --key FILE | verify [--checkpoint FILE --pub KEY|FILE]"
}

func (c *ledgerCmd) setFlags(fs *flag.FlagSet) {
	c.db.register(fs)
	fs.StringVar(&c.key, "key", "", "the file of the private signing key (made by ledger init; kept outside the database)")
	fs.StringVar(&c.keyName, "name", "trucewatch/ledger", "init: the log's origin, the first line of its checkpoints (a schema-less URL, e.g. monitor.example.org/ledger)")
	fs.StringVar(&c.checkpoint, "checkpoint", "", "verify: a checkpoint saved earlier, to prove the current tree extends")
	fs.StringVar(&c.pub, "pub", "", "verify: the public verifier key of the checkpoint's signer, or a file holding it (ledger init writes KEYFILE.pub)")
}

func (c *ledgerCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: ledger needs init, checkpoint or verify", errUsage)
	}
	switch args[0] {
	case "init":
		return c.init(e)
	case "checkpoint":
		return c.sign(ctx, e)
	case "verify":
		return c.verify(ctx, e)
	}
	return fmt.Errorf("%w: ledger %s: want init, checkpoint or verify", errUsage, args[0])
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

// verify audits the stored log, checks every row of the record tables
// against its record (store.VerifyRecords) and, given a saved checkpoint,
// proves the current tree extends it.
func (c *ledgerCmd) verify(ctx context.Context, e *env) error {
	var verifier note.Verifier
	if c.checkpoint != "" {
		if c.pub == "" {
			return fmt.Errorf("%w: ledger verify --checkpoint needs --pub, the signer's public key", errUsage)
		}
		vkey := c.pub
		if b, err := os.ReadFile(c.pub); err == nil {
			vkey = strings.TrimSpace(string(b))
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("read --pub: %w", err)
		}
		var err error
		if verifier, err = note.NewVerifier(vkey); err != nil {
			return fmt.Errorf("%w: --pub %s: %v", errUsage, c.pub, err)
		}
	}
	s, err := c.db.open(ctx, e)
	if err != nil {
		return err
	}
	defer s.Close()
	l := s.Ledger()
	rebuilt, problems, err := l.Audit(ctx)
	if err != nil {
		return err
	}
	var fails []string
	for _, p := range problems {
		fails = append(fails, p.String())
	}
	mismatches, err := s.VerifyRecords(ctx)
	if err != nil {
		return err
	}
	for _, m := range mismatches {
		fails = append(fails, m.String())
	}
	stored, err := l.Tree(ctx)
	if err != nil {
		fails = append(fails, err.Error())
	} else if stored != rebuilt {
		fails = append(fails, fmt.Sprintf("the stored tree's root %v differs from the root rebuilt from the records, %v", stored.Hash, rebuilt.Hash))
	}
	if c.checkpoint != "" {
		msg, err := os.ReadFile(c.checkpoint)
		if err != nil {
			return fmt.Errorf("read checkpoint: %w", err)
		}
		old, err := ledger.VerifyCheckpoint(msg, verifier)
		if err != nil {
			return fmt.Errorf("checkpoint %s: %w", c.checkpoint, err)
		}
		if old.Tree.N > rebuilt.N {
			fails = append(fails, fmt.Sprintf("the checkpoint's tree has %d records, the database's only %d: records were removed", old.Tree.N, rebuilt.N))
		} else if p, err := l.ProveTree(ctx, old.Tree, stored); err != nil {
			fails = append(fails, err.Error())
		} else if err := ledger.VerifyTree(p, old.Tree, rebuilt); err != nil {
			fails = append(fails, fmt.Sprintf("the checkpoint of %d records: %v", old.Tree.N, err))
		} else {
			fmt.Fprintf(e.stdout, "checkpoint %s (%s, %d records) is a prefix of the current tree\n", c.checkpoint, old.Origin, old.Tree.N)
		}
	}
	if len(fails) > 0 {
		for _, f := range fails {
			fmt.Fprintf(e.stdout, "FAIL %s\n", f)
		}
		return fmt.Errorf("the ledger does not verify: %d problem(s)", len(fails))
	}
	fmt.Fprintf(e.stdout, "ok: %d records re-hash to the stored tree, root %v; every row of the record tables matches its record\n", rebuilt.N, rebuilt.Hash)
	return nil
}

// readSigner reads a private signing key made by ledger init.
func readSigner(path string) (note.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	signer, err := note.NewSigner(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("read key %s: %w", path, err)
	}
	return signer, nil
}

// readVerifier reads a public verifier key given as itself or as a file
// holding it.
func readVerifier(flagName, v string) (note.Verifier, error) {
	vkey := v
	if b, err := os.ReadFile(v); err == nil {
		vkey = strings.TrimSpace(string(b))
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", flagName, err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("%w: %s %s: %v", errUsage, flagName, v, err)
	}
	return verifier, nil
}
