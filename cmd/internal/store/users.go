package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

type userRow struct {
	ID           int64     `gorm:"column:id;primaryKey"`
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

func (userRow) TableName() string { return "users" }

func toUserRow(u coaching.User) userRow {
	return userRow{
		ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Disabled: u.Disabled,
		PasswordHash: u.PasswordHash, AuthVersion: u.AuthVersion, Version: u.Version,
		CreatedAt: utcMicro(u.CreatedAt), UpdatedAt: utcMicro(u.UpdatedAt),
	}
}

func fromUserRow(r userRow) coaching.User {
	return coaching.User{
		ID: r.ID, Email: r.Email, Name: r.Name, Role: coaching.Role(r.Role), Disabled: r.Disabled,
		PasswordHash: r.PasswordHash, AuthVersion: r.AuthVersion, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// userAudit is what the audit log records about a user: never the
// password hash, only that it changed.
type userAudit struct {
	Email    string `json:"email,omitempty"`
	Name     string `json:"name,omitempty"`
	Role     string `json:"role,omitempty"`
	Disabled *bool  `json:"disabled,omitempty"`
	Password string `json:"password,omitempty"`
}

// CreateUser stores u after normalising its email and validating it, and
// fills in ID, versions and timestamps. A taken email is ErrConflict.
func (d *DB) CreateUser(ctx context.Context, u *coaching.User, by scoring.Actor) error {
	u.Email = coaching.NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if err := u.Validate(); err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	now := utcMicro(time.Now())
	row := toUserRow(*u)
	row.ID, row.AuthVersion, row.Version, row.CreatedAt, row.UpdatedAt = 0, 1, 1, now, now
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return translate(err)
		}
		disabled := row.Disabled
		return d.appendAudit(tx, by, "user.create", "user", row.ID, nil,
			userAudit{Email: row.Email, Name: row.Name, Role: row.Role, Disabled: &disabled})
	})
	if err != nil {
		return fmt.Errorf("store: create user %s: %w", u.Email, err)
	}
	*u = fromUserRow(row)
	return nil
}

// UserByID returns the user or an error wrapping ErrNotFound.
func (d *DB) UserByID(ctx context.Context, id int64) (coaching.User, error) {
	var r userRow
	if err := d.r.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return coaching.User{}, fmt.Errorf("store: user %d: %w", id, translate(err))
	}
	return fromUserRow(r), nil
}

// UserByEmail looks up a user by email (normalised here too, so callers
// may pass what was typed); ErrNotFound if absent.
func (d *DB) UserByEmail(ctx context.Context, email string) (coaching.User, error) {
	var r userRow
	if err := d.r.WithContext(ctx).Where("email = ?", cleanParam(coaching.NormalizeEmail(email))).Take(&r).Error; err != nil {
		return coaching.User{}, fmt.Errorf("store: user by email: %w", translate(err))
	}
	return fromUserRow(r), nil
}

// Page size bounds for ListUsers.
const (
	defaultUserPage = 50
	maxUserPage     = 500
)

// ListUsers pages through users ordered by name, with the total number of
// matches. Disabled users are left out unless f.IncludeDisabled.
func (d *DB) ListUsers(ctx context.Context, f coaching.UserFilter) ([]coaching.User, int, error) {
	q := d.r.WithContext(ctx).Model(&userRow{})
	if f.Role != "" {
		q = q.Where("role = ?", string(f.Role))
	}
	if !f.IncludeDisabled {
		q = q.Where("disabled = ?", false)
	}
	if s := strings.TrimSpace(cleanParam(f.Query)); s != "" {
		pat := "%" + escapeLike(strings.ToLower(s)) + "%"
		q = q.Where(`(LOWER(name) LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\')`, pat, pat)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: list users: %w", translate(err))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultUserPage
	}
	limit = min(limit, maxUserPage)
	offset := max(f.Offset, 0)
	out := []coaching.User{}
	if total == 0 || int64(offset) >= total {
		return out, int(total), nil
	}
	var rows []userRow
	if err := q.Order(d.byName("name") + ", id").Limit(limit).Offset(offset).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("store: list users: %w", translate(err))
	}
	for _, r := range rows {
		out = append(out, fromUserRow(r))
	}
	return out, int(total), nil
}

// UpdateUser applies the non-nil fields of upd that differ from the stored
// values. It writes an explicit column map (so false and "" are saved),
// bumps version on every change and auth_version when role, disabled or
// password change, and records an audit event in the same transaction.
// An update that changes nothing returns the user untouched.
func (d *DB) UpdateUser(ctx context.Context, id int64, upd coaching.UserUpdate, by scoring.Actor) (coaching.User, error) {
	var out coaching.User
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var cur userRow
		if err := tx.Where("id = ?", id).Take(&cur).Error; err != nil {
			return translate(err)
		}
		next := fromUserRow(cur)
		cols := map[string]any{}
		var before, after userAudit
		authChange := false
		if upd.Name != nil && strings.TrimSpace(*upd.Name) != cur.Name {
			next.Name = strings.TrimSpace(*upd.Name)
			cols["name"] = next.Name
			before.Name, after.Name = cur.Name, next.Name
		}
		if upd.Role != nil && string(*upd.Role) != cur.Role {
			next.Role = *upd.Role
			cols["role"] = string(next.Role)
			before.Role, after.Role = cur.Role, string(next.Role)
			authChange = true
		}
		if upd.Disabled != nil && *upd.Disabled != cur.Disabled {
			next.Disabled = *upd.Disabled
			cols["disabled"] = next.Disabled
			b, a := cur.Disabled, next.Disabled
			before.Disabled, after.Disabled = &b, &a
			authChange = true
		}
		if upd.PasswordHash != nil && *upd.PasswordHash != cur.PasswordHash {
			next.PasswordHash = *upd.PasswordHash
			cols["password_hash"] = next.PasswordHash
			after.Password = "changed"
			authChange = true
		}
		if len(cols) == 0 {
			out = next
			return nil
		}
		if err := next.Validate(); err != nil {
			return err
		}
		now := utcMicro(time.Now())
		next.Version, next.UpdatedAt = cur.Version+1, now
		cols["version"], cols["updated_at"] = next.Version, now
		if authChange {
			next.AuthVersion = cur.AuthVersion + 1
			cols["auth_version"] = next.AuthVersion
		}
		// The version guard makes a concurrent edit on PostgreSQL fail
		// instead of being silently overwritten.
		res := tx.Model(&userRow{}).Where("id = ? AND version = ?", id, cur.Version).Updates(cols)
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected != 1 {
			return fmt.Errorf("user changed concurrently: %w", rubrics.ErrConflict)
		}
		if err := d.appendAudit(tx, by, "user.update", "user", id, before, after); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return coaching.User{}, fmt.Errorf("store: update user %d: %w", id, err)
	}
	return out, nil
}

// escapeLike escapes LIKE wildcards so user text matches literally (used
// with ESCAPE '\').
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
