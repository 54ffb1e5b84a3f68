package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testDataDir finds the shared evaluation data from the package folder
// (tests run in cmd/qascore, so ../shared/data of the repository root is
// three levels up), else $QA_DATA_DIR; "" when neither exists.
func testDataDir() string {
	if d := filepath.Join("..", "..", "..", "shared", "data"); isDir(d) {
		return d
	}
	if d := os.Getenv("QA_DATA_DIR"); d != "" && isDir(d) {
		return d
	}
	return ""
}

func TestEvalAutoQA(t *testing.T) {
	dir := testDataDir()
	if dir == "" {
		t.Skip("skipped: ../shared/data not found (set QA_DATA_DIR to run the AutoQA evaluation)")
	}
	rows, err := evalAutoQA(dir)
	require.NoError(t, err)
	require.Len(t, rows, 10)
	for _, r := range rows {
		assert.True(t, r.Pass(), "%s: %.3f below target %.2f (n=%d)", r.Metric, r.Value, r.Target, r.N)
		assert.Positive(t, r.N, r.Metric)
	}
	// The command prints the same table and fails exactly when a row does.
	res := runCLI(t, nil, "", "eval", "autoqa", "--data", dir)
	assert.Contains(t, res.Stdout, "metric")
	assert.Contains(t, res.Stdout, "OneStopEnglish")
	allPass := true
	for _, r := range rows {
		allPass = allPass && r.Pass()
	}
	if allPass {
		assert.Equal(t, 0, res.Code, res.Stderr)
	} else {
		assert.Equal(t, 1, res.Code)
	}
}

func TestEvalAutoQAUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"unknown evaluation", []string{"eval", "other"}, 2, "", "the only evaluation is autoqa"},
		{"missing data folder", []string{"eval", "autoqa", "--data", filepath.Join(t.TempDir(), "none")}, 1, "", "not a folder"},
		{"stray argument", []string{"eval", "autoqa", "x"}, 2, "", "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "", tt.args...)
			assert.Equal(t, tt.code, r.Code)
			assert.Contains(t, r.Stdout, tt.stdout)
			assert.Contains(t, r.Stderr, tt.stderr)
		})
	}
}

func TestEvalAutoQASkipsWithoutData(t *testing.T) {
	// Run from a folder with no ../shared/data and no QA_DATA_DIR.
	wd, err := os.Getwd()
	require.NoError(t, err)
	tmp := filepath.Join(t.TempDir(), "repo")
	require.NoError(t, os.Mkdir(tmp, 0o700))
	require.NoError(t, os.Chdir(tmp))
	t.Cleanup(func() { _ = os.Chdir(wd) })
	r := runCLI(t, map[string]string{}, "", "eval", "autoqa")
	assert.Equal(t, 0, r.Code)
	assert.Equal(t, "skipped: ../shared/data not found\n", r.Stdout)
}
