// Package coaching owns the people side of the tool: users and their roles,
// teams and who belongs to or supervises them, and coaching: modules
// (lessons linked to rubric criteria), their assignments to agents, and
// the before/after measure of what a module changed.
//
// The package is plain Go: it never imports gin, gorm, templ or net/http.
// Password hashing needs golang.org/x/crypto and so lives in views/password.
package coaching
