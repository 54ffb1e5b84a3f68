package views_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/views"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoginPerRole(t *testing.T) {
	e := mustEnv(t)
	tests := []struct {
		user    coaching.User
		home    string
		links   []string
		notLink []string
	}{
		{e.admin, "/admin", []string{"/admin", "/interactions", "/admin/users", "/admin/teams", "/coaching"}, []string{`href="/teams"`}},
		{e.supervisor, "/queue", []string{"/queue", "/interactions", "/assignments", "/coaching"}, []string{"/admin", `href="/teams"`}},
		{e.agent, "/scorecards", []string{"/scorecards", "/interactions"}, []string{"/admin", `href="/teams"`, "/queue", "/coaching"}},
		{e.trainer, "/coaching", []string{"/coaching", "/teams"}, []string{"/admin", "/interactions"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.user.Role), func(t *testing.T) {
			c := e.client("192.0.2.1")
			r := c.login(tt.user.Email, testPassword)
			require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
			assert.Equal(t, tt.home, r.Header.Get("Location"))

			home := c.get("/")
			assert.Equal(t, http.StatusSeeOther, home.StatusCode)
			assert.Equal(t, tt.home, home.Header.Get("Location"))

			// The 404 page carries the full shell, so it shows the nav
			// for every role without depending on other screens.
			page := c.get("/no-such-page")
			assert.Equal(t, http.StatusNotFound, page.StatusCode)
			nav := navSection(page.body)
			require.NotEmpty(t, nav)
			for _, l := range tt.links {
				assert.Contains(t, nav, `href="`+l+`"`)
			}
			for _, l := range tt.notLink {
				assert.NotContains(t, nav, l)
			}
			assert.Contains(t, page.body, tt.user.Role.Label())
			assert.Contains(t, page.body, `action="/logout"`)
		})
	}
	t.Run("admin and trainer screens render with aria-current", func(t *testing.T) {
		c := e.mustLogin(e.admin)
		r := c.get("/admin")
		require.Equal(t, http.StatusOK, r.StatusCode, r.body)
		assert.Contains(t, r.body, `href="/admin" aria-current="page"`)
		assert.NotContains(t, r.body, `href="/admin/users" aria-current`)
		c = e.mustLogin(e.trainer)
		r = c.get("/teams")
		require.Equal(t, http.StatusOK, r.StatusCode, r.body)
		assert.Contains(t, r.body, `aria-current="page"`)
	})
}

func TestLoginFailuresAreGeneric(t *testing.T) {
	e := mustEnv(t)
	c := e.client("192.0.2.2")
	wrong := c.login(e.admin.Email, "not the password at all")
	unknown := c.login("nobody@example.com", "not the password at all")
	for _, r := range []resp{wrong, unknown} {
		assert.Equal(t, http.StatusUnauthorized, r.StatusCode)
		assert.Contains(t, r.body, "Email or password is incorrect.")
		assert.Nil(t, c.sessionCookieIfLoggedIn())
	}
	// Apart from the echoed email, the two pages are identical.
	assert.Equal(t, strings.ReplaceAll(wrong.body, e.admin.Email, "X"), strings.ReplaceAll(unknown.body, "nobody@example.com", "X"))
}

// sessionCookieIfLoggedIn is nil unless "/" lets the client in.
func (c *client) sessionCookieIfLoggedIn() *http.Cookie {
	r := c.get("/")
	if r.StatusCode == http.StatusSeeOther && !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		return c.sessionCookie()
	}
	return nil
}

func TestLoginEmptyFields(t *testing.T) {
	e := mustEnv(t)
	r := e.client("").post("/login", url.Values{"email": {""}, "password": {""}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, "Enter your email address.")
	assert.Contains(t, r.body, `aria-describedby="f-email-error"`)
}

func TestLoginNext(t *testing.T) {
	e := mustEnv(t)
	c := e.client("")
	r := c.get("/admin/users?role=agent")
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	loc := r.Header.Get("Location")
	assert.Equal(t, "/login?next="+url.QueryEscape("/admin/users?role=agent"), loc)
	page := c.get(loc)
	assert.Contains(t, page.body, `name="next" value="/admin/users?role=agent"`)

	r = c.post("/login", url.Values{"email": {e.admin.Email}, "password": {testPassword}, "next": {"/admin/users?role=agent"}})
	assert.Equal(t, "/admin/users?role=agent", r.Header.Get("Location"))

	for _, bad := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		c := e.client("")
		r := c.post("/login", url.Values{"email": {e.admin.Email}, "password": {testPassword}, "next": {bad}})
		assert.Equal(t, "/admin", r.Header.Get("Location"), bad)
	}
}

func TestThrottle(t *testing.T) {
	e := mustEnv(t)
	attacker := e.client("198.51.100.7")
	for i := range 5 {
		r := attacker.login(e.supervisor.Email, "guess number "+strconv.Itoa(i))
		require.Equal(t, http.StatusUnauthorized, r.StatusCode, "attempt %d", i)
	}
	r := attacker.login(e.supervisor.Email, testPassword)
	assert.Equal(t, http.StatusTooManyRequests, r.StatusCode)
	assert.Contains(t, r.body, "Too many sign-in attempts for this account. Wait 15 minutes or ask an admin.")
	assert.NotEmpty(t, r.Header.Get("Retry-After"))

	// A forwarded-for header does not help: the server uses the
	// connection's address.
	spoof := attacker.post("/login", url.Values{"email": {e.supervisor.Email}, "password": {testPassword}}, "X-Forwarded-For", "203.0.113.99")
	assert.Equal(t, http.StatusTooManyRequests, spoof.StatusCode)

	// The real user, from their own address, still gets in.
	real := e.client("192.0.2.50")
	r = real.login(e.supervisor.Email, testPassword)
	assert.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, "/queue", r.Header.Get("Location"))
}

func TestThrottlePerIP(t *testing.T) {
	e := mustEnv(t)
	attacker := e.client("198.51.100.8")
	for i := range 20 {
		r := attacker.login("user"+strconv.Itoa(i)+"@example.com", "wrong password here")
		require.Equal(t, http.StatusUnauthorized, r.StatusCode)
	}
	r := attacker.login(e.admin.Email, testPassword)
	assert.Equal(t, http.StatusTooManyRequests, r.StatusCode)
	assert.Contains(t, r.body, "Too many sign-in attempts from your network.")
	// Other addresses are unaffected.
	assert.Equal(t, http.StatusSeeOther, e.client("192.0.2.60").login(e.admin.Email, testPassword).StatusCode)
}

func TestCrossSitePostRefused(t *testing.T) {
	e := mustEnv(t)
	c := e.client("")
	for _, hdr := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Origin", "https://evil.example"},
	} {
		r := c.post("/login", url.Values{"email": {e.admin.Email}, "password": {testPassword}}, hdr...)
		assert.Equal(t, http.StatusForbidden, r.StatusCode, hdr)
		assert.Nil(t, c.sessionCookie())
		assertSecurityHeaders(t, r, "no-store")
		assert.Contains(t, r.body, "Reference: ")
	}
	// Same-origin browser posts pass.
	r := c.post("/login", url.Values{"email": {e.admin.Email}, "password": {testPassword}}, "Sec-Fetch-Site", "same-origin")
	assert.Equal(t, http.StatusSeeOther, r.StatusCode)
}

func TestSessionCookie(t *testing.T) {
	e := mustEnv(t)
	c := e.client("")
	// Signing out of nothing still leaves a session (for the flash), which
	// gives us a pre-login token.
	r := c.post("/logout", nil)
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	before := c.sessionCookie()
	require.NotNil(t, before)

	r = c.login(e.admin.Email, testPassword)
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	var set *http.Cookie
	for _, ck := range r.Cookies() {
		if ck.Name == "qa_session" {
			set = ck
		}
	}
	require.NotNil(t, set, "login sets the session cookie")
	assert.True(t, set.HttpOnly)
	assert.Equal(t, http.SameSiteLaxMode, set.SameSite)
	assert.Equal(t, "/", set.Path)
	assert.False(t, set.Secure, "CookieSecure is off in this test")
	assert.NotEqual(t, before.Value, set.Value, "token changes at login")

	loggedIn := set.Value
	assert.Equal(t, http.StatusOK, c.get("/admin").StatusCode)

	r = c.post("/logout", nil)
	assert.Equal(t, "/login", r.Header.Get("Location"))
	assert.Contains(t, c.get("/login").body, "You have signed out.")

	// Replaying the old cookie gets nowhere.
	stale := e.client("")
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/admin", nil)
	req.AddCookie(&http.Cookie{Name: "qa_session", Value: loggedIn})
	r = stale.do(req)
	assert.Equal(t, http.StatusSeeOther, r.StatusCode)
	assert.True(t, strings.HasPrefix(r.Header.Get("Location"), "/login"))
}

func TestSecureCookie(t *testing.T) {
	e := mustEnv(t, func(d *views.Deps) { d.CookieSecure = true })
	r := e.client("").login(e.admin.Email, testPassword)
	require.Equal(t, http.StatusSeeOther, r.StatusCode)
	require.NotEmpty(t, r.Cookies())
	assert.True(t, r.Cookies()[0].Secure)
}

func TestDisabledUserSessionEnds(t *testing.T) {
	e := mustEnv(t)
	c := e.mustLogin(e.trainer)
	require.Equal(t, http.StatusOK, c.get("/teams").StatusCode)

	u := e.db.get(e.trainer.ID)
	u.Disabled = true
	u.AuthVersion++
	e.db.set(u)
	r := c.get("/teams")
	assert.Equal(t, http.StatusSeeOther, r.StatusCode)
	assert.True(t, strings.HasPrefix(r.Header.Get("Location"), "/login"))
	assert.Contains(t, c.get("/login").body, "Your session has ended.")

	// Disabled without an AuthVersion bump is still refused.
	c2 := e.mustLogin(e.agent)
	u = e.db.get(e.agent.ID)
	u.Disabled = true
	e.db.set(u)
	r = c2.get("/", "HX-Request", "true")
	assert.Equal(t, http.StatusUnauthorized, r.StatusCode)
	assert.Equal(t, "/login", r.Header.Get("HX-Redirect"))

	// And a disabled user who knows their password is told why.
	r = e.client("").login(e.trainer.Email, testPassword)
	assert.Equal(t, http.StatusForbidden, r.StatusCode)
	assert.Contains(t, r.body, "This account is disabled.")
}

func TestRoleChangeEndsSession(t *testing.T) {
	e := mustEnv(t)
	sup := e.mustLogin(e.supervisor)
	require.Equal(t, http.StatusSeeOther, sup.get("/").StatusCode)
	require.Equal(t, "/queue", sup.get("/").Header.Get("Location"))

	admin := e.mustLogin(e.admin)
	r := admin.post("/admin/users/"+strconv.FormatInt(e.supervisor.ID, 10)+"/role", url.Values{"role": {"agent"}})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, coaching.RoleAgent, e.db.get(e.supervisor.ID).Role)

	r = sup.get("/")
	assert.Equal(t, http.StatusSeeOther, r.StatusCode)
	assert.True(t, strings.HasPrefix(r.Header.Get("Location"), "/login"), r.Header.Get("Location"))
}

func TestRoleGates(t *testing.T) {
	e := mustEnv(t)
	agent := e.mustLogin(e.agent)
	for _, p := range []string{"/admin", "/admin/users", "/admin/users/1", "/admin/teams", "/teams"} {
		r := agent.get(p)
		assert.Equal(t, http.StatusNotFound, r.StatusCode, p)
		assert.Contains(t, r.body, "Page not found")
	}
	r := agent.post("/admin/users", url.Values{"email": {"x@example.com"}, "name": {"X"}, "role": {"admin"}})
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
	assert.Equal(t, 0, e.db.creates)

	trainer := e.mustLogin(e.trainer)
	assert.Equal(t, http.StatusNotFound, trainer.get("/admin/teams").StatusCode)
	assert.Equal(t, http.StatusNotFound, trainer.get("/interactions").StatusCode)
}

func TestIdleTimeoutEndsSession(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	e := mustEnv(t, func(d *views.Deps) { d.Now = clock })
	c := e.mustLogin(e.trainer)

	// A request every 20 minutes keeps the session alive well past the
	// 30-minute idle limit: each one moves last-seen forward.
	for range 4 {
		advance(20 * time.Minute)
		require.Equal(t, http.StatusOK, c.get("/teams").StatusCode)
	}
	// Requests seconds apart do not need to re-save the session, yet
	// still count as activity once a minute has passed.
	advance(10 * time.Second)
	require.Equal(t, http.StatusOK, c.get("/teams").StatusCode)

	advance(31 * time.Minute)
	r := c.get("/teams")
	assert.Equal(t, http.StatusSeeOther, r.StatusCode)
	assert.True(t, strings.HasPrefix(r.Header.Get("Location"), "/login"))
	assert.Contains(t, c.get("/login").body, "30 minutes without activity")
	// The session is gone, not just refused once.
	assert.Equal(t, http.StatusSeeOther, c.get("/teams").StatusCode)
}
