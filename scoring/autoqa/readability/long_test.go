package readability_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/scoring/autoqa/readability"
)

// TestAnalyzeAllLongMatchesAnalyzeAll checks that AnalyzeAllLong is
// AnalyzeAll with only the long sentence spans kept.
func TestAnalyzeAllLongMatchesAnalyzeAll(t *testing.T) {
	pieces := []string{"Your ONT shows a loss of signal", "so the PPPoE session drops", "at this point in time.",
		"Does that make sense?", "I will book an engineer", "e.g. tomorrow", "3.5", "and", "then", "!", "\n",
		"สวัสดีค่ะ", "café", "don't", "It’s", "U.S.", "example.com", ";", "we", "can", "check", "it"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(80) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			b.WriteByte(' ')
		}
		text := b.String()
		st, jargon, checks := readability.AnalyzeAll(text)
		var long []readability.Sentence
		for _, s := range st.SentenceSpans {
			if s.Words > readability.LongSentenceWords {
				long = append(long, s)
			}
		}
		st.SentenceSpans = long
		lst, ljargon, lchecks := readability.AnalyzeAllLong(text)
		assert.Equal(t, st, lst, text)
		assert.Equal(t, jargon, ljargon, text)
		assert.Equal(t, checks, lchecks, text)
	}
}
