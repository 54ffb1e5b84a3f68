package scoring_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

func TestAssignmentValidate(t *testing.T) {
	valid := func() scoring.Assignment {
		return scoring.Assignment{
			Name: "Tuần này — สัปดาห์นี้", RubricID: 1, ReviewerIDs: []int64{2}, AgentIDs: []int64{3},
			Quota: 5, Period: scoring.PeriodWeek, Sampling: scoring.SampleRandom, Active: true,
		}
	}
	tests := []struct {
		name  string
		edit  func(*scoring.Assignment)
		paths []string
	}{
		{"valid", func(*scoring.Assignment) {}, nil},
		{"team instead of agents", func(a *scoring.Assignment) { a.AgentIDs, a.TeamIDs = nil, []int64{4} }, nil},
		{"quota bounds", func(a *scoring.Assignment) { a.Quota = 100 }, nil},
		{"blank name", func(a *scoring.Assignment) { a.Name = "  " }, []string{"name"}},
		{"long name", func(a *scoring.Assignment) { a.Name = strings.Repeat("ก", 201) }, []string{"name"}},
		{"no rubric", func(a *scoring.Assignment) { a.RubricID = 0 }, []string{"rubric"}},
		{"no reviewers", func(a *scoring.Assignment) { a.ReviewerIDs = nil }, []string{"reviewers"}},
		{"no agents or teams", func(a *scoring.Assignment) { a.AgentIDs = nil }, []string{"agents"}},
		{"quota 0", func(a *scoring.Assignment) { a.Quota = 0 }, []string{"quota"}},
		{"quota 101", func(a *scoring.Assignment) { a.Quota = 101 }, []string{"quota"}},
		{"period", func(a *scoring.Assignment) { a.Period = "day" }, []string{"period"}},
		{"sampling", func(a *scoring.Assignment) { a.Sampling = "best" }, []string{"sampling"}},
		{"everything", func(a *scoring.Assignment) { *a = scoring.Assignment{} },
			[]string{"name", "rubric", "reviewers", "agents", "quota", "period", "sampling"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.edit(&a)
			err := a.Validate()
			if tt.paths == nil {
				assert.NoError(t, err)
				return
			}
			require.True(t, errors.Is(err, scoring.ErrInvalid))
			var p rubrics.Problems
			require.True(t, errors.As(err, &p))
			var got []string
			for _, pr := range p {
				got = append(got, pr.Path)
			}
			assert.Equal(t, tt.paths, got)
		})
	}
	var nilA *scoring.Assignment
	assert.ErrorIs(t, nilA.Validate(), scoring.ErrInvalid)
}
