package autoqa

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/qascore/qascore/scoring/transcript"
)

// Timing thresholds. They follow common contact-centre practice: half a
// second of talking over someone is an interruption rather than a normal
// hand-over, and three seconds of silence is noticeable dead air on a call.
const (
	// InterruptionOverlapMS is how long before the customer's turn ends an
	// agent turn must start to count as interrupting.
	InterruptionOverlapMS = 500
	// DeadAirMS is the shortest gap between turns that counts as dead air.
	DeadAirMS = 3000
	// backchannelMaxWords bounds a backchannel: "mm-hm", "okay, right",
	// "yeah I see" keep the customer talking and are not interruptions.
	backchannelMaxWords = 3
	// leadWords is how many words of a turn an evidence span quotes when
	// the evidence is about the turn as a whole (its timing).
	leadWords = 6
)

// Timing is what the clock says about a call. Offsets of spans are rune
// offsets in the quoted turn.
type Timing struct {
	// Timed is true when at least two agent or customer turns have start
	// and end times; every other field is zero otherwise.
	Timed bool
	// Interruptions quotes the first words of each agent turn that cut into
	// a customer turn.
	Interruptions []Span
	// DeadAir quotes the first words of the turn that ended each silence.
	DeadAir []Span
	// MedianLatencyMS and P90LatencyMS describe how long the customer waits
	// for the agent: from the end of the customer's latest turn to the
	// start of the agent's next turn that is not a backchannel (0 when the
	// agent starts before the end).
	// The median is the lower median; p90 is the nearest-rank percentile
	// (the ⌈0.9·n⌉-th smallest), so both are measured values, not blends.
	MedianLatencyMS, P90LatencyMS int64
	// AgentTalkShare is the agent's speaking time over the agent's plus the
	// customer's (each turn's end − start; cross-talk counts for both).
	AgentTalkShare float64
	// InterruptionCount and DeadAirCount count the events; they can exceed
	// the span counts only when a turn has no words to quote.
	InterruptionCount, DeadAirCount int
	// AgentDeadAirCount counts the silences that the agent ended: the line
	// went quiet and the customer was waiting for the agent. A silence the
	// customer ends ("…found it, I pressed it") is the customer's time,
	// often given by a patient agent, and is not held against them.
	AgentDeadAirCount int
	// Handoffs is the number of customer-to-agent hand-overs the latency
	// figures are computed from.
	Handoffs int
}

// backchannels are the listener noises that do not take the floor.
var backchannels = map[string]bool{
	"mm-hm": true, "mm-hmm": true, "mhm": true, "mm": true, "hmm": true, "uh-huh": true,
	"okay": true, "ok": true, "right": true, "yeah": true, "sure": true, "see": true, "i": true,
}

// isBackchannel reports whether text is a short listener response such as
// "mm-hm", "uh-huh", "okay", "right", "yeah", "sure" or "I see" (at most
// three words, all of them backchannel words; "I" only as part of "I see").
func isBackchannel(text string) bool {
	// Words are runs of letters and '-' after lower-casing; at most
	// backchannelMaxWords of them are kept, lower-cased, in buf.
	var buf [64]byte
	var ws [backchannelMaxWords][2]int
	b, n, start := buf[:0], 0, -1
	for _, r := range text {
		lr := r
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				lr += 'a' - 'A'
			}
		} else {
			lr = unicode.ToLower(r)
		}
		if lr == '-' || (lr < utf8.RuneSelf && 'a' <= lr && lr <= 'z') || (lr >= utf8.RuneSelf && unicode.IsLetter(lr)) {
			if start < 0 {
				if n == backchannelMaxWords {
					return false
				}
				start = len(b)
			}
			b = utf8.AppendRune(b, lr)
			continue
		}
		if start >= 0 {
			ws[n] = [2]int{start, len(b)}
			n++
			start = -1
		}
	}
	if start >= 0 {
		ws[n] = [2]int{start, len(b)}
		n++
	}
	if n == 0 {
		return false
	}
	for i := range n {
		w := bytes.Trim(b[ws[i][0]:ws[i][1]], "-")
		if !backchannels[string(w)] {
			return false
		}
		// The neighbours are compared untrimmed.
		if string(w) == "i" && (i+1 >= n || string(b[ws[i+1][0]:ws[i+1][1]]) != "see") {
			return false
		}
		if string(w) == "see" && (i == 0 || string(b[ws[i-1][0]:ws[i-1][1]]) != "i") {
			return false
		}
	}
	return true
}

// timedTurn is an agent or customer turn with both times.
type timedTurn struct {
	idx        int // index in Interaction.Turns
	role       transcript.Role
	start, end int64
	// quiet marks an agent turn that does not take the floor: blank or a
	// backchannel.
	quiet bool
}

// MeasureTiming measures interruptions, dead air, response latency and talk
// share from turn start and end times. Only agent and customer turns count:
// bots and system notes neither interrupt nor wait. Turns come in start
// order (Interaction.Validate guarantees starts never go backwards).
func MeasureTiming(in transcript.Interaction) Timing {
	return measureTiming(in, &timingBuf{})
}

// timingBuf is the working memory of measureTiming. Score keeps one in its
// pooled state, so the buffers are reused across calls; the Timing it gets
// back then shares them and is only valid until the next call.
type timingBuf struct {
	tt         []timedTurn
	lat        []int64
	intr, dead []Span
}

// measureTiming is MeasureTiming with its slices taken from buf.
func measureTiming(in transcript.Interaction, buf *timingBuf) Timing {
	tt := buf.tt[:0]
	defer func() { buf.tt = tt }()
	for i, t := range in.Turns {
		if t.StartMS == nil || t.EndMS == nil || (t.Role != transcript.RoleAgent && t.Role != transcript.RoleCustomer) {
			continue
		}
		quiet := t.Role == transcript.RoleAgent && (strings.TrimSpace(t.Text) == "" || isBackchannel(t.Text))
		tt = append(tt, timedTurn{idx: i, role: t.Role, start: *t.StartMS, end: max(*t.EndMS, *t.StartMS), quiet: quiet})
	}
	if len(tt) < 2 {
		return Timing{}
	}
	tm := Timing{Timed: true, Interruptions: buf.intr[:0], DeadAir: buf.dead[:0]}
	defer func() { buf.intr, buf.dead = tm.Interruptions, tm.DeadAir }()

	// Interruptions: an agent turn with words, not a backchannel, that starts
	// while a customer turn that began earlier still has ≥ 500 ms to run.
	// One agent turn is one interruption however many turns it overlaps.
	for j, a := range tt {
		if a.role != transcript.RoleAgent {
			continue
		}
		if a.quiet {
			continue
		}
		for _, c := range tt[:j] {
			if c.role != transcript.RoleCustomer || c.start > a.start || c.end-a.start < InterruptionOverlapMS {
				continue
			}
			tm.InterruptionCount++
			if sp, ok := leadSpan(in.Turns, a.idx, leadWords); ok {
				sp.Reason = withFixed("interruption: started ", float64(c.end-a.start)/1000, 1, " s before the customer finished")
				tm.Interruptions = append(tm.Interruptions, sp)
			}
			break
		}
	}

	// Dead air: silence from the end of everything said so far to the next
	// start. Using the running maximum end means a short backchannel inside
	// a long turn does not open a false gap.
	lastEnd := tt[0].end
	for _, t := range tt[1:] {
		if gap := t.start - lastEnd; gap >= DeadAirMS {
			tm.DeadAirCount++
			if t.role == transcript.RoleAgent {
				tm.AgentDeadAirCount++
			}
			if sp, ok := leadSpan(in.Turns, t.idx, leadWords); ok {
				sp.Reason = withFixed("dead air: ", float64(gap)/1000, 1, " s of silence before this turn")
				tm.DeadAir = append(tm.DeadAir, sp)
			}
		}
		lastEnd = max(lastEnd, t.end)
	}

	// Latency: from the end of the customer's latest turn to the start of
	// the agent's next real turn. Backchannels are skipped, because "mm-hm"
	// while the customer talks is listening, not answering.
	lat := buf.lat[:0]
	defer func() { buf.lat = lat }()
	pending := -1
	for j, t := range tt {
		switch {
		case t.role == transcript.RoleCustomer:
			pending = j
		case pending >= 0 && !t.quiet:
			lat = append(lat, max(0, t.start-tt[pending].end))
			pending = -1
		}
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		tm.Handoffs = len(lat)
		tm.MedianLatencyMS = lat[(len(lat)-1)/2]
		rank := (9*len(lat) + 9) / 10 // ⌈0.9·n⌉ in integers
		tm.P90LatencyMS = lat[rank-1]
	}

	var agent, customer int64
	for _, t := range tt {
		if t.role == transcript.RoleAgent {
			agent += t.end - t.start
		} else {
			customer += t.end - t.start
		}
	}
	if agent+customer > 0 {
		tm.AgentTalkShare = float64(agent) / float64(agent+customer)
	}
	return tm
}

// seconds formats milliseconds for a reason line: "1.2 s".
func seconds(ms int64) string { return fixed(float64(ms)/1000, 1) + " s" }

// leadSpan quotes the first n words of turns[i] (from its first non-space
// rune), for evidence about the turn as a whole. ok is false for a turn
// with no words.
func leadSpan(turns []transcript.Turn, i, n int) (Span, bool) {
	t := turns[i]
	start, end, words := -1, -1, 0
	inWord := false
	pos := 0
	for _, r := range t.Text {
		if unicode.IsSpace(r) {
			if inWord {
				words++
				inWord = false
				if words == n {
					break
				}
			}
		} else {
			if start < 0 {
				start = pos
			}
			inWord = true
			end = pos + 1
		}
		pos++
	}
	if start < 0 {
		return Span{}, false
	}
	return Span{TurnID: t.ID, TurnSeq: i, Start: start, End: end}, true
}
