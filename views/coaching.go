package views

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views/pages"
)

// coachingPeriods are the look-back windows the coaching page offers, in
// days; the first is the default.
var coachingPeriods = []int{90, 30, 365}

// handleCoachingShow is the trainer's first screen: for each team the
// criteria of each published rubric, weakest first, with the agents who
// need them most — every number with its n and interval. Trainers and
// admins see every team, a supervisor the teams they supervise.
func (s *Server) handleCoachingShow(c *gin.Context) {
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	days := coachingPeriods[0]
	if d, err := strconv.Atoi(c.Query("days")); err == nil && slices.Contains(coachingPeriods, d) {
		days = d
	}
	since := s.deps.Now().AddDate(0, 0, -days)

	teams, err := s.deps.Teams.ListTeams(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	if u.Role == coaching.RoleSupervisor {
		var mine []coaching.TeamDetail
		for _, t := range teams {
			if slices.ContainsFunc(t.Supervisors, func(sv coaching.User) bool { return sv.ID == u.ID }) {
				mine = append(mine, t)
			}
		}
		teams = mine
	}
	sums, err := s.deps.Rubrics.ListRubrics(ctx, rubrics.ListFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	d := pages.CoachingData{Days: days, Periods: coachingPeriods, HasTeams: len(teams) > 0}
	for _, sum := range sums {
		if sum.Published == nil {
			continue
		}
		v, err := s.deps.Rubrics.Version(ctx, sum.Published.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		all, err := s.deps.Rubrics.ReviewScoresForRubric(ctx, sum.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		// A new slice: the store's is not ours to rearrange.
		var recent []scoring.ReviewScores
		for _, r := range all {
			if !r.At.Before(since) {
				recent = append(recent, r)
			}
		}
		rd := pages.CoachingRubric{Name: sum.Name, Version: v.Number}
		for _, t := range teams {
			agents := map[int64]bool{}
			for _, a := range t.Agents {
				agents[a.ID] = true
			}
			var own []scoring.ReviewScores
			for _, r := range recent {
				if agents[r.AgentID] {
					own = append(own, r)
				}
			}
			rd.Teams = append(rd.Teams, pages.CoachingTeam{
				Name: t.Name, Reviews: len(own), Agents: len(t.Agents),
				Criteria: scoring.CriterionInsights(v, own, scoring.DefaultMinN),
			})
		}
		d.Rubrics = append(d.Rubrics, rd)
	}
	s.render(c, http.StatusOK, "Coaching", pages.Coaching(d))
}
