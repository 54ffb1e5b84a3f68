package autoqa

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/qascore/qascore/scoring/transcript"
)

// Patience thresholds.
const (
	// slowP90MS and verySlowP90MS: a tenth of the customer's hand-overs
	// waiting longer than this reads as the agent being elsewhere.
	slowP90MS, verySlowP90MS = 6000, 10000
	// talkShareHigh: an agent talking three quarters of the time is not
	// letting the customer explain.
	talkShareHigh = 0.75
	// repeatOverlap is the share of the shorter turn's distinct words that
	// must reappear for a customer turn to repeat an earlier one (overlap
	// coefficient; Jaccard would miss a repeat wrapped in a new question);
	// repeatMinWords keeps "yes thanks" out.
	repeatOverlap  = 0.7
	repeatMinWords = 4
	// hurriedMaxWords bounds each agent turn of a hurried closing.
	hurriedMaxWords = 12
	// patienceFullHandoffs and patienceFullTurns make the amount 1.
	patienceFullHandoffs = 5.0
	patienceFullTurns    = 4.0
)

// asISaid are the English "I already told you" phrases, used together with
// positive.FindNegative's "as-i-said" category so patience works whatever
// that list holds.
var asISaid = newPhraseSet(
	"as i said", "as i already said", "like i said", "like i told you", "as i told you",
	"as i already told you", "i already told you", "as i mentioned", "as i already mentioned",
	"as i've already said", "as i explained", "as i already explained", "i've already explained",
)

// closings are words an agent ends a conversation with.
var closings = newPhraseSet(
	"bye", "goodbye", "anything else", "have a nice day", "have a good day", "thanks for calling",
	"thank you for calling", "thanks for contacting", "take care",
)

// questionStarts mark a customer turn as a question when it has no "?".
var questionStarts = map[string]bool{
	"what": true, "why": true, "how": true, "when": true, "where": true, "who": true, "which": true,
	"can": true, "could": true, "is": true, "are": true, "do": true, "does": true, "will": true, "would": true,
}

// Constant signal details, formatted once.
var (
	interruptionsDetail = fmt.Sprintf("agent turns starting ≥ %d ms before the customer finished (backchannels ignored)", InterruptionOverlapMS)
	deadAirDetail       = fmt.Sprintf("silences of %s or more that the agent ended (the customer was waiting)", seconds(DeadAirMS))
)

// patience rates whether the agent gives the customer room.
//
// With timestamps (any supported language): interruptions (see
// MeasureTiming), dead air, p90 response latency and agent talk share.
// Always: "as I said" phrases, and the customer having to repeat
// themselves (≥ 70 % of the shorter turn's distinct words shared with an
// earlier customer turn, both ≥ 4 distinct words). English only: hurried closings
// (after the customer's last question the agent ends within one or two
// turns of ≤ 12 words with a closing such as "anything else? bye").
// Vietnamese and Malay without timestamps are not scored, because the
// remaining text signals are too sparse to rate on. Mapping:
//
//	raw = 5 − min(2, interruptions) − min(1.5, 0.5·agentDeadAir)
//	        − [p90 > 10 s: 1 | p90 > 6 s: 0.5] − 0.5·[talk share > 0.75]
//	        − min(2, 1.5·asISaid) − min(2, repeats) − [hurried closing]
//
// rounded half up and clamped to 1–5.
//
// Amount = hand-overs / 5 with timestamps, else 0.7 · customer turns / 4
// (text alone is weaker evidence).
func (c *conv) patience() Suggestion {
	tm := measureTiming(c.in, &c.timing)
	if c.lang != "en" && !tm.Timed {
		return Suggestion{Criterion: CriterionPatience, NotScored: "not scored: patience without timestamps is English-only"}
	}
	ev := c.newEvidence()
	var signals []Signal
	var votes []float64
	raw := 5.0
	var amount float64
	if tm.Timed {
		for _, s := range tm.Interruptions {
			ev.addSpan(s)
		}
		for _, s := range tm.DeadAir {
			// Only the silences the agent left count against patience.
			if c.in.Turns[s.TurnSeq].Role == transcript.RoleAgent {
				ev.addSpan(s)
			}
		}
		raw -= min(2, float64(tm.InterruptionCount))
		raw -= min(1.5, 0.5*float64(tm.AgentDeadAirCount))
		switch {
		case tm.P90LatencyMS > verySlowP90MS:
			raw--
		case tm.P90LatencyMS > slowP90MS:
			raw -= 0.5
		}
		if tm.AgentTalkShare > talkShareHigh {
			raw -= 0.5
		}
		votes = append(votes,
			vote(tm.InterruptionCount == 0, min(2, max(1, float64(tm.InterruptionCount)))),
			vote(tm.AgentDeadAirCount == 0, 0.5),
			vote(tm.P90LatencyMS <= slowP90MS, 0.5),
			vote(tm.AgentTalkShare <= talkShareHigh, 0.25))
		signals = append(signals,
			Signal{Name: "interruptions", Value: float64(tm.InterruptionCount), Detail: interruptionsDetail},
			Signal{Name: "dead-air", Value: float64(tm.AgentDeadAirCount), Detail: deadAirDetail},
			Signal{Name: "median-latency-ms", Value: float64(tm.MedianLatencyMS), Detail: "customer end → agent start over " + strconv.Itoa(tm.Handoffs) + " hand-overs"},
			Signal{Name: "p90-latency-ms", Value: float64(tm.P90LatencyMS), Detail: "90th percentile of the same waits"},
			Signal{Name: "agent-talk-share", Value: round2(tm.AgentTalkShare), Detail: "agent speaking time over both parties'"},
		)
		amount = float64(tm.Handoffs) / patienceFullHandoffs
	} else {
		amount = 0.7 * float64(c.count(transcript.RoleCustomer)) / patienceFullTurns
	}

	nSaid := c.findAsISaid(ev)
	raw -= min(2, 1.5*float64(nSaid))
	votes = append(votes, vote(nSaid == 0, min(2, max(0.5, float64(nSaid)))))
	signals = append(signals, Signal{Name: "as-i-said", Value: float64(nSaid), Detail: "\"as I said\" and the like"})

	nRep := c.findRepeats(ev)
	raw -= min(2, float64(nRep))
	if nRep > 0 {
		votes = append(votes, -min(2, float64(nRep)))
	}
	signals = append(signals, Signal{Name: "customer-repeats", Value: float64(nRep), Detail: "customer turns repeating an earlier one"})

	if c.lang == "en" {
		hurried := c.findHurried(ev)
		v := 0.0
		if hurried {
			raw--
			v = 1
			votes = append(votes, -1)
		}
		signals = append(signals, Signal{Name: "hurried-closing", Value: v, Detail: "agent closed right after a customer question"})
	}
	return scored(CriterionPatience, raw, amount, votes, signals, ev)
}

// count returns how many turns of a role have words.
func (c *conv) count(role transcript.Role) int {
	n := 0
	for i, t := range c.in.Turns {
		if t.Role == role && c.has[i] {
			n++
		}
	}
	return n
}

// findAsISaid records "as I said" phrases in agent turns: the positive
// package's "as-i-said" category in every language, plus our English list
// where it finds nothing at the same place.
func (c *conv) findAsISaid(ev *evidence) int {
	n := 0
	for _, i := range c.agent {
		text := c.in.Turns[i].Text
		var gotBuf [8][2]int
		got := gotBuf[:0]
		for _, p := range c.pos[i].Negative {
			if p.Category == "as-i-said" {
				got = append(got, [2]int{p.Start, p.End})
			}
		}
		if c.lang == "en" {
			for _, h := range findPhrases(text, asISaid) {
				overlaps := false
				for _, g := range got {
					if h.start < g[1] && g[0] < h.end {
						overlaps = true
					}
				}
				if !overlaps {
					got = append(got, [2]int{h.start, h.end})
				}
			}
		}
		for _, g := range got {
			n++
			ev.add(i, g[0], g[1], "impatient: '"+c.quote(i, g[0], g[1])+"' tells the customer they should have listened — explain again without it")
		}
	}
	return n
}

// findRepeats records customer turns that repeat an earlier customer turn.
// Each turn's distinct words are kept as sorted word hashes in one shared
// slice, so the overlap is a merge of two sorted runs.
func (c *conv) findRepeats(ev *evidence) int {
	sc := repeatPool.Get().(*repeatScratch)
	defer repeatPool.Put(sc)
	hashes, seen := sc.hashes[:0], sc.seen[:0]
	n := 0
	for i, t := range c.in.Turns {
		if t.Role != transcript.RoleCustomer {
			continue
		}
		off := len(hashes)
		hashes = appendWordHashes(hashes, t.Text)
		set := hashes[off:]
		slices.Sort(set)
		set = slices.Compact(set)
		hashes = hashes[:off+len(set)]
		if len(set) < repeatMinWords {
			hashes = hashes[:off]
			continue
		}
		for _, p := range seen {
			ps := hashes[p.off : p.off+p.n]
			inter := 0
			for a, b := 0, 0; a < len(set) && b < len(ps); {
				switch {
				case set[a] < ps[b]:
					a++
				case set[a] > ps[b]:
					b++
				default:
					inter++
					a++
					b++
				}
			}
			j := float64(inter) / float64(min(len(set), len(ps)))
			if j >= repeatOverlap {
				n++
				if sp, ok := leadSpan(c.in.Turns, i, 12); ok {
					ev.add(i, sp.Start, sp.End, repeatReason(100*j, p.idx+1))
				}
				break
			}
		}
		seen = append(seen, repeatPrior{idx: i, off: off, n: len(set)})
	}
	sc.hashes, sc.seen = hashes, seen[:0]
	return n
}

// repeatReason is the evidence line of a customer repeat, built in one
// allocation.
func repeatReason(pct float64, turn int) string {
	var buf [96]byte
	b := append(buf[:0], "customer repeated themselves: "...)
	b = strconv.AppendFloat(b, pct, 'f', 0, 64)
	b = append(b, "% of the words of turn "...)
	b = strconv.AppendInt(b, int64(turn), 10)
	return string(append(b, " again"...))
}

// repeatScratch is findRepeats' reusable memory.
type repeatScratch struct {
	hashes []uint64
	seen   []repeatPrior
}

// repeatPrior is an earlier customer turn: its index and its distinct word
// hashes, hashes[off:off+n].
type repeatPrior struct{ idx, off, n int }

var repeatPool = sync.Pool{New: func() any { return new(repeatScratch) }}

// isQuestion reports whether a customer turn asks something.
func isQuestion(text string) bool {
	if strings.ContainsAny(text, "?？") {
		return true
	}
	var buf [16]byte
	w := firstWord(text, buf[:0])
	return len(w) > 0 && questionStarts[string(w)]
}

// findHurried reports and records a hurried closing: after the customer's
// last question, only one or two short agent turns follow and the last of
// them closes the conversation.
func (c *conv) findHurried(ev *evidence) bool {
	var tail []int
	for i := len(c.in.Turns) - 1; i >= 0; i-- {
		t := c.in.Turns[i]
		switch t.Role {
		case transcript.RoleAgent:
			if c.has[i] {
				tail = append(tail, i)
			}
			continue
		case transcript.RoleCustomer:
			if !c.has[i] {
				continue
			}
			if !isQuestion(t.Text) || len(tail) == 0 || len(tail) > 2 {
				return false
			}
			for _, a := range tail {
				if countWords(c.in.Turns[a].Text) > hurriedMaxWords {
					return false
				}
			}
			last := tail[0]
			hits := findPhrases(c.in.Turns[last].Text, closings)
			if len(hits) == 0 {
				return false
			}
			h := hits[0]
			for _, x := range hits[1:] {
				if x.start < h.start {
					h = x
				}
			}
			ev.add(last, h.start, h.end, "hurried closing: '"+c.quote(last, h.start, h.end)+"' right after the customer's question in turn "+strconv.Itoa(i+1)+" — answer it and check they are done")
			return true
		default:
			continue
		}
	}
	return false
}
