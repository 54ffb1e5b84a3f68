package empathy

// EpitomeResult is the binary macro-F1 of one EPITOME mechanism.
type EpitomeResult struct {
	Mechanism string
	N         int
	MacroF1   float64
}

// EvalEPITOME measures Detect against the EPITOME Reddit annotations found in
// dataDir/epitome. A row is positive when its level is above 0, and so is our
// prediction; the score is the mean F1 of the positive and negative classes.
func EvalEPITOME(dataDir string) ([]EpitomeResult, error) {
	return nil, nil
}
