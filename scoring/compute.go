package scoring

import (
	"cmp"
	"math"
	"slices"

	"github.com/qascore/qascore/rubrics"
)

// DefaultMinN is the fewest reviews an average needs before it is shown
// as a number rather than "insufficient evidence".
const DefaultMinN = 5

// passMark is the 0–100 value below which a rated criterion has failed
// (DESIGN §6: "below 50"); exactly 50 passes.
const passMark = 50

// smallRatings is the number of ratings up to which Compute finds a
// criterion's rating by scanning instead of building a map (see
// ratingIndex).
const smallRatings = 16

// Compute scores ratings against version v (DESIGN §6). It is pure: same
// input, same result, and it never panics, whatever the input.
//
// Each rated criterion becomes 0–100 (its rubrics.Level score × 100). The
// base is the weighted mean of the counted criteria (rated, not N/A, not
// bonus); N/A and unrated criteria drop out of numerator and denominator.
// A fail section in which some applicable, non-bonus criterion failed
// counts all its criteria as 0 (bonus ones included); a failing critical
// criterion makes the score 0. Bonus criteria add Weight × value/100
// points, and the sum is capped at v.ScoreCap (100 when ScoreCap ≤ 0).
//
// With no counted weight (nothing applicable rated, every rated criterion
// weighing 0, or only bonus criteria rated) the result is not Available:
// callers show "unavailable", never the 0 in Score. A critical failure is
// the exception: it is a verdict, so it is Available with Score 0. Base
// and Bonus are filled in even when auto-failed or unavailable, for
// analysis. An N/A or unrated critical criterion cannot fail.
//
// Input the rubric editor should have refused is scored defensively
// rather than rejected: a rating for an unknown criterion key or with a
// level the criterion's scale lacks is ignored (as if absent; a later
// rating for the same key may then apply, otherwise the first usable one
// wins), a rating with NA set counts as N/A whatever its Level, negative
// weights count as 0, and custom outcome scores are clamped to [0, 1]
// (a NaN score makes that outcome unknown).
//
// Score, Base, Bonus and section values are rounded to 2 decimals. The
// weighted sums are float64, whose last bits depend on the order of the
// additions; rounding (together with summing in a canonical order, see
// weightedMean) makes stored and golden values exact and stable, and 2
// decimals is what the UI shows. Score is Base + Bonus of the rounded
// values, so the three displayed numbers always add up.
func Compute(v rubrics.Version, ratings []Rating) Result {
	ix := newRatingIndex(ratings)
	scoreCap := float64(v.ScoreCap)
	if v.ScoreCap <= 0 {
		scoreCap = 100
	}

	n := 0
	for si := range v.Sections {
		n += len(v.Sections[si].Criteria)
	}
	res := Result{
		Criteria: make([]CriterionResult, 0, n),
		Sections: make([]SectionResult, 0, len(v.Sections)),
	}
	// One backing array for every *float64 in the result instead of one
	// allocation per value.
	values := make([]float64, 0, n+len(v.Sections))
	point := func(x float64) *float64 {
		values = append(values, x)
		return &values[len(values)-1]
	}

	// First pass: value every criterion, so that section fails are known
	// before anything is summed.
	for si := range v.Sections {
		s := &v.Sections[si]
		for ci := range s.Criteria {
			c := &s.Criteria[ci]
			cr := CriterionResult{
				Key:        c.Key,
				SectionKey: s.Key,
				Bonus:      c.Bonus || s.Bonus,
				Weight:     c.Weight,
			}
			if val, failed, ok := rate(c, ix); ok {
				cr.Value = point(val)
				cr.Failed = failed
				cr.Counted = !cr.Bonus
				if failed && c.Critical {
					res.AutoFailed = true
					res.CriticalKeys = append(res.CriticalKeys, c.Key)
				}
			}
			res.Criteria = append(res.Criteria, cr)
		}
	}

	// Second pass: section values, the base and the bonus. terms holds
	// every counted criterion, section by section; a section's terms are
	// a sub-slice of it.
	terms := make([]term, 0, n)
	var bonus []term
	ci := 0
	for si := range v.Sections {
		s := &v.Sections[si]
		crs := res.Criteria[ci : ci+len(s.Criteria)]
		ci += len(s.Criteria)

		sr := SectionResult{Key: s.Key}
		if s.FailSection {
			for _, cr := range crs {
				// A bonus criterion is extra credit: missing it is not a
				// failure of the section.
				if cr.Failed && !cr.Bonus {
					sr.Failed = true
					break
				}
			}
		}
		start := len(terms)
		for _, cr := range crs {
			if cr.Value == nil {
				continue
			}
			val := *cr.Value
			if sr.Failed {
				val = 0
			}
			t := term{value: val, weight: float64(max(cr.Weight, 0))}
			if cr.Bonus {
				bonus = append(bonus, t)
			} else {
				terms = append(terms, t)
			}
		}
		if mean, ok := weightedMean(terms[start:]); ok {
			sr.Value = point(round2(mean))
		}
		res.Sections = append(res.Sections, sr)
	}

	base, ok := weightedMean(terms)
	// A critical failure is a verdict even when nothing weighted was
	// counted (e.g. a weight-0 compliance gate rated alone): showing
	// "unavailable" would hide it, so an auto-failed review is available
	// with score 0.
	res.Available = ok || res.AutoFailed
	if ok {
		res.Base = round2(min(max(base, 0), 100))
	}
	res.Bonus = round2(bonusPoints(bonus))
	switch {
	case res.AutoFailed:
		res.Score = 0
	case res.Available:
		res.Score = round2(min(res.Base+res.Bonus, scoreCap))
	}
	return res
}

// rate returns criterion c's 0–100 value and whether it failed; ok is
// false when c is N/A or not (usably) rated. The first rating for c's key
// that is N/A or names a level of c's scale decides; others are ignored.
func rate(c *rubrics.Criterion, ix ratingIndex) (value float64, failed, ok bool) {
	for _, r := range ix.from(c.Key) {
		if r.CriterionKey != c.Key {
			continue
		}
		if r.NA {
			return 0, false, false
		}
		if r.Level == nil {
			continue
		}
		score, pass, known := level(c.Scale, *r.Level)
		if !known || math.IsNaN(score) {
			continue
		}
		value = min(max(score, 0), 1) * 100
		// Point levels pass at ≥ 0.5 anyway; a custom outcome also fails
		// when it is marked as a fail, whatever its score.
		return value, value < passMark || !pass, true
	}
	return 0, false, false
}

// level is s.Level(value) without building the level list and its labels,
// which was half the cost of Compute. It must agree with rubrics.Scale.Levels
// (binary 0..1, n-point 1..n, custom outcome by index); the property tests
// check that every criterion value equals its Scale.Level score × 100.
func level(s rubrics.Scale, value int) (score float64, pass, ok bool) {
	var lo, hi int
	switch s.Kind {
	case rubrics.ScaleBinary:
		lo, hi = 0, 1
	case rubrics.Scale3:
		lo, hi = 1, 3
	case rubrics.Scale4:
		lo, hi = 1, 4
	case rubrics.Scale5:
		lo, hi = 1, 5
	case rubrics.ScaleCustom:
		if value < 0 || value >= len(s.Outcomes) {
			return 0, false, false
		}
		o := s.Outcomes[value]
		return o.Score, o.Pass, true
	default:
		return 0, false, false
	}
	if value < lo || value > hi {
		return 0, false, false
	}
	score = float64(value-lo) / float64(hi-lo)
	return score, score >= 0.5, true
}

// ratingIndex finds a criterion's ratings. A review has a handful of
// ratings, which are scanned; long lists get a map from key to its first
// rating so that Compute stays linear.
type ratingIndex struct {
	ratings []Rating
	first   map[string]int // nil when ratings is short
}

func newRatingIndex(ratings []Rating) ratingIndex {
	ix := ratingIndex{ratings: ratings}
	if len(ratings) > smallRatings {
		ix.first = make(map[string]int, len(ratings))
		for i, r := range ratings {
			if _, seen := ix.first[r.CriterionKey]; !seen {
				ix.first[r.CriterionKey] = i
			}
		}
	}
	return ix
}

// from returns the ratings to scan for key: all of them, or those from
// key's first rating on (callers still check each key).
func (ix ratingIndex) from(key string) []Rating {
	if ix.first == nil {
		return ix.ratings
	}
	i, ok := ix.first[key]
	if !ok {
		return nil
	}
	return ix.ratings[i:]
}

// term is one criterion's part of a weighted mean.
type term struct{ value, weight float64 }

// weightedMean is Σ weight×value / Σ weight; ok is false when the total
// weight is 0. It sorts ts first so that the sum does not depend on the
// order of criteria in the rubric: float addition is not associative,
// and reordering a rubric must not move a score by even one rounding
// step.
func weightedMean(ts []term) (float64, bool) {
	sortTerms(ts)
	var num, den float64
	for _, t := range ts {
		num += t.weight * t.value
		den += t.weight
	}
	if den <= 0 || math.IsInf(den, 0) || math.IsNaN(num) {
		return 0, false
	}
	return num / den, true
}

// bonusPoints is Σ weight × value/100, summed in canonical order for the
// same reason as weightedMean.
func bonusPoints(ts []term) float64 {
	sortTerms(ts)
	var sum float64
	for _, t := range ts {
		sum += t.weight * t.value / 100
	}
	return sum
}

func sortTerms(ts []term) {
	slices.SortFunc(ts, func(a, b term) int {
		return cmp.Or(cmp.Compare(a.value, b.value), cmp.Compare(a.weight, b.weight))
	})
}

// round2 rounds to 2 decimals (see Compute for why).
func round2(x float64) float64 {
	r := math.Round(x*100) / 100
	if math.IsNaN(r) || math.IsInf(r, 0) {
		// Only reachable for magnitudes beyond any real score; keep the
		// promise of never returning NaN or Inf.
		return 0
	}
	return r
}
