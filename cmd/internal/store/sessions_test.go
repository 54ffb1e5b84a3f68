package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestSessions(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		s := db.Sessions()
		data := []byte{0, 1, 2, 0xff, 'x'}
		require.NoError(t, s.CommitCtx(ctx, "tok-live", data, time.Now().Add(time.Hour)))
		require.NoError(t, s.CommitCtx(ctx, "tok-old", []byte("old"), time.Now().Add(-time.Minute)))

		got, found, err := s.FindCtx(ctx, "tok-live")
		require.NoError(t, err)
		assert.True(t, found)
		assert.Equal(t, data, got)

		_, found, err = s.FindCtx(ctx, "tok-old")
		require.NoError(t, err)
		assert.False(t, found, "expired sessions are not found")
		_, found, err = s.Find("missing")
		require.NoError(t, err)
		assert.False(t, found)

		// Commit replaces data and expiry.
		require.NoError(t, s.Commit("tok-live", []byte("v2"), time.Now().Add(2*time.Hour)))
		got, found, err = s.Find("tok-live")
		require.NoError(t, err)
		assert.True(t, found)
		assert.Equal(t, []byte("v2"), got)

		all, err := s.All()
		require.NoError(t, err)
		assert.Equal(t, map[string][]byte{"tok-live": []byte("v2")}, all)

		n, err := db.DeleteExpiredSessions(ctx)
		require.NoError(t, err)
		assert.EqualValues(t, 1, n)
		assert.EqualValues(t, 1, db.count(t, "SELECT COUNT(*) FROM sessions"))

		require.NoError(t, s.DeleteCtx(ctx, "tok-live"))
		require.NoError(t, s.Delete("tok-live"), "deleting a missing token is not an error")
		all, err = s.AllCtx(ctx)
		require.NoError(t, err)
		assert.NotNil(t, all)
		assert.Empty(t, all)

		before := db.Statements()
		_, _, err = s.FindCtx(ctx, "x")
		require.NoError(t, err)
		assert.EqualValues(t, 1, db.Statements()-before, "session statements are counted")
	})
}
