-- A resolved review is as final as a published one: the dispute flow has
-- given its answer, and the audit log holds what changed. Nothing about
-- it, its ratings or its evidence may change afterwards (00004 already
-- refuses deleting anything but a draft).

-- +goose Up
-- +goose StatementBegin
CREATE TRIGGER reviews_resolved_frozen BEFORE UPDATE ON reviews
WHEN OLD.state = 'resolved'
BEGIN
    SELECT RAISE(ABORT, 'review is resolved: it cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_ratings_resolved_insert BEFORE INSERT ON review_ratings
WHEN (SELECT state FROM reviews WHERE id = NEW.review_id) = 'resolved'
BEGIN
    SELECT RAISE(ABORT, 'review is resolved: its ratings cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_ratings_resolved_update BEFORE UPDATE ON review_ratings
WHEN (SELECT state FROM reviews WHERE id = OLD.review_id) = 'resolved'
  OR (SELECT state FROM reviews WHERE id = NEW.review_id) = 'resolved'
BEGIN
    SELECT RAISE(ABORT, 'review is resolved: its ratings cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_ratings_resolved_delete BEFORE DELETE ON review_ratings
WHEN (SELECT state FROM reviews WHERE id = OLD.review_id) = 'resolved'
BEGIN
    SELECT RAISE(ABORT, 'review is resolved: its ratings cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_evidence_resolved_insert BEFORE INSERT ON review_evidence
WHEN (SELECT state FROM reviews WHERE id = NEW.review_id) = 'resolved'
BEGIN
    SELECT RAISE(ABORT, 'review is resolved: its evidence cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_evidence_resolved_update BEFORE UPDATE ON review_evidence
WHEN (SELECT state FROM reviews WHERE id = OLD.review_id) = 'resolved'
  OR (SELECT state FROM reviews WHERE id = NEW.review_id) = 'resolved'
BEGIN
    SELECT RAISE(ABORT, 'review is resolved: its evidence cannot be changed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER review_evidence_resolved_delete BEFORE DELETE ON review_evidence
WHEN (SELECT state FROM reviews WHERE id = OLD.review_id) = 'resolved'
BEGIN
    SELECT RAISE(ABORT, 'review is resolved: its evidence cannot be changed');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER review_evidence_resolved_delete;
DROP TRIGGER review_evidence_resolved_update;
DROP TRIGGER review_evidence_resolved_insert;
DROP TRIGGER review_ratings_resolved_delete;
DROP TRIGGER review_ratings_resolved_update;
DROP TRIGGER review_ratings_resolved_insert;
DROP TRIGGER reviews_resolved_frozen;
