// Package scoring owns reviews (scorecards), ratings, evidence spans and
// disputes, the pure score computation and the statistics built on it.
// Transcripts being scored live in the subpackage transcript.
//
// The package is plain Go: it never imports gin, gorm, templ or net/http.
package scoring
