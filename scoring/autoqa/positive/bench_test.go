package positive_test

import (
	"testing"

	"github.com/qascore/qascore/scoring/autoqa/positive"
)

// benchTurns are agent turns like those of autoqa's BenchmarkScore: short
// support-chat sentences, some with negative, ownership and deflection
// phrases, some with none.
var benchTurns = []string{
	"I'm so sorry about that, it sounds really frustrating when you rely on it for work.",
	"Let me check the line for you now. I will book an engineer for tomorrow morning.",
	"Unfortunately, I can't change the date, it's not our policy. You have to call the courier.",
	"Your ONT shows a loss of signal, so the PPPoE session drops at this point in time.",
	"Does that make sense? Is there anything else I can help with today?",
	"As I said, the plug needs the 2.4 GHz network, which you can find in the router settings page.",
	"Thanks for your patience. I've refunded the duplicate payment and you'll see it within three working days.",
}

// BenchmarkAnalyze is positive's share of one Engine.Score: one Analyze
// per agent turn.
func BenchmarkAnalyze(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range benchTurns {
			positive.Analyze("en", t)
		}
	}
}
