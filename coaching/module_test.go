package coaching_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
)

func TestModuleValidate(t *testing.T) {
	ok := func() coaching.Module {
		return coaching.Module{Title: "  Naming the feeling ", Body: "Say what you hear.", CriterionKeys: []string{"empathy", " clarity", "empathy", ""}}
	}
	m := ok()
	m.Normalize()
	assert.Equal(t, "Naming the feeling", m.Title)
	assert.Equal(t, []string{"clarity", "empathy"}, m.CriterionKeys, "sorted, distinct, no blanks")
	require.NoError(t, m.Validate())

	tests := []struct {
		name  string
		edit  func(*coaching.Module)
		field string
	}{
		{"no title", func(m *coaching.Module) { m.Title = "" }, "title"},
		{"long title", func(m *coaching.Module) { m.Title = strings.Repeat("ก", 201) }, "title"},
		{"bad utf-8 title", func(m *coaching.Module) { m.Title = "a\xffb" }, "title"},
		{"blank body", func(m *coaching.Module) { m.Body = " \n " }, "body"},
		{"long body", func(m *coaching.Module) { m.Body = strings.Repeat("é", 20_001) }, "body"},
		{"bad key", func(m *coaching.Module) { m.CriterionKeys = []string{"Not A Key!"} }, "criteria"},
		{"too many keys", func(m *coaching.Module) {
			m.CriterionKeys = strings.Split("a,b,c,d,e,f,g,h,i,j,k", ",")
		}, "criteria"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok()
			tt.edit(&m)
			m.Normalize()
			err := m.Validate()
			require.Error(t, err)
			assert.True(t, errors.Is(err, coaching.ErrInvalid))
			var p coaching.Problems
			require.True(t, errors.As(err, &p))
			assert.NotEmpty(t, p.For(tt.field), "problem reported on %s: %v", tt.field, p)
		})
	}
	// 200 Thai characters are 600 bytes but a valid title.
	m = ok()
	m.Title = strings.Repeat("ก", 200)
	m.Normalize()
	assert.NoError(t, m.Validate())
}

func TestAssignmentStatus(t *testing.T) {
	bangkok := time.FixedZone("ICT", 7*3600)
	due := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	a := coaching.ModuleAssignment{Due: due}
	// 2026-11-23 20:00 UTC is already the 24th in Bangkok.
	late := time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC)
	assert.Equal(t, coaching.StatusOpen, a.Status(late, time.UTC), "due today is not overdue")
	assert.Equal(t, coaching.StatusOverdue, a.Status(late, bangkok), "the next day in the viewer's zone")
	assert.Equal(t, coaching.StatusOpen, a.Status(due.Add(-time.Hour), nil))
	done := late
	a.CompletedAt = &done
	assert.Equal(t, coaching.StatusDone, a.Status(late.AddDate(0, 1, 0), bangkok))
	assert.Equal(t, "Done", coaching.StatusDone.Label())
	assert.Equal(t, "Overdue", coaching.StatusOverdue.Label())
	assert.Equal(t, "To do", coaching.StatusOpen.Label())
}

func TestParseDue(t *testing.T) {
	now := time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC)
	bangkok := time.FixedZone("ICT", 7*3600)
	d, err := coaching.ParseDue("2026-11-23", now, time.UTC)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), d)
	_, err = coaching.ParseDue("2026-11-23", now, bangkok)
	assert.ErrorIs(t, err, coaching.ErrInvalid, "already the 24th in Bangkok")
	for _, bad := range []string{"", "23/11/2026", "2026-02-30", "2029-01-01"} {
		_, err := coaching.ParseDue(bad, now, time.UTC)
		var p coaching.Problems
		require.True(t, errors.As(err, &p), bad)
		assert.NotEmpty(t, p.For("due"), bad)
	}
}
