package autoqa

// Positive-language thresholds.
const (
	// warmValence and coldValence bound the mean sentiment compound of the
	// agent's turns.
	warmValence, coldValence = 0.3, -0.2
	// positiveFullWords agent words make the amount 1.
	positiveFullWords = 80.0
)

// positive rates the agent's wording, from one positive.Analyze per agent
// turn. Signals: phrases to avoid (its negative phrases, each with its
// reframe; the "as-i-said" category is left to patience so one phrase is
// not punished twice), the mean sentiment of agent turns, and ownership
// ("I will…") versus deflection ("the system…"). Mapping:
//
//	raw = 4 − min(3, negatives) − min(1.5, 0.75·deflections)
//	        + 0.5·[any ownership] + [valence ≥ 0.3: 0.5 | valence ≤ −0.2: −1]
//
// Amount = agent words / 80.
func (c *conv) positive() Suggestion {
	ev := c.newEvidence()
	var nNeg, nOwn, nDefl int
	var valence float64
	for _, i := range c.agent {
		valence += c.compound[i]
		for _, p := range c.pos[i].Negative {
			if p.Category == "as-i-said" {
				continue
			}
			nNeg++
			// One concatenation per shape: a reason line is one allocation.
			q := c.quote(i, p.Start, p.End)
			var reason string
			switch {
			case p.Reason != "" && p.Reframe != "":
				reason = "negative language: '" + q + "' — " + p.Reason + "; try: \"" + p.Reframe + "\""
			case p.Reason != "":
				reason = "negative language: '" + q + "' — " + p.Reason
			case p.Reframe != "":
				reason = "negative language: '" + q + "'; try: \"" + p.Reframe + "\""
			default:
				reason = "negative language: '" + q + "'"
			}
			ev.add(i, p.Start, p.End, reason)
		}
		o := c.pos[i].Ownership
		for _, p := range o.Own {
			nOwn++
			ev.add(i, p.Start, p.End, "ownership: '"+c.quote(i, p.Start, p.End)+"' — commits to what the agent will do")
		}
		for _, p := range o.Deflect {
			nDefl++
			var reason string
			if p.Reframe != "" {
				reason = "deflection: '" + c.quote(i, p.Start, p.End) + "'; try: \"" + p.Reframe + "\""
			} else {
				reason = "deflection: '" + c.quote(i, p.Start, p.End) + "' — say what you will do instead"
			}
			ev.add(i, p.Start, p.End, reason)
		}
	}
	valence /= float64(len(c.agent))
	raw := 4 - min(3, float64(nNeg)) - min(1.5, 0.75*float64(nDefl))
	if nOwn > 0 {
		raw += 0.5
	}
	switch {
	case valence >= warmValence:
		raw += 0.5
	case valence <= coldValence:
		raw--
	}
	votes := []float64{vote(nNeg == 0, min(2, max(1, float64(nNeg))))}
	if nDefl > 0 {
		votes = append(votes, -0.5)
	}
	if nOwn > 0 {
		votes = append(votes, 0.5)
	}
	if valence >= warmValence || valence <= coldValence {
		votes = append(votes, vote(valence > 0, 0.5))
	}
	signals := []Signal{
		{Name: "negative-phrases", Value: float64(nNeg), Detail: "phrases to avoid, each with a reframe"},
		{Name: "agent-valence", Value: round2(valence), Detail: "mean sentiment compound of agent turns (−1…1)"},
		{Name: "ownership", Value: float64(nOwn), Detail: "\"I will…\", \"let me…\""},
		{Name: "deflection", Value: float64(nDefl), Detail: "\"the system…\", \"another department…\""},
	}
	return scored(CriterionPositiveLanguage, raw, float64(c.nAgentW)/positiveFullWords, votes, signals, ev)
}
