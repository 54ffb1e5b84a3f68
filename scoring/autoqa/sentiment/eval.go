package sentiment

// CorpusResult is the agreement of our compound score with the human mean
// valence on one VADER ground-truth corpus.
type CorpusResult struct {
	Name    string
	N       int
	Pearson float64
}

// EvalVADER scores the four VADER ground-truth corpora under dataDir/vader.
func EvalVADER(dataDir string) ([]CorpusResult, error) { return nil, nil }
