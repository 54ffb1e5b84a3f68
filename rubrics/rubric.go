package rubrics

import "time"

// ScaleKind names how a criterion is rated.
type ScaleKind string

// The scales. Point scales rate 1..N (binary 0..1); a custom scale rates
// one of its outcomes, each carrying its own score.
const (
	ScaleBinary ScaleKind = "binary"
	Scale3      ScaleKind = "3-point"
	Scale4      ScaleKind = "4-point"
	Scale5      ScaleKind = "5-point"
	ScaleCustom ScaleKind = "custom"
)

// ScaleKinds lists every scale in the order the editor offers them.
var ScaleKinds = []ScaleKind{ScaleBinary, Scale3, Scale4, Scale5, ScaleCustom}

// Outcome is one choice of a custom scale, e.g. "Resolved" (1.0, pass),
// "Partly resolved" (0.5, fail).
type Outcome struct {
	Label string
	Score float64 // in [0, 1]
	Pass  bool
}

// Scale is the allowed ratings of a criterion. Outcomes is used only by
// ScaleCustom, best first (scores descending).
type Scale struct {
	Kind     ScaleKind
	Outcomes []Outcome
}

// Level is one rating a grader can give: the stored value, what the button
// says, and its score in [0, 1].
type Level struct {
	Value int
	Label string
	Score float64
	Pass  bool // meaningful for custom outcomes; for point scales Score ≥ 0.5
}

// VersionStatus is the life-cycle state of a rubric version.
type VersionStatus string

// A draft is editable; a published version is frozen and used for new
// reviews; an archived version is frozen and hidden from new reviews but
// kept for the reviews that pinned it.
const (
	StatusDraft     VersionStatus = "draft"
	StatusPublished VersionStatus = "published"
	StatusArchived  VersionStatus = "archived"
)

// Criterion is one thing a grader rates.
type Criterion struct {
	// Key is stable across versions ([a-z0-9-], 1–64 characters), so
	// ratings can be compared between versions of a rubric.
	Key      string
	Name     string
	Guidance string
	// Anchors describe what each rating level looks like, keyed by
	// Level.Value ("3: acknowledges the issue but generically").
	Anchors     map[int]string
	GoodExample string
	PoorExample string
	Scale       Scale
	Weight      int // 0–100, relative within the rubric
	AllowNA     bool
	// Critical: any rating below 50 makes the whole review score 0.
	Critical bool
	// Bonus: not part of the weighted mean; adds Weight × value/100 points
	// on top, capped by Version.ScoreCap.
	Bonus bool
	// EvidenceBelowMax: a rating below the top level needs an evidence
	// span or a comment before the review can be submitted.
	EvidenceBelowMax bool
}

// Section groups criteria.
type Section struct {
	Key         string // stable across versions, like Criterion.Key
	Name        string
	Description string
	// FailSection: if any applicable criterion in it scores below 50 (or
	// takes a failing custom outcome), every criterion of the section
	// counts as 0.
	FailSection bool
	// Bonus: every criterion in it is a bonus criterion.
	Bonus    bool
	Criteria []Criterion
}

// Rubric is a named scorecard template; its content lives in versions.
type Rubric struct {
	ID          int64
	Name        string
	Description string
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Version is one version of a rubric's content. Reviews pin a version id.
type Version struct {
	ID       int64
	RubricID int64
	Number   int // 1, 2, … within the rubric
	Status   VersionStatus
	// ScoreCap is the highest review score allowed (100–200). Above 100
	// only bonus points can take a score there.
	ScoreCap int
	// SecondCheck sends submitted reviews for approval before the agent
	// sees them.
	SecondCheck bool
	Sections    []Section
	// Revision is the optimistic-lock counter of a draft: every save
	// must carry the revision it read.
	Revision    int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
	PublishedBy int64
}

// Summary is a rubric as listed: its latest version and, if any, the
// version new reviews use.
type Summary struct {
	Rubric
	Latest    VersionRef
	Published *VersionRef
	Versions  int
}

// VersionRef identifies a version without its content.
type VersionRef struct {
	ID     int64
	Number int
	Status VersionStatus
}

// ListFilter selects rubrics for listing.
type ListFilter struct {
	// PublishedOnly hides rubrics without a published version (what
	// trainers and agents may see).
	PublishedOnly bool
}
