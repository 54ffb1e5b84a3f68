package views_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring"
)

// mustApprovalEnv is the grading fixture with review 900 submitted by
// Sol (another supervisor) at revision 3, waiting for a second check by
// Sam, who supervises the agent's team.
func mustApprovalEnv(t *testing.T) *gradingFixture {
	t.Helper()
	f := mustGradingEnv(t)
	score := 91.5
	f.review.ReviewerID, f.review.State, f.review.Revision, f.review.Score = f.otherSup.ID, scoring.ReviewSubmitted, 3, &score
	f.rdb.put(f.review)
	return f
}

func TestQueueListsReviewsWaitingForApproval(t *testing.T) {
	q := mustQueueEnv(t)
	c := q.mustLogin(q.supervisor)
	r := c.get("/queue")
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.NotContains(t, r.body, "Waiting for your approval", "no section without reviews to approve")
	assert.Equal(t, scoring.ReviewFilter{
		SupervisorID: q.supervisor.ID, ExcludeReviewerID: q.supervisor.ID,
		States: []scoring.ReviewState{scoring.ReviewSubmitted}, Limit: 25, OldestFirst: true,
	}, q.rdb.lastFil, "submitted reviews of my teams' agents, not mine, the longest waiting first")

	score := 88
	sc := float64(score)
	q.rdb.list = []scoring.ReviewSummary{
		{ID: 905, Subject: "Đổi địa chỉ giao hàng", Channel: "chat", AgentName: "عزيز Agent", ReviewerName: "Sol Other", State: scoring.ReviewSubmitted, Score: &sc},
		{ID: 906, Channel: "call", AgentName: "สมชาย", ReviewerName: "Sol Other", State: scoring.ReviewSubmitted},
	}
	r = c.get("/queue")
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.Contains(t, r.body, "Waiting for your approval")
	assert.Contains(t, r.body, `data-testid="approval" data-review-id="905"`)
	assert.Contains(t, r.body, "Đổi địa chỉ giao hàng")
	assert.Contains(t, r.body, "Call conversation")
	assert.Contains(t, r.body, "<bdi>عزيز Agent</bdi>")
	assert.Contains(t, r.body, "<bdi>Sol Other</bdi>")
	assert.Contains(t, r.body, ">88<")
	assert.Contains(t, r.body, ">Unavailable<")
	assert.Contains(t, r.body, `href="/reviews/905"`)
	assert.Contains(t, r.body, `href="/reviews/906"`)

	// Admins approve anyone's reviews, except their own.
	r = q.mustLogin(q.admin).get("/queue")
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.Contains(t, r.body, "Waiting for your approval")
	assert.Zero(t, q.rdb.lastFil.SupervisorID)
	assert.Equal(t, q.admin.ID, q.rdb.lastFil.ExcludeReviewerID)
}

func TestApproveAndPublish(t *testing.T) {
	f := mustApprovalEnv(t)
	c := f.mustLogin(f.supervisor)
	r := c.get(gpath(900, ""))
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.Contains(t, r.body, "Waiting for approval")
	assert.Contains(t, r.body, `action="/reviews/900/approve"`)
	assert.Contains(t, r.body, `name="revision" value="3"`)
	assert.Contains(t, r.body, "Approve and publish")
	assert.Contains(t, r.body, `href="/queue"`)

	r = c.post(gpath(900, "approve"), url.Values{"revision": {"3"}})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, "/queue", r.Header.Get("Location"))
	assert.Equal(t, []approveCall{{id: 900, revision: 3, by: f.supervisor.ID}}, f.rdb.approveCalls())
	assert.Equal(t, scoring.ReviewPublished, f.rdb.get(900).State)
	r = c.get("/queue")
	assert.Contains(t, r.body, "Review published to عزيز Agent.")

	// Published: no button; approving again is a conflict to reload.
	r = c.get(gpath(900, ""))
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.NotContains(t, r.body, `data-testid="approve"`)
	r = c.post(gpath(900, "approve"), url.Values{"revision": {"4"}})
	assert.Equal(t, http.StatusConflict, r.StatusCode)
	assert.Contains(t, r.body, "Reload the review")
	assert.Contains(t, r.body, `href="/reviews/900"`)
	assert.Len(t, f.rdb.approveCalls(), 1, "the store is not asked")
}

func TestApproveStaleRevisionIsConflict(t *testing.T) {
	f := mustApprovalEnv(t)
	c := f.mustLogin(f.admin)
	r := c.get(gpath(900, ""))
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.Contains(t, r.body, "Approve and publish", "admins may approve")

	r = c.post(gpath(900, "approve"), url.Values{"revision": {"2"}})
	assert.Equal(t, http.StatusConflict, r.StatusCode)
	assert.Contains(t, r.body, "Reload the review to see where it stands.")
	assert.Equal(t, []approveCall{{id: 900, revision: 2, by: f.admin.ID}}, f.rdb.approveCalls())
	assert.Equal(t, scoring.ReviewSubmitted, f.rdb.get(900).State)

	r = c.post(gpath(900, "approve"), url.Values{})
	assert.Equal(t, http.StatusConflict, r.StatusCode, "no revision, no approval")
	assert.Len(t, f.rdb.approveCalls(), 1)
}

func TestApproveOwnReviewIsNotFound(t *testing.T) {
	f := mustApprovalEnv(t)
	c := f.mustLogin(f.otherSup) // the reviewer
	r := c.get(gpath(900, ""))
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.Contains(t, r.body, "Waiting for approval")
	assert.NotContains(t, r.body, "Approve and publish")
	assert.NotContains(t, r.body, `/approve"`)

	r = c.post(gpath(900, "approve"), url.Values{"revision": {"3"}})
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
	assert.Empty(t, f.rdb.approveCalls())
	assert.Equal(t, scoring.ReviewSubmitted, f.rdb.get(900).State)
}

func TestApproveRefusedOutsideTeams(t *testing.T) {
	f := mustApprovalEnv(t)
	stranger := f.db.add(coaching.User{Email: "sia@example.com", Name: "Sia Elsewhere", Role: coaching.RoleSupervisor, PasswordHash: testHash(t)})
	for name, u := range map[string]coaching.User{"supervisor of other teams": stranger, "agent": f.agent, "trainer": f.trainer} {
		c := f.mustLogin(u)
		assert.Equal(t, http.StatusNotFound, c.get(gpath(900, "")).StatusCode, name)
		assert.Equal(t, http.StatusNotFound, c.post(gpath(900, "approve"), url.Values{"revision": {"3"}}).StatusCode, name)
	}
	assert.Empty(t, f.rdb.approveCalls())
}

func TestAgentSeesReviewOnlyOnceApproved(t *testing.T) {
	f := mustApprovalEnv(t)
	agent := f.mustLogin(f.agent)
	assert.Equal(t, http.StatusNotFound, agent.get(gpath(900, "")).StatusCode, "submitted: waiting for the second check")

	require.Equal(t, http.StatusSeeOther, f.mustLogin(f.supervisor).post(gpath(900, "approve"), url.Values{"revision": {"3"}}).StatusCode)
	r := agent.get(gpath(900, ""))
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.Contains(t, r.body, ">91.5<")
	assert.NotContains(t, r.body, "Approve and publish")
}
