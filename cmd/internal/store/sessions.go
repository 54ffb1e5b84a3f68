package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

type sessionRow struct {
	Token  string    `gorm:"column:token;primaryKey"`
	Data   []byte    `gorm:"column:data"`
	Expiry time.Time `gorm:"column:expiry"`
}

func (sessionRow) TableName() string { return "sessions" }

// Sessions returns the scs session store backed by this database. The DB
// itself implements scs.CtxStore and scs.IterableStore; this accessor
// exists so wiring code reads as what it does.
func (d *DB) Sessions() *DB { return d }

// FindCtx returns the data of an unexpired session; found is false for a
// missing or expired token.
func (d *DB) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var rows []sessionRow
	err := d.r.WithContext(ctx).Where("token = ? AND expiry > ?", token, utcMicro(time.Now())).Limit(1).Find(&rows).Error
	if err != nil {
		return nil, false, fmt.Errorf("store: find session: %w", translate(err))
	}
	if len(rows) == 0 {
		return nil, false, nil
	}
	return rows[0].Data, true, nil
}

// CommitCtx inserts or replaces a session.
func (d *DB) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if b == nil {
		b = []byte{}
	}
	row := sessionRow{Token: token, Data: b, Expiry: utcMicro(expiry)}
	err := d.w.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "token"}},
		DoUpdates: clause.AssignmentColumns([]string{"data", "expiry"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("store: commit session: %w", translate(err))
	}
	return nil
}

// DeleteCtx removes a session; a missing token is not an error.
func (d *DB) DeleteCtx(ctx context.Context, token string) error {
	if err := d.w.WithContext(ctx).Where("token = ?", token).Delete(&sessionRow{}).Error; err != nil {
		return fmt.Errorf("store: delete session: %w", translate(err))
	}
	return nil
}

// AllCtx returns every unexpired session by token (an empty, non-nil map
// when there are none).
func (d *DB) AllCtx(ctx context.Context) (map[string][]byte, error) {
	var rows []sessionRow
	if err := d.r.WithContext(ctx).Where("expiry > ?", utcMicro(time.Now())).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: all sessions: %w", translate(err))
	}
	out := make(map[string][]byte, len(rows))
	for _, r := range rows {
		out[r.Token] = r.Data
	}
	return out, nil
}

// Find implements scs.Store; prefer FindCtx.
func (d *DB) Find(token string) ([]byte, bool, error) { return d.FindCtx(context.Background(), token) }

// Commit implements scs.Store; prefer CommitCtx.
func (d *DB) Commit(token string, b []byte, expiry time.Time) error {
	return d.CommitCtx(context.Background(), token, b, expiry)
}

// Delete implements scs.Store; prefer DeleteCtx.
func (d *DB) Delete(token string) error { return d.DeleteCtx(context.Background(), token) }

// All implements scs.IterableStore; prefer AllCtx.
func (d *DB) All() (map[string][]byte, error) { return d.AllCtx(context.Background()) }

// DeleteExpiredSessions removes expired sessions and reports how many; run
// it periodically (scs's own cleanup goroutine is per-process, and several
// replicas share this table).
func (d *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res := d.w.WithContext(ctx).Where("expiry <= ?", utcMicro(time.Now())).Delete(&sessionRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", translate(res.Error))
	}
	return res.RowsAffected, nil
}
