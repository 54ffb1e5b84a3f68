package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
)

// setValue sets a form control's value and fires change as a person's
// edit would, which is what starts the editor's autosave.
func setValue(sel, value string) chromedp.Action[chromedp.Void] {
	ev := chromedp.Evaluate[bool](`(() => { const el = document.querySelector(` + jsString(sel) + `);
		el.value = ` + jsString(value) + `; el.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := ev(ctx, t)
		return chromedp.Void{}, err
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	return "'" + r.Replace(s) + "'"
}

// TestBrowserSupervisorBuildsAndPublishesRubric is a supervisor writing a
// rubric: two sections, a custom scale whose scores are first entered in
// the wrong order (the editor says so next to the field) and then fixed,
// a look at the grader's preview, and publishing. Every editor step is an
// htmx swap, checked by a marker on window that a page load would erase.
// Finally an agent asking for the editor gets 404.
func TestBrowserSupervisorBuildsAndPublishesRubric(t *testing.T) {
	ctx := browser(t)
	app := startApp(t)
	sup := demoUser(t, coaching.RoleSupervisor)
	agent := demoUser(t, coaching.RoleAgent)
	name := "Browser rubric " + time.Now().Format("150405.000")

	step, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(step,
		chromedp.Navigate(app.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), sup.Email),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), sup.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=nav]`)),
		chromedp.Navigate(app.URL+"/rubrics"),
		chromedp.Click(chromedp.CSS(`[data-testid=new-rubric]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=rubric-form] input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=rubric-form] input[name=name]`), name),
		chromedp.Click(chromedp.CSS(`[data-testid=rubric-form] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=rubric-editor]`)),
	))
	editorURL, err := chromedp.Run(step, chromedp.Location())
	require.NoError(t, err)
	require.Contains(t, editorURL, "/rubrics/versions/")

	_, err = chromedp.Run(step, chromedp.Evaluate[bool](`window.__noReload = true`))
	require.NoError(t, err)

	// A second section (it comes with one criterion), named.
	require.NoError(t, chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`[data-testid=add-section]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-s1-name`)),
		setValue(`#f-s1-name`, "Resolution"),
		setValue(`#f-s1-c0-name`, "Outcome"),
		chromedp.Click(chromedp.CSS(`#act-save`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-s1-c0 [data-testid=key]`)),
	))
	key, err := chromedp.Run(step, chromedp.Text(chromedp.CSS(`#f-s1-c0 [data-testid=key]`)))
	require.NoError(t, err)
	assert.Equal(t, "outcome", key)

	// Another criterion in the first section.
	require.NoError(t, chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`#act-add-criterion-0`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-s0-c1-name`)),
		setValue(`#f-s0-c1-name`, "Politeness"),
		chromedp.Click(chromedp.CSS(`#act-save`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-s0-c1 [data-testid=key]`)),
	))

	// Switch "Outcome" to a custom scale: the change alone re-renders the
	// criterion with outcome rows. Scores in the wrong order are flagged
	// next to the field; fixing them clears the note.
	require.NoError(t, chromedp.Do(step,
		setValue(`#f-s1-c0-scale`, "custom"),
		chromedp.WaitVisible(chromedp.CSS(`#f-s1-c0-outcomes [data-testid=outcome-row]`)),
		setValue(`#f-s1-c0-o0-label`, "Resolved"),
		setValue(`#f-s1-c0-o0-score`, "0.2"),
		setValue(`#f-s1-c0-o1-label`, "Not resolved"),
		setValue(`#f-s1-c0-o1-score`, "0.9"),
		chromedp.Click(chromedp.CSS(`#act-save`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="error-s1-c0-o1-score"]`)),
	))
	msg, err := chromedp.Run(step, chromedp.Text(chromedp.CSS(`[data-testid="error-s1-c0-o1-score"]`)))
	require.NoError(t, err)
	assert.Contains(t, msg, "0.9")
	described, err := chromedp.Run(step, chromedp.Evaluate[string](`document.querySelector('#f-s1-c0-o1-score').getAttribute('aria-describedby')`))
	require.NoError(t, err)
	assert.Contains(t, described, "f-s1-c0-o1-score-error")

	require.NoError(t, chromedp.Do(step,
		setValue(`#f-s1-c0-o0-score`, "1"),
		setValue(`#f-s1-c0-o1-score`, "0"),
		chromedp.Click(chromedp.CSS(`#act-save`)),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="error-s1-c0-o1-score"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-testid=editor-problems]`)),
	))
	stayed, err := chromedp.Run(step, chromedp.Evaluate[bool](`window.__noReload === true`))
	require.NoError(t, err)
	assert.True(t, stayed, "every editor action was an htmx swap, not a page load")

	// The preview shows the custom outcomes as the grader's buttons.
	require.NoError(t, chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`[data-testid=preview-link]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=rubric-panel]`)),
	))
	labels, err := chromedp.Run(step, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-testid=rubric-criterion][data-key=outcome] [data-testid=rating-option]')).map(b => b.textContent.trim())`))
	require.NoError(t, err)
	assert.Equal(t, []string{"Resolved", "Not resolved"}, labels)
	sections, err := chromedp.Run(step, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=rubric-section]').length`))
	require.NoError(t, err)
	assert.Equal(t, 2, sections)

	// Publish: no problems, so the button is enabled; land on the rubric.
	require.NoError(t, chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`[data-testid=publish-link]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=impact]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=publish-button]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=rubric-name]`)),
	))
	flash, err := chromedp.Run(step, chromedp.Text(chromedp.CSS(`[data-testid=flash]`)))
	require.NoError(t, err)
	assert.Contains(t, flash, "Version 1 published")
	status, err := chromedp.Run(step, chromedp.Text(chromedp.CSS(`[data-testid=version-status]`)))
	require.NoError(t, err)
	assert.Equal(t, "Published", strings.TrimSpace(status))

	// An agent asking for the editor is told nothing exists there.
	c := app.client(t, "")
	app.login(t, c, agent.Email, agent.Password)
	path := strings.TrimPrefix(editorURL, app.URL)
	resp, _ := app.get(t, c, path)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}
