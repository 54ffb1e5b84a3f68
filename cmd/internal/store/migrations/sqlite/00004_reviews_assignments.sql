-- Evidence spans, the published-review guard, and review assignments with
-- their queues.
--
-- Published reviews are immutable in the database, not only in the
-- application: the triggers below refuse any change to a published review
-- except the dispute flow's state change, refuse deleting anything but a
-- draft, and refuse touching the ratings and evidence of a published
-- review. Seeding inserts a published review as a draft, adds its ratings
-- and evidence, then flips the state (the store's insertReviews).

-- +goose Up
CREATE TABLE review_evidence (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id     INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    criterion_key TEXT    NOT NULL,
    turn_id       INTEGER NOT NULL REFERENCES turns (id),
    start_rune    INTEGER NOT NULL,
    end_rune      INTEGER NOT NULL,
    quote         TEXT    NOT NULL DEFAULT '',
    -- Evidence belongs to a rating: replacing a draft's ratings drops it.
    FOREIGN KEY (review_id, criterion_key) REFERENCES review_ratings (review_id, criterion_key) ON DELETE CASCADE,
    CHECK (0 <= start_rune AND start_rune < end_rune)
);
CREATE INDEX review_evidence_review ON review_evidence (review_id, criterion_key, id);
CREATE INDEX review_evidence_turn ON review_evidence (turn_id);

-- A published review may change only its state, to disputed (with
-- updated_at and a revision step, for the dispute flow's optimistic lock).
-- +goose StatementBegin
CREATE TRIGGER reviews_published_frozen BEFORE UPDATE ON reviews
WHEN OLD.state = 'published' AND (
       NEW.state IS NOT 'disputed'
    OR NEW.id IS NOT OLD.id
    OR NEW.interaction_id IS NOT OLD.interaction_id
    OR NEW.agent_id IS NOT OLD.agent_id
    OR NEW.reviewer_id IS NOT OLD.reviewer_id
    OR NEW.rubric_version_id IS NOT OLD.rubric_version_id
    OR NEW.comment IS NOT OLD.comment
    OR NEW.score IS NOT OLD.score
    OR NEW.revision NOT IN (OLD.revision, OLD.revision + 1)
    OR NEW.created_at IS NOT OLD.created_at
    OR NEW.submitted_at IS NOT OLD.submitted_at
    OR NEW.published_at IS NOT OLD.published_at)
BEGIN
    SELECT RAISE(ABORT, 'review is published: it cannot be changed (only disputed)');
END;
-- +goose StatementEnd

-- Only a grader's private draft can be deleted; anything submitted is
-- history.
-- +goose StatementBegin
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
WHEN OLD.state <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'review is not a draft: it cannot be deleted');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER review_ratings_published_insert BEFORE INSERT ON review_ratings
WHEN (SELECT state FROM reviews WHERE id = NEW.review_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'review is published: its ratings cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_ratings_published_update BEFORE UPDATE ON review_ratings
WHEN (SELECT state FROM reviews WHERE id = OLD.review_id) = 'published'
  OR (SELECT state FROM reviews WHERE id = NEW.review_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'review is published: its ratings cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_ratings_published_delete BEFORE DELETE ON review_ratings
WHEN (SELECT state FROM reviews WHERE id = OLD.review_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'review is published: its ratings cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_evidence_published_insert BEFORE INSERT ON review_evidence
WHEN (SELECT state FROM reviews WHERE id = NEW.review_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'review is published: its evidence cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_evidence_published_update BEFORE UPDATE ON review_evidence
WHEN (SELECT state FROM reviews WHERE id = OLD.review_id) = 'published'
  OR (SELECT state FROM reviews WHERE id = NEW.review_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'review is published: its evidence cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_evidence_published_delete BEFORE DELETE ON review_evidence
WHEN (SELECT state FROM reviews WHERE id = OLD.review_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'review is published: its evidence cannot be changed');
END;
-- +goose StatementEnd

CREATE TABLE assignments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT     NOT NULL,
    rubric_id  INTEGER  NOT NULL REFERENCES rubrics (id),
    quota      INTEGER  NOT NULL CHECK (quota BETWEEN 1 AND 100),
    period     TEXT     NOT NULL CHECK (period IN ('week', 'month')),
    sampling   TEXT     NOT NULL CHECK (sampling IN ('random', 'lowest-csat', 'longest', 'most-customer')),
    active     INTEGER  NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_by INTEGER  REFERENCES users (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE assignment_reviewers (
    assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (assignment_id, user_id)
) WITHOUT ROWID;
-- The queue starts from the reviewer.
CREATE INDEX assignment_reviewers_user ON assignment_reviewers (user_id, assignment_id);

CREATE TABLE assignment_agents (
    assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (assignment_id, user_id)
) WITHOUT ROWID;

CREATE TABLE assignment_teams (
    assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    team_id       INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    PRIMARY KEY (assignment_id, team_id)
) WITHOUT ROWID;

CREATE TABLE queue_skips (
    assignment_id  INTEGER  NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    interaction_id INTEGER  NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    reviewer_id    INTEGER  NOT NULL REFERENCES users (id),
    reason         TEXT     NOT NULL CHECK (reason <> ''),
    at             DATETIME NOT NULL,
    PRIMARY KEY (assignment_id, interaction_id, reviewer_id)
) WITHOUT ROWID;

-- Candidates are an agent's interactions without a finished review of the
-- assignment's rubric: looked up per interaction.
CREATE INDEX reviews_interaction_state ON reviews (interaction_id, state, rubric_version_id);
CREATE INDEX turns_interaction_role ON turns (interaction_id, role);

-- +goose Down
DROP INDEX turns_interaction_role;
DROP INDEX reviews_interaction_state;
DROP TABLE queue_skips;
DROP TABLE assignment_teams;
DROP TABLE assignment_agents;
DROP TABLE assignment_reviewers;
DROP TABLE assignments;
DROP TRIGGER review_evidence_published_delete;
DROP TRIGGER review_evidence_published_update;
DROP TRIGGER review_evidence_published_insert;
DROP TRIGGER review_ratings_published_delete;
DROP TRIGGER review_ratings_published_update;
DROP TRIGGER review_ratings_published_insert;
DROP TRIGGER reviews_no_delete;
DROP TRIGGER reviews_published_frozen;
DROP TABLE review_evidence;
