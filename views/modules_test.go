package views_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
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

// moduleEnv is a server with a published rubric (criteria greeting and
// empathy) and two teams: North (the agent and Ben, supervised by the
// supervisor) and South (Ola).
func moduleEnv(t *testing.T) (e *env, db *rubricDB, r rubrics.Rubric, v rubrics.Version, ben, ola coaching.User) {
	t.Helper()
	db = newRubricDB()
	start := time.Now()
	e = mustEnv(t, func(d *views.Deps) {
		d.Rubrics = db.fake()
		d.Reviews = newReviewDB().fake()
		d.Now = func() time.Time { return fakeNow.Add(time.Since(start)) }
	})
	r, vs := db.addRubric("Chat essentials", sampleVersion(rubrics.StatusPublished))
	ola = e.db.add(coaching.User{Email: "ola@example.com", Name: "Ola Outside", Role: coaching.RoleAgent, PasswordHash: testHash(t)})
	ben = e.db.add(coaching.User{Email: "ben@example.com", Name: "Ben Below", Role: coaching.RoleAgent, PasswordHash: testHash(t)})
	e.teams.ListTeamsFn = func(context.Context) ([]coaching.TeamDetail, error) {
		return []coaching.TeamDetail{
			{Team: coaching.Team{ID: 1, Name: "North"}, Agents: []coaching.User{e.agent, ben}, Supervisors: []coaching.User{e.supervisor}},
			{Team: coaching.Team{ID: 2, Name: "South"}, Agents: []coaching.User{ola}},
		}, nil
	}
	return e, db, r, vs[0], ben, ola
}

func idOf(t *testing.T, location string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(location, "/coaching/modules/"), 10, 64)
	require.NoError(t, err, location)
	return id
}

// A trainer writes a module linked to a criterion, assigns it, and the
// agent finds it in their coaching plan, reads it and marks it done.
func TestModuleFlow(t *testing.T) {
	e, _, _, _, ben, ola := moduleEnv(t)
	trainer := e.mustLogin(e.trainer)

	// The form offers the published rubric's criteria; a link from the
	// coaching page ticks one already.
	p := trainer.get("/coaching/modules/new?criteria=empathy")
	require.Equal(t, http.StatusOK, p.StatusCode, p.body)
	assert.Contains(t, p.body, `value="empathy" checked`)
	assert.Contains(t, p.body, `value="greeting"`)

	// A module without a title is refused, with what was typed kept.
	body := "# Name the feeling\n\nSay what you hear **before** the fix: ฉันเข้าใจค่ะ.\n\n<script>alert(1)</script>"
	p = trainer.post("/coaching/modules", url.Values{"title": {" "}, "body": {body}, "criteria": {"empathy"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.StatusCode)
	assert.Contains(t, p.body, "Give the module a title")
	assert.Contains(t, p.body, "ฉันเข้าใจค่ะ", "the lesson typed is kept")
	assert.Contains(t, p.body, `value="empathy" checked`)
	assert.Empty(t, e.mods.modules, "nothing stored")

	title := "Gọi tên cảm xúc — ฟังก่อน"
	p = trainer.post("/coaching/modules", url.Values{"title": {title}, "body": {body}, "criteria": {"empathy"}})
	require.Equal(t, http.StatusSeeOther, p.StatusCode, p.body)
	path := p.Header.Get("Location")
	id := idOf(t, path)

	p = trainer.get(path)
	require.Equal(t, http.StatusOK, p.StatusCode)
	assert.Contains(t, p.body, title)
	assert.Contains(t, p.body, "Module saved.")
	assert.NotContains(t, p.body, "<script>alert(1)</script>", "markup in a lesson is never run")
	assert.Contains(t, p.body, `data-testid="module-criterion">Empathy`)
	assert.Contains(t, p.body, "Not assigned to anyone yet")
	assert.Contains(t, p.body, "Not measured yet")

	// Assigning: a past due date and no agent are refused, ticks kept.
	p = trainer.post(path+"/assign", url.Values{"due": {"2020-01-01"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.StatusCode)
	assert.Contains(t, strings.ToLower(p.body), "choose at least one agent")
	assert.Contains(t, strings.ToLower(p.body), "the due date has passed")
	p = trainer.post(path+"/assign", url.Values{"due": {"2020-01-01"}, "agents": {strconv.FormatInt(ben.ID, 10)}})
	require.Equal(t, http.StatusUnprocessableEntity, p.StatusCode)
	assert.Contains(t, p.body, `value="`+strconv.FormatInt(ben.ID, 10)+`" checked`)
	assert.Contains(t, p.body, `data-testid="module-criterion">Empathy`, "the refused form's page still names what the module teaches")
	assert.Empty(t, e.mods.assigns)

	due := fakeNow.AddDate(0, 0, 7).Format("2006-01-02")
	p = trainer.post(path+"/assign", url.Values{"due": {due}, "agents": {strconv.FormatInt(e.agent.ID, 10), strconv.FormatInt(ben.ID, 10)}})
	require.Equal(t, http.StatusSeeOther, p.StatusCode, p.body)
	p = trainer.get(path)
	assert.Contains(t, p.body, "Assigned to 2 agents.")
	assert.Equal(t, 2, strings.Count(p.body, `data-testid="module-assignment"`))
	assert.Contains(t, p.body, "(already assigned)")
	// Again: nobody new.
	p = trainer.post(path+"/assign", url.Values{"due": {due}, "agents": {strconv.FormatInt(ben.ID, 10)}})
	require.Equal(t, http.StatusSeeOther, p.StatusCode)
	assert.Contains(t, trainer.get(path).body, "Nothing new assigned. 1 agent already had this module.")

	// A supervisor assigns to their own team only: Ola (South) is refused
	// as a whole, and they see only North's assignments.
	sup := e.mustLogin(e.supervisor)
	p = sup.post(path+"/assign", url.Values{"due": {due}, "agents": {strconv.FormatInt(ola.ID, 10)}})
	assert.Equal(t, http.StatusNotFound, p.StatusCode)
	assert.Len(t, e.mods.assigns, 2)
	p = sup.get(path)
	require.Equal(t, http.StatusOK, p.StatusCode)
	assert.NotContains(t, p.body, "Ola Outside")
	assert.NotContains(t, p.body, `data-testid="module-edit"`, "supervisors assign, trainers write")
	assert.Equal(t, http.StatusNotFound, sup.get("/coaching/modules/new").StatusCode)

	// The agent: the plan on their first screen, the lesson, done.
	agent := e.mustLogin(e.agent)
	p = agent.get("/scorecards")
	require.Equal(t, http.StatusOK, p.StatusCode)
	plan := p.body[strings.Index(p.body, `data-testid="coaching-plan"`):]
	assert.Contains(t, plan, title)
	assert.Contains(t, plan, `data-status="open"`)
	assert.Contains(t, plan, "due "+fakeNow.AddDate(0, 0, 7).Format("Mon 2 Jan 2006"))
	p = agent.get(path)
	require.Equal(t, http.StatusOK, p.StatusCode)
	assert.Contains(t, p.body, "ฉันเข้าใจค่ะ")
	assert.Contains(t, p.body, `data-testid="module-done"`)
	assert.NotContains(t, p.body, `data-testid="module-assign-form"`, "agents do not assign")
	p = agent.post(path+"/done", nil)
	require.Equal(t, http.StatusSeeOther, p.StatusCode)
	p = agent.get(path)
	assert.Contains(t, p.body, "Marked as done.")
	assert.Contains(t, p.body, `data-status="done"`)
	assert.NotContains(t, p.body, `data-testid="module-done"`)

	// Ola has no such assignment: the module does not exist for her, and
	// she cannot mark it done.
	olaC := e.mustLogin(ola)
	assert.Equal(t, http.StatusNotFound, olaC.get(path).StatusCode)
	assert.Equal(t, http.StatusNotFound, olaC.post(path+"/done", nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, agent.post("/coaching/modules", url.Values{"title": {"x"}, "body": {"y"}}).StatusCode)

	// The coaching page lists it: 1 of 2 done, none overdue.
	p = trainer.get("/coaching")
	require.Equal(t, http.StatusOK, p.StatusCode)
	row := p.body[strings.Index(p.body, `data-testid="coaching-module"`):]
	assert.Contains(t, row, title)
	assert.Contains(t, row, "1 of 2")
	assert.Contains(t, row, "not enough reviews yet")
	_ = id
}

// Two trainers edit the same module: the second save is refused with
// their text kept, never silently overwriting the first.
func TestModuleEditConflict(t *testing.T) {
	e, _, _, _, _, _ := moduleEnv(t)
	trainer := e.mustLogin(e.trainer)
	p := trainer.post("/coaching/modules", url.Values{"title": {"Plain words"}, "body": {"Say it simply."}, "criteria": {"greeting"}})
	require.Equal(t, http.StatusSeeOther, p.StatusCode)
	path := p.Header.Get("Location")
	p = trainer.get(path + "/edit")
	require.Equal(t, http.StatusOK, p.StatusCode)
	assert.Contains(t, p.body, `name="version" value="1"`)

	p = trainer.post(path, url.Values{"version": {"1"}, "title": {"Plain words, v2"}, "body": {"Say it simply, first."}, "criteria": {"greeting"}})
	require.Equal(t, http.StatusSeeOther, p.StatusCode)
	p = e.mustLogin(e.admin).post(path, url.Values{"version": {"1"}, "title": {"Admin's title"}, "body": {"Admin's words"}})
	require.Equal(t, http.StatusConflict, p.StatusCode)
	assert.Contains(t, p.body, "Someone else saved this module")
	assert.Contains(t, p.body, "Admin&#39;s words")
	m := e.mods.modules[idOf(t, path)]
	assert.Equal(t, "Plain words, v2", m.Title)
	assert.Equal(t, int64(2), m.Version)

	assert.Equal(t, http.StatusNotFound, trainer.get("/coaching/modules/999").StatusCode)
	assert.Equal(t, http.StatusNotFound, trainer.post("/coaching/modules/999", url.Values{"version": {"1"}, "title": {"x"}, "body": {"y"}}).StatusCode)
}

// The module's effect: the completing agent's empathy before assignment
// against after completion, with n and interval, on the module page and
// the coaching page.
func TestModuleEffectShown(t *testing.T) {
	e, db, r, v, _, _ := moduleEnv(t)
	trainer := e.mustLogin(e.trainer)
	p := trainer.post("/coaching/modules", url.Values{"title": {"Empathy basics"}, "body": {"Name the feeling."}, "criteria": {"empathy"}})
	require.Equal(t, http.StatusSeeOther, p.StatusCode)
	path := p.Header.Get("Location")
	due := fakeNow.AddDate(0, 0, 7).Format("2006-01-02")
	require.Equal(t, http.StatusSeeOther, trainer.post(path+"/assign", url.Values{"due": {due}, "agents": {strconv.FormatInt(e.agent.ID, 10)}}).StatusCode)
	require.Equal(t, http.StatusSeeOther, e.mustLogin(e.agent).post(path+"/done", nil).StatusCode)

	// Pin the times and give the agent five reviews each side: empathy No
	// (0) before, Yes (100) after.
	assigned, done := fakeNow.AddDate(0, 0, -30), fakeNow.AddDate(0, 0, -20)
	e.mods.mu.Lock()
	e.mods.assigns[0].AssignedAt, e.mods.assigns[0].CompletedAt = assigned, &done
	e.mods.mu.Unlock()
	lvl := func(n int) *int { return &n }
	var rs []scoring.ReviewScores
	for i := range 5 {
		rs = append(rs,
			scoring.ReviewScores{AgentID: e.agent.ID, VersionID: 0, At: assigned.AddDate(0, 0, -1-i), Ratings: []scoring.Rating{{CriterionKey: "empathy", Level: lvl(0)}}},
			scoring.ReviewScores{AgentID: e.agent.ID, VersionID: 0, At: done.AddDate(0, 0, 1+i), Ratings: []scoring.Rating{{CriterionKey: "empathy", Level: lvl(1)}}})
	}
	for i := range rs {
		rs[i].VersionID = v.ID
	}
	db.mu.Lock()
	db.reviews[r.ID] = rs
	db.mu.Unlock()

	p = trainer.get(path)
	require.Equal(t, http.StatusOK, p.StatusCode)
	assert.Contains(t, p.body, "+100 points (95 % interval +100 to +100): from 0 (n = 5) in the 90 days before assignment to 100 (n = 5) in the 90 days after completion.")
	p = trainer.get("/coaching")
	assert.Contains(t, p.body, "+100 (+100 to +100)")
}
