package store

import (
	"context"
	"fmt"
	"time"
)

// loginFailureRetention is how long failed sign-ins are kept. It only has
// to exceed the throttle window; a day leaves room for an admin to look.
const loginFailureRetention = 24 * time.Hour

// LoginFailureCounts returns how many failed sign-ins happened after since
// from ip (any account), against account (any IP), and from ip against
// account not yet forgiven by a later success — in one statement, because
// it runs on every sign-in attempt.
func (d *DB) LoginFailureCounts(ctx context.Context, account, ip string, since time.Time) (byIP, byAccount, byPair int, err error) {
	s := utcMicro(since)
	row := d.r.WithContext(ctx).Raw(`SELECT
		(SELECT count(*) FROM login_failures WHERE ip = ? AND at > ?),
		(SELECT count(*) FROM login_failures WHERE account = ? AND at > ?),
		(SELECT count(*) FROM login_failures WHERE account = ? AND ip = ? AND at > ? AND pair_cleared = 0)`,
		ip, s, account, s, account, ip, s).Row()
	if err := row.Scan(&byIP, &byAccount, &byPair); err != nil {
		return 0, 0, 0, fmt.Errorf("store: count login failures: %w", translate(err))
	}
	return byIP, byAccount, byPair, nil
}

// RecordLoginFailure notes one failed sign-in and sweeps rows past their
// retention, so the table stays small without a separate job.
func (d *DB) RecordLoginFailure(ctx context.Context, account, ip string, at time.Time) error {
	at = utcMicro(at)
	db := d.w.WithContext(ctx)
	if err := db.Exec(`INSERT INTO login_failures (account, ip, at, pair_cleared) VALUES (?, ?, ?, 0)`, account, ip, at).Error; err != nil {
		return fmt.Errorf("store: record login failure: %w", translate(err))
	}
	if err := db.Exec(`DELETE FROM login_failures WHERE at < ?`, at.Add(-loginFailureRetention)).Error; err != nil {
		return fmt.Errorf("store: sweep login failures: %w", translate(err))
	}
	return nil
}

// ClearLoginFailures forgives the failures of account from ip after a
// successful sign-in there. They keep counting against the account and the
// IP as a whole.
func (d *DB) ClearLoginFailures(ctx context.Context, account, ip string) error {
	err := d.w.WithContext(ctx).Exec(`UPDATE login_failures SET pair_cleared = 1 WHERE account = ? AND ip = ? AND pair_cleared = 0`, account, ip).Error
	if err != nil {
		return fmt.Errorf("store: clear login failures: %w", translate(err))
	}
	return nil
}
