// Package components is the UI kit: small templ components (buttons, field
// rows, pagers, badges) that know nothing of the domain, so any screen can
// use them.
package components
