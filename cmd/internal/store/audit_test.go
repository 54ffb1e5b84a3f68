package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/cmd/internal/store"
	"github.com/qascore/qascore/coaching"
)

func TestAuditIsAppendOnly(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		for _, n := range []string{"a", "b", "c"} {
			MustCreateUser(t, db, n, coaching.RoleAgent)
		}
		require.NoError(t, db.VerifyAuditChain(ctx))
		n := db.count(t, "SELECT COUNT(*) FROM audit_events")
		require.EqualValues(t, 3, n)

		err := db.exec(t, "UPDATE audit_events SET reason = 'edited'")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "append-only")
		err = db.exec(t, "DELETE FROM audit_events")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "append-only")
		assert.Equal(t, n, db.count(t, "SELECT COUNT(*) FROM audit_events"))
	})
}

func TestVerifyAuditChainDetectsTampering(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		for _, n := range []string{"a", "b", "c"} {
			MustCreateUser(t, db, n, coaching.RoleAgent)
		}
		second := db.count(t, "SELECT MIN(id) FROM audit_events WHERE id > (SELECT MIN(id) FROM audit_events)")

		// Someone with database access drops the guard and edits history.
		if db.Dialect() == store.DialectPostgres {
			require.NoError(t, db.exec(t, "DROP TRIGGER audit_events_no_update_delete ON audit_events"))
		} else {
			require.NoError(t, db.exec(t, "DROP TRIGGER audit_events_no_update"))
		}
		require.NoError(t, db.exec(t, `UPDATE audit_events SET "after" = '{"role":"admin"}' WHERE id = ?`, second))
		err := db.VerifyAuditChain(ctx)
		require.ErrorIs(t, err, store.ErrAuditChainBroken)
		assert.Contains(t, err.Error(), "event "+itoa(second))
	})
}

func TestVerifyAuditChainDetectsForgedRow(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		MustCreateUser(t, db, "a", coaching.RoleAgent)
		// A row appended directly, without the previous hash.
		require.NoError(t, db.exec(t, `INSERT INTO audit_events (at, actor_id, action, entity, entity_id, "before", "after", reason, request_id, prev_hash, hash)
			VALUES (CURRENT_TIMESTAMP, 1, 'user.update', 'user', 1, '', '{}', '', '', '', 'bogus')`))
		forged := db.count(t, "SELECT MAX(id) FROM audit_events")
		err := db.VerifyAuditChain(ctx)
		require.ErrorIs(t, err, store.ErrAuditChainBroken)
		assert.Contains(t, err.Error(), "event "+itoa(forged))
	})
}
