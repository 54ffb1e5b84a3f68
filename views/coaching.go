package views

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views/markdown"
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
	sums, versions, err := s.publishedVersions(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := pages.CoachingData{Days: days, Periods: coachingPeriods, HasTeams: len(teams) > 0}
	var everything []scoring.ReviewScores // every rubric's reviews, for the modules' effects
	for i, sum := range sums {
		v := versions[i]
		all, err := s.deps.Rubrics.ReviewScoresForRubric(ctx, sum.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		everything = append(everything, all...)
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
	if err := s.fillCoachingModules(c, &d, u, teams, versions, everything); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "Coaching", pages.Coaching(d))
}

// fillCoachingModules adds the modules to the coaching page, each with its
// completion and effect over the assignments of the agents in teams (a
// supervisor's own; everyone's for trainers and admins). published are
// the published versions and reviews every review of their rubrics, which
// the page has loaded already.
func (s *Server) fillCoachingModules(c *gin.Context, d *pages.CoachingData, u coaching.User, teams []coaching.TeamDetail, published []rubrics.Version, reviews []scoring.ReviewScores) error {
	ctx := c.Request.Context()
	d.CanWrite = slices.Contains(moduleWriters, u.Role)
	mods, err := s.deps.Modules.ListModules(ctx)
	if err != nil || len(mods) == 0 {
		return err
	}
	all, err := s.deps.Modules.ListModuleAssignments(ctx, coaching.AssignmentFilter{})
	if err != nil {
		return err
	}
	seen := agentsOf(teams)
	byModule := map[int64][]coaching.ModuleAssignment{}
	done := map[int64]bool{}
	for _, a := range all {
		if u.Role == coaching.RoleSupervisor && !seen[a.AgentID] {
			continue
		}
		byModule[a.ModuleID] = append(byModule[a.ModuleID], a)
		if a.CompletedAt != nil {
			done[a.AgentID] = true
		}
	}
	reviews, versions, err := s.scoredBy(ctx, reviews, done, published)
	if err != nil {
		return err
	}
	names := keyNamesOf(published)
	loc, _ := viewerLocation(c)
	now := s.deps.Now()
	for _, m := range mods {
		ms := pages.ModuleSummary{
			Module: m, CriterionNames: namesOf(names, m.CriterionKeys), Excerpt: markdown.Plain(m.Body, 110),
			Effect: coaching.MeasureModule(m, byModule[m.ID], reviews, versions, scoring.DefaultMinN),
		}
		for _, a := range byModule[m.ID] {
			ms.Assigned++
			switch a.Status(now, loc) {
			case coaching.StatusDone:
				ms.Done++
			case coaching.StatusOverdue:
				ms.Overdue++
			}
		}
		d.Modules = append(d.Modules, ms)
	}
	return nil
}
