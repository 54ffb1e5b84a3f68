-- Imports: agent names seen in imported files that an admin mapped to an
-- agent account, so the next import of the same name maps by itself.

-- +goose Up
CREATE TABLE agent_aliases (
    -- The name as imported, trimmed and lower-cased (by the application,
    -- which folds every script; SQLite's LOWER folds only ASCII).
    name       TEXT     PRIMARY KEY,
    user_id    INTEGER  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL
) WITHOUT ROWID;
CREATE INDEX agent_aliases_user ON agent_aliases (user_id);

-- Conversations whose agent is not mapped yet, by the name in the source:
-- the mapping page groups them and mapping updates them.
CREATE INDEX interactions_unmapped ON interactions (agent_name) WHERE agent_id IS NULL;

-- +goose Down
DROP INDEX interactions_unmapped;
DROP TABLE agent_aliases;
