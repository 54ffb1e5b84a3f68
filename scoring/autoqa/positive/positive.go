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
