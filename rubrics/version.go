package rubrics

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Validate checks a version and returns every problem with its field path
// (as Problems, wrapping ErrInvalid), or nil. The paths are the ones the
// JSON schema uses (see SCHEMA.md), e.g. "sections[1].criteria[0].weight",
// so the editor and the importer can show each problem next to its field.
// Validate never changes v; it takes a pointer only so large versions are
// not copied.
func (v *Version) Validate() error {
	var c checker
	if v == nil {
		c.add("", "there is no rubric version to check")
		return c.result()
	}
	c.version(v)
	return c.result()
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

// CheckEditable returns nil for a draft and, for a frozen version, an
// error wrapping ErrConflict that tells the user what to do instead.
// Published versions are frozen because reviews pin them: changing one
// would silently change the meaning of every score made with it.
func (v Version) CheckEditable() error {
	switch v.Status {
	case StatusDraft:
		return nil
	case StatusPublished, StatusArchived:
		return fmt.Errorf("version %d is %s and frozen; edit a new draft instead: %w", v.Number, v.Status, ErrConflict)
	}
	return fmt.Errorf("version %d has unknown status %q and cannot be edited: %w", v.Number, v.Status, ErrConflict)
}

// CanTransition reports whether a version may move from one status to
// another. Only draft → published and published → archived are allowed:
// a frozen version never thaws (edit a new draft instead), and a draft is
// deleted rather than archived because no review can have pinned it.
func CanTransition(from, to VersionStatus) bool {
	return (from == StatusDraft && to == StatusPublished) ||
		(from == StatusPublished && to == StatusArchived)
}

// NextDraft returns a deep copy of v as the next draft: ID 0, status
// draft, Number + 1, Revision 0, no creation, update or publication data.
// Section and criterion keys are kept, so ratings stay comparable across
// versions. Editing the copy never changes v: every slice and map is
// copied.
func (v Version) NextDraft() Version {
	return Version{
		RubricID:    v.RubricID,
		Number:      v.Number + 1,
		Status:      StatusDraft,
		ScoreCap:    v.ScoreCap,
		SecondCheck: v.SecondCheck,
		Sections:    cloneSections(v.Sections),
	}
}

// Criterion returns the criterion with the given key and the section that
// holds it, as deep copies (changing them does not change v).
func (v Version) Criterion(key string) (Criterion, Section, bool) {
	for _, s := range v.Sections {
		for _, c := range s.Criteria {
			if c.Key == key {
				return cloneCriterion(c), cloneSection(s), true
			}
		}
	}
	return Criterion{}, Section{}, false
}

// TakenKeys returns the section keys and the criterion keys v uses, ready
// to pass to NewSectionKey and NewKey.
func (v Version) TakenKeys() (sections, criteria map[string]bool) {
	sections, criteria = map[string]bool{}, map[string]bool{}
	for _, s := range v.Sections {
		sections[s.Key] = true
		for _, c := range s.Criteria {
			criteria[c.Key] = true
		}
	}
	return sections, criteria
}

// MaxKeyLen is the longest key allowed, in bytes (keys are ASCII).
const MaxKeyLen = 64

// ValidKey reports whether key is a valid section or criterion key:
// lower-case ASCII letters, digits and hyphens, 1–64 characters, not
// starting with a hyphen. Keys are kept ASCII because they appear in URLs,
// exports and AutoQA lexicons.
func ValidKey(key string) bool {
	if len(key) == 0 || len(key) > MaxKeyLen || key[0] == '-' {
		return false
	}
	for i := 0; i < len(key); i++ {
		if !isKeyByte(key[i]) {
			return false
		}
	}
	return true
}

func isKeyByte(b byte) bool {
	return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-'
}

// NewKey derives a new, valid criterion key from a name that is not in
// taken: "Positive language" → "positive-language", then
// "positive-language-2" if that is taken. Names with no ASCII letters or
// digits, or with any letter outside ASCII (Thai, Armenian, "Café"),
// become "criterion-N" with the smallest free N; transliteration is
// deliberately not attempted. taken is not changed:
// add the result yourself when creating several keys.
func NewKey(name string, taken map[string]bool) string {
	return newKey(name, "criterion", taken)
}

// NewSectionKey is NewKey for sections: the fallback is "section-N".
func NewSectionKey(name string, taken map[string]bool) string {
	return newKey(name, "section", taken)
}

func newKey(name, fallback string, taken map[string]bool) string {
	// A name with letters outside ASCII would lose them and give a
	// misleading slug ("Lời chào" → "l-i-ch-o"), so it takes the fallback.
	if strings.ContainsFunc(name, func(r rune) bool { return r >= 0x80 && unicode.IsLetter(r) }) {
		name = ""
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 0x80 && isKeyByte(byte(r)) && r != '-' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		// Everything else (spaces, punctuation, non-ASCII letters)
		// separates words; runs collapse into one hyphen.
		dash = true
	}
	base := b.String()
	if base == "" || !strings.ContainsFunc(base, func(r rune) bool { return r != '-' }) {
		for n := 1; ; n++ {
			k := fallback + "-" + strconv.Itoa(n)
			if !taken[k] {
				return k
			}
		}
	}
	if k := trimKey(base, MaxKeyLen); !taken[k] {
		return k
	}
	for n := 2; ; n++ {
		suffix := "-" + strconv.Itoa(n)
		if k := trimKey(base, MaxKeyLen-len(suffix)) + suffix; !taken[k] {
			return k
		}
	}
}

// trimKey cuts an ASCII slug to at most n bytes without leaving a hyphen
// at the end.
func trimKey(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.TrimRight(s, "-")
}

func cloneSections(in []Section) []Section {
	if in == nil {
		return nil
	}
	out := make([]Section, len(in))
	for i, s := range in {
		out[i] = cloneSection(s)
	}
	return out
}

func cloneSection(s Section) Section {
	if s.Criteria != nil {
		cs := make([]Criterion, len(s.Criteria))
		for i, c := range s.Criteria {
			cs[i] = cloneCriterion(c)
		}
		s.Criteria = cs
	}
	return s
}

func cloneCriterion(c Criterion) Criterion {
	c.Anchors = maps.Clone(c.Anchors)
	c.Scale.Outcomes = slices.Clone(c.Scale.Outcomes)
	return c
}
