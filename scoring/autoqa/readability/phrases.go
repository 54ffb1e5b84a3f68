package readability

// Match is one phrase found in a text, located by rune offsets [Start, End).
type Match struct {
	Start, End int
	// Term is the canonical list entry that matched.
	Term string
	// Plain is the plainer alternative (empty for Kind "check").
	Plain string
	// Kind is "jargon", "wordy" or "check".
	Kind string
}

// FindJargon finds jargon and wordy phrases, case-insensitively and on whole
// words only.
func FindJargon(text string) []Match { return nil }

// ChecksUnderstanding finds phrases where the agent checks that the customer
// understood (Kind "check").
func ChecksUnderstanding(text string) []Match { return nil }
