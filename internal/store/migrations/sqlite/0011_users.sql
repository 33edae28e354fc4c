-- Accounts and browser sessions (internal/auth, docs/security.md). Neither
-- table holds a secret: an account keeps the SHA-256 of its API token, a
-- session the SHA-256 of the id in its cookie.
CREATE TABLE users (
    name       TEXT PRIMARY KEY,
    role       TEXT NOT NULL,             -- viewer, analyst or admin
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP                  -- set when revoked; the row stays for the record
);
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_name);
CREATE INDEX sessions_expires ON sessions (expires_at);
