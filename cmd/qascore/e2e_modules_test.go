package main

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/fixtures"
)

// The demo's coaching modules end to end on the real store: the trainer
// sees each with its completion and overdue count, an agent finds theirs
// in their coaching plan and marks it done, and the trainer writes and
// assigns a new one; a supervisor cannot assign outside their teams.
func TestE2ECoachingModules(t *testing.T) {
	app := startApp(t)
	ws := fixtures.MustDemo(t, time.Now())
	trainer := demoUser(t, coaching.RoleTrainer)
	tc := app.client(t, "")
	app.login(t, tc, trainer.Email, trainer.Password)

	resp, body := app.get(t, tc, "/coaching")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, len(fixtures.DemoModules()), strings.Count(body, `data-testid="coaching-module"`))
	// Each team's first two agents have the first module, one has done it;
	// each team's third agent is late with the second.
	first := body[strings.Index(body, "Name the feeling before the fix"):]
	first = first[:strings.Index(first, "</tr>")]
	assert.Contains(t, first, "2 of 4")
	second := body[strings.Index(body, "Plain words: say it so it lands"):]
	second = second[:strings.Index(second, "</tr>")]
	assert.Contains(t, second, "2 overdue")
	assert.Contains(t, second, "not measured yet")

	// The first team's third agent: the late module tops their plan.
	team := ws.Teams[0]
	late, ok := ws.User(team.Agents[2])
	require.True(t, ok)
	ac := app.client(t, "")
	app.login(t, ac, late.Email, late.Password)
	resp, body = app.get(t, ac, "/scorecards")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	plan := body[strings.Index(body, `data-testid="coaching-plan"`):]
	assert.Contains(t, plan, `data-status="overdue"`)
	href := regexp.MustCompile(`href="(/coaching/modules/\d+)"`).FindStringSubmatch(plan)
	require.NotNil(t, href)
	resp, body = app.get(t, ac, href[1])
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "<li>", "the lesson is rendered, not shown as markdown")
	assert.NotContains(t, body, "- **One idea per sentence.**")
	resp, _ = app.post(t, ac, href[1]+"/done", nil)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	_, body = app.get(t, ac, "/scorecards")
	assert.Contains(t, body[strings.Index(body, `data-testid="coaching-plan"`):], `data-status="done"`)

	// The trainer writes a module and assigns it to that agent.
	resp, _ = app.post(t, tc, "/coaching/modules", url.Values{
		"title": {"Lắng nghe trước khi trả lời"}, "body": {"Đọc lại **toàn bộ** tin nhắn của khách."}, "criteria": {"patience"},
	})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	path := resp.Header.Get("Location")
	due := time.Now().AddDate(0, 0, 5).Format("2006-01-02")
	ids := regexp.MustCompile(`name="agents" value="(\d+)"`)
	_, body = app.get(t, tc, path)
	agentID := ""
	for _, m := range regexp.MustCompile(`<label><input type="checkbox" name="agents" value="(\d+)"[^>]*> <bdi>([^<]*)</bdi>`).FindAllStringSubmatch(body, -1) {
		if m[2] == late.Name {
			agentID = m[1]
		}
	}
	require.NotEmpty(t, agentID, "the agent is offered in the assign form")
	require.NotEmpty(t, ids.FindAllString(body, -1))
	resp, _ = app.post(t, tc, path+"/assign", url.Values{"due": {due}, "agents": {agentID}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	_, body = app.get(t, tc, path)
	assert.Contains(t, body, "Assigned to 1 agent.")
	assert.Contains(t, body, `data-testid="module-assignment"`)
	_, body = app.get(t, ac, "/scorecards")
	assert.Contains(t, body, "Lắng nghe trước khi trả lời")

	// The other team's supervisor may not assign this agent.
	var other fixtures.DemoUser
	for _, tm := range ws.Teams[1:] {
		if len(tm.Supervisors) > 0 && !slices.Contains(team.Supervisors, tm.Supervisors[0]) {
			other, _ = ws.User(tm.Supervisors[0])
			break
		}
	}
	require.NotEmpty(t, other.Email)
	sc := app.client(t, "")
	app.login(t, sc, other.Email, other.Password)
	resp, _ = app.post(t, sc, path+"/assign", url.Values{"due": {due}, "agents": {agentID}})
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}
