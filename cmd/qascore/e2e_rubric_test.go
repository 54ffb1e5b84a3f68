package main

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
)

// criterionKeys lists a version's section and criterion keys in order.
func criterionKeys(v rubrics.Version) []string {
	var keys []string
	for _, s := range v.Sections {
		keys = append(keys, s.Key)
		for _, c := range s.Criteria {
			keys = append(keys, c.Key)
		}
	}
	return keys
}

// exportVersion downloads a version through the UI and decodes it.
func exportVersion(t *testing.T, app *testApp, c *http.Client, vid int64) rubrics.Version {
	t.Helper()
	resp, body := app.get(t, c, "/rubrics/versions/"+strconv.FormatInt(vid, 10)+"/export")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	_, v, err := rubrics.Decode(strings.NewReader(body), 0)
	require.NoError(t, err)
	return v
}

// TestE2EPublishedRubricIsFrozen drives the real handlers and store: a
// published version refuses edits and re-publishing with 409 and keeps its
// stored content byte for byte; "Edit" makes the next draft with the same
// keys.
func TestE2EPublishedRubricIsFrozen(t *testing.T) {
	app := startApp(t)
	sup := demoUser(t, coaching.RoleSupervisor)
	c := app.client(t, "")
	app.login(t, c, sup.Email, sup.Password)
	db := openSQL(t, app.DBPath)

	var rubricID, pubID, revision int64
	var before string
	require.NoError(t, db.QueryRow(`SELECT rubric_id, id, revision, content FROM rubric_versions WHERE status = 'published'`).
		Scan(&rubricID, &pubID, &revision, &before))
	pub := strconv.FormatInt(pubID, 10)

	form := url.Values{"revision": {strconv.FormatInt(revision, 10)}, "action": {"save"}, "score-cap": {"120"}}
	resp, body := app.post(t, c, "/rubrics/versions/"+pub+"/edit", form)
	assert.Equal(t, http.StatusConflict, resp.StatusCode, body)
	resp, _ = app.post(t, c, "/rubrics/versions/"+pub+"/publish", url.Values{"revision": {strconv.FormatInt(revision, 10)}})
	assert.Equal(t, http.StatusConflict, resp.StatusCode)

	var after string
	var capAfter int
	require.NoError(t, db.QueryRow(`SELECT content, score_cap FROM rubric_versions WHERE id = ?`, pubID).Scan(&after, &capAfter))
	assert.Equal(t, before, after, "published content unchanged")
	assert.Equal(t, 100, capAfter)

	// Edit creates version 2 as a draft with the same keys.
	resp, _ = app.post(t, c, "/rubrics/"+strconv.FormatInt(rubricID, 10)+"/edit", nil)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	var draftID int64
	var number int
	require.NoError(t, db.QueryRow(`SELECT id, number FROM rubric_versions WHERE rubric_id = ? AND status = 'draft'`, rubricID).Scan(&draftID, &number))
	assert.Equal(t, "/rubrics/versions/"+strconv.FormatInt(draftID, 10)+"/edit", resp.Header.Get("Location"))
	assert.Equal(t, 2, number)
	published, draft := exportVersion(t, app, c, pubID), exportVersion(t, app, c, draftID)
	assert.Equal(t, criterionKeys(published), criterionKeys(draft))

	// The draft's export re-imports as the same rubric content.
	var again bytes.Buffer
	require.NoError(t, rubrics.Encode(&again, rubrics.Rubric{Name: "x"}, draft))
	_, reimported, err := rubrics.Decode(&again, 0)
	require.NoError(t, err)
	assert.Equal(t, criterionKeys(draft), criterionKeys(reimported))

	// An agent cannot reach the editor of either version.
	agent := demoUser(t, coaching.RoleAgent)
	ac := app.client(t, "")
	app.login(t, ac, agent.Email, agent.Password)
	for _, id := range []int64{pubID, draftID} {
		resp, _ = app.get(t, ac, "/rubrics/versions/"+strconv.FormatInt(id, 10)+"/edit")
		assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	}
}
