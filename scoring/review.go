package scoring

import "time"

// Rating is a grader's verdict on one criterion of a review.
type Rating struct {
	CriterionKey string
	// Level is the chosen rubrics.Level.Value; nil when not rated.
	Level *int
	// NA marks the criterion not applicable; it then drops out of the
	// score entirely. NA and Level are never both set.
	NA      bool
	Comment string
	// Evidence is the words the rating rests on.
	Evidence []Evidence
}

// CriterionResult is one criterion's contribution to a review score.
type CriterionResult struct {
	Key        string
	SectionKey string
	// Value is the criterion's 0–100 value; nil when N/A or not rated.
	Value *float64
	// Counted is false for N/A, unrated and bonus criteria, which stay
	// out of the weighted mean.
	Counted bool
	Bonus   bool
	// Failed: below 50, or a custom outcome marked as a fail.
	Failed bool
	Weight int
}

// SectionResult is a section's share of the score.
type SectionResult struct {
	Key string
	// Failed is set for a fail section in which some applicable
	// criterion failed; its criteria then count as 0.
	Failed bool
	// Value is the weighted mean of the section's counted criteria (after
	// any section fail), nil when nothing in it was counted.
	Value *float64
}

// Result is a computed review score. Per-criterion values are kept even
// when a critical failure zeroes the score, for analysis.
type Result struct {
	// Available is false when nothing applicable was rated (or every
	// rated criterion weighs 0): the score is unknown, never 0.
	Available bool
	// Score is the final score: 0 if AutoFailed, else Base + Bonus capped
	// at the version's ScoreCap.
	Score float64
	// Base is the weighted mean over counted criteria, 0–100.
	Base float64
	// Bonus is the points bonus criteria added before the cap.
	Bonus float64
	// AutoFailed is true when a critical criterion scored below 50.
	AutoFailed bool
	// CriticalKeys are the critical criteria that caused AutoFailed.
	CriticalKeys []string
	Criteria     []CriterionResult
	Sections     []SectionResult
}

// Stat is an average with how sure it is: n, mean and a 95 % interval.
// Below the minimum n it is not Sufficient and must be shown as
// "insufficient evidence", never as a number to rank people by.
type Stat struct {
	N          int
	Mean       float64
	Low, High  float64 // 95 % interval, clamped to the possible range
	Sufficient bool
}

// ReviewScores is what the impact preview needs of one stored review:
// whose it was and the ratings by criterion key.
type ReviewScores struct {
	ReviewID  int64
	AgentID   int64
	AgentName string
	VersionID int64
	Ratings   []Rating
	At        time.Time
}

// AgentImpact compares one agent's IQS under the published version with
// the same stored ratings rescored under a draft.
type AgentImpact struct {
	AgentID   int64
	AgentName string
	Current   Stat
	Draft     Stat
	// Change is Draft.Mean − Current.Mean (both over the same reviews).
	Change float64
}

// ReviewState is where a review is in its life cycle.
type ReviewState string

// Review states: a draft is private to its grader; submitted awaits a
// second check when the rubric asks for one; published is visible to the
// agent and immutable; a dispute reopens it until resolved.
const (
	ReviewDraft     ReviewState = "draft"
	ReviewSubmitted ReviewState = "submitted"
	ReviewPublished ReviewState = "published"
	ReviewDisputed  ReviewState = "disputed"
	ReviewResolved  ReviewState = "resolved"
)

// Review is one grader's scorecard of one interaction against one pinned
// rubric version.
type Review struct {
	ID            int64
	InteractionID int64
	AgentID       int64
	ReviewerID    int64
	VersionID     int64
	State         ReviewState
	Ratings       []Rating
	Comment       string
	// Score is the computed score when submitted; nil while a draft or
	// when unavailable.
	Score       *float64
	Revision    int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	SubmittedAt *time.Time
	PublishedAt *time.Time
}

// ReviewFilter selects reviews for listing. Zero values mean "any";
// set fields all apply.
type ReviewFilter struct {
	// AgentID selects reviews of this agent.
	AgentID int64
	// ReviewerID selects reviews by this reviewer.
	ReviewerID int64
	// SupervisorID selects reviews of agents who are agent-members of
	// teams this user supervises.
	SupervisorID int64
	// ExcludeReviewerID leaves out reviews by this reviewer (a second
	// check is never by the first reviewer).
	ExcludeReviewerID int64
	// States selects reviews in any of these states.
	States []ReviewState
	// PublishedSince, when not zero, keeps reviews published at or after
	// it (an agent's "this month").
	PublishedSince time.Time
	// PublishedBefore, when not zero, keeps reviews published before it.
	PublishedBefore time.Time
	// ReaderID, when not zero, fills each summary's ReadAt with when this
	// user first opened the review (nil: not yet).
	ReaderID int64
	// OldestFirst lists in the order reviews were created, for work
	// queues (approvals) where the one waiting longest comes first.
	OldestFirst bool
	Offset      int
	Limit       int
}

// ReviewSummary is a review as listed: enough to show a scorecard row
// without loading ratings or the transcript.
type ReviewSummary struct {
	ID            int64
	InteractionID int64
	Subject       string
	Channel       string
	AgentID       int64
	AgentName     string
	ReviewerID    int64
	ReviewerName  string
	RubricID      int64
	RubricName    string
	VersionID     int64
	VersionNumber int
	State         ReviewState
	Score         *float64
	UpdatedAt     time.Time
	PublishedAt   *time.Time
	// ReadAt is when the filter's ReaderID first opened the review; nil
	// when they have not, or when the filter named no reader.
	ReadAt *time.Time
	// AcknowledgedAt is when the filter's ReaderID acknowledged the
	// review; nil likewise.
	AcknowledgedAt *time.Time
}
