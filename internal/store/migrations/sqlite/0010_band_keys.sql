-- Copy detection's band keys move from one row per key, a B-tree whose
-- random keys every batch of analysis dirtied all over, to one row per
-- analysed report, with the generation of the analysis that wrote it. A
-- process keeps the keys in memory (provenance.BandIndex) and reads only
-- the rows written since it last looked (docs/pipeline.md).
DROP TABLE report_bands;
CREATE TABLE band_keys (
    report_id  TEXT NOT NULL UNIQUE,
    generation INTEGER NOT NULL,
    bands      BLOB NOT NULL, -- 8 bytes a key, big-endian
    sketch     BLOB NOT NULL  -- a byte of each hash of the signature
);
CREATE INDEX band_keys_generation ON band_keys (generation);
-- The old keys are not converted: the reports analysed before are
-- analysed again (their claims are kept), which writes their keys anew.
UPDATE reports SET stage = 'extracted' WHERE stage = 'analysed';
