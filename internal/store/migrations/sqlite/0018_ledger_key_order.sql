-- On PostgreSQL this migration indexes ledger record keys in byte order
-- (COLLATE "C"), whatever the database's collation. SQLite compares TEXT
-- with BINARY, byte order, already: its index of migration 0015 serves
-- ledger.Log.Latest as it is, and nothing changes here.
SELECT 1;
