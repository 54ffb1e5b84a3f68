package autoqa_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/autoqa"
	"github.com/qascore/qascore/scoring/transcript"
)

func serviceChat(turns ...string) transcript.Interaction {
	in := transcript.Interaction{ExternalID: "svc", Channel: transcript.ChannelChat, Language: "en"}
	for i, text := range turns {
		role := transcript.RoleCustomer
		if i%2 == 1 {
			role = transcript.RoleAgent
		}
		in.Turns = append(in.Turns, transcript.Turn{ID: int64(100 + i), Seq: i, Role: role, Text: text})
	}
	return in
}

func empathyOf(t *testing.T, in transcript.Interaction) autoqa.Suggestion {
	t.Helper()
	for _, s := range MustEngine(t).Score(in).Suggestions {
		if s.Criterion == autoqa.CriterionEmpathy {
			require.True(t, s.Scored, s.NotScored)
			return s
		}
	}
	t.Fatal("no empathy suggestion")
	return autoqa.Suggestion{}
}

// An agent working through a card replacement asks for details, reads the
// account and says what they have: none of that is empathy, though
// EPITOME would count the questions as exploration and "I have …" as a
// shared experience. The same call with one question about how the lost
// card affects the customer is rated higher, with that question as the
// evidence.
func TestEmpathyIgnoresServiceQuestionsAndRecords(t *testing.T) {
	procedural := serviceChat(
		"Hi, I need a new card, mine is lost.",
		"What was the billing zip code for that card?",
		"It's 98109.",
		"Do you happen to remember the last four digits of that card?",
		"1234.",
		"I see that card in the system. I have a couple of addresses for you. Which one should I use?",
		"The home one.",
		"I was able to order it. I'll email you a confirmation.",
	)
	s := empathyOf(t, procedural)
	for _, ev := range s.Evidence {
		assert.NotContains(t, ev.Reason, "exploration", "procedural question taken as empathy: %s", ev.Reason)
		assert.NotContains(t, ev.Reason, "interpretation", "record or statement taken as empathy: %s", ev.Reason)
	}
	assert.LessOrEqual(t, s.Rating, 2, "no empathy shown: %+v", s.Signals)

	caring := serviceChat(
		"Hi, I need a new card, mine is lost.",
		"What was the billing zip code for that card?",
		"It's 98109.",
		"How has losing it affected your week? Are you okay for money until the new one arrives?",
		"It's been stressful, I can't pay for anything.",
		"That sounds really stressful. I'll send the new card by express so you have it tomorrow.",
	)
	s2 := empathyOf(t, caring)
	assert.Greater(t, s2.Rating, s.Rating)
	var quotes []string
	for _, ev := range s2.Evidence {
		quotes = append(quotes, ev.Reason)
	}
	joined := strings.Join(quotes, "\n")
	assert.Contains(t, joined, "How has losing it affected your week?")
	assert.NotContains(t, joined, "zip code")
}

// A jargon term repeated in a turn is one thing to fix: quoted once with
// how often it was used, and counted once in the signal.
func TestClarityRepeatedJargonOnce(t *testing.T) {
	in := serviceChat(
		"My streaming stick keeps freezing.",
		"Check the firmware first. The firmware page is under settings, and a firmware update takes a minute.",
	)
	var clarity autoqa.Suggestion
	for _, s := range MustEngine(t).Score(in).Suggestions {
		if s.Criterion == autoqa.CriterionClarity {
			clarity = s
		}
	}
	require.True(t, clarity.Scored, clarity.NotScored)
	var firmware []autoqa.Span
	for _, ev := range clarity.Evidence {
		if strings.Contains(ev.Reason, "firmware") {
			firmware = append(firmware, ev)
		}
	}
	require.Len(t, firmware, 1, "%+v", clarity.Evidence)
	assert.Contains(t, firmware[0].Reason, "(3 times in this turn)")
	assert.Equal(t, "firmware", quote(in, firmware[0]))
	for _, sg := range clarity.Signals {
		if sg.Name == "jargon" {
			assert.Equal(t, 1.0, sg.Value)
		}
	}
}
