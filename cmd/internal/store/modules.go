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

// moduleRow is a coaching_modules row.
type moduleRow struct {
	ID        int64     `gorm:"column:id;primaryKey"`
	Title     string    `gorm:"column:title"`
	Body      string    `gorm:"column:body"`
	Criteria  string    `gorm:"column:criteria"`
	AuthorID  int64     `gorm:"column:author_id"`
	CreatedAt time.Time `gorm:"column:created_at"`
	UpdatedAt time.Time `gorm:"column:updated_at"`
	Version   int64     `gorm:"column:version"`
}

func (moduleRow) TableName() string { return "coaching_modules" }

// moduleNamedRow is a module joined with its author's name, so reads need
// one query. It repeats moduleRow's columns instead of embedding it: gorm
// does not scan into an embedded struct of an unexported type.
type moduleNamedRow struct {
	ID         int64     `gorm:"column:id"`
	Title      string    `gorm:"column:title"`
	Body       string    `gorm:"column:body"`
	Criteria   string    `gorm:"column:criteria"`
	AuthorID   int64     `gorm:"column:author_id"`
	CreatedAt  time.Time `gorm:"column:created_at"`
	UpdatedAt  time.Time `gorm:"column:updated_at"`
	Version    int64     `gorm:"column:version"`
	AuthorName string    `gorm:"column:author_name"`
}

func (r moduleNamedRow) module() coaching.Module {
	return fromModuleRow(moduleRow{
		ID: r.ID, Title: r.Title, Body: r.Body, Criteria: r.Criteria, AuthorID: r.AuthorID,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version,
	}, r.AuthorName)
}

func toModuleRow(m coaching.Module) moduleRow {
	return moduleRow{
		ID: m.ID, Title: m.Title, Body: m.Body, Criteria: strings.Join(m.CriterionKeys, ","),
		AuthorID: m.AuthorID, CreatedAt: utcMicro(m.CreatedAt), UpdatedAt: utcMicro(m.UpdatedAt), Version: m.Version,
	}
}

func fromModuleRow(r moduleRow, authorName string) coaching.Module {
	m := coaching.Module{
		ID: r.ID, Title: r.Title, Body: r.Body, CriterionKeys: []string{}, AuthorID: r.AuthorID, AuthorName: authorName,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version,
	}
	// Never a [""] for a module that links no criteria.
	if r.Criteria != "" {
		m.CriterionKeys = strings.Split(r.Criteria, ",")
	}
	return m
}

// moduleAudit is what the audit log records about a module's content.
// The body is kept whole: what a lesson taught on a given day is exactly
// what an audit is asked about, and it is bounded by MaxModuleBody.
type moduleAudit struct {
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Criteria []string `json:"criteria"`
	Version  int64    `json:"version"`
}

func auditModule(r moduleRow) moduleAudit {
	m := fromModuleRow(r, "")
	return moduleAudit{Title: m.Title, Body: m.Body, Criteria: m.CriterionKeys, Version: m.Version}
}

// moduleSelect reads modules with their author's name; callers append
// WHERE and ORDER BY.
const moduleSelect = `SELECT m.id, m.title, m.body, m.criteria, m.author_id, m.created_at, m.updated_at, m.version,
	u.name AS author_name FROM coaching_modules m JOIN users u ON u.id = m.author_id`

// cleanModule normalises and validates m for saving. The Problems come
// back unwrapped so callers wrap them once with the operation, and
// errors.As still finds them.
func cleanModule(m *coaching.Module) error {
	m.Normalize()
	return m.Validate()
}

// CreateModule stores a new module authored by by.UserID at version 1,
// with an audit event, and returns it as stored. m is normalised and
// validated first; bad input is coaching.Problems (ErrInvalid) and
// nothing is written. An author who is not a user is ErrInvalid.
func (d *DB) CreateModule(ctx context.Context, m coaching.Module, by scoring.Actor) (coaching.Module, error) {
	if err := cleanModule(&m); err != nil {
		return coaching.Module{}, fmt.Errorf("store: create module: %w", err)
	}
	now := utcMicro(time.Now())
	m.AuthorID, m.CreatedAt, m.UpdatedAt, m.Version = by.UserID, now, now, 1
	row := toModuleRow(m)
	row.ID = 0
	var out coaching.Module
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return translate(err)
		}
		name, err := userName(tx, row.AuthorID)
		if err != nil {
			return err
		}
		out = fromModuleRow(row, name)
		return d.appendAudit(tx, by, "module.create", "module", row.ID, nil, auditModule(row))
	})
	if err != nil {
		return coaching.Module{}, fmt.Errorf("store: create module %q: %w", m.Title, err)
	}
	return out, nil
}

// userName reads one user's display name inside tx.
func userName(tx *gorm.DB, id int64) (string, error) {
	var names []string
	if err := tx.Raw("SELECT name FROM users WHERE id = ?", id).Scan(&names).Error; err != nil {
		return "", translate(err)
	}
	if len(names) == 0 {
		return "", fmt.Errorf("user %d: %w", id, rubrics.ErrNotFound)
	}
	return names[0], nil
}

// UpdateModule saves the title, body and criteria of module m.ID, which
// must still be at m.Version: two trainers editing at once must not
// silently overwrite each other, so a stale version is ErrConflict (an
// unknown id is ErrNotFound). The author stays the module's creator. It
// returns the module at its new version, with an audit event holding the
// content before and after.
func (d *DB) UpdateModule(ctx context.Context, m coaching.Module, by scoring.Actor) (coaching.Module, error) {
	if err := cleanModule(&m); err != nil {
		return coaching.Module{}, fmt.Errorf("store: update module %d: %w", m.ID, err)
	}
	now := utcMicro(time.Now())
	var out coaching.Module
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The current row is read for the audit's "before". Every save
		// bumps the version, so if the guarded UPDATE below matches,
		// nothing changed the row between this read and the write.
		var cur moduleRow
		if err := tx.Where("id = ?", m.ID).Take(&cur).Error; err != nil {
			return translate(err)
		}
		next := cur
		next.Title, next.Body, next.Criteria = m.Title, m.Body, strings.Join(m.CriterionKeys, ",")
		next.UpdatedAt, next.Version = now, m.Version+1
		res := tx.Exec("UPDATE coaching_modules SET title = ?, body = ?, criteria = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
			next.Title, next.Body, next.Criteria, next.UpdatedAt, m.ID, m.Version)
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected != 1 {
			return fmt.Errorf("the module was saved by someone else (now at version %d, yours is %d); reload it: %w",
				cur.Version, m.Version, rubrics.ErrConflict)
		}
		name, err := userName(tx, next.AuthorID)
		if err != nil {
			return err
		}
		out = fromModuleRow(next, name)
		return d.appendAudit(tx, by, "module.update", "module", m.ID, auditModule(cur), auditModule(next))
	})
	if err != nil {
		return coaching.Module{}, fmt.Errorf("store: update module %d: %w", m.ID, err)
	}
	return out, nil
}

// Module returns one module with its author's name, or ErrNotFound.
func (d *DB) Module(ctx context.Context, id int64) (coaching.Module, error) {
	var rows []moduleNamedRow
	if err := d.r.WithContext(ctx).Raw(moduleSelect+" WHERE m.id = ?", id).Scan(&rows).Error; err != nil {
		return coaching.Module{}, fmt.Errorf("store: module %d: %w", id, translate(err))
	}
	if len(rows) == 0 {
		return coaching.Module{}, fmt.Errorf("store: module %d: %w", id, rubrics.ErrNotFound)
	}
	return rows[0].module(), nil
}

// ListModules returns every module by title in the store's name collation
// (so Thai and Vietnamese titles sort as readers expect), ties by id.
// Trainers author modules by hand, so the list stays small enough to
// return whole.
func (d *DB) ListModules(ctx context.Context) ([]coaching.Module, error) {
	var rows []moduleNamedRow
	if err := d.r.WithContext(ctx).Raw(moduleSelect + " ORDER BY " + d.byName("m.title") + ", m.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list modules: %w", translate(err))
	}
	out := make([]coaching.Module, len(rows))
	for i, r := range rows {
		out[i] = r.module()
	}
	return out, nil
}
