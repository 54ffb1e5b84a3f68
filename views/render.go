package views

import (
	"github.com/a-h/templ"
	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/views/layout"
)

// render writes a full page (or, for htmx requests, just body) with status.
// It renders with the request's context, never gin's Instance(), so
// cancellation and request-scoped values reach the components.
func (s *Server) render(c *gin.Context, status int, title string, body templ.Component) {
	c.Status(status)
	c.Header("Content-Type", "text/html; charset=utf-8")
	if c.GetHeader("HX-Request") == "true" {
		_ = body.Render(c.Request.Context(), c.Writer)
		return
	}
	page := layout.Page(layout.PageData{Title: title, Asset: func(n string) string { return "/static/" + n }}, body)
	_ = page.Render(c.Request.Context(), c.Writer)
}

// currentUser returns the logged-in user loaded by the auth middleware.
func currentUser(c *gin.Context) (coaching.User, bool) {
	u, ok := c.Get("user")
	if !ok {
		return coaching.User{}, false
	}
	user, ok := u.(coaching.User)
	return user, ok
}
