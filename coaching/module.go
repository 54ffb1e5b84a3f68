package coaching

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qascore/qascore/rubrics"
)

// Limits on a module's text, generous for a lesson but small enough that
// one module can never fill a page with megabytes.
const (
	MaxModuleTitle    = 200    // runes
	MaxModuleBody     = 20_000 // runes
	MaxModuleCriteria = 10
)

// Module is a trainer-authored lesson: a title, a markdown body and the
// criteria (by rubric key, so a module outlives rubric versions) it
// teaches. Modules are assigned to agents; see ModuleAssignment.
type Module struct {
	ID    int64
	Title string
	// Body is markdown; views render a safe subset of it.
	Body string
	// CriterionKeys are the rubric criterion keys the module teaches,
	// sorted and distinct. Its effect is measured on these criteria.
	CriterionKeys []string
	AuthorID      int64
	AuthorName    string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Version counts saves, starting at 1; a save names the version it
	// edited and a mismatch is ErrConflict (two trainers editing at once).
	Version int64
}

// Normalize trims the title, sorts the criterion keys and drops duplicates
// and blanks, so that equal modules compare equal.
func (m *Module) Normalize() {
	m.Title = strings.TrimSpace(m.Title)
	keys := m.CriterionKeys[:0:0]
	for _, k := range m.CriterionKeys {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	m.CriterionKeys = slices.Compact(keys)
}

// Validate checks a module about to be saved (call Normalize first). It
// returns Problems (wrapping ErrInvalid) or nil.
func (m *Module) Validate() error {
	var p Problems
	switch {
	case !utf8.ValidString(m.Title):
		p = append(p, FieldError{"title", "the title is not valid text"})
	case m.Title == "":
		p = append(p, FieldError{"title", "give the module a title"})
	case utf8.RuneCountInString(m.Title) > MaxModuleTitle:
		p = append(p, FieldError{"title", "the title is too long (at most 200 characters)"})
	}
	switch {
	case !utf8.ValidString(m.Body):
		p = append(p, FieldError{"body", "the lesson is not valid text"})
	case strings.TrimSpace(m.Body) == "":
		p = append(p, FieldError{"body", "write the lesson: what good looks like, with an example"})
	case utf8.RuneCountInString(m.Body) > MaxModuleBody:
		p = append(p, FieldError{"body", "the lesson is too long (at most 20,000 characters); split it into two modules"})
	}
	switch {
	case len(m.CriterionKeys) > MaxModuleCriteria:
		p = append(p, FieldError{"criteria", "link at most 10 criteria; a module that teaches everything measures nothing"})
	default:
		for _, k := range m.CriterionKeys {
			if !rubrics.ValidKey(k) {
				p = append(p, FieldError{"criteria", "choose criteria from the list"})
				break
			}
		}
	}
	if len(p) > 0 {
		return p
	}
	return nil
}

// ModuleAssignment is one module assigned to one agent, with a due date.
// An agent is assigned a module at most once; they mark it done when they
// have worked through it.
type ModuleAssignment struct {
	ID          int64
	ModuleID    int64
	ModuleTitle string
	AgentID     int64
	AgentName   string
	AssignedBy  int64
	AssignedAt  time.Time
	// Due is the civil date it is due (year, month, day at 00:00 UTC): a
	// due date is a day on a calendar, not an instant, so it is compared
	// with today's date in the viewer's time zone.
	Due         time.Time
	CompletedAt *time.Time
}

// AssignmentStatus is where an assignment stands on a given day.
type AssignmentStatus string

// The statuses of a module assignment.
const (
	StatusOpen    AssignmentStatus = "open"
	StatusOverdue AssignmentStatus = "overdue"
	StatusDone    AssignmentStatus = "done"
)

// Label is the status as the interface shows it.
func (s AssignmentStatus) Label() string {
	switch s {
	case StatusOverdue:
		return "Overdue"
	case StatusDone:
		return "Done"
	default:
		return "To do"
	}
}

// Status reports whether a is done, overdue (not done and its due date is
// before today in loc) or open. Due on today is still open.
func (a ModuleAssignment) Status(now time.Time, loc *time.Location) AssignmentStatus {
	if a.CompletedAt != nil {
		return StatusDone
	}
	if loc == nil {
		loc = time.UTC
	}
	if Date(now.In(loc)).After(a.Due) {
		return StatusOverdue
	}
	return StatusOpen
}

// Date returns t's calendar date (in t's own location) as 00:00 UTC, the
// form ModuleAssignment.Due takes.
func Date(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDue parses a due date typed as YYYY-MM-DD (the value of an
// <input type=date>). It must be today or later in loc and at most two
// years ahead; the error says what to type.
func ParseDue(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, Problems{{"due", "enter the due date as a date, such as 2026-12-31"}}
	}
	today := Date(now.In(loc))
	switch {
	case d.Before(today):
		return time.Time{}, Problems{{"due", "the due date has passed; choose today or a later day"}}
	case d.After(today.AddDate(2, 0, 0)):
		return time.Time{}, Problems{{"due", "choose a due date within two years"}}
	}
	return d, nil
}

// AssignmentFilter selects module assignments. Zero values mean "any".
type AssignmentFilter struct {
	ModuleID int64
	AgentID  int64
}
