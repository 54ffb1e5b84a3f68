package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/fixtures"
	"github.com/qascore/qascore/rubrics"
)

func countRubrics(t *testing.T, path string) int {
	t.Helper()
	var n int
	require.NoError(t, openSQL(t, path).QueryRow("SELECT count(*) FROM rubrics").Scan(&n))
	return n
}

func TestCLIRubricImportExport(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "qa.db")
	env := map[string]string{"QA_DB": dbPath}
	require.Equal(t, 0, runCLI(t, env, "", "migrate").Code)

	r, v := fixtures.MustDefaultRubric(t)
	var want bytes.Buffer
	require.NoError(t, rubrics.Encode(&want, r, v))
	file := filepath.Join(dir, "essentials.json")
	require.NoError(t, os.WriteFile(file, want.Bytes(), 0o644))

	res := runCLI(t, env, "", "rubric", "import", "--publish", file)
	require.Equal(t, 0, res.Code, res.Stderr)
	assert.Contains(t, res.Stdout, "and published it")

	res = runCLI(t, env, "", "rubric", "list")
	require.Equal(t, 0, res.Code, res.Stderr)
	assert.Contains(t, res.Stdout, r.Name)
	assert.Contains(t, res.Stdout, "v1")

	res = runCLI(t, env, "", "rubric", "export", "--id", "1")
	require.Equal(t, 0, res.Code, res.Stderr)
	assert.Equal(t, want.String(), res.Stdout, "export gives back exactly what was imported")

	out := filepath.Join(dir, "out.json")
	res = runCLI(t, env, "", "rubric", "export", "--id", "1", "--out", out)
	require.Equal(t, 0, res.Code, res.Stderr)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, want.Bytes(), got)

	// The same name again is refused, with the way out.
	res = runCLI(t, env, "", "rubric", "import", file)
	assert.Equal(t, 1, res.Code)
	assert.Contains(t, res.Stderr, "already exists; choose another with --name")
	res = runCLI(t, env, "", "rubric", "import", "--name", "Essentials (copy)", file)
	require.Equal(t, 0, res.Code, res.Stderr)
	assert.Contains(t, res.Stdout, "as a draft")
	assert.Equal(t, 2, countRubrics(t, dbPath))
}

func TestCLIRubricBadInput(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "qa.db")
	env := map[string]string{"QA_DB": dbPath}
	require.Equal(t, 0, runCLI(t, env, "", "migrate").Code)

	r, v := fixtures.MustDefaultRubric(t)
	var good bytes.Buffer
	require.NoError(t, rubrics.Encode(&good, r, v))
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	unknownField := write("unknown.json", strings.Replace(good.String(), `"weight"`, `"colour": "red", "weight"`, 1))
	invalid := write("invalid.json", strings.Replace(good.String(), `"weight": 5,`, `"weight": 500,`, 1))
	notJSON := write("notjson.json", "this is not json")

	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"no verb", []string{"rubric"}, 2, "give a verb"},
		{"unknown verb", []string{"rubric", "delete"}, 2, `unknown verb "delete"`},
		{"import without file", []string{"rubric", "import"}, 2, "give the JSON file"},
		{"flag after file", []string{"rubric", "import", unknownField, "--publish"}, 2, "flags go before arguments"},
		{"missing file", []string{"rubric", "import", filepath.Join(dir, "nope.json")}, 1, "no such file"},
		{"unknown field", []string{"rubric", "import", unknownField}, 1, "colour: unknown field"},
		{"invalid rubric with publish", []string{"rubric", "import", "--publish", invalid}, 1, "weight"},
		{"not json", []string{"rubric", "import", notJSON}, 1, "notjson.json"},
		{"export without id", []string{"rubric", "export"}, 2, "missing --id"},
		{"export unknown id", []string{"rubric", "export", "--id", "42"}, 1, "no rubric with id 42"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := runCLI(t, env, "", tc.args...)
			assert.Equal(t, tc.code, res.Code, res.Stderr)
			assert.Contains(t, res.Stderr, tc.wantErr)
			assert.Equal(t, 1, strings.Count(strings.TrimSpace(res.Stderr), "\n")+1, "one line: %q", res.Stderr)
			assert.Zero(t, countRubrics(t, dbPath), "nothing written")
		})
	}
}
