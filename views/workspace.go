package views

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/views/pages"
)

// handleWorkspace is the admin's start page with counts of users, teams
// and conversations.
func (s *Server) handleWorkspace(c *gin.Context) {
	ctx := c.Request.Context()
	_, users, err := s.deps.Users.ListUsers(ctx, coaching.UserFilter{IncludeDisabled: true, Limit: 1})
	if err != nil {
		s.fail(c, err)
		return
	}
	teams, err := s.deps.Teams.ListTeams(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	_, convs, err := s.deps.Interactions.ListInteractions(ctx, transcript.Filter{Scope: transcript.Scope{All: true}, Limit: 1})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "Workspace", pages.Workspace(pages.WorkspaceData{Users: users, Teams: len(teams), Conversations: convs}))
}
