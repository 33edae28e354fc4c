-- trucewatch schema, PostgreSQL with PostGIS. The tables mirror the SQLite
-- schema column for column, so one set of queries serves both; PostgreSQL
-- adds native types and a PostGIS point for spatial queries.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE sources (
    outlet      TEXT PRIMARY KEY,
    url         TEXT NOT NULL DEFAULT '',
    affiliation TEXT NOT NULL DEFAULT 'unknown',
    party       TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE reports (
    id           TEXT PRIMARY KEY,
    raw          BYTEA NOT NULL,
    text         TEXT NOT NULL,
    language     TEXT NOT NULL DEFAULT '',
    published    TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMPTZ,
    url          TEXT NOT NULL DEFAULT '',
    outlet       TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL DEFAULT '',
    metadata     JSONB NOT NULL DEFAULT '{}',
    origin       TEXT NOT NULL DEFAULT '',
    ingested_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX reports_published ON reports (published_at);
CREATE INDEX reports_outlet ON reports (outlet);

CREATE TABLE claims (
    id         TEXT PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('incident', 'exchange', 'agreement')),
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    speaker    TEXT NOT NULL DEFAULT '',
    day        TEXT NOT NULL DEFAULT '',
    target     TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL DEFAULT '',
    lat        DOUBLE PRECISION,
    lon        DOUBLE PRECISION,
    body       JSONB NOT NULL,
    geom       geometry(Point, 4326) GENERATED ALWAYS AS (
                   CASE WHEN lat IS NULL OR lon IS NULL THEN NULL
                        ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED
);
CREATE INDEX claims_report ON claims (report_id);
CREATE INDEX claims_kind_day ON claims (kind, day);
CREATE INDEX claims_geom ON claims USING gist (geom);

CREATE TABLE agreements (
    id             TEXT PRIMARY KEY,
    version        INTEGER NOT NULL,
    title          TEXT NOT NULL,
    status         TEXT NOT NULL,
    norm           BOOLEAN NOT NULL,
    effective_from TIMESTAMPTZ NOT NULL,
    effective_to   TIMESTAMPTZ,
    body           JSONB NOT NULL
);
