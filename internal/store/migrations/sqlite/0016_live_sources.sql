-- Live sources (docs/sources.md, internal/sources): feeds, pages, watched
-- folders and Telegram exports that serve and poll read by themselves.
-- Their outlet's affiliation and party are rows of sources (the
-- registry); these rows hold where to read and what was read last.
CREATE TABLE live_sources (
    name          TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('feed', 'page', 'folder', 'telegram')),
    location      TEXT NOT NULL,
    outlet        TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL DEFAULT '',
    channel       TEXT NOT NULL DEFAULT '', -- a Telegram export's channel username, for its links
    added_at      TIMESTAMP NOT NULL,
    -- what the last successful read left: the validators of a
    -- conditional GET, the SHA-256 of a page's main text
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    content_hash  TEXT NOT NULL DEFAULT '',
    -- failures in a row (the backoff grows with them), the last error,
    -- when it was read last and when next
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    polled_at     TIMESTAMP,
    next_poll_at  TIMESTAMP,
    stored        INTEGER NOT NULL DEFAULT 0  -- new reports it gave, in all
);
-- The files of a watched folder (or the export of a telegram source)
-- already ingested, by size and modification time: a file is read again
-- only when either changes. Its reports are stored (deduplicated by
-- their content) before its row is written, so a crash in between reads
-- it once more and stores nothing twice.
CREATE TABLE live_source_files (
    source   TEXT NOT NULL REFERENCES live_sources (name) ON DELETE CASCADE,
    path     TEXT NOT NULL,
    size     INTEGER NOT NULL,
    mod_time INTEGER NOT NULL, -- Unix nanoseconds
    PRIMARY KEY (source, path)
);
