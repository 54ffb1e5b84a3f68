package main

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/cmd/internal/store"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring"
)

// TestE2ESecondCheck drives the second check through the real handlers
// and store: a rubric version asking for it, a review submitted by
// sup.north that waits (invisible to its agent), refused to its own
// reviewer and to the other desk's supervisor, then approved by the admin
// and on the agent's scorecards.
func TestE2ESecondCheck(t *testing.T) {
	app := startApp(t)
	ctx := context.Background()
	// A second handle on the app's database, as a replica would open it:
	// the rubric change and the review's start go through the store API.
	db, err := store.Open(ctx, app.DBPath, store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	raw := openSQL(t, app.DBPath)

	users := map[string]coaching.User{}
	for _, email := range []string{"sup.north@example.com", "sup.south@example.com", "admin@example.com", "chau.tran@example.com"} {
		u, err := db.UserByEmail(ctx, email)
		require.NoError(t, err)
		users[email] = u
	}
	sup, south, admin, agent := users["sup.north@example.com"], users["sup.south@example.com"], users["admin@example.com"], users["chau.tran@example.com"]
	password := demoUser(t, coaching.RoleAdmin).Password

	// Version 2 of the demo rubric, asking for a second check.
	var rubricID int64
	require.NoError(t, raw.QueryRow(`SELECT rubric_id FROM rubric_versions WHERE status = 'published'`).Scan(&rubricID))
	v, err := db.NewDraft(ctx, rubricID, scoring.Actor{UserID: admin.ID})
	require.NoError(t, err)
	v.SecondCheck = true
	require.NoError(t, db.SaveDraft(ctx, &v, scoring.Actor{UserID: admin.ID}))
	v, err = db.PublishVersion(ctx, v.ID, v.Revision, scoring.Actor{UserID: admin.ID})
	require.NoError(t, err)
	require.True(t, v.SecondCheck)

	// sup.north grades one of Chau's conversations through the grading
	// screen's routes: save a draft, then submit.
	var interactionID int64
	require.NoError(t, raw.QueryRow(`SELECT id FROM interactions WHERE agent_id = ? ORDER BY id LIMIT 1`, agent.ID).Scan(&interactionID))
	r, err := db.StartReview(ctx, interactionID, rubricID, scoring.Actor{UserID: sup.ID})
	require.NoError(t, err)
	require.Equal(t, v.ID, r.VersionID, "pinned to the version with the second check")
	id := strconv.FormatInt(r.ID, 10)
	form := url.Values{"revision": {strconv.FormatInt(r.Revision, 10)}}
	for _, sc := range v.Criteria() {
		top, ok := sc.Criterion.Scale.Top()
		require.True(t, ok, sc.Criterion.Key)
		form.Set("rating-"+sc.Criterion.Key, strconv.Itoa(top.Value))
	}
	form.Set("comment", "Rất tốt — ขอบคุณครับ")
	sc := app.client(t, "")
	app.login(t, sc, sup.Email, password)
	resp, body := app.post(t, sc, "/reviews/"+id+"/draft", form)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
	form.Set("revision", strconv.FormatInt(r.Revision+1, 10))
	resp, body = app.post(t, sc, "/reviews/"+id+"/submit", form)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
	_, body = app.get(t, sc, "/queue")
	assert.Contains(t, body, "Review sent for approval")
	assert.NotContains(t, body, "Waiting for your approval", "not for its own reviewer")
	var state string
	var revision int64
	require.NoError(t, raw.QueryRow(`SELECT state, revision FROM reviews WHERE id = ?`, r.ID).Scan(&state, &revision))
	require.Equal(t, string(scoring.ReviewSubmitted), state)

	// Chau cannot see it yet.
	ac := app.client(t, "")
	app.login(t, ac, agent.Email, password)
	resp, _ = app.get(t, ac, "/reviews/"+id)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	_, body = app.get(t, ac, "/scorecards")
	assert.NotContains(t, body, `data-review-id="`+id+`"`)

	// Its reviewer may not approve it, nor may the South desk's supervisor.
	rev := url.Values{"revision": {strconv.FormatInt(revision, 10)}}
	resp, _ = app.post(t, sc, "/reviews/"+id+"/approve", rev)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	soc := app.client(t, "")
	app.login(t, soc, south.Email, password)
	_, body = app.get(t, soc, "/queue")
	assert.NotContains(t, body, `data-review-id="`+id+`"`)
	resp, _ = app.post(t, soc, "/reviews/"+id+"/approve", rev)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	// The admin sees it waiting, opens it and approves it.
	adc := app.client(t, "")
	app.login(t, adc, admin.Email, password)
	_, body = app.get(t, adc, "/queue")
	assert.Contains(t, body, "Waiting for your approval")
	assert.Contains(t, body, `data-testid="approval" data-review-id="`+id+`"`)
	resp, body = app.get(t, adc, "/reviews/"+id)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, `name="revision" value="`+strconv.FormatInt(revision, 10)+`"`)
	resp, body = app.post(t, adc, "/reviews/"+id+"/approve", url.Values{"revision": {strconv.FormatInt(revision-1, 10)}})
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "a stale revision")
	assert.Contains(t, body, "Reload the review")
	resp, body = app.post(t, adc, "/reviews/"+id+"/approve", rev)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
	assert.Equal(t, "/queue", resp.Header.Get("Location"))
	_, body = app.get(t, adc, "/queue")
	assert.Contains(t, body, "Review published to "+agent.Name+".")
	assert.NotContains(t, body, `data-review-id="`+id+`"`)
	var approvedBy int64
	require.NoError(t, raw.QueryRow(`SELECT state FROM reviews WHERE id = ?`, r.ID).Scan(&state))
	assert.Equal(t, string(scoring.ReviewPublished), state)
	require.NoError(t, raw.QueryRow(`SELECT actor_id FROM audit_events WHERE entity = 'review' AND entity_id = ? AND action = 'review.approve'`, r.ID).Scan(&approvedBy))
	assert.Equal(t, admin.ID, approvedBy)

	// Now Chau sees it.
	_, body = app.get(t, ac, "/scorecards")
	assert.Contains(t, body, `data-review-id="`+id+`"`)
	resp, _ = app.get(t, ac, "/reviews/"+id)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}
