package readability_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/autoqa/readability"
)

// dataDir is the shared evaluation data, outside the repository on purpose.
var dataDir = filepath.Join("..", "..", "..", "..", "shared", "data")

// sentenceTexts returns the text of each sentence span, by rune offsets.
func sentenceTexts(text string, spans []readability.Sentence) []string {
	r := []rune(text)
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = string(r[s.Start:s.End])
	}
	return out
}

func TestAnalyzeSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"simple", "Hello there. How are you? I am fine!", []string{"Hello there.", "How are you?", "I am fine!"}},
		{"titles", "Mr. Smith called Dr. Jones. She answered.", []string{"Mr. Smith called Dr. Jones.", "She answered."}},
		{"eg ie", "Use a browser, e.g. Firefox, i.e. not the app. Then log in.", []string{"Use a browser, e.g. Firefox, i.e. not the app.", "Then log in."}},
		{"initialism mid", "She lives in the U.S. and works here.", []string{"She lives in the U.S. and works here."}},
		{"initialism end", "She moved to the U.S. Then she left.", []string{"She moved to the U.S.", "Then she left."}},
		{"decimal", "The plan costs 3.5 pounds. It is cheap.", []string{"The plan costs 3.5 pounds.", "It is cheap."}},
		{"url", "Go to www.example.com/help?id=3 now. Thanks.", []string{"Go to www.example.com/help?id=3 now.", "Thanks."}},
		{"ellipsis pause", "well... i think so", []string{"well... i think so"}},
		{"ellipsis end", "I see… Let me check.", []string{"I see…", "Let me check."}},
		{"interrobang", "Really?! No way.", []string{"Really?!", "No way."}},
		{"quote closes", `He said "stop." Then he left.`, []string{`He said "stop."`, "Then he left."}},
		{"chat lines", "Hi Anna\nMy router is down\n\nok thanks", []string{"Hi Anna", "My router is down", "ok thanks"}},
		{"hard wrap", "The baby was born at\nthe hospital. It was sunny.", []string{"The baby was born at\nthe hospital.", "It was sunny."}},
		{"no terminator", "  just words here  ", []string{"just words here"}},
		{"no before number", "Call line No. 5 today. No. I won't.", []string{"Call line No. 5 today.", "No.", "I won't."}},
		{"armenian", "Բարեւ ձեզ։ Ինչպես եք։", []string{"Բարեւ ձեզ։", "Ինչպես եք։"}},
		{"emoji", "Thanks 👍 Bye! 😊", []string{"Thanks 👍 Bye!"}},
		{"empty", "", nil},
		{"only punctuation", "?!... 👍", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := readability.Analyze(tc.text)
			got := sentenceTexts(tc.text, s.SentenceSpans)
			if tc.want == nil {
				assert.Empty(t, got)
			} else {
				assert.Equal(t, tc.want, got)
			}
			assert.Equal(t, len(s.SentenceSpans), s.Sentences)
		})
	}
}

func TestAnalyzeStats(t *testing.T) {
	tests := []struct {
		name                         string
		text                         string
		words, sentences, syllables  int
		poly, long                   int
		fkMin, fkMax, avgWordsPerSen float64
	}{
		{"easy", "The cat sat on the mat. The dog ran.", 9, 2, 9, 0, 0, -3, 0, 4.5},
		{"apostrophes", "I don't know. It's the customer’s call.", 7, 2, 9, 1, 0, -3, 4, 3.5},
		{"decimal is one word", "It costs 3.5 now.", 4, 1, 5, 0, 0, -10, 10, 4},
		{"empty", "", 0, 0, 0, 0, 0, 0, 0, 0},
		{"long sentence", strings.Repeat("word ", 30) + ".", 30, 1, 30, 0, 1, 0, 20, 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := readability.Analyze(tc.text)
			assert.Equal(t, tc.words, s.Words, "words")
			assert.Equal(t, tc.sentences, s.Sentences, "sentences")
			assert.Equal(t, tc.syllables, s.Syllables, "syllables")
			assert.Equal(t, tc.poly, s.PolysyllableWords, "polysyllables")
			assert.Equal(t, tc.long, s.LongSentences, "long sentences")
			assert.InDelta(t, tc.avgWordsPerSen, s.AvgWordsPerSentence, 1e-9)
			assert.GreaterOrEqual(t, s.FKGrade, tc.fkMin)
			assert.LessOrEqual(t, s.FKGrade, tc.fkMax)
		})
	}
}

func TestAnalyzeOtherScripts(t *testing.T) {
	tests := []struct {
		name, text string
		words      int
	}{
		{"thai no spaces", "สวัสดีครับผมชื่อสมชาย", 1},
		{"thai spaced", "สวัสดีครับ ผมชื่อสมชาย ยินดีที่ได้รู้จัก", 3},
		{"vietnamese", "Xin chào, tôi có thể giúp gì cho bạn?", 9},
		{"armenian", "Բարեւ ձեզ, ինչպես կարող եմ օգնել։", 6},
		{"emoji only", "😊😊👍", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := readability.Analyze(tc.text)
			assert.Equal(t, tc.words, s.Words)
			n := utf8.RuneCountInString(tc.text)
			for _, sp := range s.SentenceSpans {
				assert.True(t, 0 <= sp.Start && sp.Start < sp.End && sp.End <= n, "span %v of %d runes", sp, n)
			}
			assert.False(t, s.FKGrade != s.FKGrade, "FK is NaN")
		})
	}
}

func TestGradeDifficultyOrders(t *testing.T) {
	easy := "I can help. Your bill is wrong. I will fix it now."
	hard := "Following a comprehensive investigation of your account, we have determined that the discrepancy originated from an erroneous prorated adjustment applied during the previous billing cycle, which will subsequently be reconciled."
	assert.Less(t, readability.GradeDifficulty(easy), readability.GradeDifficulty(hard))
	assert.Zero(t, readability.GradeDifficulty(""))
}

func TestEvalOneStopEnglish(t *testing.T) {
	if _, err := os.Stat(filepath.Join(dataDir, "onestopenglish")); err != nil {
		t.Skip("../shared/data not found: ", err)
	}
	pairwise, triples, err := readability.EvalOneStopEnglish(dataDir)
	require.NoError(t, err)
	t.Logf("OneStopEnglish: %d triples, within-triple pairwise ordering %.4f", triples, pairwise)
	assert.Equal(t, 187, triples)
	assert.GreaterOrEqual(t, pairwise, 0.97)
}

func TestEvalOneStopEnglishMissing(t *testing.T) {
	_, _, err := readability.EvalOneStopEnglish(t.TempDir())
	assert.Error(t, err)
}
