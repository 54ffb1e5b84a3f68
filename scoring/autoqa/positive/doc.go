// Package positive finds wording that tends to land badly with customers
// (negative language such as "I can't", "our policy says", "calm down"),
// separates ownership language ("I'll make sure…") from deflection
// ("that's another department"), and estimates how polite a request
// sounds.
//
// Everything is offline and deterministic: phrase lists are compiled once
// into a word trie at package initialisation and the politeness model is a
// small logistic regression whose weights are embedded from weights.txt.
// Text positions are rune offsets [start, end) within the analysed text so
// that they line up with evidence spans elsewhere in qascore.
package positive
