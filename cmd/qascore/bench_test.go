package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/cmd/internal/store"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/fixtures"
	"github.com/qascore/qascore/views"
)

// benchConversations is the workspace size the list-page target is set for.
const benchConversations = 50_000

// BenchmarkInteractionListPage measures the first page of the conversation
// list, rendered by the real handler on a real SQLite file holding 50,000
// conversations, for an admin (everything visible) and a supervisor (two
// nested team lookups). Besides ns/op it reports the median latency and
// the SQL statements per request, the two targets of the list page
// (≤ 20 ms median, ≤ 5 statements).
func BenchmarkInteractionListPage(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "qa.db"), store.Options{Migrate: true})
	require.NoError(b, err)
	b.Cleanup(func() { db.Close() })
	ws, err := seedDemo(ctx, db, time.Now(), io.Discard)
	require.NoError(b, err)

	agents, _, err := db.ListUsers(ctx, coaching.UserFilter{Role: coaching.RoleAgent, Limit: 100})
	require.NoError(b, err)
	names := make([]string, len(agents))
	for i, a := range agents {
		names[i] = a.Name
	}
	syn := fixtures.Synthetic(benchConversations, 1, names, time.Now().AddDate(0, -6, 0))
	for i := range syn {
		syn[i].AgentID = agents[i%len(agents)].ID
	}
	_, err = db.CreateInteractions(ctx, syn)
	require.NoError(b, err)
	require.NoError(b, db.Optimize(ctx), "refresh planner statistics as an import does")

	h, err := views.NewServer(views.Deps{Users: db, Teams: db, Interactions: db, DB: db, Sessions: db.Sessions()})
	require.NoError(b, err)

	for _, role := range []coaching.Role{coaching.RoleAdmin, coaching.RoleSupervisor} {
		var who fixtures.DemoUser
		for _, u := range ws.Users {
			if u.Role == role {
				who = u
				break
			}
		}
		b.Run(string(role), func(b *testing.B) {
			cookies := benchLogin(b, h, who.Email, who.Password)
			durations := make([]time.Duration, 0, b.N)
			before := db.Statements()
			b.ResetTimer()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/interactions", nil)
				for _, c := range cookies {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				durations = append(durations, time.Since(start))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET /interactions: %d", rec.Code)
				}
			}
			b.StopTimer()
			slices.Sort(durations)
			b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(db.Statements()-before)/float64(len(durations)), "stmts/req")
		})
	}
}

// benchLogin signs in through the real handler and returns the session
// cookies.
func benchLogin(b *testing.B, h http.Handler, email, password string) []*http.Cookie {
	b.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(b, http.StatusSeeOther, rec.Code, "login %s: %s", email, rec.Body.String())
	cookies := rec.Result().Cookies()
	require.NotEmpty(b, cookies)
	return cookies
}
