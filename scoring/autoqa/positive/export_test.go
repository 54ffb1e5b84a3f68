package positive

import (
	"math"
	"slices"
)

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

// bestThreshold picks the cut on scores that maximises accuracy; ties go to
// the cut closest to 0.5 so the choice is stable.
func bestThreshold(scores []float64, polite []bool) (float64, float64) {
	type sp struct {
		s float64
		p bool
	}
	xs := make([]sp, len(scores))
	pos := 0
	for i := range scores {
		xs[i] = sp{scores[i], polite[i]}
		if polite[i] {
			pos++
		}
	}
	slices.SortFunc(xs, func(a, b sp) int { return cmpFloat(a.s, b.s) })
	// Cut below everything: all predicted polite.
	correct := pos
	best, bestT := correct, xs[0].s-1e-9
	for i := 0; i < len(xs); i++ {
		if xs[i].p {
			correct--
		} else {
			correct++
		}
		if i+1 < len(xs) && xs[i+1].s == xs[i].s {
			continue
		}
		t := xs[i].s + 1e-9
		if i+1 < len(xs) {
			t = (xs[i].s + xs[i+1].s) / 2
		}
		if correct > best || correct == best && math.Abs(t-0.5) < math.Abs(bestT-0.5) {
			best, bestT = correct, t
		}
	}
	return bestT, float64(best) / float64(len(xs))
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
