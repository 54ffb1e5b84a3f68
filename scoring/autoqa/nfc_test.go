package autoqa_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/qascore/qascore/fixtures"
	"github.com/qascore/qascore/scoring/autoqa"
	"github.com/qascore/qascore/scoring/transcript"
)

// decompose returns in with every turn in NFD, the form macOS and some
// speech engines write Vietnamese in.
func decompose(in transcript.Interaction) transcript.Interaction {
	turns := make([]transcript.Turn, len(in.Turns))
	copy(turns, in.Turns)
	for i := range turns {
		turns[i].Text = norm.NFD.String(turns[i].Text)
	}
	in.Turns = turns
	return in
}

// Decomposed text scores exactly like composed text, and every span points
// at the same words in the caller's own (decomposed) text.
func TestScoreDecomposedText(t *testing.T) {
	cases, err := fixtures.AutoQAGolden()
	require.NoError(t, err)
	e := MustEngine(t)
	changed := 0
	for _, c := range cases {
		nfd := decompose(c.Interaction)
		for i := range nfd.Turns {
			if nfd.Turns[i].Text != c.Interaction.Turns[i].Text {
				changed++
			}
		}
		t.Run(c.Name, func(t *testing.T) {
			want, got := e.Score(c.Interaction), e.Score(nfd)
			assert.Equal(t, want.Language, got.Language)
			assert.Equal(t, want.Language, autoqa.DetectLanguage(nfd))
			require.Len(t, got.Suggestions, len(want.Suggestions))
			for k, w := range want.Suggestions {
				g := got.Suggestions[k]
				assert.Equal(t, w.Scored, g.Scored, w.Criterion)
				assert.Equal(t, w.Rating, g.Rating, w.Criterion)
				assert.Equal(t, w.Confidence, g.Confidence, w.Criterion)
				require.Len(t, g.Evidence, len(w.Evidence), w.Criterion)
				for j, ws := range w.Evidence {
					gs := g.Evidence[j]
					assert.Equal(t, ws.TurnID, gs.TurnID)
					assert.Equal(t, ws.Reason, gs.Reason)
					// Same words, in the decomposed text's own offsets.
					assert.Equal(t, quote(c.Interaction, ws), norm.NFC.String(quote(nfd, gs)), "%s span %d", w.Criterion, j)
				}
			}
		})
	}
	require.Positive(t, changed, "the golden set has no text that decomposes")
}

// A hand-made case: a span over decomposed letters covers whole letters.
func TestScoreDecomposedSpanOffsets(t *testing.T) {
	agent := "Em rất tiếc vì sự cố này, em hiểu chị đang rất lo lắng ạ. Em sẽ kiểm tra ngay và gọi lại cho chị."
	customer := "Mạng nhà chị bị mất từ sáng, chị rất bực mình vì phải làm việc ở nhà."
	in := transcript.Interaction{ExternalID: "nfd", Channel: transcript.ChannelChat, Turns: []transcript.Turn{
		{ID: 1, Seq: 0, Role: transcript.RoleCustomer, Text: norm.NFD.String(customer)},
		{ID: 2, Seq: 1, Role: transcript.RoleAgent, Text: norm.NFD.String(agent)},
	}}
	res := MustEngine(t).Score(in)
	require.Equal(t, "vi", res.Language)
	spans := 0
	for _, s := range res.Suggestions {
		if s.Criterion != "empathy" && s.Criterion != "positive-language" {
			continue // Vietnamese has lexicons for these two only
		}
		require.True(t, s.Scored, "%s: %s", s.Criterion, s.NotScored)
		assert.Equal(t, 4, s.Rating, "%s rates as the composed text does", s.Criterion)
		for _, sp := range s.Evidence {
			spans++
			rs := []rune(in.Turns[sp.TurnSeq].Text)
			q := string(rs[sp.Start:sp.End])
			if sp.End < len(rs) {
				assert.True(t, norm.NFD.FirstBoundaryInString(string(rs[sp.End:])) == 0, "span %q cuts a letter", q)
			}
			assert.True(t, norm.NFD.FirstBoundaryInString(q) == 0, "span %q starts inside a letter", q)
		}
	}
	require.Positive(t, spans)
}
