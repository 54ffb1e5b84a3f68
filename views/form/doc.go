// Package form turns submitted url.Values into typed form structs and
// collects per-field problems, so handlers stay a few lines long and every
// form reports errors next to the field that caused them.
package form
