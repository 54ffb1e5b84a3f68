package scoring_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

func TestImpact(t *testing.T) {
	// current: a, b (5-point, weight 1), c (binary, weight 2)
	// draft:   a reweighted to 3, b unchanged, c removed, d new (unrated)
	current := ver(100, sec("s",
		crit("a", rubrics.Scale5, 1), crit("b", rubrics.Scale5, 1), crit("c", rubrics.ScaleBinary, 2)))
	draft := ver(100, sec("s",
		crit("a", rubrics.Scale5, 3), crit("b", rubrics.Scale5, 1), crit("d", rubrics.ScaleBinary, 1)))
	draft.ID, draft.Number, draft.Status = 2, 2, rubrics.StatusDraft

	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	review := func(id, agent int64, name string, rs ...scoring.Rating) scoring.ReviewScores {
		return scoring.ReviewScores{ReviewID: id, AgentID: agent, AgentName: name, VersionID: 1, Ratings: rs,
			At: day.Add(time.Duration(id) * time.Hour)}
	}
	reviews := []scoring.ReviewScores{
		// Ann r1: current (100 + 0 + 2×0)/4 = 25; draft (3×100 + 0)/4 = 75
		review(1, 1, "Ann", rate("a", 5), rate("b", 1), rate("c", 0)),
		// Ann r2: current (50 + 50 + 2×100)/4 = 75; draft (3×50 + 50)/4 = 50
		review(2, 1, "Ann", rate("a", 3), rate("b", 3), rate("c", 1)),
		// Bob r3: current (0 + 100 + 2×100)/4 = 75; draft (0 + 100)/4 = 25
		review(3, 2, "Bob", rate("a", 1), rate("b", 5), rate("c", 1)),
		// Cy: only c, which the draft removed: current 100, draft unavailable
		review(4, 3, "Cy", rate("c", 1)),
		// Al: only b, same under both: 50 → 50, change 0 (ties with Cy)
		review(5, 9, "Al", rate("b", 3)),
		// Di: nothing applicable under either version
		review(6, 4, "Di", na("a")),
	}

	got := scoring.Impact(current, draft, reviews, 2)

	// Ann: current mean (25+75)/2 = 50, sd 35.36, se 25, t(1) 12.706 →
	// whole range; draft mean (75+50)/2 = 62.5 → change +12.5.
	// Bob: 75 → 25, change −50. Al 0, Cy 0 (draft has no score), Di 0.
	// Order: change ascending, then name: Bob, Al, Cy, Di, Ann.
	require.Len(t, got, 5)
	assert.Equal(t, []scoring.AgentImpact{
		{AgentID: 2, AgentName: "Bob",
			Current: scoring.Stat{N: 1, Mean: 75, Low: 0, High: 100},
			Draft:   scoring.Stat{N: 1, Mean: 25, Low: 0, High: 100},
			Change:  -50},
		{AgentID: 9, AgentName: "Al",
			Current: scoring.Stat{N: 1, Mean: 50, Low: 0, High: 100},
			Draft:   scoring.Stat{N: 1, Mean: 50, Low: 0, High: 100}},
		{AgentID: 3, AgentName: "Cy",
			Current: scoring.Stat{N: 1, Mean: 100, Low: 0, High: 100},
			Draft:   scoring.Stat{N: 0, High: 100}},
		{AgentID: 4, AgentName: "Di",
			Current: scoring.Stat{High: 100},
			Draft:   scoring.Stat{High: 100}},
		{AgentID: 1, AgentName: "Ann",
			Current: scoring.Stat{N: 2, Mean: 50, Low: 0, High: 100, Sufficient: true},
			Draft:   scoring.Stat{N: 2, Mean: 62.5, Low: 0, High: 100, Sufficient: true},
			Change:  12.5},
	}, got)

	// The order of reviews does not matter.
	rev := slices.Clone(reviews)
	slices.Reverse(rev)
	assert.Equal(t, got, scoring.Impact(current, draft, rev, 2))
}

func TestImpactTiesAndNames(t *testing.T) {
	v := ver(100, sec("s", crit("a", rubrics.Scale5, 1)))
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	reviews := []scoring.ReviewScores{
		{AgentID: 7, AgentName: "Sam", Ratings: []scoring.Rating{rate("a", 5)}, At: day},
		{AgentID: 3, AgentName: "Sam", Ratings: []scoring.Rating{rate("a", 5)}, At: day},
		// agent 5 was renamed: the latest review's name is used
		{AgentID: 5, AgentName: "Zoe", Ratings: []scoring.Rating{rate("a", 5)}, At: day.Add(time.Hour)},
		{AgentID: 5, AgentName: "Old name", Ratings: []scoring.Rating{rate("a", 5)}, At: day},
	}
	got := scoring.Impact(v, v, reviews, 0)
	var ids []int64
	var names []string
	for _, ai := range got {
		ids = append(ids, ai.AgentID)
		names = append(names, ai.AgentName)
		assert.Zero(t, ai.Change)
	}
	assert.Equal(t, []int64{3, 7, 5}, ids, "same change: by name, then id")
	assert.Equal(t, []string{"Sam", "Sam", "Zoe"}, names)
}

func TestImpactScoreCapAndScaleChange(t *testing.T) {
	// The draft raises the cap to 120 and turns a 5-point b into binary:
	// stored 4s no longer exist on b's scale and count as not rated.
	current := ver(100, sec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.Scale5, 1)),
		bonusSec("x", crit("x", rubrics.ScaleBinary, 20)))
	draft := ver(120, sec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.ScaleBinary, 1)),
		bonusSec("x", crit("x", rubrics.ScaleBinary, 20)))
	reviews := []scoring.ReviewScores{
		// current: (100 + 75)/2 = 87.5 + 20 → capped 100
		// draft: b unrated → 100 + 20 = 120
		{AgentID: 1, AgentName: "Ann", Ratings: []scoring.Rating{rate("a", 5), rate("b", 4), rate("x", 1)}},
		// current: b = 1 is 0 on 5 points: (100 + 0)/2 + 20 = 70;
		// draft: b = 1 is "Yes" on binary: (100 + 100)/2 + 20 = 120
		{AgentID: 1, AgentName: "Ann", Ratings: []scoring.Rating{rate("a", 5), rate("b", 1), rate("x", 1)}},
	}
	got := scoring.Impact(current, draft, reviews, 2)
	require.Len(t, got, 1)
	// current [100, 70]: mean 85, interval clamped to the cap 100;
	// draft [120, 120]: mean 120, no spread, within the cap 120
	assert.Equal(t, scoring.Stat{N: 2, Mean: 85, Low: 0, High: 100, Sufficient: true}, got[0].Current)
	assert.Equal(t, scoring.Stat{N: 2, Mean: 120, Low: 120, High: 120, Sufficient: true}, got[0].Draft)
	assert.Equal(t, 35.0, got[0].Change)
}

func TestImpactNoReviews(t *testing.T) {
	assert.Empty(t, scoring.Impact(benchVersion(), benchVersion(), nil, 0))
}
