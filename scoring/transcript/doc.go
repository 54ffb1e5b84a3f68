// Package transcript owns recorded conversations (interactions) and their
// turns, the one normalised shape every importer produces, and the
// invariants every stored conversation keeps: valid UTF-8, known roles,
// ordered turns, start ≤ end.
//
// The package is plain Go: it never imports gin, gorm, templ or net/http.
package transcript
