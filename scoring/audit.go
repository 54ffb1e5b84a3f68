package scoring

import "time"

// Actor is who made a change and under which request, recorded on every
// audit event so a score or account change can be traced to a person and
// to the log lines of the request that made it.
type Actor struct {
	UserID    int64 // 0 for the system (CLI, seed, migrations)
	RequestID string
}

// AuditEvent is one append-only record of a change. Events form a hash
// chain: Hash covers this event's fields and PrevHash, so removing or
// editing a row breaks every hash after it.
type AuditEvent struct {
	ID        int64
	At        time.Time // UTC
	ActorID   int64
	Action    string // e.g. "user.create", "user.role", "team.members"
	Entity    string // e.g. "user", "team", "review"
	EntityID  int64
	Before    string // JSON of the changed fields before, "" on create
	After     string // JSON of the changed fields after
	Reason    string
	RequestID string
	PrevHash  string // hex SHA-256 of the previous event, "" for the first
	Hash      string // hex SHA-256 of this event including PrevHash
}
