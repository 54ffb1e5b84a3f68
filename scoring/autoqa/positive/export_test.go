package positive

// Hooks for the external tests and the politeness trainer, which need the
// same feature extractor and corpus reader that the shipped model uses.

// Features exposes politenessFeatures to the trainer.
func Features(text string) []string { return politenessFeatures(text) }

// Labelled is a quartile-labelled request for the trainer.
type Labelled = labelled

// ReadQuartiles exposes readQuartiles.
func ReadQuartiles(path string) ([]Labelled, error) { return readQuartiles(path) }

// Text and Polite read a Labelled from outside the package.
func (l Labelled) Text() string { return l.text }

// Polite reports whether the request is in the top quartile.
func (l Labelled) Polite() bool { return l.polite }

// BestThreshold exposes bestThreshold.
func BestThreshold(scores []float64, polite []bool) (float64, float64) {
	return bestThreshold(scores, polite)
}
