package views_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rubricEnv is the test server with an in-memory rubric store.
func rubricEnv(t *testing.T) (*env, *rubricDB, *fakeRubrics) {
	t.Helper()
	db := newRubricDB()
	fake := db.fake()
	e := mustEnv(t, func(d *views.Deps) { d.Rubrics = fake })
	return e, db, fake
}

// sampleVersion is a small valid version: one section, two criteria.
func sampleVersion(status rubrics.VersionStatus) rubrics.Version {
	return rubrics.Version{
		Status: status, ScoreCap: 100, Revision: 3,
		Sections: []rubrics.Section{{
			Key: "opening", Name: "Opening",
			Criteria: []rubrics.Criterion{
				{Key: "greeting", Name: "Greeting", Scale: rubrics.Scale{Kind: rubrics.Scale5}, Weight: 10, Anchors: map[int]string{5: "Warm and personal"}},
				{Key: "empathy", Name: "Empathy", Scale: rubrics.Scale{Kind: rubrics.ScaleBinary}, Weight: 20, AllowNA: true, Critical: true},
			},
		}},
	}
}

func vpath(v rubrics.Version, what string) string {
	return "/rubrics/versions/" + strconv.FormatInt(v.ID, 10) + "/" + what
}

func rpath(r rubrics.Rubric) string { return "/rubrics/" + strconv.FormatInt(r.ID, 10) }

func TestRubricListPerRole(t *testing.T) {
	e, db, _ := rubricEnv(t)
	db.addRubric("Chat support", sampleVersion(rubrics.StatusPublished), sampleVersion(rubrics.StatusDraft))
	db.addRubric("Email drafts only", sampleVersion(rubrics.StatusDraft))

	sup := e.mustLogin(e.supervisor).get("/rubrics")
	require.Equal(t, http.StatusOK, sup.StatusCode)
	assert.Contains(t, sup.body, "Chat support")
	assert.Contains(t, sup.body, "Email drafts only")
	assert.Contains(t, sup.body, `data-testid="new-rubric"`)
	assert.Contains(t, sup.body, `data-testid="import-rubric"`)
	assert.Contains(t, sup.body, "Draft version 2")
	assert.Contains(t, navSection(sup.body), "Rubrics")

	for _, u := range []struct {
		name string
		c    *client
	}{{"agent", e.mustLogin(e.agent)}, {"trainer", e.mustLogin(e.trainer)}} {
		r := u.c.get("/rubrics")
		require.Equal(t, http.StatusOK, r.StatusCode, u.name)
		assert.Contains(t, r.body, "Chat support", u.name)
		assert.NotContains(t, r.body, "Email drafts only", u.name)
		assert.NotContains(t, r.body, "Draft version", u.name)
		assert.NotContains(t, r.body, `data-testid="new-rubric"`, u.name)
		assert.Contains(t, navSection(r.body), "Rubrics", u.name)
	}
}

func TestRubricListEmptyStateTeaches(t *testing.T) {
	e, _, _ := rubricEnv(t)
	r := e.mustLogin(e.admin).get("/rubrics")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, r.body, "No rubrics yet")
	assert.Contains(t, r.body, `href="/rubrics/import"`)
}

func TestRubricCreateAndDuplicate(t *testing.T) {
	e, db, _ := rubricEnv(t)
	c := e.mustLogin(e.supervisor)

	r := c.post("/rubrics", url.Values{"name": {"  Voice QA  "}, "description": {"Calls"}})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	loc := r.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, "/rubrics/versions/") && strings.HasSuffix(loc, "/edit"), loc)
	vid, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/rubrics/versions/"), "/edit"), 10, 64)
	require.NoError(t, err)
	v := db.version(vid)
	require.Len(t, v.Sections, 1)
	assert.Equal(t, "Section 1", v.Sections[0].Name)
	require.Len(t, v.Sections[0].Criteria, 1)
	assert.Equal(t, "Criterion 1", v.Sections[0].Criteria[0].Name)
	assert.Equal(t, rubrics.Scale5, v.Sections[0].Criteria[0].Scale.Kind)
	assert.Equal(t, 10, v.Sections[0].Criteria[0].Weight)

	dup := c.post("/rubrics", url.Values{"name": {"Voice QA"}})
	assert.Equal(t, http.StatusUnprocessableEntity, dup.StatusCode)
	assert.Contains(t, dup.body, `data-testid="error-name"`)
	assert.Contains(t, dup.body, "already exists")
	assert.Contains(t, dup.body, `value="Voice QA"`)

	empty := c.post("/rubrics", url.Values{"name": {""}})
	assert.Equal(t, http.StatusUnprocessableEntity, empty.StatusCode)
	long := c.post("/rubrics", url.Values{"name": {strings.Repeat("ก", 121)}})
	assert.Equal(t, http.StatusUnprocessableEntity, long.StatusCode)
	assert.Contains(t, long.body, "120")
	assert.Equal(t, 1, db.creates)
}

// editorValues is the editor form as the browser would post it for v.
func editorValues(v rubrics.Version) url.Values {
	vals := url.Values{
		"revision":  {strconv.FormatInt(v.Revision, 10)},
		"score-cap": {strconv.Itoa(v.ScoreCap)},
		"sections":  {strconv.Itoa(len(v.Sections))},
	}
	for si, s := range v.Sections {
		p := "s" + strconv.Itoa(si) + "-"
		vals.Set(p+"key", s.Key)
		vals.Set(p+"name", s.Name)
		vals.Set(p+"criteria", strconv.Itoa(len(s.Criteria)))
		for ci, c := range s.Criteria {
			cp := p + "c" + strconv.Itoa(ci) + "-"
			vals.Set(cp+"key", c.Key)
			vals.Set(cp+"name", c.Name)
			vals.Set(cp+"scale", string(c.Scale.Kind))
			vals.Set(cp+"scale-was", string(c.Scale.Kind))
			vals.Set(cp+"weight", strconv.Itoa(c.Weight))
			vals.Set(cp+"outcome-count", strconv.Itoa(len(c.Scale.Outcomes)))
			if c.AllowNA {
				vals.Set(cp+"na", "on")
			}
			if c.Critical {
				vals.Set(cp+"critical", "on")
			}
			for oi, o := range c.Scale.Outcomes {
				op := cp + "o" + strconv.Itoa(oi) + "-"
				vals.Set(op+"label", o.Label)
				vals.Set(op+"score", strconv.FormatFloat(o.Score, 'f', -1, 64))
				if o.Pass {
					vals.Set(op+"pass", "on")
				}
			}
			for k, a := range c.Anchors {
				vals.Set(cp+"anchor-"+strconv.Itoa(k), a)
			}
		}
	}
	return vals
}

func TestRubricEditorActions(t *testing.T) {
	hx := []string{"HX-Request", "true"}
	tests := []struct {
		name   string
		edit   func(url.Values)
		action string
		check  func(t *testing.T, v rubrics.Version, body string)
	}{
		{"add criterion", nil, "add-criterion:0", func(t *testing.T, v rubrics.Version, body string) {
			require.Len(t, v.Sections[0].Criteria, 3)
			added := v.Sections[0].Criteria[2]
			assert.Equal(t, rubrics.Scale5, added.Scale.Kind)
			assert.Equal(t, 10, added.Weight)
			assert.Contains(t, body, `id="f-s0-c2-name"`)
			assert.Contains(t, body, "autofocus", "the new criterion's name gets focus")
		}},
		{"add section", nil, "add-section", func(t *testing.T, v rubrics.Version, body string) {
			require.Len(t, v.Sections, 2)
			assert.Len(t, v.Sections[1].Criteria, 1)
		}},
		{"remove criterion", nil, "remove-criterion:0.0", func(t *testing.T, v rubrics.Version, _ string) {
			require.Len(t, v.Sections[0].Criteria, 1)
			assert.Equal(t, "empathy", v.Sections[0].Criteria[0].Key)
		}},
		{"move criterion down", nil, "down-criterion:0.0", func(t *testing.T, v rubrics.Version, _ string) {
			assert.Equal(t, "empathy", v.Sections[0].Criteria[0].Key)
			assert.Equal(t, "greeting", v.Sections[0].Criteria[1].Key)
		}},
		{"move criterion up", nil, "up-criterion:0.1", func(t *testing.T, v rubrics.Version, _ string) {
			assert.Equal(t, "empathy", v.Sections[0].Criteria[0].Key)
		}},
		{"stale index does nothing", nil, "remove-criterion:0.9", func(t *testing.T, v rubrics.Version, _ string) {
			assert.Len(t, v.Sections[0].Criteria, 2)
		}},
		{"rename keeps the key", func(v url.Values) { v.Set("s0-c0-name", "Warm greeting") }, "save", func(t *testing.T, v rubrics.Version, _ string) {
			assert.Equal(t, "Warm greeting", v.Sections[0].Criteria[0].Name)
			assert.Equal(t, "greeting", v.Sections[0].Criteria[0].Key)
		}},
		{"new criterion gets a key from its name", func(v url.Values) {
			v.Set("s0-criteria", "3")
			v.Set("s0-c2-name", "Positive language!")
			v.Set("s0-c2-scale", "3-point")
			v.Set("s0-c2-weight", "5")
		}, "save", func(t *testing.T, v rubrics.Version, _ string) {
			assert.Equal(t, "positive-language", v.Sections[0].Criteria[2].Key)
			assert.Equal(t, rubrics.Scale3, v.Sections[0].Criteria[2].Scale.Kind)
		}},
		{"scale change to custom shows outcome rows", func(v url.Values) { v.Set("s0-c0-scale", "custom") }, "save", func(t *testing.T, v rubrics.Version, body string) {
			c := v.Sections[0].Criteria[0]
			assert.Equal(t, rubrics.ScaleCustom, c.Scale.Kind)
			assert.Len(t, c.Scale.Outcomes, 2)
			assert.Empty(t, c.Anchors, "anchors of the old scale are dropped")
			assert.Contains(t, body, `data-testid="outcomes"`)
			assert.Equal(t, 2, strings.Count(body, `data-testid="outcome-row"`))
			assert.Contains(t, body, `name="s0-c0-o1-score"`)
		}},
		{"add outcome", func(v url.Values) {
			v.Set("s0-c0-scale", "custom")
			v.Set("s0-c0-scale-was", "custom")
			v.Set("s0-c0-outcome-count", "1")
			v.Set("s0-c0-o0-label", "Resolved")
			v.Set("s0-c0-o0-score", "1")
		}, "add-outcome:0.0", func(t *testing.T, v rubrics.Version, body string) {
			assert.Len(t, v.Sections[0].Criteria[0].Scale.Outcomes, 2)
			assert.Equal(t, "Resolved", v.Sections[0].Criteria[0].Scale.Outcomes[0].Label)
		}},
		{"checkboxes and settings", func(v url.Values) {
			v.Set("second-check", "on")
			v.Set("s0-fail", "on")
			v.Set("s0-c0-evidence", "on")
			v.Set("s0-c0-good", "Hi Ana, thanks for waiting")
		}, "save", func(t *testing.T, v rubrics.Version, _ string) {
			assert.True(t, v.SecondCheck)
			assert.True(t, v.Sections[0].FailSection)
			assert.True(t, v.Sections[0].Criteria[0].EvidenceBelowMax)
			assert.Equal(t, "Hi Ana, thanks for waiting", v.Sections[0].Criteria[0].GoodExample)
			assert.False(t, v.Sections[0].Criteria[0].Critical)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, db, _ := rubricEnv(t)
			_, vs := db.addRubric("Chat", sampleVersion(rubrics.StatusDraft))
			vals := editorValues(vs[0])
			if tt.edit != nil {
				tt.edit(vals)
			}
			vals.Set("action", tt.action)
			r := e.mustLogin(e.supervisor).post(vpath(vs[0], "edit"), vals, hx...)
			require.Equal(t, http.StatusOK, r.StatusCode, r.body)
			saved, ok := db.lastSave()
			require.True(t, ok, "SaveDraft called")
			assert.Equal(t, vs[0].ID, saved.ID)
			assert.Equal(t, int64(4), saved.Revision, "saved against the posted revision")
			assert.True(t, strings.HasPrefix(r.body, `<div id="rubric-editor"`), "htmx gets only the editor fragment")
			assert.NotContains(t, r.body, "<html")
			assert.Contains(t, r.body, `name="revision" value="4"`)
			tt.check(t, saved, r.body)
		})
	}
}

func TestRubricEditorBadNumbersAreFieldProblems(t *testing.T) {
	e, db, _ := rubricEnv(t)
	_, vs := db.addRubric("Chat", sampleVersion(rubrics.StatusDraft))
	vals := editorValues(vs[0])
	vals.Set("s0-c1-weight", "ten")
	vals.Set("score-cap", "")
	r := e.mustLogin(e.admin).post(vpath(vs[0], "edit"), vals)
	require.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, `data-testid="error-s0-c1-weight"`)
	assert.Contains(t, r.body, `value="ten"`, "the typed value is kept")
	assert.Contains(t, r.body, `data-testid="error-score-cap"`)
	assert.Contains(t, r.body, "<html", "a plain post gets the whole page")
	_, saved := db.lastSave()
	assert.False(t, saved)

	broken := editorValues(vs[0])
	broken.Set("sections", "-1")
	r = e.mustLogin(e.admin).post(vpath(vs[0], "edit"), broken)
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
}

func TestRubricEditorValidationNotes(t *testing.T) {
	e, db, _ := rubricEnv(t)
	_, vs := db.addRubric("Chat", sampleVersion(rubrics.StatusDraft))
	vals := editorValues(vs[0])
	vals.Set("s0-c0-weight", "150")
	r := e.mustLogin(e.admin).post(vpath(vs[0], "edit"), vals)
	require.Equal(t, http.StatusOK, r.StatusCode, "a save with problems is still a save")
	_, saved := db.lastSave()
	assert.True(t, saved)
	if err := (&rubrics.Version{ScoreCap: 100, Sections: []rubrics.Section{{Key: "a", Name: "A", Criteria: []rubrics.Criterion{{Key: "b", Name: "B", Weight: 150, Scale: rubrics.Scale{Kind: rubrics.Scale5}}}}}}).Validate(); err == nil {
		t.Skip("rubrics.Version.Validate is not implemented yet")
	}
	assert.Contains(t, r.body, `data-testid="error-s0-c0-weight"`)
	assert.Contains(t, r.body, `aria-describedby="f-s0-c0-weight-hint f-s0-c0-weight-error"`)
	assert.Contains(t, r.body, `data-testid="editor-problems"`)
	assert.Contains(t, r.body, `href="/rubrics/versions/`+strconv.FormatInt(vs[0].ID, 10)+`/edit#f-s0-c0-weight"`)
}

func TestRubricEditorStaleRevision(t *testing.T) {
	e, db, _ := rubricEnv(t)
	_, vs := db.addRubric("Chat", sampleVersion(rubrics.StatusDraft))
	vals := editorValues(vs[0])
	vals.Set("revision", "2") // someone else saved revision 3
	vals.Set("s0-c0-name", "My unsaved name")
	c := e.mustLogin(e.supervisor)

	r := c.post(vpath(vs[0], "edit"), vals)
	assert.Equal(t, http.StatusConflict, r.StatusCode)
	assert.Contains(t, r.body, "Someone else changed this draft; reload to see their changes")
	assert.Contains(t, r.body, `value="My unsaved name"`)

	r = c.post(vpath(vs[0], "edit"), vals, "HX-Request", "true")
	assert.Equal(t, http.StatusOK, r.StatusCode, "htmx swaps only 2xx and 422")
	assert.Contains(t, r.body, `data-testid="editor-conflict"`)
	assert.Contains(t, r.body, `value="My unsaved name"`)
}

func TestRubricEditorFrozenVersionRedirects(t *testing.T) {
	e, db, _ := rubricEnv(t)
	rb, vs := db.addRubric("Chat", sampleVersion(rubrics.StatusPublished))
	c := e.mustLogin(e.supervisor)
	r := c.get(vpath(vs[0], "edit"))
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	assert.Equal(t, rpath(rb), r.Header.Get("Location"))
	page := c.get(rpath(rb))
	assert.Contains(t, page.body, "Version 1 is published and frozen; Edit creates a new draft")

	r = c.post(vpath(vs[0], "edit"), editorValues(vs[0]), "HX-Request", "true")
	assert.Equal(t, rpath(rb), r.Header.Get("HX-Redirect"))
	_, saved := db.lastSave()
	assert.False(t, saved)
}

func TestRubricEditorPageAndEditButton(t *testing.T) {
	e, db, _ := rubricEnv(t)
	rb, vs := db.addRubric("Chat", sampleVersion(rubrics.StatusPublished))
	c := e.mustLogin(e.admin)

	r := c.post(rpath(rb)+"/edit", nil)
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	loc := r.Header.Get("Location")
	assert.NotEqual(t, vpath(vs[0], "edit"), loc, "a new draft, not the published version")

	page := c.get(loc)
	require.Equal(t, http.StatusOK, page.StatusCode)
	assert.Contains(t, page.body, `data-testid="rubric-editor"`)
	assert.Contains(t, page.body, `hx-post="`+loc+`"`)
	assert.Contains(t, page.body, "Version 2")
	assert.Contains(t, page.body, `<code data-testid="key">greeting</code>`)
	assert.NotContains(t, page.body, `style=`)
	assert.NotContains(t, page.body, `hx-on`)
	assert.NotContains(t, page.body, `onclick`)
}

func TestRubricShowAndPreview(t *testing.T) {
	e, db, _ := rubricEnv(t)
	pub := sampleVersion(rubrics.StatusPublished)
	rb, vs := db.addRubric("Chat", pub, sampleVersion(rubrics.StatusDraft))
	ag := e.mustLogin(e.agent)

	r := ag.get(rpath(rb))
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, r.body, `data-testid="rubric-panel"`)
	assert.Equal(t, 2, strings.Count(r.body, `data-testid="rubric-criterion"`))
	assert.Contains(t, r.body, "Critical")
	assert.Contains(t, r.body, "Warm and personal")
	assert.Equal(t, 1, strings.Count(r.body, `data-testid="version-row"`), "readers see only the published version")
	assert.NotContains(t, r.body, `data-testid="edit-rubric"`)

	sup := e.mustLogin(e.supervisor)
	r = sup.get(rpath(rb))
	assert.Equal(t, 2, strings.Count(r.body, `data-testid="version-row"`))
	assert.Contains(t, r.body, "Continue draft version 2")

	p := sup.get(vpath(vs[1], "preview"))
	require.Equal(t, http.StatusOK, p.StatusCode)
	assert.Contains(t, p.body, `data-testid="rating-na"`)
	assert.Contains(t, p.body, `disabled`)
	assert.Equal(t, 5+2, strings.Count(p.body, `data-testid="rating-option"`))
}

func TestRubricAgentAndTrainerGetNotFound(t *testing.T) {
	e, db, _ := rubricEnv(t)
	rb, vs := db.addRubric("Chat", sampleVersion(rubrics.StatusPublished), sampleVersion(rubrics.StatusDraft))
	drafty, dvs := db.addRubric("Unpublished", sampleVersion(rubrics.StatusDraft))
	for _, u := range []struct {
		name string
		c    *client
	}{{"agent", e.mustLogin(e.agent)}, {"trainer", e.mustLogin(e.trainer)}} {
		for _, p := range []string{
			vpath(vs[1], "edit"), vpath(vs[1], "publish"), vpath(vs[1], "preview"), vpath(vs[1], "export"),
			vpath(dvs[0], "preview"), rpath(drafty), "/rubrics/import", "/rubrics/new", rpath(rb) + "/clone",
		} {
			assert.Equal(t, http.StatusNotFound, u.c.get(p).StatusCode, "%s GET %s", u.name, p)
		}
		for _, p := range []string{vpath(vs[1], "edit"), vpath(vs[1], "publish"), "/rubrics", "/rubrics/import", rpath(rb) + "/edit", vpath(vs[1], "delete")} {
			assert.Equal(t, http.StatusNotFound, u.c.post(p, url.Values{}).StatusCode, "%s POST %s", u.name, p)
		}
		assert.Equal(t, http.StatusOK, u.c.get(vpath(vs[0], "preview")).StatusCode, "%s reads the published version", u.name)
	}
	_, saved := db.lastSave()
	assert.False(t, saved)
}

func TestRubricCloneArchiveDelete(t *testing.T) {
	e, db, _ := rubricEnv(t)
	rb, vs := db.addRubric("Chat", sampleVersion(rubrics.StatusPublished), sampleVersion(rubrics.StatusDraft))
	c := e.mustLogin(e.supervisor)

	form := c.get(rpath(rb) + "/clone")
	assert.Contains(t, form.body, `value="Copy of Chat"`)
	dup := c.post(rpath(rb)+"/clone", url.Values{"name": {"Chat"}})
	assert.Equal(t, http.StatusUnprocessableEntity, dup.StatusCode)
	ok := c.post(rpath(rb)+"/clone", url.Values{"name": {"Chat 2"}})
	require.Equal(t, http.StatusSeeOther, ok.StatusCode)
	assert.Equal(t, 1, db.creates)

	confirm := c.get(vpath(vs[0], "archive"))
	assert.Contains(t, confirm.body, `data-testid="archive-confirm"`)
	r := c.post(vpath(vs[0], "archive"), nil)
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	assert.Equal(t, rubrics.StatusArchived, db.version(vs[0].ID).Status)

	r = c.post(vpath(vs[1], "delete"), nil)
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	_, err := db.fake().Version(context.Background(), vs[1].ID)
	assert.ErrorIs(t, err, rubrics.ErrNotFound)
}

func TestRubricPublish(t *testing.T) {
	e, db, fake := rubricEnv(t)
	rb, vs := db.addRubric("Chat", sampleVersion(rubrics.StatusDraft))
	c := e.mustLogin(e.supervisor)

	page := c.get(vpath(vs[0], "publish"))
	require.Equal(t, http.StatusOK, page.StatusCode)
	assert.Contains(t, page.body, "Nothing is published yet, so publishing changes no scores")
	assert.Contains(t, page.body, `name="revision" value="3"`)

	r := c.post(vpath(vs[0], "publish"), url.Values{"revision": {"3"}})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, rpath(rb), r.Header.Get("Location"))
	assert.Equal(t, rubrics.StatusPublished, db.version(vs[0].ID).Status)
	show := c.get(rpath(rb))
	assert.Contains(t, show.body, "Version 1 published")

	// Publishing it again: the store refuses a frozen version.
	r = c.post(vpath(vs[0], "publish"), url.Values{"revision": {"3"}})
	assert.Equal(t, http.StatusConflict, r.StatusCode)
	assert.Contains(t, r.body, `data-testid="publish-conflict"`)

	// A stale revision is a conflict too, even when the fake is the one
	// saying so.
	_, vs2 := db.addRubric("Email", sampleVersion(rubrics.StatusDraft))
	fake.PublishVersionFn = func(context.Context, int64, int64, scoring.Actor) (rubrics.Version, error) {
		return rubrics.Version{}, rubrics.ErrConflict
	}
	r = c.post(vpath(vs2[0], "publish"), url.Values{"revision": {"2"}})
	assert.Equal(t, http.StatusConflict, r.StatusCode)
	assert.Contains(t, r.body, "changed since you opened this page")
}

func TestRubricPublishWithProblems(t *testing.T) {
	e, db, fake := rubricEnv(t)
	bad := sampleVersion(rubrics.StatusDraft)
	bad.Sections[0].Criteria[1].Weight = 150
	bad.Sections[0].Criteria[0].Scale = rubrics.Scale{Kind: rubrics.ScaleCustom, Outcomes: []rubrics.Outcome{
		{Label: "Partly", Score: 0.5, Pass: true}, {Label: "Resolved", Score: 1, Pass: true},
	}}
	_, vs := db.addRubric("Chat", bad)
	if vs[0].Validate() == nil {
		t.Skip("rubrics.Version.Validate is not implemented yet")
	}
	published := false
	fake.PublishVersionFn = func(context.Context, int64, int64, scoring.Actor) (rubrics.Version, error) {
		published = true
		return rubrics.Version{}, nil
	}
	c := e.mustLogin(e.admin)

	page := c.get(vpath(vs[0], "publish"))
	require.Equal(t, http.StatusOK, page.StatusCode)
	assert.Contains(t, page.body, `data-testid="publish-problems"`)
	assert.Contains(t, page.body, `disabled`)
	assert.Contains(t, page.body, "sections[0].criteria[1].weight")
	assert.Contains(t, page.body, "sections[0].criteria[0].scale.outcomes[1].score")
	assert.Contains(t, page.body, vpath(vs[0], "edit")+"#f-s0-c1-weight")
	assert.Contains(t, page.body, vpath(vs[0], "edit")+"#f-s0-c0-o1-score")

	r := c.post(vpath(vs[0], "publish"), url.Values{"revision": {"3"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, "sections[0].criteria[1].weight")
	assert.False(t, published)
}

func TestRubricPublishImpact(t *testing.T) {
	e, db, _ := rubricEnv(t)
	cur := sampleVersion(rubrics.StatusPublished)
	draft := sampleVersion(rubrics.StatusDraft)
	draft.Sections[0].Criteria[0].Weight = 90 // greeting now dominates
	rb, vs := db.addRubric("Chat", cur, draft)
	lvl := func(n int) *int { return &n }
	var reviews []scoring.ReviewScores
	// Ana: six reviews, greeting 3 of 5, empathy yes.
	for i := range 6 {
		reviews = append(reviews, scoring.ReviewScores{ReviewID: int64(i + 1), AgentID: 1, AgentName: "Ana", VersionID: vs[0].ID,
			Ratings: []scoring.Rating{{CriterionKey: "greeting", Level: lvl(3 + i%2)}, {CriterionKey: "empathy", Level: lvl(1)}}})
	}
	// Bo: only three reviews, too few to show a number.
	for i := range 3 {
		reviews = append(reviews, scoring.ReviewScores{ReviewID: int64(10 + i), AgentID: 2, AgentName: "Bo", VersionID: vs[0].ID,
			Ratings: []scoring.Rating{{CriterionKey: "greeting", Level: lvl(5)}, {CriterionKey: "empathy", Level: lvl(1)}}})
	}
	db.reviews[rb.ID] = reviews

	r := e.mustLogin(e.supervisor).get(vpath(vs[1], "publish"))
	require.Equal(t, http.StatusOK, r.StatusCode)
	require.Contains(t, r.body, `data-testid="impact-table"`)
	assert.Equal(t, 2, strings.Count(r.body, `data-testid="impact-row"`))
	assert.Contains(t, r.body, "(n = 6, ")
	assert.Contains(t, r.body, "insufficient evidence (n = 3)")
	assert.Contains(t, r.body, "points (down)")
	assert.Contains(t, r.body, "not enough reviews to compare")

	db.reviews[rb.ID] = nil
	r = e.mustLogin(e.supervisor).get(vpath(vs[1], "publish"))
	assert.Contains(t, r.body, "No reviews use this rubric yet, so publishing changes no scores")
}

func TestRubricExport(t *testing.T) {
	e, db, _ := rubricEnv(t)
	_, vs := db.addRubric("Chat support: ภาษาไทย 2025", sampleVersion(rubrics.StatusPublished))
	r := e.mustLogin(e.supervisor).get(vpath(vs[0], "export"))
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Equal(t, `attachment; filename="chat-support-2025-v1.json"`, r.Header.Get("Content-Disposition"))
	assert.Contains(t, r.Header.Get("Content-Type"), "application/json")
	var want strings.Builder
	require.NoError(t, rubrics.Encode(&want, rubrics.Rubric{Name: "Chat support: ภาษาไทย 2025"}, vs[0]))
	assert.Equal(t, want.String(), r.body)
}

// postFile sends a multipart form with one file field and other fields.
func (c *client) postFile(path, filename string, content []byte, fields map[string]string) resp {
	c.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		require.NoError(c.e.t, w.WriteField(k, v))
	}
	fw, err := w.CreateFormFile("file", filename)
	require.NoError(c.e.t, err)
	_, err = fw.Write(content)
	require.NoError(c.e.t, err)
	require.NoError(c.e.t, w.Close())
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	require.NoError(c.e.t, err)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

func exported(t *testing.T, name string, v rubrics.Version) []byte {
	var b bytes.Buffer
	require.NoError(t, rubrics.Encode(&b, rubrics.Rubric{Name: name}, v))
	return b.Bytes()
}

func TestRubricImport(t *testing.T) {
	e, db, _ := rubricEnv(t)
	c := e.mustLogin(e.supervisor)
	file := exported(t, "Imported chat", sampleVersion(rubrics.StatusPublished))

	form := c.get("/rubrics/import")
	require.Equal(t, http.StatusOK, form.StatusCode)
	assert.Contains(t, form.body, `enctype="multipart/form-data"`)

	r := c.postFile("/rubrics/import", "chat.json", file, nil)
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	require.Equal(t, 1, db.creates)
	list, _ := db.fake().ListRubrics(context.Background(), rubrics.ListFilter{})
	require.Len(t, list, 1)
	assert.Equal(t, "Imported chat", list[0].Name)
	assert.Equal(t, rubrics.StatusDraft, list[0].Latest.Status, "an import is always a draft")

	// The same file again: the name is taken, so ask for another.
	r = c.postFile("/rubrics/import", "chat.json", file, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, `data-testid="error-name"`)
	assert.Contains(t, r.body, "Enter another name")
	r = c.postFile("/rubrics/import", "chat.json", file, map[string]string{"name": "Imported chat (2)"})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, 2, db.creates)
}

func TestRubricImportUnknownFieldCreatesNothing(t *testing.T) {
	e, db, _ := rubricEnv(t)
	file := exported(t, "Chat", sampleVersion(rubrics.StatusDraft))
	broken := bytes.Replace(file, []byte(`"weight": 10,`), []byte(`"weight": 10, "colour": "red",`), 1)
	require.NotEqual(t, file, broken)
	r := e.mustLogin(e.admin).postFile("/rubrics/import", "chat.json", broken, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, `data-testid="import-problems"`)
	assert.Contains(t, r.body, "sections[0].criteria[0].colour")
	assert.Equal(t, 0, db.creates)

	r = e.mustLogin(e.admin).postFile("/rubrics/import", "chat.json", []byte("not json"), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Equal(t, 0, db.creates)
}

func TestRubricImportTooLarge(t *testing.T) {
	e, db, _ := rubricEnv(t)
	big := bytes.Repeat([]byte(" "), 2<<20)
	r := e.mustLogin(e.admin).postFile("/rubrics/import", "big.json", big, nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.StatusCode)
	assert.Contains(t, r.body, "larger than 1 MiB")
	assert.Equal(t, 0, db.creates)

	// Just over the limit but inside the multipart slack: the file size
	// itself is checked too.
	r = e.mustLogin(e.admin).postFile("/rubrics/import", "big.json", bytes.Repeat([]byte(" "), 1<<20+10), nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.StatusCode)
	assert.Equal(t, 0, db.creates)
}
