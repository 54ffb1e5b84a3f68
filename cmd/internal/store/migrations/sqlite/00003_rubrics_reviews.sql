-- Rubrics, their versions, and reviews that pin a version.
--
-- A version's content (sections and criteria) is one JSON document: a
-- version is always read and written whole, and once published it is
-- frozen, so normalising criteria into rows would buy nothing but joins.
-- Frozen means frozen in the database too: the triggers below refuse any
-- change to a published or archived version other than archiving it, so
-- no bug or hand-typed statement can change what past reviews were
-- scored against.

-- +goose Up
CREATE TABLE rubrics (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT     NOT NULL UNIQUE,
    description TEXT     NOT NULL DEFAULT '',
    created_by  INTEGER  REFERENCES users (id) ON DELETE SET NULL,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE rubric_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    rubric_id    INTEGER  NOT NULL REFERENCES rubrics (id),
    number       INTEGER  NOT NULL CHECK (number >= 1),
    status       TEXT     NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    score_cap    INTEGER  NOT NULL,
    second_check INTEGER  NOT NULL DEFAULT 0 CHECK (second_check IN (0, 1)),
    content      TEXT     NOT NULL CHECK (json_valid(content)),
    revision     INTEGER  NOT NULL DEFAULT 1 CHECK (revision >= 1),
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    published_at DATETIME,
    published_by INTEGER  REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (rubric_id, number),
    -- Only drafts lack a publication time; archived versions were
    -- published once and keep when.
    CHECK ((status = 'draft') = (published_at IS NULL))
);
-- At most one draft and one published version per rubric, whatever the
-- application does; two concurrent "new draft" clicks cannot both win.
CREATE UNIQUE INDEX rubric_versions_one_draft ON rubric_versions (rubric_id) WHERE status = 'draft';
CREATE UNIQUE INDEX rubric_versions_one_published ON rubric_versions (rubric_id) WHERE status = 'published';

-- A frozen (published or archived) version may change only its status
-- and updated_at.
-- +goose StatementBegin
CREATE TRIGGER rubric_versions_frozen BEFORE UPDATE ON rubric_versions
WHEN OLD.status <> 'draft' AND (
       NEW.id IS NOT OLD.id
    OR NEW.rubric_id IS NOT OLD.rubric_id
    OR NEW.number IS NOT OLD.number
    OR NEW.content IS NOT OLD.content
    OR NEW.score_cap IS NOT OLD.score_cap
    OR NEW.second_check IS NOT OLD.second_check
    OR NEW.revision IS NOT OLD.revision
    OR NEW.created_at IS NOT OLD.created_at
    OR NEW.published_at IS NOT OLD.published_at
    OR NEW.published_by IS NOT OLD.published_by)
BEGIN
    SELECT RAISE(ABORT, 'rubric version is frozen: a published or archived version cannot be changed');
END;
-- +goose StatementEnd

-- The only status changes: draft → published (with its time) and
-- published → archived. In particular nothing returns to draft and an
-- archived version is never republished (publish a new version instead).
-- +goose StatementBegin
CREATE TRIGGER rubric_versions_transition BEFORE UPDATE ON rubric_versions
WHEN NEW.status IS NOT OLD.status AND NOT (
       (OLD.status = 'draft' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL)
    OR (OLD.status = 'published' AND NEW.status = 'archived'))
BEGIN
    SELECT RAISE(ABORT, 'rubric version status change not allowed: only draft to published and published to archived');
END;
-- +goose StatementEnd

-- Reviews reference frozen versions; deleting one would orphan them.
-- +goose StatementBegin
CREATE TRIGGER rubric_versions_no_delete BEFORE DELETE ON rubric_versions
WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'rubric version is frozen: a published or archived version cannot be deleted');
END;
-- +goose StatementEnd

CREATE TABLE reviews (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    interaction_id    INTEGER  NOT NULL REFERENCES interactions (id),
    agent_id          INTEGER  REFERENCES users (id) ON DELETE SET NULL,
    reviewer_id       INTEGER  NOT NULL REFERENCES users (id),
    rubric_version_id INTEGER  NOT NULL REFERENCES rubric_versions (id),
    state             TEXT     NOT NULL CHECK (state IN ('draft', 'submitted', 'published', 'disputed', 'resolved')),
    comment           TEXT     NOT NULL DEFAULT '',
    score             REAL,
    revision          INTEGER  NOT NULL DEFAULT 1 CHECK (revision >= 1),
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL,
    submitted_at      DATETIME,
    published_at      DATETIME
);
-- "Reviews of rubric X" starts from its few versions; "reviews of agent Y"
-- is newest first.
CREATE INDEX reviews_version ON reviews (rubric_version_id, state);
CREATE INDEX reviews_agent ON reviews (agent_id, created_at, id);
CREATE INDEX reviews_interaction ON reviews (interaction_id);
CREATE INDEX reviews_reviewer ON reviews (reviewer_id, created_at, id);

CREATE TABLE review_ratings (
    review_id     INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    criterion_key TEXT    NOT NULL,
    level         INTEGER,
    na            INTEGER NOT NULL DEFAULT 0 CHECK (na IN (0, 1)),
    comment       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, criterion_key),
    CHECK (NOT (na = 1 AND level IS NOT NULL))
) WITHOUT ROWID;

-- +goose Down
DROP TABLE review_ratings;
DROP TABLE reviews;
DROP TABLE rubric_versions;
DROP TABLE rubrics;
