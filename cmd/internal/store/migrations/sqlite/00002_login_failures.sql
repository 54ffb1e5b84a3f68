-- Failed sign-ins, kept in the database (not in process memory) so that
-- every app replica sees the same counts and an attacker cannot spread
-- guesses across replicas (DESIGN §4). Rows older than a day are swept on
-- insert; the throttle window is much shorter.

-- +goose Up
CREATE TABLE login_failures (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account      TEXT     NOT NULL,
    ip           TEXT     NOT NULL,
    at           DATETIME NOT NULL,
    -- Set when the same account later signs in from the same IP: that pair
    -- is forgiven, but the failures still count against the account and
    -- the IP, so a success does not wipe the evidence of an attack.
    pair_cleared INTEGER  NOT NULL DEFAULT 0 CHECK (pair_cleared IN (0, 1))
);
CREATE INDEX login_failures_ip ON login_failures (ip, at);
CREATE INDEX login_failures_account ON login_failures (account, ip, at);
CREATE INDEX login_failures_at ON login_failures (at);

-- +goose Down
DROP TABLE login_failures;
