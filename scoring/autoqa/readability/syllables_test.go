package readability_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/qascore/qascore/scoring/autoqa/readability"
)

// syllableTable holds dictionary syllable counts (Merriam-Webster
// hyphenation, which agrees with the CMU Pronouncing Dictionary for these
// words). Most are deliberately not in the exceptions list, so the table
// measures the rules.
var syllableTable = []struct {
	word string
	want int
}{
	{"a", 1}, {"the", 1}, {"cat", 1}, {"make", 1}, {"made", 1}, {"time", 1}, {"times", 1},
	{"you", 1}, {"yes", 1}, {"day", 1}, {"they", 1}, {"through", 1}, {"thought", 1},
	{"free", 1}, {"speed", 1}, {"jumped", 1}, {"played", 1}, {"called", 1}, {"based", 1},
	{"don't", 1}, {"can't", 1}, {"we'll", 1}, {"thing", 1}, {"string", 1}, {"style", 1},
	{"type", 1}, {"queue", 1}, {"guess", 1}, {"quick", 1}, {"cried", 1}, {"goes", 1}, {"does", 1},
	{"table", 2}, {"little", 2}, {"handle", 2}, {"handled", 2}, {"centre", 2}, {"wanted", 2},
	{"needed", 2}, {"horses", 2}, {"boxes", 2}, {"places", 2}, {"changes", 2}, {"matches", 2},
	{"didn't", 2}, {"wasn't", 2}, {"making", 2}, {"playing", 2}, {"trying", 2}, {"water", 2},
	{"player", 2}, {"beyond", 2}, {"royal", 2}, {"lawyer", 2}, {"value", 2}, {"issue", 2},
	{"useful", 2}, {"lately", 2}, {"statement", 2}, {"payment", 2}, {"moment", 2}, {"nation", 2},
	{"region", 2}, {"fashion", 2}, {"special", 2}, {"social", 2}, {"ancient", 2}, {"patient", 2},
	{"fluent", 2}, {"ruin", 2}, {"fluid", 2}, {"poet", 2}, {"react", 2}, {"reopen", 3},
	{"language", 2}, {"guarding", 2}, {"homework", 2}, {"something", 2}, {"someone", 2},
	{"reply", 2}, {"apply", 2}, {"early", 2}, {"only", 2}, {"any", 2}, {"ugly", 2}, {"careful", 2},
	{"question", 2}, {"problem", 2}, {"account", 2}, {"billing", 2}, {"router", 2},
	{"several", 3}, {"company", 3}, {"customer", 3}, {"internet", 3}, {"radio", 3}, {"ratio", 3},
	{"video", 3}, {"usual", 3}, {"actual", 3}, {"period", 3}, {"various", 3}, {"serious", 3},
	{"obvious", 3}, {"delicious", 3}, {"society", 4}, {"variety", 4}, {"anxiety", 4},
	{"easier", 3}, {"happier", 3}, {"happiness", 3}, {"medium", 3}, {"stadium", 3}, {"tourism", 3},
	{"enthusiasm", 4}, {"experience", 4}, {"convenient", 4}, {"audience", 3}, {"ingredient", 4},
	{"continuous", 4}, {"situation", 4}, {"evaluate", 4}, {"reactivate", 4}, {"cooperate", 4},
	{"government", 3}, {"management", 3}, {"environment", 4}, {"department", 3}, {"document", 3},
	{"possibly", 3}, {"probably", 3}, {"completely", 3}, {"definitely", 4}, {"technician", 3},
	{"unfortunately", 5}, {"information", 4}, {"immediately", 5}, {"beautiful", 3},
	{"understand", 3}, {"understanding", 4}, {"apologize", 4}, {"apologise", 4}, {"escalate", 3},
	{"escalation", 4}, {"provision", 3}, {"provisioning", 4}, {"subscription", 3}, {"authentication", 5},
	{"configuration", 5}, {"troubleshooting", 4}, {"reinstall", 3}, {"refund", 2}, {"refunded", 3},
	{"café", 2}, {"naïve", 2}, {"2024", 4}, {"", 0}, {"...", 0},
}

func TestSyllables(t *testing.T) {
	exact := 0
	for _, tc := range syllableTable {
		got := readability.Syllables(tc.word)
		if got == tc.want {
			exact++
		} else {
			t.Logf("Syllables(%q) = %d, want %d", tc.word, got, tc.want)
		}
	}
	share := float64(exact) / float64(len(syllableTable))
	t.Logf("syllables: %d/%d exact (%.1f%%)", exact, len(syllableTable), 100*share)
	assert.GreaterOrEqual(t, len(syllableTable), 60)
	assert.GreaterOrEqual(t, share, 0.90)
}

func TestSyllablesNonLatin(t *testing.T) {
	tests := []struct {
		name, word string
	}{
		{"thai", "สวัสดีครับ"},
		{"armenian", "բարեւ"},
		{"vietnamese", "Việt"},
		{"emoji", "👍"},
		{"long", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := readability.Syllables(tc.word)
			assert.GreaterOrEqual(t, got, 0)
			assert.LessOrEqual(t, got, len([]rune(tc.word)))
		})
	}
}
