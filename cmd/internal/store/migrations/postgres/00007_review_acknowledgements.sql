-- An agent's acknowledgement of a scorecard: "I have read this review".
-- Kept beside the first read (00006), never on the review itself, which
-- is immutable once published. NULL until the agent acknowledges.

-- +goose Up
ALTER TABLE review_reads ADD COLUMN acknowledged_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE review_reads DROP COLUMN acknowledged_at;
