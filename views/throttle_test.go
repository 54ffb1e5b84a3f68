package views_test

import (
	"context"
	"testing"
	"time"

	"github.com/qascore/qascore/views"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryThrottle(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	th := views.NewMemoryThrottle(views.ThrottlePolicy{Window: 15 * time.Minute, PerIP: 4, PerAccount: 2}, func() time.Time { return now })
	check := func(acct, ip string) views.ThrottleVerdict {
		t.Helper()
		v, err := th.Check(ctx, acct, ip)
		require.NoError(t, err)
		return v
	}

	require.NoError(t, th.Failure(ctx, "a", "ip1"))
	assert.Equal(t, views.ThrottleAllow, check("a", "ip1"), "below the account limit")
	require.NoError(t, th.Failure(ctx, "a", "ip1"))
	assert.Equal(t, views.ThrottleAccount, check("a", "ip1"))
	assert.Equal(t, views.ThrottleAllow, check("a", "ip2"), "a fresh IP may still try")
	assert.Equal(t, views.ThrottleAllow, check("b", "ip1"), "other accounts from the same IP")

	// Once an IP has failed against a hot account, it is refused too.
	require.NoError(t, th.Failure(ctx, "a", "ip2"))
	assert.Equal(t, views.ThrottleAccount, check("a", "ip2"))

	// Per-IP limit across accounts.
	require.NoError(t, th.Failure(ctx, "c", "ip1"))
	require.NoError(t, th.Failure(ctx, "d", "ip1"))
	assert.Equal(t, views.ThrottleIP, check("e", "ip1"))

	// Success clears only the pair.
	require.NoError(t, th.Success(ctx, "a", "ip2"))
	assert.Equal(t, views.ThrottleAllow, check("a", "ip2"))

	// The window slides.
	now = now.Add(15 * time.Minute)
	assert.Equal(t, views.ThrottleAllow, check("a", "ip1"))
	assert.Equal(t, views.ThrottleAllow, check("e", "ip1"))
}
