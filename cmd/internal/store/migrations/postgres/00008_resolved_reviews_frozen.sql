-- A resolved review is as final as a published one: the dispute flow has
-- given its answer, and the audit log holds what changed. Nothing about
-- it, its ratings or its evidence may change afterwards (00004 already
-- refuses deleting anything but a draft).

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION reviews_resolved_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'resolved' THEN
        RAISE EXCEPTION 'review % is resolved: it cannot be changed', OLD.id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER reviews_resolved_guard BEFORE UPDATE ON reviews
    FOR EACH ROW EXECUTE FUNCTION reviews_resolved_guard();

-- +goose StatementBegin
CREATE FUNCTION review_children_resolved_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF EXISTS (SELECT 1 FROM reviews WHERE id = OLD.review_id AND state = 'resolved') THEN
            RAISE EXCEPTION 'review % is resolved: its % cannot be changed', OLD.review_id, TG_TABLE_NAME
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF EXISTS (SELECT 1 FROM reviews WHERE id = NEW.review_id AND state = 'resolved') THEN
            RAISE EXCEPTION 'review % is resolved: its % cannot be changed', NEW.review_id, TG_TABLE_NAME
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER review_ratings_resolved_guard BEFORE INSERT OR UPDATE OR DELETE ON review_ratings
    FOR EACH ROW EXECUTE FUNCTION review_children_resolved_guard();
CREATE TRIGGER review_evidence_resolved_guard BEFORE INSERT OR UPDATE OR DELETE ON review_evidence
    FOR EACH ROW EXECUTE FUNCTION review_children_resolved_guard();

-- +goose Down
DROP TRIGGER review_evidence_resolved_guard ON review_evidence;
DROP TRIGGER review_ratings_resolved_guard ON review_ratings;
DROP FUNCTION review_children_resolved_guard();
DROP TRIGGER reviews_resolved_guard ON reviews;
DROP FUNCTION reviews_resolved_guard();
