package views_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUserCreateValidation(t *testing.T) {
	e := mustEnv(t)
	admin := e.mustLogin(e.admin)
	tests := []struct {
		name    string
		form    url.Values
		field   string
		message string
	}{
		{"11-character password", url.Values{"email": {"new@example.com"}, "name": {"Nina New"}, "role": {"agent"}, "password": {"abcdefghijk"}},
			"password", "Use 12 to 128 characters"},
		{"duplicate email", url.Values{"email": {" SAM@example.com "}, "name": {"Sam Again"}, "role": {"agent"}, "password": {"a long enough pass"}},
			"email", "A user with this email already exists."},
		{"bad email", url.Values{"email": {"not-an-email"}, "name": {"Nina New"}, "role": {"agent"}},
			"email", "Enter an email address"},
		{"no name", url.Values{"email": {"new@example.com"}, "name": {"  "}, "role": {"agent"}},
			"name", "Enter the person&#39;s name."},
		{"unknown role", url.Values{"email": {"new@example.com"}, "name": {"Nina"}, "role": {"owner"}},
			"role", "Choose a role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := admin.post("/admin/users", tt.form)
			require.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, r.body)
			assert.Contains(t, r.body, tt.message)
			assert.Contains(t, r.body, `id="f-`+tt.field+`-error"`)
			assert.Regexp(t, `id="f-`+tt.field+`"[^>]*aria-invalid="true"`, r.body)
			assert.Regexp(t, `aria-describedby="[^"]*f-`+tt.field+`-error`, r.body)
			// What was typed is kept, except the password.
			if n := tt.form.Get("name"); strings.TrimSpace(n) != "" {
				assert.Contains(t, r.body, `value="`+n+`"`)
			}
			if pw := tt.form.Get("password"); pw != "" {
				assert.NotContains(t, r.body, pw)
			}
			assert.Equal(t, 0, e.db.creates, "nothing written")
		})
	}
}

func TestUserCreateGeneratedPassword(t *testing.T) {
	e := mustEnv(t)
	admin := e.mustLogin(e.admin)
	r := admin.post("/admin/users", url.Values{"email": {"Nina@Example.com"}, "name": {"نينا"}, "role": {"supervisor"}})
	require.Equal(t, http.StatusCreated, r.StatusCode, r.body)
	m := regexp.MustCompile(`data-testid="generated-password">([^<]+)<`).FindStringSubmatch(r.body)
	require.Len(t, m, 2)
	pw := m[1]
	assert.Len(t, pw, 20)
	assert.Contains(t, r.body, "It will not be shown again.")
	require.Equal(t, 1, e.db.creates)
	assert.Equal(t, e.admin.ID, e.db.actors[0].UserID, "audit actor is the admin")
	assert.NotEmpty(t, e.db.actors[0].RequestID)

	created, err := e.users.UserByEmail(context.Background(), "nina@example.com")
	require.NoError(t, err)
	assert.Equal(t, coaching.RoleSupervisor, created.Role)
	ok, err := hasher.Verify(pw, created.PasswordHash)
	require.NoError(t, err)
	assert.True(t, ok)

	// The new user can sign in with it.
	assert.Equal(t, http.StatusSeeOther, e.client("192.0.2.99").login("nina@example.com", pw).StatusCode)
	// And the user page never shows it again.
	page := admin.get("/admin/users/" + strconv.FormatInt(created.ID, 10))
	assert.Equal(t, http.StatusOK, page.StatusCode)
	assert.NotContains(t, page.body, pw)
}

func TestUserCreateChosenPassword(t *testing.T) {
	e := mustEnv(t)
	admin := e.mustLogin(e.admin)
	r := admin.post("/admin/users", url.Values{"email": {"omar@example.com"}, "name": {"Omar"}, "role": {"agent"}, "password": {"twelve chars!"}})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	page := admin.get(r.Header.Get("Location"))
	assert.Contains(t, page.body, "Added Omar.")
	assert.Contains(t, page.body, `role="status"`)
	// Flash shows once.
	assert.NotContains(t, admin.get(r.Header.Get("Location")).body, "Added Omar.")
}

func TestUserList(t *testing.T) {
	e := mustEnv(t)
	for i := range 30 {
		e.db.add(coaching.User{Email: fmt.Sprintf("agent%02d@example.com", i), Name: fmt.Sprintf("Agent %02d", i), Role: coaching.RoleAgent})
	}
	admin := e.mustLogin(e.admin)
	r := admin.get("/admin/users?role=agent")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Equal(t, 25, strings.Count(r.body, `data-testid="user-row"`))
	assert.Contains(t, r.body, "31 users")
	assert.Contains(t, r.body, "Page 1 of 2")
	assert.Contains(t, r.body, `href="/admin/users?page=2&amp;role=agent"`)

	r = admin.get("/admin/users?role=agent&page=2")
	assert.Equal(t, 6, strings.Count(r.body, `data-testid="user-row"`))

	r = admin.get("/admin/users?q=AGENT%2007")
	assert.Equal(t, 1, strings.Count(r.body, `data-testid="user-row"`))
	assert.Contains(t, r.body, `value="AGENT 07"`)

	r = admin.get("/admin/users?q=zzz")
	assert.Contains(t, r.body, "No user matches these filters.")
}

func TestUserDisableEnable(t *testing.T) {
	e := mustEnv(t)
	admin := e.mustLogin(e.admin)
	agent := e.mustLogin(e.agent)
	id := strconv.FormatInt(e.agent.ID, 10)

	page := admin.get("/admin/users/" + id)
	assert.Contains(t, page.body, "Disabling signs")
	assert.Contains(t, page.body, `action="/admin/users/`+id+`/disable"`)

	r := admin.post("/admin/users/"+id+"/disable", nil)
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	assert.True(t, e.db.get(e.agent.ID).Disabled)
	assert.True(t, strings.HasPrefix(agent.get("/").Header.Get("Location"), "/login"))

	r = admin.post("/admin/users/"+id+"/enable", nil)
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	assert.False(t, e.db.get(e.agent.ID).Disabled)
	assert.Equal(t, http.StatusSeeOther, e.client("192.0.2.77").login(e.agent.Email, testPassword).StatusCode)
}

func TestAdminCannotChangeSelf(t *testing.T) {
	e := mustEnv(t)
	admin := e.mustLogin(e.admin)
	id := strconv.FormatInt(e.admin.ID, 10)
	for _, p := range []string{"/role", "/disable"} {
		r := admin.post("/admin/users/"+id+p, url.Values{"role": {"agent"}})
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, p)
	}
	assert.Empty(t, e.db.updates)
	assert.Equal(t, http.StatusOK, admin.get("/admin").StatusCode, "still signed in as admin")
}

func TestUnknownUserIs404(t *testing.T) {
	e := mustEnv(t)
	admin := e.mustLogin(e.admin)
	assert.Equal(t, http.StatusNotFound, admin.get("/admin/users/999").StatusCode)
	assert.Equal(t, http.StatusNotFound, admin.get("/admin/users/abc").StatusCode)
	assert.Equal(t, http.StatusNotFound, admin.post("/admin/users/999/role", url.Values{"role": {"agent"}}).StatusCode)
}

func TestTeams(t *testing.T) {
	e := mustEnv(t)
	teams := map[int64]coaching.TeamDetail{}
	var set []coaching.Membership
	var setBy scoring.Actor
	e.teams.CreateTeamFn = func(_ context.Context, tm *coaching.Team, _ scoring.Actor) error {
		for _, x := range teams {
			if x.Name == tm.Name {
				return coaching.ErrConflict
			}
		}
		tm.ID = int64(len(teams) + 1)
		teams[tm.ID] = coaching.TeamDetail{Team: *tm}
		return nil
	}
	e.teams.TeamFn = func(_ context.Context, id int64) (coaching.TeamDetail, error) {
		tm, ok := teams[id]
		if !ok {
			return tm, coaching.ErrNotFound
		}
		return tm, nil
	}
	e.teams.ListTeamsFn = func(context.Context) ([]coaching.TeamDetail, error) {
		var out []coaching.TeamDetail
		for _, tm := range teams {
			out = append(out, tm)
		}
		return out, nil
	}
	e.teams.SetTeamMembersFn = func(_ context.Context, id int64, ms []coaching.Membership, by scoring.Actor) error {
		set, setBy = ms, by
		tm := teams[id]
		tm.Agents, tm.Supervisors = nil, nil
		for _, m := range ms {
			u := e.db.get(m.UserID)
			if m.Kind == coaching.MemberAgent {
				tm.Agents = append(tm.Agents, u)
			} else {
				tm.Supervisors = append(tm.Supervisors, u)
			}
		}
		teams[id] = tm
		return nil
	}
	admin := e.mustLogin(e.admin)

	empty := admin.get("/admin/teams")
	assert.Contains(t, empty.body, "Create the first team")

	r := admin.post("/admin/teams", url.Values{"name": {""}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, "Enter a team name.")

	r = admin.post("/admin/teams", url.Values{"name": {"ทีมเหนือ"}})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, "/admin/teams/1", r.Header.Get("Location"))

	r = admin.post("/admin/teams", url.Values{"name": {"ทีมเหนือ"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, "A team with this name already exists.")
	assert.Contains(t, r.body, `value="ทีมเหนือ"`)

	edit := admin.get("/admin/teams/1")
	require.Equal(t, http.StatusOK, edit.StatusCode)
	assert.Contains(t, edit.body, `name="supervisor" value="`+strconv.FormatInt(e.supervisor.ID, 10)+`"`)
	assert.Contains(t, edit.body, `name="agent" value="`+strconv.FormatInt(e.agent.ID, 10)+`"`)

	sid, aid := strconv.FormatInt(e.supervisor.ID, 10), strconv.FormatInt(e.agent.ID, 10)
	r = admin.post("/admin/teams/1/members", url.Values{"supervisor": {sid}, "agent": {aid, sid}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, "not both")
	assert.Nil(t, set)

	r = admin.post("/admin/teams/1/members", url.Values{"supervisor": {sid}, "agent": {aid}})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Len(t, set, 2)
	assert.Equal(t, e.admin.ID, setBy.UserID)

	list := admin.get("/admin/teams")
	assert.Contains(t, list.body, e.agent.Name)
	assert.Contains(t, list.body, "Saved the members")

	// The trainer sees the same teams, read-only.
	trainer := e.mustLogin(e.trainer)
	ro := trainer.get("/teams")
	require.Equal(t, http.StatusOK, ro.StatusCode)
	assert.Contains(t, ro.body, e.supervisor.Name)
	assert.NotContains(t, ro.body, "/admin/teams/1")

	assert.Equal(t, http.StatusNotFound, admin.get("/admin/teams/7").StatusCode)
	assert.Equal(t, http.StatusUnprocessableEntity, admin.post("/admin/teams/1/members", url.Values{"agent": {"x"}}).StatusCode)
	e.teams.SetTeamMembersFn = func(context.Context, int64, []coaching.Membership, scoring.Actor) error {
		return errors.New("deadlock detected")
	}
	assert.Equal(t, http.StatusInternalServerError, admin.post("/admin/teams/1/members", url.Values{"agent": {aid}}).StatusCode)
}

func TestWorkspaceCounts(t *testing.T) {
	e := mustEnv(t)
	admin := e.mustLogin(e.admin)
	r := admin.get("/admin")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, r.body, `data-testid="count-users">4<`)
	assert.Contains(t, r.body, `data-testid="count-teams">0<`)
	assert.Contains(t, r.body, "No conversations yet")
}
