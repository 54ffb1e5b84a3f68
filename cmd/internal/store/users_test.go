package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

var system = scoring.Actor{RequestID: "test"}

// MustCreateUser stores a user with the given role and returns it.
func MustCreateUser(tb testing.TB, db testDB, name string, role coaching.Role) coaching.User {
	tb.Helper()
	u := coaching.User{Email: fmt.Sprintf("%s@example.com", name), Name: name, Role: role, PasswordHash: "$argon2id$x"}
	require.NoError(tb, db.CreateUser(context.Background(), &u, system))
	return u
}

func ptr[T any](v T) *T { return &v }

func TestUsers(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		u := coaching.User{Email: "  Ngọc.Anh@Example.COM ", Name: "Nguyễn Ngọc Ánh", Role: coaching.RoleAgent, PasswordHash: "$argon2id$v=19$abc"}
		before := time.Now().UTC().Add(-time.Second)
		require.NoError(t, db.CreateUser(ctx, &u, scoring.Actor{UserID: 0, RequestID: "r1"}))
		assert.Positive(t, u.ID)
		assert.Equal(t, "ngọc.anh@example.com", u.Email, "email normalised")
		assert.EqualValues(t, 1, u.AuthVersion)
		assert.EqualValues(t, 1, u.Version)
		assert.WithinRange(t, u.CreatedAt, before, time.Now().UTC().Add(time.Second))
		assert.Equal(t, time.UTC, u.CreatedAt.Location())

		got, err := db.UserByID(ctx, u.ID)
		require.NoError(t, err)
		assert.Equal(t, u, got, "round trip")
		got, err = db.UserByEmail(ctx, "NGỌC.ANH@example.com ")
		require.NoError(t, err)
		assert.Equal(t, u.ID, got.ID)

		t.Run("not found", func(t *testing.T) {
			_, err := db.UserByID(ctx, 999999)
			assert.ErrorIs(t, err, rubrics.ErrNotFound)
			_, err = db.UserByEmail(ctx, "nobody@example.com")
			assert.ErrorIs(t, err, rubrics.ErrNotFound)
			_, err = db.UpdateUser(ctx, 999999, coaching.UserUpdate{Name: ptr("x")}, system)
			assert.ErrorIs(t, err, rubrics.ErrNotFound)
		})

		t.Run("duplicate email is a conflict", func(t *testing.T) {
			dup := coaching.User{Email: "NGỌC.ANH@EXAMPLE.COM", Name: "Other", Role: coaching.RoleAgent}
			err := db.CreateUser(ctx, &dup, system)
			require.ErrorIs(t, err, rubrics.ErrConflict)
			assert.Contains(t, err.Error(), "store: create user")
			assert.Zero(t, dup.ID)
		})

		t.Run("invalid user", func(t *testing.T) {
			bad := coaching.User{Email: "not an email", Name: "", Role: "boss"}
			err := db.CreateUser(ctx, &bad, system)
			require.ErrorIs(t, err, rubrics.ErrInvalid)
			var p coaching.Problems
			require.ErrorAs(t, err, &p)
			assert.NotEmpty(t, p.For("email"))
			assert.NotEmpty(t, p.For("role"))
		})

		t.Run("updates save zero values and bump versions", func(t *testing.T) {
			v, err := db.UpdateUser(ctx, u.ID, coaching.UserUpdate{Disabled: ptr(true)}, system)
			require.NoError(t, err)
			assert.True(t, v.Disabled)
			assert.EqualValues(t, 2, v.AuthVersion)
			assert.EqualValues(t, 2, v.Version)

			v, err = db.UpdateUser(ctx, u.ID, coaching.UserUpdate{Disabled: ptr(false), PasswordHash: ptr("")}, system)
			require.NoError(t, err)
			stored, err := db.UserByID(ctx, u.ID)
			require.NoError(t, err)
			assert.Equal(t, v, stored)
			assert.False(t, stored.Disabled, "false is written, not skipped")
			assert.Empty(t, stored.PasswordHash, "empty string is written, not skipped")
			assert.EqualValues(t, 3, stored.AuthVersion)
			assert.EqualValues(t, 3, stored.Version)

			// A name change is not an auth change.
			v, err = db.UpdateUser(ctx, u.ID, coaching.UserUpdate{Name: ptr("Ánh")}, system)
			require.NoError(t, err)
			assert.Equal(t, "Ánh", v.Name)
			assert.EqualValues(t, 3, v.AuthVersion)
			assert.EqualValues(t, 4, v.Version)

			v, err = db.UpdateUser(ctx, u.ID, coaching.UserUpdate{Role: ptr(coaching.RoleSupervisor)}, system)
			require.NoError(t, err)
			assert.Equal(t, coaching.RoleSupervisor, v.Role)
			assert.EqualValues(t, 4, v.AuthVersion)

			// Unchanged values change nothing.
			same, err := db.UpdateUser(ctx, u.ID, coaching.UserUpdate{Role: ptr(coaching.RoleSupervisor), Name: ptr("Ánh")}, system)
			require.NoError(t, err)
			assert.Equal(t, v, same)

			_, err = db.UpdateUser(ctx, u.ID, coaching.UserUpdate{Role: ptr(coaching.Role("boss"))}, system)
			assert.ErrorIs(t, err, rubrics.ErrInvalid)
			_, err = db.UpdateUser(ctx, u.ID, coaching.UserUpdate{Name: ptr("  ")}, system)
			assert.ErrorIs(t, err, rubrics.ErrInvalid)
		})

		t.Run("list", func(t *testing.T) {
			for i := range 5 {
				MustCreateUser(t, db, fmt.Sprintf("agent%02d", i), coaching.RoleAgent)
			}
			off := MustCreateUser(t, db, "zz-disabled", coaching.RoleAgent)
			_, err := db.UpdateUser(ctx, off.ID, coaching.UserUpdate{Disabled: ptr(true)}, system)
			require.NoError(t, err)

			tests := []struct {
				name      string
				f         coaching.UserFilter
				wantNames []string
				wantTotal int
			}{
				{"agents", coaching.UserFilter{Role: coaching.RoleAgent}, []string{"agent00", "agent01", "agent02", "agent03", "agent04"}, 5},
				{"with disabled", coaching.UserFilter{Role: coaching.RoleAgent, IncludeDisabled: true, Offset: 5}, []string{"zz-disabled"}, 6},
				{"page", coaching.UserFilter{Role: coaching.RoleAgent, Offset: 1, Limit: 2}, []string{"agent01", "agent02"}, 5},
				{"query", coaching.UserFilter{Query: "AGENT03"}, []string{"agent03"}, 1},
				{"query by email", coaching.UserFilter{Query: "agent04@example"}, []string{"agent04"}, 1},
				{"wildcards are literal", coaching.UserFilter{Query: "%"}, []string{}, 0},
				{"past the end", coaching.UserFilter{Offset: 100}, []string{}, 6},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got, total, err := db.ListUsers(ctx, tt.f)
					require.NoError(t, err)
					names := []string{}
					for _, u := range got {
						names = append(names, u.Name)
					}
					assert.Equal(t, tt.wantNames, names)
					assert.Equal(t, tt.wantTotal, total)
				})
			}
		})

		t.Run("audit", func(t *testing.T) {
			evs, err := db.AuditEvents(ctx, 1000)
			require.NoError(t, err)
			require.NotEmpty(t, evs)
			last := evs[len(evs)-1] // oldest
			assert.Equal(t, "user.create", last.Action)
			assert.Equal(t, "user", last.Entity)
			assert.Equal(t, u.ID, last.EntityID)
			assert.Equal(t, "r1", last.RequestID)
			assert.Empty(t, last.PrevHash)
			assert.Len(t, last.Hash, 64)
			for _, e := range evs {
				assert.NotContains(t, e.After, "argon2id", "password hashes never reach the audit log")
				assert.Equal(t, time.UTC, e.At.Location())
			}
			for i := 0; i+1 < len(evs); i++ {
				assert.Equal(t, evs[i+1].Hash, evs[i].PrevHash)
			}
			require.NoError(t, db.VerifyAuditChain(ctx))
		})
	})
}
