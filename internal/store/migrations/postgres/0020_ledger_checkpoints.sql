-- The ledger's checkpoint history (docs/ledger.md, "Checkpoint history"):
-- the first checkpoint signed for each tree size, with the time it was
-- signed. root_hash is the tree's root in standard base64, as in the
-- checkpoint's text; checkpoint is the signed note as it was published.
-- Rows are only ever added: the monitor refuses to sign a tree that does
-- not extend the largest one kept here.
CREATE TABLE ledger_checkpoints (
    tree_size  BIGINT PRIMARY KEY,
    root_hash  TEXT NOT NULL,
    signed_at  TIMESTAMPTZ NOT NULL,
    checkpoint TEXT NOT NULL
);
