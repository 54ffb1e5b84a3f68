package main

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/fixtures"
)

// TestBrowserDraftNeverLost: a rating and a comment made while saves fail
// (the network is gone) survive a reload — the grading page offers to
// restore them, restoring saves them to the server — and signing out
// clears what the browser kept.
func TestBrowserDraftNeverLost(t *testing.T) {
	ctx := browser(t)
	app := startApp(t)
	ws := fixtures.MustDemo(t, time.Now())
	var sup fixtures.DemoUser
	for _, u := range ws.Users {
		if u.Email == "sup.north@example.com" {
			sup = u
		}
	}
	require.NotEmpty(t, sup.Email)

	step := func(d time.Duration, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		require.NoError(t, chromedp.Do(c, actions...))
	}
	eval := func(js string) string {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		v, err := chromedp.Run(c, chromedp.Evaluate[string](js))
		require.NoError(t, err, js)
		return v
	}
	poll := func(js, why string) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		_, err := chromedp.Run(c, chromedp.Poll[bool](js))
		require.NoError(t, err, why)
	}

	step(30*time.Second,
		chromedp.Navigate(app.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), sup.Email),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), sup.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=start-next]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=start-next]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=grading-form]`)),
	)
	gradeURL := eval(`location.href`)
	first := `document.querySelector('.grading-criterion')`
	require.Equal(t, "0", eval(`String(`+first+`.querySelectorAll('[aria-pressed=true]').length)`), "a fresh draft")

	// The network goes: every request fails as a real outage would.
	eval(`(() => { XMLHttpRequest.prototype.send = function () { const x = this; setTimeout(() => x.dispatchEvent(new ProgressEvent('error')), 0) }; return 'ok' })()`)
	step(10*time.Second,
		chromedp.Click(chromedp.CSS(`.grading-criterion [data-testid=rating-option]`)),
		chromedp.SendKeys(chromedp.CSS(`.grading-criterion textarea[data-testid=criterion-comment]`), "Chào khách rất ấm áp 👍"),
	)
	poll(`document.querySelector('[data-testid=save-status]').textContent.includes('Not saved')`, "the failed save is reported")

	// Reload: the server has none of it, and the page offers it back.
	step(30*time.Second,
		chromedp.Navigate(gradeURL),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=draft-restore]`)),
	)
	assert.Equal(t, "0", eval(`String(`+first+`.querySelectorAll('[aria-pressed=true]').length)`), "not on the server")
	assert.Contains(t, eval(`document.querySelector('[data-testid=draft-restore]').textContent`), "were not saved")
	step(10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid=draft-restore-yes]`)))
	poll(`!document.querySelector('[data-testid=draft-restore]') && Object.keys(localStorage).filter(k => k.startsWith('qascore:draft:')).length === 0`, "restored and saved: nothing left to keep")

	// Reload again: both come from the server now, with no offer.
	step(30*time.Second,
		chromedp.Navigate(gradeURL),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=grading-form]`)),
	)
	assert.Equal(t, "1", eval(`String(`+first+`.querySelectorAll('[aria-pressed=true]').length)`), "the rating was saved")
	assert.Equal(t, "Chào khách rất ấm áp 👍", eval(first+`.querySelector('textarea[data-testid=criterion-comment]').value`))
	assert.Equal(t, "0", eval(`String(document.querySelectorAll('[data-testid=draft-restore]').length)`))

	// Signing out clears anything kept.
	eval(`(() => { localStorage.setItem('qascore:draft:/reviews/1/draft', '{}'); return 'ok' })()`)
	step(10*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid=logout]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
	)
	assert.Equal(t, "0", eval(`String(Object.keys(localStorage).filter(k => k.startsWith('qascore:draft:')).length)`))
}
