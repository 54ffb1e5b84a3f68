package sentiment

// Valence returns the lexicon valence (−4…+4) of one lower-cased word or
// phrase and whether the lexicon has it. It reads the lexicon only, with no
// rules applied, for callers that need word polarity as a feature (the
// politeness model's positive and negative lexicon strategies) without
// scoring whole sentences.
func (a *Analyzer) Valence(word string) (float64, bool) {
	e := &a.spec.entries[a.spec.lookup(word)]
	if e.flags&fLex == 0 {
		return 0, false
	}
	return e.val, true
}
