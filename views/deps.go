package views

import (
	"context"
	"time"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/scoring/transcript/ingest"
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

// Rubrics reads and changes rubrics and their versions.
type Rubrics interface {
	// ListRubrics returns rubrics by name with their latest and published
	// versions.
	ListRubrics(ctx context.Context, f rubrics.ListFilter) ([]rubrics.Summary, error)
	// Rubric returns a rubric and refs to all its versions, newest first.
	Rubric(ctx context.Context, id int64) (rubrics.Rubric, []rubrics.VersionRef, error)
	// Version returns one version with its content.
	Version(ctx context.Context, id int64) (rubrics.Version, error)
	// CreateRubric stores r with v as its version 1 draft (IDs, numbers
	// and times are filled in). A taken name is ErrConflict.
	CreateRubric(ctx context.Context, r *rubrics.Rubric, v *rubrics.Version, by scoring.Actor) error
	// UpdateRubric changes name and description (not versioned).
	UpdateRubric(ctx context.Context, r *rubrics.Rubric, by scoring.Actor) error
	// SaveDraft replaces a draft's content. A version that is not a draft,
	// or whose Revision moved since it was read, is ErrConflict; on
	// success v.Revision is the new revision.
	SaveDraft(ctx context.Context, v *rubrics.Version, by scoring.Actor) error
	// NewDraft returns the rubric's draft, creating it as a copy of the
	// latest version (same criterion keys) when there is none.
	NewDraft(ctx context.Context, rubricID int64, by scoring.Actor) (rubrics.Version, error)
	// PublishVersion freezes a valid draft at the given revision and
	// archives the previously published version. Invalid content is
	// rubrics.Problems; a stale revision or a non-draft is ErrConflict.
	PublishVersion(ctx context.Context, versionID, revision int64, by scoring.Actor) (rubrics.Version, error)
	// ArchiveVersion hides a published version from new reviews.
	ArchiveVersion(ctx context.Context, versionID int64, by scoring.Actor) error
	// DeleteDraft discards a draft version (never a frozen one).
	DeleteDraft(ctx context.Context, versionID int64, by scoring.Actor) error
	// ReviewScoresForRubric returns the ratings of every submitted or
	// published review made with any version of the rubric.
	ReviewScoresForRubric(ctx context.Context, rubricID int64) ([]scoring.ReviewScores, error)
}

// Modules stores coaching modules and their assignments to agents.
type Modules interface {
	// CreateModule stores a new module (Normalize and Validate are
	// applied; Problems on bad input) authored by by.UserID, at version 1.
	CreateModule(ctx context.Context, m coaching.Module, by scoring.Actor) (coaching.Module, error)
	// UpdateModule saves title, body and criteria of module m.ID, which
	// must still be at m.Version (else ErrConflict); it returns the module
	// at its new version.
	UpdateModule(ctx context.Context, m coaching.Module, by scoring.Actor) (coaching.Module, error)
	// Module returns one module, or ErrNotFound.
	Module(ctx context.Context, id int64) (coaching.Module, error)
	// ListModules returns every module, by title.
	ListModules(ctx context.Context) ([]coaching.Module, error)
	// AssignModule assigns the module to each agent due on due (a civil
	// date). Agents who already have it are skipped; it returns the ids
	// newly assigned. An id that is not an agent is ErrInvalid and nothing
	// is written.
	AssignModule(ctx context.Context, moduleID int64, agentIDs []int64, due time.Time, by scoring.Actor) ([]int64, error)
	// ListModuleAssignments returns the assignments f selects, soonest
	// due first.
	ListModuleAssignments(ctx context.Context, f coaching.AssignmentFilter) ([]coaching.ModuleAssignment, error)
	// CompleteModuleAssignment marks assignment id done by its agent at
	// at (ErrNotFound for anyone else); doing it again keeps the first
	// time.
	CompleteModuleAssignment(ctx context.Context, id, agentID int64, at time.Time, by scoring.Actor) (coaching.ModuleAssignment, error)
}

// Reviews reads and writes scorecards.
type Reviews interface {
	// StartReview returns the reviewer's open draft of the interaction
	// with the rubric's published version, creating it when there is
	// none. A rubric without a published version is ErrInvalid.
	StartReview(ctx context.Context, interactionID, rubricID int64, by scoring.Actor) (scoring.Review, error)
	// Review returns one review with its ratings and evidence.
	Review(ctx context.Context, id int64) (scoring.Review, error)
	// SaveReviewDraft replaces a draft's ratings (with evidence) and
	// comment. A stale Revision or a review that is no longer a draft is
	// ErrConflict; on success r.Revision is the new revision.
	SaveReviewDraft(ctx context.Context, r *scoring.Review, by scoring.Actor) error
	// SubmitReview checks the draft can be submitted (every criterion
	// rated or N/A; evidence or a comment where the rubric requires it —
	// rubrics.Problems otherwise), computes and stores its score, and
	// publishes it, or marks it submitted when the version asks for a
	// second check.
	SubmitReview(ctx context.Context, id, revision int64, by scoring.Actor) (scoring.Review, error)
	// ApproveReview publishes a submitted review (the second check).
	ApproveReview(ctx context.Context, id, revision int64, by scoring.Actor) (scoring.Review, error)
	// ListReviews pages through reviews, newest first, with the total.
	ListReviews(ctx context.Context, f scoring.ReviewFilter) ([]scoring.ReviewSummary, int, error)
	// MarkReviewRead records userID's first opening of a review (later
	// ones change nothing), for the agent's unread marks.
	MarkReviewRead(ctx context.Context, reviewID, userID int64, at time.Time) error
	// AcknowledgeReview records that the review's agent acknowledged it
	// (the first time stands) and returns when. Anyone else is
	// ErrForbidden; a review the agent cannot read yet is ErrNotFound.
	AcknowledgeReview(ctx context.Context, reviewID, userID int64, at time.Time, by scoring.Actor) (time.Time, error)
	// ReviewAcknowledgedAt returns when agentID acknowledged the review,
	// nil when not yet.
	ReviewAcknowledgedAt(ctx context.Context, reviewID, agentID int64) (*time.Time, error)
	// DisputeReview records the review's agent disputing it at revision
	// with a reason and optionally criterion keys; the review becomes
	// disputed. Not the agent: ErrForbidden; not published or stale:
	// ErrConflict; bad reason or key: ErrInvalid.
	DisputeReview(ctx context.Context, reviewID, revision int64, reason string, keys []string, by scoring.Actor) (scoring.Dispute, error)
	// ResolveDispute answers a disputed review at revision with a reply
	// and the levels to set (none: the scores stand); it becomes
	// resolved, for good.
	ResolveDispute(ctx context.Context, reviewID, revision int64, reply string, levels map[string]int, by scoring.Actor) (scoring.Review, error)
	// DisputeFor returns the review's dispute, or ErrNotFound.
	DisputeFor(ctx context.Context, reviewID int64) (scoring.Dispute, error)
}

// Assignments reads and changes review assignments and reviewers' queues.
type Assignments interface {
	// CreateAssignment stores a valid assignment.
	CreateAssignment(ctx context.Context, a *scoring.Assignment, by scoring.Actor) error
	// ListAssignments returns active assignments; reviewerID 0 means all.
	ListAssignments(ctx context.Context, reviewerID int64) ([]scoring.Assignment, error)
	// Queue returns what reviewerID should review next, in order, and
	// progress toward each assignment's goal in the period around now.
	Queue(ctx context.Context, reviewerID int64, now time.Time) ([]scoring.QueueItem, []scoring.QueueProgress, error)
	// SkipInteraction takes a conversation out of the reviewer's queue
	// for this assignment, with a reason (required).
	SkipInteraction(ctx context.Context, assignmentID, interactionID int64, reason string, by scoring.Actor) error
}

// Imports runs conversation imports and maps imported agent names to
// agent accounts.
type Imports interface {
	// Import reads files and stores their conversations (see
	// ingest.Service.Import).
	Import(ctx context.Context, files []transcript.File, opts ingest.Options) (ingest.Report, error)
	// UnmappedAgents lists agent names of conversations without an agent
	// account, most conversations first.
	UnmappedAgents(ctx context.Context) ([]ingest.UnmappedAgent, error)
	// MapAgent gives the name's unmapped conversations to the agent
	// account userID and remembers the name; a non-agent is ErrInvalid.
	MapAgent(ctx context.Context, name string, userID int64, by scoring.Actor) (int, error)
}
