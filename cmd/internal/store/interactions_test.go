package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring/transcript"
)

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// newInteraction is a small valid chat with the given turn texts,
// alternating customer and agent, customer first.
func newInteraction(ext string, agentID int64, started time.Time, texts ...string) transcript.Interaction {
	in := transcript.Interaction{
		ExternalID: ext, Source: "test", Channel: transcript.ChannelChat, AgentID: agentID,
		AgentName: fmt.Sprintf("agent %d", agentID), CustomerName: "Khách", Language: "en",
		Subject: "Subject " + ext, StartedAt: started, DurationMS: 60_000,
	}
	for i, s := range texts {
		role := transcript.RoleCustomer
		if i%2 == 1 {
			role = transcript.RoleAgent
		}
		in.Turns = append(in.Turns, transcript.Turn{Role: role, Speaker: string(role), Text: s})
	}
	return in
}

// MustCreateInteraction stores in and returns it with IDs filled in.
func MustCreateInteraction(tb testing.TB, db testDB, in transcript.Interaction) transcript.Interaction {
	tb.Helper()
	require.NoError(tb, db.CreateInteraction(context.Background(), &in))
	return in
}

func TestInteractionRoundTrip(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		agent := MustCreateUser(t, db, "agent", coaching.RoleAgent)
		at := time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.FixedZone("ICT", 7*3600))
		in := transcript.Interaction{
			ExternalID: "call-ü-1", Source: "genesys", Channel: transcript.ChannelCall, AgentID: agent.ID,
			AgentName: "Trần Thị Bích", CustomerName: "Աննա Պետրոսյան", Language: "vi",
			Subject: "Hoàn tiền — استرداد 💸", StartedAt: at, DurationMS: 123_456, CSAT: ptr(4),
			Turns: []transcript.Turn{
				{Role: transcript.RoleSystem, Text: "Call started"},
				{Role: transcript.RoleCustomer, Speaker: "Anna", Text: "สวัสดีครับ ผมต้องการคืนเงิน 🙏🏽 Xin chào, tôi muốn được hoàn tiền. Բարեւ. مرحبا 👨‍👩‍👧‍👦",
					StartMS: ptr(int64(0)), EndMS: ptr(int64(1500)), At: ptr(at.Add(time.Second))},
				{Role: transcript.RoleAgent, Speaker: "Bích", Text: "Dạ, em kiểm tra ngay ạ.\n\tLine two  ", StartMS: ptr(int64(1500)), EndMS: ptr(int64(1500))},
				{Role: transcript.RoleBot, Text: ""},
			},
		}
		require.NoError(t, db.CreateInteraction(ctx, &in))
		assert.Positive(t, in.ID)
		for i, tr := range in.Turns {
			assert.Positive(t, tr.ID)
			assert.Equal(t, i, tr.Seq)
		}
		got, err := db.Interaction(ctx, in.ID, transcript.Scope{All: true})
		require.NoError(t, err)
		want := in
		want.StartedAt = at.UTC()
		want.Turns[1].At = ptr(at.Add(time.Second).UTC())
		assert.Equal(t, want, got)
		assert.Nil(t, got.Turns[0].StartMS)
		assert.Nil(t, got.Turns[0].At)
		assert.Equal(t, in.Turns[1].Text, got.Turns[1].Text, "text is byte-identical")

		noCSAT := newInteraction("no-csat", 0, at.Add(-time.Hour), "hello")
		MustCreateInteraction(t, db, noCSAT)
		list, total, err := db.ListInteractions(ctx, transcript.Filter{Scope: transcript.Scope{All: true}})
		require.NoError(t, err)
		require.Equal(t, 2, total)
		assert.Equal(t, in.ID, list[0].ID, "newest first")
		assert.Equal(t, ptr(4), list[0].CSAT)
		assert.Nil(t, list[1].CSAT)
		assert.Zero(t, list[1].AgentID, "unmapped agent")
		assert.Equal(t, 4, list[0].TurnCount)
		assert.Equal(t, "Trần Thị Bích", list[0].AgentName)
		assert.True(t, strings.HasPrefix(list[0].Preview, "สวัสดีครับ"), "preview is the first customer turn")
	})
}

func TestInteractionPreview(t *testing.T) {
	db := MustOpen(t)
	family := "👨‍👩‍👧‍👦" // one grapheme, seven runes
	long := strings.Repeat("ก", 135) + family + strings.Repeat("x", 50)
	tests := []struct {
		name  string
		turns []string
		want  string
	}{
		{"short", []string{"  hello\n\nworld "}, "hello world"},
		{"exactly 140", []string{strings.Repeat("é", 140)}, strings.Repeat("é", 140)},
		{"cut on runes", []string{strings.Repeat("ệ", 200)}, strings.Repeat("ệ", 139) + "…"},
		{"never splits a grapheme", []string{long}, strings.Repeat("ก", 135) + "…"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := MustCreateInteraction(t, db, newInteraction(fmt.Sprint("p", i), 0, t0, tt.turns...))
			list, _, err := db.ListInteractions(context.Background(), transcript.Filter{Scope: transcript.Scope{All: true}, Limit: 1})
			require.NoError(t, err)
			require.Equal(t, in.ID, list[0].ID)
			assert.Equal(t, tt.want, list[0].Preview)
			assert.LessOrEqual(t, utf8.RuneCountInString(list[0].Preview), 140)
			assert.True(t, utf8.ValidString(list[0].Preview))
		})
	}
	t.Run("agent speaks first", func(t *testing.T) {
		in := newInteraction("p-agent-first", 0, t0.Add(time.Hour), "hi from agent", "customer words")
		in.Turns[0].Role, in.Turns[1].Role = transcript.RoleAgent, transcript.RoleCustomer
		MustCreateInteraction(t, db, in)
		list, _, err := db.ListInteractions(context.Background(), transcript.Filter{Scope: transcript.Scope{All: true}, Limit: 1})
		require.NoError(t, err)
		assert.Equal(t, "customer words", list[0].Preview)
	})
}

func TestInteractionWritesAreAllOrNothing(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		first := MustCreateInteraction(t, db, newInteraction("dup", 0, t0, "a", "b"))
		turns := db.count(t, "SELECT COUNT(*) FROM turns")

		dup := newInteraction("dup", 0, t0, "c", "d", "e")
		err := db.CreateInteraction(ctx, &dup)
		require.ErrorIs(t, err, rubrics.ErrConflict)
		assert.Contains(t, err.Error(), "store: create interaction")
		assert.Zero(t, dup.ID)

		other := newInteraction("dup", 0, t0, "x")
		other.Source = "other-source"
		MustCreateInteraction(t, db, other) // unique per source only

		badAgent := newInteraction("bad-agent", 987654, t0, "x", "y")
		require.ErrorIs(t, db.CreateInteraction(ctx, &badAgent), rubrics.ErrInvalid)

		invalid := newInteraction("invalid", 0, t0)
		require.ErrorIs(t, db.CreateInteraction(ctx, &invalid), rubrics.ErrInvalid)

		assert.Equal(t, turns+1, db.count(t, "SELECT COUNT(*) FROM turns"), "failed inserts leave no turns")
		assert.EqualValues(t, 2, db.count(t, "SELECT COUNT(*) FROM interactions"))

		// Bulk: a duplicate inside a chunk rolls the chunk back.
		batch := []transcript.Interaction{newInteraction("b1", 0, t0, "x"), newInteraction("dup", 0, t0, "y")}
		n, err := db.CreateInteractions(ctx, batch)
		require.ErrorIs(t, err, rubrics.ErrConflict)
		assert.Zero(t, n)
		assert.EqualValues(t, 2, db.count(t, "SELECT COUNT(*) FROM interactions"))

		_, err = db.Interaction(ctx, first.ID+1000, transcript.Scope{All: true})
		assert.ErrorIs(t, err, rubrics.ErrNotFound)
	})
}

// world is a small workspace: two teams with a supervisor each, agents,
// and interactions spread over them.
type world struct {
	admin, sup1, sup2, a1, a2, a3, loner coaching.User
	red, blue                            coaching.Team
	byExt                                map[string]transcript.Interaction
}

func mustWorld(t *testing.T, db testDB) world {
	t.Helper()
	w := world{byExt: map[string]transcript.Interaction{}}
	w.admin = MustCreateUser(t, db, "admin", coaching.RoleAdmin)
	w.sup1 = MustCreateUser(t, db, "sup1", coaching.RoleSupervisor)
	w.sup2 = MustCreateUser(t, db, "sup2", coaching.RoleSupervisor)
	w.a1 = MustCreateUser(t, db, "a1", coaching.RoleAgent)
	w.a2 = MustCreateUser(t, db, "a2", coaching.RoleAgent)
	w.a3 = MustCreateUser(t, db, "a3", coaching.RoleAgent)
	w.loner = MustCreateUser(t, db, "loner", coaching.RoleAgent)
	w.red = MustCreateTeam(t, db, "Red")
	w.blue = MustCreateTeam(t, db, "Blue")
	MustSetMembers(t, db, w.red, []coaching.User{w.sup1}, w.a1, w.a2)
	MustSetMembers(t, db, w.blue, []coaching.User{w.sup2}, w.a3)

	add := func(ext string, agent coaching.User, ch transcript.Channel, lang string, hours int, texts ...string) {
		in := newInteraction(ext, agent.ID, t0.Add(time.Duration(hours)*time.Hour), texts...)
		in.Channel, in.Language = ch, lang
		w.byExt[ext] = MustCreateInteraction(t, db, in)
	}
	add("en-refund", w.a1, transcript.ChannelChat, "en", 1, "I want a REFUND for my order", "Sure, refunds take 5 days")
	add("vi-thanks", w.a1, transcript.ChannelCall, "vi", 2, "Xin chào, tôi muốn đổi mật khẩu", "Cảm ơn anh đã gọi")
	add("th-hello", w.a2, transcript.ChannelChat, "th", 3, "สวัสดีครับผมต้องการเปลี่ยนรหัสผ่าน", "ยินดีให้บริการค่ะ")
	add("hy-email", w.a3, transcript.ChannelEmail, "hy", 4, "Բարեւ, ինչպես փոխել գաղտնաբառը", "Ողջույն")
	add("ar-chat", w.a3, transcript.ChannelChat, "ar", 5, "مرحبا، أريد استرداد أموالي", "حسنا")
	add("quotes", w.loner, transcript.ChannelChat, "en", 6, `He said "hi" AND (left) * ok 100%_done`, "ok")
	add("unmapped", coaching.User{}, transcript.ChannelChat, "en", 7, "who handled this?")
	return w
}

func exts(list []transcript.Summary) []string {
	out := []string{}
	for _, s := range list {
		out = append(out, s.ExternalID)
	}
	return out
}

func TestListInteractionsFiltersAndScope(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustWorld(t, db)
		all := transcript.Scope{All: true}
		tests := []struct {
			name string
			f    transcript.Filter
			want []string
		}{
			{"zero scope sees nothing", transcript.Filter{}, []string{}},
			{"zero scope with filters sees nothing", transcript.Filter{Channel: transcript.ChannelChat}, []string{}},
			{"admin sees all, newest first", transcript.Filter{Scope: all},
				[]string{"unmapped", "quotes", "ar-chat", "hy-email", "th-hello", "vi-thanks", "en-refund"}},
			{"supervisor sees supervised agents", transcript.Filter{Scope: transcript.Scope{SupervisorID: w.sup1.ID}},
				[]string{"th-hello", "vi-thanks", "en-refund"}},
			{"other supervisor", transcript.Filter{Scope: transcript.Scope{SupervisorID: w.sup2.ID}}, []string{"ar-chat", "hy-email"}},
			{"supervisor of nothing", transcript.Filter{Scope: transcript.Scope{SupervisorID: w.a1.ID}}, []string{}},
			{"agent sees own", transcript.Filter{Scope: transcript.Scope{AgentID: w.a2.ID}}, []string{"th-hello"}},
			{"agent filter outside scope", transcript.Filter{Scope: transcript.Scope{AgentID: w.a2.ID}, AgentID: w.a1.ID}, []string{}},
			{"agent filter", transcript.Filter{Scope: all, AgentID: w.a3.ID}, []string{"ar-chat", "hy-email"}},
			{"team filter", transcript.Filter{Scope: all, TeamID: w.red.ID}, []string{"th-hello", "vi-thanks", "en-refund"}},
			{"team filter within supervisor scope", transcript.Filter{Scope: transcript.Scope{SupervisorID: w.sup2.ID}, TeamID: w.red.ID}, []string{}},
			{"channel", transcript.Filter{Scope: all, Channel: transcript.ChannelEmail}, []string{"hy-email"}},
			{"language", transcript.Filter{Scope: all, Language: "vi"}, []string{"vi-thanks"}},
			{"from inclusive", transcript.Filter{Scope: all, From: t0.Add(6 * time.Hour)}, []string{"unmapped", "quotes"}},
			{"to exclusive", transcript.Filter{Scope: all, To: t0.Add(2 * time.Hour)}, []string{"en-refund"}},
			{"range in another zone", transcript.Filter{Scope: all,
				From: t0.Add(2 * time.Hour).In(time.FixedZone("X", -5*3600)), To: t0.Add(4 * time.Hour).In(time.FixedZone("Y", 9*3600))},
				[]string{"th-hello", "vi-thanks"}},
			{"english word, any case", transcript.Filter{Scope: all, Query: "refund"}, []string{"en-refund"}},
			{"english upper case query", transcript.Filter{Scope: all, Query: "REFUNDS"}, []string{"en-refund"}},
			{"all words must match", transcript.Filter{Scope: all, Query: "refund order"}, []string{"en-refund"}},
			{"words across turns", transcript.Filter{Scope: all, Query: "order refunds"}, []string{"en-refund"}},
			{"missing word", transcript.Filter{Scope: all, Query: "refund banana"}, []string{}},
			{"vietnamese with diacritics", transcript.Filter{Scope: all, Query: "mật khẩu"}, []string{"vi-thanks"}},
			{"vietnamese capitalised", transcript.Filter{Scope: all, Query: "CẢM ƠN"}, []string{"vi-thanks"}},
			{"thai substring", transcript.Filter{Scope: all, Query: "เปลี่ยนรหัสผ่าน"}, []string{"th-hello"}},
			{"armenian", transcript.Filter{Scope: all, Query: "գաղտնաբառը"}, []string{"hy-email"}},
			{"arabic", transcript.Filter{Scope: all, Query: "استرداد"}, []string{"ar-chat"}},
			{"short word falls back", transcript.Filter{Scope: all, Query: "ok"}, []string{"quotes"}},
			{"query with scope", transcript.Filter{Scope: transcript.Scope{SupervisorID: w.sup2.ID}, Query: "refund"}, []string{}},
			{"query with filters", transcript.Filter{Scope: all, Channel: transcript.ChannelCall, Query: "Cảm"}, []string{"vi-thanks"}},
			{"blank query is no filter", transcript.Filter{Scope: all, Query: "   ", Language: "hy"}, []string{"hy-email"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, total, err := db.ListInteractions(ctx, tt.f)
				require.NoError(t, err)
				assert.Equal(t, tt.want, exts(got))
				assert.Equal(t, len(tt.want), total)
			})
		}

		t.Run("hostile queries never error", func(t *testing.T) {
			for _, q := range []string{`"`, `AND (`, `*`, `"hi"`, `NEAR(a b)`, `a:b`, `^x`, `'`, `\`, `%`, `_`, `100%_done`,
				`OR`, `NOT`, `(`, `)`, `-x`, `'; DROP TABLE users; --`, `&|!():*`, strings.Repeat("ab ", 100), "\x00"} {
				_, _, err := db.ListInteractions(ctx, transcript.Filter{Scope: all, Query: q})
				assert.NoError(t, err, "query %q", q)
			}
			_, _, err := db.ListInteractions(ctx, transcript.Filter{Scope: all, Language: "e\x00n\xff"})
			assert.NoError(t, err)
			_, _, err = db.ListUsers(ctx, coaching.UserFilter{Query: "\x00"})
			assert.NoError(t, err)
			got, _, err := db.ListInteractions(ctx, transcript.Filter{Scope: all, Query: `"hi"`})
			require.NoError(t, err)
			assert.Equal(t, []string{"quotes"}, exts(got))
			got, _, err = db.ListInteractions(ctx, transcript.Filter{Scope: all, Query: `%_`})
			require.NoError(t, err)
			assert.Equal(t, []string{"quotes"}, exts(got), "LIKE wildcards match literally")
		})

		t.Run("paging", func(t *testing.T) {
			var seen []string
			for off := 0; off < 10; off += 3 {
				page, total, err := db.ListInteractions(ctx, transcript.Filter{Scope: all, Offset: off, Limit: 3})
				require.NoError(t, err)
				assert.Equal(t, 7, total)
				seen = append(seen, exts(page)...)
			}
			assert.Equal(t, []string{"unmapped", "quotes", "ar-chat", "hy-email", "th-hello", "vi-thanks", "en-refund"}, seen)
			page, total, err := db.ListInteractions(ctx, transcript.Filter{Scope: all, Offset: 100})
			require.NoError(t, err)
			assert.Empty(t, page)
			assert.Equal(t, 7, total)
		})

		t.Run("detail scope", func(t *testing.T) {
			th := w.byExt["th-hello"]
			tests := []struct {
				name  string
				scope transcript.Scope
				ok    bool
			}{
				{"admin", transcript.Scope{All: true}, true},
				{"supervisor of the team", transcript.Scope{SupervisorID: w.sup1.ID}, true},
				{"other supervisor", transcript.Scope{SupervisorID: w.sup2.ID}, false},
				{"the agent", transcript.Scope{AgentID: w.a2.ID}, true},
				{"another agent", transcript.Scope{AgentID: w.a1.ID}, false},
				{"zero scope", transcript.Scope{}, false},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got, err := db.Interaction(ctx, th.ID, tt.scope)
					if !tt.ok {
						require.ErrorIs(t, err, rubrics.ErrNotFound)
						return
					}
					require.NoError(t, err)
					assert.Equal(t, th.Turns, got.Turns)
				})
			}
		})

		t.Run("facets", func(t *testing.T) {
			opt := func(u coaching.User) transcript.Option { return transcript.Option{ID: u.ID, Name: u.Name} }
			topt := func(tm coaching.Team) transcript.Option { return transcript.Option{ID: tm.ID, Name: tm.Name} }
			tests := []struct {
				name  string
				scope transcript.Scope
				want  transcript.Facets
			}{
				{"zero", transcript.Scope{}, transcript.Facets{Agents: []transcript.Option{}, Teams: []transcript.Option{}, Languages: []string{}}},
				{"admin", transcript.Scope{All: true}, transcript.Facets{
					Agents:    []transcript.Option{opt(w.a1), opt(w.a2), opt(w.a3), opt(w.loner)},
					Teams:     []transcript.Option{topt(w.blue), topt(w.red)},
					Languages: []string{"ar", "en", "hy", "th", "vi"}}},
				{"supervisor", transcript.Scope{SupervisorID: w.sup1.ID}, transcript.Facets{
					Agents:    []transcript.Option{opt(w.a1), opt(w.a2)},
					Teams:     []transcript.Option{topt(w.red)},
					Languages: []string{"en", "th", "vi"}}},
				{"agent", transcript.Scope{AgentID: w.a3.ID}, transcript.Facets{
					Agents:    []transcript.Option{opt(w.a3)},
					Teams:     []transcript.Option{topt(w.blue)},
					Languages: []string{"ar", "hy"}}},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					before := db.Statements()
					got, err := db.InteractionFacets(ctx, tt.scope)
					require.NoError(t, err)
					assert.Equal(t, tt.want, got)
					assert.LessOrEqual(t, db.Statements()-before, int64(1))
				})
			}
		})
	})
}

func TestConcurrentWritesSQLite(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8*20*3)
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				in := newInteraction(fmt.Sprintf("g%d-%d", g, i), 0, t0.Add(time.Duration(i)*time.Minute), "hello", "hi")
				errs <- db.CreateInteraction(ctx, &in)
				u := coaching.User{Email: fmt.Sprintf("u%d-%d@example.com", g, i), Name: "U", Role: coaching.RoleAgent}
				errs <- db.CreateUser(ctx, &u, system)
				_, _, err := db.ListInteractions(ctx, transcript.Filter{Scope: transcript.Scope{All: true}, Query: "hello"})
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.EqualValues(t, 160, db.count(t, "SELECT COUNT(*) FROM interactions"))
	require.NoError(t, db.VerifyAuditChain(ctx))
}
