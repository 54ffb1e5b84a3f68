package autoqa

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/qascore/qascore/scoring/autoqa/empathy"
	"github.com/qascore/qascore/scoring/transcript"
)

// Empathy thresholds.
const (
	// negativeCompound marks a customer turn as upset (sentiment compound).
	negativeCompound = -0.3
	// empathyFullTurns agent turns make the amount 1.
	empathyFullTurns = 4.0
)

// upsetDetail is the customer-upset-turns signal's detail.
var upsetDetail = fmt.Sprintf("customer turns with sentiment ≤ %.1f", negativeCompound)

// serviceEmpathy reports whether a cue counts as empathy in a service
// conversation. EPITOME, written for peer support, counts any question to
// the person as exploring their experience and any "I had …" as a shared
// experience; an agent asks for postcodes and says "I have two addresses
// for you" all day. So questions count only when they invite the person
// to say more or ask how the situation affects them, first-person
// statements only in the phrasings that really share ("I've been there"),
// "I see …" only when it is not about the account or the system, and
// courtesies ("Happy to help", "Take care") not at all.
func serviceEmpathy(c empathy.Cue) bool {
	switch c.Section {
	case "question", "ask", "personal", "records", "courtesy":
		return false
	}
	return true
}

// empathy rates acknowledgement and validation of the customer's situation.
//
// Each agent turn is read by empathy.Detect with the customer turns since
// the agent's previous turn as the seeker. Signals: the EPITOME mechanisms
// found (reaction, interpretation, exploration), apology, upset customer
// turns (sentiment compound ≤ −0.3) and how many of them the agent's next
// turn acknowledged (a reaction, interpretation or apology cue; a question
// alone explores but does not acknowledge). Mapping:
//
//	nothing at all          → 1 if the customer was upset, else 2
//	only generic formulas   → 3 ("I understand your frustration" alone)
//	upset customer          → 1 + round(3 · answered/upset) + [≥ 2 mechanisms],
//	                          at most 4 without an apology, at least 2
//	                          when anything acknowledged the customer
//	calm customer           → 4, or 5 with ≥ 2 mechanisms
//
// Amount = agent turns / 4; halved when the customer writes a language we
// cannot read, because their upset turns are then invisible.
func (c *conv) empathy() Suggestion {
	ev := c.newEvidence()
	// mech lists the distinct mechanism kinds found; there are only a few.
	var mechBuf [8]string
	mech := mechBuf[:0]
	var generic, specific, upset, answered int
	apology := false
	var seekBuf [8]string
	seeker := seekBuf[:0]
	var pendBuf [8]int
	pendingUpset := pendBuf[:0] // upset customer turns not yet followed by an agent turn
	lastCustomer := ""
	for i, t := range c.in.Turns {
		switch t.Role {
		case transcript.RoleCustomer:
			if !c.has[i] {
				continue
			}
			seeker = append(seeker, t.Text)
			lastCustomer = t.Text
			if c.compound[i] <= negativeCompound {
				upset++
				pendingUpset = append(pendingUpset, i)
			}
		case transcript.RoleAgent:
			if !c.has[i] {
				continue
			}
			s := strings.Join(seeker, " ")
			if s == "" {
				s = lastCustomer
			}
			r := empathy.Detect(c.lang, s, t.Text)
			acknowledges := false
			for _, cue := range r.Cues {
				if !serviceEmpathy(cue) {
					continue
				}
				switch cue.Kind {
				case "generic":
					generic++
				case "apology":
					apology = true
					acknowledges = true
					specific++
				default:
					if !slices.Contains(mech, cue.Kind) {
						mech = append(mech, cue.Kind)
					}
					// A question explores but does not acknowledge: an upset
					// customer asked only for an order number was not heard.
					acknowledges = acknowledges || cue.Kind != "exploration"
					specific++
				}
				reason := cue.Reason
				if reason == "" {
					reason = cue.Kind
				}
				ev.add(i, cue.Start, cue.End, cue.Kind+": '"+c.quote(i, cue.Start, cue.End)+"' — "+reason)
			}
			for _, u := range pendingUpset {
				if acknowledges {
					answered++
				} else if sp, ok := leadSpan(c.in.Turns, u, 12); ok {
					ev.add(u, sp.Start, sp.End, withFixed("customer upset (sentiment ", c.compound[u], 2, "); the agent's next turn did not acknowledge it"))
				}
			}
			pendingUpset = pendingUpset[:0]
			seeker = seeker[:0]
		}
	}
	// Upset turns the agent never answered at all.
	for _, u := range pendingUpset {
		if sp, ok := leadSpan(c.in.Turns, u, 12); ok {
			ev.add(u, sp.Start, sp.End, withFixed("customer upset (sentiment ", c.compound[u], 2, "); no agent reply followed"))
		}
	}
	nMech := len(mech)
	if apology {
		nMech++
	}
	var raw float64
	var votes []float64
	switch {
	case specific == 0 && generic == 0:
		raw = 2
		if upset > 0 {
			raw = 1
		}
		votes = append(votes, -1)
	case specific == 0:
		raw = 3
		votes = append(votes, 0.5, -0.5)
	case upset > 0:
		rate := float64(answered) / float64(upset)
		raw = 1 + math.Floor(3*rate+0.5)
		if nMech >= 2 {
			raw++
		}
		if !apology {
			raw = min(raw, 4)
		}
		// Acknowledgement somewhere is still more than nothing.
		if len(mech) > 0 && (apology || slices.Contains(mech, "reaction") || slices.Contains(mech, "interpretation")) {
			raw = max(raw, 2)
		}
		votes = append(votes, vote(rate >= 0.5, 1), vote(apology, 0.5), vote(nMech >= 2, 0.5))
	default:
		raw = 4
		if nMech >= 2 {
			raw = 5
		}
		votes = append(votes, 1, vote(nMech >= 2, 0.5))
	}
	amount := float64(len(c.agent)) / empathyFullTurns
	signals := []Signal{
		{Name: "mechanisms", Value: float64(nMech), Detail: "distinct kinds of specific empathy: reaction, interpretation, exploration, apology"},
		{Name: "specific-cues", Value: float64(specific), Detail: "empathy cues that name the customer's situation"},
		{Name: "generic-cues", Value: float64(generic), Detail: "formulaic empathy (\"I understand your frustration\")"},
		{Name: "customer-upset-turns", Value: float64(upset), Detail: upsetDetail},
		{Name: "upset-turns-answered", Value: float64(answered), Detail: "of those, followed by an agent turn with specific empathy"},
	}
	if cl := c.custLang; cl != "" && cl != c.lang && !supported(cl) {
		amount /= 2
		signals = append(signals, Signal{Name: "customer-language", Detail: "the customer writes " + cl + ", which cannot be read for feelings; confidence halved"})
	}
	return scored(CriterionEmpathy, raw, amount, votes, signals, ev)
}
