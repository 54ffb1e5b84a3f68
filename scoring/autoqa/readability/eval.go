package readability

// EvalOneStopEnglish measures how well GradeDifficulty orders the
// OneStopEnglish triples (ele < int < adv). dataDir is the shared data folder.
func EvalOneStopEnglish(dataDir string) (pairwise float64, triples int, err error) {
	return 0, 0, nil
}
