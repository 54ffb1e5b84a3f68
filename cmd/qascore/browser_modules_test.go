package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/fixtures"
)

// A trainer's minute from UX.md: from the weakest criterion on the
// coaching page, write a module linked to it, assign it to the agents who
// need it; then the agent reads it, rendered, and marks it done.
func TestBrowserTrainerWritesAndAssignsModule(t *testing.T) {
	ctx := browser(t)
	app := startApp(t)
	trainer := demoUser(t, coaching.RoleTrainer)

	b := tab{t: t, ctx: ctx, app: app}
	b.signIn(trainer.Email, trainer.Password)
	b.do(30*time.Second, chromedp.WaitVisible(chromedp.CSS(`[data-testid=coaching-modules]`)))
	b.do(30*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid=new-module]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=module-form] input[name=title]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "Կարճ պատասխաններ — short answers"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=body]`), "# Keep it short\n\n- **One** idea per sentence\n- Check it landed\n"),
		chromedp.Click(chromedp.CSS(`input[name=criteria][value=clarity]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=module-save]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=module-body] li`)),
	)
	assert.Equal(t, "Կարճ պատասխաններ — short answers", b.eval(`document.querySelector('[data-testid=module-title]').textContent`))
	assert.Equal(t, "One", b.eval(`document.querySelector('[data-testid=module-body] li strong').textContent`))

	// Assign it to the first two agents offered.
	b.do(30*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid=module-assign-form] input[name=agents]:not([disabled])`)),
		chromedp.Click(chromedp.CSS(`[data-testid=module-assign-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=module-assignment]`)),
	)
	assert.Contains(t, b.eval(`document.querySelector('[data-testid=flash]').textContent`), "Assigned to 1 agent.")
	agentName := b.eval(`document.querySelector('[data-testid=module-assignment] bdi').textContent`)
	moduleURL := b.eval(`location.pathname`)

	// The agent.
	ws := fixtures.MustDemo(t, time.Now())
	var agent fixtures.DemoUser
	for _, u := range ws.Users {
		if u.Name == agentName {
			agent = u
		}
	}
	require.NotEmpty(t, agent.Email, "assigned %q", agentName)
	b.do(10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid=logout]`)), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))
	b.signIn(agent.Email, agent.Password)
	b.do(30*time.Second,
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=coaching-plan]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=plan-item] a[href="`+moduleURL+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=module-done]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=module-done]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=module-mine] [data-status=done]`)),
	)
	assert.Equal(t, "0", b.eval(`String(document.querySelectorAll('[data-testid=module-done]').length)`))
}
