package readability

// LongSentenceWords is the length above which a sentence counts as long;
// 25 words is the usual plain-language ceiling for one idea per sentence.
const LongSentenceWords = 25

// Sentence is one sentence of an analysed text, located by rune offsets
// [Start, End) so that callers can highlight it as evidence.
type Sentence struct {
	Start, End int
	Words      int
}

// Stats summarises the readability of a text.
type Stats struct {
	Words, Sentences, Syllables, PolysyllableWords int
	// FKGrade is the Flesch–Kincaid grade level.
	FKGrade float64
	// AvgWordsPerSentence is Words / Sentences (0 for an empty text).
	AvgWordsPerSentence float64
	// LongSentences counts sentences of more than LongSentenceWords words.
	LongSentences int
	// SentenceSpans locates every sentence in rune offsets.
	SentenceSpans []Sentence
}

// Analyze computes readability statistics for text.
func Analyze(text string) Stats { return Stats{} }

// Syllables returns the English syllable count of a single word.
func Syllables(word string) int { return 0 }

// GradeDifficulty returns a single difficulty score used to order texts;
// higher means harder.
func GradeDifficulty(text string) float64 { return 0 }
