package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/trucewatch/trucewatch/internal/ledger"
)

// The witness's state directory (docs/ledger.md, "Witnesses"):
//
//	checkpoint         the last checkpoint this witness cosigned
//	cosigned/<size>    every checkpoint it cosigned, by tree size
//	refused/<size>-<unix time>
//	                   each checkpoint it refused, as the server signed it:
//	                   with the last cosigned, the evidence of a fork
//	stale/<size>-<unix time>
//	                   each older checkpoint it was served (smaller than
//	                   the last cosigned and a prefix of it)
const (
	witnessLatest   = "checkpoint"
	witnessCosigned = "cosigned"
	witnessRefused  = "refused"
	witnessStale    = "stale"
)

// witness is one unattended run of a witness: it fetches the server's
// checkpoint, checks the log's signature and that the tree extends the
// last checkpoint this witness cosigned, and only then cosigns it, keeps
// it in --state and prints it. A fork or a shrinking tree is refused:
// nothing is cosigned, the checkpoint is kept under refused/ and the run
// fails saying what did not hold.
func (c *ledgerCmd) witness(ctx context.Context, e *env) error {
	if c.key == "" || c.server == "" || c.state == "" || len(c.verify.pubs) == 0 {
		return fmt.Errorf("%w: ledger witness needs --server URL, --pub LOG-KEY, --key WITNESS-KEY and --state DIR", errUsage)
	}
	signer, wpub, err := readKeyPair(c.key)
	if err != nil {
		return err
	}
	self, err := note.NewVerifier(wpub)
	if err != nil {
		return fmt.Errorf("witness key %s: %w", c.key, err)
	}
	logKeys, err := readVerifiers("--pub", c.verify.pubs)
	if err != nil {
		return err
	}
	base, err := url.JoinPath(c.server, "log/")
	if err != nil {
		return fmt.Errorf("%w: --server %q: %v", errUsage, c.server, err)
	}
	if err := os.MkdirAll(filepath.Join(c.state, witnessCosigned), 0o755); err != nil {
		return fmt.Errorf("witness state: %w", err)
	}

	// The last checkpoint cosigned: it must carry the log's signature and
	// this witness's, or the state is not this witness's.
	latestPath := filepath.Join(c.state, witnessLatest)
	var last *ledger.Checkpoint
	var lastMsg []byte
	if b, err := os.ReadFile(latestPath); err == nil {
		cp, err := ledger.VerifyWitnessed(b, logKeys, []note.Verifier{self})
		if err != nil {
			return fmt.Errorf("witness state %s: %w", latestPath, err)
		}
		last, lastMsg = &cp, b
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("witness state: %w", err)
	}

	tiles := &ledger.HTTPTiles{Base: base, Client: &http.Client{Timeout: time.Minute}, Ctx: ctx, Token: e.getenv("TRUCEWATCH_TOKEN")}
	msg, err := tiles.Get("checkpoint")
	if err != nil {
		return fmt.Errorf("the server's checkpoint: %w; nothing cosigned", err)
	}
	now, err := ledger.VerifyCheckpoint(msg, logKeys...)
	if err != nil {
		return fmt.Errorf("the server's checkpoint %scheckpoint: %w; nothing cosigned", base, err)
	}
	if last != nil {
		file := func(dir string) string {
			kept := filepath.Join(c.state, dir, strconv.FormatInt(now.Tree.N, 10)+"-"+strconv.FormatInt(time.Now().Unix(), 10))
			err := os.MkdirAll(filepath.Dir(kept), 0o755)
			if err == nil {
				err = writeAtomic(kept, msg)
			}
			if err != nil {
				return "(not kept: " + err.Error() + ")"
			}
			return kept
		}
		refuse := func(why string, err error) error {
			return fmt.Errorf("REFUSED, nothing cosigned: the server's checkpoint of %d records (root %v) %s the checkpoint of %d records (root %v) this witness cosigned last, in %s: %v; the server's checkpoint is kept in %s: %w",
				now.Tree.N, now.Tree.Hash, why, last.Tree.N, last.Tree.Hash, latestPath, err, file(witnessRefused), errRefused)
		}
		if now.Origin != last.Origin {
			return refuse("is of another log than", fmt.Errorf("origin %q, not %q", now.Origin, last.Origin))
		}
		if now.Tree.N < last.Tree.N {
			// An older checkpoint: a stale cache when it is a prefix of
			// the last cosigned (proved from the tiles of that tree, which
			// a log that shrank no longer serves), else a shrinking log.
			err := ledger.Consistent(tiles, now.Tree, last.Tree)
			if err == nil {
				return fmt.Errorf("STALE, nothing cosigned: the server's checkpoint of %d records is older than, and a prefix of, the checkpoint of %d records this witness cosigned last, in %s (a cache, or records removed at the end: if it stays so, the log shrank); kept in %s: %w",
					now.Tree.N, last.Tree.N, latestPath, file(witnessStale), errRefused)
			}
			return refuse("is smaller than", fmt.Errorf("the log shrank: %w", err))
		}
		if err := ledger.Consistent(tiles, last.Tree, now.Tree); err != nil {
			if errors.Is(err, ledger.ErrInconsistent) {
				return refuse("does not extend", fmt.Errorf("a fork: %w", err))
			}
			return fmt.Errorf("the server's checkpoint of %d records: cannot prove it extends the one of %d records cosigned last: %w; nothing cosigned", now.Tree.N, last.Tree.N, err)
		}
		if now.Tree == last.Tree {
			fmt.Fprintf(e.stderr, "no change: the log still has %d records (root %v), cosigned already in %s\n", now.Tree.N, now.Tree.Hash, latestPath)
			_, err := e.stdout.Write(lastMsg)
			return err
		}
	}

	out, err := ledger.CosignVerified(msg, signer, logKeys...)
	if err != nil {
		return fmt.Errorf("the server's checkpoint: %w", err)
	}
	if err := writeAtomic(filepath.Join(c.state, witnessCosigned, strconv.FormatInt(now.Tree.N, 10)), out); err != nil {
		return err
	}
	if err := writeAtomic(latestPath, out); err != nil {
		return err
	}
	if last == nil {
		fmt.Fprintf(e.stderr, "cosigned the checkpoint of %d records (root %v), the first this witness has seen of %s\n", now.Tree.N, now.Tree.Hash, now.Origin)
	} else {
		fmt.Fprintf(e.stderr, "cosigned the checkpoint of %d records (root %v): it extends the %d records cosigned last\n", now.Tree.N, now.Tree.Hash, last.Tree.N)
	}
	_, err = e.stdout.Write(out)
	return err
}

// writeAtomic replaces path with body: written to a new file beside it
// (its own, so that runs at the same time do not write into one), synced,
// then renamed over path, and the directory synced, so that a crash
// leaves the old file or the new, never half of one.
func writeAtomic(path string, body []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.new")
	if err != nil {
		return fmt.Errorf("witness state: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(body)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("witness state %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: not every system syncs a directory
		d.Close()
	}
	return nil
}
