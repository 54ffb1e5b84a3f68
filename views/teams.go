package views

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/views/form"
	"github.com/qascore/qascore/views/pages"
)

// maxCandidates caps each role's list in the member editor; a workspace
// with more agents needs a searchable picker (htmx), not a longer page.
const maxCandidates = 500

const msgDuplicateTeam = "A team with this name already exists."

// handleTeamList is the admin's editable team list.
func (s *Server) handleTeamList(c *gin.Context) { s.teamList(c, true) }

// handleTeamDirectory is the read-only team list for trainers, so they can
// see who is in which team.
func (s *Server) handleTeamDirectory(c *gin.Context) { s.teamList(c, false) }

func (s *Server) teamList(c *gin.Context, editable bool) {
	ts, err := s.deps.Teams.ListTeams(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "Teams", pages.TeamList(pages.TeamListData{Teams: ts, Editable: editable}))
}

// handleTeamNew shows the create-team form.
func (s *Server) handleTeamNew(c *gin.Context) {
	s.render(c, http.StatusOK, "Create a team", pages.TeamNew(pages.TeamFormData{}))
}

// handleTeamCreate creates a team and goes on to its member editor.
func (s *Server) handleTeamCreate(c *gin.Context) {
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errors.Join(err, coaching.ErrInvalid))
		return
	}
	f := form.ParseTeamCreate(c.Request.PostForm)
	t := coaching.Team{Name: f.Name}
	err := t.Validate()
	if err == nil {
		err = s.deps.Teams.CreateTeam(c.Request.Context(), &t, actor(c))
	}
	var ps coaching.Problems
	switch {
	case errors.Is(err, coaching.ErrConflict):
		ps = coaching.Problems{{Field: "name", Message: msgDuplicateTeam}}
	case errors.As(err, &ps):
	case err != nil:
		s.fail(c, err)
		return
	}
	if len(ps) > 0 {
		s.render(c, http.StatusUnprocessableEntity, "Create a team", pages.TeamNew(pages.TeamFormData{Name: f.Name, Problems: ps}))
		return
	}
	s.flash(c, "Created team "+t.Name+". Now choose its supervisors and agents.")
	c.Redirect(http.StatusSeeOther, teamPath(t.ID))
}

func teamPath(id int64) string { return "/admin/teams/" + strconv.FormatInt(id, 10) }

// handleTeamEdit shows the member editor.
func (s *Server) handleTeamEdit(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.deps.Teams.Team(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	var sup, ag []int64
	for _, u := range t.Supervisors {
		sup = append(sup, u.ID)
	}
	for _, u := range t.Agents {
		ag = append(ag, u.ID)
	}
	s.renderTeamMembers(c, http.StatusOK, t, form.TeamMembers{Supervisors: sup, Agents: ag}, "")
}

func (s *Server) renderTeamMembers(c *gin.Context, status int, t coaching.TeamDetail, checked form.TeamMembers, problem string) {
	ctx := c.Request.Context()
	candidates := func(role coaching.Role, current []coaching.User, ids []int64) ([]pages.Candidate, error) {
		us, _, err := s.deps.Users.ListUsers(ctx, coaching.UserFilter{Role: role, Limit: maxCandidates})
		if err != nil {
			return nil, err
		}
		// Current members stay listed even if disabled or of another
		// role now, so saving the form does not silently drop them.
		seen := map[int64]bool{}
		var out []pages.Candidate
		for _, u := range append(current, us...) {
			if seen[u.ID] {
				continue
			}
			seen[u.ID] = true
			out = append(out, pages.Candidate{User: u, Checked: containsID(ids, u.ID)})
		}
		return out, nil
	}
	sup, err := candidates(coaching.RoleSupervisor, t.Supervisors, checked.Supervisors)
	if err != nil {
		s.fail(c, err)
		return
	}
	ag, err := candidates(coaching.RoleAgent, t.Agents, checked.Agents)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, t.Name, pages.TeamMembers(pages.TeamMembersData{Team: t.Team, Supervisors: sup, Agents: ag, Error: problem}))
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// handleTeamMembersUpdate replaces a team's supervisors and agents.
func (s *Server) handleTeamMembersUpdate(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := pathID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.deps.Teams.Team(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errors.Join(err, coaching.ErrInvalid))
		return
	}
	f, err := form.ParseTeamMembers(c.Request.PostForm)
	if err != nil {
		s.fail(c, err)
		return
	}
	ms := f.Memberships(t.ID)
	if err := coaching.ValidateMembers(ms); err != nil {
		s.renderTeamMembers(c, http.StatusUnprocessableEntity, t, f,
			"A person can be in a team either as a supervisor or as an agent, not both. Untick one of the two boxes.")
		return
	}
	if err := s.deps.Teams.SetTeamMembers(ctx, t.ID, ms, actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "Saved the members of "+t.Name+".")
	c.Redirect(http.StatusSeeOther, "/admin/teams")
}
