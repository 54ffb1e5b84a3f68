package views_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"sync"
	"testing"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/views"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func assertSecurityHeaders(t *testing.T, r resp, cacheControl string) {
	t.Helper()
	h := r.Header
	assert.Contains(t, h.Get("Content-Security-Policy"), "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	assert.NotContains(t, h.Get("Content-Security-Policy"), "unsafe-inline")
	assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
	assert.Equal(t, "same-origin", h.Get("Referrer-Policy"))
	assert.NotEmpty(t, h.Get("X-Request-Id"))
	assert.Equal(t, cacheControl, h.Get("Cache-Control"))
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	e := mustEnv(t)
	c := e.client("")

	ok := c.get("/login")
	require.Equal(t, http.StatusOK, ok.StatusCode)
	assertSecurityHeaders(t, ok, "no-store")
	assert.Contains(t, ok.body, `<html lang="en">`)
	assert.Contains(t, ok.body, `href="#main"`)
	assert.Contains(t, ok.body, `<main id="main"`)
	assert.Contains(t, ok.body, `includeIndicatorStyles&#34;:false`)
	assert.NotRegexp(t, `<script>|<script [^>]*>[^<]|<style`, ok.body, "no inline script or style")

	nf := c.get("/no/such/page")
	assert.Equal(t, http.StatusNotFound, nf.StatusCode)
	assertSecurityHeaders(t, nf, "no-store")
	assert.Contains(t, nf.body, "Reference: <code data-testid=\"request-id\">"+nf.Header.Get("X-Request-Id"))

	wrongMethod := c.do(mustReq(t, http.MethodPut, e.srv.URL+"/login"))
	assert.Equal(t, http.StatusNotFound, wrongMethod.StatusCode)
	assertSecurityHeaders(t, wrongMethod, "no-store")

	st := c.get("/static/pico.min.css")
	assert.Equal(t, http.StatusOK, st.StatusCode)
	assertSecurityHeaders(t, st, "no-cache")
}

func mustReq(t *testing.T, method, u string) *http.Request {
	req, err := http.NewRequest(method, u, nil)
	require.NoError(t, err)
	return req
}

func TestInternalErrorPage(t *testing.T) {
	e := mustEnv(t)
	admin := e.mustLogin(e.admin)
	e.users.ListUsersFn = func(context.Context, coaching.UserFilter) ([]coaching.User, int, error) {
		return nil, 0, errors.New("pq: relation users does not exist")
	}
	r := admin.get("/admin/users")
	assert.Equal(t, http.StatusInternalServerError, r.StatusCode)
	assertSecurityHeaders(t, r, "no-store")
	assert.Contains(t, r.body, "Something went wrong")
	assert.Contains(t, r.body, "Reference: <code data-testid=\"request-id\">"+r.Header.Get("X-Request-Id"))
	assert.NotContains(t, r.body, "relation")

	e.users.ListUsersFn = func(context.Context, coaching.UserFilter) ([]coaching.User, int, error) {
		panic("boom: secret detail")
	}
	r = admin.get("/admin/users")
	assert.Equal(t, http.StatusInternalServerError, r.StatusCode)
	assertSecurityHeaders(t, r, "no-store")
	assert.NotContains(t, r.body, "secret detail")
	assert.NotContains(t, r.body, "goroutine")
}

func TestErrorsAreLoggedWithRequestID(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	e := mustEnv(t, func(d *views.Deps) {
		d.Logger = slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))
	})
	admin := e.mustLogin(e.admin)
	e.teams.ListTeamsFn = func(context.Context) ([]coaching.TeamDetail, error) {
		return nil, errors.New("disk I/O error")
	}
	r := admin.get("/admin/teams")
	require.Equal(t, http.StatusInternalServerError, r.StatusCode)
	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, logs.String(), `"request_id":"`+r.Header.Get("X-Request-Id")+`"`)
	assert.Contains(t, logs.String(), "disk I/O error")
	assert.NotContains(t, r.body, "disk I/O error")
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestErrorStatusMap(t *testing.T) {
	e := mustEnv(t)
	admin := e.mustLogin(e.admin)
	for err, status := range map[error]int{
		coaching.ErrNotFound:  http.StatusNotFound,
		coaching.ErrForbidden: http.StatusNotFound,
		coaching.ErrConflict:  http.StatusConflict,
		coaching.ErrInvalid:   http.StatusUnprocessableEntity,
	} {
		e.teams.ListTeamsFn = func(context.Context) ([]coaching.TeamDetail, error) { return nil, err }
		r := admin.get("/admin/teams")
		assert.Equal(t, status, r.StatusCode, err)
	}
}

func TestStaticCacheBusting(t *testing.T) {
	e := mustEnv(t)
	c := e.client("")
	page := c.get("/login")
	for _, name := range []string{"app.css", "pico.min.css", "htmx.min.js"} {
		m := regexp.MustCompile(`/static/` + regexp.QuoteMeta(name) + `\?v=([0-9a-f]{16})`).FindStringSubmatch(page.body)
		require.Len(t, m, 2, name)
		r := c.get(m[0])
		assert.Equal(t, http.StatusOK, r.StatusCode)
		assertSecurityHeaders(t, r, "public, max-age=31536000, immutable")
		assert.NotEmpty(t, r.body)

		stale := c.get("/static/" + name + "?v=0000000000000000")
		assert.Equal(t, "no-cache", stale.Header.Get("Cache-Control"))
	}
	assert.Contains(t, c.get("/static/htmx.min.js").Header.Get("Content-Type"), "javascript")
	missing := c.get("/static/nope.js")
	assert.Equal(t, http.StatusNotFound, missing.StatusCode)
	assertSecurityHeaders(t, missing, "no-store")
}

func TestHealth(t *testing.T) {
	e := mustEnv(t)
	c := e.client("")
	r := c.get("/healthz")
	assert.Equal(t, http.StatusOK, r.StatusCode)
	assert.Equal(t, "ok", r.body)
	assertSecurityHeaders(t, r, "no-store")

	assert.Equal(t, http.StatusOK, c.get("/readyz").StatusCode)
	e.ping.PingFn = func(context.Context) error { return errors.New("connection refused") }
	r = c.get("/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, r.StatusCode)
	assert.NotContains(t, r.body, "refused")
	// healthz does not touch the database.
	assert.Equal(t, http.StatusOK, c.get("/healthz").StatusCode)
}

func TestDemoLogins(t *testing.T) {
	e := mustEnv(t, func(d *views.Deps) {
		d.Demo = true
		d.DemoLogins = []views.DemoLogin{{Email: "demo-admin@example.com", Role: "Admin", Password: "demo-password-1"}}
	})
	r := e.client("").get("/login")
	assert.Contains(t, r.body, `data-testid="demo-logins"`)
	assert.Contains(t, r.body, "demo-password-1")

	plain := mustEnv(t, func(d *views.Deps) {
		d.DemoLogins = []views.DemoLogin{{Email: "demo-admin@example.com", Role: "Admin", Password: "demo-password-1"}}
	})
	assert.NotContains(t, plain.client("").get("/login").body, "demo-password-1", "only in demo mode")
}
