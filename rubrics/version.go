package rubrics

// Validate checks a version and returns every problem with its field path
// (as Problems, wrapping ErrInvalid), or nil.
func (v *Version) Validate() error {
	return nil // implemented in the rubric domain work
}

// Criteria returns every criterion of v in order, each with the section
// it belongs to.
func (v Version) Criteria() []SectionCriterion {
	var out []SectionCriterion
	for si := range v.Sections {
		for ci := range v.Sections[si].Criteria {
			out = append(out, SectionCriterion{Section: &v.Sections[si], Criterion: &v.Sections[si].Criteria[ci]})
		}
	}
	return out
}

// SectionCriterion is a criterion with its section.
type SectionCriterion struct {
	Section   *Section
	Criterion *Criterion
}

// Editable reports whether the version may still change.
func (v Version) Editable() bool { return v.Status == StatusDraft }
