package main

import (
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

	b := tab{t: t, ctx: ctx, app: app}
	b.signIn(sup.Email, sup.Password)
	b.do(30*time.Second,
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=start-next]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=start-next]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=grading-form]`)),
	)
	gradeURL := b.eval(`location.href`)
	first := `document.querySelector('.grading-criterion')`
	require.Equal(t, "0", b.eval(`String(`+first+`.querySelectorAll('[aria-pressed=true]').length)`), "a fresh draft")

	// The network goes: every request fails as a real outage would.
	b.eval(`(() => { XMLHttpRequest.prototype.send = function () { const x = this; setTimeout(() => x.dispatchEvent(new ProgressEvent('error')), 0) }; return 'ok' })()`)
	b.do(10*time.Second,
		chromedp.Click(chromedp.CSS(`.grading-criterion [data-testid=rating-option]`)),
		chromedp.SendKeys(chromedp.CSS(`.grading-criterion textarea[data-testid=criterion-comment]`), "Chào khách rất ấm áp 👍"),
	)
	b.poll(`document.querySelector('[data-testid=save-status]').textContent.includes('Not saved')`, "the failed save is reported")

	// Reload: the server has none of it, and the page offers it back.
	b.do(30*time.Second,
		chromedp.Navigate(gradeURL),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=draft-restore]`)),
	)
	assert.Equal(t, "0", b.eval(`String(`+first+`.querySelectorAll('[aria-pressed=true]').length)`), "not on the server")
	assert.Contains(t, b.eval(`document.querySelector('[data-testid=draft-restore]').textContent`), "were not saved")
	b.do(10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid=draft-restore-yes]`)))
	b.poll(`!document.querySelector('[data-testid=draft-restore]') && Object.keys(localStorage).filter(k => k.startsWith('qascore:draft:')).length === 0`, "restored and saved: nothing left to keep")

	// Reload again: both come from the server now, with no offer.
	b.do(30*time.Second,
		chromedp.Navigate(gradeURL),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=grading-form]`)),
	)
	assert.Equal(t, "1", b.eval(`String(`+first+`.querySelectorAll('[aria-pressed=true]').length)`), "the rating was saved")
	assert.Equal(t, "Chào khách rất ấm áp 👍", b.eval(first+`.querySelector('textarea[data-testid=criterion-comment]').value`))
	assert.Equal(t, "0", b.eval(`String(document.querySelectorAll('[data-testid=draft-restore]').length)`))

	// Signing out clears anything kept.
	b.eval(`(() => { localStorage.setItem('qascore:draft:/reviews/1/draft', '{}'); return 'ok' })()`)
	b.do(10*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid=logout]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
	)
	assert.Equal(t, "0", b.eval(`String(Object.keys(localStorage).filter(k => k.startsWith('qascore:draft:')).length)`))
}
