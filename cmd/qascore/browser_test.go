package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/fixtures"
)

// browser starts headless chromium for one test. Without chromium the test
// is skipped with a message — except under CI, where .ci/run installs it
// and a missing browser must fail loudly rather than silently skip.
func browser(t *testing.T) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not found; .ci/run should have installed it (apt-get install chromium)")
		}
		t.Skip("chromium not installed: browser tests skipped (apt-get install chromium to run them)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "chromium")),
		// The closed network makes chromium hang on its background
		// connections unless they are switched off.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first call starts the browser and binds its life to ctx, so it
	// must not carry a timeout; each test step below gets its own.
	require.NoError(t, chromedp.Do(ctx), "start chromium")
	return ctx
}

// TestBrowserSupervisorFindsThaiTranscript is the supervisor's first
// minute: sign in, filter the conversation list down to Thai, open one and
// read it — every character of the Thai text intact.
func TestBrowserSupervisorFindsThaiTranscript(t *testing.T) {
	ctx := browser(t)
	app := startApp(t)

	ws := fixtures.MustDemo(t, time.Now())
	sup := supervisorOfLanguage(t, ws, "th")

	step, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(step,
		chromedp.Navigate(app.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), sup.Email),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), sup.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		// Supervisors land on their queue; conversations are one click away.
		chromedp.WaitVisible(chromedp.CSS(`a[href="/interactions"]`)),
		chromedp.Click(chromedp.CSS(`nav a[href="/interactions"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=interaction-filters]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=language]`), "th"),
		chromedp.Click(chromedp.CSS(`[data-testid=interaction-filters] button[type=submit]`)),
	))
	// The unfiltered rows stay on screen until htmx swaps the results in,
	// so wait for the swap (the pushed URL and no request in flight), not
	// merely for some row to be visible.
	pollCtx, cancelPoll := context.WithTimeout(step, 20*time.Second)
	defer cancelPoll()
	_, err := chromedp.Run(pollCtx, chromedp.Poll[bool](
		`location.search.includes('language=th') && !document.querySelector('.htmx-request') && document.querySelectorAll('[data-testid=interaction-row]').length > 0`))
	require.NoError(t, err, "the filtered results arrive")

	// Every row left must be a Thai conversation (the fifth column).
	langs, err := chromedp.Run(step, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-testid=interaction-row] td:nth-child(5)')).map(e => e.textContent.trim())`))
	require.NoError(t, err)
	require.NotEmpty(t, langs)
	for _, l := range langs {
		assert.Equal(t, "Thai", l, "filtered list shows only Thai conversations")
	}

	// Open the first one and compare every turn with the demo data.
	require.NoError(t, chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`[data-testid=interaction-row] [data-testid=interaction-link]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=turn]`)),
	))
	heading, err := chromedp.Run(step, chromedp.Text(chromedp.CSS(`h1`)))
	require.NoError(t, err)
	externalID, err := chromedp.Run(step, chromedp.Text(chromedp.CSS(`[data-testid=interaction-meta] code`)))
	require.NoError(t, err)
	texts, err := chromedp.Run(step, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-testid=turn-text]')).map(e => e.textContent)`))
	require.NoError(t, err)
	var thai fixtures.DemoInteraction
	for _, in := range ws.Interactions {
		if in.ExternalID == strings.TrimSpace(externalID) {
			thai = in
		}
	}
	require.Equal(t, "th", thai.Language, "opened %q, a Thai demo conversation", externalID)
	require.Len(t, texts, len(thai.Turns))
	for i, turn := range thai.Turns {
		assert.Equal(t, turn.Text, texts[i], "turn %d text intact", i)
	}
	assert.NotEmpty(t, heading)
}

// supervisorOfLanguage finds, in the demo workspace, a conversation in
// lang and returns the supervisor of the team its agent belongs to.
func supervisorOfLanguage(t *testing.T, ws fixtures.Workspace, lang string) fixtures.DemoUser {
	t.Helper()
	users := map[string]fixtures.DemoUser{}
	for _, u := range ws.Users {
		users[u.Email] = u
	}
	for _, in := range ws.Interactions {
		if in.Language != lang {
			continue
		}
		for _, team := range ws.Teams {
			for _, a := range team.Agents {
				if a == in.AgentEmail && len(team.Supervisors) > 0 {
					return users[team.Supervisors[0]]
				}
			}
		}
	}
	t.Fatalf("demo workspace has no %s conversation with a supervised agent", lang)
	return fixtures.DemoUser{}
}

// tab drives a test's chromium tab: every call gets its own timeout and
// fails the test on error, so flows read as steps rather than plumbing.
type tab struct {
	t   *testing.T
	ctx context.Context
	app *testApp
}

// do runs actions within d.
func (b tab) do(d time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	c, cancel := context.WithTimeout(b.ctx, d)
	defer cancel()
	require.NoError(b.t, chromedp.Do(c, actions...))
}

// eval returns the string a script evaluates to.
func (b tab) eval(js string) string {
	b.t.Helper()
	c, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, chromedp.Evaluate[string](js))
	require.NoError(b.t, err, js)
	return v
}

// poll waits up to 20 s for a script to turn true.
func (b tab) poll(js, why string) {
	b.t.Helper()
	c, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	_, err := chromedp.Run(c, chromedp.Poll[bool](js))
	require.NoError(b.t, err, why)
}

// signIn fills the sign-in form and waits until the signed-in header shows.
func (b tab) signIn(email, password string) {
	b.t.Helper()
	b.do(30*time.Second,
		chromedp.Navigate(b.app.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), email),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=user-name]`)),
	)
}
