package views_test

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views"
)

// fakeModules implements views.Modules with one function field per method.
type fakeModules struct {
	CreateModuleFn             func(ctx context.Context, m coaching.Module, by scoring.Actor) (coaching.Module, error)
	UpdateModuleFn             func(ctx context.Context, m coaching.Module, by scoring.Actor) (coaching.Module, error)
	ModuleFn                   func(ctx context.Context, id int64) (coaching.Module, error)
	ListModulesFn              func(ctx context.Context) ([]coaching.Module, error)
	AssignModuleFn             func(ctx context.Context, moduleID int64, agentIDs []int64, due time.Time, by scoring.Actor) ([]int64, error)
	ListModuleAssignmentsFn    func(ctx context.Context, f coaching.AssignmentFilter) ([]coaching.ModuleAssignment, error)
	CompleteModuleAssignmentFn func(ctx context.Context, id, agentID int64, at time.Time, by scoring.Actor) (coaching.ModuleAssignment, error)
}

var _ views.Modules = (*fakeModules)(nil)

func (f *fakeModules) CreateModule(ctx context.Context, m coaching.Module, by scoring.Actor) (coaching.Module, error) {
	return f.CreateModuleFn(ctx, m, by)
}
func (f *fakeModules) UpdateModule(ctx context.Context, m coaching.Module, by scoring.Actor) (coaching.Module, error) {
	return f.UpdateModuleFn(ctx, m, by)
}
func (f *fakeModules) Module(ctx context.Context, id int64) (coaching.Module, error) {
	return f.ModuleFn(ctx, id)
}
func (f *fakeModules) ListModules(ctx context.Context) ([]coaching.Module, error) {
	return f.ListModulesFn(ctx)
}
func (f *fakeModules) AssignModule(ctx context.Context, moduleID int64, agentIDs []int64, due time.Time, by scoring.Actor) ([]int64, error) {
	return f.AssignModuleFn(ctx, moduleID, agentIDs, due, by)
}
func (f *fakeModules) ListModuleAssignments(ctx context.Context, fl coaching.AssignmentFilter) ([]coaching.ModuleAssignment, error) {
	return f.ListModuleAssignmentsFn(ctx, fl)
}
func (f *fakeModules) CompleteModuleAssignment(ctx context.Context, id, agentID int64, at time.Time, by scoring.Actor) (coaching.ModuleAssignment, error) {
	return f.CompleteModuleAssignmentFn(ctx, id, agentID, at, by)
}

// moduleDB is a small in-memory module store behind a fakeModules; names
// come from the users the test seeded.
type moduleDB struct {
	mu      sync.Mutex
	modules map[int64]coaching.Module
	assigns []coaching.ModuleAssignment
	users   *userDB
	nextID  int64
}

func newModuleDB(users *userDB) *moduleDB {
	return &moduleDB{modules: map[int64]coaching.Module{}, users: users}
}

func (db *moduleDB) name(id int64) string {
	return db.users.get(id).Name
}

func (db *moduleDB) fake() *fakeModules {
	return &fakeModules{
		CreateModuleFn: func(_ context.Context, m coaching.Module, by scoring.Actor) (coaching.Module, error) {
			m.Normalize()
			if err := m.Validate(); err != nil {
				return coaching.Module{}, err
			}
			db.mu.Lock()
			defer db.mu.Unlock()
			db.nextID++
			m.ID, m.Version, m.AuthorID, m.AuthorName = db.nextID, 1, by.UserID, db.name(by.UserID)
			db.modules[m.ID] = m
			return m, nil
		},
		UpdateModuleFn: func(_ context.Context, m coaching.Module, _ scoring.Actor) (coaching.Module, error) {
			m.Normalize()
			if err := m.Validate(); err != nil {
				return coaching.Module{}, err
			}
			db.mu.Lock()
			defer db.mu.Unlock()
			cur, ok := db.modules[m.ID]
			if !ok {
				return coaching.Module{}, coaching.ErrNotFound
			}
			if cur.Version != m.Version {
				return coaching.Module{}, coaching.ErrConflict
			}
			cur.Title, cur.Body, cur.CriterionKeys = m.Title, m.Body, m.CriterionKeys
			cur.Version++
			db.modules[m.ID] = cur
			return cur, nil
		},
		ModuleFn: func(_ context.Context, id int64) (coaching.Module, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			m, ok := db.modules[id]
			if !ok {
				return coaching.Module{}, coaching.ErrNotFound
			}
			return m, nil
		},
		ListModulesFn: func(context.Context) ([]coaching.Module, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			out := slices.Collect(func(yield func(coaching.Module) bool) {
				for _, m := range db.modules {
					if !yield(m) {
						return
					}
				}
			})
			slices.SortFunc(out, func(a, b coaching.Module) int { return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID)) })
			return out, nil
		},
		AssignModuleFn: func(_ context.Context, moduleID int64, agentIDs []int64, due time.Time, by scoring.Actor) ([]int64, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			m, ok := db.modules[moduleID]
			if !ok {
				return nil, coaching.ErrNotFound
			}
			for _, id := range agentIDs {
				if db.users.get(id).Role != coaching.RoleAgent {
					return nil, coaching.ErrInvalid
				}
			}
			var added []int64
			for _, id := range slices.Compact(slices.Sorted(slices.Values(agentIDs))) {
				if slices.ContainsFunc(db.assigns, func(a coaching.ModuleAssignment) bool { return a.ModuleID == moduleID && a.AgentID == id }) {
					continue
				}
				db.nextID++
				db.assigns = append(db.assigns, coaching.ModuleAssignment{
					ID: db.nextID, ModuleID: moduleID, ModuleTitle: m.Title, AgentID: id, AgentName: db.name(id),
					AssignedBy: by.UserID, AssignedAt: time.Now().UTC(), Due: coaching.Date(due),
				})
				added = append(added, id)
			}
			return added, nil
		},
		ListModuleAssignmentsFn: func(_ context.Context, f coaching.AssignmentFilter) ([]coaching.ModuleAssignment, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			var out []coaching.ModuleAssignment
			for _, a := range db.assigns {
				if (f.ModuleID == 0 || a.ModuleID == f.ModuleID) && (f.AgentID == 0 || a.AgentID == f.AgentID) {
					out = append(out, a)
				}
			}
			slices.SortFunc(out, func(a, b coaching.ModuleAssignment) int {
				return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.AgentName, b.AgentName), cmp.Compare(a.ID, b.ID))
			})
			return out, nil
		},
		CompleteModuleAssignmentFn: func(_ context.Context, id, agentID int64, at time.Time, _ scoring.Actor) (coaching.ModuleAssignment, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			for i, a := range db.assigns {
				if a.ID == id && a.AgentID == agentID {
					if a.CompletedAt == nil {
						at := at.UTC()
						db.assigns[i].CompletedAt = &at
					}
					return db.assigns[i], nil
				}
			}
			return coaching.ModuleAssignment{}, coaching.ErrNotFound
		},
	}
}
