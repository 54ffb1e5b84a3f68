package scoring_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// Hand-computed: three criteria on 5-point scales (values 0, 25, 50, 75,
// 100 for levels 1–5), one bonus, two agents.
func TestCriterionInsights(t *testing.T) {
	v := ver(100,
		sec("comm", crit("clarity", rubrics.Scale5, 10), crit("empathy", rubrics.Scale5, 10, allowNA)),
		sec("res", crit("resolution", rubrics.Scale5, 10)),
		bonusSec("extra", crit("wow", rubrics.Scale5, 5, bonus)),
	)
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	review := func(agent int64, name string, day int, rs ...scoring.Rating) scoring.ReviewScores {
		return scoring.ReviewScores{AgentID: agent, AgentName: name, Ratings: rs, At: at.AddDate(0, 0, day)}
	}
	var reviews []scoring.ReviewScores
	// Ana: five reviews, clarity 5,5,5,5,4 (100,100,100,100,75), empathy
	// 2 every time (25), resolution 4 (75); "wow" 5 (bonus, ignored).
	for i, c := range []int{5, 5, 5, 5, 4} {
		reviews = append(reviews, review(1, "Ana Old", i, rate("clarity", c), rate("empathy", 2), rate("resolution", 4), rate("wow", 5)))
	}
	reviews[4].AgentName = "Ana" // her latest review carries her current name
	// Bao: five reviews, clarity 3 (50), empathy N/A in all but two (3 → 50),
	// resolution 2 (25).
	for i := range 5 {
		e := na("empathy")
		if i < 2 {
			e = rate("empathy", 3)
		}
		reviews = append(reviews, review(2, "Bao", i, rate("clarity", 3), e, rate("resolution", 2)))
	}

	got := scoring.CriterionInsights(v, reviews, 5)
	require.Len(t, got, 3, "bonus criteria are not a skill gap")
	// empathy: Ana 25×5 + Bao 50×2 → n 7, mean 32.14; resolution: 75×5 +
	// 25×5 → mean 50; clarity: (475 + 250)/10 = 72.5.
	assert.Equal(t, []string{"empathy", "resolution", "clarity"}, []string{got[0].Key, got[1].Key, got[2].Key}, "weakest first")
	assert.Equal(t, 7, got[0].Stat.N)
	assert.InDelta(t, 32.14, got[0].Stat.Mean, 0.01)
	assert.Equal(t, "comm", got[0].SectionName)
	assert.Equal(t, 50.0, got[1].Stat.Mean)
	assert.Equal(t, 72.5, got[2].Stat.Mean)

	// Within empathy: Ana has enough reviews (25), Bao only two — Ana
	// first although Bao's two are higher, and Bao's stat says so.
	require.Len(t, got[0].Agents, 2)
	assert.Equal(t, "Ana", got[0].Agents[0].AgentName)
	assert.True(t, got[0].Agents[0].Stat.Sufficient)
	assert.Equal(t, "Bao", got[0].Agents[1].AgentName)
	assert.False(t, got[0].Agents[1].Stat.Sufficient)
	assert.Equal(t, 2, got[0].Agents[1].Stat.N)
	// Within resolution: Bao (25) before Ana (75).
	assert.Equal(t, []int64{2, 1}, []int64{got[1].Agents[0].AgentID, got[1].Agents[1].AgentID})

	// A criterion nobody rated is not listed; too few reviews overall sort last.
	few := scoring.CriterionInsights(v, reviews[:2], 5)
	require.Len(t, few, 3)
	for _, c := range few {
		assert.False(t, c.Stat.Sufficient)
	}
	assert.Empty(t, scoring.CriterionInsights(v, nil, 5))
}
