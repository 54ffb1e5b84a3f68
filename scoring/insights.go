package scoring

import (
	"cmp"
	"slices"

	"github.com/qascore/qascore/rubrics"
)

// CriterionInsight is how one criterion of a rubric stands across a set of
// reviews: its 0–100 values with n and interval, and the same per agent.
// Trainers read it to see which skill to coach and whom.
type CriterionInsight struct {
	Key, Name   string
	SectionName string
	// Stat aggregates the criterion's values over the reviews that rated
	// it (N/A and unrated leave it out, never as 0).
	Stat Stat
	// Agents has one entry per agent the criterion was rated for, weakest
	// first (see CriterionInsights).
	Agents []AgentStat
}

// AgentStat is one agent's aggregate for one criterion.
type AgentStat struct {
	AgentID   int64
	AgentName string
	Stat      Stat
}

// CriterionInsights scores every review's ratings under v (as Compute
// does, matching criteria by key) and aggregates each counted criterion —
// bonus criteria are left out, they are extra credit, not a skill gap.
//
// Criteria come weakest first: those with enough reviews (minN, as
// Aggregate) by mean ascending, then the ones without enough by n
// descending, then in rubric order; so the top of the list is what the
// evidence says to coach, and a criterion rated twice never outranks one
// rated forty times. Agents within a criterion are ordered the same way,
// ties by name then id. An agent's name is the one on their latest review.
func CriterionInsights(v rubrics.Version, reviews []ReviewScores, minN int) []CriterionInsight {
	type acc struct {
		all     []float64
		byAgent map[int64][]float64
	}
	crits := v.Criteria()
	accs := make([]acc, len(crits))
	index := make(map[string]int, len(crits))
	for i, sc := range crits {
		index[sc.Criterion.Key] = i
		accs[i].byAgent = map[int64][]float64{}
	}
	names := map[int64]string{}
	latest := map[int64]int{}
	for ri, r := range reviews {
		if j, ok := latest[r.AgentID]; !ok || r.At.After(reviews[j].At) {
			latest[r.AgentID], names[r.AgentID] = ri, r.AgentName
		}
		for _, cr := range Compute(v, r.Ratings).Criteria {
			i, ok := index[cr.Key]
			if !ok || cr.Value == nil || cr.Bonus {
				continue
			}
			accs[i].all = append(accs[i].all, *cr.Value)
			accs[i].byAgent[r.AgentID] = append(accs[i].byAgent[r.AgentID], *cr.Value)
		}
	}
	out := make([]CriterionInsight, 0, len(crits))
	order := make(map[string]int, len(crits))
	for i, sc := range crits {
		if sc.Criterion.Bonus || len(accs[i].all) == 0 {
			continue
		}
		ci := CriterionInsight{
			Key: sc.Criterion.Key, Name: sc.Criterion.Name, SectionName: sc.Section.Name,
			Stat: Aggregate(accs[i].all, minN, 100),
		}
		for id, vals := range accs[i].byAgent {
			ci.Agents = append(ci.Agents, AgentStat{AgentID: id, AgentName: names[id], Stat: Aggregate(vals, minN, 100)})
		}
		slices.SortFunc(ci.Agents, func(a, b AgentStat) int {
			return cmp.Or(weakerFirst(a.Stat, b.Stat), cmp.Compare(a.AgentName, b.AgentName), cmp.Compare(a.AgentID, b.AgentID))
		})
		order[ci.Key] = len(out)
		out = append(out, ci)
	}
	slices.SortStableFunc(out, func(a, b CriterionInsight) int {
		return cmp.Or(weakerFirst(a.Stat, b.Stat), cmp.Compare(order[a.Key], order[b.Key]))
	})
	return out
}

// weakerFirst orders stats: sufficient ones by mean ascending before
// insufficient ones, which go by n descending.
func weakerFirst(a, b Stat) int {
	switch {
	case a.Sufficient && !b.Sufficient:
		return -1
	case !a.Sufficient && b.Sufficient:
		return 1
	case a.Sufficient:
		return cmp.Compare(a.Mean, b.Mean)
	}
	return cmp.Compare(b.N, a.N)
}
