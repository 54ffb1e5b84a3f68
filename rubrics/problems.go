package rubrics

import "strings"

// Problem is one thing wrong with a rubric, at a field path such as
// "sections[1].criteria[0].weight", so editors and importers can show it
// next to the field.
type Problem struct {
	Path    string
	Message string
}

// Problems is every problem found; as an error it wraps ErrInvalid.
type Problems []Problem

// Error joins the problems into one line, each as "path: message" (just
// the message when the problem has no path).
func (p Problems) Error() string {
	parts := make([]string, len(p))
	for i, pr := range p {
		if pr.Path == "" {
			// A problem with the whole document (too large, not JSON)
			// has no field to name.
			parts[i] = pr.Message
			continue
		}
		parts[i] = pr.Path + ": " + pr.Message
	}
	return strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(p, ErrInvalid) true.
func (p Problems) Unwrap() error { return ErrInvalid }

// At returns the messages for exactly path.
func (p Problems) At(path string) []string {
	var out []string
	for _, pr := range p {
		if pr.Path == path {
			out = append(out, pr.Message)
		}
	}
	return out
}
