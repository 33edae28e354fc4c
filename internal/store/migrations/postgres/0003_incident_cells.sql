-- A grid of half-degree cells (see cells in internal/store/incidents.go),
-- so that a map's bounding box reads a few cells of an index instead of
-- every incident in a date window; the same numbering as on SQLite.
ALTER TABLE incidents ADD COLUMN cell INTEGER
    GENERATED ALWAYS AS ((FLOOR(lat * 2)::integer + 180) * 720 + FLOOR(lon * 2)::integer + 360) STORED;
DROP INDEX incidents_lat_lon_day;
DROP INDEX incidents_day;
CREATE INDEX incidents_cell_day ON incidents (cell, day_from, lat, lon, id);
CREATE INDEX incidents_day ON incidents (day_from, lat, lon, id);
