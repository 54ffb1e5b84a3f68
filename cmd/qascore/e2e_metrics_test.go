package main

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
)

// Prometheus metrics: a scraper reads them from QA_METRICS_ADDR without
// signing in; on the app itself only an admin may read them. Requests are
// labelled by route pattern, never by raw path.
func TestE2EMetrics(t *testing.T) {
	app := startAppWith(t, filepath.Join(t.TempDir(), "qa.db"), map[string]string{"QA_METRICS_ADDR": "127.0.0.1:0"})
	var metricsURL string
	require.Eventually(t, func() bool {
		m := regexp.MustCompile(`metrics on (http://\S+)`).FindStringSubmatch(app.stdout.String())
		if m != nil {
			metricsURL = m[1]
		}
		return m != nil
	}, 10*time.Second, 20*time.Millisecond, "serve prints the metrics URL: %s", app.stdout.String())

	admin := demoUser(t, coaching.RoleAdmin)
	c := app.client(t, "")
	app.login(t, c, admin.Email, admin.Password)
	resp, _ := app.get(t, c, "/interactions/1")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = app.get(t, c, "/no-such-page-"+strings.Repeat("x", 20))
	require.Equal(t, http.StatusNotFound, resp.StatusCode)

	scrape := func() string {
		t.Helper()
		r, err := http.Get(metricsURL)
		require.NoError(t, err)
		defer r.Body.Close()
		require.Equal(t, http.StatusOK, r.StatusCode)
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		return string(b)
	}
	body := scrape()
	assert.Contains(t, body, `qascore_http_requests_total{method="GET",route="/interactions/:id",status="200"} 1`)
	assert.Contains(t, body, `route="unmatched",status="404"`)
	assert.NotContains(t, body, "no-such-page", "raw paths never become labels")
	assert.Contains(t, body, `qascore_http_request_duration_seconds_bucket{method="GET",route="/interactions/:id"`)
	assert.Contains(t, body, `go_sql_open_connections{db_name="writer"}`)
	assert.Contains(t, body, `go_sql_open_connections{db_name="reader"}`)
	assert.Contains(t, body, `qascore_build_info{version=`)
	assert.Contains(t, body, "go_goroutines")

	// The app's own /metrics: the admin reads it, an agent gets not-found.
	resp, body = app.get(t, c, "/metrics")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, "qascore_http_requests_total")
	agent := demoUser(t, coaching.RoleAgent)
	ac := app.client(t, "")
	app.login(t, ac, agent.Email, agent.Password)
	resp, _ = app.get(t, ac, "/metrics")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	// The metrics listener serves nothing else.
	r, err := http.Get(strings.TrimSuffix(metricsURL, "/metrics") + "/login")
	require.NoError(t, err)
	r.Body.Close()
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
}
