-- Initial schema for SQLite. Times are stored as UTC text in one fixed
-- layout (the driver's "sqlite" time format), so text order is time order.

-- +goose Up
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'supervisor', 'trainer', 'agent')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    password_hash TEXT    NOT NULL DEFAULT '',
    auth_version  INTEGER NOT NULL DEFAULT 1,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX users_name ON users (name, id);
CREATE INDEX users_role ON users (role, name);

CREATE TABLE teams (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT     NOT NULL UNIQUE,
    created_at DATETIME NOT NULL
);

CREATE TABLE team_memberships (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind    TEXT    NOT NULL CHECK (kind IN ('agent', 'supervisor')),
    PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;
-- Scope checks start from the viewer: "which teams does this user supervise".
CREATE INDEX team_memberships_user ON team_memberships (user_id, kind, team_id);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB     NOT NULL,
    expiry DATETIME NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE interactions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    source        TEXT     NOT NULL,
    external_id   TEXT     NOT NULL,
    channel       TEXT     NOT NULL CHECK (channel IN ('chat', 'email', 'call')),
    agent_id      INTEGER  REFERENCES users (id) ON DELETE SET NULL,
    agent_name    TEXT     NOT NULL DEFAULT '',
    customer_name TEXT     NOT NULL DEFAULT '',
    language      TEXT     NOT NULL DEFAULT '',
    subject       TEXT     NOT NULL DEFAULT '',
    started_at    DATETIME NOT NULL,
    duration_ms   INTEGER  NOT NULL DEFAULT 0,
    csat          INTEGER  CHECK (csat BETWEEN 1 AND 5),
    preview       TEXT     NOT NULL DEFAULT '',
    turn_count    INTEGER  NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL,
    UNIQUE (source, external_id)
);
-- The list is always newest first; each index ends in (started_at, id) so
-- a filtered first page is an index range read, not a sort.
CREATE INDEX interactions_started ON interactions (started_at, id);
CREATE INDEX interactions_agent ON interactions (agent_id, started_at, id);
CREATE INDEX interactions_channel ON interactions (channel, started_at, id);
CREATE INDEX interactions_language ON interactions (language, started_at, id);

CREATE TABLE turns (
    id             INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('agent', 'customer', 'bot', 'system')),
    speaker        TEXT    NOT NULL DEFAULT '',
    text           TEXT    NOT NULL,
    start_ms       INTEGER,
    end_ms         INTEGER,
    at             DATETIME,
    UNIQUE (interaction_id, seq)
);

-- One search document per interaction (all turn texts), contentless so
-- the text is not stored twice. The trigram tokenizer matches substrings,
-- which is what makes Thai (no spaces between words) searchable, and folds
-- case for every script.
CREATE VIRTUAL TABLE interactions_fts USING fts5 (
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram'
);

-- +goose StatementBegin
CREATE TRIGGER interactions_fts_delete AFTER DELETE ON interactions
BEGIN
    DELETE FROM interactions_fts WHERE rowid = old.id;
END;
-- +goose StatementEnd

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         DATETIME NOT NULL,
    actor_id   INTEGER  NOT NULL DEFAULT 0,
    action     TEXT     NOT NULL,
    entity     TEXT     NOT NULL,
    entity_id  INTEGER  NOT NULL DEFAULT 0,
    "before"   TEXT     NOT NULL DEFAULT '',
    "after"    TEXT     NOT NULL DEFAULT '',
    reason     TEXT     NOT NULL DEFAULT '',
    request_id TEXT     NOT NULL DEFAULT '',
    prev_hash  TEXT     NOT NULL DEFAULT '',
    hash       TEXT     NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, id);

-- The audit log is append-only: the database itself refuses edits, so a
-- bug or a hand-typed statement cannot rewrite history.
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_events;
DROP TABLE interactions_fts;
DROP TABLE turns;
DROP TABLE interactions;
DROP TABLE sessions;
DROP TABLE team_memberships;
DROP TABLE teams;
DROP TABLE users;
