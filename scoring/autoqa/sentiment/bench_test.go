package sentiment_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/jonreiter/govader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/autoqa/sentiment"
)

// benchSentences are the tweets ground-truth sentences when the shared data
// is present, otherwise a fixed synthetic set of the same flavour, so the
// two implementations are always timed on identical input.
func benchSentences(tb testing.TB) []string {
	p := filepath.Join("..", "..", "..", "..", "shared", "data", "vader", "tweets_GroundTruth.txt")
	if _, err := os.Stat(p); err == nil {
		texts, _, err := sentiment.ReadVADERGroundTruth(p)
		require.NoError(tb, err)
		return texts
	}
	return []string{
		"Thank you so much, that was really helpful!",
		"I am NOT happy with the service :(",
		"The agent was friendly, but the wait was awful.",
		"Honestly the worst experience I've had in years...",
		"Great, thanks!!! 😁",
		"Can you check my order status please?",
		"It wasn't bad at all, kind of good actually.",
		"Why is this taking so long??",
		"At least the refund arrived, I guess.",
		"Absolutely loved the quick response, you're the bomb",
	}
}

// BenchmarkSentiment times our analyzer against github.com/jonreiter/govader
// on the same sentences; one op scores every sentence once, and the
// sentences/s metric is the throughput to compare.
func BenchmarkSentiment(b *testing.B) {
	texts := benchSentences(b)
	b.Run("ours", func(b *testing.B) {
		a := mustNew(b, "en")
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			for _, t := range texts {
				_ = a.Score(t)
			}
		}
		b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "sentences/s")
	})
	b.Run("govader", func(b *testing.B) {
		g := govader.NewSentimentIntensityAnalyzer()
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			for _, t := range texts {
				_ = g.PolarityScores(t)
			}
		}
		b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "sentences/s")
	})
}

// TestAgreesWithGovader checks that the faster port scores the tweets like
// govader does: the few differences come from VADER behaviours govader
// departs from (it splits on single spaces only, and tests the preceding
// word against the lexicon without lower-casing it).
func TestAgreesWithGovader(t *testing.T) {
	texts := benchSentences(t)
	a := mustNew(t, "en")
	g := govader.NewSentimentIntensityAnalyzer()
	differ := 0
	for _, x := range texts {
		ours, theirs := a.Score(x).Compound, g.PolarityScores(x).Compound
		if math.Abs(ours-theirs) > 1e-9 {
			differ++
			if differ <= 5 {
				t.Logf("differs: %q ours %.4f govader %.4f", x, ours, theirs)
			}
		}
	}
	t.Logf("%d of %d sentences differ from govader", differ, len(texts))
	assert.LessOrEqual(t, float64(differ), 0.05*float64(len(texts)))
}

// BenchmarkScoreTurn times one short chat turn, the engine's common call:
// per-call setup dominates here, not the words.
func BenchmarkScoreTurn(b *testing.B) {
	a := mustNew(b, "en")
	const turn = "Thanks for waiting, Mr. Patel. I've checked your account and it isn't great, but I can fix it today!"
	b.ReportAllocs()
	for b.Loop() {
		_ = a.Score(turn)
	}
}
