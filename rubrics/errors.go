package rubrics

import "errors"

// Sentinel errors shared by all domain packages. The store translates driver
// errors into these, every layer wraps them with %w, and the web layer maps
// them to HTTP statuses in exactly one place (views/errors.go).
var (
	// ErrNotFound means the object does not exist or the caller may not know
	// that it exists (the web layer answers 404 in both cases).
	ErrNotFound = errors.New("not found")
	// ErrConflict means the write clashes with stored state: a unique value
	// already taken, or a stale optimistic-lock version.
	ErrConflict = errors.New("conflict")
	// ErrInvalid means the input breaks a domain rule; the wrapping error
	// says which.
	ErrInvalid = errors.New("invalid input")
	// ErrForbidden means the caller is known but not allowed to do this.
	ErrForbidden = errors.New("forbidden")
)
