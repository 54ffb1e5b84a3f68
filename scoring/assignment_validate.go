package scoring

import (
	"strings"
	"unicode/utf8"

	"github.com/qascore/qascore/rubrics"
)

// MaxQuota is the most reviews per agent per period an assignment may ask
// for; more is not a sample any more.
const MaxQuota = 100

// maxAssignmentName bounds an assignment's name in characters.
const maxAssignmentName = 200

// Valid reports whether p is a known period.
func (p Period) Valid() bool { return p == PeriodWeek || p == PeriodMonth }

// Valid reports whether s is a known sampling strategy.
func (s Sampling) Valid() bool {
	switch s {
	case SampleRandom, SampleLowestCSAT, SampleLongest, SampleMostCustomer:
		return true
	}
	return false
}

// Validate checks the assignment as a supervisor entered it and returns
// rubrics.Problems at the form's field names (name, rubric, reviewers,
// agents, quota, period, sampling), or nil. Whether the people named have
// the right roles is the store's check: it needs the users.
func (a *Assignment) Validate() error {
	if a == nil {
		return rubrics.Problems{{Message: "no assignment"}}
	}
	var p rubrics.Problems
	add := func(path, msg string) { p = append(p, rubrics.Problem{Path: path, Message: msg}) }
	switch name := strings.TrimSpace(a.Name); {
	case name == "":
		add("name", "Give the assignment a name")
	case utf8.RuneCountInString(name) > maxAssignmentName:
		add("name", "Keep the name under 200 characters")
	}
	if a.RubricID <= 0 {
		add("rubric", "Choose a rubric")
	}
	if len(a.ReviewerIDs) == 0 {
		add("reviewers", "Choose at least one reviewer")
	}
	if len(a.AgentIDs) == 0 && len(a.TeamIDs) == 0 {
		add("agents", "Choose at least one agent or team")
	}
	if a.Quota < 1 || a.Quota > MaxQuota {
		add("quota", "Reviews per agent must be between 1 and 100")
	}
	if !a.Period.Valid() {
		add("period", "Choose weekly or monthly")
	}
	if !a.Sampling.Valid() {
		add("sampling", "Choose how conversations are picked")
	}
	if len(p) > 0 {
		return p
	}
	return nil
}
