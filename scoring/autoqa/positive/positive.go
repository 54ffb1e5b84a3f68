package positive

// Phrase is one occurrence of language worth coaching on, with where it is,
// why it matters and a rewrite of the sentence it appears in.
type Phrase struct {
	Start, End int    // rune offsets of the offending phrase within the text
	Phrase     string // as written
	Category   string // "cant", "policy", "you-have-to", "unfortunately-opener", "calm-down", "no-problem", "blame", "not-my-job", "as-i-said"…
	Reason     string // one line for people: why it lands badly
	Reframe    string // a suggested rewrite of the actual sentence
}

// Politeness returns a probability-like score in [0,1] that an English
// request reads as polite.
func Politeness(text string) float64 { return 0.5 }

// PolitenessResult reports binary accuracy on the Stanford politeness
// corpus: the decision threshold chosen on Wikipedia and the accuracy on
// each community's top-versus-bottom quartile.
type PolitenessResult struct {
	Threshold, Wikipedia, StackExchange float64
	WikiN, SEN                          int
}

// EvalPoliteness measures Politeness on the corpus files in
// dataDir/politeness.
func EvalPoliteness(dataDir string) (PolitenessResult, error) {
	return PolitenessResult{}, nil
}
