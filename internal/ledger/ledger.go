// Package ledger is trucewatch's transparency log: an append-only Merkle
// tree of typed records (a stored report, a claim set, an incident or
// assessment version, an agreement file, an analyst decision), kept in the
// database beside the rows it records, with signed checkpoints that anyone
// can check offline (docs/ledger.md).
//
// The tree is golang.org/x/mod/sumdb/tlog, the Go checksum database's own
// code, and checkpoints are signed notes (golang.org/x/mod/sumdb/note) in
// the C2SP checkpoint format. This package holds no Merkle arithmetic of
// its own: it stores what tlog asks to store and reads what tlog asks to
// read.
package ledger

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/trucewatch/trucewatch"
)

// The kinds of record the log holds.
const (
	KindReport     = "report"     // a stored report: SHA-256 of its raw bytes and metadata
	KindClaims     = "claims"     // a report's claim set
	KindIncident   = "incident"   // an incident version
	KindAssessment = "assessment" // an assessment version
	KindAgreement  = "agreement"  // an agreement file
	KindDecision   = "decision"   // an analyst's decision
)

var kinds = map[string]bool{KindReport: true, KindClaims: true, KindIncident: true,
	KindAssessment: true, KindAgreement: true, KindDecision: true}

// Record is one entry of the log: what kind of row it records, the row's
// identity, and the SHA-256 of the row's canonical bytes (each kind's
// canonical bytes are defined where that kind is appended).
type Record struct {
	Kind string
	Key  string
	Hash [32]byte
}

// Leaf is the record's canonical encoding, the bytes its leaf hashes:
//
//	kind 0x00 key 0x00 hex(hash) 0x0A
//
// with hex in lower case. Neither kind nor key may hold 0x00 or 0x0A, so
// every leaf reads back as exactly one record.
func (r Record) Leaf() []byte {
	b := make([]byte, 0, len(r.Kind)+len(r.Key)+2+64+1)
	b = append(b, r.Kind...)
	b = append(b, 0)
	b = append(b, r.Key...)
	b = append(b, 0)
	b = hex.AppendEncode(b, r.Hash[:])
	return append(b, '\n')
}

// LeafHash is the record's leaf hash in the tree: tlog.RecordHash(r.Leaf()).
func (r Record) LeafHash() tlog.Hash { return tlog.RecordHash(r.Leaf()) }

// Validate reports whether the record can be logged: a known kind and a
// non-empty key with neither NUL nor newline.
func (r Record) Validate() error {
	if !kinds[r.Kind] {
		return fmt.Errorf("ledger record kind %q: %w", r.Kind, trucewatch.ErrInvalid)
	}
	if r.Key == "" || strings.ContainsAny(r.Key, "\x00\n") {
		return fmt.Errorf("ledger record %s key %q: empty or holds NUL or newline: %w", r.Kind, r.Key, trucewatch.ErrInvalid)
	}
	return nil
}

// ParseLeaf reads a leaf back into its record.
func ParseLeaf(leaf []byte) (Record, error) {
	body, ok := bytes.CutSuffix(leaf, []byte("\n"))
	parts := bytes.Split(body, []byte{0})
	if !ok || len(parts) != 3 || len(parts[2]) != 64 {
		return Record{}, fmt.Errorf("parse ledger leaf %q: %w", leaf, trucewatch.ErrInvalid)
	}
	r := Record{Kind: string(parts[0]), Key: string(parts[1])}
	if _, err := hex.Decode(r.Hash[:], parts[2]); err != nil || bytes.ContainsAny(parts[2], "ABCDEF") {
		return Record{}, fmt.Errorf("parse ledger leaf %q: hash is not lower-case hex: %w", leaf, trucewatch.ErrInvalid)
	}
	if err := r.Validate(); err != nil {
		return Record{}, err
	}
	return r, nil
}

// Dialect is the database engine the log's tables live in.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

// appendLock is the PostgreSQL advisory lock key that serialises appends
// across every process on the server (the migrator uses 8213011).
const appendLock = 8213014

// Log is the transparency log in a database whose schema has the ledger
// tables (migration 0015).
type Log struct {
	db      *sql.DB
	dialect Dialect
	now     func() time.Time // the clock of the checkpoint history
	log     *slog.Logger     // nil: slog.Default()
}

// WithLogger makes the log report there what it could not keep (a
// checkpoint not written to the history), and returns it.
func (l *Log) WithLogger(log *slog.Logger) *Log {
	l.log = log
	return l
}

func (l *Log) logger() *slog.Logger {
	if l.log == nil {
		return slog.Default()
	}
	return l.log
}

// New returns the log kept in db.
func New(db *sql.DB, dialect Dialect) *Log { return &Log{db: db, dialect: dialect, now: time.Now} }

// WithClock makes the log read the time it keeps checkpoints at from now
// (the store's clock), and returns it.
func (l *Log) WithClock(now func() time.Time) *Log {
	l.now = now
	return l
}

// querier is what reading needs: a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Append appends records to the log inside the caller's transaction tx and
// returns the index of the first. The records become part of the log when
// tx commits, together with the change they record; if tx rolls back they
// leave no trace.
//
// Appends are serialised: on PostgreSQL by an advisory transaction lock
// taken here and held until tx ends, on SQLite by the database's single
// writer (the store begins its transactions IMMEDIATE, so tx holds the
// write lock from its start). The tree's size is read and written under
// that lock.
func (l *Log) Append(ctx context.Context, tx *sql.Tx, records ...Record) (int64, error) {
	for _, r := range records {
		if err := r.Validate(); err != nil {
			return 0, fmt.Errorf("append to ledger: %w", err)
		}
	}
	if l.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, appendLock); err != nil {
			return 0, fmt.Errorf("append to ledger: lock: %w", err)
		}
	}
	size, err := readSize(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("append to ledger: %w", err)
	}
	if len(records) == 0 {
		return size, nil
	}
	// tlog asks for hashes of earlier records; those of this batch are not
	// stored yet, so a cache in front of the table answers them (and keeps
	// what it read, since stored hashes never change).
	r := &cachedReader{next: &hashReader{ctx: ctx, q: tx}, cache: map[int64]tlog.Hash{}}
	hashRows := make([][]any, 0, 2*len(records))
	recordRows := make([][]any, 0, len(records))
	for i, rec := range records {
		n := size + int64(i)
		hs, err := tlog.StoredHashesForRecordHash(n, rec.LeafHash(), r)
		if err != nil {
			return 0, fmt.Errorf("append record %d to ledger: %w", n, err)
		}
		id := tlog.StoredHashIndex(0, n)
		for j, h := range hs {
			r.cache[id+int64(j)] = h
			hashRows = append(hashRows, []any{id + int64(j), h[:]})
		}
		recordRows = append(recordRows, []any{n, rec.Kind, rec.Key, hex.EncodeToString(rec.Hash[:])})
	}
	if err := l.insertRows(ctx, tx, `INSERT INTO ledger_records (idx, kind, record_key, hash) VALUES`, recordRows); err != nil {
		return 0, fmt.Errorf("append to ledger: insert records: %w", err)
	}
	if err := l.insertRows(ctx, tx, `INSERT INTO ledger_hashes (id, hash) VALUES`, hashRows); err != nil {
		return 0, fmt.Errorf("append to ledger: insert hashes: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_tree SET size = $1 WHERE id = 1`, size+int64(len(records))); err != nil {
		return 0, fmt.Errorf("append to ledger: set size: %w", err)
	}
	return size, nil
}

// readSize reads the number of records in the tree.
func readSize(ctx context.Context, q querier) (int64, error) {
	var n int64
	if err := q.QueryRowContext(ctx, `SELECT size FROM ledger_tree WHERE id = 1`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read ledger size: %w", err)
	}
	return n, nil
}

// insertChunk is how many rows one INSERT statement writes: on SQLite,
// which runs in this process, a statement's cost grows with its text; on
// PostgreSQL each statement is a round trip, so fewer and longer ones.
func (l *Log) insertChunk() int {
	if l.dialect == Postgres {
		return 500
	}
	return 128
}

// insertRows inserts rows, insertChunk a statement. The statement of a
// full chunk is prepared once and run for each. On SQLite the
// placeholders are "?": SQLite looks each numbered or named one up in a
// list of them when it binds, which for a hundred rows costs more than
// the insert.
func (l *Log) insertRows(ctx context.Context, tx *sql.Tx, head string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	width, chunk := len(rows[0]), l.insertChunk()
	statement := func(n int) string {
		var b strings.Builder
		b.WriteString(head)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(" (")
			for j := range width {
				if j > 0 {
					b.WriteString(", ")
				}
				if l.dialect == Postgres {
					fmt.Fprintf(&b, "$%d", i*width+j+1)
				} else {
					b.WriteByte('?')
				}
			}
			b.WriteByte(')')
		}
		return b.String()
	}
	args := make([]any, 0, chunk*width)
	if len(rows) >= chunk {
		full, err := tx.PrepareContext(ctx, statement(chunk))
		if err != nil {
			return err
		}
		defer full.Close()
		for ; len(rows) >= chunk; rows = rows[chunk:] {
			args = args[:0]
			for _, r := range rows[:chunk] {
				args = append(args, r...)
			}
			if _, err := full.ExecContext(ctx, args...); err != nil {
				return err
			}
		}
	}
	if len(rows) > 0 {
		args = args[:0]
		for _, r := range rows {
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, statement(len(rows)), args...); err != nil {
			return err
		}
	}
	return nil
}

// Tree returns the current tree: its size and root hash. Stored hashes
// never change once committed, and a committed size means every record
// below it is committed, so this reads without a transaction.
func (l *Log) Tree(ctx context.Context) (tlog.Tree, error) {
	n, err := readSize(ctx, l.db)
	if err != nil {
		return tlog.Tree{}, err
	}
	h, err := tlog.TreeHash(n, l.Reader(ctx))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("ledger tree hash at size %d: %w", n, err)
	}
	return tlog.Tree{N: n, Hash: h}, nil
}

// Record reads the record at index.
func (l *Log) Record(ctx context.Context, index int64) (Record, error) {
	var r Record
	var h string
	err := l.db.QueryRowContext(ctx, `SELECT kind, record_key, hash FROM ledger_records WHERE idx = $1`, index).Scan(&r.Kind, &r.Key, &h)
	if err == sql.ErrNoRows {
		return Record{}, fmt.Errorf("ledger record %d: %w", index, trucewatch.ErrNotFound)
	}
	if err != nil {
		return Record{}, fmt.Errorf("read ledger record %d: %w", index, err)
	}
	if err := decodeHash(&r.Hash, h); err != nil {
		return Record{}, fmt.Errorf("read ledger record %d: %w", index, err)
	}
	return r, nil
}

// decodeHash reads a record's stored hash, 64 lower-case hex digits.
func decodeHash(dst *[32]byte, s string) error {
	if len(s) != 64 || strings.ToLower(s) != s {
		return fmt.Errorf("hash %q is not 64 lower-case hex digits: %w", s, trucewatch.ErrInvalid)
	}
	if _, err := hex.Decode(dst[:], []byte(s)); err != nil {
		return fmt.Errorf("hash %q: %w", s, trucewatch.ErrInvalid)
	}
	return nil
}

// ProveRecord returns the proof that the record at index is in tree.
func (l *Log) ProveRecord(ctx context.Context, index int64, tree tlog.Tree) (tlog.RecordProof, error) {
	p, err := tlog.ProveRecord(tree.N, index, l.Reader(ctx))
	if err != nil {
		return nil, fmt.Errorf("prove ledger record %d in tree %d: %w", index, tree.N, err)
	}
	return p, nil
}

// ProveTree returns the proof that tree old is a prefix of tree new.
func (l *Log) ProveTree(ctx context.Context, old, new tlog.Tree) (tlog.TreeProof, error) {
	if old.N == 0 && new.N >= 0 {
		return tlog.TreeProof{}, nil // the empty tree is a prefix of every tree
	}
	p, err := tlog.ProveTree(new.N, old.N, l.Reader(ctx))
	if err != nil {
		return nil, fmt.Errorf("prove ledger tree %d is a prefix of tree %d: %w", old.N, new.N, err)
	}
	return p, nil
}

// VerifyRecord checks that proof proves rec is the record at index in tree.
func VerifyRecord(proof tlog.RecordProof, tree tlog.Tree, index int64, rec Record) error {
	if err := tlog.CheckRecord(proof, tree.N, tree.Hash, index, rec.LeafHash()); err != nil {
		return fmt.Errorf("ledger record %d (%s %s) in tree %d: %w", index, rec.Kind, rec.Key, tree.N, err)
	}
	return nil
}

// emptyTree is the root hash of the tree of no records (RFC 6962: the
// SHA-256 of nothing), as tlog computes it.
func emptyTree() tlog.Hash {
	h, err := tlog.TreeHash(0, nil) // reads nothing for n = 0
	if err != nil {
		panic("tlog: hash of the empty tree: " + err.Error())
	}
	return h
}

// VerifyTree checks that proof proves tree old is a prefix of tree new.
func VerifyTree(proof tlog.TreeProof, old, new tlog.Tree) error {
	if old.N == 0 && new.N >= 0 && len(proof) == 0 && old.Hash == emptyTree() {
		return nil // the empty tree is a prefix of every tree
	}
	if err := tlog.CheckTree(proof, new.N, new.Hash, old.N, old.Hash); err != nil {
		return fmt.Errorf("ledger tree %d is not a prefix of tree %d: %w", old.N, new.N, err)
	}
	return nil
}
