package scoring_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/scoring"
)

func TestCanTransition(t *testing.T) {
	states := []scoring.ReviewState{
		scoring.ReviewDraft, scoring.ReviewSubmitted, scoring.ReviewPublished, scoring.ReviewDisputed, scoring.ReviewResolved,
	}
	allowed := map[[2]scoring.ReviewState]bool{
		{scoring.ReviewDraft, scoring.ReviewSubmitted}:     true,
		{scoring.ReviewDraft, scoring.ReviewPublished}:     true,
		{scoring.ReviewSubmitted, scoring.ReviewPublished}: true,
		{scoring.ReviewPublished, scoring.ReviewDisputed}:  true,
		{scoring.ReviewDisputed, scoring.ReviewResolved}:   true,
	}
	// Every pair, so a transition added by accident fails here.
	for _, from := range states {
		for _, to := range states {
			assert.Equal(t, allowed[[2]scoring.ReviewState{from, to}], scoring.CanTransition(from, to), "%s → %s", from, to)
		}
	}
	assert.False(t, scoring.CanTransition("", scoring.ReviewDraft))
	assert.False(t, scoring.CanTransition(scoring.ReviewDraft, "archived"))
}

func TestVisibleToAgent(t *testing.T) {
	for _, st := range []scoring.ReviewState{scoring.ReviewDraft, scoring.ReviewSubmitted, scoring.ReviewPublished, scoring.ReviewDisputed, scoring.ReviewResolved} {
		assert.Equal(t, slices.Contains(scoring.AgentStates(), st), st.VisibleToAgent(), st)
	}
	assert.False(t, scoring.ReviewSubmitted.VisibleToAgent(), "awaiting a second check: not the agent's yet")
	states := scoring.AgentStates()
	states[0] = scoring.ReviewDraft
	assert.Equal(t, scoring.ReviewPublished, scoring.AgentStates()[0], "callers cannot change the list")
}
