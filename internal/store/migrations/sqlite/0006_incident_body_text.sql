-- On PostgreSQL this migration turns the incidents' JSONB body into TEXT;
-- SQLite's was TEXT from the start. Kept so that both engines number their
-- migrations alike.
SELECT 1;
