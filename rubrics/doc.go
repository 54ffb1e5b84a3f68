// Package rubrics owns scorecard templates: rubrics, their versions,
// sections, criteria and rating scales, with the rules for validating and
// versioning them. It also holds the sentinel errors shared by every domain
// package, because it sits at the bottom of the domain dependency chain
// (coaching → scoring → rubrics) and so is the one place all of them can
// import without a cycle.
//
// Rubrics travel between workspaces as qascore.rubric/v1 JSON documents
// (Encode, Decode); SCHEMA.md in this directory documents every field.
//
// The package is plain Go: it never imports gin, gorm, templ or net/http.
package rubrics
