package sentiment

import "fmt"

// Scores is VADER's polarity triple plus its normalised compound score.
// Neg, Neu and Pos are proportions of the text that sum to 1 (0 for empty
// text); Compound is the sum of word valences normalised into [-1, 1].
type Scores struct{ Neg, Neu, Pos, Compound float64 }

// Analyzer scores text for one language. It is immutable after New and safe
// for concurrent use.
type Analyzer struct {
	lang string
}

// New returns the analyzer for lang ("en", "vi" or "ms").
func New(lang string) (*Analyzer, error) {
	switch lang {
	case "en", "vi", "ms":
		return &Analyzer{lang: lang}, nil
	}
	return nil, fmt.Errorf("sentiment: unsupported language %q (want en, vi or ms)", lang)
}

// Score returns the valence scores of text.
func (a *Analyzer) Score(text string) Scores { return Scores{} }
