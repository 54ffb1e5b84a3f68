// Package coaching owns the people side of the tool: users and their roles,
// teams and who belongs to or supervises them, and (later) coaching plans,
// modules and assignments.
//
// The package is plain Go: it never imports gin, gorm, templ or net/http.
// Password hashing needs golang.org/x/crypto and so lives in views/password.
package coaching
