-- The transparency log (docs/ledger.md, package internal/ledger): one row
-- per record appended, in log order (idx from 0, no gaps), and the tree's
-- stored hashes (id is tlog.StoredHashIndex(level, n), hash 32 bytes).
-- ledger_tree holds the size of the tree, read and written under the
-- append lock in the transaction of each append. Rows are only ever
-- added: nothing updates or deletes them.
CREATE TABLE ledger_records (
    idx        INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    record_key TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX ledger_records_key ON ledger_records (kind, record_key);
CREATE TABLE ledger_hashes (
    id   INTEGER PRIMARY KEY,
    hash BLOB NOT NULL
);
CREATE TABLE ledger_tree (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL
);
INSERT INTO ledger_tree (id, size) VALUES (1, 0);
