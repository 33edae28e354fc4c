-- The order of the incident list and of exports (store.EachIncident's
-- keyset pages): newest day first, then by id. With this index a page
-- starts where the last ended and reads its rows in order, instead of
-- sorting each day's rows by id (docs/exports.md, "Measured").
CREATE INDEX incidents_day_id ON incidents (day_from DESC, id);
