-- Analysts merge and split incidents (docs/review.md). A claim's merge
-- label (its body's review.merged, '' for none) is copied here so that the
-- incremental analysis finds the claims an arriving claim is merged with,
-- however far apart in days and places: correlate.Update reads them by
-- label. A split_incident decision's parts (JSON: the part of each of its
-- claims, '' for other kinds). Numbered 0014: 0013 is another branch's.
ALTER TABLE claims ADD COLUMN merge_group TEXT NOT NULL DEFAULT '';
CREATE INDEX claims_merge_group ON claims (merge_group) WHERE merge_group <> '';
ALTER TABLE decisions ADD COLUMN parts TEXT NOT NULL DEFAULT '';
