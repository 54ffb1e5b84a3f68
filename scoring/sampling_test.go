package scoring_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/scoring"
)

func TestPeriodBounds(t *testing.T) {
	d := func(y int, m time.Month, day, h int) time.Time { return time.Date(y, m, day, h, 0, 0, 0, time.UTC) }
	ict := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		name       string
		p          scoring.Period
		now        time.Time
		start, end time.Time
	}{
		{"week midweek", scoring.PeriodWeek, d(2025, 3, 5, 12), d(2025, 3, 3, 0), d(2025, 3, 10, 0)},
		{"week on Monday midnight", scoring.PeriodWeek, d(2025, 3, 3, 0), d(2025, 3, 3, 0), d(2025, 3, 10, 0)},
		{"week on Sunday night", scoring.PeriodWeek, d(2025, 3, 9, 23), d(2025, 3, 3, 0), d(2025, 3, 10, 0)},
		{"week across a month", scoring.PeriodWeek, d(2025, 3, 1, 9), d(2025, 2, 24, 0), d(2025, 3, 3, 0)},
		{"week across a year", scoring.PeriodWeek, d(2025, 1, 1, 9), d(2024, 12, 30, 0), d(2025, 1, 6, 0)},
		{"week across a year, late December", scoring.PeriodWeek, d(2026, 12, 31, 9), d(2026, 12, 28, 0), d(2027, 1, 4, 0)},
		// Monday 03:00 in Bangkok is still Sunday in UTC: periods are UTC.
		{"week in another zone", scoring.PeriodWeek, time.Date(2025, 3, 10, 3, 0, 0, 0, ict), d(2025, 3, 3, 0), d(2025, 3, 10, 0)},
		{"month", scoring.PeriodMonth, d(2025, 2, 14, 5), d(2025, 2, 1, 0), d(2025, 3, 1, 0)},
		{"month December", scoring.PeriodMonth, d(2024, 12, 31, 23), d(2024, 12, 1, 0), d(2025, 1, 1, 0)},
		{"leap February", scoring.PeriodMonth, d(2024, 2, 29, 1), d(2024, 2, 1, 0), d(2024, 3, 1, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end := scoring.PeriodBounds(tt.p, tt.now)
			assert.Equal(t, tt.start, start)
			assert.Equal(t, tt.end, end)
			assert.Equal(t, time.UTC, start.Location())
		})
	}
}

func ids(cs []scoring.Candidate) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.InteractionID
	}
	return out
}

func TestOrderCandidates(t *testing.T) {
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	cs := []scoring.Candidate{
		{InteractionID: 1, CSAT: ptrInt(3), DurationMS: 1000, TurnCount: 4, CustomerTurns: 2, StartedAt: base},
		{InteractionID: 2, CSAT: nil, DurationMS: 9000, TurnCount: 2, CustomerTurns: 1, StartedAt: base.Add(time.Hour)},
		{InteractionID: 3, CSAT: ptrInt(1), DurationMS: 1000, TurnCount: 9, CustomerTurns: 5, StartedAt: base.Add(2 * time.Hour)},
		{InteractionID: 4, CSAT: ptrInt(3), DurationMS: 500, TurnCount: 1, CustomerTurns: 2, StartedAt: base.Add(3 * time.Hour)},
		{InteractionID: 5, CSAT: ptrInt(3), DurationMS: 500, TurnCount: 1, CustomerTurns: 2, StartedAt: base.Add(3 * time.Hour)},
	}
	tests := []struct {
		s    scoring.Sampling
		want []int64
	}{
		// 4 and 5 tie on everything but id: higher id first.
		{scoring.SampleLowestCSAT, []int64{3, 5, 4, 1, 2}},
		{scoring.SampleLongest, []int64{2, 3, 1, 5, 4}},
		{scoring.SampleMostCustomer, []int64{3, 5, 4, 1, 2}},
		{"unknown", []int64{5, 4, 3, 2, 1}},
	}
	for _, tt := range tests {
		t.Run(string(tt.s), func(t *testing.T) {
			got := append([]scoring.Candidate(nil), cs...)
			scoring.OrderCandidates(tt.s, 42, got)
			assert.Equal(t, tt.want, ids(got))
		})
	}

	t.Run("random", func(t *testing.T) {
		many := make([]scoring.Candidate, 50)
		for i := range many {
			many[i] = scoring.Candidate{InteractionID: int64(i + 1), StartedAt: base}
		}
		week := scoring.SampleSeed(7, base)
		order := func(seed uint64, in []scoring.Candidate) []int64 {
			c := append([]scoring.Candidate(nil), in...)
			scoring.OrderCandidates(scoring.SampleRandom, seed, c)
			return ids(c)
		}
		first := order(week, many)
		assert.Equal(t, first, order(week, many), "same seed, same order")
		// Input order does not matter.
		rev := append([]scoring.Candidate(nil), many...)
		for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
			rev[i], rev[j] = rev[j], rev[i]
		}
		assert.Equal(t, first, order(week, rev))
		assert.NotEqual(t, first, order(scoring.SampleSeed(7, base.AddDate(0, 0, 7)), many), "next period reshuffles")
		assert.NotEqual(t, first, order(scoring.SampleSeed(8, base), many), "another assignment differs")
		// A new conversation keeps the others' relative order.
		more := append(append([]scoring.Candidate(nil), many...), scoring.Candidate{InteractionID: 999, StartedAt: base})
		var without []int64
		for _, id := range order(week, more) {
			if id != 999 {
				without = append(without, id)
			}
		}
		assert.Equal(t, first, without)
	})
}

func ptrInt(v int) *int { return &v }
