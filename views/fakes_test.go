package views_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/views"
)

// fakeUsers implements views.Users with one function field per method.
type fakeUsers struct {
	CreateUserFn  func(ctx context.Context, u *coaching.User, by scoring.Actor) error
	UserByIDFn    func(ctx context.Context, id int64) (coaching.User, error)
	UserByEmailFn func(ctx context.Context, email string) (coaching.User, error)
	ListUsersFn   func(ctx context.Context, f coaching.UserFilter) ([]coaching.User, int, error)
	UpdateUserFn  func(ctx context.Context, id int64, upd coaching.UserUpdate, by scoring.Actor) (coaching.User, error)
}

var _ views.Users = (*fakeUsers)(nil)

func (f *fakeUsers) CreateUser(ctx context.Context, u *coaching.User, by scoring.Actor) error {
	return f.CreateUserFn(ctx, u, by)
}
func (f *fakeUsers) UserByID(ctx context.Context, id int64) (coaching.User, error) {
	return f.UserByIDFn(ctx, id)
}
func (f *fakeUsers) UserByEmail(ctx context.Context, email string) (coaching.User, error) {
	return f.UserByEmailFn(ctx, email)
}
func (f *fakeUsers) ListUsers(ctx context.Context, fl coaching.UserFilter) ([]coaching.User, int, error) {
	return f.ListUsersFn(ctx, fl)
}
func (f *fakeUsers) UpdateUser(ctx context.Context, id int64, upd coaching.UserUpdate, by scoring.Actor) (coaching.User, error) {
	return f.UpdateUserFn(ctx, id, upd, by)
}

// fakeTeams implements views.Teams.
type fakeTeams struct {
	CreateTeamFn     func(ctx context.Context, t *coaching.Team, by scoring.Actor) error
	TeamFn           func(ctx context.Context, id int64) (coaching.TeamDetail, error)
	ListTeamsFn      func(ctx context.Context) ([]coaching.TeamDetail, error)
	SetTeamMembersFn func(ctx context.Context, teamID int64, ms []coaching.Membership, by scoring.Actor) error
}

var _ views.Teams = (*fakeTeams)(nil)

func (f *fakeTeams) CreateTeam(ctx context.Context, t *coaching.Team, by scoring.Actor) error {
	return f.CreateTeamFn(ctx, t, by)
}
func (f *fakeTeams) Team(ctx context.Context, id int64) (coaching.TeamDetail, error) {
	return f.TeamFn(ctx, id)
}
func (f *fakeTeams) ListTeams(ctx context.Context) ([]coaching.TeamDetail, error) {
	return f.ListTeamsFn(ctx)
}
func (f *fakeTeams) SetTeamMembers(ctx context.Context, teamID int64, ms []coaching.Membership, by scoring.Actor) error {
	return f.SetTeamMembersFn(ctx, teamID, ms, by)
}

// fakeInteractions implements views.Interactions.
type fakeInteractions struct {
	ListInteractionsFn  func(ctx context.Context, f transcript.Filter) ([]transcript.Summary, int, error)
	InteractionFn       func(ctx context.Context, id int64, scope transcript.Scope) (transcript.Interaction, error)
	InteractionFacetsFn func(ctx context.Context, scope transcript.Scope) (transcript.Facets, error)
}

var _ views.Interactions = (*fakeInteractions)(nil)

func (f *fakeInteractions) ListInteractions(ctx context.Context, fl transcript.Filter) ([]transcript.Summary, int, error) {
	return f.ListInteractionsFn(ctx, fl)
}
func (f *fakeInteractions) Interaction(ctx context.Context, id int64, scope transcript.Scope) (transcript.Interaction, error) {
	return f.InteractionFn(ctx, id, scope)
}
func (f *fakeInteractions) InteractionFacets(ctx context.Context, scope transcript.Scope) (transcript.Facets, error) {
	return f.InteractionFacetsFn(ctx, scope)
}

// fakePinger implements views.Pinger.
type fakePinger struct {
	PingFn func(ctx context.Context) error
}

func (f *fakePinger) Ping(ctx context.Context) error { return f.PingFn(ctx) }

// userDB is a small in-memory user table behind a fakeUsers, with a log of
// writes so tests can check that nothing was written.
type userDB struct {
	mu      sync.Mutex
	users   map[int64]coaching.User
	nextID  int64
	creates int
	updates []coaching.UserUpdate
	actors  []scoring.Actor
}

func newUserDB() *userDB { return &userDB{users: map[int64]coaching.User{}, nextID: 1} }

func (db *userDB) add(u coaching.User) coaching.User {
	db.mu.Lock()
	defer db.mu.Unlock()
	u.ID = db.nextID
	db.nextID++
	u.AuthVersion = 1
	db.users[u.ID] = u
	return u
}

func (db *userDB) get(id int64) coaching.User {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.users[id]
}

func (db *userDB) set(u coaching.User) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.users[u.ID] = u
}

func (db *userDB) fake() *fakeUsers {
	return &fakeUsers{
		CreateUserFn: func(_ context.Context, u *coaching.User, by scoring.Actor) error {
			db.mu.Lock()
			defer db.mu.Unlock()
			for _, x := range db.users {
				if x.Email == u.Email {
					return fmt.Errorf("create user: %w", coaching.ErrConflict)
				}
			}
			db.creates++
			db.actors = append(db.actors, by)
			u.ID = db.nextID
			db.nextID++
			u.AuthVersion = 1
			db.users[u.ID] = *u
			return nil
		},
		UserByIDFn: func(_ context.Context, id int64) (coaching.User, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			u, ok := db.users[id]
			if !ok {
				return coaching.User{}, fmt.Errorf("user %d: %w", id, coaching.ErrNotFound)
			}
			return u, nil
		},
		UserByEmailFn: func(_ context.Context, email string) (coaching.User, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			for _, u := range db.users {
				if u.Email == email {
					return u, nil
				}
			}
			return coaching.User{}, fmt.Errorf("user %q: %w", email, coaching.ErrNotFound)
		},
		ListUsersFn: func(_ context.Context, f coaching.UserFilter) ([]coaching.User, int, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			var out []coaching.User
			for _, u := range db.users {
				if (f.Role == "" || u.Role == f.Role) && (f.IncludeDisabled || !u.Disabled) &&
					(f.Query == "" || strings.Contains(strings.ToLower(u.Name+" "+u.Email), strings.ToLower(f.Query))) {
					out = append(out, u)
				}
			}
			slices.SortFunc(out, func(a, b coaching.User) int { return strings.Compare(a.Name, b.Name) })
			total := len(out)
			out = out[min(f.Offset, len(out)):]
			if f.Limit > 0 && len(out) > f.Limit {
				out = out[:f.Limit]
			}
			return out, total, nil
		},
		UpdateUserFn: func(_ context.Context, id int64, upd coaching.UserUpdate, by scoring.Actor) (coaching.User, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			u, ok := db.users[id]
			if !ok {
				return coaching.User{}, coaching.ErrNotFound
			}
			db.updates = append(db.updates, upd)
			db.actors = append(db.actors, by)
			if upd.Name != nil {
				u.Name = *upd.Name
			}
			if upd.Role != nil || upd.Disabled != nil || upd.PasswordHash != nil {
				u.AuthVersion++
			}
			if upd.Role != nil {
				u.Role = *upd.Role
			}
			if upd.Disabled != nil {
				u.Disabled = *upd.Disabled
			}
			if upd.PasswordHash != nil {
				u.PasswordHash = *upd.PasswordHash
			}
			db.users[id] = u
			return u, nil
		},
	}
}
