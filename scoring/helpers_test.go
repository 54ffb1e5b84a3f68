package scoring_test

import (
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// Builders for rubric versions and ratings, so that each golden row reads
// as the rubric it scores.

func crit(key string, kind rubrics.ScaleKind, weight int, opts ...func(*rubrics.Criterion)) rubrics.Criterion {
	c := rubrics.Criterion{Key: key, Name: key, Scale: rubrics.Scale{Kind: kind}, Weight: weight}
	for _, o := range opts {
		o(&c)
	}
	return c
}

func custom(key string, weight int, outcomes []rubrics.Outcome, opts ...func(*rubrics.Criterion)) rubrics.Criterion {
	c := crit(key, rubrics.ScaleCustom, weight, opts...)
	c.Scale.Outcomes = outcomes
	return c
}

func critical(c *rubrics.Criterion) { c.Critical = true }
func bonus(c *rubrics.Criterion)    { c.Bonus = true }
func allowNA(c *rubrics.Criterion)  { c.AllowNA = true }

func sec(key string, cs ...rubrics.Criterion) rubrics.Section {
	return rubrics.Section{Key: key, Name: key, Criteria: cs}
}

func failSec(key string, cs ...rubrics.Criterion) rubrics.Section {
	s := sec(key, cs...)
	s.FailSection = true
	return s
}

func bonusSec(key string, cs ...rubrics.Criterion) rubrics.Section {
	s := sec(key, cs...)
	s.Bonus = true
	return s
}

func ver(scoreCap int, ss ...rubrics.Section) rubrics.Version {
	return rubrics.Version{ID: 1, RubricID: 1, Number: 1, Status: rubrics.StatusPublished, ScoreCap: scoreCap, Sections: ss}
}

func rate(key string, level int) scoring.Rating {
	return scoring.Rating{CriterionKey: key, Level: &level}
}

func na(key string) scoring.Rating { return scoring.Rating{CriterionKey: key, NA: true} }

func f(x float64) *float64 { return &x }

// resolution is a custom scale: a "Partly" outcome that scores well but is
// marked as a fail, and a "Borderline" one just under the pass mark but
// marked as a pass, to show both rules apply.
var resolution = []rubrics.Outcome{
	{Label: "Resolved", Score: 1, Pass: true},
	{Label: "Partly", Score: 0.6, Pass: false},
	{Label: "Borderline", Score: 0.49, Pass: true},
	{Label: "Half", Score: 0.5, Pass: true},
	{Label: "Not resolved", Score: 0, Pass: false},
}
