package scoring

import "time"

// Period is how often an assignment's quota resets.
type Period string

// Quotas count per calendar week (Monday start, UTC) or calendar month.
const (
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
)

// Sampling is how an assignment picks which conversations to review.
type Sampling string

// The sampling strategies a supervisor can choose.
const (
	SampleRandom       Sampling = "random"        // uniformly, reproducibly seeded per period
	SampleLowestCSAT   Sampling = "lowest-csat"   // worst customer satisfaction first
	SampleLongest      Sampling = "longest"       // longest duration (or most turns) first
	SampleMostCustomer Sampling = "most-customer" // most customer turns first
)

// Assignment asks reviewers to review a quota of conversations per agent
// per period, with one rubric, picked by a sampling strategy.
type Assignment struct {
	ID          int64
	Name        string
	RubricID    int64
	ReviewerIDs []int64
	AgentIDs    []int64 // agents named directly
	TeamIDs     []int64 // plus every agent of these teams
	Quota       int     // reviews per agent per period, 1–100
	Period      Period
	Sampling    Sampling
	Active      bool
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// QueueItem is one conversation waiting in a reviewer's queue.
type QueueItem struct {
	AssignmentID  int64
	InteractionID int64
	AgentID       int64
	AgentName     string
	// DraftReviewID is set when the reviewer already started a draft.
	DraftReviewID int64
}

// QueueProgress is a reviewer's progress toward an assignment's goal in
// the current period.
type QueueProgress struct {
	AssignmentID int64
	Name         string
	Done         int
	Goal         int
	PeriodStart  time.Time
	PeriodEnd    time.Time
}
