package main

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/fixtures"
)

// demoUser returns the first demo account with role.
func demoUser(t *testing.T, role coaching.Role) fixtures.DemoUser {
	t.Helper()
	for _, u := range fixtures.MustDemo(t, time.Now()).Users {
		if u.Role == role {
			return u
		}
	}
	t.Fatalf("no demo %s", role)
	return fixtures.DemoUser{}
}

var navLink = regexp.MustCompile(`<a[^>]*href="([^"]+)"`)

// navHrefs extracts the links of the main navigation list.
func navHrefs(t *testing.T, body string) []string {
	t.Helper()
	i := strings.Index(body, `data-testid="nav"`)
	require.GreaterOrEqual(t, i, 0, "page has the main navigation")
	end := strings.Index(body[i:], "</ul>")
	var hrefs []string
	for _, m := range navLink.FindAllStringSubmatch(body[i:i+end], -1) {
		hrefs = append(hrefs, m[1])
	}
	return hrefs
}

func TestE2ELoginEachRoleSeesItsNavigation(t *testing.T) {
	app := startApp(t)
	tests := []struct {
		role coaching.Role
		home string
		nav  []string
	}{
		{coaching.RoleAdmin, "/admin", []string{"/admin", "/queue", "/interactions", "/assignments", "/coaching", "/rubrics", "/imports", "/admin/users", "/admin/teams"}},
		{coaching.RoleSupervisor, "/queue", []string{"/queue", "/interactions", "/assignments", "/coaching", "/rubrics", "/imports"}},
		{coaching.RoleTrainer, "/coaching", []string{"/coaching", "/teams", "/rubrics"}},
		{coaching.RoleAgent, "/scorecards", []string{"/scorecards", "/interactions", "/rubrics"}},
	}
	for _, tc := range tests {
		t.Run(string(tc.role), func(t *testing.T) {
			u := demoUser(t, tc.role)
			c := app.client(t, "")
			resp := app.login(t, c, u.Email, u.Password)
			loc := resp.Header.Get("Location")
			if loc == "/" {
				resp, _ = app.get(t, c, "/")
				require.Equal(t, http.StatusSeeOther, resp.StatusCode)
				loc = resp.Header.Get("Location")
			}
			assert.Equal(t, tc.home, loc, "lands on the role's first screen")
			resp, body := app.get(t, c, tc.home)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.ElementsMatch(t, tc.nav, navHrefs(t, body))
			assert.Contains(t, body, u.Name)
		})
	}
}

// The trainer's first screen on the demo workspace: both teams, the
// default rubric's criteria weakest first, real numbers with their n.
func TestE2ETrainerCoaching(t *testing.T) {
	app := startApp(t)
	trainer := demoUser(t, coaching.RoleTrainer)
	c := app.client(t, "")
	app.login(t, c, trainer.Email, trainer.Password)
	resp, body := app.get(t, c, "/coaching")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 2, strings.Count(body, `data-testid="coaching-team"`))
	assert.Contains(t, body, "North Desk")
	assert.Contains(t, body, "South Desk")
	assert.Greater(t, strings.Count(body, `data-testid="coaching-criterion"`), 10, "the default rubric's criteria, per team")
	assert.Contains(t, body, "95 % interval", "the demo has enough reviews for real numbers")
	assert.NotContains(t, body, ">0 (n", "nothing to measure is never a 0")
}

func TestE2ELoginFailuresAreGenericAndThrottled(t *testing.T) {
	app := startApp(t)
	agent := demoUser(t, coaching.RoleAgent)

	attacker := app.client(t, "127.0.0.2")
	_, wrongPw := app.post(t, attacker, "/login", url.Values{"email": {agent.Email}, "password": {"not-the-password"}})
	_, unknown := app.post(t, attacker, "/login", url.Values{"email": {"nobody@example.com"}, "password": {"not-the-password"}})
	const generic = "Email or password is incorrect."
	assert.Contains(t, wrongPw, generic)
	assert.Contains(t, unknown, generic)
	assert.NotContains(t, unknown, "nobody@example.com is not", "no hint that the account does not exist")

	// Keep hammering the agent's account from the attacker's address.
	var last *http.Response
	var lastBody string
	for range 30 {
		last, lastBody = app.post(t, attacker, "/login", url.Values{"email": {agent.Email}, "password": {"guess-guess-guess"}})
		if last.StatusCode == http.StatusTooManyRequests {
			break
		}
	}
	require.Equal(t, http.StatusTooManyRequests, last.StatusCode)
	assert.Contains(t, lastBody, "Too many sign-in attempts")

	// Even the right password from the attacker's address is refused now…
	resp, _ := app.post(t, attacker, "/login", url.Values{"email": {agent.Email}, "password": {agent.Password}})
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	// …but the real agent on another machine still gets in.
	app.login(t, app.client(t, "127.0.0.3"), agent.Email, agent.Password)
}

// TestE2EThrottleIsSharedByReplicas runs two app replicas on one database:
// failures counted by one refuse the attacker on the other too, because
// the counts live in the database, not in a process.
func TestE2EThrottleIsSharedByReplicas(t *testing.T) {
	a := startApp(t)
	b := startAppOn(t, a.DBPath)
	agent := demoUser(t, coaching.RoleAgent)

	attackerOnA := a.client(t, "127.0.0.4")
	for range 30 {
		resp, _ := a.post(t, attackerOnA, "/login", url.Values{"email": {agent.Email}, "password": {"guess-guess-guess"}})
		if resp.StatusCode == http.StatusTooManyRequests {
			break
		}
	}
	resp, _ := b.post(t, b.client(t, "127.0.0.4"), "/login", url.Values{"email": {agent.Email}, "password": {agent.Password}})
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the other replica knows the attacker")
	b.login(t, b.client(t, "127.0.0.5"), agent.Email, agent.Password)
}

func TestE2ECrossSitePostIsRejected(t *testing.T) {
	app := startApp(t)
	admin := demoUser(t, coaching.RoleAdmin)
	c := app.client(t, "")
	app.login(t, c, admin.Email, admin.Password)

	req, err := http.NewRequest(http.MethodPost, app.URL+"/admin/users", strings.NewReader(url.Values{
		"email": {"evil@example.com"}, "name": {"Evil"}, "role": {"admin"}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, _ := do(t, c, req)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)

	db := openSQL(t, app.DBPath)
	var n int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM users WHERE email = 'evil@example.com'`).Scan(&n))
	assert.Zero(t, n, "nothing written by the forged request")
}

func sessionCookie(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == "qa_session" {
			return c
		}
	}
	return nil
}

func TestE2ESessionCookieLifecycle(t *testing.T) {
	app := startApp(t)
	sup := demoUser(t, coaching.RoleSupervisor)
	c := app.client(t, "")

	// A token planted before login (session fixation) must not survive it.
	u, _ := url.Parse(app.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "qa_session", Value: "planted-token-planted-token-1234567", Path: "/"}})
	resp := app.login(t, c, sup.Email, sup.Password)
	ck := sessionCookie(resp)
	require.NotNil(t, ck, "login sets the session cookie")
	assert.True(t, ck.HttpOnly, "HttpOnly")
	assert.Equal(t, http.SameSiteLaxMode, ck.SameSite, "SameSite=Lax")
	assert.NotEqual(t, "planted-token-planted-token-1234567", ck.Value, "token renewed at login")
	raw := resp.Header.Values("Set-Cookie")
	assert.Condition(t, func() bool {
		for _, h := range raw {
			if strings.HasPrefix(h, "qa_session=") && strings.Contains(h, "HttpOnly") && strings.Contains(h, "SameSite=Lax") {
				return true
			}
		}
		return false
	}, "Set-Cookie: %v", raw)

	// Logging in again issues yet another token.
	resp2 := app.login(t, c, sup.Email, sup.Password)
	ck2 := sessionCookie(resp2)
	require.NotNil(t, ck2)
	assert.NotEqual(t, ck.Value, ck2.Value)

	resp, _ = app.get(t, c, "/interactions")
	require.Equal(t, http.StatusOK, resp.StatusCode)

	resp, _ = app.post(t, c, "/logout", nil)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)

	// The old token is dead on the server, not merely forgotten by the jar.
	replay := app.client(t, "")
	replay.Jar.SetCookies(u, []*http.Cookie{{Name: "qa_session", Value: ck2.Value, Path: "/"}})
	resp, _ = app.get(t, replay, "/interactions")
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.True(t, strings.HasPrefix(resp.Header.Get("Location"), "/login"))
}

func TestE2EDisabledUserAndRoleChangeEndSessions(t *testing.T) {
	app := startApp(t)
	ws := fixtures.MustDemo(t, time.Now())
	var agents []fixtures.DemoUser
	for _, u := range ws.Users {
		if u.Role == coaching.RoleAgent {
			agents = append(agents, u)
		}
	}
	disabled, demoted := agents[0], agents[1]

	c1, c2 := app.client(t, ""), app.client(t, "")
	app.login(t, c1, disabled.Email, disabled.Password)
	app.login(t, c2, demoted.Email, demoted.Password)
	for _, c := range []*http.Client{c1, c2} {
		resp, _ := app.get(t, c, "/interactions")
		require.Equal(t, http.StatusOK, resp.StatusCode)
	}

	// An admin acts from the CLI against the same database while the
	// server runs.
	r := runCLI(t, app.Env, "", "user", "disable", "--email", disabled.Email)
	require.Equal(t, 0, r.Code, r.Stderr)
	r = runCLI(t, app.Env, "", "user", "set-role", "--email", demoted.Email, "--role", "trainer")
	require.Equal(t, 0, r.Code, r.Stderr)

	for _, c := range []*http.Client{c1, c2} {
		resp, _ := app.get(t, c, "/interactions")
		assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
		assert.True(t, strings.HasPrefix(resp.Header.Get("Location"), "/login"), "sent back to sign in")
	}
	// The disabled agent cannot sign in again; the demoted one can, as a trainer.
	resp, _ := app.post(t, app.client(t, ""), "/login", url.Values{"email": {disabled.Email}, "password": {disabled.Password}})
	assert.NotEqual(t, http.StatusSeeOther, resp.StatusCode)
	c3 := app.client(t, "")
	app.login(t, c3, demoted.Email, demoted.Password)
	resp, _ = app.get(t, c3, "/interactions")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "trainers do not see conversations")
}

func openSQL(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestE2EAgentSeesOnlyOwnConversations(t *testing.T) {
	app := startApp(t)
	agent := demoUser(t, coaching.RoleAgent)
	db := openSQL(t, app.DBPath)
	var own, other int64
	require.NoError(t, db.QueryRow(`SELECT i.id FROM interactions i JOIN users u ON u.id = i.agent_id WHERE u.email = ? LIMIT 1`, agent.Email).Scan(&own))
	require.NoError(t, db.QueryRow(`SELECT i.id FROM interactions i JOIN users u ON u.id = i.agent_id WHERE u.email <> ? LIMIT 1`, agent.Email).Scan(&other))

	c := app.client(t, "")
	app.login(t, c, agent.Email, agent.Password)
	resp, _ := app.get(t, c, "/interactions/"+strconv.FormatInt(own, 10))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp, body := app.get(t, c, "/interactions/"+strconv.FormatInt(other, 10))
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.NotContains(t, body, "data-testid=\"turn\"")
	resp, _ = app.get(t, c, "/interactions/999999")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "same answer for missing and forbidden")

	// The list holds only the agent's own conversations.
	_, body = app.get(t, c, "/interactions")
	var mine int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM interactions i JOIN users u ON u.id = i.agent_id WHERE u.email = ?`, agent.Email).Scan(&mine))
	assert.Contains(t, body, strconv.Itoa(mine)+" conversation")
	// And admin pages do not exist for agents.
	resp, _ = app.get(t, c, "/admin/users")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func assertSecurityHeaders(t *testing.T, resp *http.Response) {
	t.Helper()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
		assert.Contains(t, csp, d, "CSP on %s", resp.Request.URL.Path)
	}
	assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
	assert.Equal(t, "same-origin", resp.Header.Get("Referrer-Policy"))
	assert.NotEmpty(t, resp.Header.Get("X-Request-Id"))
}

func TestE2ESecurityHeadersAndErrorPages(t *testing.T) {
	app := startApp(t)
	admin := demoUser(t, coaching.RoleAdmin)
	c := app.client(t, "")

	resp, body := app.get(t, c, "/login")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assertSecurityHeaders(t, resp)
	assert.Contains(t, body, `name="email"`)

	app.login(t, c, admin.Email, admin.Password)
	resp, _ = app.get(t, c, "/interactions")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assertSecurityHeaders(t, resp)
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"), "authenticated pages are not cached")

	resp, body = app.get(t, c, "/no/such/page")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assertSecurityHeaders(t, resp)
	assert.Contains(t, body, resp.Header.Get("X-Request-Id"), "the 404 page shows the reference")

	// Break the database under the running server: the list page fails
	// with the friendly 500, headers intact, no SQL or table names shown.
	db := openSQL(t, app.DBPath)
	_, err := db.ExecContext(context.Background(), `ALTER TABLE interactions RENAME TO interactions_gone`)
	require.NoError(t, err)
	resp, body = app.get(t, c, "/interactions")
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assertSecurityHeaders(t, resp)
	assert.Contains(t, body, resp.Header.Get("X-Request-Id"))
	for _, leak := range []string{"interactions_gone", "SELECT", "sqlite", "no such table", "goroutine"} {
		assert.NotContains(t, body, leak)
	}
	assert.Contains(t, app.logs.String(), resp.Header.Get("X-Request-Id"), "details go to the log with the request id")

	resp, _ = app.get(t, c, "/healthz")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assertSecurityHeaders(t, resp)
	resp, _ = app.get(t, c, "/readyz")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestE2EAdminCreateUserValidation(t *testing.T) {
	app := startApp(t)
	admin := demoUser(t, coaching.RoleAdmin)
	c := app.client(t, "")
	app.login(t, c, admin.Email, admin.Password)
	db := openSQL(t, app.DBPath)
	count := func() int {
		var n int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM users`).Scan(&n))
		return n
	}
	before := count()

	resp, body := app.post(t, c, "/admin/users", url.Values{"email": {"new.agent@example.com"}, "name": {"Trần Văn Minh"}, "role": {"agent"}, "password": {"elevenchars"}})
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, "Use 12 to 128 characters")
	assert.Contains(t, body, "Trần Văn Minh", "what was typed is kept")
	assert.NotContains(t, body, "elevenchars", "never echo a password")

	resp, body = app.post(t, c, "/admin/users", url.Values{"email": {strings.ToUpper(admin.Email)}, "name": {"Dup"}, "role": {"agent"}})
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, body, "already exists")
	assert.Equal(t, before, count(), "nothing written")

	resp, _ = app.post(t, c, "/admin/users", url.Values{"email": {"new.agent@example.com"}, "name": {"Trần Văn Minh"}, "role": {"agent"}, "password": {"twelve chars!"}})
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, before+1, count())
}

// TestE2EDemoQueueHasWork: in the demo, a supervisor's first screen (My
// queue) has conversations waiting and says how far the week's goal is.
func TestE2EDemoQueueHasWork(t *testing.T) {
	app := startApp(t)
	sup := demoUser(t, coaching.RoleSupervisor)
	c := app.client(t, "")
	app.login(t, c, sup.Email, sup.Password)
	resp, body := app.get(t, c, "/queue")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Greater(t, strings.Count(body, `data-testid="queue-item"`), 0, "demo queue is not empty")
	assert.Regexp(t, `\d+ of \d+ this week`, body)
}

// An agent's unread scorecards are marked until they open them, and their
// month figure never shows a bare number: on the real server and database.
func TestE2EAgentScorecardsUnreadAndMonth(t *testing.T) {
	app := startApp(t)
	agent := demoUser(t, coaching.RoleAgent)
	c := app.client(t, "")
	app.login(t, c, agent.Email, agent.Password)
	resp, body := app.get(t, c, "/scorecards")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	rows := strings.Count(body, `data-testid="scorecard"`)
	require.Positive(t, rows, "the demo agent has scorecards")
	unread := strings.Count(body, `data-testid="scorecard-new"`)
	require.Positive(t, unread, "the demo's recent scorecards are new")
	assert.Less(t, unread, rows, "the demo's older ones were read")
	assert.Contains(t, body, `data-testid="month-this-value"`)
	assert.Regexp(t, `n = \d+|no reviews yet`, body)

	// Open the first unread one.
	afterNew := body[strings.Index(body, `data-testid="scorecard-new"`):]
	m := regexp.MustCompile(`href="(/reviews/\d+)" data-testid="open-scorecard"`).FindStringSubmatch(afterNew)
	require.NotNil(t, m)
	resp, _ = app.get(t, c, m[1])
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = app.get(t, c, m[1]) // a second read changes nothing
	require.Equal(t, http.StatusOK, resp.StatusCode)
	_, body = app.get(t, c, "/scorecards")
	assert.Equal(t, unread-1, strings.Count(body, `data-testid="scorecard-new"`), "the opened one is read")
	id := strings.TrimPrefix(m[1], "/reviews/")
	row := body[strings.Index(body, `data-review-id="`+id+`"`):]
	assert.NotContains(t, row[:strings.Index(row, "</tr>")], ">New<")

	// The agent acknowledges it: once, shown on the list and to the reviewer.
	resp, _ = app.post(t, c, m[1]+"/acknowledge", nil)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	resp, _ = app.post(t, c, m[1]+"/acknowledge", nil)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "a second click is harmless")
	_, body = app.get(t, c, "/scorecards")
	assert.Equal(t, 1, strings.Count(body, `data-testid="scorecard-acknowledged"`))

	// The reviewer opening the same review does not read it for anyone.
	db := openSQL(t, app.DBPath)
	var reviewer string
	require.NoError(t, db.QueryRow(`SELECT u.email FROM reviews r JOIN users u ON u.id = r.reviewer_id WHERE r.id = ?`, id).Scan(&reviewer))
	sc := app.client(t, "")
	app.login(t, sc, reviewer, agent.Password)
	resp, body = app.get(t, sc, m[1])
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "Acknowledged by the agent on")
	var acks int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'review.acknowledge'`).Scan(&acks))
	assert.Equal(t, 1, acks, "audited once")
	var reads int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM review_reads WHERE review_id = ?`, id).Scan(&reads))
	assert.Equal(t, 1, reads, "only the agent's own read is recorded")
}

// Disputes end to end on the real server and database: the agent disputes
// a published demo review, the team's supervisor finds it on their queue
// and answers it, the agent reads the answer, and the database holds the
// final state, the rescored review and the audit trail.
func TestE2EDisputeFlow(t *testing.T) {
	app := startApp(t)
	db := openSQL(t, app.DBPath)
	var reviewID int64
	var agentEmail, supEmail string
	require.NoError(t, db.QueryRow(`SELECT r.id, a.email, s.email FROM reviews r
		JOIN users a ON a.id = r.agent_id
		JOIN users s ON s.id = r.reviewer_id
		WHERE r.state = 'published' ORDER BY r.id LIMIT 1`).Scan(&reviewID, &agentEmail, &supEmail))
	path := "/reviews/" + strconv.FormatInt(reviewID, 10)
	password := demoUser(t, coaching.RoleAgent).Password

	agent := app.client(t, "")
	app.login(t, agent, agentEmail, password)
	_, body := app.get(t, agent, path)
	rev := regexp.MustCompile(`data-testid="dispute-form"><input type="hidden" name="revision" value="(\d+)"`).FindStringSubmatch(body)
	require.NotNil(t, rev, "the agent is offered the dispute form")
	resp, _ := app.post(t, agent, path+"/dispute", url.Values{"revision": {rev[1]}, "criteria": {"empathy"}, "reason": {"I apologised twice — turn 3 and turn 5."}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)

	sup := app.client(t, "")
	app.login(t, sup, supEmail, password)
	_, body = app.get(t, sup, "/queue")
	assert.Contains(t, body, "Disputes waiting for you")
	assert.Contains(t, body, `href="`+path+`" data-testid="open-dispute"`)
	_, body = app.get(t, sup, path)
	assert.Contains(t, body, "I apologised twice")
	rev = regexp.MustCompile(`data-testid="resolve-form"><input type="hidden" name="revision" value="(\d+)"`).FindStringSubmatch(body)
	require.NotNil(t, rev)
	var before float64
	require.NoError(t, db.QueryRow(`SELECT score FROM reviews WHERE id = ?`, reviewID).Scan(&before))
	resp, _ = app.post(t, sup, path+"/resolve", url.Values{"revision": {rev[1]}, "level-empathy": {"5"}, "reply": {"Agreed: raised to 5."}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)

	_, body = app.get(t, agent, path)
	assert.Contains(t, body, "Agreed: raised to 5.")
	var state string
	var after float64
	require.NoError(t, db.QueryRow(`SELECT state, score FROM reviews WHERE id = ?`, reviewID).Scan(&state, &after))
	assert.Equal(t, "resolved", state)
	assert.GreaterOrEqual(t, after, before, "raising a level cannot lower the score")
	var events int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM audit_events WHERE entity_id = ? AND action IN ('review.dispute', 'review.resolve')`, reviewID).Scan(&events))
	assert.Equal(t, 2, events)
	_, err := db.Exec(`UPDATE reviews SET score = 1 WHERE id = ?`, reviewID)
	assert.Error(t, err, "resolved is final in the database too")
}
