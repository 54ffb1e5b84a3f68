package scoring

import "github.com/qascore/qascore/rubrics"

// The domain-wide sentinel errors, re-exported so callers working with
// scoring types need not import rubrics just to test an error. They are the
// same values, so errors.Is matches either name.
var (
	ErrNotFound  = rubrics.ErrNotFound  // see rubrics.ErrNotFound
	ErrConflict  = rubrics.ErrConflict  // see rubrics.ErrConflict
	ErrInvalid   = rubrics.ErrInvalid   // see rubrics.ErrInvalid
	ErrForbidden = rubrics.ErrForbidden // see rubrics.ErrForbidden
)
