package ledger

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
)

// Latest returns the index and record of the latest record of subject:
// the record whose key is subject, or subject ":" a version (a claim set's
// extractor, an incident's or assessment set's generation, an agreement's
// "v" version). trucewatch.ErrNotFound when there is none.
func (l *Log) Latest(ctx context.Context, kind, subject string) (int64, Record, error) {
	var idx int64
	r := Record{Kind: kind}
	var h string
	// Keys of subject's versions lie from subject+":" (a claim set made
	// by an extractor of no version) up to subject+";"
	// in byte order: SQLite's BINARY collation, PostgreSQL's "C" (the
	// database's own need not be; migration 0018 indexes keys so).
	key := "record_key"
	if l.dialect == Postgres {
		key = `record_key COLLATE "C"`
	}
	err := l.db.QueryRowContext(ctx, `SELECT idx, record_key, hash FROM ledger_records
		WHERE kind = $1 AND (`+key+` = $2 OR (`+key+` >= $3 AND `+key+` < $4))
		ORDER BY idx DESC LIMIT 1`, kind, subject, subject+":", subject+";").Scan(&idx, &r.Key, &h)
	if err == sql.ErrNoRows {
		return 0, Record{}, fmt.Errorf("ledger record of %s %s: %w", kind, subject, trucewatch.ErrNotFound)
	}
	if err != nil {
		return 0, Record{}, fmt.Errorf("read ledger record of %s %s: %w", kind, subject, err)
	}
	if err := decodeHash(&r.Hash, h); err != nil {
		return 0, Record{}, fmt.Errorf("read ledger record %d: %w", idx, err)
	}
	return idx, r, nil
}

// Inclusion is an inclusion proof as published (the proof route, bundles):
// the record, its index, and the hashes that lead from its leaf to the
// root of a tree of TreeSize records. A bundle's items leave Checkpoint
// empty: the bundle carries one for all.
type Inclusion struct {
	Index      int64    `json:"index"`
	Kind       string   `json:"kind"`
	Key        string   `json:"key"`
	Hash       string   `json:"hash"` // the record's hash, hex
	TreeSize   int64    `json:"tree_size"`
	Proof      []string `json:"proof"`                // base64 hashes, from the leaf up
	Checkpoint string   `json:"checkpoint,omitempty"` // the signed checkpoint of the tree
}

// NewInclusion is the published form of proof that rec is record index of
// a tree of n records.
func NewInclusion(index int64, rec Record, n int64, proof tlog.RecordProof) Inclusion {
	in := Inclusion{Index: index, Kind: rec.Kind, Key: rec.Key, Hash: hex.EncodeToString(rec.Hash[:]), TreeSize: n, Proof: []string{}}
	for _, h := range proof {
		in.Proof = append(in.Proof, base64.StdEncoding.EncodeToString(h[:]))
	}
	return in
}

// Record is the record the proof is about.
func (in Inclusion) Record() (Record, error) {
	r := Record{Kind: in.Kind, Key: in.Key}
	if err := decodeHash(&r.Hash, in.Hash); err != nil {
		return Record{}, fmt.Errorf("record %d: %w", in.Index, err)
	}
	return r, r.Validate()
}

// Check checks that the proof proves its record is record Index of tree.
func (in Inclusion) Check(tree tlog.Tree) error {
	rec, err := in.Record()
	if err != nil {
		return err
	}
	if in.TreeSize != tree.N {
		return fmt.Errorf("ledger record %d (%s %s): the proof is for a tree of %d records, the checkpoint's has %d", in.Index, rec.Kind, rec.Key, in.TreeSize, tree.N)
	}
	proof := make(tlog.RecordProof, len(in.Proof))
	for i, s := range in.Proof {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(b) != tlog.HashSize {
			return fmt.Errorf("ledger record %d (%s %s): proof hash %d %q is not a base64 hash", in.Index, rec.Kind, rec.Key, i, s)
		}
		proof[i] = tlog.Hash(b)
	}
	return VerifyRecord(proof, tree, in.Index, rec)
}

// Publisher serves the log to the web server (internal/web's Ledger):
// the checkpoint signed by Signer, the tiles, the latest record of a
// subject and its proof.
type Publisher struct {
	Log    *Log
	Signer note.Signer
}

// SignedCheckpoint is the current tree's checkpoint, signed.
func (p Publisher) SignedCheckpoint(ctx context.Context) ([]byte, error) {
	return p.Log.Checkpoint(ctx, p.Signer)
}

// Tile is the tile or entry bundle at path in the current tree.
func (p Publisher) Tile(ctx context.Context, path string) ([]byte, bool, error) {
	n, err := readSize(ctx, p.Log.db)
	if err != nil {
		return nil, false, err
	}
	return p.Log.Tile(ctx, n, path)
}

// LatestIndex is the index of subject's latest record of kind.
func (p Publisher) LatestIndex(ctx context.Context, kind, subject string) (int64, error) {
	idx, _, err := p.Log.Latest(ctx, kind, subject)
	return idx, err
}

// ProofJSON is the JSON of the inclusion proof of subject's latest record
// of kind in the current tree, with that tree's signed checkpoint.
func (p Publisher) ProofJSON(ctx context.Context, kind, subject string) ([]byte, error) {
	if !kinds[kind] {
		return nil, fmt.Errorf("ledger record kind %q: %w", kind, trucewatch.ErrNotFound)
	}
	idx, rec, err := p.Log.Latest(ctx, kind, subject)
	if err != nil {
		return nil, err
	}
	cp, tree, err := p.Log.SignedTree(ctx, p.Signer)
	if err != nil {
		return nil, err
	}
	proof, err := p.Log.ProveRecord(ctx, idx, tree)
	if err != nil {
		return nil, err
	}
	in := NewInclusion(idx, rec, tree.N, proof)
	in.Checkpoint = string(cp)
	return json.MarshalIndent(in, "", "  ")
}
