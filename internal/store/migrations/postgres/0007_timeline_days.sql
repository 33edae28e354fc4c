-- The compliance timelines' counts: in-scope assessments per agreement,
-- reading, accused party, day and status. ReplaceAnalysis fills the table
-- from the assessments in the same transaction, so that the dashboard's
-- timelines read a few rows per day instead of grouping every assessment
-- on each page view.
CREATE TABLE timeline_days (
    agreement_id TEXT NOT NULL,
    reading_id   TEXT NOT NULL,
    accused      TEXT NOT NULL,
    day          TEXT NOT NULL,
    status       TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (agreement_id, reading_id, accused, day, status)
);
INSERT INTO timeline_days (agreement_id, reading_id, accused, day, status, n)
    SELECT agreement_id, reading_id, accused, day, status, COUNT(*) FROM assessments
    WHERE in_scope GROUP BY agreement_id, reading_id, accused, day, status;
