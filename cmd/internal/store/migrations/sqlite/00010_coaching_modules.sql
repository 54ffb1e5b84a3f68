-- Coaching modules: trainer-authored lessons linked to rubric criteria by
-- key (so a module outlives rubric versions), and their assignments to
-- agents with a due date. Saves are optimistic: an edit names the version
-- it started from.

-- +goose Up
CREATE TABLE coaching_modules (
    id         INTEGER  PRIMARY KEY AUTOINCREMENT,
    title      TEXT     NOT NULL,
    body       TEXT     NOT NULL,
    criteria   TEXT     NOT NULL DEFAULT '', -- criterion keys, sorted, comma-separated
    author_id  INTEGER  NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    version    INTEGER  NOT NULL DEFAULT 1 CHECK (version >= 1)
);

-- due_on is a civil date, stored as YYYY-MM-DD text: the CHECK refuses a
-- timestamp (which the driver would write for a time.Time), so the column
-- never holds an instant whose day depends on a time zone.
CREATE TABLE module_assignments (
    id           INTEGER  PRIMARY KEY AUTOINCREMENT,
    module_id    INTEGER  NOT NULL REFERENCES coaching_modules (id),
    agent_id     INTEGER  NOT NULL REFERENCES users (id),
    assigned_by  INTEGER  NOT NULL REFERENCES users (id),
    assigned_at  DATETIME NOT NULL,
    due_on       DATE     NOT NULL CHECK (due_on = date(due_on)),
    completed_at DATETIME,
    UNIQUE (module_id, agent_id)
);
-- The two lists: an agent's modules and a module's agents, soonest due
-- first.
CREATE INDEX module_assignments_agent ON module_assignments (agent_id, due_on, id);
CREATE INDEX module_assignments_module ON module_assignments (module_id, due_on, id);

-- +goose Down
DROP TABLE module_assignments;
DROP TABLE coaching_modules;
