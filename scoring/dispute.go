package scoring

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qascore/qascore/rubrics"
)

// Dispute is an agent's challenge of their published review and, once
// answered, its resolution. A review has at most one: the dispute moves
// it to disputed, the resolution to resolved, and resolved is final.
type Dispute struct {
	ID, ReviewID, AgentID int64
	// Reason is the agent's, in their words; required.
	Reason string
	// CriterionKeys are the criteria challenged; empty means the review
	// as a whole.
	CriterionKeys []string
	CreatedAt     time.Time
	// ResolverID, ResolvedAt, Resolution and Outcome are set once a
	// supervisor has answered.
	ResolverID int64
	ResolvedAt *time.Time
	Resolution string
	Outcome    DisputeOutcome
}

// DisputeOutcome is how a dispute ended.
type DisputeOutcome string

// Outcomes: the scores stood, or the resolver changed at least one.
const (
	DisputeUpheld  DisputeOutcome = "upheld"
	DisputeChanged DisputeOutcome = "changed"
)

// MaxDisputeText is the longest reason or reply, in characters: room for
// a paragraph, not an essay the other side cannot answer.
const MaxDisputeText = 2000

// CheckDisputeText checks a dispute's reason or a resolution's reply:
// required, valid text, at most MaxDisputeText characters. The error
// names what (e.g. "reason") and wraps rubrics.ErrInvalid.
func CheckDisputeText(what, s string) error {
	switch n := utf8.RuneCountInString(s); {
	case !utf8.ValidString(s):
		return fmt.Errorf("the %s is not valid text: %w", what, rubrics.ErrInvalid)
	case strings.TrimSpace(s) == "":
		return fmt.Errorf("write a %s: %w", what, rubrics.ErrInvalid)
	case n > MaxDisputeText:
		return fmt.Errorf("the %s is %d characters; keep it to %d: %w", what, n, MaxDisputeText, rubrics.ErrInvalid)
	}
	return nil
}
