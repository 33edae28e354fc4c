-- The incident list sends each incident's stored JSON as it is, so the
-- body must keep the bytes json.Marshal wrote: compact, in field order,
-- with <, > and & escaped. JSONB rewrites them (spaces, its own key order,
-- no escaping); TEXT keeps them, as on SQLite. Rows stored before this
-- migration keep JSONB's form until the next ReplaceAnalysis, which every
-- ingest and every start of trucewatch serve runs.
ALTER TABLE incidents ALTER COLUMN body TYPE TEXT USING body::text;
