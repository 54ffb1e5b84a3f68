package scoring

import (
	"fmt"
	"strings"

	"github.com/qascore/qascore/rubrics"
)

// Messages of the submit check, exported through rubrics.Problems so the
// grading screen can show them next to the criterion.
const (
	msgUnrated      = "Rate this criterion or mark it N/A"
	msgNeedEvidence = "A rating below the top needs evidence or a comment"
	msgNANotAllowed = "N/A is not allowed here"
)

// CriterionPath is the problem path of a criterion in a review:
// "criteria.<key>".
func CriterionPath(key string) string { return "criteria." + key }

// CheckSubmit reports whether ratings can be submitted against v: every
// criterion of v is rated with a level of its scale or marked N/A (where
// the criterion allows it), a rating below the scale's top on a criterion
// with EvidenceBelowMax carries evidence or a non-blank comment, no rating
// names a criterion v lacks or rates one twice, and every evidence span is
// a non-empty, non-negative rune range. Problems are at
// CriterionPath(key); nil means the review can be submitted.
//
// Bonus criteria must be rated too: "not rated" and "did nothing extra"
// are different answers, and the lowest level says the latter.
func CheckSubmit(v rubrics.Version, ratings []Rating) error {
	var p rubrics.Problems
	add := func(key, msg string) {
		p = append(p, rubrics.Problem{Path: CriterionPath(key), Message: msg})
	}
	byKey := make(map[string]*Rating, len(ratings))
	known := map[string]bool{}
	for _, sc := range v.Criteria() {
		known[sc.Criterion.Key] = true
	}
	for i := range ratings {
		rt := &ratings[i]
		switch {
		case !known[rt.CriterionKey]:
			add(rt.CriterionKey, fmt.Sprintf("version %d has no criterion %q", v.Number, rt.CriterionKey))
			continue
		case byKey[rt.CriterionKey] != nil:
			add(rt.CriterionKey, "rated twice")
			continue
		}
		byKey[rt.CriterionKey] = rt
		for j, e := range rt.Evidence {
			if e.Start < 0 || e.Start >= e.End {
				add(rt.CriterionKey, fmt.Sprintf("evidence %d: span [%d, %d) is empty or negative", j+1, e.Start, e.End))
			}
		}
	}
	for _, sc := range v.Criteria() {
		c := sc.Criterion
		rt := byKey[c.Key]
		switch {
		case rt == nil || (!rt.NA && rt.Level == nil):
			add(c.Key, msgUnrated)
		case rt.NA && rt.Level != nil:
			add(c.Key, "Choose a rating or N/A, not both")
		case rt.NA:
			if !c.AllowNA {
				add(c.Key, msgNANotAllowed)
			}
		default:
			lvl, ok := c.Scale.Level(*rt.Level)
			if !ok {
				add(c.Key, fmt.Sprintf("%d is not a level of the %s scale", *rt.Level, c.Scale.Kind))
				continue
			}
			top, _ := c.Scale.Top()
			if c.EvidenceBelowMax && lvl.Score < top.Score &&
				len(rt.Evidence) == 0 && strings.TrimSpace(rt.Comment) == "" {
				add(c.Key, msgNeedEvidence)
			}
		}
	}
	if len(p) > 0 {
		return p
	}
	return nil
}
