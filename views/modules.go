package views

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views/markdown"
	"github.com/qascore/qascore/views/pages"
)

// moduleWriters may write and edit coaching modules; supervisors may also
// assign them, to the agents of their own teams.
var moduleWriters = []coaching.Role{coaching.RoleTrainer, coaching.RoleAdmin}

func modulePath(id int64) string { return "/coaching/modules/" + strconv.FormatInt(id, 10) }

// handleModuleNew shows the form for a new module. ?criteria=key ticks a
// criterion already, so "Write a module" next to a weak criterion on the
// coaching page starts from it.
func (s *Server) handleModuleNew(c *gin.Context) {
	choices, err := s.criterionChoices(c.Request.Context(), c.QueryArray("criteria"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "New module", pages.ModuleForm(pages.ModuleFormData{Criteria: choices}))
}

// handleModuleCreate stores a new module and shows it.
func (s *Server) handleModuleCreate(c *gin.Context) {
	m, ok := s.parseModuleForm(c)
	if !ok {
		return
	}
	saved, err := s.deps.Modules.CreateModule(c.Request.Context(), m, actor(c))
	if s.moduleFormProblem(c, m, err) {
		return
	}
	s.flash(c, "Module saved. Assign it to the agents who need it.")
	c.Redirect(http.StatusSeeOther, modulePath(saved.ID))
}

// handleModuleEdit shows a module in its form.
func (s *Server) handleModuleEdit(c *gin.Context) {
	m, ok := s.loadModule(c)
	if !ok {
		return
	}
	choices, err := s.criterionChoices(c.Request.Context(), m.CriterionKeys)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "Edit module", pages.ModuleForm(pages.ModuleFormData{
		ID: m.ID, Title: m.Title, Body: m.Body, Version: m.Version, Criteria: choices,
	}))
}

// handleModuleUpdate saves an edited module; a save over someone else's
// newer one is refused with what was typed kept.
func (s *Server) handleModuleUpdate(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	m, ok := s.parseModuleForm(c)
	if !ok {
		return
	}
	m.ID = id
	saved, err := s.deps.Modules.UpdateModule(c.Request.Context(), m, actor(c))
	if s.moduleFormProblem(c, m, err) {
		return
	}
	s.flash(c, "Module saved.")
	c.Redirect(http.StatusSeeOther, modulePath(saved.ID))
}

// parseModuleForm reads the module form; a form that cannot be parsed at
// all has already been answered when ok is false.
func (s *Server) parseModuleForm(c *gin.Context) (coaching.Module, bool) {
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errors.Join(err, coaching.ErrInvalid))
		return coaching.Module{}, false
	}
	f := c.Request.PostForm
	m := coaching.Module{
		Title:         f.Get("title"),
		Body:          strings.ReplaceAll(f.Get("body"), "\r\n", "\n"),
		CriterionKeys: f["criteria"],
	}
	if v := f.Get("version"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			s.fail(c, coaching.ErrInvalid)
			return coaching.Module{}, false
		}
		m.Version = n
	}
	return m, true
}

// moduleFormProblem re-shows the form with what was typed when err is a
// problem the author can fix, and reports whether it answered the request.
func (s *Server) moduleFormProblem(c *gin.Context, m coaching.Module, err error) bool {
	if err == nil {
		return false
	}
	var ps coaching.Problems
	conflict := errors.Is(err, coaching.ErrConflict)
	if !conflict && !errors.As(err, &ps) {
		s.fail(c, err)
		return true
	}
	choices, cerr := s.criterionChoices(c.Request.Context(), m.CriterionKeys)
	if cerr != nil {
		s.fail(c, cerr)
		return true
	}
	status := http.StatusUnprocessableEntity
	if conflict {
		status = http.StatusConflict
	}
	s.render(c, status, "Module", pages.ModuleForm(pages.ModuleFormData{
		ID: m.ID, Title: m.Title, Body: m.Body, Version: m.Version, Criteria: choices,
		Problems: ps, Conflict: conflict,
	}))
	return true
}

// criterionChoices lists the criteria of every published rubric, once per
// key (a module is linked by key, so it follows the criterion across
// versions and rubrics), with checked ticked. A checked key no published
// rubric has any more is still listed, so saving the form keeps it.
func (s *Server) criterionChoices(ctx context.Context, checked []string) ([]pages.CriterionChoice, error) {
	names, err := s.criterionNames(ctx)
	if err != nil {
		return nil, err
	}
	var out []pages.CriterionChoice
	seen := map[string]bool{}
	for _, kn := range names {
		seen[kn.Key] = true
		out = append(out, pages.CriterionChoice{Key: kn.Key, Name: kn.Name, Checked: slices.Contains(checked, kn.Key)})
	}
	for _, k := range checked {
		if k = strings.TrimSpace(k); k != "" && !seen[k] && rubrics.ValidKey(k) {
			seen[k] = true
			out = append(out, pages.CriterionChoice{Key: k, Name: k, Checked: true})
		}
	}
	return out, nil
}

// keyName is a criterion key and the name it has in a published rubric.
type keyName struct{ Key, Name string }

// criterionNames returns each criterion key of the published rubrics with
// its name (see keyNamesOf).
func (s *Server) criterionNames(ctx context.Context) ([]keyName, error) {
	_, versions, err := s.publishedVersions(ctx)
	if err != nil {
		return nil, err
	}
	return keyNamesOf(versions), nil
}

// keyNamesOf returns each criterion key of versions with its name, in
// rubric order, the first version naming a key winning.
func keyNamesOf(versions []rubrics.Version) []keyName {
	var out []keyName
	seen := map[string]bool{}
	for _, v := range versions {
		for _, sc := range v.Criteria() {
			if !seen[sc.Criterion.Key] {
				seen[sc.Criterion.Key] = true
				out = append(out, keyName{sc.Criterion.Key, sc.Criterion.Name})
			}
		}
	}
	return out
}

// namesOf returns the name of each key, or the key itself when no
// published rubric has it any more.
func namesOf(names []keyName, keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		name := k
		if i := slices.IndexFunc(names, func(kn keyName) bool { return kn.Key == k }); i >= 0 {
			name = names[i].Name
		}
		out = append(out, name)
	}
	return out
}

// publishedVersions returns the rubrics with a published version and those
// versions, in the rubric list's order.
func (s *Server) publishedVersions(ctx context.Context) ([]rubrics.Summary, []rubrics.Version, error) {
	sums, err := s.deps.Rubrics.ListRubrics(ctx, rubrics.ListFilter{})
	if err != nil {
		return nil, nil, err
	}
	var rs []rubrics.Summary
	var vs []rubrics.Version
	for _, sum := range sums {
		if sum.Published == nil {
			continue
		}
		v, err := s.deps.Rubrics.Version(ctx, sum.Published.ID)
		if err != nil {
			return nil, nil, err
		}
		rs, vs = append(rs, sum), append(vs, v)
	}
	return rs, vs, nil
}

// loadModule loads the module named in the path; when ok is false the
// request has been answered (404 for a bad or unknown id).
func (s *Server) loadModule(c *gin.Context) (coaching.Module, bool) {
	id, err := pathID(c)
	if err == nil {
		var m coaching.Module
		if m, err = s.deps.Modules.Module(c.Request.Context(), id); err == nil {
			return m, true
		}
	}
	s.fail(c, err)
	return coaching.Module{}, false
}

// agentsOf is the set of the agents in teams.
func agentsOf(teams []coaching.TeamDetail) map[int64]bool {
	set := map[int64]bool{}
	for _, t := range teams {
		for _, a := range t.Agents {
			set[a.ID] = true
		}
	}
	return set
}

// handleModuleShow shows a module. Trainers and admins see every module
// with all its assignments, its effect and the assign form; a supervisor
// sees the assignments of their own teams' agents and may assign to them;
// an agent sees a module only when it is assigned to them, with the
// button to mark it done.
func (s *Server) handleModuleShow(c *gin.Context) {
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	m, ok := s.loadModule(c)
	if !ok {
		return
	}
	loc, _ := viewerLocation(c)
	now := s.deps.Now()
	d, rs, err := s.moduleData(ctx, m, loc)
	if err != nil {
		s.fail(c, err)
		return
	}
	if u.Role == coaching.RoleAgent {
		mine, err := s.deps.Modules.ListModuleAssignments(ctx, coaching.AssignmentFilter{ModuleID: m.ID, AgentID: u.ID})
		if err != nil {
			s.fail(c, err)
			return
		}
		if len(mine) == 0 {
			s.fail(c, coaching.ErrNotFound)
			return
		}
		d.Mine = &pages.AssignmentRow{Assignment: mine[0], Status: mine[0].Status(now, loc)}
		s.render(c, http.StatusOK, m.Title, pages.Module(d))
		return
	}
	if err := s.fillModuleStaff(c, &d, rs, u, loc, nil, ""); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, m.Title, pages.Module(d))
}

// publishedRubrics are the rubrics with a published version and those
// versions, loaded once per request.
type publishedRubrics struct {
	sums     []rubrics.Summary
	versions []rubrics.Version
}

// moduleData starts a module's page: the lesson rendered and the names of
// the criteria it teaches, from the published rubrics it also returns.
func (s *Server) moduleData(ctx context.Context, m coaching.Module, loc *time.Location) (pages.ModuleData, publishedRubrics, error) {
	sums, vs, err := s.publishedVersions(ctx)
	if err != nil {
		return pages.ModuleData{}, publishedRubrics{}, err
	}
	return pages.ModuleData{
		Module: m, BodyHTML: markdown.Render(m.Body), Loc: loc,
		CriterionNames: namesOf(keyNamesOf(vs), m.CriterionKeys),
	}, publishedRubrics{sums, vs}, nil
}

// fillModuleStaff adds what staff see on a module page: the assignments
// they may see, the effect and the assign form (with checked agents and
// a due date kept after a problem).
func (s *Server) fillModuleStaff(c *gin.Context, d *pages.ModuleData, rs publishedRubrics, u coaching.User, loc *time.Location, checked []int64, due string) error {
	ctx := c.Request.Context()
	now := s.deps.Now()
	teams, err := s.visibleTeams(ctx, u)
	if err != nil {
		return err
	}
	mine := agentsOf(teams) // agents this viewer may see and assign
	all, err := s.deps.Modules.ListModuleAssignments(ctx, coaching.AssignmentFilter{ModuleID: d.Module.ID})
	if err != nil {
		return err
	}
	var shown []coaching.ModuleAssignment
	has := map[int64]bool{}
	for _, a := range all {
		if u.Role != coaching.RoleSupervisor || mine[a.AgentID] {
			shown = append(shown, a)
			d.Assignments = append(d.Assignments, pages.AssignmentRow{Assignment: a, Status: a.Status(now, loc)})
			has[a.AgentID] = true
		}
	}
	eff, err := s.moduleEffect(ctx, d.Module, shown, rs)
	if err != nil {
		return err
	}
	d.Effect = eff
	d.CanEdit = slices.Contains(moduleWriters, u.Role)
	d.CanAssign = true
	if checked == nil {
		for _, v := range strings.Split(c.Query("agents"), ",") {
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
				checked = append(checked, n)
			}
		}
	}
	if due == "" {
		due = coaching.Date(now.In(loc)).AddDate(0, 0, 14).Format("2006-01-02")
	}
	d.Assign = pages.AssignFormData{Due: due, Min: coaching.Date(now.In(loc)).Format("2006-01-02")}
	for _, t := range teams {
		at := pages.AssignTeam{Name: t.Name}
		for _, a := range t.Agents {
			if a.Disabled {
				continue
			}
			at.Agents = append(at.Agents, pages.AssignCandidate{
				ID: a.ID, Name: a.Name, Has: has[a.ID], Checked: slices.Contains(checked, a.ID) && !has[a.ID],
			})
		}
		if len(at.Agents) > 0 {
			d.Assign.Teams = append(d.Assign.Teams, at)
		}
	}
	return nil
}

// visibleTeams is every team for trainers and admins, a supervisor's own
// teams for them.
func (s *Server) visibleTeams(ctx context.Context, u coaching.User) ([]coaching.TeamDetail, error) {
	teams, err := s.deps.Teams.ListTeams(ctx)
	if err != nil || u.Role != coaching.RoleSupervisor {
		return teams, err
	}
	var mine []coaching.TeamDetail
	for _, t := range teams {
		if slices.ContainsFunc(t.Supervisors, func(sv coaching.User) bool { return sv.ID == u.ID }) {
			mine = append(mine, t)
		}
	}
	return mine, nil
}

// moduleEffect measures m over the given assignments from the reviews of
// every published rubric.
func (s *Server) moduleEffect(ctx context.Context, m coaching.Module, as []coaching.ModuleAssignment, rs publishedRubrics) (coaching.ModuleEffect, error) {
	done := map[int64]bool{}
	for _, a := range as {
		if a.CompletedAt != nil {
			done[a.AgentID] = true
		}
	}
	if len(done) == 0 || len(m.CriterionKeys) == 0 {
		return coaching.MeasureModule(m, nil, nil, nil, scoring.DefaultMinN), nil
	}
	reviews, versions, err := s.reviewsOf(ctx, rs, done)
	if err != nil {
		return coaching.ModuleEffect{}, err
	}
	return coaching.MeasureModule(m, as, reviews, versions, scoring.DefaultMinN), nil
}

// reviewsOf returns the submitted and published reviews of the given
// agents under the published rubrics rs, with the versions they were
// scored with.
func (s *Server) reviewsOf(ctx context.Context, rs publishedRubrics, agents map[int64]bool) ([]scoring.ReviewScores, map[int64]rubrics.Version, error) {
	var all []scoring.ReviewScores
	for _, sum := range rs.sums {
		rs, err := s.deps.Rubrics.ReviewScoresForRubric(ctx, sum.ID)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, rs...)
	}
	return s.scoredBy(ctx, all, agents, rs.versions)
}

// scoredBy keeps the reviews of agents and returns them with the versions
// they were scored with, fetching only the versions not in known (the
// published ones, which callers already hold).
func (s *Server) scoredBy(ctx context.Context, reviews []scoring.ReviewScores, agents map[int64]bool, known []rubrics.Version) ([]scoring.ReviewScores, map[int64]rubrics.Version, error) {
	versions := make(map[int64]rubrics.Version, len(known))
	for _, v := range known {
		versions[v.ID] = v
	}
	var out []scoring.ReviewScores
	for _, r := range reviews {
		if !agents[r.AgentID] {
			continue
		}
		if _, ok := versions[r.VersionID]; !ok {
			v, err := s.deps.Rubrics.Version(ctx, r.VersionID)
			if err != nil {
				return nil, nil, err
			}
			versions[r.VersionID] = v
		}
		out = append(out, r)
	}
	return out, versions, nil
}

// handleModuleAssign assigns the module to the checked agents. A
// supervisor may assign only their own teams' agents; an agent id the
// viewer may not assign is refused as a whole, nothing written.
func (s *Server) handleModuleAssign(c *gin.Context) {
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	m, ok := s.loadModule(c)
	if !ok {
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errors.Join(err, coaching.ErrInvalid))
		return
	}
	loc, _ := viewerLocation(c)
	var agentIDs []int64
	for _, v := range c.Request.PostForm["agents"] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(c, coaching.ErrInvalid)
			return
		}
		agentIDs = append(agentIDs, n)
	}
	dueText := c.Request.PostForm.Get("due")
	var problem coaching.Problems
	due, err := coaching.ParseDue(dueText, s.deps.Now(), loc)
	if err != nil {
		errors.As(err, &problem)
	}
	if len(agentIDs) == 0 {
		problem = append(problem, coaching.FieldError{Field: "agents", Message: "choose at least one agent"})
	}
	teams, err := s.visibleTeams(ctx, u)
	if err != nil {
		s.fail(c, err)
		return
	}
	allowed := agentsOf(teams)
	for _, a := range agentIDs {
		if !allowed[a] {
			// Not an agent of a team the viewer can see: nothing to say
			// about who that is.
			s.fail(c, coaching.ErrNotFound)
			return
		}
	}
	if len(problem) == 0 {
		added, err := s.deps.Modules.AssignModule(ctx, m.ID, agentIDs, due, actor(c))
		if err != nil {
			s.fail(c, err)
			return
		}
		s.flash(c, assignedMessage(len(added), len(slices.Compact(slices.Sorted(slices.Values(agentIDs))))-len(added)))
		c.Redirect(http.StatusSeeOther, modulePath(m.ID)+"#assignments")
		return
	}
	d, rs, err := s.moduleData(ctx, m, loc)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.fillModuleStaff(c, &d, rs, u, loc, agentIDs, dueText); err != nil {
		s.fail(c, err)
		return
	}
	d.Assign.Problems = problem
	s.render(c, http.StatusUnprocessableEntity, m.Title, pages.Module(d))
}

// assignedMessage says what an assignment did, counting those who already
// had the module.
func assignedMessage(added, already int) string {
	msg := "Assigned to " + agentCount(added) + "."
	if added == 0 {
		msg = "Nothing new assigned."
	}
	if already > 0 {
		msg += " " + agentCount(already) + " already had this module."
	}
	return msg
}

func agentCount(n int) string {
	if n == 1 {
		return "1 agent"
	}
	return strconv.Itoa(n) + " agents"
}

// handleModuleComplete marks the agent's own assignment of the module done.
func (s *Server) handleModuleComplete(c *gin.Context) {
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	id, err := pathID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	mine, err := s.deps.Modules.ListModuleAssignments(ctx, coaching.AssignmentFilter{ModuleID: id, AgentID: u.ID})
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(mine) == 0 {
		s.fail(c, coaching.ErrNotFound)
		return
	}
	if _, err := s.deps.Modules.CompleteModuleAssignment(ctx, mine[0].ID, u.ID, s.deps.Now(), actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "Marked as done. Your next reviews show whether it worked.")
	c.Redirect(http.StatusSeeOther, modulePath(id))
}
