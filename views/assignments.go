package views

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views/pages"
)

// maxPeopleListed bounds the people the assignment form offers per role.
const maxPeopleListed = 500

// handleAssignmentList lists the active assignments.
func (s *Server) handleAssignmentList(c *gin.Context) {
	ctx := c.Request.Context()
	as, err := s.deps.Assignments.ListAssignments(ctx, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	names := map[string]string{}
	rs, err := s.deps.Rubrics.ListRubrics(ctx, rubrics.ListFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, r := range rs {
		names["rubric:"+strconv.FormatInt(r.ID, 10)] = r.Name
	}
	for _, role := range []coaching.Role{coaching.RoleAdmin, coaching.RoleSupervisor, coaching.RoleAgent} {
		us, _, err := s.deps.Users.ListUsers(ctx, coaching.UserFilter{Role: role, IncludeDisabled: true, Limit: maxPeopleListed})
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, u := range us {
			names["user:"+strconv.FormatInt(u.ID, 10)] = u.Name
		}
	}
	ts, err := s.deps.Teams.ListTeams(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, t := range ts {
		names["team:"+strconv.FormatInt(t.ID, 10)] = t.Name
	}
	s.render(c, http.StatusOK, "Assignments", pages.AssignmentList(pages.AssignmentListData{Assignments: as, Names: names}))
}

// assignmentChoices fills in what the form offers: published rubrics,
// supervisors and admins as reviewers, agents, teams.
func (s *Server) assignmentChoices(c *gin.Context, d *pages.AssignmentFormData) error {
	ctx := c.Request.Context()
	rs, err := s.deps.Rubrics.ListRubrics(ctx, rubrics.ListFilter{PublishedOnly: true})
	if err != nil {
		return err
	}
	d.Rubrics = rs
	people := func(role coaching.Role) ([]pages.Choice, error) {
		us, _, err := s.deps.Users.ListUsers(ctx, coaching.UserFilter{Role: role, Limit: maxPeopleListed})
		var out []pages.Choice
		for _, u := range us {
			out = append(out, pages.Choice{ID: u.ID, Name: u.Name})
		}
		return out, err
	}
	sups, err := people(coaching.RoleSupervisor)
	if err != nil {
		return err
	}
	admins, err := people(coaching.RoleAdmin)
	if err != nil {
		return err
	}
	d.Reviewers = append(sups, admins...)
	if d.Agents, err = people(coaching.RoleAgent); err != nil {
		return err
	}
	ts, err := s.deps.Teams.ListTeams(ctx)
	if err != nil {
		return err
	}
	for _, t := range ts {
		d.Teams = append(d.Teams, pages.Choice{ID: t.ID, Name: t.Name})
	}
	return nil
}

// handleAssignmentNew shows the form, the current user preselected as
// reviewer.
func (s *Server) handleAssignmentNew(c *gin.Context) {
	u, _ := currentUser(c)
	d := pages.AssignmentFormData{Quota: "5", Period: string(scoring.PeriodWeek), Sampling: string(scoring.SampleRandom), ReviewerIDs: []int64{u.ID}}
	if err := s.assignmentChoices(c, &d); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "New assignment", pages.AssignmentNew(d))
}

func postIDs(c *gin.Context, name string) []int64 {
	var out []int64
	for _, v := range c.PostFormArray(name) {
		if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// handleAssignmentCreate creates an assignment; problems come back next
// to their fields (422) with everything entered kept.
func (s *Server) handleAssignmentCreate(c *gin.Context) {
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errors.Join(err, rubrics.ErrInvalid))
		return
	}
	clean := func(k string) string { return strings.TrimSpace(strings.ToValidUTF8(c.PostForm(k), "\uFFFD")) }
	d := pages.AssignmentFormData{
		Name: clean("name"), RubricID: formID(c, "rubric"),
		ReviewerIDs: postIDs(c, "reviewers"), AgentIDs: postIDs(c, "agents"), TeamIDs: postIDs(c, "teams"),
		Quota: clean("quota"), Period: clean("period"), Sampling: clean("sampling"),
	}
	quota, qerr := strconv.Atoi(d.Quota)
	a := scoring.Assignment{
		Name: d.Name, RubricID: d.RubricID, ReviewerIDs: d.ReviewerIDs, AgentIDs: d.AgentIDs, TeamIDs: d.TeamIDs,
		Quota: quota, Period: scoring.Period(d.Period), Sampling: scoring.Sampling(d.Sampling), Active: true,
	}
	err := a.Validate()
	if err == nil {
		err = s.deps.Assignments.CreateAssignment(c.Request.Context(), &a, actor(c))
	}
	var ps rubrics.Problems
	switch {
	case err == nil:
		s.flash(c, "Created the assignment "+a.Name+". Its conversations are in the reviewers' queues now.")
		c.Redirect(http.StatusSeeOther, "/assignments")
		return
	case errors.As(err, &ps):
		d.Problems = ps
	case errors.Is(err, rubrics.ErrConflict):
		d.Problems = rubrics.Problems{{Path: "name", Message: "An assignment with this name already exists; choose another name"}}
	default:
		s.fail(c, fmt.Errorf("create assignment: %w", err))
		return
	}
	if qerr != nil && len(d.Problems.At("quota")) == 0 {
		d.Problems = append(d.Problems, rubrics.Problem{Path: "quota", Message: "Enter a whole number from 1 to 100"})
	}
	if err := s.assignmentChoices(c, &d); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusUnprocessableEntity, "New assignment", pages.AssignmentNew(d))
}
