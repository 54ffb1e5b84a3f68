// Package views is the web layer: the route table, handlers, middleware,
// sessions and error mapping. Handlers parse input, call the domain through
// the small interfaces in deps.go, and render templ components. It holds no
// business rules of its own.
package views
