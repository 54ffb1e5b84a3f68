package views

import (
	"context"
	"time"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/transcript"
)

// The interfaces below are what the web layer consumes. They are declared
// here, by the consumer, and kept small; cmd/internal/store implements them
// and tests use hand-written function-field fakes.

// Users reads and changes user accounts.
type Users interface {
	// CreateUser stores u (ID, timestamps and versions are filled in).
	// A taken email is ErrConflict; a bad field is coaching.Problems.
	CreateUser(ctx context.Context, u *coaching.User, by scoring.Actor) error
	// UserByID returns the user or ErrNotFound.
	UserByID(ctx context.Context, id int64) (coaching.User, error)
	// UserByEmail looks up a normalised email; ErrNotFound if absent.
	UserByEmail(ctx context.Context, email string) (coaching.User, error)
	// ListUsers pages through users, newest name order, with the total.
	ListUsers(ctx context.Context, f coaching.UserFilter) ([]coaching.User, int, error)
	// UpdateUser applies the non-nil fields of upd. Changing role,
	// disabled or password bumps AuthVersion, ending existing sessions.
	UpdateUser(ctx context.Context, id int64, upd coaching.UserUpdate, by scoring.Actor) (coaching.User, error)
}

// Teams reads and changes teams and their members.
type Teams interface {
	// CreateTeam stores t; a taken name is ErrConflict.
	CreateTeam(ctx context.Context, t *coaching.Team, by scoring.Actor) error
	// Team returns a team with its members, or ErrNotFound.
	Team(ctx context.Context, id int64) (coaching.TeamDetail, error)
	// ListTeams returns every team with its members, by name.
	ListTeams(ctx context.Context) ([]coaching.TeamDetail, error)
	// SetTeamMembers replaces the team's memberships in one transaction.
	SetTeamMembers(ctx context.Context, teamID int64, ms []coaching.Membership, by scoring.Actor) error
}

// Interactions reads recorded conversations, always within a viewer scope.
type Interactions interface {
	// ListInteractions pages through f's matches, newest first, with the
	// total number of matches.
	ListInteractions(ctx context.Context, f transcript.Filter) ([]transcript.Summary, int, error)
	// Interaction returns one conversation with its turns, or ErrNotFound
	// when it does not exist or lies outside scope.
	Interaction(ctx context.Context, id int64, scope transcript.Scope) (transcript.Interaction, error)
	// InteractionFacets returns the filter choices visible within scope.
	InteractionFacets(ctx context.Context, scope transcript.Scope) (transcript.Facets, error)
}

// Pinger checks that the database answers, for /readyz.
type Pinger interface {
	Ping(ctx context.Context) error
}

// LoginFailures keeps failed sign-ins where every replica sees them, for
// the database-backed LoginThrottle.
type LoginFailures interface {
	// LoginFailureCounts counts failures after since from ip, against
	// account, and from ip against account not forgiven by a success.
	LoginFailureCounts(ctx context.Context, account, ip string, since time.Time) (byIP, byAccount, byPair int, err error)
	// RecordLoginFailure notes one failure at the given time.
	RecordLoginFailure(ctx context.Context, account, ip string, at time.Time) error
	// ClearLoginFailures forgives account's failures from ip.
	ClearLoginFailures(ctx context.Context, account, ip string) error
}
