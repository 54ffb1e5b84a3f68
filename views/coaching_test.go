package views_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views"
)

// The coaching page: per team, the rubric's criteria weakest first with n
// and interval, and the agents who need each most; trainers and admins see
// every team, a supervisor only theirs; agents never.
func TestCoachingPage(t *testing.T) {
	db := newRubricDB()
	start := time.Now()
	e := mustEnv(t, func(d *views.Deps) {
		d.Rubrics = db.fake()
		d.Now = func() time.Time { return fakeNow.Add(time.Since(start)) }
	})
	r, _ := db.addRubric("Chat essentials", sampleVersion(rubrics.StatusPublished))
	other := e.db.add(coaching.User{Email: "ola@example.com", Name: "Ola Outside", Role: coaching.RoleAgent, PasswordHash: testHash(t)})
	ben := e.db.add(coaching.User{Email: "ben@example.com", Name: "Ben Below", Role: coaching.RoleAgent, PasswordHash: testHash(t)})
	e.teams.ListTeamsFn = func(context.Context) ([]coaching.TeamDetail, error) {
		return []coaching.TeamDetail{
			{Team: coaching.Team{ID: 1, Name: "North"}, Agents: []coaching.User{e.agent, ben}, Supervisors: []coaching.User{e.supervisor}},
			{Team: coaching.Team{ID: 2, Name: "South"}, Agents: []coaching.User{other}},
		}, nil
	}
	lvl := func(n int) *int { return &n }
	review := func(agent coaching.User, daysAgo int, greeting int, empathy int) scoring.ReviewScores {
		return scoring.ReviewScores{AgentID: agent.ID, AgentName: agent.Name, At: fakeNow.AddDate(0, 0, -daysAgo), Ratings: []scoring.Rating{
			{CriterionKey: "greeting", Level: lvl(greeting)}, {CriterionKey: "empathy", Level: lvl(empathy)},
		}}
	}
	// North: the agent's five recent reviews, greeting always 5 (100),
	// empathy No in all but one (20); Ben's five, greeting 100, empathy
	// always No (0). Team empathy 10 over 10 → the weakest criterion, and
	// Ben (0) is below the team while the agent (20) is not. One old review
	// outside 90 days. South: two reviews only.
	var rs []scoring.ReviewScores
	for i := range 5 {
		rs = append(rs, review(e.agent, i+1, 5, boolInt(i == 4)))
	}
	for i := range 5 {
		rs = append(rs, review(ben, i+1, 5, 0))
	}
	rs = append(rs, review(e.agent, 200, 1, 1), review(other, 3, 3, 1), review(other, 4, 3, 1))
	db.mu.Lock()
	db.reviews[r.ID] = rs
	db.mu.Unlock()

	trainer := e.mustLogin(e.trainer)
	p := trainer.get("/coaching")
	require.Equal(t, http.StatusOK, p.StatusCode, p.body)
	north := p.body[strings.Index(p.body, ">North<"):strings.Index(p.body, ">South<")]
	// Empathy first (mean 20 over 5), then greeting (100).
	assert.Less(t, strings.Index(north, `data-key="empathy"`), strings.Index(north, `data-key="greeting"`), "weakest first")
	empathyRow := north[strings.Index(north, `data-key="empathy"`):strings.Index(north, `data-key="greeting"`)]
	assert.Contains(t, empathyRow, "10 (n = 10, 95 % interval")
	assert.Contains(t, empathyRow, "<bdi>Ben Below</bdi> — 0 (n = 5, 0–0)")
	assert.NotContains(t, empathyRow, e.agent.Name, "above the team: not named")
	assert.Contains(t, north, "10 reviews of 2 agents.")
	greetingRow := north[strings.Index(north, `data-key="greeting"`):]
	assert.Contains(t, greetingRow, "Nobody below the team")
	south := p.body[strings.Index(p.body, ">South<"):]
	assert.Contains(t, south, "not enough reviews yet (n = 2)")
	assert.NotContains(t, south, `data-testid="coaching-agent"`, "two reviews name nobody")
	assert.Contains(t, p.body, `href="/coaching?days=90" aria-current="page"`)

	// A year back takes in the old review too.
	p = trainer.get("/coaching?days=365")
	assert.Contains(t, p.body, "11 reviews of 2 agents.")
	assert.Equal(t, http.StatusOK, trainer.get("/coaching?days=7").StatusCode, "an unknown period falls back to the default")

	sup := e.mustLogin(e.supervisor).get("/coaching")
	require.Equal(t, http.StatusOK, sup.StatusCode)
	assert.Contains(t, sup.body, ">North<")
	assert.NotContains(t, sup.body, ">South<", "not my team")
	assert.Equal(t, http.StatusOK, e.mustLogin(e.admin).get("/coaching").StatusCode)
	assert.Equal(t, http.StatusNotFound, e.mustLogin(e.agent).get("/coaching").StatusCode)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// With no teams the page says what belongs there.
func TestCoachingPageEmpty(t *testing.T) {
	e, db, _ := rubricEnv(t)
	db.addRubric("Chat essentials", sampleVersion(rubrics.StatusPublished))
	p := e.mustLogin(e.trainer).get("/coaching")
	require.Equal(t, http.StatusOK, p.StatusCode)
	assert.Contains(t, p.body, "No teams yet")
}
