-- Disputes: an agent challenges their published review with a reason
-- (and optionally the criteria), and a supervisor answers. One per review:
-- the dispute moves the review to disputed, the answer to resolved, which
-- is final (00008).

-- +goose Up
CREATE TABLE review_disputes (
    id          INTEGER  PRIMARY KEY AUTOINCREMENT,
    review_id   INTEGER  NOT NULL UNIQUE REFERENCES reviews (id),
    agent_id    INTEGER  NOT NULL REFERENCES users (id),
    reason      TEXT     NOT NULL,
    criteria    TEXT     NOT NULL DEFAULT '', -- criterion keys, comma-separated
    created_at  DATETIME NOT NULL,
    resolved_by INTEGER  REFERENCES users (id),
    resolved_at DATETIME,
    resolution  TEXT     NOT NULL DEFAULT '',
    outcome     TEXT     NOT NULL DEFAULT '' CHECK (outcome IN ('', 'upheld', 'changed'))
);

-- +goose Down
DROP TABLE review_disputes;
