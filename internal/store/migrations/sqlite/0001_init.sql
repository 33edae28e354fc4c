-- trucewatch schema, SQLite. Times are stored in UTC.

-- The source registry: one row per outlet or speaker.
CREATE TABLE sources (
    outlet      TEXT PRIMARY KEY,
    url         TEXT NOT NULL DEFAULT '',
    affiliation TEXT NOT NULL DEFAULT 'unknown',
    party       TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT ''
);

-- Reports, addressed by the SHA-256 of their raw bytes.
CREATE TABLE reports (
    id           TEXT PRIMARY KEY,
    raw          BLOB NOT NULL,
    text         TEXT NOT NULL,
    language     TEXT NOT NULL DEFAULT '',
    published    TEXT NOT NULL DEFAULT '',  -- as the report gave it: a day or RFC 3339
    published_at TIMESTAMP,                 -- the same instant in UTC, for order and filters
    url          TEXT NOT NULL DEFAULT '',
    outlet       TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL DEFAULT '',
    metadata     TEXT NOT NULL DEFAULT '{}', -- JSON object of other header keys
    origin       TEXT NOT NULL DEFAULT '',
    ingested_at  TIMESTAMP NOT NULL
);
CREATE INDEX reports_published ON reports (published_at);
CREATE INDEX reports_outlet ON reports (outlet);

-- Claims extracted from reports; the kind's fields are kept as JSON in body,
-- the ones that are filtered on have columns of their own.
CREATE TABLE claims (
    id         TEXT PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('incident', 'exchange', 'agreement')),
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    speaker    TEXT NOT NULL DEFAULT '',
    day        TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD of the incident or exchange
    target     TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL DEFAULT '',
    lat        REAL,
    lon        REAL,
    body       TEXT NOT NULL               -- JSON
);
CREATE INDEX claims_report ON claims (report_id);
CREATE INDEX claims_kind_day ON claims (kind, day);
CREATE INDEX claims_lat_lon ON claims (lat, lon);

-- Agreements and standing norms; body is the agreement file's JSON.
CREATE TABLE agreements (
    id             TEXT PRIMARY KEY,
    version        INTEGER NOT NULL,
    title          TEXT NOT NULL,
    status         TEXT NOT NULL,
    norm           INTEGER NOT NULL,
    effective_from TIMESTAMP NOT NULL,
    effective_to   TIMESTAMP,
    body           TEXT NOT NULL
);
