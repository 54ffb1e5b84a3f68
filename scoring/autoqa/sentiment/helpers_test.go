package sentiment_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/autoqa/sentiment"
)

// dataDir is the shared evaluation data, read in place and never copied.
func dataDir(t testing.TB) string {
	t.Helper()
	d := filepath.Join("..", "..", "..", "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(d, "vader")); err != nil {
		t.Skip("../shared/data not found: " + err.Error())
	}
	return d
}

func mustNew(t testing.TB, lang string) *sentiment.Analyzer {
	t.Helper()
	a, err := sentiment.New(lang)
	require.NoError(t, err)
	return a
}
