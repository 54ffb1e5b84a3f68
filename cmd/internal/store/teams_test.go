package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
)

// MustCreateTeam stores a team and returns it.
func MustCreateTeam(tb testing.TB, db testDB, name string) coaching.Team {
	tb.Helper()
	tm := coaching.Team{Name: name}
	require.NoError(tb, db.CreateTeam(context.Background(), &tm, system))
	return tm
}

// MustSetMembers replaces a team's members.
func MustSetMembers(tb testing.TB, db testDB, team coaching.Team, supervisors []coaching.User, agents ...coaching.User) {
	tb.Helper()
	var ms []coaching.Membership
	for _, s := range supervisors {
		ms = append(ms, coaching.Membership{UserID: s.ID, Kind: coaching.MemberSupervisor})
	}
	for _, a := range agents {
		ms = append(ms, coaching.Membership{UserID: a.ID, Kind: coaching.MemberAgent})
	}
	require.NoError(tb, db.SetTeamMembers(context.Background(), team.ID, ms, system))
}

func names(us []coaching.User) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, u.Name)
	}
	return out
}

func TestTeams(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		boss := MustCreateUser(t, db, "boss", coaching.RoleSupervisor)
		admin := MustCreateUser(t, db, "admin", coaching.RoleAdmin)
		trainer := MustCreateUser(t, db, "trainer", coaching.RoleTrainer)
		a1 := MustCreateUser(t, db, "ana", coaching.RoleAgent)
		a2 := MustCreateUser(t, db, "bao", coaching.RoleAgent)

		red := coaching.Team{Name: "  ทีมแดง Red  "}
		require.NoError(t, db.CreateTeam(ctx, &red, system))
		assert.Positive(t, red.ID)
		assert.Equal(t, "ทีมแดง Red", red.Name)
		blue := MustCreateTeam(t, db, "Blue")

		t.Run("duplicate name", func(t *testing.T) {
			err := db.CreateTeam(ctx, &coaching.Team{Name: "Blue"}, system)
			assert.ErrorIs(t, err, rubrics.ErrConflict)
		})
		t.Run("invalid name", func(t *testing.T) {
			assert.ErrorIs(t, db.CreateTeam(ctx, &coaching.Team{Name: " "}, system), rubrics.ErrInvalid)
		})
		t.Run("not found", func(t *testing.T) {
			_, err := db.Team(ctx, 424242)
			assert.ErrorIs(t, err, rubrics.ErrNotFound)
			assert.ErrorIs(t, db.SetTeamMembers(ctx, 424242, nil, system), rubrics.ErrNotFound)
		})

		MustSetMembers(t, db, red, []coaching.User{boss, admin}, a2, a1)
		MustSetMembers(t, db, blue, []coaching.User{boss}, a1)

		got, err := db.Team(ctx, red.ID)
		require.NoError(t, err)
		assert.Equal(t, red, got.Team)
		assert.Equal(t, []string{"ana", "bao"}, names(got.Agents))
		assert.Equal(t, []string{"admin", "boss"}, names(got.Supervisors))

		t.Run("bad members leave the old ones", func(t *testing.T) {
			tests := []struct {
				name string
				ms   []coaching.Membership
				want string
			}{
				{"unknown user", []coaching.Membership{{UserID: 999999, Kind: coaching.MemberAgent}}, "does not exist"},
				{"trainer as agent", []coaching.Membership{{UserID: trainer.ID, Kind: coaching.MemberAgent}}, "agent role"},
				{"agent as supervisor", []coaching.Membership{{UserID: a1.ID, Kind: coaching.MemberSupervisor}}, "supervisor or admin"},
				{"twice", []coaching.Membership{{UserID: a1.ID, Kind: coaching.MemberAgent}, {UserID: a1.ID, Kind: coaching.MemberAgent}}, "twice"},
				{"bad kind", []coaching.Membership{{UserID: a1.ID, Kind: "lead"}}, "kind"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					err := db.SetTeamMembers(ctx, red.ID, tt.ms, system)
					require.ErrorIs(t, err, rubrics.ErrInvalid)
					assert.Contains(t, err.Error(), tt.want)
					after, err := db.Team(ctx, red.ID)
					require.NoError(t, err)
					assert.Equal(t, got, after)
				})
			}
		})

		t.Run("list without N+1", func(t *testing.T) {
			for _, n := range []string{"C", "D", "E", "F"} {
				tm := MustCreateTeam(t, db, n)
				MustSetMembers(t, db, tm, []coaching.User{boss}, a2)
			}
			before := db.Statements()
			teams, err := db.ListTeams(ctx)
			require.NoError(t, err)
			assert.EqualValues(t, 2, db.Statements()-before, "teams and all memberships: two statements")
			require.Len(t, teams, 6)
			assert.Equal(t, "Blue", teams[0].Name)
			assert.Equal(t, []string{"ana"}, names(teams[0].Agents))
			assert.Equal(t, []string{"boss"}, names(teams[0].Supervisors))
			assert.Equal(t, "ทีมแดง Red", teams[5].Name)
			assert.Equal(t, []string{"ana", "bao"}, names(teams[5].Agents))
		})

		t.Run("clearing members", func(t *testing.T) {
			require.NoError(t, db.SetTeamMembers(ctx, blue.ID, nil, system))
			got, err := db.Team(ctx, blue.ID)
			require.NoError(t, err)
			assert.Empty(t, got.Agents)
			assert.Empty(t, got.Supervisors)
		})

		t.Run("audited", func(t *testing.T) {
			evs, err := db.AuditEvents(ctx, 1)
			require.NoError(t, err)
			require.Len(t, evs, 1)
			assert.Equal(t, "team.members", evs[0].Action)
			assert.Equal(t, blue.ID, evs[0].EntityID)
			assert.JSONEq(t, `[{"user_id":`+itoa(boss.ID)+`,"kind":"supervisor"},{"user_id":`+itoa(a1.ID)+`,"kind":"agent"}]`, evs[0].Before)
			assert.Equal(t, "[]", evs[0].After)
			require.NoError(t, db.VerifyAuditChain(ctx))
		})
	})
}
