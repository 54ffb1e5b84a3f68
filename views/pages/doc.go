// Package pages holds one templ file per screen. Every htmx swap target is
// its own exported component with an id and a data-testid, so handlers can
// render just that fragment and tests can find it.
package pages
