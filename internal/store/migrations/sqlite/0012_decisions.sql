-- Analysts' decisions on claims (docs/review.md): kept apart from the
-- derived analysis, appended and never changed; a later decision on a
-- claim supersedes an earlier one. The table, newest first, is the audit
-- trail. claims holds the keys of the claims a decision covers (JSON),
-- correction the fields a correct_claim sets (JSON, '' for none).
CREATE TABLE decisions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    claims     TEXT NOT NULL,
    correction TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL CHECK (reason <> ''),
    actor      TEXT NOT NULL CHECK (actor <> ''),
    at         TIMESTAMP NOT NULL
);
CREATE INDEX decisions_subject ON decisions (subject);
CREATE INDEX decisions_actor ON decisions (actor);
-- The reports each decision's claims are in: extraction reads the
-- decisions of the reports it extracts.
CREATE TABLE decision_reports (
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    report_id   TEXT NOT NULL,
    PRIMARY KEY (report_id, decision_id)
);
-- The verdict the decisions left on each claim ('' for none): the review
-- queue is the incidents with a claim nobody decided on.
ALTER TABLE claims ADD COLUMN verdict TEXT NOT NULL DEFAULT '';
CREATE INDEX claims_undecided ON claims (incident_id) WHERE verdict = '' AND incident_id <> '';
