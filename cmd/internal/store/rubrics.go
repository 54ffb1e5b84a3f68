package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

type rubricRow struct {
	ID          int64     `gorm:"column:id;primaryKey"`
	Name        string    `gorm:"column:name"`
	Description string    `gorm:"column:description"`
	CreatedBy   *int64    `gorm:"column:created_by"`
	CreatedAt   time.Time `gorm:"column:created_at"`
	UpdatedAt   time.Time `gorm:"column:updated_at"`
}

func (rubricRow) TableName() string { return "rubrics" }

func toRubricRow(r rubrics.Rubric) rubricRow {
	return rubricRow{
		ID: r.ID, Name: r.Name, Description: r.Description, CreatedBy: nullID(r.CreatedBy),
		CreatedAt: utcMicro(r.CreatedAt), UpdatedAt: utcMicro(r.UpdatedAt),
	}
}

func fromRubricRow(r rubricRow) rubrics.Rubric {
	return rubrics.Rubric{
		ID: r.ID, Name: r.Name, Description: r.Description, CreatedBy: derefID(r.CreatedBy),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

type versionRow struct {
	ID          int64      `gorm:"column:id;primaryKey"`
	RubricID    int64      `gorm:"column:rubric_id"`
	Number      int        `gorm:"column:number"`
	Status      string     `gorm:"column:status"`
	ScoreCap    int        `gorm:"column:score_cap"`
	SecondCheck bool       `gorm:"column:second_check"`
	Content     string     `gorm:"column:content"`
	Revision    int64      `gorm:"column:revision"`
	CreatedAt   time.Time  `gorm:"column:created_at"`
	UpdatedAt   time.Time  `gorm:"column:updated_at"`
	PublishedAt *time.Time `gorm:"column:published_at"`
	PublishedBy *int64     `gorm:"column:published_by"`
}

func (versionRow) TableName() string { return "rubric_versions" }

func toVersionRow(v rubrics.Version) (versionRow, error) {
	content, err := encodeContent(v.Sections)
	if err != nil {
		return versionRow{}, err
	}
	r := versionRow{
		ID: v.ID, RubricID: v.RubricID, Number: v.Number, Status: string(v.Status),
		ScoreCap: v.ScoreCap, SecondCheck: v.SecondCheck, Content: content, Revision: v.Revision,
		CreatedAt: utcMicro(v.CreatedAt), UpdatedAt: utcMicro(v.UpdatedAt),
		PublishedBy: nullID(v.PublishedBy),
	}
	if v.PublishedAt != nil {
		t := utcMicro(*v.PublishedAt)
		r.PublishedAt = &t
	}
	return r, nil
}

func fromVersionRow(r versionRow) (rubrics.Version, error) {
	sections, err := decodeContent(r.Content)
	if err != nil {
		return rubrics.Version{}, fmt.Errorf("version %d: %w", r.ID, err)
	}
	v := rubrics.Version{
		ID: r.ID, RubricID: r.RubricID, Number: r.Number, Status: rubrics.VersionStatus(r.Status),
		ScoreCap: r.ScoreCap, SecondCheck: r.SecondCheck, Sections: sections, Revision: r.Revision,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), PublishedBy: derefID(r.PublishedBy),
	}
	if r.PublishedAt != nil {
		t := r.PublishedAt.UTC()
		v.PublishedAt = &t
	}
	return v, nil
}

// versionRefRow is a version without its content, for lists.
type versionRefRow struct {
	ID       int64  `gorm:"column:id"`
	RubricID int64  `gorm:"column:rubric_id"`
	Number   int    `gorm:"column:number"`
	Status   string `gorm:"column:status"`
}

func (r versionRefRow) ref() rubrics.VersionRef {
	return rubrics.VersionRef{ID: r.ID, Number: r.Number, Status: rubrics.VersionStatus(r.Status)}
}

// nullID stores a zero user id (the system, or "nobody") as NULL, since
// the column references users.
func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func derefID(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

// cleanRubric trims the rubric's name and description and checks them
// with Rubric.Validate (name required, at most 120 characters), which
// reports rubrics.Problems at "name" and "description".
func cleanRubric(r *rubrics.Rubric) error {
	r.Name = strings.TrimSpace(r.Name)
	r.Description = strings.TrimSpace(r.Description)
	return r.Validate()
}

// rubricAudit is what the audit log records about a rubric.
type rubricAudit struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	VersionID   int64  `json:"version_id,omitempty"`
}

// versionAudit is what the audit log records about a version: the whole
// content, so the log alone shows what every draft save changed.
type versionAudit struct {
	RubricID    int64           `json:"rubric_id"`
	Number      int             `json:"number"`
	Status      string          `json:"status"`
	Revision    int64           `json:"revision"`
	ScoreCap    int             `json:"score_cap"`
	SecondCheck bool            `json:"second_check"`
	Content     json.RawMessage `json:"content,omitempty"`
}

func auditVersion(r versionRow, withContent bool) versionAudit {
	a := versionAudit{
		RubricID: r.RubricID, Number: r.Number, Status: r.Status, Revision: r.Revision,
		ScoreCap: r.ScoreCap, SecondCheck: r.SecondCheck,
	}
	if withContent {
		a.Content = json.RawMessage(r.Content)
	}
	return a
}

// statusAudit records a status change.
type statusAudit struct {
	Status string `json:"status"`
	// Archived is the version a publish archived, if any.
	Archived int64 `json:"archived_version_id,omitempty"`
}

// ListRubrics returns rubrics by name with their latest and published
// versions, in two queries whatever the number of rubrics. With
// f.PublishedOnly, rubrics without a published version are left out.
func (d *DB) ListRubrics(ctx context.Context, f rubrics.ListFilter) ([]rubrics.Summary, error) {
	db := d.r.WithContext(ctx)
	where := "1 = 1"
	if f.PublishedOnly {
		where = "EXISTS (SELECT 1 FROM rubric_versions p WHERE p.rubric_id = rubrics.id AND p.status = 'published')"
	}
	var rows []rubricRow
	if err := db.Where(where).Order(d.byName("name") + ", id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list rubrics: %w", translate(err))
	}
	out := make([]rubrics.Summary, 0, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	// A subquery rather than an IN list of ids, which would hit the
	// drivers' parameter limits on a large catalogue.
	var refs []versionRefRow
	err := db.Raw(`SELECT id, rubric_id, number, status FROM rubric_versions
		WHERE rubric_id IN (SELECT id FROM rubrics WHERE ` + where + `) ORDER BY rubric_id, number`).Scan(&refs).Error
	if err != nil {
		return nil, fmt.Errorf("store: list rubrics: %w", translate(err))
	}
	idx := make(map[int64]int, len(rows))
	for i, r := range rows {
		out = append(out, rubrics.Summary{Rubric: fromRubricRow(r)})
		idx[r.ID] = i
	}
	for _, v := range refs {
		i, ok := idx[v.RubricID]
		if !ok {
			continue // created between the two queries
		}
		s := &out[i]
		s.Versions++
		if v.Number >= s.Latest.Number {
			s.Latest = v.ref()
		}
		if v.Status == string(rubrics.StatusPublished) {
			p := v.ref()
			s.Published = &p
		}
	}
	if f.PublishedOnly {
		// A version archived between the two queries leaves a rubric
		// the filter no longer admits.
		kept := out[:0]
		for _, s := range out {
			if s.Published != nil {
				kept = append(kept, s)
			}
		}
		out = kept
	}
	return out, nil
}

// Rubric returns a rubric and refs to all its versions, newest first, or
// an error wrapping ErrNotFound.
func (d *DB) Rubric(ctx context.Context, id int64) (rubrics.Rubric, []rubrics.VersionRef, error) {
	db := d.r.WithContext(ctx)
	var r rubricRow
	if err := db.Where("id = ?", id).Take(&r).Error; err != nil {
		return rubrics.Rubric{}, nil, fmt.Errorf("store: rubric %d: %w", id, translate(err))
	}
	var refs []versionRefRow
	if err := db.Model(&versionRow{}).Select("id, rubric_id, number, status").
		Where("rubric_id = ?", id).Order("number DESC").Scan(&refs).Error; err != nil {
		return rubrics.Rubric{}, nil, fmt.Errorf("store: rubric %d: %w", id, translate(err))
	}
	out := make([]rubrics.VersionRef, len(refs))
	for i, v := range refs {
		out[i] = v.ref()
	}
	return fromRubricRow(r), out, nil
}

// Version returns one version with its content, or an error wrapping
// ErrNotFound.
func (d *DB) Version(ctx context.Context, id int64) (rubrics.Version, error) {
	var r versionRow
	if err := d.r.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return rubrics.Version{}, fmt.Errorf("store: rubric version %d: %w", id, translate(err))
	}
	v, err := fromVersionRow(r)
	if err != nil {
		return rubrics.Version{}, fmt.Errorf("store: rubric version %d: %w", id, err)
	}
	return v, nil
}

// CreateRubric stores r with v as its version 1 draft, filling in IDs,
// number, status, revision and times; CreatedBy defaults to the actor.
// The name is trimmed and must be 1–120 characters (rubrics.Problems at
// "name" otherwise, wrapping ErrInvalid); a taken name is ErrConflict.
// The content is not validated: drafts may be incomplete, and
// PublishVersion validates.
func (d *DB) CreateRubric(ctx context.Context, r *rubrics.Rubric, v *rubrics.Version, by scoring.Actor) error {
	if err := cleanRubric(r); err != nil {
		return fmt.Errorf("store: create rubric: %w", err)
	}
	now := utcMicro(time.Now())
	rr := toRubricRow(*r)
	rr.ID, rr.CreatedAt, rr.UpdatedAt = 0, now, now
	if r.CreatedBy == 0 {
		// The author is whoever creates it, unless the caller names one
		// (imports and the demo seed run as the system).
		rr.CreatedBy = nullID(by.UserID)
	}
	nv := *v
	nv.ID, nv.Number, nv.Status, nv.Revision = 0, 1, rubrics.StatusDraft, 1
	nv.CreatedAt, nv.UpdatedAt, nv.PublishedAt, nv.PublishedBy = now, now, nil, 0
	vr, err := toVersionRow(nv)
	if err != nil {
		return fmt.Errorf("store: create rubric %q: %w", r.Name, err)
	}
	err = d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&rr).Error; err != nil {
			return translate(err)
		}
		vr.RubricID = rr.ID
		if err := tx.Create(&vr).Error; err != nil {
			return translate(err)
		}
		return d.appendAudit(tx, by, "rubric.create", "rubric", rr.ID, nil,
			rubricAudit{Name: rr.Name, Description: rr.Description, VersionID: vr.ID})
	})
	if err != nil {
		if errors.Is(err, rubrics.ErrConflict) {
			return fmt.Errorf("store: create rubric: a rubric named %q already exists: %w", r.Name, err)
		}
		return fmt.Errorf("store: create rubric %q: %w", r.Name, err)
	}
	*r = fromRubricRow(rr)
	out, err := fromVersionRow(vr)
	if err != nil {
		return fmt.Errorf("store: create rubric %q: %w", r.Name, err)
	}
	*v = out
	return nil
}

// UpdateRubric changes a rubric's name and description (they are not
// versioned) and fills r with the stored rubric. Name rules are those of
// CreateRubric; an unknown id is ErrNotFound.
func (d *DB) UpdateRubric(ctx context.Context, r *rubrics.Rubric, by scoring.Actor) error {
	if err := cleanRubric(r); err != nil {
		return fmt.Errorf("store: update rubric %d: %w", r.ID, err)
	}
	var out rubricRow
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var cur rubricRow
		if err := tx.Where("id = ?", r.ID).Take(&cur).Error; err != nil {
			return translate(err)
		}
		out = cur
		if cur.Name == r.Name && cur.Description == r.Description {
			return nil
		}
		out.Name, out.Description, out.UpdatedAt = r.Name, r.Description, utcMicro(time.Now())
		// An explicit column map, so an emptied description is saved.
		err := tx.Model(&rubricRow{}).Where("id = ?", r.ID).Updates(map[string]any{
			"name": out.Name, "description": out.Description, "updated_at": out.UpdatedAt,
		}).Error
		if err != nil {
			return translate(err)
		}
		return d.appendAudit(tx, by, "rubric.update", "rubric", r.ID,
			rubricAudit{Name: cur.Name, Description: cur.Description},
			rubricAudit{Name: out.Name, Description: out.Description})
	})
	if err != nil {
		if errors.Is(err, rubrics.ErrConflict) {
			return fmt.Errorf("store: update rubric %d: a rubric named %q already exists: %w", r.ID, r.Name, err)
		}
		return fmt.Errorf("store: update rubric %d: %w", r.ID, err)
	}
	*r = fromRubricRow(out)
	return nil
}

// lockRubric serialises changes to one rubric's versions. On PostgreSQL
// it takes the rubric row's lock, so a second NewDraft waits and then sees
// the first one's draft instead of racing it; SQLite transactions already
// hold the database's single write lock. A missing rubric is ErrNotFound.
func (d *DB) lockRubric(tx *gorm.DB, id int64) error {
	q := "SELECT id FROM rubrics WHERE id = ?"
	if d.dialect == DialectPostgres {
		q += " FOR UPDATE"
	}
	var ids []int64
	if err := tx.Raw(q, id).Scan(&ids).Error; err != nil {
		return translate(err)
	}
	if len(ids) == 0 {
		return fmt.Errorf("rubric %d: %w", id, rubrics.ErrNotFound)
	}
	return nil
}

// lockedVersion reads a version and locks its rubric, then reads the
// version again: the first read only finds the rubric (which never
// changes), the second sees every change committed before the lock.
func (d *DB) lockedVersion(tx *gorm.DB, id int64) (versionRow, error) {
	var r versionRow
	if err := tx.Where("id = ?", id).Take(&r).Error; err != nil {
		return versionRow{}, translate(err)
	}
	if err := d.lockRubric(tx, r.RubricID); err != nil {
		return versionRow{}, err
	}
	if d.dialect == DialectPostgres {
		if err := tx.Where("id = ?", id).Take(&r).Error; err != nil {
			return versionRow{}, translate(err)
		}
	}
	return r, nil
}

// frozenError explains why a version cannot be edited.
func frozenError(r versionRow) error {
	return fmt.Errorf("version %d is %s and frozen; make a new draft to change it: %w",
		r.Number, r.Status, rubrics.ErrConflict)
}

// staleError explains a revision mismatch on a draft.
func staleError(r versionRow, revision int64) error {
	return fmt.Errorf("someone else saved this draft (version %d, revision %d, you had %d); reload: %w",
		r.Number, r.Revision, revision, rubrics.ErrConflict)
}

// SaveDraft replaces a draft's content (sections, score cap, second
// check) if it is still a draft at v.Revision, and fills v with the stored
// version, its Revision incremented. A frozen version or a stale revision
// is ErrConflict, with a message saying which. Nothing else of v is read.
func (d *DB) SaveDraft(ctx context.Context, v *rubrics.Version, by scoring.Actor) error {
	content, err := encodeContent(v.Sections)
	if err != nil {
		return fmt.Errorf("store: save draft %d: %w", v.ID, err)
	}
	var out versionRow
	err = d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Read for the audit's "before"; the UPDATE below decides.
		var cur versionRow
		if err := tx.Where("id = ?", v.ID).Take(&cur).Error; err != nil {
			return translate(err)
		}
		now := utcMicro(time.Now())
		// The guarded UPDATE is the lock: it succeeds only on the draft
		// at the revision the editor read, so two editors cannot both
		// save over the same revision, on either database.
		res := tx.Model(&versionRow{}).
			Where("id = ? AND status = ? AND revision = ?", v.ID, string(rubrics.StatusDraft), v.Revision).
			Updates(map[string]any{
				"content": content, "score_cap": v.ScoreCap, "second_check": v.SecondCheck,
				"revision": gorm.Expr("revision + 1"), "updated_at": now,
			})
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected != 1 {
			// Find out why, so the editor can say "published" or
			// "reload" rather than a bare conflict.
			var fresh versionRow
			if err := tx.Where("id = ?", v.ID).Take(&fresh).Error; err != nil {
				return translate(err)
			}
			if fresh.Status != string(rubrics.StatusDraft) {
				return frozenError(fresh)
			}
			return staleError(fresh, v.Revision)
		}
		if err := tx.Where("id = ?", v.ID).Take(&out).Error; err != nil {
			return translate(err)
		}
		return d.appendAudit(tx, by, "rubric_version.save", "rubric_version", v.ID,
			auditVersion(cur, true), auditVersion(out, true))
	})
	if err != nil {
		return fmt.Errorf("store: save draft %d: %w", v.ID, err)
	}
	saved, err := fromVersionRow(out)
	if err != nil {
		return fmt.Errorf("store: save draft %d: %w", v.ID, err)
	}
	*v = saved
	return nil
}

// NewDraft returns the rubric's draft, creating it when there is none as
// a copy of the latest version's content, score cap and second check
// (same section and criterion keys, so ratings stay comparable) numbered
// one above the highest. Concurrent calls return the same draft.
func (d *DB) NewDraft(ctx context.Context, rubricID int64, by scoring.Actor) (rubrics.Version, error) {
	var out versionRow
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := d.lockRubric(tx, rubricID); err != nil {
			return err
		}
		var rows []versionRow
		if err := tx.Where("rubric_id = ?", rubricID).Order("number DESC").Limit(1).Find(&rows).Error; err != nil {
			return translate(err)
		}
		var draft []versionRow
		if err := tx.Where("rubric_id = ? AND status = ?", rubricID, string(rubrics.StatusDraft)).
			Limit(1).Find(&draft).Error; err != nil {
			return translate(err)
		}
		if len(draft) > 0 {
			out = draft[0]
			return nil
		}
		now := utcMicro(time.Now())
		out = versionRow{
			RubricID: rubricID, Number: 1, Status: string(rubrics.StatusDraft), ScoreCap: 100,
			Content: fmt.Sprintf(`{"format":%d}`, contentFormat), Revision: 1, CreatedAt: now, UpdatedAt: now,
		}
		if len(rows) > 0 {
			latest := rows[0]
			out.Number, out.ScoreCap, out.SecondCheck, out.Content = latest.Number+1, latest.ScoreCap, latest.SecondCheck, latest.Content
		}
		if err := tx.Create(&out).Error; err != nil {
			return translate(err)
		}
		return d.appendAudit(tx, by, "rubric_version.create", "rubric_version", out.ID, nil, auditVersion(out, false))
	})
	if err != nil {
		return rubrics.Version{}, fmt.Errorf("store: new draft of rubric %d: %w", rubricID, err)
	}
	v, err := fromVersionRow(out)
	if err != nil {
		return rubrics.Version{}, fmt.Errorf("store: new draft of rubric %d: %w", rubricID, err)
	}
	return v, nil
}

// PublishVersion freezes the draft versionID if it is still at revision
// and its content passes Version.Validate, archiving the rubric's
// previously published version in the same transaction. Validation
// failures are returned exactly as Validate returned them (rubrics.Problems,
// unwrapped, so the editor can show each problem at its field); a stale
// revision or a version that is not a draft is ErrConflict.
func (d *DB) PublishVersion(ctx context.Context, versionID, revision int64, by scoring.Actor) (rubrics.Version, error) {
	var (
		out      versionRow
		problems error
	)
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := d.lockedVersion(tx, versionID)
		if err != nil {
			return err
		}
		if cur.Status != string(rubrics.StatusDraft) {
			return frozenError(cur)
		}
		if cur.Revision != revision {
			return staleError(cur, revision)
		}
		v, err := fromVersionRow(cur)
		if err != nil {
			return err
		}
		if err := v.Validate(); err != nil {
			problems = err
			return err
		}
		now := utcMicro(time.Now())
		// Archive first: the one-published-per-rubric index is checked
		// per statement. The audit events go last, after every row lock
		// is taken: on PostgreSQL the audit append takes a global lock,
		// and holding it while waiting for a row a concurrent SaveDraft
		// holds (that SaveDraft then waiting for the audit lock) would
		// deadlock.
		var prev []int64
		if err := tx.Model(&versionRow{}).Where("rubric_id = ? AND status = ?", cur.RubricID, string(rubrics.StatusPublished)).
			Pluck("id", &prev).Error; err != nil {
			return translate(err)
		}
		var (
			archived int64
			events   []auditEntry
		)
		if len(prev) > 0 {
			archived = prev[0]
			if err := tx.Model(&versionRow{}).Where("id = ?", archived).Updates(map[string]any{
				"status": string(rubrics.StatusArchived), "updated_at": now,
			}).Error; err != nil {
				return translate(err)
			}
			events = append(events, auditEntry{
				Action: "rubric_version.archive", Entity: "rubric_version", EntityID: archived,
				Before: statusAudit{Status: string(rubrics.StatusPublished)}, After: statusAudit{Status: string(rubrics.StatusArchived)},
			})
		}
		res := tx.Model(&versionRow{}).
			Where("id = ? AND status = ? AND revision = ?", versionID, string(rubrics.StatusDraft), revision).
			Updates(map[string]any{
				"status": string(rubrics.StatusPublished), "published_at": now,
				"published_by": nullID(by.UserID), "updated_at": now,
			})
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected != 1 {
			return staleError(cur, revision)
		}
		if err := tx.Where("id = ?", versionID).Take(&out).Error; err != nil {
			return translate(err)
		}
		events = append(events, auditEntry{
			Action: "rubric_version.publish", Entity: "rubric_version", EntityID: versionID,
			Before: statusAudit{Status: string(rubrics.StatusDraft)},
			After:  statusAudit{Status: string(rubrics.StatusPublished), Archived: archived},
		})
		return d.appendAudits(tx, by, events)
	})
	if problems != nil {
		return rubrics.Version{}, problems
	}
	if err != nil {
		return rubrics.Version{}, fmt.Errorf("store: publish rubric version %d: %w", versionID, err)
	}
	v, err := fromVersionRow(out)
	if err != nil {
		return rubrics.Version{}, fmt.Errorf("store: publish rubric version %d: %w", versionID, err)
	}
	return v, nil
}

// ArchiveVersion hides a published version from new reviews; reviews that
// pinned it keep it. Anything but a published version is ErrConflict.
func (d *DB) ArchiveVersion(ctx context.Context, versionID int64, by scoring.Actor) error {
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := d.lockedVersion(tx, versionID)
		if err != nil {
			return err
		}
		switch rubrics.VersionStatus(cur.Status) {
		case rubrics.StatusDraft:
			return fmt.Errorf("version %d is a draft, not published; delete it instead: %w", cur.Number, rubrics.ErrConflict)
		case rubrics.StatusArchived:
			return fmt.Errorf("version %d is already archived: %w", cur.Number, rubrics.ErrConflict)
		}
		res := tx.Model(&versionRow{}).Where("id = ? AND status = ?", versionID, string(rubrics.StatusPublished)).
			Updates(map[string]any{"status": string(rubrics.StatusArchived), "updated_at": utcMicro(time.Now())})
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected != 1 {
			return fmt.Errorf("version %d changed concurrently: %w", cur.Number, rubrics.ErrConflict)
		}
		return d.appendAudit(tx, by, "rubric_version.archive", "rubric_version", versionID,
			statusAudit{Status: cur.Status}, statusAudit{Status: string(rubrics.StatusArchived)})
	})
	if err != nil {
		return fmt.Errorf("store: archive rubric version %d: %w", versionID, err)
	}
	return nil
}

// DeleteDraft discards a draft version. A frozen version is ErrConflict,
// and so is a rubric's only version: every rubric keeps at least one, so
// lists always have a latest version to show.
func (d *DB) DeleteDraft(ctx context.Context, versionID int64, by scoring.Actor) error {
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := d.lockedVersion(tx, versionID)
		if err != nil {
			return err
		}
		if cur.Status != string(rubrics.StatusDraft) {
			return frozenError(cur)
		}
		var n int64
		if err := tx.Model(&versionRow{}).Where("rubric_id = ?", cur.RubricID).Count(&n).Error; err != nil {
			return translate(err)
		}
		if n == 1 {
			return fmt.Errorf("version %d is the rubric's only version and cannot be deleted: %w", cur.Number, rubrics.ErrConflict)
		}
		res := tx.Where("id = ? AND status = ?", versionID, string(rubrics.StatusDraft)).Delete(&versionRow{})
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected != 1 {
			return fmt.Errorf("version %d changed concurrently: %w", cur.Number, rubrics.ErrConflict)
		}
		return d.appendAudit(tx, by, "rubric_version.delete", "rubric_version", versionID, auditVersion(cur, true), nil)
	})
	if err != nil {
		return fmt.Errorf("store: delete rubric draft %d: %w", versionID, err)
	}
	return nil
}
