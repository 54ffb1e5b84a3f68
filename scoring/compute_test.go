package scoring_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// want is the part of a Result a golden row checks. values lists the
// expected 0–100 value of each criterion in rubric order (nil = N/A or
// not rated); sections, when set, the expected section results.
type want struct {
	available  bool
	score      float64
	base       float64
	bonus      float64
	autoFailed bool
	critical   []string
	values     []*float64
	sections   []scoring.SectionResult
}

func TestComputeGolden(t *testing.T) {
	tests := []struct {
		name    string
		v       rubrics.Version
		ratings []scoring.Rating
		want    want
	}{
		{
			// (30×75 + 10×25 + 60×100) / (30+10+60) = (2250+250+6000)/100 = 85
			name: "plain weighted mean",
			v: ver(100, sec("s",
				crit("a", rubrics.Scale5, 30), crit("b", rubrics.Scale5, 10), crit("c", rubrics.Scale5, 60))),
			ratings: []scoring.Rating{rate("a", 4), rate("b", 2), rate("c", 5)},
			want: want{available: true, score: 85, base: 85, values: []*float64{f(75), f(25), f(100)},
				sections: []scoring.SectionResult{{Key: "s", Value: f(85)}}},
		},
		{
			// binary 1 → 100, 0 → 0: (1×100 + 1×0 + 2×100) / 4 = 300/4 = 75
			name: "binary",
			v: ver(100, sec("s",
				crit("a", rubrics.ScaleBinary, 1), crit("b", rubrics.ScaleBinary, 1), crit("c", rubrics.ScaleBinary, 2))),
			ratings: []scoring.Rating{rate("a", 1), rate("b", 0), rate("c", 1)},
			want:    want{available: true, score: 75, base: 75, values: []*float64{f(100), f(0), f(100)}},
		},
		{
			// 3-point 1,2,3 → 0,50,100: (50 + 100) / 2 = 75
			name:    "3-point",
			v:       ver(100, sec("s", crit("a", rubrics.Scale3, 1), crit("b", rubrics.Scale3, 1), crit("c", rubrics.Scale3, 1))),
			ratings: []scoring.Rating{rate("a", 2), rate("b", 3)},
			want:    want{available: true, score: 75, base: 75, values: []*float64{f(50), f(100), nil}},
		},
		{
			// 4-point 1..4 → 0, 33.33…, 66.67…, 100:
			// (1×100/3 + 2×200/3) / 3 = (500/3)/3 = 55.555… → 55.56
			name:    "4-point rounds to 2 decimals",
			v:       ver(100, sec("s", crit("a", rubrics.Scale4, 1), crit("b", rubrics.Scale4, 2))),
			ratings: []scoring.Rating{rate("a", 2), rate("b", 3)},
			want: want{available: true, score: 55.56, base: 55.56, values: []*float64{f(100.0 / 3), f(200.0 / 3)},
				sections: []scoring.SectionResult{{Key: "s", Value: f(55.56)}}},
		},
		{
			// 5-point 1..5 → 0,25,50,75,100: (1×0 + 1×50 + 2×100) / 4 = 250/4 = 62.5
			name:    "5-point",
			v:       ver(100, sec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.Scale5, 1), crit("c", rubrics.Scale5, 2))),
			ratings: []scoring.Rating{rate("a", 1), rate("b", 3), rate("c", 5)},
			want:    want{available: true, score: 62.5, base: 62.5, values: []*float64{f(0), f(50), f(100)}},
		},
		{
			// custom "Partly" = 0.6 → 60 (a fail outcome, but not critical
			// nor in a fail section, so it only sets Failed):
			// (60 + 100) / 2 = 80
			name:    "custom outcome",
			v:       ver(100, sec("s", custom("a", 1, resolution), crit("b", rubrics.Scale5, 1))),
			ratings: []scoring.Rating{rate("a", 1), rate("b", 5)},
			want:    want{available: true, score: 80, base: 80, values: []*float64{f(60), f(100)}},
		},
		{
			// b is N/A: (50×100 + 50×0) / (50+50) = 50; were N/A a 0 in
			// the denominator it would read 33.33
			name: "N/A drops out of numerator and denominator",
			v: ver(100, sec("s",
				crit("a", rubrics.Scale5, 50), crit("b", rubrics.Scale5, 50, allowNA), crit("c", rubrics.Scale5, 50))),
			ratings: []scoring.Rating{rate("a", 5), na("b"), rate("c", 1)},
			want:    want{available: true, score: 50, base: 50, values: []*float64{f(100), nil, f(0)}},
		},
		{
			// nothing applicable: no denominator → unavailable, not 0
			name:    "all N/A is unavailable",
			v:       ver(100, sec("s", crit("a", rubrics.Scale5, 50, allowNA), crit("b", rubrics.ScaleBinary, 50, allowNA))),
			ratings: []scoring.Rating{na("a"), na("b")},
			want: want{available: false, values: []*float64{nil, nil},
				sections: []scoring.SectionResult{{Key: "s"}}},
		},
		{
			// nothing rated at all: unavailable
			name: "nothing rated is unavailable",
			v:    ver(100, sec("s", crit("a", rubrics.Scale5, 50))),
			want: want{available: false, values: []*float64{nil}},
		},
		{
			// critical "Borderline" = 0.49 → 49 < 50 (even though the
			// outcome is marked pass) → score 0; base (49+100)/2 = 74.5
			// and both values are kept for analysis
			name:    "critical custom outcome at 49 auto-fails",
			v:       ver(100, sec("s", custom("a", 1, resolution, critical), crit("b", rubrics.Scale5, 1))),
			ratings: []scoring.Rating{rate("a", 2), rate("b", 5)},
			want: want{available: true, score: 0, base: 74.5, autoFailed: true, critical: []string{"a"},
				values: []*float64{f(49), f(100)}},
		},
		{
			// critical 5-point level 2 → 25 < 50 → score 0
			name: "critical 5-point at 25 auto-fails",
			v: ver(100, sec("s",
				crit("a", rubrics.Scale5, 1, critical), crit("b", rubrics.Scale5, 1), crit("c", rubrics.ScaleBinary, 1, critical))),
			ratings: []scoring.Rating{rate("a", 2), rate("b", 4), rate("c", 1)},
			// base (25 + 75 + 100)/3 = 66.67; c (binary 1 → 100) passes
			want: want{available: true, score: 0, base: 66.67, autoFailed: true, critical: []string{"a"},
				values: []*float64{f(25), f(75), f(100)}},
		},
		{
			// two critical failures are both listed, in rubric order
			name: "every failing critical is listed",
			v: ver(100, sec("s", crit("a", rubrics.ScaleBinary, 1, critical)),
				sec("t", custom("b", 1, resolution, critical), crit("c", rubrics.Scale5, 1, critical))),
			ratings: []scoring.Rating{rate("c", 5), rate("b", 1), rate("a", 0)},
			// base (0 + 60 + 100)/3 = 53.33
			want: want{available: true, score: 0, base: 53.33, autoFailed: true, critical: []string{"a", "b"},
				values: []*float64{f(0), f(60), f(100)}},
		},
		{
			// critical but N/A: nothing to fail; 75 from b alone
			name:    "critical N/A does not fail",
			v:       ver(100, sec("s", crit("a", rubrics.Scale5, 1, critical, allowNA), crit("b", rubrics.Scale5, 1))),
			ratings: []scoring.Rating{na("a"), rate("b", 4)},
			want:    want{available: true, score: 75, base: 75, values: []*float64{nil, f(75)}},
		},
		{
			// critical unrated: nothing to fail either
			name:    "critical unrated does not fail",
			v:       ver(100, sec("s", crit("a", rubrics.Scale5, 1, critical), crit("b", rubrics.Scale5, 1))),
			ratings: []scoring.Rating{rate("b", 4)},
			want:    want{available: true, score: 75, base: 75, values: []*float64{nil, f(75)}},
		},
		{
			// critical 5-point level 3 → exactly 50, and custom "Half" =
			// 0.5 → 50: "below 50" fails, 50 passes; (50+50+100)/3 = 66.67
			name: "critical at exactly 50 does not fail",
			v: ver(100, sec("s",
				crit("a", rubrics.Scale5, 1, critical), custom("b", 1, resolution, critical), crit("c", rubrics.Scale3, 1, critical))),
			ratings: []scoring.Rating{rate("a", 3), rate("b", 3), rate("c", 3)},
			want:    want{available: true, score: 66.67, base: 66.67, values: []*float64{f(50), f(50), f(100)}},
		},
		{
			// critical custom "Partly" = 60 but marked as a fail → 0
			name:    "critical failing custom outcome above 50 auto-fails",
			v:       ver(100, sec("s", custom("a", 1, resolution, critical), crit("b", rubrics.Scale5, 1))),
			ratings: []scoring.Rating{rate("a", 1), rate("b", 5)},
			// base (60 + 100)/2 = 80
			want: want{available: true, score: 0, base: 80, autoFailed: true, critical: []string{"a"},
				values: []*float64{f(60), f(100)}},
		},
		{
			// a and b rated but weigh 0, c weighs 10 but is unrated:
			// Σweight = 0 → unavailable (never 0/0 = NaN, never 0)
			name: "weights 0 on every rated criterion is unavailable",
			v: ver(100, sec("s",
				crit("a", rubrics.Scale5, 0), crit("b", rubrics.Scale5, 0), crit("c", rubrics.Scale5, 10))),
			ratings: []scoring.Rating{rate("a", 5), rate("b", 1)},
			want: want{available: false, values: []*float64{f(100), f(0), nil},
				sections: []scoring.SectionResult{{Key: "s"}}},
		},
		{
			// a weight-0 critical gate rated alone and failing: a verdict,
			// so available with score 0 rather than "unavailable"
			name:    "weight-0 critical failure alone is an available 0",
			v:       ver(100, sec("s", crit("gate", rubrics.ScaleBinary, 0, critical), crit("b", rubrics.Scale5, 10))),
			ratings: []scoring.Rating{rate("gate", 0)},
			want:    want{available: true, score: 0, autoFailed: true, critical: []string{"gate"}, values: []*float64{f(0), nil}},
		},
		{
			// fail section s: b = 25 fails → a and b count 0 (values kept);
			// section t untouched. (1×0 + 1×0 + 2×100) / 4 = 50
			name: "fail section zeroes only that section",
			v: ver(100,
				failSec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.Scale5, 1)),
				sec("t", crit("c", rubrics.Scale5, 2))),
			ratings: []scoring.Rating{rate("a", 5), rate("b", 2), rate("c", 5)},
			want: want{available: true, score: 50, base: 50, values: []*float64{f(100), f(25), f(100)},
				sections: []scoring.SectionResult{{Key: "s", Failed: true, Value: f(0)}, {Key: "t", Value: f(100)}}},
		},
		{
			// fail section whose criteria all pass (50 is a pass; the
			// 0-valued c is N/A): (1×100 + 1×50 + 2×100) / 4 = 87.5
			name: "fail section that passes counts normally",
			v: ver(100,
				failSec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.Scale5, 1), crit("c", rubrics.Scale5, 1, allowNA)),
				sec("t", crit("d", rubrics.Scale5, 2))),
			ratings: []scoring.Rating{rate("a", 5), rate("b", 3), na("c"), rate("d", 5)},
			want: want{available: true, score: 87.5, base: 87.5, values: []*float64{f(100), f(50), nil, f(100)},
				sections: []scoring.SectionResult{{Key: "s", Value: f(75)}, {Key: "t", Value: f(100)}}},
		},
		{
			// a failed custom outcome ("Partly", 60) fails the section too
			name: "fail section failed by a custom fail outcome",
			v: ver(100,
				failSec("s", custom("a", 1, resolution), crit("b", rubrics.Scale5, 1)),
				sec("t", crit("c", rubrics.Scale5, 1))),
			ratings: []scoring.Rating{rate("a", 1), rate("b", 5), rate("c", 3)},
			// (0 + 0 + 50) / 3 = 16.67
			want: want{available: true, score: 16.67, base: 16.67, values: []*float64{f(60), f(100), f(50)},
				sections: []scoring.SectionResult{{Key: "s", Failed: true, Value: f(0)}, {Key: "t", Value: f(50)}}},
		},
		{
			// a low bonus criterion does not fail its section (extra credit
			// missed is no failure), but a failed section's bonus adds
			// nothing: s fails on a (0), its bonus b (would be +10) adds 0;
			// base (1×0 + 1×100)/2 = 50
			name: "fail section and bonus criteria",
			v: ver(110,
				failSec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.ScaleBinary, 10, bonus)),
				failSec("t", crit("c", rubrics.Scale5, 1), crit("d", rubrics.ScaleBinary, 10, bonus))),
			ratings: []scoring.Rating{rate("a", 1), rate("b", 1), rate("c", 5), rate("d", 0)},
			want: want{available: true, score: 50, base: 50, bonus: 0, values: []*float64{f(0), f(100), f(100), f(0)},
				sections: []scoring.SectionResult{{Key: "s", Failed: true, Value: f(0)}, {Key: "t", Value: f(100)}}},
		},
		{
			// base 100 + bonus 10×100/100 = 110, capped at 100
			name:    "bonus capped at ScoreCap 100",
			v:       ver(100, sec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.ScaleBinary, 10, bonus))),
			ratings: []scoring.Rating{rate("a", 5), rate("b", 1)},
			want:    want{available: true, score: 100, base: 100, bonus: 10, values: []*float64{f(100), f(100)}},
		},
		{
			// ScoreCap 0 means 100: same as above
			name:    "unset ScoreCap means 100",
			v:       ver(0, sec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.ScaleBinary, 10, bonus))),
			ratings: []scoring.Rating{rate("a", 5), rate("b", 1)},
			want:    want{available: true, score: 100, base: 100, bonus: 10, values: []*float64{f(100), f(100)}},
		},
		{
			// cap 110: base 100 + bonus 5 = 105 ≤ 110
			name:    "bonus lifts past 100 under ScoreCap 110",
			v:       ver(110, sec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.ScaleBinary, 5, bonus))),
			ratings: []scoring.Rating{rate("a", 5), rate("b", 1)},
			want:    want{available: true, score: 105, base: 100, bonus: 5, values: []*float64{f(100), f(100)}},
		},
		{
			// cap 110: base 100 + bonus 20 + 5 = 125 → 110
			name: "bonus capped at ScoreCap 110",
			v: ver(110, sec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.ScaleBinary, 20, bonus)),
				bonusSec("extra", crit("c", rubrics.Scale3, 10))),
			ratings: []scoring.Rating{rate("a", 5), rate("b", 1), rate("c", 2)},
			want: want{available: true, score: 110, base: 100, bonus: 25, values: []*float64{f(100), f(100), f(50)},
				// a bonus section has no counted criteria, so no value
				sections: []scoring.SectionResult{{Key: "s", Value: f(100)}, {Key: "extra"}}},
		},
		{
			// base (75+100)/2 = 87.5, bonus section c: 10 × 50/100 = 5 →
			// 92.5, under any cap
			name: "bonus section adds points",
			v: ver(110, sec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.Scale5, 1)),
				bonusSec("extra", crit("c", rubrics.Scale3, 10))),
			ratings: []scoring.Rating{rate("a", 4), rate("b", 5), rate("c", 2)},
			want:    want{available: true, score: 92.5, base: 87.5, bonus: 5, values: []*float64{f(75), f(100), f(50)}},
		},
		{
			// only the bonus is rated: no base to add it to → unavailable
			name:    "bonus only is unavailable",
			v:       ver(110, sec("s", crit("a", rubrics.Scale5, 1)), bonusSec("extra", crit("c", rubrics.ScaleBinary, 10))),
			ratings: []scoring.Rating{rate("c", 1)},
			want:    want{available: false, bonus: 10, values: []*float64{nil, f(100)}},
		},
		{
			// unknown key, unknown level (9 on 5-point, 2 on binary, 7 on a
			// 5-outcome custom), and a rating with neither level nor N/A
			// are all "not rated"; only a counts: 100
			name: "unknown keys and levels are ignored",
			v: ver(100, sec("s", crit("a", rubrics.Scale5, 1), crit("b", rubrics.Scale5, 1),
				crit("c", rubrics.ScaleBinary, 1), custom("d", 1, resolution), crit("e", rubrics.Scale3, 1),
				crit("g", "no-such-scale", 1))),
			ratings: []scoring.Rating{rate("zzz", 1), rate("a", 5), rate("b", 9), rate("c", 2), rate("d", 7),
				rate("d", -1), {CriterionKey: "e"}, rate("g", 1)},
			want: want{available: true, score: 100, base: 100, values: []*float64{f(100), nil, nil, nil, nil, nil}},
		},
		{
			// duplicates: the unusable first rating is ignored, then the
			// first usable one (2 → 25) wins over the later 5
			name:    "first usable rating for a key wins",
			v:       ver(100, sec("s", crit("a", rubrics.Scale5, 1))),
			ratings: []scoring.Rating{rate("a", 9), rate("a", 2), rate("a", 5)},
			want:    want{available: true, score: 25, base: 25, values: []*float64{f(25)}},
		},
		{
			// NA wins over a level set alongside it (invalid input):
			// a drops out, b = 50
			name: "N/A with a level is N/A",
			v:    ver(100, sec("s", crit("a", rubrics.Scale5, 1, critical, allowNA), crit("b", rubrics.Scale5, 1))),
			ratings: []scoring.Rating{func() scoring.Rating { r := rate("a", 1); r.NA = true; return r }(),
				rate("b", 3)},
			want: want{available: true, score: 50, base: 50, values: []*float64{nil, f(50)}},
		},
		{
			// negative weight counts as 0: only b (weight 2) → 100
			name:    "negative weight counts as 0",
			v:       ver(100, sec("s", crit("a", rubrics.Scale5, -5), crit("b", rubrics.Scale5, 2))),
			ratings: []scoring.Rating{rate("a", 1), rate("b", 5)},
			want:    want{available: true, score: 100, base: 100, values: []*float64{f(0), f(100)}},
		},
		{
			name: "empty version is unavailable",
			v:    rubrics.Version{},
			want: want{available: false},
		},
		{
			name:    "sections without criteria are unavailable",
			v:       ver(100, sec("s"), sec("t")),
			ratings: []scoring.Rating{rate("a", 1)},
			want:    want{available: false, sections: []scoring.SectionResult{{Key: "s"}, {Key: "t"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scoring.Compute(tt.v, tt.ratings)
			assert.Equal(t, tt.want.available, got.Available, "Available")
			assert.Equal(t, tt.want.score, got.Score, "Score")
			assert.Equal(t, tt.want.base, got.Base, "Base")
			assert.Equal(t, tt.want.bonus, got.Bonus, "Bonus")
			assert.Equal(t, tt.want.autoFailed, got.AutoFailed, "AutoFailed")
			assert.Equal(t, tt.want.critical, got.CriticalKeys, "CriticalKeys")

			all := tt.v.Criteria()
			require.Len(t, got.Criteria, len(all), "one result per criterion")
			for i, sc := range all {
				cr := got.Criteria[i]
				assert.Equal(t, sc.Criterion.Key, cr.Key, "criteria in rubric order")
				assert.Equal(t, sc.Section.Key, cr.SectionKey)
				assert.Equal(t, sc.Criterion.Weight, cr.Weight)
				if i < len(tt.want.values) {
					wantV := tt.want.values[i]
					if wantV == nil {
						assert.Nil(t, cr.Value, "criterion %s value", cr.Key)
						assert.False(t, cr.Counted, "criterion %s without value is not counted", cr.Key)
					} else if assert.NotNil(t, cr.Value, "criterion %s value", cr.Key) {
						assert.InDelta(t, *wantV, *cr.Value, 1e-9, "criterion %s value", cr.Key)
						assert.Equal(t, !cr.Bonus, cr.Counted, "criterion %s counted", cr.Key)
					}
				}
			}
			require.Len(t, got.Sections, len(tt.v.Sections), "one result per section")
			for i := range tt.v.Sections {
				assert.Equal(t, tt.v.Sections[i].Key, got.Sections[i].Key, "sections in rubric order")
			}
			if tt.want.sections != nil {
				assert.Equal(t, tt.want.sections, got.Sections)
			}
		})
	}
}

// TestComputeCriterionFlags checks the per-criterion Failed, Bonus and
// Counted flags, which the analysis screens read.
func TestComputeCriterionFlags(t *testing.T) {
	v := ver(110,
		sec("s", crit("low", rubrics.Scale5, 1), custom("partly", 1, resolution), crit("ok", rubrics.Scale5, 1),
			crit("na", rubrics.Scale5, 1, allowNA), crit("b", rubrics.ScaleBinary, 5, bonus)))
	got := scoring.Compute(v, []scoring.Rating{rate("low", 2), rate("partly", 1), rate("ok", 3), na("na"), rate("b", 0)})

	type flags struct{ failed, counted, bonus bool }
	var gotFlags []flags
	for _, cr := range got.Criteria {
		gotFlags = append(gotFlags, flags{cr.Failed, cr.Counted, cr.Bonus})
	}
	assert.Equal(t, []flags{
		{failed: true, counted: true},  // 25 < 50
		{failed: true, counted: true},  // fail outcome
		{failed: false, counted: true}, // 50 passes
		{},                             // N/A
		{failed: true, bonus: true},    // bonus: never counted
	}, gotFlags)
}

// TestComputeDoesNotMutateInput: the section sums sort their terms, which
// must be Compute's own slices, never the caller's version or ratings.
func TestComputeDoesNotMutateInput(t *testing.T) {
	v := benchVersion()
	ratings := benchRatings()
	before := scoring.Compute(v, ratings)
	wantV, wantR := benchVersion(), benchRatings()
	assert.Equal(t, wantV, v)
	assert.Equal(t, wantR, ratings)
	assert.Equal(t, before, scoring.Compute(v, ratings))
}

// TestComputeManyRatings exercises the map lookup used for long rating
// lists (the short ones are scanned).
func TestComputeManyRatings(t *testing.T) {
	var cs []rubrics.Criterion
	var rs []scoring.Rating
	for i := range 40 {
		key := string(rune('a'+i%26)) + string(rune('a'+i/26))
		cs = append(cs, crit(key, rubrics.Scale5, 1))
		// ratings reversed and each key first given an unknown level
		rs = append([]scoring.Rating{rate(key, 0), rate(key, 1+i%5)}, rs...)
	}
	got := scoring.Compute(ver(100, sec("s", cs...)), rs)
	// levels cycle 1..5 → 0,25,50,75,100, eight times each: mean 50
	assert.True(t, got.Available)
	assert.Equal(t, 50.0, got.Score)
}
