package empathy_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/autoqa/empathy"
)

// dataDir is the shared evaluation data, outside the repository on purpose.
var dataDir = filepath.Join("..", "..", "..", "..", "shared", "data")

func TestEvalEPITOME(t *testing.T) {
	if _, err := os.Stat(filepath.Join(dataDir, "epitome")); err != nil {
		t.Skip("../shared/data not found: ", err)
	}
	res, err := empathy.EvalEPITOME(dataDir)
	require.NoError(t, err)
	require.Len(t, res, 3)
	targets := map[string]float64{"emotional-reactions": 0.70, "interpretations": 0.55, "explorations": 0.86}
	t.Logf("%-20s %6s %8s %8s", "mechanism", "N", "macroF1", "target")
	for _, r := range res {
		t.Logf("%-20s %6d %8.3f %8.2f", r.Mechanism, r.N, r.MacroF1, targets[r.Mechanism])
	}
	for _, r := range res {
		require.Equal(t, 3084, r.N, r.Mechanism)
		require.GreaterOrEqual(t, r.MacroF1, targets[r.Mechanism], r.Mechanism)
	}
}
