package views_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views"
)

// fakeRubrics implements views.Rubrics with one function field per
// method.
type fakeRubrics struct {
	ListRubricsFn           func(ctx context.Context, f rubrics.ListFilter) ([]rubrics.Summary, error)
	RubricFn                func(ctx context.Context, id int64) (rubrics.Rubric, []rubrics.VersionRef, error)
	VersionFn               func(ctx context.Context, id int64) (rubrics.Version, error)
	CreateRubricFn          func(ctx context.Context, r *rubrics.Rubric, v *rubrics.Version, by scoring.Actor) error
	UpdateRubricFn          func(ctx context.Context, r *rubrics.Rubric, by scoring.Actor) error
	SaveDraftFn             func(ctx context.Context, v *rubrics.Version, by scoring.Actor) error
	NewDraftFn              func(ctx context.Context, rubricID int64, by scoring.Actor) (rubrics.Version, error)
	PublishVersionFn        func(ctx context.Context, versionID, revision int64, by scoring.Actor) (rubrics.Version, error)
	ArchiveVersionFn        func(ctx context.Context, versionID int64, by scoring.Actor) error
	DeleteDraftFn           func(ctx context.Context, versionID int64, by scoring.Actor) error
	ReviewScoresForRubricFn func(ctx context.Context, rubricID int64) ([]scoring.ReviewScores, error)
}

var _ views.Rubrics = (*fakeRubrics)(nil)

func (f *fakeRubrics) ListRubrics(ctx context.Context, fl rubrics.ListFilter) ([]rubrics.Summary, error) {
	return f.ListRubricsFn(ctx, fl)
}
func (f *fakeRubrics) Rubric(ctx context.Context, id int64) (rubrics.Rubric, []rubrics.VersionRef, error) {
	return f.RubricFn(ctx, id)
}
func (f *fakeRubrics) Version(ctx context.Context, id int64) (rubrics.Version, error) {
	return f.VersionFn(ctx, id)
}
func (f *fakeRubrics) CreateRubric(ctx context.Context, r *rubrics.Rubric, v *rubrics.Version, by scoring.Actor) error {
	return f.CreateRubricFn(ctx, r, v, by)
}
func (f *fakeRubrics) UpdateRubric(ctx context.Context, r *rubrics.Rubric, by scoring.Actor) error {
	return f.UpdateRubricFn(ctx, r, by)
}
func (f *fakeRubrics) SaveDraft(ctx context.Context, v *rubrics.Version, by scoring.Actor) error {
	return f.SaveDraftFn(ctx, v, by)
}
func (f *fakeRubrics) NewDraft(ctx context.Context, rubricID int64, by scoring.Actor) (rubrics.Version, error) {
	return f.NewDraftFn(ctx, rubricID, by)
}
func (f *fakeRubrics) PublishVersion(ctx context.Context, versionID, revision int64, by scoring.Actor) (rubrics.Version, error) {
	return f.PublishVersionFn(ctx, versionID, revision, by)
}
func (f *fakeRubrics) ArchiveVersion(ctx context.Context, versionID int64, by scoring.Actor) error {
	return f.ArchiveVersionFn(ctx, versionID, by)
}
func (f *fakeRubrics) DeleteDraft(ctx context.Context, versionID int64, by scoring.Actor) error {
	return f.DeleteDraftFn(ctx, versionID, by)
}
func (f *fakeRubrics) ReviewScoresForRubric(ctx context.Context, rubricID int64) ([]scoring.ReviewScores, error) {
	return f.ReviewScoresForRubricFn(ctx, rubricID)
}

// rubricDB is a small in-memory rubric store behind a fakeRubrics, with a
// log of saves so tests can check what the editor sent.
type rubricDB struct {
	mu       sync.Mutex
	rubrics  map[int64]rubrics.Rubric
	versions map[int64]rubrics.Version
	reviews  map[int64][]scoring.ReviewScores
	nextID   int64
	saves    []rubrics.Version
	creates  int
}

func newRubricDB() *rubricDB {
	return &rubricDB{rubrics: map[int64]rubrics.Rubric{}, versions: map[int64]rubrics.Version{}, reviews: map[int64][]scoring.ReviewScores{}, nextID: 100}
}

var fakeNow = time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)

// addRubric stores a rubric with the given versions (numbered in order).
func (db *rubricDB) addRubric(name string, vs ...rubrics.Version) (rubrics.Rubric, []rubrics.Version) {
	db.mu.Lock()
	defer db.mu.Unlock()
	r := rubrics.Rubric{ID: db.nextID, Name: name, CreatedAt: fakeNow, UpdatedAt: fakeNow}
	db.nextID++
	db.rubrics[r.ID] = r
	for i := range vs {
		vs[i].ID, vs[i].RubricID, vs[i].Number = db.nextID, r.ID, i+1
		db.nextID++
		if vs[i].Status == "" {
			vs[i].Status = rubrics.StatusDraft
		}
		if vs[i].Status == rubrics.StatusPublished {
			at := fakeNow
			vs[i].PublishedAt = &at
		}
		db.versions[vs[i].ID] = vs[i]
	}
	return r, vs
}

func (db *rubricDB) version(id int64) rubrics.Version {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.versions[id]
}

func (db *rubricDB) lastSave() (rubrics.Version, bool) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if len(db.saves) == 0 {
		return rubrics.Version{}, false
	}
	return db.saves[len(db.saves)-1], true
}

func (db *rubricDB) refs(rubricID int64) []rubrics.VersionRef {
	var out []rubrics.VersionRef
	for _, v := range db.versions {
		if v.RubricID == rubricID {
			out = append(out, rubrics.VersionRef{ID: v.ID, Number: v.Number, Status: v.Status})
		}
	}
	slices.SortFunc(out, func(a, b rubrics.VersionRef) int { return b.Number - a.Number })
	return out
}

func (db *rubricDB) fake() *fakeRubrics {
	return &fakeRubrics{
		ListRubricsFn: func(_ context.Context, f rubrics.ListFilter) ([]rubrics.Summary, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			var out []rubrics.Summary
			for _, r := range db.rubrics {
				refs := db.refs(r.ID)
				s := rubrics.Summary{Rubric: r, Versions: len(refs)}
				if len(refs) > 0 {
					s.Latest = refs[0]
				}
				for _, ref := range refs {
					if ref.Status == rubrics.StatusPublished {
						s.Published = &ref
					}
				}
				if f.PublishedOnly && s.Published == nil {
					continue
				}
				out = append(out, s)
			}
			slices.SortFunc(out, func(a, b rubrics.Summary) int { return strings.Compare(a.Name, b.Name) })
			return out, nil
		},
		RubricFn: func(_ context.Context, id int64) (rubrics.Rubric, []rubrics.VersionRef, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			r, ok := db.rubrics[id]
			if !ok {
				return r, nil, fmt.Errorf("rubric %d: %w", id, rubrics.ErrNotFound)
			}
			return r, db.refs(id), nil
		},
		VersionFn: func(_ context.Context, id int64) (rubrics.Version, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			v, ok := db.versions[id]
			if !ok {
				return v, fmt.Errorf("version %d: %w", id, rubrics.ErrNotFound)
			}
			return v, nil
		},
		CreateRubricFn: func(_ context.Context, r *rubrics.Rubric, v *rubrics.Version, _ scoring.Actor) error {
			db.mu.Lock()
			defer db.mu.Unlock()
			for _, x := range db.rubrics {
				if x.Name == r.Name {
					return fmt.Errorf("create rubric: %w", rubrics.ErrConflict)
				}
			}
			db.creates++
			r.ID = db.nextID
			r.CreatedAt, r.UpdatedAt = fakeNow, fakeNow
			v.ID, v.RubricID, v.Number, v.Status, v.Revision = db.nextID+1, r.ID, 1, rubrics.StatusDraft, 1
			db.nextID += 2
			db.rubrics[r.ID] = *r
			db.versions[v.ID] = *v
			return nil
		},
		SaveDraftFn: func(_ context.Context, v *rubrics.Version, _ scoring.Actor) error {
			db.mu.Lock()
			defer db.mu.Unlock()
			old, ok := db.versions[v.ID]
			if !ok {
				return rubrics.ErrNotFound
			}
			if old.Status != rubrics.StatusDraft || old.Revision != v.Revision {
				return fmt.Errorf("save draft: %w", rubrics.ErrConflict)
			}
			v.Revision++
			db.versions[v.ID] = *v
			db.saves = append(db.saves, *v)
			return nil
		},
		NewDraftFn: func(_ context.Context, rubricID int64, _ scoring.Actor) (rubrics.Version, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			refs := db.refs(rubricID)
			if len(refs) == 0 {
				return rubrics.Version{}, rubrics.ErrNotFound
			}
			latest := db.versions[refs[0].ID]
			if latest.Status == rubrics.StatusDraft {
				return latest, nil
			}
			nv := latest
			nv.ID, nv.Number, nv.Status, nv.Revision, nv.PublishedAt = db.nextID, latest.Number+1, rubrics.StatusDraft, 0, nil
			db.nextID++
			db.versions[nv.ID] = nv
			return nv, nil
		},
		PublishVersionFn: func(_ context.Context, id, revision int64, _ scoring.Actor) (rubrics.Version, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			v, ok := db.versions[id]
			if !ok {
				return v, rubrics.ErrNotFound
			}
			if v.Status != rubrics.StatusDraft || v.Revision != revision {
				return v, fmt.Errorf("publish: %w", rubrics.ErrConflict)
			}
			for k, o := range db.versions {
				if o.RubricID == v.RubricID && o.Status == rubrics.StatusPublished {
					o.Status = rubrics.StatusArchived
					db.versions[k] = o
				}
			}
			at := fakeNow
			v.Status, v.PublishedAt = rubrics.StatusPublished, &at
			db.versions[id] = v
			return v, nil
		},
		ArchiveVersionFn: func(_ context.Context, id int64, _ scoring.Actor) error {
			db.mu.Lock()
			defer db.mu.Unlock()
			v, ok := db.versions[id]
			if !ok || v.Status != rubrics.StatusPublished {
				return rubrics.ErrConflict
			}
			v.Status = rubrics.StatusArchived
			db.versions[id] = v
			return nil
		},
		DeleteDraftFn: func(_ context.Context, id int64, _ scoring.Actor) error {
			db.mu.Lock()
			defer db.mu.Unlock()
			v, ok := db.versions[id]
			if !ok || v.Status != rubrics.StatusDraft {
				return rubrics.ErrConflict
			}
			delete(db.versions, id)
			return nil
		},
		ReviewScoresForRubricFn: func(_ context.Context, rubricID int64) ([]scoring.ReviewScores, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			return db.reviews[rubricID], nil
		},
	}
}
