package redact_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript/redact"
)

// planted is one row of testdata/planted.tsv: a value of a kind (or
// "none" for a negative) inside a sentence.
type planted struct {
	line  int
	kind  string
	value string
	text  string
}

func loadPlanted(t testing.TB) []planted {
	t.Helper()
	f, err := os.Open("testdata/planted.tsv")
	require.NoError(t, err)
	defer f.Close()
	var rows []planted
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		require.Len(t, parts, 3, "line %d", n)
		require.Contains(t, parts[2], parts[1], "line %d", n)
		rows = append(rows, planted{line: n, kind: parts[0], value: parts[1], text: parts[2]})
	}
	require.NoError(t, sc.Err())
	return rows
}

// TestPlantedRecallAndFalsePositives is the acceptance test: per kind
// recall ≥ 99 % and at most 1 % of negatives touched.
func TestPlantedRecallAndFalsePositives(t *testing.T) {
	r := redact.New()
	rows := loadPlanted(t)

	type tally struct{ planted, found, spill int }
	kinds := []redact.Kind{redact.Card, redact.Email, redact.Phone, redact.SSN}
	stats := map[string]*tally{}
	for _, k := range kinds {
		stats[string(k)] = &tally{}
	}
	negatives, touched := 0, 0

	for _, row := range rows {
		start := strings.Index(row.text, row.value)
		end := start + len(row.value)
		ms := r.Find(row.text)
		if row.kind == "none" {
			negatives++
			if len(ms) > 0 {
				touched++
				t.Logf("line %d: negative %q touched in %q: %v", row.line, row.value, row.text, ms)
			}
			continue
		}
		st, ok := stats[row.kind]
		require.True(t, ok, "line %d: unknown kind %q", row.line, row.kind)
		st.planted++
		covered := false
		for _, m := range ms {
			if string(m.Kind) == row.kind && m.Start <= start && m.End >= end {
				covered = true
			}
			// Anything else redacted in the sentence is collateral.
			if m.Start != start || m.End != end {
				st.spill++
				t.Logf("line %d: extra/odd match %v %q in %q", row.line, m, row.text[m.Start:m.End], row.text)
			}
		}
		if covered {
			st.found++
		} else {
			t.Logf("line %d: missed %s %q in %q: %v", row.line, row.kind, row.value, row.text, ms)
		}
	}

	t.Logf("%-6s %8s %6s %8s %6s", "kind", "planted", "found", "recall", "spill")
	for _, k := range kinds {
		st := stats[string(k)]
		t.Logf("%-6s %8d %6d %7.1f%% %6d", k, st.planted, st.found, 100*float64(st.found)/float64(st.planted), st.spill)
	}
	t.Logf("negatives %d, touched %d (%.1f%%)", negatives, touched, 100*float64(touched)/float64(negatives))

	minimum := map[redact.Kind]int{redact.Card: 60, redact.Email: 50, redact.Phone: 60, redact.SSN: 30}
	for _, k := range kinds {
		st := stats[string(k)]
		assert.GreaterOrEqual(t, st.planted, minimum[k], "too few planted %s", k)
		assert.GreaterOrEqual(t, float64(st.found), 0.99*float64(st.planted), "recall of %s below 99%%", k)
		assert.Zero(t, st.spill, "%s matches that spill beyond the planted value", k)
	}
	assert.GreaterOrEqual(t, negatives, 150)
	assert.LessOrEqual(t, float64(touched), 0.01*float64(negatives), "more than 1%% of negatives touched")
}
