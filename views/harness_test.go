package views_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/views"
	"github.com/qascore/qascore/views/password"
	"github.com/stretchr/testify/require"
)

// testPassword is every seeded user's password.
const testPassword = "correct horse battery"

// A real (slow, memory-hard) hash shared by all tests: computing one per
// user would make the suite crawl.
var (
	hashOnce   sync.Once
	hashShared string
	hasher     = password.NewHasher(4)
)

func testHash(tb testing.TB) string {
	hashOnce.Do(func() {
		h, err := hasher.Hash(testPassword)
		require.NoError(tb, err)
		hashShared = h
	})
	return hashShared
}

// env is a running server with fakes the test can change.
type env struct {
	t     *testing.T
	srv   *httptest.Server
	db    *userDB
	users *fakeUsers
	teams *fakeTeams
	inter *fakeInteractions
	ping  *fakePinger
	mods  *moduleDB
	// by role, seeded users
	admin, supervisor, trainer, agent coaching.User
}

func mustEnv(t *testing.T, opts ...func(*views.Deps)) *env {
	t.Helper()
	db := newUserDB()
	e := &env{t: t, db: db, users: db.fake()}
	h := testHash(t)
	e.admin = db.add(coaching.User{Email: "ada@example.com", Name: "Ada Admin", Role: coaching.RoleAdmin, PasswordHash: h})
	e.supervisor = db.add(coaching.User{Email: "sam@example.com", Name: "Sam Supervisor", Role: coaching.RoleSupervisor, PasswordHash: h})
	e.trainer = db.add(coaching.User{Email: "tia@example.com", Name: "Tia Trainer", Role: coaching.RoleTrainer, PasswordHash: h})
	e.agent = db.add(coaching.User{Email: "aziz@example.com", Name: "عزيز Agent", Role: coaching.RoleAgent, PasswordHash: h})
	e.teams = &fakeTeams{
		ListTeamsFn: func(context.Context) ([]coaching.TeamDetail, error) { return nil, nil },
	}
	e.inter = &fakeInteractions{
		ListInteractionsFn: func(context.Context, transcript.Filter) ([]transcript.Summary, int, error) { return nil, 0, nil },
		InteractionFacetsFn: func(context.Context, transcript.Scope) (transcript.Facets, error) {
			return transcript.Facets{}, nil
		},
		InteractionFn: func(context.Context, int64, transcript.Scope) (transcript.Interaction, error) {
			return transcript.Interaction{}, coaching.ErrNotFound
		},
	}
	e.ping = &fakePinger{PingFn: func(context.Context) error { return nil }}
	e.mods = newModuleDB(db)
	d := views.Deps{
		Users: e.users, Teams: e.teams, Interactions: e.inter, DB: e.ping, Modules: e.mods.fake(),
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		Version:   "test",
		Passwords: hasher,
	}
	for _, o := range opts {
		o(&d)
	}
	handler, err := views.NewServer(d)
	require.NoError(t, err)
	// httptest serves from 127.0.0.1 only; this test-only wrapper sets the
	// connection's remote address so tests can play several clients.
	// (The server itself must not trust any header for the client IP.)
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ip := r.Header.Get("X-Test-Remote-Ip"); ip != "" {
			r.RemoteAddr = ip + ":40000"
		}
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(e.srv.Close)
	return e
}

// client is one browser: its own cookie jar and remote IP.
type client struct {
	e  *env
	hc *http.Client
	ip string
}

func (e *env) client(ip string) *client {
	jar, err := cookiejar.New(nil)
	require.NoError(e.t, err)
	return &client{e: e, ip: ip, hc: &http.Client{
		Jar: jar,
		// Tests look at redirects rather than follow them.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type resp struct {
	*http.Response
	body string
}

func (c *client) do(req *http.Request) resp {
	c.e.t.Helper()
	if c.ip != "" {
		req.Header.Set("X-Test-Remote-Ip", c.ip)
	}
	r, err := c.hc.Do(req)
	require.NoError(c.e.t, err)
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	require.NoError(c.e.t, err)
	return resp{r, string(b)}
}

func (c *client) get(path string, hdr ...string) resp {
	c.e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	require.NoError(c.e.t, err)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return c.do(req)
}

func (c *client) post(path string, v url.Values, hdr ...string) resp {
	c.e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(v.Encode()))
	require.NoError(c.e.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return c.do(req)
}

func (c *client) login(email, pw string) resp {
	c.e.t.Helper()
	return c.post("/login", url.Values{"email": {email}, "password": {pw}})
}

// mustLogin signs in as u from a fresh client.
func (e *env) mustLogin(u coaching.User) *client {
	e.t.Helper()
	c := e.client("192.0.2.10")
	r := c.login(u.Email, testPassword)
	require.Equal(e.t, http.StatusSeeOther, r.StatusCode, r.body)
	return c
}

func (c *client) sessionCookie() *http.Cookie {
	u, _ := url.Parse(c.e.srv.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == "qa_session" {
			return ck
		}
	}
	return nil
}

// navSection returns the main navigation list of a page.
func navSection(body string) string {
	i := strings.Index(body, `data-testid="nav"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</ul>")
	return body[i : i+j]
}
