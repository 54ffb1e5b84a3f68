package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

type assignmentRow struct {
	ID        int64     `gorm:"column:id;primaryKey"`
	Name      string    `gorm:"column:name"`
	RubricID  int64     `gorm:"column:rubric_id"`
	Quota     int       `gorm:"column:quota"`
	Period    string    `gorm:"column:period"`
	Sampling  string    `gorm:"column:sampling"`
	Active    bool      `gorm:"column:active"`
	CreatedBy *int64    `gorm:"column:created_by"`
	CreatedAt time.Time `gorm:"column:created_at"`
	UpdatedAt time.Time `gorm:"column:updated_at"`
}

func (assignmentRow) TableName() string { return "assignments" }

func toAssignmentRow(a scoring.Assignment) assignmentRow {
	return assignmentRow{
		ID: a.ID, Name: a.Name, RubricID: a.RubricID, Quota: a.Quota, Period: string(a.Period),
		Sampling: string(a.Sampling), Active: a.Active, CreatedBy: nullID(a.CreatedBy),
		CreatedAt: utcMicro(a.CreatedAt), UpdatedAt: utcMicro(a.UpdatedAt),
	}
}

func fromAssignmentRow(r assignmentRow) scoring.Assignment {
	return scoring.Assignment{
		ID: r.ID, Name: r.Name, RubricID: r.RubricID, Quota: r.Quota, Period: scoring.Period(r.Period),
		Sampling: scoring.Sampling(r.Sampling), Active: r.Active, CreatedBy: derefID(r.CreatedBy),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		ReviewerIDs: []int64{}, AgentIDs: []int64{}, TeamIDs: []int64{},
	}
}

type assignmentReviewerRow struct {
	AssignmentID int64 `gorm:"column:assignment_id;primaryKey"`
	UserID       int64 `gorm:"column:user_id;primaryKey"`
}

func (assignmentReviewerRow) TableName() string { return "assignment_reviewers" }

type assignmentAgentRow struct {
	AssignmentID int64 `gorm:"column:assignment_id;primaryKey"`
	UserID       int64 `gorm:"column:user_id;primaryKey"`
}

func (assignmentAgentRow) TableName() string { return "assignment_agents" }

type assignmentTeamRow struct {
	AssignmentID int64 `gorm:"column:assignment_id;primaryKey"`
	TeamID       int64 `gorm:"column:team_id;primaryKey"`
}

func (assignmentTeamRow) TableName() string { return "assignment_teams" }

// uniqueIDs returns ids sorted without duplicates or zeros, so stored
// join rows and audit events do not depend on the form's order.
func uniqueIDs(ids []int64) []int64 {
	out := slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return id <= 0 })
	slices.Sort(out)
	return slices.Compact(out)
}

// assignmentAudit is what the audit log records about an assignment.
type assignmentAudit struct {
	Name      string  `json:"name"`
	RubricID  int64   `json:"rubric_id"`
	Reviewers []int64 `json:"reviewers"`
	Agents    []int64 `json:"agents"`
	Teams     []int64 `json:"teams"`
	Quota     int     `json:"quota"`
	Period    string  `json:"period"`
	Sampling  string  `json:"sampling"`
	Active    bool    `json:"active"`
}

// CreateAssignment validates a (scoring.Assignment.Validate), checks the
// references — reviewers are active supervisors or admins, agents are
// active agents, the rubric and teams exist; otherwise rubrics.Problems at
// the same field names — and stores it as active with an audit event,
// filling in a's ID, times and creator. Duplicate ids are dropped.
func (d *DB) CreateAssignment(ctx context.Context, a *scoring.Assignment, by scoring.Actor) error {
	in := *a
	in.Name = strings.TrimSpace(in.Name)
	in.ReviewerIDs, in.AgentIDs, in.TeamIDs = uniqueIDs(in.ReviewerIDs), uniqueIDs(in.AgentIDs), uniqueIDs(in.TeamIDs)
	if err := in.Validate(); err != nil {
		return fmt.Errorf("store: create assignment: %w", err)
	}
	now := utcMicro(time.Now())
	in.Active, in.CreatedBy, in.CreatedAt, in.UpdatedAt = true, by.UserID, now, now
	row := toAssignmentRow(in)
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := checkAssignmentRefs(tx, in); err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return translate(err)
		}
		reviewers := make([]assignmentReviewerRow, len(in.ReviewerIDs))
		for i, id := range in.ReviewerIDs {
			reviewers[i] = assignmentReviewerRow{AssignmentID: row.ID, UserID: id}
		}
		if err := tx.Create(&reviewers).Error; err != nil {
			return translate(err)
		}
		if len(in.AgentIDs) > 0 {
			agents := make([]assignmentAgentRow, len(in.AgentIDs))
			for i, id := range in.AgentIDs {
				agents[i] = assignmentAgentRow{AssignmentID: row.ID, UserID: id}
			}
			if err := tx.Create(&agents).Error; err != nil {
				return translate(err)
			}
		}
		if len(in.TeamIDs) > 0 {
			teams := make([]assignmentTeamRow, len(in.TeamIDs))
			for i, id := range in.TeamIDs {
				teams[i] = assignmentTeamRow{AssignmentID: row.ID, TeamID: id}
			}
			if err := tx.Create(&teams).Error; err != nil {
				return translate(err)
			}
		}
		return d.appendAudit(tx, by, "assignment.create", "assignment", row.ID, nil, assignmentAudit{
			Name: in.Name, RubricID: in.RubricID, Reviewers: in.ReviewerIDs, Agents: in.AgentIDs, Teams: in.TeamIDs,
			Quota: in.Quota, Period: string(in.Period), Sampling: string(in.Sampling), Active: in.Active,
		})
	})
	if err != nil {
		return fmt.Errorf("store: create assignment %q: %w", in.Name, err)
	}
	in.ID = row.ID
	*a = in
	return nil
}

// checkAssignmentRefs checks the people, rubric and teams an assignment
// names, in three queries, inside tx so they cannot change before the
// insert.
func checkAssignmentRefs(tx *gorm.DB, a scoring.Assignment) error {
	var p rubrics.Problems
	add := func(path, msg string) { p = append(p, rubrics.Problem{Path: path, Message: msg}) }
	var users []userRow
	if err := tx.Where("id IN ?", append(slices.Clone(a.ReviewerIDs), a.AgentIDs...)).Find(&users).Error; err != nil {
		return translate(err)
	}
	byID := make(map[int64]userRow, len(users))
	for _, u := range users {
		byID[u.ID] = u
	}
	for _, id := range a.ReviewerIDs {
		u, ok := byID[id]
		switch {
		case !ok:
			add("reviewers", fmt.Sprintf("user %d does not exist", id))
		case u.Disabled:
			add("reviewers", fmt.Sprintf("%s is disabled", u.Name))
		case u.Role != string(coaching.RoleSupervisor) && u.Role != string(coaching.RoleAdmin):
			add("reviewers", fmt.Sprintf("%s is not a supervisor or admin", u.Name))
		}
	}
	for _, id := range a.AgentIDs {
		u, ok := byID[id]
		switch {
		case !ok:
			add("agents", fmt.Sprintf("user %d does not exist", id))
		case u.Disabled:
			add("agents", fmt.Sprintf("%s is disabled", u.Name))
		case u.Role != string(coaching.RoleAgent):
			add("agents", fmt.Sprintf("%s is not an agent", u.Name))
		}
	}
	var n int64
	if err := tx.Model(&rubricRow{}).Where("id = ?", a.RubricID).Count(&n).Error; err != nil {
		return translate(err)
	}
	if n == 0 {
		add("rubric", fmt.Sprintf("rubric %d does not exist", a.RubricID))
	}
	if len(a.TeamIDs) > 0 {
		var teams []int64
		if err := tx.Model(&teamRow{}).Where("id IN ?", a.TeamIDs).Pluck("id", &teams).Error; err != nil {
			return translate(err)
		}
		for _, id := range a.TeamIDs {
			if !slices.Contains(teams, id) {
				add("teams", fmt.Sprintf("team %d does not exist", id))
			}
		}
	}
	if len(p) > 0 {
		return p
	}
	return nil
}

// ListAssignments returns the active assignments, those reviewerID is a
// reviewer on unless it is 0, by id, with their reviewers, agents and
// teams, in two queries.
func (d *DB) ListAssignments(ctx context.Context, reviewerID int64) ([]scoring.Assignment, error) {
	db := d.r.WithContext(ctx)
	var rows []assignmentRow
	q := db.Where("active = ?", true)
	if reviewerID != 0 {
		q = q.Where("id IN (SELECT assignment_id FROM assignment_reviewers WHERE user_id = ?)", reviewerID)
	}
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list assignments: %w", translate(err))
	}
	out := make([]scoring.Assignment, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	idx := make(map[int64]int, len(rows))
	ids := make([]int64, len(rows))
	for i, r := range rows {
		out[i] = fromAssignmentRow(r)
		idx[r.ID] = i
		ids[i] = r.ID
	}
	var members []struct {
		AssignmentID int64  `gorm:"column:assignment_id"`
		Kind         string `gorm:"column:kind"`
		ID           int64  `gorm:"column:id"`
	}
	err := db.Raw(`SELECT assignment_id, 'r' AS kind, user_id AS id FROM assignment_reviewers WHERE assignment_id IN ?
		UNION ALL SELECT assignment_id, 'a', user_id FROM assignment_agents WHERE assignment_id IN ?
		UNION ALL SELECT assignment_id, 't', team_id FROM assignment_teams WHERE assignment_id IN ?
		ORDER BY 1, 2, 3`, ids, ids, ids).Scan(&members).Error
	if err != nil {
		return nil, fmt.Errorf("store: list assignments: %w", translate(err))
	}
	for _, m := range members {
		a := &out[idx[m.AssignmentID]]
		switch m.Kind {
		case "r":
			a.ReviewerIDs = append(a.ReviewerIDs, m.ID)
		case "a":
			a.AgentIDs = append(a.AgentIDs, m.ID)
		case "t":
			a.TeamIDs = append(a.TeamIDs, m.ID)
		}
	}
	return out, nil
}
