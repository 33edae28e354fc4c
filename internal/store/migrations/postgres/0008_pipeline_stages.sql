-- The pipeline's stages (internal/pipeline). A report is stored queued
-- ('stored'), then 'extracted' (its claims and text signature are stored in
-- the same transaction), then 'analysed' (its claims are in incidents,
-- assessed, in the same transaction); 'failed' keeps the reason. Reports
-- stored before this migration are queued again, so that the new pipeline
-- extracts and analyses them once.
ALTER TABLE reports ADD COLUMN stage TEXT NOT NULL DEFAULT 'stored'
    CHECK (stage IN ('stored', 'extracted', 'analysed', 'failed'));
ALTER TABLE reports ADD COLUMN stage_error TEXT NOT NULL DEFAULT '';
-- The versions of the extractor and the gazetteer that made its claims.
ALTER TABLE reports ADD COLUMN extractor TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN gazetteer TEXT NOT NULL DEFAULT '';
-- A worker holds a report it works on until lease_until; a lease that ran
-- out (the worker died) lets another take it.
ALTER TABLE reports ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN lease_until TIMESTAMPTZ;
-- Copy detection (internal/provenance): the text's MinHash signature,
-- computed once, and the first report of its family of copies ('' alone).
ALTER TABLE reports ADD COLUMN signature BYTEA;
ALTER TABLE reports ADD COLUMN first_copy TEXT NOT NULL DEFAULT '';
CREATE INDEX reports_stage ON reports (stage, ingested_at, id);
CREATE INDEX reports_first_copy ON reports (first_copy) WHERE first_copy <> '';
-- The signature's band keys of every analysed report: two reports are
-- compared only when they share one. (Reports are never deleted, so the
-- report_id needs no foreign key, whose check would cost a lookup a row.)
CREATE TABLE report_bands (
    band      BIGINT NOT NULL,
    report_id TEXT NOT NULL,
    PRIMARY KEY (band, report_id)
);
-- The incident each analysed claim belongs to ('' before analysis), and
-- the index that finds a new claim's neighbours.
ALTER TABLE claims ADD COLUMN incident_id TEXT NOT NULL DEFAULT '';
CREATE INDEX claims_incident ON claims (incident_id) WHERE incident_id <> '';
CREATE INDEX claims_target_day ON claims (target, country, day) WHERE kind = 'incident';
-- Claims in incidents that a new extraction replaced, kept whole until the
-- analysis has taken them out of their incidents.
CREATE TABLE retired_claims (
    id          TEXT NOT NULL,
    report_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    speaker     TEXT NOT NULL,
    body        JSONB NOT NULL,
    incident_id TEXT NOT NULL,
    PRIMARY KEY (report_id, id)
);
-- Incidents and assessments are now kept up to date batch by batch; the
-- old whole-table analysis is dropped and rebuilt by the pipeline.
DELETE FROM assessments;
DELETE FROM incidents;
DELETE FROM timeline_days;
UPDATE analysis_generation SET generation = generation + 1;
