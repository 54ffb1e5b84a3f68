package coaching

import (
	"slices"
	"time"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// EffectWindow is how far before an assignment and after its completion
// reviews count towards a module's effect: long enough to gather a few
// reviews per agent, short enough that the "before" is still the agent
// the module was meant for.
const EffectWindow = 90 * 24 * time.Hour

// ModuleEffect is what a module changed on its criteria: the values of
// the agents who completed it in the window before they were assigned it,
// against the values after they completed it.
type ModuleEffect struct {
	scoring.Difference
	// Agents counts the agents who completed the module; Measured those
	// of them with reviews on both sides.
	Agents, Measured int
}

// MeasureModule measures m's effect from its assignments and the reviews
// of its agents. versions maps each review's VersionID to its rubric
// version (a review whose version is missing is skipped); a criterion
// counts when its key is one of m's, it is rated (not N/A) and it is not
// a bonus criterion. Open assignments are left out: a module that has not
// been worked through has changed nothing yet.
//
// This is a before/after comparison, not a controlled trial: a change can
// also come from anything else that happened in the same weeks, which is
// why the page shows it beside the team's own change.
func MeasureModule(m Module, as []ModuleAssignment, reviews []scoring.ReviewScores, versions map[int64]rubrics.Version, minN int) ModuleEffect {
	var eff ModuleEffect
	byAgent := map[int64][]scoring.ReviewScores{}
	for _, r := range reviews {
		byAgent[r.AgentID] = append(byAgent[r.AgentID], r)
	}
	var before, after []float64
	for _, a := range as {
		if a.ModuleID != m.ID || a.CompletedAt == nil {
			continue
		}
		eff.Agents++
		from, done := a.AssignedAt.Add(-EffectWindow), *a.CompletedAt
		nb, na := len(before), len(after)
		for _, r := range byAgent[a.AgentID] {
			switch {
			case !r.At.Before(from) && r.At.Before(a.AssignedAt):
				before = appendValues(before, m.CriterionKeys, r, versions)
			case r.At.After(done) && !r.At.After(done.Add(EffectWindow)):
				after = appendValues(after, m.CriterionKeys, r, versions)
			}
		}
		if len(before) > nb && len(after) > na {
			eff.Measured++
		}
	}
	eff.Difference = scoring.Compare(before, after, minN, 100)
	return eff
}

// appendValues appends r's 0–100 values on the criteria keys to dst.
func appendValues(dst []float64, keys []string, r scoring.ReviewScores, versions map[int64]rubrics.Version) []float64 {
	v, ok := versions[r.VersionID]
	if !ok {
		return dst
	}
	for _, c := range scoring.Compute(v, r.Ratings).Criteria {
		if c.Value != nil && !c.Bonus && slices.Contains(keys, c.Key) {
			dst = append(dst, *c.Value)
		}
	}
	return dst
}
