package rubrics

import "strconv"

// Levels returns the ratings a grader can give on s, lowest first for
// point scales and best first for custom outcomes (their stored order).
// Binary rates 0 (No) or 1 (Yes); n-point scales rate 1..n; a custom
// outcome's Value is its index.
func (s Scale) Levels() []Level {
	point := func(lo, hi int, labels ...string) []Level {
		out := make([]Level, 0, hi-lo+1)
		for v := lo; v <= hi; v++ {
			score := float64(v-lo) / float64(hi-lo)
			label := strconv.Itoa(v)
			if len(labels) > 0 {
				label = labels[v-lo]
			}
			out = append(out, Level{Value: v, Label: label, Score: score, Pass: score >= 0.5})
		}
		return out
	}
	switch s.Kind {
	case ScaleBinary:
		return point(0, 1, "No", "Yes")
	case Scale3:
		return point(1, 3)
	case Scale4:
		return point(1, 4)
	case Scale5:
		return point(1, 5)
	case ScaleCustom:
		out := make([]Level, len(s.Outcomes))
		for i, o := range s.Outcomes {
			out[i] = Level{Value: i, Label: o.Label, Score: o.Score, Pass: o.Pass}
		}
		return out
	}
	return nil
}

// Level returns the level with the given value.
func (s Scale) Level(value int) (Level, bool) {
	for _, l := range s.Levels() {
		if l.Value == value {
			return l, true
		}
	}
	return Level{}, false
}

// Top is the best level's value: the one a rating must reach to need no
// evidence.
func (s Scale) Top() (Level, bool) {
	var best Level
	found := false
	for _, l := range s.Levels() {
		if !found || l.Score > best.Score {
			best, found = l, true
		}
	}
	return best, found
}
