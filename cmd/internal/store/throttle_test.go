package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoginFailures(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		now := time.Now().UTC()
		since := now.Add(-15 * time.Minute)
		counts := func(account, ip string) [3]int {
			t.Helper()
			a, b, c, err := db.LoginFailureCounts(ctx, account, ip, since)
			require.NoError(t, err)
			return [3]int{a, b, c}
		}
		assert.Equal(t, [3]int{0, 0, 0}, counts("lan@example.com", "10.0.0.1"))

		for range 3 {
			require.NoError(t, db.RecordLoginFailure(ctx, "lan@example.com", "10.0.0.1", now.Add(-time.Minute)))
		}
		require.NoError(t, db.RecordLoginFailure(ctx, "minh@example.com", "10.0.0.1", now.Add(-time.Minute)))
		require.NoError(t, db.RecordLoginFailure(ctx, "lan@example.com", "10.0.0.2", now.Add(-time.Minute)))
		// Outside the window: counted by nobody.
		require.NoError(t, db.RecordLoginFailure(ctx, "lan@example.com", "10.0.0.1", now.Add(-time.Hour)))

		assert.Equal(t, [3]int{4, 4, 3}, counts("lan@example.com", "10.0.0.1"), "by IP, by account, by pair")
		assert.Equal(t, [3]int{1, 4, 1}, counts("lan@example.com", "10.0.0.2"))
		assert.Equal(t, [3]int{0, 4, 0}, counts("lan@example.com", "10.0.0.3"))

		// A success forgives the pair only.
		require.NoError(t, db.ClearLoginFailures(ctx, "lan@example.com", "10.0.0.1"))
		assert.Equal(t, [3]int{4, 4, 0}, counts("lan@example.com", "10.0.0.1"))
		assert.Equal(t, [3]int{1, 4, 1}, counts("lan@example.com", "10.0.0.2"))

		// Rows past retention are swept by the next insert.
		require.NoError(t, db.RecordLoginFailure(ctx, "old@example.com", "10.9.9.9", now.Add(-48*time.Hour)))
		require.NoError(t, db.RecordLoginFailure(ctx, "new@example.com", "10.9.9.9", now))
		assert.Equal(t, int64(0), db.count(t, "SELECT count(*) FROM login_failures WHERE account = 'old@example.com'"))
	})
}
