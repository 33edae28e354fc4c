-- A grid of half-degree cells (see cells in internal/store/incidents.go),
-- so that a map's bounding box reads a few cells of an index instead of
-- every incident in a date window. The column is generated, so it can
-- never disagree with lat and lon; lat + 90 and lon + 180 are never
-- negative, so CAST is FLOOR here.
ALTER TABLE incidents ADD COLUMN cell INTEGER
    GENERATED ALWAYS AS (CAST((lat + 90) * 2 AS INTEGER) * 720 + CAST((lon + 180) * 2 AS INTEGER)) VIRTUAL;
DROP INDEX incidents_lat_lon_day;
DROP INDEX incidents_day;
-- Both indexes cover the bounding-box test and the ordering, so the table
-- itself is read only for the rows a page returns.
CREATE INDEX incidents_cell_day ON incidents (cell, day_from, lat, lon, id);
CREATE INDEX incidents_day ON incidents (day_from, lat, lon, id);
