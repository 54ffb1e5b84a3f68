package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// civilDate is a DATE column value: a calendar day with no time zone. It
// is written as YYYY-MM-DD text, which PostgreSQL's DATE accepts and
// SQLite's CHECK requires; a time.Time would be written as an instant on
// SQLite. It reads back as 00:00 UTC of that day whatever the driver
// returns: pgx gives a time.Time at 00:00 UTC, modernc a time.Time parsed
// from the text (in the connection's location, if one is set) or the
// text itself where it cannot tell the column is a date.
type civilDate struct{ time.Time }

// Value writes the day as YYYY-MM-DD.
func (c civilDate) Value() (driver.Value, error) {
	return c.Format(time.DateOnly), nil
}

// Scan reads a DATE column in any of the forms the two drivers return.
func (c *civilDate) Scan(v any) error {
	switch v := v.(type) {
	case time.Time:
		// The day in the value's own location: a date parsed in a local
		// zone is that local day, and UTC would shift it.
		c.Time = coaching.Date(v)
		return nil
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	}
	return fmt.Errorf("store: scan date: unsupported type %T", v)
}

func (c *civilDate) parse(s string) error {
	if len(s) < len(time.DateOnly) {
		return fmt.Errorf("store: scan date %q: too short", s)
	}
	t, err := time.Parse(time.DateOnly, s[:len(time.DateOnly)])
	if err != nil {
		return fmt.Errorf("store: scan date: %w", err)
	}
	c.Time = t
	return nil
}

// moduleAssignmentRow is a module_assignments row.
type moduleAssignmentRow struct {
	ID          int64      `gorm:"column:id;primaryKey"`
	ModuleID    int64      `gorm:"column:module_id"`
	AgentID     int64      `gorm:"column:agent_id"`
	AssignedBy  int64      `gorm:"column:assigned_by"`
	AssignedAt  time.Time  `gorm:"column:assigned_at"`
	DueOn       civilDate  `gorm:"column:due_on"`
	CompletedAt *time.Time `gorm:"column:completed_at"`
}

func (moduleAssignmentRow) TableName() string { return "module_assignments" }

// moduleAssignmentNamedRow is an assignment joined with its module's title
// and its agent's name (flat, like moduleNamedRow).
type moduleAssignmentNamedRow struct {
	ID          int64      `gorm:"column:id"`
	ModuleID    int64      `gorm:"column:module_id"`
	AgentID     int64      `gorm:"column:agent_id"`
	AssignedBy  int64      `gorm:"column:assigned_by"`
	AssignedAt  time.Time  `gorm:"column:assigned_at"`
	DueOn       civilDate  `gorm:"column:due_on"`
	CompletedAt *time.Time `gorm:"column:completed_at"`
	ModuleTitle string     `gorm:"column:module_title"`
	AgentName   string     `gorm:"column:agent_name"`
}

func fromModuleAssignmentRow(r moduleAssignmentNamedRow) coaching.ModuleAssignment {
	return coaching.ModuleAssignment{
		ID: r.ID, ModuleID: r.ModuleID, ModuleTitle: r.ModuleTitle, AgentID: r.AgentID, AgentName: r.AgentName,
		AssignedBy: r.AssignedBy, AssignedAt: r.AssignedAt.UTC(), Due: r.DueOn.Time, CompletedAt: utcPtr(r.CompletedAt),
	}
}

// moduleAssignmentSelect reads assignments with module title and agent
// name; callers append WHERE and ORDER BY.
const moduleAssignmentSelect = `SELECT a.id, a.module_id, a.agent_id, a.assigned_by, a.assigned_at, a.due_on, a.completed_at,
	m.title AS module_title, u.name AS agent_name FROM module_assignments a
	JOIN coaching_modules m ON m.id = a.module_id JOIN users u ON u.id = a.agent_id`

// moduleAssignmentAudit is what the audit log records about an assignment.
type moduleAssignmentAudit struct {
	ModuleID    int64      `json:"module_id"`
	AgentID     int64      `json:"agent_id"`
	Due         string     `json:"due,omitempty"`
	CompletedAt *time.Time `json:"completed_at"`
}

// AssignModule assigns module moduleID to each agent in agentIDs, due on
// the calendar day of due (in due's own location; see coaching.Date). It
// is all or nothing: every id must be an existing user with the agent
// role, else ErrInvalid and nothing is written. Repeated ids count once;
// agents who already have the module are skipped, not an error. It
// returns the agent ids newly assigned, in the order given, and writes
// one audit event per new assignment. An unknown module is ErrNotFound.
func (d *DB) AssignModule(ctx context.Context, moduleID int64, agentIDs []int64, due time.Time, by scoring.Actor) ([]int64, error) {
	if due.IsZero() {
		return nil, fmt.Errorf("store: assign module %d: %w", moduleID, coaching.Problems{{Field: "due", Message: "choose a due date"}})
	}
	day := coaching.Date(due)
	ids := make([]int64, 0, len(agentIDs))
	seen := make(map[int64]bool, len(agentIDs))
	for _, id := range agentIDs {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	now := utcMicro(time.Now())
	added := []int64{}
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Locking the module serialises concurrent assignments of it on
		// PostgreSQL, so the "already assigned" read below stays true
		// until the insert and a race never surfaces as a unique-key
		// conflict. SQLite's write transaction already excludes others.
		var found []int64
		if err := tx.Raw("SELECT id FROM coaching_modules WHERE id = ?"+d.forUpdate(), moduleID).Scan(&found).Error; err != nil {
			return translate(err)
		}
		if len(found) == 0 {
			return fmt.Errorf("module %d: %w", moduleID, rubrics.ErrNotFound)
		}
		if len(ids) == 0 {
			return nil
		}
		var users []userRow
		if err := tx.Where("id IN ?", ids).Find(&users).Error; err != nil {
			return translate(err)
		}
		roles := make(map[int64]userRow, len(users))
		for _, u := range users {
			roles[u.ID] = u
		}
		for _, id := range ids {
			u, ok := roles[id]
			switch {
			case !ok:
				return fmt.Errorf("user %d does not exist: %w", id, rubrics.ErrInvalid)
			case coaching.Role(u.Role) != coaching.RoleAgent:
				return fmt.Errorf("%s (user %d) has role %s; modules are assigned to agents: %w", u.Name, u.ID, u.Role, rubrics.ErrInvalid)
			}
		}
		var have []int64
		if err := tx.Raw("SELECT agent_id FROM module_assignments WHERE module_id = ? AND agent_id IN ?", moduleID, ids).Scan(&have).Error; err != nil {
			return translate(err)
		}
		skip := make(map[int64]bool, len(have))
		for _, id := range have {
			skip[id] = true
		}
		var rows []moduleAssignmentRow
		for _, id := range ids {
			if !skip[id] {
				rows = append(rows, moduleAssignmentRow{
					ModuleID: moduleID, AgentID: id, AssignedBy: by.UserID, AssignedAt: now, DueOn: civilDate{day},
				})
			}
		}
		if len(rows) == 0 {
			return nil
		}
		if err := tx.CreateInBatches(rows, 500).Error; err != nil {
			return translate(err)
		}
		events := make([]auditEntry, len(rows))
		for i, r := range rows {
			added = append(added, r.AgentID)
			events[i] = auditEntry{Action: "module.assign", Entity: "module_assignment", EntityID: r.ID,
				After: moduleAssignmentAudit{ModuleID: moduleID, AgentID: r.AgentID, Due: day.Format(time.DateOnly)}}
		}
		return d.appendAudits(tx, by, events)
	})
	if err != nil {
		return nil, fmt.Errorf("store: assign module %d: %w", moduleID, err)
	}
	return added, nil
}

// ListModuleAssignments returns the assignments f selects with module
// titles and agent names: soonest due first, then by agent name in the
// store's name collation, then by id, so the order is total and stable.
func (d *DB) ListModuleAssignments(ctx context.Context, f coaching.AssignmentFilter) ([]coaching.ModuleAssignment, error) {
	q, args := moduleAssignmentSelect+" WHERE 1 = 1", []any{}
	if f.ModuleID != 0 {
		q += " AND a.module_id = ?"
		args = append(args, f.ModuleID)
	}
	if f.AgentID != 0 {
		q += " AND a.agent_id = ?"
		args = append(args, f.AgentID)
	}
	q += " ORDER BY a.due_on, " + d.byName("u.name") + ", a.id"
	var rows []moduleAssignmentNamedRow
	if err := d.r.WithContext(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list module assignments: %w", translate(err))
	}
	out := make([]coaching.ModuleAssignment, len(rows))
	for i, r := range rows {
		out[i] = fromModuleAssignmentRow(r)
	}
	return out, nil
}

// CompleteModuleAssignment marks assignment id done at at (stored UTC, to
// the microsecond) by agentID, who must be its agent: for anyone else, as
// for an unknown id, it is ErrNotFound, so the answer never tells whether
// someone else's assignment exists. Completing it again returns it
// unchanged, keeping the first time and writing no audit event; the
// first completion writes "module.complete".
func (d *DB) CompleteModuleAssignment(ctx context.Context, id, agentID int64, at time.Time, by scoring.Actor) (coaching.ModuleAssignment, error) {
	if at.IsZero() {
		return coaching.ModuleAssignment{}, fmt.Errorf("store: complete module assignment %d: no completion time: %w", id, rubrics.ErrInvalid)
	}
	at = utcMicro(at)
	var out coaching.ModuleAssignment
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		load := func() error {
			var rows []moduleAssignmentNamedRow
			if err := tx.Raw(moduleAssignmentSelect+" WHERE a.id = ? AND a.agent_id = ?", id, agentID).Scan(&rows).Error; err != nil {
				return translate(err)
			}
			if len(rows) == 0 {
				return fmt.Errorf("module assignment %d of agent %d: %w", id, agentID, rubrics.ErrNotFound)
			}
			out = fromModuleAssignmentRow(rows[0])
			return nil
		}
		if err := load(); err != nil {
			return err
		}
		if out.CompletedAt != nil {
			return nil
		}
		// The IS NULL guard keeps the first completion if another one
		// committed since the read (PostgreSQL, read committed).
		res := tx.Exec("UPDATE module_assignments SET completed_at = ? WHERE id = ? AND completed_at IS NULL", at, id)
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return load()
		}
		out.CompletedAt = &at
		return d.appendAudit(tx, by, "module.complete", "module_assignment", id,
			moduleAssignmentAudit{ModuleID: out.ModuleID, AgentID: out.AgentID},
			moduleAssignmentAudit{ModuleID: out.ModuleID, AgentID: out.AgentID, CompletedAt: &at})
	})
	if err != nil {
		return coaching.ModuleAssignment{}, fmt.Errorf("store: complete module assignment %d: %w", id, err)
	}
	return out, nil
}
