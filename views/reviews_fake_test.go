package views_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views"
)

// fakeReviews implements views.Reviews with one function field per method.
type fakeReviews struct {
	StartReviewFn     func(ctx context.Context, interactionID, rubricID int64, by scoring.Actor) (scoring.Review, error)
	ReviewFn          func(ctx context.Context, id int64) (scoring.Review, error)
	SaveReviewDraftFn func(ctx context.Context, r *scoring.Review, by scoring.Actor) error
	SubmitReviewFn    func(ctx context.Context, id, revision int64, by scoring.Actor) (scoring.Review, error)
	ApproveReviewFn   func(ctx context.Context, id, revision int64, by scoring.Actor) (scoring.Review, error)
	ListReviewsFn     func(ctx context.Context, f scoring.ReviewFilter) ([]scoring.ReviewSummary, int, error)
	MarkReviewReadFn  func(ctx context.Context, reviewID, userID int64, at time.Time) error
	AcknowledgeFn     func(ctx context.Context, reviewID, userID int64, at time.Time, by scoring.Actor) (time.Time, error)
	AckAtFn           func(ctx context.Context, reviewID, agentID int64) (*time.Time, error)
	DisputeFn         func(ctx context.Context, reviewID, revision int64, reason string, keys []string, by scoring.Actor) (scoring.Dispute, error)
	ResolveFn         func(ctx context.Context, reviewID, revision int64, reply string, levels map[string]int, by scoring.Actor) (scoring.Review, error)
	DisputeForFn      func(ctx context.Context, reviewID int64) (scoring.Dispute, error)
}

var _ views.Reviews = (*fakeReviews)(nil)

func (f *fakeReviews) StartReview(ctx context.Context, interactionID, rubricID int64, by scoring.Actor) (scoring.Review, error) {
	return f.StartReviewFn(ctx, interactionID, rubricID, by)
}
func (f *fakeReviews) Review(ctx context.Context, id int64) (scoring.Review, error) {
	return f.ReviewFn(ctx, id)
}
func (f *fakeReviews) SaveReviewDraft(ctx context.Context, r *scoring.Review, by scoring.Actor) error {
	return f.SaveReviewDraftFn(ctx, r, by)
}
func (f *fakeReviews) SubmitReview(ctx context.Context, id, revision int64, by scoring.Actor) (scoring.Review, error) {
	return f.SubmitReviewFn(ctx, id, revision, by)
}
func (f *fakeReviews) ApproveReview(ctx context.Context, id, revision int64, by scoring.Actor) (scoring.Review, error) {
	return f.ApproveReviewFn(ctx, id, revision, by)
}
func (f *fakeReviews) ListReviews(ctx context.Context, fl scoring.ReviewFilter) ([]scoring.ReviewSummary, int, error) {
	return f.ListReviewsFn(ctx, fl)
}

func (f *fakeReviews) MarkReviewRead(ctx context.Context, reviewID, userID int64, at time.Time) error {
	return f.MarkReviewReadFn(ctx, reviewID, userID, at)
}

func (f *fakeReviews) AcknowledgeReview(ctx context.Context, reviewID, userID int64, at time.Time, by scoring.Actor) (time.Time, error) {
	return f.AcknowledgeFn(ctx, reviewID, userID, at, by)
}

func (f *fakeReviews) ReviewAcknowledgedAt(ctx context.Context, reviewID, agentID int64) (*time.Time, error) {
	return f.AckAtFn(ctx, reviewID, agentID)
}

func (f *fakeReviews) DisputeReview(ctx context.Context, reviewID, revision int64, reason string, keys []string, by scoring.Actor) (scoring.Dispute, error) {
	return f.DisputeFn(ctx, reviewID, revision, reason, keys, by)
}

func (f *fakeReviews) ResolveDispute(ctx context.Context, reviewID, revision int64, reply string, levels map[string]int, by scoring.Actor) (scoring.Review, error) {
	return f.ResolveFn(ctx, reviewID, revision, reply, levels, by)
}

func (f *fakeReviews) DisputeFor(ctx context.Context, reviewID int64) (scoring.Dispute, error) {
	return f.DisputeForFn(ctx, reviewID)
}

// fakeAssignments implements views.Assignments with function fields.
type fakeAssignments struct {
	CreateAssignmentFn func(ctx context.Context, a *scoring.Assignment, by scoring.Actor) error
	ListAssignmentsFn  func(ctx context.Context, reviewerID int64) ([]scoring.Assignment, error)
	QueueFn            func(ctx context.Context, reviewerID int64, now time.Time) ([]scoring.QueueItem, []scoring.QueueProgress, error)
	SkipInteractionFn  func(ctx context.Context, assignmentID, interactionID int64, reason string, by scoring.Actor) error
}

var _ views.Assignments = (*fakeAssignments)(nil)

func (f *fakeAssignments) CreateAssignment(ctx context.Context, a *scoring.Assignment, by scoring.Actor) error {
	return f.CreateAssignmentFn(ctx, a, by)
}
func (f *fakeAssignments) ListAssignments(ctx context.Context, reviewerID int64) ([]scoring.Assignment, error) {
	return f.ListAssignmentsFn(ctx, reviewerID)
}
func (f *fakeAssignments) Queue(ctx context.Context, reviewerID int64, now time.Time) ([]scoring.QueueItem, []scoring.QueueProgress, error) {
	return f.QueueFn(ctx, reviewerID, now)
}
func (f *fakeAssignments) SkipInteraction(ctx context.Context, assignmentID, interactionID int64, reason string, by scoring.Actor) error {
	return f.SkipInteractionFn(ctx, assignmentID, interactionID, reason, by)
}

// reviewDB is a small in-memory review store behind a fakeReviews: drafts
// with revisions, and a log of saves so tests can check what the grading
// form sent.
type reviewDB struct {
	mu      sync.Mutex
	reviews map[int64]scoring.Review
	saves   []scoring.Review
	// submitErr, when set, is what SubmitReview answers.
	submitErr error
	// second sends submitted reviews for approval.
	second  bool
	lastFil scoring.ReviewFilter
	list    []scoring.ReviewSummary
	// approvals are the ApproveReview calls, in order.
	approvals []approveCall
	// reads are the MarkReviewRead calls: review id, user id.
	reads [][2]int64
	// acks are the acknowledgements by review id.
	acks map[int64]time.Time
	// disputes by review id, and the levels of each resolution.
	disputes map[int64]scoring.Dispute
	resolved []map[string]int
}

func (db *reviewDB) readCalls() [][2]int64 {
	db.mu.Lock()
	defer db.mu.Unlock()
	return slices.Clone(db.reads)
}

// approveCall is one ApproveReview call.
type approveCall struct {
	id, revision, by int64
}

func newReviewDB() *reviewDB { return &reviewDB{reviews: map[int64]scoring.Review{}} }

func (db *reviewDB) put(r scoring.Review) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.reviews[r.ID] = r
}

func (db *reviewDB) get(id int64) scoring.Review {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.reviews[id]
}

func (db *reviewDB) fake() *fakeReviews {
	return &fakeReviews{
		StartReviewFn: func(_ context.Context, interactionID, rubricID int64, by scoring.Actor) (scoring.Review, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			for _, r := range db.reviews {
				if r.InteractionID == interactionID && r.ReviewerID == by.UserID && r.State == scoring.ReviewDraft {
					return r, nil
				}
			}
			r := scoring.Review{ID: int64(900 + len(db.reviews)), InteractionID: interactionID, ReviewerID: by.UserID, State: scoring.ReviewDraft, Revision: 1}
			db.reviews[r.ID] = r
			return r, nil
		},
		ReviewFn: func(_ context.Context, id int64) (scoring.Review, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			r, ok := db.reviews[id]
			if !ok {
				return r, fmt.Errorf("review %d: %w", id, rubrics.ErrNotFound)
			}
			return r, nil
		},
		SaveReviewDraftFn: func(_ context.Context, r *scoring.Review, _ scoring.Actor) error {
			db.mu.Lock()
			defer db.mu.Unlock()
			db.saves = append(db.saves, *r)
			old, ok := db.reviews[r.ID]
			if !ok {
				return rubrics.ErrNotFound
			}
			if old.State != scoring.ReviewDraft || old.Revision != r.Revision {
				return fmt.Errorf("save review: %w", rubrics.ErrConflict)
			}
			r.Revision++
			db.reviews[r.ID] = *r
			return nil
		},
		SubmitReviewFn: func(_ context.Context, id, revision int64, _ scoring.Actor) (scoring.Review, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			if db.submitErr != nil {
				return scoring.Review{}, db.submitErr
			}
			r := db.reviews[id]
			if r.Revision != revision {
				return r, rubrics.ErrConflict
			}
			r.State = scoring.ReviewPublished
			if db.second {
				r.State = scoring.ReviewSubmitted
			}
			r.Revision++
			db.reviews[id] = r
			return r, nil
		},
		ApproveReviewFn: func(_ context.Context, id, revision int64, by scoring.Actor) (scoring.Review, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			db.approvals = append(db.approvals, approveCall{id, revision, by.UserID})
			r, ok := db.reviews[id]
			switch {
			case !ok:
				return r, fmt.Errorf("review %d: %w", id, rubrics.ErrNotFound)
			case r.ReviewerID == by.UserID:
				return r, fmt.Errorf("approve own review: %w", rubrics.ErrForbidden)
			case r.State != scoring.ReviewSubmitted || r.Revision != revision:
				return r, fmt.Errorf("approve review: %w", rubrics.ErrConflict)
			}
			r.State = scoring.ReviewPublished
			r.Revision++
			db.reviews[id] = r
			return r, nil
		},
		AcknowledgeFn: func(_ context.Context, reviewID, userID int64, at time.Time, _ scoring.Actor) (time.Time, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			if db.acks == nil {
				db.acks = map[int64]time.Time{}
			}
			if first, ok := db.acks[reviewID]; ok {
				return first, nil
			}
			db.acks[reviewID] = at
			return at, nil
		},
		DisputeFn: func(_ context.Context, reviewID, revision int64, reason string, keys []string, by scoring.Actor) (scoring.Dispute, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			r, ok := db.reviews[reviewID]
			switch {
			case !ok:
				return scoring.Dispute{}, rubrics.ErrNotFound
			case by.UserID != r.AgentID:
				return scoring.Dispute{}, rubrics.ErrForbidden
			case r.State != scoring.ReviewPublished || r.Revision != revision:
				return scoring.Dispute{}, rubrics.ErrConflict
			}
			if err := scoring.CheckDisputeText("reason", reason); err != nil {
				return scoring.Dispute{}, fmt.Errorf("store: dispute review %d: %w", reviewID, err)
			}
			r.State, r.Revision = scoring.ReviewDisputed, r.Revision+1
			db.reviews[reviewID] = r
			d := scoring.Dispute{ID: reviewID, ReviewID: reviewID, AgentID: by.UserID, Reason: reason, CriterionKeys: keys, CreatedAt: fakeNow}
			if db.disputes == nil {
				db.disputes = map[int64]scoring.Dispute{}
			}
			db.disputes[reviewID] = d
			return d, nil
		},
		ResolveFn: func(_ context.Context, reviewID, revision int64, reply string, levels map[string]int, by scoring.Actor) (scoring.Review, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			r, ok := db.reviews[reviewID]
			switch {
			case !ok:
				return r, rubrics.ErrNotFound
			case by.UserID == r.AgentID:
				return r, rubrics.ErrForbidden
			case r.State != scoring.ReviewDisputed || r.Revision != revision:
				return r, rubrics.ErrConflict
			}
			if err := scoring.CheckDisputeText("reply", reply); err != nil {
				return r, fmt.Errorf("store: resolve review %d: %w", reviewID, err)
			}
			d := db.disputes[reviewID]
			d.Outcome = scoring.DisputeUpheld
			for i, rt := range r.Ratings {
				if l, ok := levels[rt.CriterionKey]; ok && (rt.Level == nil || *rt.Level != l) {
					r.Ratings[i].Level = &l
					d.Outcome = scoring.DisputeChanged
				}
			}
			r.State, r.Revision = scoring.ReviewResolved, r.Revision+1
			db.reviews[reviewID] = r
			at := fakeNow
			d.ResolverID, d.ResolvedAt, d.Resolution = by.UserID, &at, reply
			db.disputes[reviewID] = d
			db.resolved = append(db.resolved, levels)
			return r, nil
		},
		DisputeForFn: func(_ context.Context, reviewID int64) (scoring.Dispute, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			d, ok := db.disputes[reviewID]
			if !ok {
				return d, rubrics.ErrNotFound
			}
			return d, nil
		},
		AckAtFn: func(_ context.Context, reviewID, _ int64) (*time.Time, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			if at, ok := db.acks[reviewID]; ok {
				return &at, nil
			}
			return nil, nil
		},
		MarkReviewReadFn: func(_ context.Context, reviewID, userID int64, at time.Time) error {
			db.mu.Lock()
			defer db.mu.Unlock()
			db.reads = append(db.reads, [2]int64{reviewID, userID})
			return nil
		},
		ListReviewsFn: func(_ context.Context, f scoring.ReviewFilter) ([]scoring.ReviewSummary, int, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			db.lastFil = f
			if f.PublishedSince.IsZero() && f.PublishedBefore.IsZero() {
				return db.list, len(db.list), nil
			}
			var out []scoring.ReviewSummary
			for _, r := range db.list {
				if r.PublishedAt == nil || !f.PublishedSince.IsZero() && r.PublishedAt.Before(f.PublishedSince) ||
					!f.PublishedBefore.IsZero() && !r.PublishedAt.Before(f.PublishedBefore) {
					continue
				}
				out = append(out, r)
			}
			return out, len(out), nil
		},
	}
}

func (db *reviewDB) approveCalls() []approveCall {
	db.mu.Lock()
	defer db.mu.Unlock()
	return slices.Clone(db.approvals)
}

func (db *reviewDB) lastSave() (scoring.Review, bool) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if len(db.saves) == 0 {
		return scoring.Review{}, false
	}
	return db.saves[len(db.saves)-1], true
}
