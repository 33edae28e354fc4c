-- An assessment's reason as messages (trucewatch.Why, JSON): a code and
-- the values it names, which the dashboard, the daily report and the CLI
-- write in the reader's language. Rows made before keep '' here and only
-- their English reason; they hash in the ledger as they did.
ALTER TABLE assessments ADD COLUMN why TEXT NOT NULL DEFAULT '';
