package scoring

// Evidence points at the exact words behind a rating: a turn and a span
// of it in rune offsets [Start, End). Runes, not bytes, so a span means
// the same characters in Go, in SQL and in the browser's JavaScript
// (which the grading screen converts from UTF-16), and never cuts a Thai
// or Vietnamese character in half.
type Evidence struct {
	TurnID int64
	Start  int
	End    int
	// Quote is the text of the span when it was attached, kept so the
	// evidence still reads right if a transcript is ever re-imported.
	Quote string
}
