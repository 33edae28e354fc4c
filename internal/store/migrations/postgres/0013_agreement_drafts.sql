-- Agreement drafts (docs/review.md): terms drafted from an extracted
-- agreement claim or loaded from a file as a draft, that the assessment
-- does not read until an analyst approves them. id is "AGREEMENT-vN";
-- state is pending, approved or rejected; decision_id the decision that
-- approved or rejected it (the audit trail says who, when and why).
CREATE TABLE agreement_drafts (
    id           TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL,
    version      INTEGER NOT NULL,
    source       TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
    decision_id  BIGINT REFERENCES decisions (id),
    created_at   TIMESTAMPTZ NOT NULL,
    body         TEXT NOT NULL
);
CREATE INDEX agreement_drafts_state ON agreement_drafts (state, created_at);
