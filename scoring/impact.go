package scoring

import (
	"cmp"
	"slices"

	"github.com/qascore/qascore/rubrics"
)

// Impact rescores every stored review under the current published version
// and under a draft, by criterion key (criteria new in the draft count as
// not rated), and returns per-agent IQS for both, sorted by change.
//
// Each review's stored ratings are computed under both versions with
// Compute, which matches ratings to criteria by key: a criterion removed
// in the draft ignores its rating, one added is unrated, and a rating
// whose level the draft's scale no longer has (say 4 on a scale changed
// to binary) counts as not rated under the draft. The review's own
// VersionID is not consulted: the preview asks what the same evidence
// would score under each version. Unavailable scores are left out of the
// aggregate of their version (Aggregate with max = the version's
// ScoreCap, 100 when unset).
//
// Change is Draft.Mean − Current.Mean when both have at least one score,
// else 0. Agents come sorted by Change ascending (biggest drop first, the
// ones a trainer must look at), ties by AgentName then AgentID, so the
// output does not depend on the order of reviews. An agent's name is the
// one on their latest review (by At, then input order), in case it was
// renamed between reviews.
func Impact(current, draft rubrics.Version, reviews []ReviewScores, minN int) []AgentImpact {
	type agent struct {
		name           string
		at             int // index in reviews of the review the name came from
		current, draft []float64
	}
	byID := make(map[int64]*agent)
	var order []int64
	for i, r := range reviews {
		a, ok := byID[r.AgentID]
		if !ok {
			a = &agent{name: r.AgentName, at: i}
			byID[r.AgentID] = a
			order = append(order, r.AgentID)
		} else if r.At.After(reviews[a.at].At) {
			a.name, a.at = r.AgentName, i
		}
		if res := Compute(current, r.Ratings); res.Available {
			a.current = append(a.current, res.Score)
		}
		if res := Compute(draft, r.Ratings); res.Available {
			a.draft = append(a.draft, res.Score)
		}
	}

	out := make([]AgentImpact, 0, len(order))
	for _, id := range order {
		a := byID[id]
		ai := AgentImpact{
			AgentID:   id,
			AgentName: a.name,
			Current:   Aggregate(a.current, minN, capOf(current)),
			Draft:     Aggregate(a.draft, minN, capOf(draft)),
		}
		if ai.Current.N > 0 && ai.Draft.N > 0 {
			// Both means are rounded to 2 decimals; rounding the
			// difference removes the float residue (0.1 − 0.3 style) so
			// equal changes tie exactly and sort by name.
			ai.Change = round2(ai.Draft.Mean - ai.Current.Mean)
		}
		out = append(out, ai)
	}
	slices.SortFunc(out, func(a, b AgentImpact) int {
		return cmp.Or(
			cmp.Compare(a.Change, b.Change),
			cmp.Compare(a.AgentName, b.AgentName),
			cmp.Compare(a.AgentID, b.AgentID),
		)
	})
	return out
}

// capOf is the highest score a version allows.
func capOf(v rubrics.Version) float64 {
	if v.ScoreCap <= 0 {
		return 100
	}
	return float64(v.ScoreCap)
}
