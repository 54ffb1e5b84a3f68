package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/qascore/qascore/scoring"
)

type auditRow struct {
	ID        int64     `gorm:"column:id;primaryKey"`
	At        time.Time `gorm:"column:at"`
	ActorID   int64     `gorm:"column:actor_id"`
	Action    string    `gorm:"column:action"`
	Entity    string    `gorm:"column:entity"`
	EntityID  int64     `gorm:"column:entity_id"`
	Before    string    `gorm:"column:before"`
	After     string    `gorm:"column:after"`
	Reason    string    `gorm:"column:reason"`
	RequestID string    `gorm:"column:request_id"`
	PrevHash  string    `gorm:"column:prev_hash"`
	Hash      string    `gorm:"column:hash"`
}

func (auditRow) TableName() string { return "audit_events" }

func fromAuditRow(r auditRow) scoring.AuditEvent {
	return scoring.AuditEvent{
		ID: r.ID, At: r.At.UTC(), ActorID: r.ActorID, Action: r.Action, Entity: r.Entity,
		EntityID: r.EntityID, Before: r.Before, After: r.After, Reason: r.Reason,
		RequestID: r.RequestID, PrevHash: r.PrevHash, Hash: r.Hash,
	}
}

// auditHash is the hex SHA-256 of the event's canonical encoding: a JSON
// array of its fields in a fixed order, PrevHash first. JSON arrays of
// strings have exactly one encoding, so the hash is reproducible, and
// length-delimited strings make field boundaries unambiguous.
func auditHash(r auditRow) string {
	b, _ := json.Marshal([]string{
		r.PrevHash,
		r.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(r.ActorID, 10),
		r.Action,
		r.Entity,
		strconv.FormatInt(r.EntityID, 10),
		r.Before,
		r.After,
		r.Reason,
		r.RequestID,
	})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// auditLockKey serialises audit appends on PostgreSQL so two concurrent
// transactions cannot both link to the same previous event.
const auditLockKey = 7_261_830_114

// appendAudit writes one audit event inside tx, linked to the newest
// event read in the same transaction. before/after are marshalled to
// JSON; nil becomes "".
func (d *DB) appendAudit(tx *gorm.DB, by scoring.Actor, action, entity string, entityID int64, before, after any) error {
	return d.appendAudits(tx, by, []auditEntry{{Action: action, Entity: entity, EntityID: entityID, Before: before, After: after}})
}

// auditEntry is one event for appendAudits.
type auditEntry struct {
	Action, Entity string
	EntityID       int64
	Before, After  any
}

// appendAudits writes events in order inside tx as one stretch of the
// chain: the previous hash is read once and the events are inserted
// together, so bulk writes (seeding reviews) cost two statements per
// batch instead of two per event.
func (d *DB) appendAudits(tx *gorm.DB, by scoring.Actor, events []auditEntry) error {
	if len(events) == 0 {
		return nil
	}
	if d.dialect == DialectPostgres {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", auditLockKey).Error; err != nil {
			return fmt.Errorf("audit lock: %w", err)
		}
	}
	var prev []string
	if err := tx.Model(&auditRow{}).Order("id DESC").Limit(1).Pluck("hash", &prev).Error; err != nil {
		return fmt.Errorf("audit read previous: %w", err)
	}
	prevHash := ""
	if len(prev) > 0 {
		prevHash = prev[0]
	}
	at := utcMicro(time.Now())
	rows := make([]auditRow, len(events))
	for i, e := range events {
		r := auditRow{
			At: at, ActorID: by.UserID, Action: e.Action, Entity: e.Entity,
			EntityID: e.EntityID, RequestID: by.RequestID, PrevHash: prevHash,
		}
		var err error
		if r.Before, err = auditJSON(e.Before); err != nil {
			return err
		}
		if r.After, err = auditJSON(e.After); err != nil {
			return err
		}
		r.Hash = auditHash(r)
		prevHash = r.Hash
		rows[i] = r
	}
	// Batches keep each INSERT under the drivers' parameter limits; ids
	// still come out in slice order, which the chain relies on.
	if err := tx.CreateInBatches(rows, 500).Error; err != nil {
		return fmt.Errorf("audit append: %w", translate(err))
	}
	return nil
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit encode: %w", err)
	}
	return string(b), nil
}

// AuditEvents returns the newest limit events, newest first (limit ≤ 0
// means 100).
func (d *DB) AuditEvents(ctx context.Context, limit int) ([]scoring.AuditEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	var rows []auditRow
	if err := d.r.WithContext(ctx).Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: audit events: %w", translate(err))
	}
	out := make([]scoring.AuditEvent, len(rows))
	for i, r := range rows {
		out[i] = fromAuditRow(r)
	}
	return out, nil
}

// VerifyAuditChain recomputes every event's hash in order and checks each
// links to its predecessor. It returns an error wrapping
// ErrAuditChainBroken that names the first bad event.
func (d *DB) VerifyAuditChain(ctx context.Context) error {
	const batch = 1000
	var (
		prevHash string
		lastID   int64
	)
	for {
		var rows []auditRow
		if err := d.r.WithContext(ctx).Where("id > ?", lastID).Order("id").Limit(batch).Find(&rows).Error; err != nil {
			return fmt.Errorf("store: verify audit chain: %w", translate(err))
		}
		for _, r := range rows {
			if r.PrevHash != prevHash {
				return fmt.Errorf("store: verify audit chain: event %d (%s): prev_hash does not match the hash of the event before it: %w",
					r.ID, r.Action, ErrAuditChainBroken)
			}
			if got := auditHash(r); got != r.Hash {
				return fmt.Errorf("store: verify audit chain: event %d (%s): content does not match its hash: %w",
					r.ID, r.Action, ErrAuditChainBroken)
			}
			prevHash, lastID = r.Hash, r.ID
		}
		if len(rows) < batch {
			return nil
		}
	}
}
