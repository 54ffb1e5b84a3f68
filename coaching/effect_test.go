package coaching_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/fixtures"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// Hand-computed on the default rubric (5-point scales: levels 1–5 are
// 0, 25, 50, 75, 100).
func TestMeasureModule(t *testing.T) {
	_, v, err := fixtures.DefaultRubric()
	require.NoError(t, err)
	v.ID = 7
	versions := map[int64]rubrics.Version{7: v}
	lvl := func(n int) *int { return &n }
	assigned := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	done := assigned.AddDate(0, 0, 10)
	review := func(agent int64, at time.Time, empathy, clarity int) scoring.ReviewScores {
		return scoring.ReviewScores{AgentID: agent, VersionID: 7, At: at, Ratings: []scoring.Rating{
			{CriterionKey: "empathy", Level: lvl(empathy)}, {CriterionKey: "clarity", Level: lvl(clarity)},
		}}
	}
	var reviews []scoring.ReviewScores
	// Agent 1: empathy 2 (25) three times before, 4 (75) three times after.
	// Agent 2: empathy 3 (50) twice before, 4 (75) twice after.
	for i := range 3 {
		reviews = append(reviews,
			review(1, assigned.AddDate(0, 0, -10-i), 2, 5),
			review(1, done.AddDate(0, 0, 1+i), 4, 1))
	}
	for i := range 2 {
		reviews = append(reviews,
			review(2, assigned.AddDate(0, 0, -5-i), 3, 5),
			review(2, done.AddDate(0, 0, 3+i), 4, 1))
	}
	// Outside the windows or during the module: ignored.
	reviews = append(reviews,
		review(1, assigned.Add(-coaching.EffectWindow-time.Hour), 5, 5),
		review(1, assigned.AddDate(0, 0, 2), 5, 5),
		review(1, done.Add(coaching.EffectWindow+time.Hour), 1, 1),
		// Agent 3 never finished: not counted at all.
		review(3, assigned.AddDate(0, 0, -1), 1, 1),
		review(3, done.AddDate(0, 0, 1), 5, 5),
		// A version we do not know: skipped.
		scoring.ReviewScores{AgentID: 1, VersionID: 99, At: done.AddDate(0, 0, 1), Ratings: []scoring.Rating{{CriterionKey: "empathy", Level: lvl(1)}}},
	)
	m := coaching.Module{ID: 4, CriterionKeys: []string{"empathy"}}
	as := []coaching.ModuleAssignment{
		{ModuleID: 4, AgentID: 1, AssignedAt: assigned, CompletedAt: &done},
		{ModuleID: 4, AgentID: 2, AssignedAt: assigned, CompletedAt: &done},
		{ModuleID: 4, AgentID: 3, AssignedAt: assigned},
		{ModuleID: 5, AgentID: 2, AssignedAt: assigned, CompletedAt: &done}, // another module
	}
	eff := coaching.MeasureModule(m, as, reviews, versions, 5)
	assert.Equal(t, 2, eff.Agents)
	assert.Equal(t, 2, eff.Measured)
	// Before: 25,25,25,50,50 → 35; after: 75×5 → 75.
	assert.Equal(t, 5, eff.Before.N)
	assert.Equal(t, 35.0, eff.Before.Mean)
	assert.Equal(t, 5, eff.After.N)
	assert.Equal(t, 75.0, eff.After.Mean)
	assert.Equal(t, 40.0, eff.Change)
	assert.True(t, eff.Sufficient)
	assert.Less(t, eff.Low, 40.0)
	assert.Greater(t, eff.Low, 0.0, "a clear rise: the interval excludes no change")

	// Clarity fell for the same agents: a module linked to it shows that.
	m.CriterionKeys = []string{"clarity"}
	eff = coaching.MeasureModule(m, as, reviews, versions, 5)
	assert.Equal(t, -100.0, eff.Change)

	// With a higher bar the same numbers are not enough.
	eff = coaching.MeasureModule(coaching.Module{ID: 4, CriterionKeys: []string{"empathy"}}, as, reviews, versions, 6)
	assert.False(t, eff.Sufficient)
}
