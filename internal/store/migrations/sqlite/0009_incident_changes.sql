-- What the incident index (internal/incidentindex) reads to catch up with
-- the analysis instead of reading every incident again: the generation of
-- the analysis that wrote each incident, and the ids of the incidents each
-- generation removed (an id removed twice keeps its last removal). Old
-- removals are pruned; analysis_generation.pruned is the newest generation
-- whose removals may be gone, so an index older than it reads everything.
-- Incidents stored before this migration count as generation 0, and their
-- removals were not kept: every index built before it reads everything.
ALTER TABLE incidents ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
CREATE INDEX incidents_generation ON incidents (generation);
CREATE TABLE removed_incidents (
    id         TEXT PRIMARY KEY,
    generation INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX removed_incidents_generation ON removed_incidents (generation);
ALTER TABLE analysis_generation ADD COLUMN pruned INTEGER NOT NULL DEFAULT 0;
UPDATE analysis_generation SET pruned = generation;
