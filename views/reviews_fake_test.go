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
