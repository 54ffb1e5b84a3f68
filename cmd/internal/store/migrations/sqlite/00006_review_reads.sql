-- Review reads: when an agent first opened each of their scorecards, so
-- "My scorecards" can mark the ones they have not read yet. A row of its
-- own rather than a column on reviews, because published reviews are
-- immutable (00004's triggers) and reading one is not a change to it.

-- +goose Up
CREATE TABLE review_reads (
    review_id INTEGER  NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id   INTEGER  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at   DATETIME NOT NULL,
    PRIMARY KEY (review_id, user_id)
) WITHOUT ROWID;
CREATE INDEX review_reads_user ON review_reads (user_id);

-- +goose Down
DROP TABLE review_reads;
