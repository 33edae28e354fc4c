-- Incidents and assessments, as the pipeline last computed them from the
-- claims. They are derived data: the pipeline replaces them whole.
CREATE TABLE incidents (
    id            TEXT PRIMARY KEY,
    day_from      TEXT NOT NULL,   -- YYYY-MM-DD
    day_to        TEXT NOT NULL,
    place_id      TEXT NOT NULL,
    place_name    TEXT NOT NULL,
    admin1        TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL,
    precision     TEXT NOT NULL,
    lat           REAL NOT NULL,
    lon           REAL NOT NULL,
    target        TEXT NOT NULL,
    target_detail TEXT NOT NULL DEFAULT '',
    accused       TEXT NOT NULL DEFAULT '',  -- ",RU,UA," for LIKE '%,RU,%'
    claims        INTEGER NOT NULL,
    body          TEXT NOT NULL              -- JSON of the incident
);
CREATE INDEX incidents_day ON incidents (day_from);
CREATE INDEX incidents_lat_lon_day ON incidents (lat, lon, day_from);

CREATE TABLE assessments (
    incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    agreement_id TEXT NOT NULL,
    reading_id   TEXT NOT NULL,
    accused      TEXT NOT NULL,
    in_scope     INTEGER NOT NULL,
    status       TEXT NOT NULL DEFAULT '',
    day          TEXT NOT NULL,
    reason       TEXT NOT NULL,
    PRIMARY KEY (incident_id, agreement_id, reading_id, accused)
);
CREATE INDEX assessments_agreement_day ON assessments (agreement_id, day);
