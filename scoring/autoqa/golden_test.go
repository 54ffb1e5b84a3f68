package autoqa_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/fixtures"
	"github.com/qascore/qascore/scoring/autoqa"
	"github.com/qascore/qascore/scoring/transcript"
)

// MustEngine is autoqa.New for tests.
func MustEngine(tb testing.TB) *autoqa.Engine {
	tb.Helper()
	e, err := autoqa.New()
	require.NoError(tb, err)
	return e
}

// quote returns the words a span points at.
func quote(in transcript.Interaction, s autoqa.Span) string {
	rs := []rune(in.Turns[s.TurnSeq].Text)
	return string(rs[s.Start:s.End])
}

func TestGolden(t *testing.T) {
	cases, err := fixtures.AutoQAGolden()
	require.NoError(t, err)
	require.NotEmpty(t, cases)
	e := MustEngine(t)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			res := e.Score(c.Interaction)
			assert.Equal(t, c.Language, res.Language)
			require.Len(t, res.Suggestions, len(autoqa.Criteria))
			for i, s := range res.Suggestions {
				require.Equal(t, autoqa.Criteria[i], s.Criterion)
				want, ok := c.Expect[s.Criterion]
				if !ok {
					continue
				}
				if want.NotScored != "" {
					assert.False(t, s.Scored, s.Criterion)
					assert.Equal(t, want.NotScored, s.NotScored, s.Criterion)
					continue
				}
				require.True(t, s.Scored, "%s: %s", s.Criterion, s.NotScored)
				assert.Equal(t, want.Rating, s.Rating, "%s rating (%s); signals %+v", s.Criterion, c.Why, s.Signals)
				assert.GreaterOrEqual(t, s.Confidence, 0.0)
				assert.LessOrEqual(t, s.Confidence, 1.0)
				for _, w := range want.Evidence {
					found := false
					for _, sp := range s.Evidence {
						if sp.TurnSeq == w.Turn && strings.Contains(quote(c.Interaction, sp), w.Quote) && strings.Contains(sp.Reason, w.Reason) {
							found = true
							assert.Equal(t, c.Interaction.Turns[w.Turn].ID, sp.TurnID)
						}
					}
					assert.True(t, found, "%s: no evidence turn %d %q with reason containing %q; got %s", s.Criterion, w.Turn, w.Quote, w.Reason, describe(c.Interaction, s.Evidence))
				}
			}
		})
	}
}

// describe lists spans for failure messages.
func describe(in transcript.Interaction, spans []autoqa.Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString("\n  turn ")
		b.WriteString(string(rune('0' + s.TurnSeq%10)))
		b.WriteString(" \"" + quote(in, s) + "\" — " + s.Reason)
	}
	return b.String()
}

func TestMeasureTimingGolden(t *testing.T) {
	cases, err := fixtures.AutoQAGolden()
	require.NoError(t, err)
	var call transcript.Interaction
	for _, c := range cases {
		if c.Name == "en-timing" {
			call = c.Interaction
		}
	}
	require.NotEmpty(t, call.Turns)
	tm := autoqa.MeasureTiming(call)
	// Hand-computed from fixtures/autoqa/en-timing.json:
	// interruptions: turn 6 starts 18.5 s in customer turn 4 (ends 20.0 s,
	// 1.5 s overlap) and turn 12 starts 40.5 s in turn 11 (ends 41.0 s,
	// exactly 0.5 s); "Mm-hm." (2) and "I see." (5) are backchannels; turn
	// 10 overlaps nothing and turn 14 starts after turn 13 ends.
	// Dead air: 23.0 → 27.0 s before turn 8 (the agent's) and 36.0 → 39.5 s
	// before turn 11 (the customer's, restarting the router as asked).
	// Latencies: C1→A3 800, C4→A6 0 (overlap), C7→A8 4000, C9→A10 300,
	// C11→A12 0, C13→A14 700 → sorted 0 0 300 700 800 4000: lower median
	// 300, p90 = 6th of 6 = 4000.
	// Talk: agent 3000+600+4200+400+3500+4000+1700+3500+1300 = 22200 ms,
	// customer 5600+5500+700+2800+1500+800 = 16900 ms.
	assert.True(t, tm.Timed)
	assert.Equal(t, 2, tm.InterruptionCount)
	assert.Equal(t, 2, tm.DeadAirCount)
	assert.Equal(t, 1, tm.AgentDeadAirCount, "only the silence before turn 8 was the agent's")
	assert.Equal(t, 6, tm.Handoffs)
	assert.Equal(t, int64(300), tm.MedianLatencyMS)
	assert.Equal(t, int64(4000), tm.P90LatencyMS)
	assert.InDelta(t, 22200.0/39100.0, tm.AgentTalkShare, 1e-12)
	got := func(spans []autoqa.Span) [][2]any {
		var out [][2]any
		for _, s := range spans {
			out = append(out, [2]any{s.TurnSeq, quote(call, s)})
		}
		return out
	}
	assert.Equal(t, [][2]any{{6, "Right, so what I'll do is"}, {12, "Good, flashing is normal while it"}}, got(tm.Interruptions))
	assert.Equal(t, [][2]any{{8, "Thanks for waiting. The port is"}, {11, "Done, it is back on and"}}, got(tm.DeadAir))
}

// ms builds a pointer for turn times.
func ms(v int64) *int64 { return &v }

func TestMeasureTimingEdges(t *testing.T) {
	turn := func(role transcript.Role, text string, start, end int64) transcript.Turn {
		return transcript.Turn{Role: role, Text: text, StartMS: ms(start), EndMS: ms(end)}
	}
	tests := []struct {
		name                 string
		turns                []transcript.Turn
		interrupt, deadAir   int
		median, p90, handoff int64
	}{
		{"untimed", []transcript.Turn{{Role: transcript.RoleAgent, Text: "Hi"}, {Role: transcript.RoleCustomer, Text: "Hello"}}, 0, 0, 0, 0, 0},
		{"499 ms overlap is a hand-over", []transcript.Turn{
			turn(transcript.RoleCustomer, "My order is late again", 0, 2000),
			turn(transcript.RoleAgent, "Let me look at it now", 1501, 3000)}, 0, 0, 0, 0, 1},
		{"backchannel of three words", []transcript.Turn{
			turn(transcript.RoleCustomer, "My order is late again and again", 0, 5000),
			turn(transcript.RoleAgent, "Okay, right, yeah.", 1000, 1500),
			turn(transcript.RoleAgent, "I'm sorry, let me check.", 5200, 7000)}, 0, 0, 200, 200, 1},
		{"four words are not a backchannel", []transcript.Turn{
			turn(transcript.RoleCustomer, "My order is late again and again", 0, 5000),
			turn(transcript.RoleAgent, "Okay right yeah sure", 1000, 1500)}, 1, 0, 0, 0, 1},
		{"bot turns are ignored", []transcript.Turn{
			turn(transcript.RoleCustomer, "Hello there", 0, 1000),
			turn(transcript.RoleBot, "Please hold", 1000, 9000),
			turn(transcript.RoleAgent, "Hi, thanks for waiting", 9000, 10000)}, 0, 1, 8000, 8000, 1},
		{"exactly 3 s is dead air", []transcript.Turn{
			turn(transcript.RoleAgent, "Hello", 0, 1000),
			turn(transcript.RoleCustomer, "Hi", 4000, 5000)}, 0, 1, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.turns {
				tt.turns[i].Seq = i
			}
			tm := autoqa.MeasureTiming(transcript.Interaction{Turns: tt.turns})
			assert.Equal(t, tt.interrupt, tm.InterruptionCount)
			assert.Equal(t, tt.deadAir, tm.DeadAirCount)
			assert.Equal(t, tt.median, tm.MedianLatencyMS)
			assert.Equal(t, tt.p90, tm.P90LatencyMS)
			assert.Equal(t, int(tt.handoff), tm.Handoffs)
			for _, s := range append(tm.Interruptions, tm.DeadAir...) {
				assert.True(t, utf8.ValidString(quote(transcript.Interaction{Turns: tt.turns}, s)))
			}
		})
	}
}
