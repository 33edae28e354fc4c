-- ledger.Log.Latest finds the records of a subject by its key or by its
-- versioned keys, subject ":" version, which lie between subject ":" and
-- subject ";" in byte order. The database's collation need not be byte
-- order (an ICU or glibc locale weighs punctuation last, so "inc-1:5"
-- sorts after "inc-1;"), so Latest compares keys COLLATE "C", and this
-- index, in the same order, serves it (issue 14).
DROP INDEX ledger_records_key;
CREATE INDEX ledger_records_key ON ledger_records (kind, record_key COLLATE "C");
