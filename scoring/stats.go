package scoring

import "math"

// tTable holds the 0.975 quantiles of Student's t distribution (the
// multiplier of a two-sided 95 % interval) for the degrees of freedom in
// tDF, rounded to 3 decimals as in printed tables. The last entry is the
// normal limit (df = ∞). A table instead of an inverse incomplete beta
// keeps the package stdlib-only and the values checkable by eye against
// any statistics textbook.
var (
	tDF = [...]float64{
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
		11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
		21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
		40, 60, 120, math.Inf(1),
	}
	tTable = [...]float64{
		12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
		2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
		2.021, 2.000, 1.980, 1.960,
	}
)

// t975 returns the 0.975 quantile of Student's t with df degrees of
// freedom (df ≥ 1). Between table rows it interpolates linearly in 1/df,
// the usual rule for t tables (the quantile is close to linear in 1/df,
// and 1/∞ = 0 makes the last gap to the normal limit well defined); the
// error is below 0.001 everywhere.
func t975(df int) float64 {
	d := float64(df)
	for i := range tDF {
		if d == tDF[i] {
			return tTable[i]
		}
		if d < tDF[i] {
			// i > 0: every df ≥ 1 up to 30 is a row of its own.
			x, x0, x1 := 1/d, 1/tDF[i-1], 1/tDF[i]
			return tTable[i-1] + (tTable[i]-tTable[i-1])*(x-x0)/(x1-x0)
		}
	}
	return tTable[len(tTable)-1]
}

// Aggregate summarises review scores as an IQS: n, mean and a 95 %
// interval clamped to [0, max]; below minN (DefaultMinN when minN ≤ 0) it
// is not Sufficient.
//
// The interval is Student's t on the sample standard deviation: mean ±
// t(0.975, n−1) × sd/√n. Review scores are few and bounded, so the t
// multiplier (rather than the normal 1.96) is what keeps a mean of three
// reviews from looking precise. With fewer than two scores there is no
// spread to estimate and the interval is the whole range [0, max].
//
// NaN and ±Inf scores are ignored (they are not reviews that can be
// averaged); max ≤ 0 or not finite means 100. Mean, Low and High are
// rounded to 2 decimals, like review scores, so that they are stable to
// store, compare and show.
func Aggregate(scores []float64, minN int, max float64) Stat {
	if minN <= 0 {
		minN = DefaultMinN
	}
	if !(max > 0) || math.IsInf(max, 0) {
		max = 100
	}
	var n int
	var sum float64
	for _, s := range scores {
		if finite(s) {
			n++
			sum += s
		}
	}
	st := Stat{N: n, High: max, Sufficient: n >= minN}
	if n == 0 {
		return st
	}
	mean := sum / float64(n)
	st.Mean = round2(mean)
	if n < 2 {
		return st
	}
	// Two passes (mean first, then squared deviations) rather than
	// Σx² − n·mean², which cancels badly when scores are close together.
	var ss float64
	for _, s := range scores {
		if finite(s) {
			ss += (s - mean) * (s - mean)
		}
	}
	sd := math.Sqrt(ss / float64(n-1))
	half := t975(n-1) * sd / math.Sqrt(float64(n))
	st.Low = round2(clamp(mean-half, 0, max))
	st.High = round2(clamp(mean+half, 0, max))
	return st
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func clamp(x, lo, hi float64) float64 { return math.Min(math.Max(x, lo), hi) }

// Difference is the change from one set of scores to another: the
// difference of their means with a 95 % interval.
type Difference struct {
	Before, After Stat
	// Change is After.Mean − Before.Mean (of the unrounded means, then
	// rounded to 2 decimals); Low and High bound it.
	Change, Low, High float64
	// Sufficient is true when both sides are: below that the change is
	// not shown as a number at all.
	Sufficient bool
}

// Compare aggregates before and after (as Aggregate, on 0–max) and the
// difference of their means, with Welch's interval: Change ± t(0.975, ν)
// × √(s₁²/n₁ + s₂²/n₂), ν by Welch–Satterthwaite. Welch rather than a
// pooled t because coaching changes the spread as well as the mean (a
// coached agent is usually more consistent), and rather than a paired
// test because the reviews before and after are of different
// conversations. The interval is clamped to [−max, max].
func Compare(before, after []float64, minN int, max float64) Difference {
	d := Difference{Before: Aggregate(before, minN, max), After: Aggregate(after, minN, max)}
	d.Sufficient = d.Before.Sufficient && d.After.Sufficient
	if !(max > 0) || math.IsInf(max, 0) {
		max = 100
	}
	mb, vb, nb := meanVar(before)
	ma, va, na := meanVar(after)
	if nb == 0 || na == 0 {
		d.Low, d.High = -max, max
		return d
	}
	diff := ma - mb
	d.Change = round2(diff)
	if nb < 2 || na < 2 {
		d.Low, d.High = -max, max
		return d
	}
	qb, qa := vb/float64(nb), va/float64(na)
	se := math.Sqrt(qb + qa)
	df := 1.0
	if se > 0 {
		df = (qb + qa) * (qb + qa) / (qb*qb/float64(nb-1) + qa*qa/float64(na-1))
	}
	// t975 takes whole degrees of freedom; rounding ν down errs wide.
	half := t975(max1(int(df))) * se
	d.Low = round2(clamp(diff-half, -max, max))
	d.High = round2(clamp(diff+half, -max, max))
	return d
}

// meanVar returns the mean, the sample variance (n−1) and the count of the
// finite values of xs.
func meanVar(xs []float64) (mean, variance float64, n int) {
	var sum float64
	for _, x := range xs {
		if finite(x) {
			n++
			sum += x
		}
	}
	if n == 0 {
		return 0, 0, 0
	}
	mean = sum / float64(n)
	if n < 2 {
		return mean, 0, n
	}
	var ss float64
	for _, x := range xs {
		if finite(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	return mean, ss / float64(n-1), n
}

func max1(n int) int { return max(n, 1) }
