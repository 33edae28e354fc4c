-- The place filter (a place's id or an admin-1 code) reads these instead of
-- every incident, newest first as the list wants them.
CREATE INDEX incidents_place_day ON incidents (place_id, day_from);
CREATE INDEX incidents_admin1_day ON incidents (admin1, day_from);
