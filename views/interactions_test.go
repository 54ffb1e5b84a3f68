package views_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/v2/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/views"
	"github.com/qascore/qascore/views/components"
	"github.com/qascore/qascore/views/pages"
	"github.com/qascore/qascore/views/password"
)

// The texts every script test uses. They avoid <, >, & and quotes, which
// HTML escaping would (correctly) change, so "byte-identical" is testable.
// The Vietnamese line is in decomposed form (NFD) on purpose: nothing on
// the way may normalise or cut it.
var convScripts = map[string]struct{ lang, text string }{
	"thai":       {"th", "สวัสดีครับ ผมต้องการเปลี่ยนที่อยู่จัดส่งสินค้าที่สั่งเมื่อวานนี้"},
	"vietnamese": {"vi", "Xin chào, tôi muốn đổi địa chỉ giao hàng. Tie\u0302\u0301ng Vie\u0323\u0302t"},
	"armenian":   {"hy", "Բարև Ձեզ, ես ուզում եմ փոխել առաքման հասցեն։"},
	"arabic":     {"ar", "مرحبا، أريد تغيير عنوان التوصيل من فضلك"},
	"emoji":      {"en", "Thanks! 👍🏽 👩‍💻 🇹🇭 ❤️"},
}

func convPtr[T any](v T) *T { return &v }

// MustRender renders c to a string.
func MustRenderConv(tb testing.TB, c templ.Component) string {
	tb.Helper()
	var buf bytes.Buffer
	require.NoError(tb, c.Render(context.Background(), &buf))
	return buf.String()
}

// MustParse parses an HTML document or fragment.
func MustParseConv(tb testing.TB, s string) *html.Node {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	require.NoError(tb, err)
	return doc
}

// findAll returns the element nodes under n for which match is true, in
// document order.
func convFind(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func convByTestID(n *html.Node, id string) []*html.Node {
	return convFind(n, func(e *html.Node) bool { return convAttr(e, "data-testid") == id })
}

func convByTag(n *html.Node, tag string) []*html.Node {
	return convFind(n, func(e *html.Node) bool { return e.Data == tag })
}

func convAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func convHasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// text is the concatenated text content of n.
func convText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// squash collapses runs of whitespace, for comparing visible text.
func convSquash(s string) string { return strings.Join(strings.Fields(s), " ") }

// MustZone loads an IANA zone.
func MustZoneConv(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(tb, err)
	return loc
}

func convSampleCall() transcript.Interaction {
	return transcript.Interaction{
		ID: 42, ExternalID: "CALL-0042", Source: "demo", Channel: transcript.ChannelCall,
		AgentID: 7, AgentName: "Dana Agent", CustomerName: "Somchai", Language: "th",
		Subject: "เปลี่ยนที่อยู่", StartedAt: time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC),
		DurationMS: 3_725_000, CSAT: convPtr(4),
		Turns: []transcript.Turn{
			{ID: 1001, Seq: 0, Role: transcript.RoleAgent, Speaker: "Dana Agent", Text: "Hello", StartMS: convPtr[int64](0), EndMS: convPtr[int64](900)},
			{ID: 1002, Seq: 1, Role: transcript.RoleCustomer, Speaker: "Somchai", Text: convScripts["thai"].text, StartMS: convPtr[int64](65_400), EndMS: convPtr[int64](70_000)},
			{ID: 1003, Seq: 2, Role: transcript.RoleSystem, Text: "Call transferred", StartMS: convPtr[int64](3_725_000), EndMS: convPtr[int64](3_725_000)},
		},
	}
}

func TestTranscriptRendersEveryScriptUnchanged(t *testing.T) {
	for name, st := range convScripts {
		t.Run(name, func(t *testing.T) {
			in := convSampleCall()
			in.Language = st.lang
			in.Subject = st.text
			in.CustomerName = st.text
			in.Turns[1].Text = st.text
			out := MustRenderConv(t, pages.Transcript(pages.TranscriptData{Interaction: in}))

			assert.Contains(t, out, st.text, "the text must reach the page byte for byte")
			doc := MustParseConv(t, out)
			turns := convByTestID(doc, "turn-text")
			require.Len(t, turns, 3)
			for _, tt := range turns {
				assert.Equal(t, "auto", convAttr(tt, "dir"))
				assert.Equal(t, st.lang, convAttr(tt, "lang"))
			}
			assert.Equal(t, st.text, convText(turns[1]), "no whitespace added around the text (pre-wrap shows it)")
			h1 := convByTag(doc, "h1")
			require.Len(t, h1, 1)
			assert.Equal(t, "auto", convAttr(h1[0], "dir"))
			assert.Equal(t, st.text, convText(h1[0]))
		})
	}
}

func TestTranscriptTurns(t *testing.T) {
	out := MustRenderConv(t, pages.Transcript(pages.TranscriptData{Interaction: convSampleCall()}))
	doc := MustParseConv(t, out)
	turns := convByTestID(doc, "turn")
	require.Len(t, turns, 3)

	assert.Equal(t, "turn-1", convAttr(turns[1], "id"))
	assert.Equal(t, "1002", convAttr(turns[1], "data-turn-id"))
	assert.Equal(t, "customer", convAttr(turns[1], "data-role"))
	assert.Contains(t, convAttr(turns[0], "class"), "turn--agent")
	assert.Contains(t, convAttr(turns[1], "class"), "turn--customer")
	assert.Contains(t, convAttr(turns[2], "class"), "turn--other")

	roles := convByTestID(doc, "turn-role")
	require.Len(t, roles, 3)
	assert.Equal(t, []string{"Agent", "Customer", "System"}, []string{convText(roles[0]), convText(roles[1]), convText(roles[2])},
		"roles are labelled in words, not only by colour or side")

	times := convByTestID(doc, "turn-time")
	require.Len(t, times, 3)
	assert.Equal(t, "0:00", convText(times[0]))
	assert.Equal(t, "1:05", convText(times[1]), "call offsets are m:ss, seconds truncated")
	assert.Equal(t, "PT0H1M5S", convAttr(times[1], "datetime"))
	assert.Equal(t, "1:02:05", convText(times[2]), "an hour on, offsets gain an hour field")

	meta := convSquash(convText(convByTestID(doc, "interaction-meta")[0]))
	for _, want := range []string{"Call", "Dana Agent", "Somchai", "Thai", "1:02:05", "4 / 5", "CALL-0042"} {
		assert.Contains(t, meta, want)
	}
	assert.Contains(t, meta, "1 Mar 2026, 23:30 (UTC)", "no zone given means UTC")
}

func TestFormatOffset(t *testing.T) {
	for ms, want := range map[int64]string{
		0: "0:00", 999: "0:00", 1000: "0:01", 59_999: "0:59", 60_000: "1:00",
		65_400: "1:05", 599_000: "9:59", 600_000: "10:00", 3_599_999: "59:59",
		3_600_000: "1:00:00", 3_725_000: "1:02:05", -5: "0:00",
	} {
		assert.Equal(t, want, pages.FormatOffset(ms), "ms=%d", ms)
	}
}

func TestTranscriptChatTimesInViewerZone(t *testing.T) {
	bkk := MustZoneConv(t, "Asia/Bangkok") // UTC+7, no DST
	in := transcript.Interaction{
		ID: 5, ExternalID: "C-5", Channel: transcript.ChannelChat, Language: "vi",
		StartedAt: time.Date(2026, 3, 1, 16, 50, 0, 0, time.UTC), // 23:50 in Bangkok
		Turns: []transcript.Turn{
			{ID: 1, Seq: 0, Role: transcript.RoleCustomer, Text: "a", At: convPtr(time.Date(2026, 3, 1, 16, 55, 0, 0, time.UTC))},
			{ID: 2, Seq: 1, Role: transcript.RoleAgent, Text: "b", At: convPtr(time.Date(2026, 3, 1, 17, 5, 0, 0, time.UTC))},
			{ID: 3, Seq: 2, Role: transcript.RoleBot, Text: "c"},
		},
	}
	views := pages.TurnViews(in, bkk)
	assert.Equal(t, "23:55", views[0].Time)
	assert.Equal(t, "2026-03-01T16:55:00Z", views[0].DateTime, "machine time stays UTC")
	assert.Equal(t, "2 Mar, 00:05", views[1].Time, "a turn on another local day shows its date")
	assert.Empty(t, views[2].Time, "no time in the source, none shown")

	doc := MustParseConv(t, MustRenderConv(t, pages.Transcript(pages.TranscriptData{Interaction: in, Loc: bkk})))
	assert.Contains(t, convSquash(convText(convByTestID(doc, "interaction-meta")[0])), "1 Mar 2026, 23:50 (Asia/Bangkok)")
}

func TestTranscriptEmailKeepsLineBreaks(t *testing.T) {
	body := "Dear team,\n\nmy order #123 never arrived.\n\n— Ana"
	in := transcript.Interaction{
		ID: 9, ExternalID: "E-9", Channel: transcript.ChannelEmail, Language: "en", Subject: "Missing order",
		StartedAt: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC),
		Turns:     []transcript.Turn{{ID: 1, Seq: 0, Role: transcript.RoleCustomer, Speaker: "Ana", Text: body}},
	}
	doc := MustParseConv(t, MustRenderConv(t, pages.Transcript(pages.TranscriptData{Interaction: in})))
	assert.Equal(t, body, convText(convByTestID(doc, "turn-text")[0]))
}

func TestTranscriptBackLink(t *testing.T) {
	for _, tc := range []struct{ back, want string }{
		{"", "/interactions"},
		{"/interactions?channel=chat&page=2", "/interactions?channel=chat&page=2"},
	} {
		doc := MustParseConv(t, MustRenderConv(t, pages.Transcript(pages.TranscriptData{Interaction: convSampleCall(), Back: tc.back})))
		links := convByTestID(doc, "back-link")
		require.Len(t, links, 1)
		assert.Equal(t, tc.want, convAttr(links[0], "href"))
		assert.Equal(t, "← Back to conversations", convText(links[0]))
	}
}

func TestPager(t *testing.T) {
	href := func(n int) string { return "/x?q=a&page=" + string(rune('0'+n)) }
	t.Run("middle page links both ways", func(t *testing.T) {
		doc := MustParseConv(t, MustRenderConv(t, components.Pager(components.PagerData{Page: 2, Pages: 3, Href: href, Label: "Conversation pages"})))
		nav := convByTestID(doc, "pager")
		require.Len(t, nav, 1)
		assert.Equal(t, "Conversation pages", convAttr(nav[0], "aria-label"))
		assert.Equal(t, "Page 2 of 3", convText(convByTestID(doc, "pager-status")[0]))
		prev, next := convByTestID(doc, "pager-prev"), convByTestID(doc, "pager-next")
		require.Len(t, prev, 1)
		require.Len(t, next, 1)
		assert.Equal(t, "/x?q=a&page=1", convAttr(prev[0], "href"))
		assert.Equal(t, "/x?q=a&page=3", convAttr(next[0], "href"))
		assert.NotEmpty(t, convAttr(prev[0], "aria-label"))
		assert.NotEmpty(t, convAttr(next[0], "aria-label"))
	})
	t.Run("first page has no previous link", func(t *testing.T) {
		doc := MustParseConv(t, MustRenderConv(t, components.Pager(components.PagerData{Page: 1, Pages: 3, Href: href})))
		assert.Empty(t, convByTestID(doc, "pager-prev"))
		assert.Len(t, convByTestID(doc, "pager-next"), 1)
	})
	t.Run("single page renders nothing", func(t *testing.T) {
		assert.Empty(t, strings.TrimSpace(MustRenderConv(t, components.Pager(components.PagerData{Page: 1, Pages: 1, Href: href}))))
	})
	t.Run("past the end leads back to the last page", func(t *testing.T) {
		doc := MustParseConv(t, MustRenderConv(t, components.Pager(components.PagerData{Page: 9, Pages: 3, Href: href})))
		assert.Equal(t, "/x?q=a&page=3", convAttr(convByTestID(doc, "pager-prev")[0], "href"))
	})
}

func convSummaries(n int) []transcript.Summary {
	out := make([]transcript.Summary, n)
	for i := range out {
		out[i] = transcript.Summary{
			ID: int64(100 + i), ExternalID: "X", Channel: transcript.ChannelChat, AgentName: "Dana",
			CustomerName: convScripts["arabic"].text, Language: "ar", Subject: "",
			Preview: convScripts["arabic"].text, TurnCount: 12, StartedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		}
	}
	return out
}

func TestInteractionResults(t *testing.T) {
	t.Run("rows, count, links that keep the filters", func(t *testing.T) {
		form := pages.InteractionFilterForm{Channel: "chat", Q: "refund", TZ: "Asia/Bangkok"}
		d := pages.InteractionResultsData{Form: form, Rows: convSummaries(2), Total: 1234, Page: 2, Pages: 50, Loc: MustZoneConv(t, "Asia/Bangkok")}
		doc := MustParseConv(t, MustRenderConv(t, pages.InteractionResults(d)))

		res := convByTestID(doc, "interaction-results")
		require.Len(t, res, 1)
		assert.Equal(t, "interaction-results", convAttr(res[0], "id"))
		count := convByTestID(doc, "interaction-count")[0]
		assert.Equal(t, "1,234 conversations", convSquash(convText(count)))
		assert.Equal(t, "polite", convAttr(count, "aria-live"))

		rows := convByTestID(doc, "interaction-row")
		require.Len(t, rows, 2)
		row := convSquash(convText(rows[0]))
		assert.Contains(t, row, "1 Mar 2026, 16:00", "started time in the viewer's zone")
		assert.Contains(t, row, "Chat", "channel in words beside the icon")
		assert.Contains(t, row, "Arabic")
		assert.Contains(t, row, "12")
		assert.Contains(t, row, "no rating")

		link := convByTestID(rows[0], "interaction-link")[0]
		u, err := url.Parse(convAttr(link, "href"))
		require.NoError(t, err)
		assert.Equal(t, "/interactions/100", u.Path)
		assert.Equal(t, "/interactions?channel=chat&page=2&q=refund&tz=Asia%2FBangkok", u.Query().Get("back"))
		assert.Equal(t, "auto", convAttr(link, "dir"))

		next := convByTestID(doc, "pager-next")[0]
		nu, err := url.Parse(convAttr(next, "href"))
		require.NoError(t, err)
		assert.Equal(t, url.Values{"channel": {"chat"}, "q": {"refund"}, "tz": {"Asia/Bangkok"}, "page": {"3"}}, nu.Query())
	})
	t.Run("empty without filters teaches, without a dead link", func(t *testing.T) {
		doc := MustParseConv(t, MustRenderConv(t, pages.InteractionResults(pages.InteractionResultsData{Page: 1, Pages: 1})))
		empty := convByTestID(doc, "empty-state")
		require.Len(t, empty, 1)
		assert.Contains(t, convSquash(convText(empty[0])), "No conversations yet — an admin can import a file (coming soon)")
		assert.Empty(t, convByTag(empty[0], "a"), "no link to a page that does not exist yet")
		assert.Equal(t, "0 conversations", convSquash(convText(convByTestID(doc, "interaction-count")[0])))
	})
	t.Run("empty with filters offers to clear them", func(t *testing.T) {
		d := pages.InteractionResultsData{Form: pages.InteractionFilterForm{Language: "th", TZ: "Asia/Bangkok"}, Page: 1, Pages: 1}
		doc := MustParseConv(t, MustRenderConv(t, pages.InteractionResults(d)))
		assert.Contains(t, convSquash(convText(convByTestID(doc, "empty-state")[0])), "No conversations match these filters")
		clear := convByTestID(doc, "clear-filters")
		require.Len(t, clear, 1)
		assert.Equal(t, "/interactions?tz=Asia%2FBangkok", convAttr(clear[0], "href"), "clearing keeps the viewer's zone")
	})
	t.Run("problems replace the results", func(t *testing.T) {
		d := pages.InteractionResultsData{Form: pages.InteractionFilterForm{To: "2026-02-30", Problems: coaching.Problems{{Field: "to", Message: "Enter the end date"}}}}
		doc := MustParseConv(t, MustRenderConv(t, pages.InteractionResults(d)))
		assert.Empty(t, convByTestID(doc, "interaction-row"))
		probs := convByTestID(doc, "filter-problems")
		require.Len(t, probs, 1)
		assert.Equal(t, "alert", convAttr(probs[0], "role"))
		assert.Equal(t, "#interaction-filter-to", convAttr(convByTag(probs[0], "a")[0], "href"))
	})
}

func TestInteractionListForm(t *testing.T) {
	facets := transcript.Facets{
		Agents:    []transcript.Option{{ID: 7, Name: "Dana"}},
		Teams:     []transcript.Option{{ID: 3, Name: "Tier 1"}},
		Languages: []string{"en", "th"},
	}
	form := pages.InteractionFilterForm{
		Agent: "abc", Channel: "chat", From: "2026-13-01", Q: "ผม ต้องการ",
		Problems: coaching.Problems{{Field: "agent", Message: "Choose an agent from the list."}, {Field: "from", Message: "Enter the start date"}},
	}
	d := pages.InteractionListData{Form: form, ShowPeople: true, Facets: facets, Results: pages.InteractionResultsData{Form: form}}
	doc := MustParseConv(t, MustRenderConv(t, pages.InteractionList(d)))

	f := convByTestID(doc, "interaction-filters")
	require.Len(t, f, 1)
	assert.Equal(t, "get", convAttr(f[0], "method"))
	assert.Equal(t, "/interactions", convAttr(f[0], "hx-get"))
	assert.Equal(t, "#interaction-results", convAttr(f[0], "hx-target"))
	assert.Equal(t, "true", convAttr(f[0], "hx-push-url"))
	assert.Contains(t, convAttr(f[0], "hx-trigger"), "change")

	field := func(id string) *html.Node {
		n := convFind(doc, func(e *html.Node) bool { return convAttr(e, "id") == id })
		require.Len(t, n, 1, id)
		return n[0]
	}
	q := field("interaction-filter-q")
	assert.Equal(t, "ผม ต้องการ", convAttr(q, "value"), "typed text is kept")
	assert.Contains(t, convAttr(q, "hx-trigger"), "keyup changed delay:")
	labels := convFind(doc, func(e *html.Node) bool { return e.Data == "label" && convAttr(e, "for") == "interaction-filter-q" })
	require.Len(t, labels, 1)
	assert.Equal(t, "Words in the conversation", convText(labels[0]))

	from := field("interaction-filter-from")
	assert.Equal(t, "2026-13-01", convAttr(from, "value"))
	assert.Equal(t, "text", convAttr(from, "type"), "a value a date picker would blank stays visible")
	assert.Equal(t, "true", convAttr(from, "aria-invalid"))
	assert.Equal(t, "Enter the start date", convText(field("interaction-filter-from-error")))
	assert.Equal(t, "date", convAttr(field("interaction-filter-to"), "type"))

	agent := field("interaction-filter-agent")
	selected := convFind(agent, func(e *html.Node) bool { return e.Data == "option" && convHasAttr(e, "selected") })
	require.Len(t, selected, 1)
	assert.Equal(t, "abc", convAttr(selected[0], "value"), "a rejected choice stays selected beside its message")
	assert.Equal(t, "Choose an agent from the list.", convText(field("interaction-filter-agent-error")))

	t.Run("agents see no agent or team selector", func(t *testing.T) {
		d.ShowPeople = false
		doc := MustParseConv(t, MustRenderConv(t, pages.InteractionList(d)))
		assert.Empty(t, convFind(doc, func(e *html.Node) bool { return convAttr(e, "name") == "agent" || convAttr(e, "name") == "team" }))
	})
}

// ---- HTTP: the real server, signed in through /login ----------------------

// convPassword is every test user's password.
const convPassword = "correct horse battery staple"

// The test workspace: one user per role. The agent handles conversation 42;
// the supervisor leads the agent's team.
var (
	convAdmin      = coaching.User{ID: 1, Email: "ada@example.com", Name: "Ada Admin", Role: coaching.RoleAdmin, AuthVersion: 1}
	convSupervisor = coaching.User{ID: 2, Email: "sam@example.com", Name: "Sam Supervisor", Role: coaching.RoleSupervisor, AuthVersion: 1}
	convAgent      = coaching.User{ID: 3, Email: "dana@example.com", Name: "Dana Agent", Role: coaching.RoleAgent, AuthVersion: 1}
	convTrainer    = coaching.User{ID: 4, Email: "tia@example.com", Name: "Tia Trainer", Role: coaching.RoleTrainer, AuthVersion: 1}
)

var convFacets = transcript.Facets{
	Agents:    []transcript.Option{{ID: 3, Name: "Dana Agent"}, {ID: 7, Name: "Lê Văn Minh"}},
	Teams:     []transcript.Option{{ID: 5, Name: "Tier 1"}},
	Languages: []string{"ar", "en", "hy", "th", "vi"},
}

// convEnv is a running server plus what its fake store was asked.
type convEnv struct {
	URL  string
	Fake *fakeInteractions

	mu      sync.Mutex
	filters []transcript.Filter
	scopes  []transcript.Scope // facet and single-interaction scopes
}

func (e *convEnv) lastFilter(tb testing.TB) transcript.Filter {
	tb.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	require.NotEmpty(tb, e.filters, "ListInteractions was not called")
	return e.filters[len(e.filters)-1]
}

func (e *convEnv) listCalls() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.filters)
}

// convInScope is the fake store's ownership rule for conversation 42,
// handled by the agent on the supervisor's team.
func convInScope(s transcript.Scope) bool {
	return s.All || s.AgentID == convAgent.ID || s.SupervisorID == convSupervisor.ID
}

// newConvServer starts the real handler from views.NewServer on a test
// server, with fakes behind it. By default the store lists two
// conversations and knows conversation 42 (every script in it).
func newConvServer(tb testing.TB) *convEnv {
	tb.Helper()
	hasher := password.NewHasher(4)
	hash, err := hasher.Hash(convPassword)
	require.NoError(tb, err)
	byID := map[int64]coaching.User{}
	for _, u := range []coaching.User{convAdmin, convSupervisor, convAgent, convTrainer} {
		u.PasswordHash = hash
		byID[u.ID] = u
	}
	users := &fakeUsers{
		UserByIDFn: func(_ context.Context, id int64) (coaching.User, error) {
			if u, ok := byID[id]; ok {
				return u, nil
			}
			return coaching.User{}, fmt.Errorf("user %d: %w", id, coaching.ErrNotFound)
		},
		UserByEmailFn: func(_ context.Context, email string) (coaching.User, error) {
			for _, u := range byID {
				if u.Email == email {
					return u, nil
				}
			}
			return coaching.User{}, fmt.Errorf("user %q: %w", email, coaching.ErrNotFound)
		},
	}
	env := &convEnv{}
	env.Fake = &fakeInteractions{
		ListInteractionsFn: func(_ context.Context, f transcript.Filter) ([]transcript.Summary, int, error) {
			return convSummaries(2), 2, nil
		},
		InteractionFn: func(_ context.Context, id int64, scope transcript.Scope) (transcript.Interaction, error) {
			if id != 42 || !convInScope(scope) {
				return transcript.Interaction{}, fmt.Errorf("interaction %d: %w", id, rubrics.ErrNotFound)
			}
			return convScriptCall(), nil
		},
		InteractionFacetsFn: func(context.Context, transcript.Scope) (transcript.Facets, error) { return convFacets, nil },
	}
	// Record every call, whatever a test swaps in as the answer.
	rec := &fakeInteractions{
		ListInteractionsFn: func(ctx context.Context, f transcript.Filter) ([]transcript.Summary, int, error) {
			env.mu.Lock()
			env.filters = append(env.filters, f)
			env.mu.Unlock()
			return env.Fake.ListInteractionsFn(ctx, f)
		},
		InteractionFn: func(ctx context.Context, id int64, scope transcript.Scope) (transcript.Interaction, error) {
			env.mu.Lock()
			env.scopes = append(env.scopes, scope)
			env.mu.Unlock()
			return env.Fake.InteractionFn(ctx, id, scope)
		},
		InteractionFacetsFn: func(ctx context.Context, scope transcript.Scope) (transcript.Facets, error) {
			env.mu.Lock()
			env.scopes = append(env.scopes, scope)
			env.mu.Unlock()
			return env.Fake.InteractionFacetsFn(ctx, scope)
		},
	}
	h, err := views.NewServer(views.Deps{
		Users: users, Teams: &fakeTeams{}, Interactions: rec, DB: &fakePinger{PingFn: func(context.Context) error { return nil }},
		Sessions: memstore.New(), Passwords: hasher, Version: "test",
	})
	require.NoError(tb, err)
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	env.URL = srv.URL
	return env
}

// convScriptCall is conversation 42: a call whose turns are in Thai,
// Vietnamese, Armenian, Arabic and emoji.
func convScriptCall() transcript.Interaction {
	in := convSampleCall()
	in.Language = "th"
	in.Turns = nil
	for i, name := range []string{"thai", "vietnamese", "armenian", "arabic", "emoji"} {
		role := transcript.RoleCustomer
		if i%2 == 1 {
			role = transcript.RoleAgent
		}
		start := int64(i) * 61_500 // 0:00, 1:01, 2:03, 3:04, 4:06
		in.Turns = append(in.Turns, transcript.Turn{
			ID: int64(500 + i), Seq: i, Role: role, Speaker: name, Text: convScripts[name].text,
			StartMS: convPtr(start), EndMS: convPtr(start + 1000),
		})
	}
	return in
}

// convClient is a signed-in browser: a cookie jar that does not follow
// redirects, so tests see them.
type convClient struct {
	tb   testing.TB
	base string
	http *http.Client
}

// MustSignInConv signs u in through the real login form.
func MustSignInConv(tb testing.TB, env *convEnv, u coaching.User) *convClient {
	tb.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(tb, err)
	c := &convClient{tb: tb, base: env.URL, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	resp, err := c.http.PostForm(env.URL+"/login", url.Values{"email": {u.Email}, "password": {convPassword}})
	require.NoError(tb, err)
	_ = resp.Body.Close()
	require.Equal(tb, http.StatusSeeOther, resp.StatusCode, "sign in as %s", u.Email)
	return c
}

// get fetches path with optional headers and cookies and returns the
// status and body.
func (c *convClient) get(path string, header map[string]string) (int, string) {
	c.tb.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	require.NoError(c.tb, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	require.NoError(c.tb, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.tb, err)
	return resp.StatusCode, string(b)
}

// convAssertNoInternals checks a page shows nothing a user should not see.
func convAssertNoInternals(tb testing.TB, body string) {
	tb.Helper()
	for _, bad := range []string{"goroutine", "panic", "runtime/", "sql", "SQLITE", ".go:", "not yet"} {
		assert.NotContains(tb, body, bad)
	}
}

func TestInteractionListScopePerRole(t *testing.T) {
	env := newConvServer(t)
	for _, tc := range []struct {
		user coaching.User
		want transcript.Scope
	}{
		{convAdmin, transcript.Scope{All: true}},
		{convSupervisor, transcript.Scope{SupervisorID: convSupervisor.ID}},
		{convAgent, transcript.Scope{AgentID: convAgent.ID}},
	} {
		t.Run(string(tc.user.Role), func(t *testing.T) {
			c := MustSignInConv(t, env, tc.user)
			status, body := c.get("/interactions", nil)
			require.Equal(t, http.StatusOK, status, body)
			assert.Equal(t, tc.want, env.lastFilter(t).Scope)
			env.mu.Lock()
			assert.Equal(t, tc.want, env.scopes[len(env.scopes)-1], "facets are scoped too")
			env.mu.Unlock()

			doc := MustParseConv(t, body)
			assert.Len(t, convByTestID(doc, "interaction-row"), 2)
			assert.Len(t, convByTestID(doc, "interaction-filters"), 1)
			people := convFind(doc, func(e *html.Node) bool { n := convAttr(e, "name"); return n == "agent" || n == "team" })
			if tc.user.Role == coaching.RoleAgent {
				assert.Empty(t, people, "agents only see their own, so no agent or team choice")
			} else {
				assert.Len(t, people, 2)
			}
		})
	}
	t.Run("trainers never reach the list", func(t *testing.T) {
		c := MustSignInConv(t, env, convTrainer)
		n := env.listCalls()
		status, body := c.get("/interactions", nil)
		assert.Equal(t, http.StatusNotFound, status)
		assert.Equal(t, n, env.listCalls())
		convAssertNoInternals(t, body)
	})
	t.Run("agents cannot widen their scope by query", func(t *testing.T) {
		c := MustSignInConv(t, env, convAgent)
		status, _ := c.get("/interactions?agent=7&team=5", nil)
		require.Equal(t, http.StatusOK, status)
		f := env.lastFilter(t)
		assert.Equal(t, transcript.Scope{AgentID: convAgent.ID}, f.Scope)
		assert.Zero(t, f.AgentID)
		assert.Zero(t, f.TeamID)
	})
}

func TestInteractionListParsesFilters(t *testing.T) {
	env := newConvServer(t)
	c := MustSignInConv(t, env, convAdmin)
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return tm
	}
	for _, tc := range []struct {
		name   string
		query  string
		cookie string
		want   transcript.Filter
	}{
		{
			name: "nothing set", query: "",
			want: transcript.Filter{Scope: transcript.Scope{All: true}, Limit: 25},
		},
		{
			name:  "every filter, dates in Bangkok",
			query: "agent=7&team=5&channel=email&language=vi&from=2026-03-01&to=2026-03-31&q=" + url.QueryEscape("  đổi địa chỉ ") + "&page=3&tz=Asia%2FBangkok",
			want: transcript.Filter{
				Scope: transcript.Scope{All: true}, AgentID: 7, TeamID: 5, Channel: transcript.ChannelEmail, Language: "vi",
				From: utc("2026-02-28T17:00:00Z"), To: utc("2026-03-31T17:00:00Z"), // To: exclusive, end of 31 March in UTC+7
				Query: "đổi địa chỉ", Offset: 50, Limit: 25,
			},
		},
		{
			name:  "one day across a DST change is 23 hours",
			query: "from=2026-03-08&to=2026-03-08&tz=America%2FNew_York",
			want: transcript.Filter{
				Scope: transcript.Scope{All: true},
				From:  utc("2026-03-08T05:00:00Z"), To: utc("2026-03-09T04:00:00Z"), Limit: 25,
			},
		},
		{
			name: "zone from the cookie", query: "from=2026-01-01", cookie: "Europe/Paris",
			want: transcript.Filter{Scope: transcript.Scope{All: true}, From: utc("2025-12-31T23:00:00Z"), Limit: 25},
		},
		{
			name: "no or unknown zone means UTC", query: "to=2026-01-01&tz=Mars%2FOlympus",
			want: transcript.Filter{Scope: transcript.Scope{All: true}, To: utc("2026-01-02T00:00:00Z"), Limit: 25},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			if tc.cookie != "" {
				h["Cookie"] = "tz=" + tc.cookie
			}
			status, body := c.get("/interactions?"+tc.query, h)
			require.Equal(t, http.StatusOK, status, body)
			got := env.lastFilter(t)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, time.UTC, got.From.Location(), "bounds are UTC")
		})
	}
}

func TestInteractionListRejectsBadFilters(t *testing.T) {
	env := newConvServer(t)
	c := MustSignInConv(t, env, convSupervisor)
	for _, tc := range []struct {
		name, query, field, message, kept string
	}{
		{"non-numeric agent", "agent=abc", "agent", "Choose an agent from the list.", `value="abc"`},
		{"agent not offered", "agent=99", "agent", "Choose an agent from the list.", `value="99"`},
		{"unknown team", "team=-1", "team", "Choose a team from the list.", `value="-1"`},
		{"unknown channel", "channel=fax", "channel", "Choose chat, email or call.", `value="fax"`},
		{"unknown language", "language=xx", "language", "Choose a language from the list.", `value="xx"`},
		{"malformed date", "from=2026-02-30", "from", "Enter the start date as YYYY-MM-DD", `value="2026-02-30"`},
		{"slashes in a date", "to=31/03/2026", "to", "Enter the end date as YYYY-MM-DD", `value="31/03/2026"`},
		{"from after to", "from=2026-03-05&to=2026-03-01", "to", "The end date is before the start date", `value="2026-03-01"`},
		{"search too long", "q=" + strings.Repeat("ก", 201), "q", "Use at most 200 characters", strings.Repeat("ก", 201)},
		{"page zero", "page=0&q=refund", "page", "whole number, 1 or more", `value="refund"`},
		{"page not a number", "page=two", "page", "whole number, 1 or more", ""},
		{"page far too large", "page=99999999999999999999", "page", "too large", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := env.listCalls()
			status, body := c.get("/interactions?"+tc.query, nil)
			require.Equal(t, http.StatusUnprocessableEntity, status, body)
			assert.Equal(t, n, env.listCalls(), "a rejected filter is not run")
			convAssertNoInternals(t, body)
			assert.Contains(t, body, tc.kept, "what was typed is kept")

			doc := MustParseConv(t, body)
			assert.Len(t, convByTestID(doc, "interaction-filters"), 1, "the form comes back")
			assert.Contains(t, convText(convByTestID(doc, "filter-problems")[0]), tc.message)
			if tc.field != "page" {
				msg := convFind(doc, func(e *html.Node) bool { return convAttr(e, "id") == "interaction-filter-"+tc.field+"-error" })
				require.Len(t, msg, 1)
				assert.Contains(t, convText(msg[0]), tc.message, "the message sits next to its field")
				input := convFind(doc, func(e *html.Node) bool { return convAttr(e, "id") == "interaction-filter-"+tc.field })
				require.Len(t, input, 1)
				assert.Equal(t, "true", convAttr(input[0], "aria-invalid"))
			}
		})
	}
	t.Run("a search the store cannot run is explained on the search box", func(t *testing.T) {
		env.Fake.ListInteractionsFn = func(context.Context, transcript.Filter) ([]transcript.Summary, int, error) {
			return nil, 0, fmt.Errorf("fts5: syntax error near \"\": %w", rubrics.ErrInvalid)
		}
		t.Cleanup(func() {
			env.Fake.ListInteractionsFn = func(context.Context, transcript.Filter) ([]transcript.Summary, int, error) { return nil, 0, nil }
		})
		status, body := c.get("/interactions?q=%22%22", nil)
		assert.Equal(t, http.StatusUnprocessableEntity, status)
		assert.Contains(t, body, "These words could not be searched")
		assert.NotContains(t, body, "fts5")
	})
}

func TestInteractionListStoreFailureIsAPlainErrorPage(t *testing.T) {
	env := newConvServer(t)
	env.Fake.ListInteractionsFn = func(context.Context, transcript.Filter) ([]transcript.Summary, int, error) {
		return nil, 0, errors.New("SQLITE_BUSY: database is locked at store.go:99")
	}
	c := MustSignInConv(t, env, convAdmin)
	status, body := c.get("/interactions", nil)
	assert.Equal(t, http.StatusInternalServerError, status)
	convAssertNoInternals(t, body)
	assert.NotContains(t, body, "locked")
}

func TestInteractionListHTMXReturnsOnlyTheFragment(t *testing.T) {
	env := newConvServer(t)
	c := MustSignInConv(t, env, convSupervisor)

	status, body := c.get("/interactions?channel=chat", map[string]string{"HX-Request": "true"})
	require.Equal(t, http.StatusOK, status)
	assert.True(t, strings.HasPrefix(strings.TrimSpace(body), `<div id="interaction-results"`), body)
	assert.NotContains(t, body, "<html")
	assert.NotContains(t, body, `data-testid="interaction-filters"`)
	doc := MustParseConv(t, body)
	assert.Len(t, convByTestID(doc, "interaction-row"), 2)
	oob := convFind(doc, func(e *html.Node) bool { return convAttr(e, "hx-swap-oob") == "true" })
	assert.NotEmpty(t, oob, "field messages are cleared out of band")
	for _, e := range oob {
		assert.Empty(t, convText(e))
	}

	t.Run("a bad filter gets 422 and its message out of band", func(t *testing.T) {
		status, body := c.get("/interactions?from=yesterday", map[string]string{"HX-Request": "true"})
		assert.Equal(t, http.StatusUnprocessableEntity, status)
		doc := MustParseConv(t, body)
		msg := convFind(doc, func(e *html.Node) bool { return convAttr(e, "id") == "interaction-filter-from-error" })
		require.Len(t, msg, 1)
		assert.Equal(t, "true", convAttr(msg[0], "hx-swap-oob"))
		assert.Contains(t, convText(msg[0]), "Enter the start date")
	})
	t.Run("a history restore gets the whole page", func(t *testing.T) {
		_, body := c.get("/interactions", map[string]string{"HX-Request": "true", "HX-History-Restore-Request": "true"})
		assert.Contains(t, body, `data-testid="interaction-filters"`)
	})
}

func TestInteractionListEmptyStatesAndPager(t *testing.T) {
	env := newConvServer(t)
	c := MustSignInConv(t, env, convAdmin)

	env.Fake.ListInteractionsFn = func(context.Context, transcript.Filter) ([]transcript.Summary, int, error) { return nil, 0, nil }
	_, body := c.get("/interactions", nil)
	doc := MustParseConv(t, body)
	empty := convByTestID(doc, "empty-state")
	require.Len(t, empty, 1)
	assert.Contains(t, convSquash(convText(empty[0])), "No conversations yet — an admin can import a file (coming soon)")
	assert.Empty(t, convByTag(empty[0], "a"))

	_, body = c.get("/interactions?language=th", nil)
	doc = MustParseConv(t, body)
	assert.Contains(t, convText(convByTestID(doc, "empty-state")[0]), "No conversations match these filters")
	clear := convFind(convByTestID(doc, "interaction-results")[0], func(e *html.Node) bool { return convAttr(e, "data-testid") == "clear-filters" })
	require.Len(t, clear, 1)
	assert.Equal(t, "/interactions", convAttr(clear[0], "href"))

	env.Fake.ListInteractionsFn = func(_ context.Context, f transcript.Filter) ([]transcript.Summary, int, error) {
		return convSummaries(f.Limit), 1234, nil
	}
	_, body = c.get("/interactions?channel=chat&q=refund&page=2", nil)
	doc = MustParseConv(t, body)
	assert.Equal(t, "1,234 conversations", convSquash(convText(convByTestID(doc, "interaction-count")[0])))
	assert.Equal(t, "Page 2 of 50", convText(convByTestID(doc, "pager-status")[0]))
	for id, page := range map[string]string{"pager-prev": "", "pager-next": "3"} {
		u, err := url.Parse(convAttr(convByTestID(doc, id)[0], "href"))
		require.NoError(t, err)
		assert.Equal(t, "/interactions", u.Path)
		assert.Equal(t, "chat", u.Query().Get("channel"), id)
		assert.Equal(t, "refund", u.Query().Get("q"), id)
		assert.Equal(t, page, u.Query().Get("page"), id)
	}
}

func TestTranscriptPage(t *testing.T) {
	env := newConvServer(t)

	t.Run("every script byte for byte, with call offsets", func(t *testing.T) {
		c := MustSignInConv(t, env, convAgent)
		status, body := c.get("/interactions/42", nil)
		require.Equal(t, http.StatusOK, status, body)
		env.mu.Lock()
		assert.Equal(t, transcript.Scope{AgentID: convAgent.ID}, env.scopes[len(env.scopes)-1])
		env.mu.Unlock()
		for name, st := range convScripts {
			assert.Contains(t, body, `dir="auto" lang="th" data-testid="turn-text">`+st.text+`</div>`, name)
		}
		doc := MustParseConv(t, body)
		var times []string
		for _, n := range convByTestID(doc, "turn-time") {
			times = append(times, convText(n))
		}
		assert.Equal(t, []string{"0:00", "1:01", "2:03", "3:04", "4:06"}, times)
		assert.Equal(t, "turn-3", convAttr(convByTestID(doc, "turn")[3], "id"))
		assert.Equal(t, "503", convAttr(convByTestID(doc, "turn")[3], "data-turn-id"))
	})
	t.Run("back link keeps the list filters, only to the list", func(t *testing.T) {
		c := MustSignInConv(t, env, convSupervisor)
		for back, want := range map[string]string{
			"/interactions?channel=chat&page=2":    "/interactions?channel=chat&page=2",
			"//evil.example/interactions":          "/interactions",
			"https://evil.example/interactions?x":  "/interactions",
			"/interactions/../admin/users":         "/interactions",
			"/interactionsx":                       "/interactions",
			"/admin":                               "/interactions",
			"/interactions?q=%3Cscript%3E&page=1x": "/interactions?page=1x&q=%3Cscript%3E",
		} {
			status, body := c.get("/interactions/42?back="+url.QueryEscape(back), nil)
			require.Equal(t, http.StatusOK, status)
			link := convByTestID(MustParseConv(t, body), "back-link")
			require.Len(t, link, 1)
			assert.Equal(t, want, convAttr(link[0], "href"), back)
		}
	})
	t.Run("out of scope, unknown or malformed ids are 404", func(t *testing.T) {
		env.Fake.InteractionFn = func(_ context.Context, id int64, s transcript.Scope) (transcript.Interaction, error) {
			return transcript.Interaction{}, fmt.Errorf("interaction %d: %w", id, rubrics.ErrNotFound)
		}
		c := MustSignInConv(t, env, convAgent)
		for _, path := range []string{"/interactions/42", "/interactions/999", "/interactions/abc", "/interactions/-1", "/interactions/0"} {
			status, body := c.get(path, nil)
			assert.Equal(t, http.StatusNotFound, status, path)
			convAssertNoInternals(t, body)
			assert.NotContains(t, body, `data-testid="transcript"`)
		}
	})
	t.Run("a store failure shows no internals", func(t *testing.T) {
		env.Fake.InteractionFn = func(context.Context, int64, transcript.Scope) (transcript.Interaction, error) {
			return transcript.Interaction{}, errors.New("pq: relation \"turns\" does not exist")
		}
		c := MustSignInConv(t, env, convAdmin)
		status, body := c.get("/interactions/42", nil)
		assert.Equal(t, http.StatusInternalServerError, status)
		assert.NotContains(t, body, "relation")
		convAssertNoInternals(t, body)
	})
}
