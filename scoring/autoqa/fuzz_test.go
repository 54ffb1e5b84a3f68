package autoqa_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/qascore/qascore/scoring/autoqa"
	"github.com/qascore/qascore/scoring/transcript"
)

// fuzzPieces are fragments in the scripts the engine must survive: Thai
// with combining vowels, Armenian, emoji with joiners and skin tones,
// Vietnamese tones, Malay, Arabic and English phrases that trigger every
// lexicon.
var fuzzPieces = []string{
	"สวัสดีค่ะ ทีวีไม่มีเสียง", "Բարև ձեզ։ Ինտերնետը անջատվում է։", "👩🏽‍💻🙏🏻😡", "🇻🇳",
	"Chào em, máy của chị bị hỏng rồi.", "Em rất tiếc, em sẽ kiểm tra ngay ạ.", "Theo quy định thì em không thể",
	"Saya minta maaf, mesti sangat risau.", "Kami tidak boleh. Itu polisi kami.", "السلام عليكم",
	"I can't do that, it's not our policy.", "As I said, like I told you,", "I'm so sorry, that sounds really stressful.",
	"Your ONT shows PPPoE errors at this point in time.", "Does that make sense?", "Anything else? Bye.",
	"mm-hm", "I see", "okay", "?", "", " ", "\n\t", "e\u0301", "\u200d", "I'll make sure the system",
	// Decomposed (NFD) Vietnamese, as macOS and some speech engines write it.
	norm.NFD.String("Em rất tiếc, em hiểu chị đang rất lo lắng ạ."), "\u0301\u0323", "🙏\u0301",
}

// buildInteraction makes an interaction from fuzz bytes: a seed for the
// generator plus raw text that is spliced into the turns as it is.
func buildInteraction(seed uint64, raw string, timed bool) transcript.Interaction {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	if !utf8.ValidString(raw) {
		raw = strings.ToValidUTF8(raw, "")
	}
	roles := []transcript.Role{transcript.RoleAgent, transcript.RoleCustomer, transcript.RoleCustomer, transcript.RoleAgent, transcript.RoleBot, transcript.RoleSystem}
	n := 1 + rng.IntN(12)
	in := transcript.Interaction{ExternalID: "fuzz", Channel: transcript.ChannelCall, Language: []string{"", "en", "vi", "ms", "th", "hy"}[rng.IntN(6)]}
	var clock int64
	for i := range n {
		var b strings.Builder
		for range rng.IntN(4) {
			b.WriteString(fuzzPieces[rng.IntN(len(fuzzPieces))])
			b.WriteByte(' ')
		}
		if raw != "" && rng.IntN(2) == 0 {
			b.WriteString(raw)
		}
		t := transcript.Turn{ID: int64(1000 + i), Seq: i, Role: roles[rng.IntN(len(roles))], Text: b.String()}
		if timed {
			clock += rng.Int64N(6000)
			s, e := clock, clock+rng.Int64N(8000)
			t.StartMS, t.EndMS = &s, &e
		}
		in.Turns = append(in.Turns, t)
	}
	return in
}

// checkResult asserts the invariants every Result keeps.
func checkResult(t *testing.T, in transcript.Interaction, res autoqa.Result) {
	require.Len(t, res.Suggestions, len(autoqa.Criteria))
	for i, s := range res.Suggestions {
		require.Equal(t, autoqa.Criteria[i], s.Criterion)
		if !s.Scored {
			require.NotEmpty(t, s.NotScored)
			require.Empty(t, s.Evidence)
			continue
		}
		require.True(t, s.Rating >= 1 && s.Rating <= 5, "rating %d", s.Rating)
		require.True(t, s.Confidence >= 0 && s.Confidence <= 1, "confidence %v", s.Confidence)
		for _, sp := range s.Evidence {
			require.True(t, sp.TurnSeq >= 0 && sp.TurnSeq < len(in.Turns), "turn %d", sp.TurnSeq)
			turn := in.Turns[sp.TurnSeq]
			require.Equal(t, turn.ID, sp.TurnID)
			rs := []rune(turn.Text)
			require.True(t, 0 <= sp.Start && sp.Start < sp.End && sp.End <= len(rs), "span [%d,%d) in %d runes", sp.Start, sp.End, len(rs))
			require.True(t, utf8.ValidString(string(rs[sp.Start:sp.End])))
			require.NotEmpty(t, sp.Reason)
		}
	}
}

func FuzzScore(f *testing.F) {
	e := MustEngine(f)
	for i, p := range fuzzPieces {
		f.Add(uint64(i), p, i%2 == 0)
	}
	f.Add(uint64(99), "\xff\xfe broken", true)
	f.Fuzz(func(t *testing.T, seed uint64, raw string, timed bool) {
		in := buildInteraction(seed, raw, timed)
		res := e.Score(in)
		checkResult(t, in, res)
		assert.Equal(t, res, e.Score(in), "Score is not deterministic")
		_ = autoqa.MeasureTiming(in)
	})
}

func TestScoreInvariantsRandom(t *testing.T) {
	e := MustEngine(t)
	for seed := range uint64(300) {
		in := buildInteraction(seed, fmt.Sprint(seed), seed%3 != 0)
		res := e.Score(in)
		checkResult(t, in, res)
		assert.Equal(t, res, e.Score(in))
	}
}
