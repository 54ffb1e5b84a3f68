package views

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views/pages"
)

// scorecardPageSize is how many scorecards the agent's list shows.
const scorecardPageSize = 50

// handleScorecards is the agent's first screen: their published reviews,
// newest first.
func (s *Server) handleScorecards(c *gin.Context) {
	u, _ := currentUser(c)
	list, total, err := s.deps.Reviews.ListReviews(c.Request.Context(), scoring.ReviewFilter{
		AgentID: u.ID,
		States:  []scoring.ReviewState{scoring.ReviewPublished, scoring.ReviewDisputed, scoring.ReviewResolved},
		Limit:   scorecardPageSize,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	loc, _ := viewerLocation(c)
	s.render(c, http.StatusOK, "My scorecards", pages.Scorecards(pages.ScorecardsData{Reviews: list, Total: total, Loc: loc}))
}
