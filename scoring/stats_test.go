package scoring_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/scoring"
)

func TestAggregate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name   string
		scores []float64
		minN   int
		max    float64
		want   scoring.Stat
	}{
		{
			// mean 80, sd √((100+0+100)/2) = 10, se 10/√3 = 5.7735,
			// t(2) = 4.303 → half-width 24.843 → [55.16, 104.84], High
			// clamped to 100
			name: "t interval, clamped to max", scores: []float64{70, 80, 90}, minN: 3, max: 100,
			want: scoring.Stat{N: 3, Mean: 80, Low: 55.16, High: 100, Sufficient: true},
		},
		{
			// same sample under a cap of 110: 104.84 fits
			name: "t interval within a higher cap", scores: []float64{90, 70, 80}, minN: 3, max: 110,
			want: scoring.Stat{N: 3, Mean: 80, Low: 55.16, High: 104.84, Sufficient: true},
		},
		{
			name: "below minN is not sufficient", scores: []float64{70, 80, 90}, minN: 4, max: 100,
			want: scoring.Stat{N: 3, Mean: 80, Low: 55.16, High: 100},
		},
		{
			// minN 0 means DefaultMinN (5)
			name: "default minN", scores: []float64{70, 80, 90, 70}, minN: 0, max: 100,
			// mean 77.5, sd √((56.25+6.25+156.25+56.25)/3) = √91.667 = 9.5743,
			// se 4.7871, t(3) = 3.182 → half 15.233 → [62.27, 92.73]
			want: scoring.Stat{N: 4, Mean: 77.5, Low: 62.27, High: 92.73},
		},
		{
			name: "default minN reached", scores: []float64{80, 80, 80, 80, 80}, minN: -1, max: 100,
			// sd 0 → the interval is the mean itself
			want: scoring.Stat{N: 5, Mean: 80, Low: 80, High: 80, Sufficient: true},
		},
		{
			// mean 5, sd √50 = 7.0711, se 5, t(1) = 12.706 → half 63.53 →
			// [−58.53, 68.53], Low clamped to 0
			name: "Low clamped to 0", scores: []float64{0, 10}, minN: 2, max: 100,
			want: scoring.Stat{N: 2, Mean: 5, Low: 0, High: 68.53, Sufficient: true},
		},
		{
			name: "NaN and Inf ignored", scores: []float64{nan, 70, inf, 80, -inf, 90}, minN: 3, max: 100,
			want: scoring.Stat{N: 3, Mean: 80, Low: 55.16, High: 100, Sufficient: true},
		},
		{
			name: "n = 0", scores: nil, minN: 1, max: 100,
			want: scoring.Stat{N: 0, Mean: 0, Low: 0, High: 100},
		},
		{
			name: "only NaN is n = 0", scores: []float64{nan, nan}, minN: 1, max: 120,
			want: scoring.Stat{N: 0, Mean: 0, Low: 0, High: 120},
		},
		{
			// one score: no spread to estimate → the whole range
			name: "n = 1", scores: []float64{42}, minN: 1, max: 100,
			want: scoring.Stat{N: 1, Mean: 42, Low: 0, High: 100, Sufficient: true},
		},
		{
			name: "max unset means 100", scores: []float64{42}, minN: 2, max: 0,
			want: scoring.Stat{N: 1, Mean: 42, Low: 0, High: 100},
		},
		{
			// 18 × 70 and 18 × 90: mean 80, sd √(36×100/35) = 10.1419, se
			// 1.6903; t(35) interpolated in 1/df between t(30) = 2.042 and
			// t(40) = 2.021: 2.042 − 0.021 × (1/30−1/35)/(1/30−1/40) =
			// 2.042 − 0.021 × 0.5714 = 2.0300 (exact t(35) = 2.0301) →
			// half 3.4314 → [76.57, 83.43]
			name: "t interpolated between table rows", scores: repeat(18, 70, 90), minN: 5, max: 100,
			want: scoring.Stat{N: 36, Mean: 80, Low: 76.57, High: 83.43, Sufficient: true},
		},
		{
			// 100 × 70 and 100 × 90: mean 80, sd √(200×100/199) = 10.0251,
			// se 0.70888; t(199) between t(120) = 1.980 and ∞ (1.960):
			// 1.980 − 0.020 × (1/120 − 1/199)/(1/120) = 1.97206 (exact
			// 1.97196) → half 1.3980 → [78.60, 81.40]
			name: "t interpolated towards the normal limit", scores: repeat(100, 70, 90), minN: 5, max: 100,
			want: scoring.Stat{N: 200, Mean: 80, Low: 78.6, High: 81.4, Sufficient: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, scoring.Aggregate(tt.scores, tt.minN, tt.max))
		})
	}
}

// repeat returns n copies of each of a and b.
func repeat(n int, a, b float64) []float64 {
	var out []float64
	for range n {
		out = append(out, a, b)
	}
	return out
}

// TestAggregateInterval checks invariants over many samples: Low ≤ Mean ≤
// High within [0, max], and, for a sample of fixed spread, an interval
// that never widens as n grows (t, sd/√n and the table interpolation all
// shrink with n).
func TestAggregateInterval(t *testing.T) {
	prevWidth := math.Inf(1)
	for k := 1; k <= 200; k++ {
		scores := repeat(k, 60, 95)
		st := scoring.Aggregate(scores, 0, 100)
		assert.Equal(t, 2*k, st.N)
		assert.Equal(t, 77.5, st.Mean)
		assert.LessOrEqual(t, 0.0, st.Low)
		assert.LessOrEqual(t, st.Low, st.Mean)
		assert.LessOrEqual(t, st.Mean, st.High)
		assert.LessOrEqual(t, st.High, 100.0)
		width := st.High - st.Low
		assert.LessOrEqual(t, width, prevWidth+1e-9, "n=%d", 2*k)
		prevWidth = width
	}
}

func TestCompare(t *testing.T) {
	// Hand-computed: before 50,60,70,60,60 (mean 60, s² 50), after
	// 70,80,90,80,80 (mean 80, s² 50): se = √(10+10) = 4.4721, Welch
	// ν = 400/(100/4+100/4) = 8, t(0.975, 8) = 2.306, half = 10.313.
	before := []float64{50, 60, 70, 60, 60}
	after := []float64{70, 80, 90, 80, 80}
	d := scoring.Compare(before, after, 5, 100)
	assert.True(t, d.Sufficient)
	assert.Equal(t, 20.0, d.Change)
	assert.InDelta(t, 9.69, d.Low, 0.01)
	assert.InDelta(t, 30.31, d.High, 0.01)
	assert.Equal(t, 60.0, d.Before.Mean)
	assert.Equal(t, 80.0, d.After.Mean)

	// Too few on one side: not sufficient, and the interval says nothing.
	d = scoring.Compare(before, []float64{90, 95}, 5, 100)
	assert.False(t, d.Sufficient)
	assert.Equal(t, 32.5, d.Change)
	assert.Equal(t, 2, d.After.N)

	d = scoring.Compare(nil, after, 5, 100)
	assert.False(t, d.Sufficient)
	assert.Equal(t, -100.0, d.Low)
	assert.Equal(t, 100.0, d.High)

	// No spread on either side: the change is exact.
	d = scoring.Compare(repeat(6, 50, 50), repeat(6, 75, 75), 5, 100)
	assert.Equal(t, 25.0, d.Change)
	assert.Equal(t, 25.0, d.Low)
	assert.Equal(t, 25.0, d.High)
}
