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

type teamRow struct {
	ID        int64     `gorm:"column:id;primaryKey"`
	Name      string    `gorm:"column:name"`
	CreatedAt time.Time `gorm:"column:created_at"`
}

func (teamRow) TableName() string { return "teams" }

func toTeamRow(t coaching.Team) teamRow {
	return teamRow{ID: t.ID, Name: t.Name, CreatedAt: utcMicro(t.CreatedAt)}
}

func fromTeamRow(r teamRow) coaching.Team {
	return coaching.Team{ID: r.ID, Name: r.Name, CreatedAt: r.CreatedAt.UTC()}
}

type membershipRow struct {
	TeamID int64  `gorm:"column:team_id;primaryKey"`
	UserID int64  `gorm:"column:user_id;primaryKey"`
	Kind   string `gorm:"column:kind"`
}

func (membershipRow) TableName() string { return "team_memberships" }

func toMembershipRow(m coaching.Membership) membershipRow {
	return membershipRow{TeamID: m.TeamID, UserID: m.UserID, Kind: string(m.Kind)}
}

// memberUserRow is a membership joined with its user, so a team list
// resolves all members in one query.
type memberUserRow struct {
	TeamID       int64     `gorm:"column:team_id"`
	Kind         string    `gorm:"column:kind"`
	ID           int64     `gorm:"column:id"`
	Email        string    `gorm:"column:email"`
	Name         string    `gorm:"column:name"`
	Role         string    `gorm:"column:role"`
	Disabled     bool      `gorm:"column:disabled"`
	PasswordHash string    `gorm:"column:password_hash"`
	AuthVersion  int64     `gorm:"column:auth_version"`
	Version      int64     `gorm:"column:version"`
	CreatedAt    time.Time `gorm:"column:created_at"`
	UpdatedAt    time.Time `gorm:"column:updated_at"`
}

func (m memberUserRow) user() coaching.User {
	return fromUserRow(userRow{
		ID: m.ID, Email: m.Email, Name: m.Name, Role: m.Role, Disabled: m.Disabled,
		PasswordHash: m.PasswordHash, AuthVersion: m.AuthVersion, Version: m.Version,
		CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt,
	})
}

// CreateTeam validates and stores t, filling in ID and CreatedAt. A taken
// name is ErrConflict.
func (d *DB) CreateTeam(ctx context.Context, t *coaching.Team, by scoring.Actor) error {
	t.Name = strings.TrimSpace(t.Name)
	if err := t.Validate(); err != nil {
		return fmt.Errorf("store: create team: %w", err)
	}
	row := toTeamRow(*t)
	row.ID, row.CreatedAt = 0, utcMicro(time.Now())
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return translate(err)
		}
		return d.appendAudit(tx, by, "team.create", "team", row.ID, nil, map[string]string{"name": row.Name})
	})
	if err != nil {
		return fmt.Errorf("store: create team %q: %w", t.Name, err)
	}
	*t = fromTeamRow(row)
	return nil
}

// Team returns a team with its agents and supervisors (by name), or an
// error wrapping ErrNotFound.
func (d *DB) Team(ctx context.Context, id int64) (coaching.TeamDetail, error) {
	var r teamRow
	db := d.r.WithContext(ctx)
	if err := db.Where("id = ?", id).Take(&r).Error; err != nil {
		return coaching.TeamDetail{}, fmt.Errorf("store: team %d: %w", id, translate(err))
	}
	details, err := d.withMembers(db, []teamRow{r}, "m.team_id = ?", id)
	if err != nil {
		return coaching.TeamDetail{}, fmt.Errorf("store: team %d: %w", id, err)
	}
	return details[0], nil
}

// ListTeams returns every team by name with its members, in two queries
// whatever the number of teams.
func (d *DB) ListTeams(ctx context.Context) ([]coaching.TeamDetail, error) {
	db := d.r.WithContext(ctx)
	var rows []teamRow
	if err := db.Order(d.byName("name") + ", id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list teams: %w", translate(err))
	}
	if len(rows) == 0 {
		return []coaching.TeamDetail{}, nil
	}
	out, err := d.withMembers(db, rows, "1 = 1")
	if err != nil {
		return nil, fmt.Errorf("store: list teams: %w", err)
	}
	return out, nil
}

func (d *DB) withMembers(db *gorm.DB, teams []teamRow, where string, args ...any) ([]coaching.TeamDetail, error) {
	var ms []memberUserRow
	err := db.Raw(`SELECT m.team_id, m.kind, u.id, u.email, u.name, u.role, u.disabled, u.password_hash,
		u.auth_version, u.version, u.created_at, u.updated_at FROM team_memberships m
		JOIN users u ON u.id = m.user_id WHERE `+where+` ORDER BY `+d.byName("u.name")+`, u.id`, args...).Scan(&ms).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]coaching.TeamDetail, len(teams))
	idx := make(map[int64]int, len(teams))
	for i, t := range teams {
		out[i] = coaching.TeamDetail{Team: fromTeamRow(t), Agents: []coaching.User{}, Supervisors: []coaching.User{}}
		idx[t.ID] = i
	}
	for _, m := range ms {
		i, ok := idx[m.TeamID]
		if !ok {
			continue
		}
		if coaching.MemberKind(m.Kind) == coaching.MemberSupervisor {
			out[i].Supervisors = append(out[i].Supervisors, m.user())
		} else {
			out[i].Agents = append(out[i].Agents, m.user())
		}
	}
	return out, nil
}

// memberAudit is a membership as the audit log records it.
type memberAudit struct {
	UserID int64  `json:"user_id"`
	Kind   string `json:"kind"`
}

// SetTeamMembers replaces the team's memberships in one transaction.
// Every user must exist (else ErrInvalid); agents must have the agent
// role, supervisors the supervisor or admin role. An unknown team is
// ErrNotFound.
func (d *DB) SetTeamMembers(ctx context.Context, teamID int64, ms []coaching.Membership, by scoring.Actor) error {
	if err := coaching.ValidateMembers(ms); err != nil {
		return fmt.Errorf("store: set team %d members: %w", teamID, err)
	}
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var team teamRow
		if err := tx.Where("id = ?", teamID).Take(&team).Error; err != nil {
			return translate(err)
		}
		ids := make([]int64, len(ms))
		for i, m := range ms {
			ids[i] = m.UserID
		}
		users := map[int64]userRow{}
		if len(ids) > 0 {
			var rows []userRow
			if err := tx.Where("id IN ?", ids).Find(&rows).Error; err != nil {
				return translate(err)
			}
			for _, r := range rows {
				users[r.ID] = r
			}
		}
		for _, m := range ms {
			u, ok := users[m.UserID]
			switch {
			case !ok:
				return fmt.Errorf("user %d does not exist: %w", m.UserID, rubrics.ErrInvalid)
			case m.Kind == coaching.MemberAgent && coaching.Role(u.Role) != coaching.RoleAgent:
				return fmt.Errorf("%s (user %d) has role %s; only users with the agent role can be agent members: %w",
					u.Name, u.ID, u.Role, rubrics.ErrInvalid)
			case m.Kind == coaching.MemberSupervisor && coaching.Role(u.Role) != coaching.RoleSupervisor &&
				coaching.Role(u.Role) != coaching.RoleAdmin:
				return fmt.Errorf("%s (user %d) has role %s; supervisors must have the supervisor or admin role: %w",
					u.Name, u.ID, u.Role, rubrics.ErrInvalid)
			}
		}
		var old []membershipRow
		if err := tx.Where("team_id = ?", teamID).Order("user_id").Find(&old).Error; err != nil {
			return translate(err)
		}
		if err := tx.Where("team_id = ?", teamID).Delete(&membershipRow{}).Error; err != nil {
			return translate(err)
		}
		rows := make([]membershipRow, len(ms))
		for i, m := range ms {
			m.TeamID = teamID
			rows[i] = toMembershipRow(m)
		}
		if len(rows) > 0 {
			if err := tx.CreateInBatches(rows, 500).Error; err != nil {
				return translate(err)
			}
		}
		before := make([]memberAudit, len(old))
		for i, r := range old {
			before[i] = memberAudit{r.UserID, r.Kind}
		}
		after := make([]memberAudit, len(rows))
		for i, r := range rows {
			after[i] = memberAudit{r.UserID, r.Kind}
		}
		slices.SortFunc(after, func(a, b memberAudit) int { return int(a.UserID - b.UserID) })
		return d.appendAudit(tx, by, "team.members", "team", teamID, before, after)
	})
	if err != nil {
		return fmt.Errorf("store: set team %d members: %w", teamID, err)
	}
	return nil
}
