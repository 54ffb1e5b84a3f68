package rubrics_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/rubrics"
)

// validVersion is a small version that passes Validate; each test row
// breaks exactly one thing in a fresh copy.
func validVersion() rubrics.Version {
	return rubrics.Version{
		Number: 1, Status: rubrics.StatusDraft, ScoreCap: 100,
		Sections: []rubrics.Section{
			{Key: "communication", Name: "Communication", Criteria: []rubrics.Criterion{
				{
					Key: "empathy", Name: "Empathy", Guidance: "Acknowledges the situation.",
					Anchors: map[int]string{1: "Cold", 3: "Generic", 5: "Specific"},
					Scale:   rubrics.Scale{Kind: rubrics.Scale5}, Weight: 15, EvidenceBelowMax: true,
				},
				{Key: "clarity", Name: "Clarity", Scale: rubrics.Scale{Kind: rubrics.Scale3}, Weight: 10},
			}},
			{Key: "resolution", Name: "Resolution", Criteria: []rubrics.Criterion{
				{Key: "resolved", Name: "Resolved", Weight: 20, Scale: rubrics.Scale{Kind: rubrics.ScaleCustom, Outcomes: []rubrics.Outcome{
					{Label: "Resolved", Score: 1, Pass: true},
					{Label: "Partly", Score: 0.5},
					{Label: "Not resolved", Score: 0},
				}}},
				{Key: "greeting", Name: "Greeting", Scale: rubrics.Scale{Kind: rubrics.ScaleBinary}, Weight: 0, AllowNA: true},
			}},
		},
	}
}

func TestValidateValid(t *testing.T) {
	v := validVersion()
	require.NoError(t, v.Validate())

	// Names in any script are fine, measured in characters, not bytes.
	v.Sections[0].Name = "การสื่อสาร"
	v.Sections[0].Criteria[0].Name = "Sự đồng cảm"
	v.Sections[1].Name = "Լուծում " + strings.Repeat("ա", 100) // 109 runes, 209 bytes
	v.Sections[0].Criteria[0].Guidance = "Line one\nline two\twith a tab"
	assert.NoError(t, v.Validate())

	// A critical criterion may allow N/A; a bonus section with a bonus
	// criterion may lift the cap.
	v = validVersion()
	v.Sections[0].Criteria[0].Critical = true
	v.Sections[0].Criteria[0].AllowNA = true
	v.ScoreCap = 120
	v.Sections = append(v.Sections, rubrics.Section{Key: "extra", Name: "Extra mile", Bonus: true, Criteria: []rubrics.Criterion{
		{Key: "wow", Name: "Wow moment", Scale: rubrics.Scale{Kind: rubrics.ScaleBinary}, Weight: 10},
	}})
	assert.NoError(t, v.Validate())
}

func TestValidateRules(t *testing.T) {
	crit := func(v *rubrics.Version, s, c int) *rubrics.Criterion { return &v.Sections[s].Criteria[c] }
	tests := []struct {
		name   string
		mutate func(v *rubrics.Version)
		path   string
		want   string // part of the message
	}{
		{"no sections", func(v *rubrics.Version) { v.Sections = nil }, "sections", "at least one section"},
		{"section without name", func(v *rubrics.Version) { v.Sections[1].Name = "  " }, "sections[1].name", "section name is required"},
		{"section name too long", func(v *rubrics.Version) { v.Sections[0].Name = strings.Repeat("ก", 121) }, "sections[0].name", "121 characters"},
		{"section name on two lines", func(v *rubrics.Version) { v.Sections[0].Name = "a\nb" }, "sections[0].name", "one line"},
		{"section name invalid UTF-8", func(v *rubrics.Version) { v.Sections[0].Name = "bad \xff" }, "sections[0].name", "UTF-8"},
		{"section description too long", func(v *rubrics.Version) { v.Sections[0].Description = strings.Repeat("x", 4001) }, "sections[0].description", "4000"},
		{"section without criteria", func(v *rubrics.Version) { v.Sections[1].Criteria = nil }, "sections[1].criteria", "no criteria"},
		{"section key missing", func(v *rubrics.Version) { v.Sections[0].Key = "" }, "sections[0].key", "key is required"},
		{"section key malformed", func(v *rubrics.Version) { v.Sections[0].Key = "Communication" }, "sections[0].key", "not a valid key"},
		{"section key leading hyphen", func(v *rubrics.Version) { v.Sections[0].Key = "-x" }, "sections[0].key", "not a valid key"},
		{"section key too long", func(v *rubrics.Version) { v.Sections[0].Key = strings.Repeat("a", 65) }, "sections[0].key", "not a valid key"},
		{"section key duplicate", func(v *rubrics.Version) { v.Sections[1].Key = "communication" }, "sections[1].key", "already used by sections[0].key"},
		{"criterion key missing", func(v *rubrics.Version) { crit(v, 0, 1).Key = "" }, "sections[0].criteria[1].key", "criterion key is required"},
		{"criterion key malformed", func(v *rubrics.Version) { crit(v, 0, 1).Key = "clarity_1" }, "sections[0].criteria[1].key", "not a valid key"},
		{"criterion key duplicate across sections", func(v *rubrics.Version) { crit(v, 1, 0).Key = "empathy" }, "sections[1].criteria[0].key", "already used by sections[0].criteria[0].key"},
		{"criterion name missing", func(v *rubrics.Version) { crit(v, 0, 0).Name = "" }, "sections[0].criteria[0].name", "criterion name is required"},
		{"criterion name too long", func(v *rubrics.Version) { crit(v, 0, 0).Name = strings.Repeat("ա", 121) }, "sections[0].criteria[0].name", "120 or fewer"},
		{"guidance too long", func(v *rubrics.Version) { crit(v, 0, 0).Guidance = strings.Repeat("é", 4001) }, "sections[0].criteria[0].guidance", "4000 or fewer"},
		{"guidance control character", func(v *rubrics.Version) { crit(v, 0, 0).Guidance = "a\x00b" }, "sections[0].criteria[0].guidance", "control character"},
		{"good example invalid UTF-8", func(v *rubrics.Version) { crit(v, 0, 0).GoodExample = "\xc3" }, "sections[0].criteria[0].good_example", "UTF-8"},
		{"poor example too long", func(v *rubrics.Version) { crit(v, 0, 0).PoorExample = strings.Repeat("x", 1001) }, "sections[0].criteria[0].poor_example", "1000"},
		{"anchor for a missing level", func(v *rubrics.Version) { crit(v, 0, 0).Anchors[7] = "?" }, "sections[0].criteria[0].anchors.7", "no level 7"},
		{"anchor 0 on a 5-point scale", func(v *rubrics.Version) { crit(v, 0, 0).Anchors[0] = "?" }, "sections[0].criteria[0].anchors.0", "use one of 1, 2, 3, 4, 5"},
		{"anchor empty", func(v *rubrics.Version) { crit(v, 0, 0).Anchors[2] = " " }, "sections[0].criteria[0].anchors.2", "is empty"},
		{"anchor on custom outcome out of range", func(v *rubrics.Version) { crit(v, 1, 0).Anchors = map[int]string{3: "x"} }, "sections[1].criteria[0].anchors.3", "no level 3"},
		{"weight negative", func(v *rubrics.Version) { crit(v, 0, 0).Weight = -1 }, "sections[0].criteria[0].weight", "0 to 100"},
		{"weight too big", func(v *rubrics.Version) { crit(v, 0, 1).Weight = 101 }, "sections[0].criteria[1].weight", "0 to 100"},
		{"no weights at all", func(v *rubrics.Version) {
			for s := range v.Sections {
				for c := range v.Sections[s].Criteria {
					crit(v, s, c).Weight = 0
				}
			}
		}, "sections", "every criterion weighs 0, so no score could be computed"},
		{"only bonus criteria weigh", func(v *rubrics.Version) {
			for s := range v.Sections {
				v.Sections[s].Bonus = true
			}
		}, "sections", "every criterion weighs 0"},
		{"scale kind missing", func(v *rubrics.Version) { crit(v, 0, 1).Scale.Kind = "" }, "sections[0].criteria[1].scale.kind", "choose a scale"},
		{"scale kind unknown", func(v *rubrics.Version) { crit(v, 0, 1).Scale.Kind = "10-point" }, "sections[0].criteria[1].scale.kind", "unknown scale"},
		{"point scale with outcomes", func(v *rubrics.Version) {
			crit(v, 0, 1).Scale.Outcomes = []rubrics.Outcome{{Label: "x", Score: 1, Pass: true}}
		}, "sections[0].criteria[1].scale.outcomes", "only a custom scale"},
		{"custom with one outcome", func(v *rubrics.Version) {
			crit(v, 1, 0).Scale.Outcomes = crit(v, 1, 0).Scale.Outcomes[:1]
		}, "sections[1].criteria[0].scale.outcomes", "has 1 outcomes; give it 2 to 11"},
		{"custom with twelve outcomes", func(v *rubrics.Version) {
			var os []rubrics.Outcome
			for i := range 12 {
				os = append(os, rubrics.Outcome{Label: string(rune('a' + i)), Score: 1 - float64(i)/12, Pass: i == 0})
			}
			crit(v, 1, 0).Scale.Outcomes = os
		}, "sections[1].criteria[0].scale.outcomes", "has 12 outcomes"},
		{"outcome label missing", func(v *rubrics.Version) { crit(v, 1, 0).Scale.Outcomes[1].Label = "" }, "sections[1].criteria[0].scale.outcomes[1].label", "label is required"},
		{"outcome label duplicate", func(v *rubrics.Version) { crit(v, 1, 0).Scale.Outcomes[2].Label = "partly " }, "sections[1].criteria[0].scale.outcomes[2].label", "also the label of outcome 2"},
		{"outcome score above 1", func(v *rubrics.Version) { crit(v, 1, 0).Scale.Outcomes[0].Score = 1.5 }, "sections[1].criteria[0].scale.outcomes[0].score", "from 0 (worst) to 1 (best)"},
		{"outcome score negative", func(v *rubrics.Version) { crit(v, 1, 0).Scale.Outcomes[2].Score = -0.1 }, "sections[1].criteria[0].scale.outcomes[2].score", "from 0 (worst) to 1 (best)"},
		{"outcome score NaN", func(v *rubrics.Version) { crit(v, 1, 0).Scale.Outcomes[2].Score = math.NaN() }, "sections[1].criteria[0].scale.outcomes[2].score", "from 0"},
		{"outcome scores not descending", func(v *rubrics.Version) { crit(v, 1, 0).Scale.Outcomes[2].Score = 0.5 }, "sections[1].criteria[0].scale.outcomes[2].score", "strictly falling"},
		{"no pass outcome", func(v *rubrics.Version) { crit(v, 1, 0).Scale.Outcomes[0].Pass = false }, "sections[1].criteria[0].scale.outcomes", "no outcome passes"},
		{"pass below a fail", func(v *rubrics.Version) { crit(v, 1, 0).Scale.Outcomes[2].Pass = true }, "sections[1].criteria[0].scale.outcomes[2].pass", "passing outcomes must come before"},
		{"critical and bonus", func(v *rubrics.Version) { crit(v, 0, 1).Critical, crit(v, 0, 1).Bonus = true, true }, "sections[0].criteria[1].critical", "both critical and bonus"},
		{"critical in bonus section", func(v *rubrics.Version) {
			v.Sections = append(v.Sections, rubrics.Section{Key: "extra", Name: "Extra", Bonus: true, Criteria: []rubrics.Criterion{
				{Key: "wow", Name: "Wow", Scale: rubrics.Scale{Kind: rubrics.ScaleBinary}, Weight: 5, Critical: true},
			}})
		}, "sections[2].criteria[0].critical", "bonus section"},
		{"score cap zero", func(v *rubrics.Version) { v.ScoreCap = 0 }, "score_cap", "between 100 and 200"},
		{"score cap too high", func(v *rubrics.Version) { v.ScoreCap = 201 }, "score_cap", "between 100 and 200"},
		{"score cap above 100 without bonus", func(v *rubrics.Version) { v.ScoreCap = 110 }, "score_cap", "has none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := validVersion()
			tt.mutate(&v)
			err := v.Validate()
			require.Error(t, err)
			assert.ErrorIs(t, err, rubrics.ErrInvalid)
			var probs rubrics.Problems
			require.True(t, errors.As(err, &probs))
			msgs := probs.At(tt.path)
			require.NotEmpty(t, msgs, "want a problem at %s, got %v", tt.path, probs)
			assert.Contains(t, strings.Join(msgs, " | "), tt.want)
			assert.Len(t, probs, 1, "exactly one problem for one broken rule: %v", probs)
		})
	}
}

func TestValidateNil(t *testing.T) {
	var v *rubrics.Version
	assert.ErrorIs(t, v.Validate(), rubrics.ErrInvalid)
}

func TestValidateReportsEveryProblem(t *testing.T) {
	v := validVersion()
	v.ScoreCap = 0
	v.Sections[0].Name = ""
	v.Sections[1].Criteria[0].Weight = 500
	err := v.Validate()
	var probs rubrics.Problems
	require.ErrorAs(t, err, &probs)
	var paths []string
	for _, p := range probs {
		paths = append(paths, p.Path)
		assert.NotEmpty(t, p.Message)
	}
	assert.Equal(t, []string{"score_cap", "sections[0].name", "sections[1].criteria[0].weight"}, paths)
	assert.Contains(t, err.Error(), "sections[0].name: section name is required")
}

func TestRubricValidate(t *testing.T) {
	assert.NoError(t, rubrics.Rubric{Name: "Ծառայության որակ"}.Validate())
	tests := []struct {
		r    rubrics.Rubric
		path string
	}{
		{rubrics.Rubric{}, "name"},
		{rubrics.Rubric{Name: strings.Repeat("a", 121)}, "name"},
		{rubrics.Rubric{Name: "ok", Description: strings.Repeat("a", 4001)}, "description"},
		{rubrics.Rubric{Name: "ok", Description: "\xff"}, "description"},
	}
	for _, tt := range tests {
		var probs rubrics.Problems
		require.ErrorAs(t, tt.r.Validate(), &probs)
		assert.NotEmpty(t, probs.At(tt.path), "%+v", tt.r)
	}
}

func TestProblemsErrorWithoutPath(t *testing.T) {
	p := rubrics.Problems{{Message: "the file is empty"}, {Path: "name", Message: "is required"}}
	assert.Equal(t, "the file is empty; name: is required", p.Error())
}
