package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring/transcript"
)

// seedSize is the benchmark workspace: 50,000 interactions of about ten
// turns, over 200 agents in 20 teams with one supervisor each.
const (
	seedInteractions = 50_000
	seedAgents       = 200
	seedTeams        = 20
)

var benchPhrases = []string{
	"Hello, I need help with my order",
	"Xin chào, tôi muốn đổi mật khẩu",
	"สวัสดีครับ ผมต้องการเปลี่ยนรหัสผ่าน",
	"My card was charged twice, I want a refund",
	"Cảm ơn anh đã gọi cho chúng tôi",
	"Can you check the delivery status please?",
	"Thank you for waiting, let me look that up",
	"Բարեւ, ինչպես փոխել գաղտնաբառը",
	"The app keeps crashing when I open settings",
	"I have escalated this to our billing team",
}

// seedWorld is what the benchmark seeded.
type seedWorld struct {
	supervisor coaching.User
	agent      coaching.User
}

// MustSeed fills db with a deterministic workspace of n interactions.
func MustSeed(tb testing.TB, db testDB, n int) seedWorld {
	tb.Helper()
	ctx := context.Background()
	agents := make([]coaching.User, seedAgents)
	for i := range agents {
		agents[i] = MustCreateUser(tb, db, fmt.Sprintf("agent%03d", i), coaching.RoleAgent)
	}
	var w seedWorld
	for t := range seedTeams {
		sup := MustCreateUser(tb, db, fmt.Sprintf("sup%02d", t), coaching.RoleSupervisor)
		team := MustCreateTeam(tb, db, fmt.Sprintf("Team %02d", t))
		per := seedAgents / seedTeams
		MustSetMembers(tb, db, team, []coaching.User{sup}, agents[t*per:(t+1)*per]...)
		if t == 0 {
			w.supervisor = sup
		}
	}
	w.agent = agents[0]
	channels := []transcript.Channel{transcript.ChannelChat, transcript.ChannelEmail, transcript.ChannelCall}
	langs := []string{"en", "vi", "th", "hy"}
	const chunk = 5000
	for start := 0; start < n; start += chunk {
		batch := make([]transcript.Interaction, 0, chunk)
		for i := start; i < min(start+chunk, n); i++ {
			a := agents[(i*7)%seedAgents]
			in := transcript.Interaction{
				ExternalID: fmt.Sprintf("seed-%06d", i), Source: "bench", Channel: channels[i%3],
				AgentID: a.ID, AgentName: a.Name, CustomerName: fmt.Sprintf("Customer %d", i%997),
				Language: langs[i%4], Subject: fmt.Sprintf("Case %d", i),
				StartedAt:  t0.Add(-time.Duration(i) * 7 * time.Minute),
				DurationMS: int64(60_000 + i%600_000),
			}
			if i%3 == 0 {
				in.CSAT = ptr(1 + i%5)
			}
			for k := range 8 + i%5 {
				role := transcript.RoleCustomer
				if k%2 == 1 {
					role = transcript.RoleAgent
				}
				in.Turns = append(in.Turns, transcript.Turn{
					Role: role, Speaker: string(role),
					Text: fmt.Sprintf("%s (#%d-%d)", benchPhrases[(i+k*3)%len(benchPhrases)], i, k),
				})
			}
			batch = append(batch, in)
		}
		got, err := db.CreateInteractions(ctx, batch)
		require.NoError(tb, err)
		require.Equal(tb, len(batch), got)
	}
	return w
}

// BenchmarkListInteractions measures the first list page (count plus
// page) on 50,000 seeded interactions, per scope and with search.
func BenchmarkListInteractions(b *testing.B) {
	db := MustOpen(b)
	start := time.Now()
	w := MustSeed(b, db, seedInteractions)
	require.NoError(b, db.Optimize(context.Background()))
	b.Logf("seeded %d interactions (%d turns) in %s", seedInteractions,
		db.count(b, "SELECT COUNT(*) FROM turns"), time.Since(start).Round(time.Millisecond))
	ctx := context.Background()
	cases := []struct {
		name string
		f    transcript.Filter
	}{
		{"admin", transcript.Filter{Scope: transcript.Scope{All: true}}},
		{"supervisor", transcript.Filter{Scope: transcript.Scope{SupervisorID: w.supervisor.ID}}},
		{"agent", transcript.Filter{Scope: transcript.Scope{AgentID: w.agent.ID}}},
		{"admin_channel_language", transcript.Filter{Scope: transcript.Scope{All: true}, Channel: transcript.ChannelCall, Language: "vi"}},
		{"admin_page_20", transcript.Filter{Scope: transcript.Scope{All: true}, Offset: 19 * 25}},
		{"admin_search_rare", transcript.Filter{Scope: transcript.Scope{All: true}, Query: "#4242-3"}},
		{"admin_search_common", transcript.Filter{Scope: transcript.Scope{All: true}, Query: "refund"}},
		{"supervisor_search_thai", transcript.Filter{Scope: transcript.Scope{SupervisorID: w.supervisor.ID}, Query: "รหัสผ่าน"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			before := db.Statements()
			n := 0
			for b.Loop() {
				page, total, err := db.ListInteractions(ctx, c.f)
				if err != nil {
					b.Fatal(err)
				}
				n = total
				_ = page
			}
			b.ReportMetric(float64(db.Statements()-before)/float64(b.N), "stmts/op")
			b.ReportMetric(float64(n), "total")
		})
	}
}
