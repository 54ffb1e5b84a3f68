package views

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views/pages"
)

// scorecardPageSize is how many scorecards the agent's list shows.
const scorecardPageSize = 50

// handleScorecards is the agent's first screen: their score this month
// and last, each with n and its interval, then their published reviews,
// newest first.
func (s *Server) handleScorecards(c *gin.Context) {
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	list, total, err := s.deps.Reviews.ListReviews(ctx, scoring.ReviewFilter{
		AgentID:  u.ID,
		States:   scoring.AgentStates(),
		Limit:    scorecardPageSize,
		ReaderID: u.ID,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	loc, _ := viewerLocation(c)
	// Months are the viewer's months: a review published at 23:30 on the
	// 31st in Hanoi belongs to that month, not to the next one in UTC.
	now := s.deps.Now().In(loc)
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	lastMonth := thisMonth.AddDate(0, -1, 0)
	cur, err := s.monthStat(ctx, u.ID, thisMonth, thisMonth.AddDate(0, 1, 0))
	if err != nil {
		s.fail(c, err)
		return
	}
	prev, err := s.monthStat(ctx, u.ID, lastMonth, thisMonth)
	if err != nil {
		s.fail(c, err)
		return
	}
	plan, err := s.deps.Modules.ListModuleAssignments(ctx, coaching.AssignmentFilter{AgentID: u.ID})
	if err != nil {
		s.fail(c, err)
		return
	}
	rows := make([]pages.AssignmentRow, len(plan))
	for i, a := range plan {
		rows[i] = pages.AssignmentRow{Assignment: a, Status: a.Status(s.deps.Now(), loc)}
	}
	s.render(c, http.StatusOK, "My scorecards", pages.Scorecards(pages.ScorecardsData{
		Reviews: list, Total: total, Loc: loc,
		ThisMonth: pages.MonthStat{Month: thisMonth, Stat: cur},
		LastMonth: pages.MonthStat{Month: lastMonth, Stat: prev},
		Plan:      rows,
	}))
}

// monthStat aggregates the agent's published review scores in [from, to).
// Reviews whose score is unavailable (every criterion N/A) are not
// averaged; a bonus can lift a score above 100, so the interval's ceiling
// is the highest of 100 and the scores themselves.
func (s *Server) monthStat(ctx context.Context, agentID int64, from, to time.Time) (scoring.Stat, error) {
	const page = 200
	var scores []float64
	ceiling := 100.0
	for off := 0; ; off += page {
		list, total, err := s.deps.Reviews.ListReviews(ctx, scoring.ReviewFilter{
			AgentID: agentID, States: scoring.AgentStates(),
			PublishedSince: from, PublishedBefore: to,
			Offset: off, Limit: page,
		})
		if err != nil {
			return scoring.Stat{}, err
		}
		for _, r := range list {
			if r.Score != nil {
				scores = append(scores, *r.Score)
				ceiling = max(ceiling, *r.Score)
			}
		}
		if off+page >= total || len(list) == 0 {
			break
		}
	}
	return scoring.Aggregate(scores, scoring.DefaultMinN, ceiling), nil
}
