package views

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/views/layout"
	"github.com/qascore/qascore/views/pages"
)

// render writes a full page (or, for htmx requests, just body) with status.
// It renders with the request's context, never gin's Instance(), so
// cancellation and request-scoped values reach the components. The page is
// rendered into a buffer first so a failing component yields a clean 500
// page instead of half a page.
func (s *Server) render(c *gin.Context, status int, title string, body templ.Component) {
	ctx := c.Request.Context()
	var comp templ.Component = body
	if !wantsFragment(c) {
		d := s.pageData(c.Request, title)
		if u, ok := currentUser(c); ok {
			d.UserName = u.Name
			d.RoleLabel = u.Role.Label()
			d.Nav = navFor(u.Role, c.Request.URL.Path)
		}
		// Popping the flash changes the session, which scs must commit
		// before the first byte of the response is written: it is.
		d.Flash = s.sessions.PopString(ctx, sessionFlash)
		comp = layout.Page(d, body)
	}
	var buf bytes.Buffer
	if err := comp.Render(ctx, &buf); err != nil {
		s.log(c).Error("render failed", "title", title, "err", err)
		if status == http.StatusInternalServerError {
			c.String(status, "Something went wrong. Reference: "+RequestID(ctx))
			return
		}
		s.renderError(c, http.StatusInternalServerError)
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// wantsFragment reports whether this is an htmx request that swaps part of
// a page. History restores (the back button after htmx pushed a URL) and
// boosted links replace the whole document, so they get the whole page.
func wantsFragment(c *gin.Context) bool {
	return c.GetHeader("HX-Request") == "true" &&
		c.GetHeader("HX-History-Restore-Request") != "true" &&
		c.GetHeader("HX-Boosted") != "true"
}

func (s *Server) pageData(r *http.Request, title string) layout.PageData {
	return layout.PageData{Title: title, RequestID: RequestID(r.Context()), Version: s.deps.Version, Asset: s.assetURL}
}

// writeErrorPage renders an error page outside gin (static files,
// cross-origin refusals, session-store errors), with no user and no flash
// because there may be no session.
func (s *Server) writeErrorPage(w http.ResponseWriter, r *http.Request, status int) {
	ed := errorContent(status, RequestID(r.Context()))
	var buf bytes.Buffer
	_ = layout.Page(s.pageData(r, ed.Heading), pages.ErrorPage(ed)).Render(context.WithoutCancel(r.Context()), &buf)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// currentUser returns the logged-in user loaded by the auth middleware.
func currentUser(c *gin.Context) (coaching.User, bool) {
	u, ok := c.Get(ctxUser)
	if !ok {
		return coaching.User{}, false
	}
	user, ok := u.(coaching.User)
	return user, ok
}

// homeFor is each role's first screen (UX.md: the screen they use most).
// Only screens that exist are named here; as the queue, scorecards and
// coaching screens land, the supervisor, agent and trainer entries move.
func homeFor(r coaching.Role) string {
	switch r {
	case coaching.RoleAdmin:
		return "/admin"
	case coaching.RoleSupervisor:
		return "/queue"
	case coaching.RoleAgent:
		return "/scorecards"
	case coaching.RoleTrainer:
		return "/coaching"
	}
	return "/login"
}

// navFor lists the links a role can use, and only those (UX.md: no dead
// ends). The item whose Href is the longest prefix of path is current.
func navFor(r coaching.Role, path string) []layout.NavItem {
	// A supervisor's links; an admin has the same work around the
	// workspace's own pages.
	grader := []layout.NavItem{
		{Label: "My queue", Href: "/queue"},
		{Label: "Conversations", Href: "/interactions"},
		{Label: "Assignments", Href: "/assignments"},
		{Label: "Coaching", Href: "/coaching"},
		{Label: "Rubrics", Href: "/rubrics"},
		{Label: "Import", Href: "/imports"},
	}
	var items []layout.NavItem
	switch r {
	case coaching.RoleAdmin:
		items = append([]layout.NavItem{{Label: "Workspace", Href: "/admin"}}, grader...)
		items = append(items, layout.NavItem{Label: "Users", Href: "/admin/users"}, layout.NavItem{Label: "Teams", Href: "/admin/teams"})
	case coaching.RoleSupervisor:
		items = grader
	case coaching.RoleAgent:
		items = []layout.NavItem{
			{Label: "My scorecards", Href: "/scorecards"},
			{Label: "My conversations", Href: "/interactions"},
			{Label: "Rubrics", Href: "/rubrics"},
		}
	case coaching.RoleTrainer:
		items = []layout.NavItem{{Label: "Coaching", Href: "/coaching"}, {Label: "Teams", Href: "/teams"}, {Label: "Rubrics", Href: "/rubrics"}}
	}
	best := -1
	for i, it := range items {
		if (path == it.Href || strings.HasPrefix(path, it.Href+"/")) && (best < 0 || len(it.Href) > len(items[best].Href)) {
			best = i
		}
	}
	if best >= 0 {
		items[best].Active = true
	}
	return items
}
