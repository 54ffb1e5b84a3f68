package scoring

import "github.com/qascore/qascore/rubrics"

// DefaultMinN is the fewest reviews an average needs before it is shown
// as a number rather than "insufficient evidence".
const DefaultMinN = 5

// Compute scores ratings against version v (DESIGN §6). It is pure: same
// input, same result.
func Compute(v rubrics.Version, ratings []Rating) Result {
	return Result{} // implemented in the scoring engine work
}

// Aggregate summarises review scores as an IQS: n, mean and a 95 %
// interval clamped to [0, max]; below minN it is not Sufficient.
func Aggregate(scores []float64, minN int, max float64) Stat {
	return Stat{N: len(scores)} // implemented in the scoring engine work
}

// Impact rescores every stored review under the current published version
// and under a draft, by criterion key (criteria new in the draft count as
// not rated), and returns per-agent IQS for both, sorted by change.
func Impact(current, draft rubrics.Version, reviews []ReviewScores, minN int) []AgentImpact {
	return nil // implemented in the scoring engine work
}
