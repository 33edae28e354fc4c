-- Incidents and assessments, as the pipeline last computed them from the
-- claims; the pipeline replaces them whole.
CREATE TABLE incidents (
    id            TEXT PRIMARY KEY,
    day_from      TEXT NOT NULL,
    day_to        TEXT NOT NULL,
    place_id      TEXT NOT NULL,
    place_name    TEXT NOT NULL,
    admin1        TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL,
    precision     TEXT NOT NULL,
    lat           DOUBLE PRECISION NOT NULL,
    lon           DOUBLE PRECISION NOT NULL,
    target        TEXT NOT NULL,
    target_detail TEXT NOT NULL DEFAULT '',
    accused       TEXT NOT NULL DEFAULT '',
    claims        INTEGER NOT NULL,
    body          JSONB NOT NULL,
    geom          geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
);
CREATE INDEX incidents_day ON incidents (day_from);
CREATE INDEX incidents_lat_lon_day ON incidents (lat, lon, day_from);
CREATE INDEX incidents_geom ON incidents USING gist (geom);

CREATE TABLE assessments (
    incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    agreement_id TEXT NOT NULL,
    reading_id   TEXT NOT NULL,
    accused      TEXT NOT NULL,
    in_scope     BOOLEAN NOT NULL,
    status       TEXT NOT NULL DEFAULT '',
    day          TEXT NOT NULL,
    reason       TEXT NOT NULL,
    PRIMARY KEY (incident_id, agreement_id, reading_id, accused)
);
CREATE INDEX assessments_agreement_day ON assessments (agreement_id, day);
