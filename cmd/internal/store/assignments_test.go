package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// MustCreateAssignment stores a weekly assignment of rubric for reviewers
// over agents (and teams) with the given quota and sampling.
func MustCreateAssignment(tb testing.TB, db testDB, name string, rubricID int64, quota int, s scoring.Sampling,
	reviewers []coaching.User, agents []coaching.User, teams ...coaching.Team) scoring.Assignment {
	tb.Helper()
	a := scoring.Assignment{Name: name, RubricID: rubricID, Quota: quota, Period: scoring.PeriodWeek, Sampling: s}
	for _, u := range reviewers {
		a.ReviewerIDs = append(a.ReviewerIDs, u.ID)
	}
	for _, u := range agents {
		a.AgentIDs = append(a.AgentIDs, u.ID)
	}
	for _, t := range teams {
		a.TeamIDs = append(a.TeamIDs, t.ID)
	}
	require.NoError(tb, db.CreateAssignment(context.Background(), &a, system))
	return a
}

func TestCreateAssignment(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustReviewWorld(t, db)
		admin := MustCreateUser(t, db, "admin", coaching.RoleAdmin)
		trainer := MustCreateUser(t, db, "trainer", coaching.RoleTrainer)
		team := MustCreateTeam(t, db, "Đội A")
		boss := scoring.Actor{UserID: admin.ID, RequestID: "r-a"}

		a := scoring.Assignment{
			Name: "  Tuần — สัปดาห์  ", RubricID: w.rubric.ID, ReviewerIDs: []int64{w.reviewer.ID, admin.ID, w.reviewer.ID},
			AgentIDs: []int64{w.bao.ID, w.ana.ID}, TeamIDs: []int64{team.ID}, Quota: 3,
			Period: scoring.PeriodMonth, Sampling: scoring.SampleLowestCSAT,
		}
		require.NoError(t, db.CreateAssignment(ctx, &a, boss))
		assert.Positive(t, a.ID)
		assert.Equal(t, "Tuần — สัปดาห์", a.Name)
		assert.True(t, a.Active)
		assert.Equal(t, admin.ID, a.CreatedBy)
		assert.Equal(t, []int64{min(w.reviewer.ID, admin.ID), max(w.reviewer.ID, admin.ID)}, a.ReviewerIDs, "sorted, deduplicated")
		assert.EqualValues(t, 1, db.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'assignment.create' AND entity_id = ?", a.ID))

		all, err := db.ListAssignments(ctx, 0)
		require.NoError(t, err)
		require.Len(t, all, 1)
		assert.Equal(t, a, all[0])
		mine, err := db.ListAssignments(ctx, w.reviewer.ID)
		require.NoError(t, err)
		assert.Len(t, mine, 1)
		none, err := db.ListAssignments(ctx, trainer.ID)
		require.NoError(t, err)
		assert.Empty(t, none)

		valid := func() scoring.Assignment {
			return scoring.Assignment{Name: "x", RubricID: w.rubric.ID, ReviewerIDs: []int64{w.reviewer.ID},
				AgentIDs: []int64{w.ana.ID}, Quota: 1, Period: scoring.PeriodWeek, Sampling: scoring.SampleRandom}
		}
		for _, tc := range []struct {
			name string
			edit func(*scoring.Assignment)
			path string
		}{
			{"no name", func(a *scoring.Assignment) { a.Name = " " }, "name"},
			{"quota", func(a *scoring.Assignment) { a.Quota = 101 }, "quota"},
			{"sampling", func(a *scoring.Assignment) { a.Sampling = "" }, "sampling"},
			{"agent as reviewer", func(a *scoring.Assignment) { a.ReviewerIDs = []int64{w.ana.ID} }, "reviewers"},
			{"trainer as reviewer", func(a *scoring.Assignment) { a.ReviewerIDs = []int64{trainer.ID} }, "reviewers"},
			{"missing reviewer", func(a *scoring.Assignment) { a.ReviewerIDs = []int64{424242} }, "reviewers"},
			{"supervisor as agent", func(a *scoring.Assignment) { a.AgentIDs = []int64{w.reviewer.ID} }, "agents"},
			{"missing rubric", func(a *scoring.Assignment) { a.RubricID = 424242 }, "rubric"},
			{"missing team", func(a *scoring.Assignment) { a.TeamIDs = []int64{424242} }, "teams"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := valid()
				tc.edit(&a)
				err := db.CreateAssignment(ctx, &a, boss)
				require.ErrorIs(t, err, rubrics.ErrInvalid)
				var p rubrics.Problems
				require.ErrorAs(t, err, &p)
				assert.NotEmpty(t, p.At(tc.path), p.Error())
				assert.Zero(t, a.ID)
			})
		}
		assert.EqualValues(t, 1, db.count(t, "SELECT COUNT(*) FROM assignments"))
	})
}
