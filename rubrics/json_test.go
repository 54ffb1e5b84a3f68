package rubrics_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/fixtures"
	"github.com/qascore/qascore/rubrics"
)

// small is a valid document exercising every field, including a custom
// scale and anchors whose keys sort differently as text ("10" < "2").
const small = `{
  "schema": "qascore.rubric/v1",
  "name": "Billing calls",
  "description": "For the billing team & <partners>",
  "score_cap": 110,
  "second_check": true,
  "sections": [
    {
      "key": "core",
      "name": "Core",
      "description": "",
      "fail_section": true,
      "bonus": false,
      "criteria": [
        {
          "key": "resolved",
          "name": "Resolved",
          "guidance": "Was it fixed?",
          "anchors": {
            "0": "Fixed",
            "2": "Not fixed"
          },
          "good_example": "",
          "poor_example": "",
          "scale": {
            "kind": "custom",
            "outcomes": [
              {
                "label": "Resolved",
                "score": 1,
                "pass": true
              },
              {
                "label": "Partly",
                "score": 0.5,
                "pass": false
              },
              {
                "label": "Not resolved",
                "score": 0,
                "pass": false
              }
            ]
          },
          "weight": 50,
          "allow_na": false,
          "critical": true,
          "bonus": false,
          "evidence_below_max": true
        }
      ]
    },
    {
      "key": "extra",
      "name": "Extra mile",
      "description": "",
      "fail_section": false,
      "bonus": true,
      "criteria": [
        {
          "key": "wow",
          "name": "Wow moment",
          "guidance": "",
          "anchors": {},
          "good_example": "",
          "poor_example": "",
          "scale": {
            "kind": "binary"
          },
          "weight": 10,
          "allow_na": true,
          "critical": false,
          "bonus": false,
          "evidence_below_max": false
        }
      ]
    }
  ]
}
`

func encode(t testing.TB, r rubrics.Rubric, v rubrics.Version) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, rubrics.Encode(&b, r, v))
	return b.String()
}

func TestDecodeEncodeRoundTrip(t *testing.T) {
	essentials := fixtures.DefaultRubricJSON()
	for name, doc := range map[string]string{"small": small, "default rubric": string(essentials)} {
		t.Run(name, func(t *testing.T) {
			r, v, err := rubrics.Decode(strings.NewReader(doc), 0)
			require.NoError(t, err)
			assert.Equal(t, doc, encode(t, r, v), "Encode(Decode(x)) == x")
			assert.Equal(t, rubrics.StatusDraft, v.Status)
			assert.Zero(t, v.ID)
		})
	}

	r, v, err := rubrics.Decode(strings.NewReader(small), 0)
	require.NoError(t, err)
	assert.Equal(t, "For the billing team & <partners>", r.Description, "no HTML escaping games")
	c, s, ok := v.Criterion("resolved")
	require.True(t, ok)
	assert.True(t, s.FailSection)
	assert.Equal(t, map[int]string{0: "Fixed", 2: "Not fixed"}, c.Anchors)
	assert.Equal(t, rubrics.Outcome{Label: "Partly", Score: 0.5}, c.Scale.Outcomes[1])
	w, _, _ := v.Criterion("wow")
	assert.Nil(t, w.Anchors, "an empty anchors object decodes to nil")
}

func TestEncodeAnchorsNumericOrder(t *testing.T) {
	v := rubrics.Version{ScoreCap: 100, Sections: []rubrics.Section{{Key: "s", Name: "S", Criteria: []rubrics.Criterion{{
		Key: "c", Name: "C", Scale: rubrics.Scale{Kind: rubrics.ScaleCustom}, Weight: 1,
		Anchors: map[int]string{10: "ten", 2: "two", 0: "zero"},
	}}}}}
	out := encode(t, rubrics.Rubric{Name: "x"}, v)
	assert.Less(t, strings.Index(out, `"0"`), strings.Index(out, `"2"`))
	assert.Less(t, strings.Index(out, `"2"`), strings.Index(out, `"10"`))
	for range 20 {
		assert.Equal(t, out, encode(t, rubrics.Rubric{Name: "x"}, v), "deterministic")
	}
}

func TestDecodeProblems(t *testing.T) {
	// replace edits the valid small document so one thing breaks.
	replace := func(old, new string) string {
		if !strings.Contains(small, old) {
			panic("fixture text not found: " + old)
		}
		return strings.Replace(small, old, new, 1)
	}
	tests := []struct {
		name string
		doc  string
		max  int64
		path string
		want string
	}{
		{"unknown field deep inside", replace(`"weight": 50,`, `"weight": 50, "colour": "red",`), 0, "sections[0].criteria[0].colour", "unknown field"},
		{"unknown field in an outcome", replace(`"label": "Partly",`, `"label": "Partly", "points": 5,`), 0, "sections[0].criteria[0].scale.outcomes[1].points", "unknown field"},
		{"unknown top-level field", replace(`"second_check": true,`, `"second_check": true, "owner": 1,`), 0, "owner", "unknown field"},
		{"odd field name is quoted", replace(`"weight": 50,`, `"weight": 50, "a b": 1,`), 0, `sections[0].criteria[0]["a b"]`, "unknown field"},
		{"duplicate field", replace(`"weight": 50,`, `"weight": 50, "weight": 40,`), 0, "sections[0].criteria[0].weight", "appears twice"},
		{"weight as string", replace(`"weight": 50,`, `"weight": "50",`), 0, "sections[0].criteria[0].weight", "want a number, got a string"},
		{"weight fractional", replace(`"weight": 50,`, `"weight": 12.5,`), 0, "sections[0].criteria[0].weight", "whole number"},
		{"weight huge", replace(`"weight": 50,`, `"weight": 1e99,`), 0, "sections[0].criteria[0].weight", "whole number"},
		{"weight missing", replace(`"weight": 50,`, ``), 0, "sections[0].criteria[0].weight", "is required"},
		{"scale missing", replace(`"scale": {
            "kind": "binary"
          },`, ``), 0, "sections[1].criteria[0].scale", "is required"},
		{"score as bool", replace(`"score": 0.5,`, `"score": true,`), 0, "sections[0].criteria[0].scale.outcomes[1].score", "want a number, got true or false"},
		{"score out of float range", replace(`"score": 0.5,`, `"score": 1e999,`), 0, "sections[0].criteria[0].scale.outcomes[1].score", "from 0 to 1"},
		{"null name", replace(`"name": "Core",`, `"name": null,`), 0, "sections[0].name", "want a string, got null"},
		{"sections as object", `{"schema":"qascore.rubric/v1","name":"x","sections":{"a":1}}`, 0, "sections", "want a list, got an object"},
		{"criteria not a list", strings.Replace(replace(`"criteria": [`, `"criteria": {"a": [`), "]\n    },\n    {", "]}\n    },\n    {", 1), 0, "sections[0].criteria", "want a list, got an object"},
		{"anchor key not a level", replace(`"0": "Fixed",`, `"one": "Fixed",`), 0, "sections[0].criteria[0].anchors.one", "whole numbers"},
		{"anchor key with leading zero", replace(`"0": "Fixed",`, `"00": "Fixed",`), 0, "sections[0].criteria[0].anchors.00", "whole numbers"},
		{"missing schema", replace(`"schema": "qascore.rubric/v1",`, ``), 0, "schema", "want qascore.rubric/v1"},
		{"unknown schema", replace(`"qascore.rubric/v1"`, `"qascore.rubric/v2"`), 0, "schema", `want qascore.rubric/v1, got "qascore.rubric/v2"`},
		{"schema not a string", replace(`"qascore.rubric/v1"`, `1`), 0, "schema", "want qascore.rubric/v1, got a number"},
		{"not an object", `["qascore.rubric/v1"]`, 0, "", "one JSON object"},
		{"trailing data", small + `{"more": 1}`, 0, "", "more after the end of the JSON document (line 80, column 1)"},
		{"trailing garbage", small + "x", 0, "", "more after the end"},
		{"syntax error", replace(`"weight": 50,`, `"weight": 50,,`), 0, "", "not valid JSON at line 45, column 24"},
		{"truncated", small[:200], 0, "", "ends in the middle"},
		{"empty", "  \n", 0, "", "the file is empty"},
		{"invalid UTF-8", replace(`"Was it fixed?"`, "\"Was it \xff fixed?\""), 0, "", "not valid UTF-8 text (line 18, column 31)"},
		{"too large", small, int64(len(small) - 1), "", "larger than"},
		{"too deep", `{"schema": "qascore.rubric/v1", "x": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, 0, "", "nested more than"},
		// Shape is fine, so the domain rules run, with the same paths.
		{"validate runs after decoding", replace(`"score": 0.5,`, `"score": 1.5,`), 0, "sections[0].criteria[0].scale.outcomes[1].score", "from 0 (worst) to 1 (best)"},
		{"rubric name is validated", replace(`"name": "Billing calls",`, `"name": "",`), 0, "name", "rubric name is required"},
		{"score cap over 100 needs a bonus", replace(`"bonus": true,`, `"bonus": false,`), 0, "score_cap", "has none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, v, err := rubrics.Decode(strings.NewReader(tt.doc), tt.max)
			require.Error(t, err)
			assert.ErrorIs(t, err, rubrics.ErrInvalid)
			var probs rubrics.Problems
			require.ErrorAs(t, err, &probs)
			msgs := probs.At(tt.path)
			require.NotEmpty(t, msgs, "want a problem at %q, got %v", tt.path, probs)
			assert.Contains(t, strings.Join(msgs, " | "), tt.want)
			assert.Zero(t, r)
			assert.Zero(t, v)
		})
	}
}

func TestDecodeCollectsEveryShapeProblem(t *testing.T) {
	doc := strings.Replace(small, `"weight": 50,`, `"weight": "50", "colour": 1,`, 1)
	doc = strings.Replace(doc, `"fail_section": true,`, `"fail_section": "yes",`, 1)
	_, _, err := rubrics.Decode(strings.NewReader(doc), 0)
	var probs rubrics.Problems
	require.ErrorAs(t, err, &probs)
	var paths []string
	for _, p := range probs {
		paths = append(paths, p.Path)
	}
	assert.Equal(t, []string{"sections[0].fail_section", "sections[0].criteria[0].weight", "sections[0].criteria[0].colour"}, paths)
}

func TestDecodeCapsProblemCount(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"schema": "qascore.rubric/v1"`)
	for i := range 500 {
		b.WriteString(`, "x` + strings.Repeat("y", i%7) + string(rune('a'+i%26)) + `_` + itoa(i) + `": 1`)
	}
	b.WriteString("}")
	_, _, err := rubrics.Decode(strings.NewReader(b.String()), 0)
	var probs rubrics.Problems
	require.ErrorAs(t, err, &probs)
	assert.Len(t, probs, 101)
	assert.Contains(t, probs[100].Message, "400 more problems")
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var s string
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

func TestDecodeReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, _, err := rubrics.Decode(iotest.ErrReader(boom), 0)
	assert.ErrorIs(t, err, boom)
	assert.NotErrorIs(t, err, rubrics.ErrInvalid)
}

func TestDecodeDefaults(t *testing.T) {
	// Optional fields may be left out: score_cap defaults to 100 and
	// everything else to empty or false.
	doc := `{"schema":"qascore.rubric/v1","name":"Minimal","sections":[{"key":"s","name":"S","criteria":[
		{"key":"c","name":"C","scale":{"kind":"5-point"},"weight":1}]}]}`
	r, v, err := rubrics.Decode(strings.NewReader(doc), 0)
	require.NoError(t, err)
	assert.Equal(t, "Minimal", r.Name)
	assert.Equal(t, 100, v.ScoreCap)
	assert.False(t, v.SecondCheck)
	assert.Nil(t, v.Sections[0].Criteria[0].Anchors)
}

func TestEncodeRejectsNaN(t *testing.T) {
	v := validVersion()
	v.Sections[1].Criteria[0].Scale.Outcomes[1].Score = nan()
	err := rubrics.Encode(&bytes.Buffer{}, rubrics.Rubric{Name: "x"}, v)
	assert.ErrorIs(t, err, rubrics.ErrInvalid)
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}

func FuzzDecode(f *testing.F) {
	essentials := fixtures.DefaultRubricJSON()
	seeds := []string{
		small,
		string(essentials),
		`{"schema":"qascore.rubric/v1","name":"Minimal","sections":[{"key":"s","name":"S","criteria":[{"key":"c","name":"C","scale":{"kind":"5-point"},"weight":1}]}]}`,
		`{"schema":"qascore.rubric/v1","name":"ทดสอบ","sections":[{"key":"s","name":"Հայերեն","criteria":[{"key":"c","name":"Tiếng Việt","scale":{"kind":"custom","outcomes":[{"label":"A","score":1,"pass":true},{"label":"B","score":-0}]},"weight":1,"anchors":{"1":"b"}}]}]}`,
		strings.Replace(small, `"weight": 50,`, `"weight": 50, "colour": "red",`, 1),
		strings.Replace(small, `"qascore.rubric/v1"`, `"qascore.rubric/v2"`, 1),
		small + "{}",
		small[:300],
		"",
		"null",
		"[]",
		`{"schema":"qascore.rubric/v1","sections":[[[[{}]]]]}`,
		`{"schema":"qascore.rubric/v1","score_cap":1e400,"sections":null}`,
		"{\"schema\":\"qascore.rubric/v1\",\"name\":\"\xff\"}",
		`{"schema":"qascore.rubric/v1","name":"\ud800","sections":[]}`,
		`{"schema":"qascore.rubric/v1","name":"x","name":"y"}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, v, err := rubrics.Decode(bytes.NewReader(data), 64<<10)
		if err != nil {
			var probs rubrics.Problems
			require.ErrorAs(t, err, &probs, "decode errors are Problems")
			require.NotEmpty(t, probs)
			require.ErrorIs(t, err, rubrics.ErrInvalid)
			return
		}
		require.NoError(t, v.Validate())
		require.NoError(t, r.Validate())
		var b bytes.Buffer
		require.NoError(t, rubrics.Encode(&b, r, v))
		r2, v2, err := rubrics.Decode(bytes.NewReader(b.Bytes()), 0)
		require.NoError(t, err, "re-decoding %s", b.String())
		require.Equal(t, r, r2)
		require.Equal(t, v, v2)
		var b2 bytes.Buffer
		require.NoError(t, rubrics.Encode(&b2, r2, v2))
		require.Equal(t, b.String(), b2.String(), "encoding is canonical")
	})
}

// TestSchemaExample keeps the example in SCHEMA.md importable.
func TestSchemaExample(t *testing.T) {
	doc, err := os.ReadFile("SCHEMA.md")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(doc), "```json\n")
	require.True(t, ok)
	example, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	r, v, err := rubrics.Decode(strings.NewReader(example), 0)
	require.NoError(t, err)
	assert.Equal(t, "Billing calls", r.Name)
	assert.Equal(t, 110, v.ScoreCap)
	c, _, ok := v.Criterion("identity-check")
	require.True(t, ok)
	assert.True(t, c.Critical && c.AllowNA)
}
