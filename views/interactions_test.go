package views_test

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/views/components"
	"github.com/qascore/qascore/views/pages"
)

// The texts every script test uses. They avoid <, >, & and quotes, which
// HTML escaping would (correctly) change, so "byte-identical" is testable.
// The Vietnamese line is in decomposed form (NFD) on purpose: nothing on
// the way may normalise or cut it.
var scriptTexts = map[string]struct{ lang, text string }{
	"thai":       {"th", "สวัสดีครับ ผมต้องการเปลี่ยนที่อยู่จัดส่งสินค้าที่สั่งเมื่อวานนี้"},
	"vietnamese": {"vi", "Xin chào, tôi muốn đổi địa chỉ giao hàng. Tie\u0302\u0301ng Vie\u0323\u0302t"},
	"armenian":   {"hy", "Բարև Ձեզ, ես ուզում եմ փոխել առաքման հասցեն։"},
	"arabic":     {"ar", "مرحبا، أريد تغيير عنوان التوصيل من فضلك"},
	"emoji":      {"en", "Thanks! 👍🏽 👩‍💻 🇹🇭 ❤️"},
}

func ptr[T any](v T) *T { return &v }

// MustRender renders c to a string.
func MustRender(tb testing.TB, c templ.Component) string {
	tb.Helper()
	var buf bytes.Buffer
	require.NoError(tb, c.Render(context.Background(), &buf))
	return buf.String()
}

// MustParse parses an HTML document or fragment.
func MustParse(tb testing.TB, s string) *html.Node {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	require.NoError(tb, err)
	return doc
}

// findAll returns the element nodes under n for which match is true, in
// document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
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

func byTestID(n *html.Node, id string) []*html.Node {
	return findAll(n, func(e *html.Node) bool { return attr(e, "data-testid") == id })
}

func byTag(n *html.Node, tag string) []*html.Node {
	return findAll(n, func(e *html.Node) bool { return e.Data == tag })
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// text is the concatenated text content of n.
func text(n *html.Node) string {
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
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// MustZone loads an IANA zone.
func MustZone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(tb, err)
	return loc
}

func sampleCall() transcript.Interaction {
	return transcript.Interaction{
		ID: 42, ExternalID: "CALL-0042", Source: "demo", Channel: transcript.ChannelCall,
		AgentID: 7, AgentName: "Dana Agent", CustomerName: "Somchai", Language: "th",
		Subject: "เปลี่ยนที่อยู่", StartedAt: time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC),
		DurationMS: 3_725_000, CSAT: ptr(4),
		Turns: []transcript.Turn{
			{ID: 1001, Seq: 0, Role: transcript.RoleAgent, Speaker: "Dana Agent", Text: "Hello", StartMS: ptr[int64](0), EndMS: ptr[int64](900)},
			{ID: 1002, Seq: 1, Role: transcript.RoleCustomer, Speaker: "Somchai", Text: scriptTexts["thai"].text, StartMS: ptr[int64](65_400), EndMS: ptr[int64](70_000)},
			{ID: 1003, Seq: 2, Role: transcript.RoleSystem, Text: "Call transferred", StartMS: ptr[int64](3_725_000), EndMS: ptr[int64](3_725_000)},
		},
	}
}

func TestTranscriptRendersEveryScriptUnchanged(t *testing.T) {
	for name, st := range scriptTexts {
		t.Run(name, func(t *testing.T) {
			in := sampleCall()
			in.Language = st.lang
			in.Subject = st.text
			in.CustomerName = st.text
			in.Turns[1].Text = st.text
			out := MustRender(t, pages.Transcript(pages.TranscriptData{Interaction: in}))

			assert.Contains(t, out, st.text, "the text must reach the page byte for byte")
			doc := MustParse(t, out)
			turns := byTestID(doc, "turn-text")
			require.Len(t, turns, 3)
			for _, tt := range turns {
				assert.Equal(t, "auto", attr(tt, "dir"))
				assert.Equal(t, st.lang, attr(tt, "lang"))
			}
			assert.Equal(t, st.text, text(turns[1]), "no whitespace added around the text (pre-wrap shows it)")
			h1 := byTag(doc, "h1")
			require.Len(t, h1, 1)
			assert.Equal(t, "auto", attr(h1[0], "dir"))
			assert.Equal(t, st.text, text(h1[0]))
		})
	}
}

func TestTranscriptTurns(t *testing.T) {
	out := MustRender(t, pages.Transcript(pages.TranscriptData{Interaction: sampleCall()}))
	doc := MustParse(t, out)
	turns := byTestID(doc, "turn")
	require.Len(t, turns, 3)

	assert.Equal(t, "turn-1", attr(turns[1], "id"))
	assert.Equal(t, "1002", attr(turns[1], "data-turn-id"))
	assert.Equal(t, "customer", attr(turns[1], "data-role"))
	assert.Contains(t, attr(turns[0], "class"), "turn--agent")
	assert.Contains(t, attr(turns[1], "class"), "turn--customer")
	assert.Contains(t, attr(turns[2], "class"), "turn--other")

	roles := byTestID(doc, "turn-role")
	require.Len(t, roles, 3)
	assert.Equal(t, []string{"Agent", "Customer", "System"}, []string{text(roles[0]), text(roles[1]), text(roles[2])},
		"roles are labelled in words, not only by colour or side")

	times := byTestID(doc, "turn-time")
	require.Len(t, times, 3)
	assert.Equal(t, "0:00", text(times[0]))
	assert.Equal(t, "1:05", text(times[1]), "call offsets are m:ss, seconds truncated")
	assert.Equal(t, "PT0H1M5S", attr(times[1], "datetime"))
	assert.Equal(t, "1:02:05", text(times[2]), "an hour on, offsets gain an hour field")

	meta := squash(text(byTestID(doc, "interaction-meta")[0]))
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
	bkk := MustZone(t, "Asia/Bangkok") // UTC+7, no DST
	in := transcript.Interaction{
		ID: 5, ExternalID: "C-5", Channel: transcript.ChannelChat, Language: "vi",
		StartedAt: time.Date(2026, 3, 1, 16, 50, 0, 0, time.UTC), // 23:50 in Bangkok
		Turns: []transcript.Turn{
			{ID: 1, Seq: 0, Role: transcript.RoleCustomer, Text: "a", At: ptr(time.Date(2026, 3, 1, 16, 55, 0, 0, time.UTC))},
			{ID: 2, Seq: 1, Role: transcript.RoleAgent, Text: "b", At: ptr(time.Date(2026, 3, 1, 17, 5, 0, 0, time.UTC))},
			{ID: 3, Seq: 2, Role: transcript.RoleBot, Text: "c"},
		},
	}
	views := pages.TurnViews(in, bkk)
	assert.Equal(t, "23:55", views[0].Time)
	assert.Equal(t, "2026-03-01T16:55:00Z", views[0].DateTime, "machine time stays UTC")
	assert.Equal(t, "2 Mar, 00:05", views[1].Time, "a turn on another local day shows its date")
	assert.Empty(t, views[2].Time, "no time in the source, none shown")

	doc := MustParse(t, MustRender(t, pages.Transcript(pages.TranscriptData{Interaction: in, Loc: bkk})))
	assert.Contains(t, squash(text(byTestID(doc, "interaction-meta")[0])), "1 Mar 2026, 23:50 (Asia/Bangkok)")
}

func TestTranscriptEmailKeepsLineBreaks(t *testing.T) {
	body := "Dear team,\n\nmy order #123 never arrived.\n\n— Ana"
	in := transcript.Interaction{
		ID: 9, ExternalID: "E-9", Channel: transcript.ChannelEmail, Language: "en", Subject: "Missing order",
		StartedAt: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC),
		Turns:     []transcript.Turn{{ID: 1, Seq: 0, Role: transcript.RoleCustomer, Speaker: "Ana", Text: body}},
	}
	doc := MustParse(t, MustRender(t, pages.Transcript(pages.TranscriptData{Interaction: in})))
	assert.Equal(t, body, text(byTestID(doc, "turn-text")[0]))
}

func TestTranscriptBackLink(t *testing.T) {
	for _, tc := range []struct{ back, want string }{
		{"", "/interactions"},
		{"/interactions?channel=chat&page=2", "/interactions?channel=chat&page=2"},
	} {
		doc := MustParse(t, MustRender(t, pages.Transcript(pages.TranscriptData{Interaction: sampleCall(), Back: tc.back})))
		links := byTestID(doc, "back-link")
		require.Len(t, links, 1)
		assert.Equal(t, tc.want, attr(links[0], "href"))
		assert.Equal(t, "← Back to conversations", text(links[0]))
	}
}

func TestPager(t *testing.T) {
	href := func(n int) string { return "/x?q=a&page=" + string(rune('0'+n)) }
	t.Run("middle page links both ways", func(t *testing.T) {
		doc := MustParse(t, MustRender(t, components.Pager(components.PagerData{Page: 2, Pages: 3, Href: href, Label: "Conversation pages"})))
		nav := byTestID(doc, "pager")
		require.Len(t, nav, 1)
		assert.Equal(t, "Conversation pages", attr(nav[0], "aria-label"))
		assert.Equal(t, "Page 2 of 3", text(byTestID(doc, "pager-status")[0]))
		prev, next := byTestID(doc, "pager-prev"), byTestID(doc, "pager-next")
		require.Len(t, prev, 1)
		require.Len(t, next, 1)
		assert.Equal(t, "/x?q=a&page=1", attr(prev[0], "href"))
		assert.Equal(t, "/x?q=a&page=3", attr(next[0], "href"))
		assert.NotEmpty(t, attr(prev[0], "aria-label"))
		assert.NotEmpty(t, attr(next[0], "aria-label"))
	})
	t.Run("first page has no previous link", func(t *testing.T) {
		doc := MustParse(t, MustRender(t, components.Pager(components.PagerData{Page: 1, Pages: 3, Href: href})))
		assert.Empty(t, byTestID(doc, "pager-prev"))
		assert.Len(t, byTestID(doc, "pager-next"), 1)
	})
	t.Run("single page renders nothing", func(t *testing.T) {
		assert.Empty(t, strings.TrimSpace(MustRender(t, components.Pager(components.PagerData{Page: 1, Pages: 1, Href: href}))))
	})
	t.Run("past the end leads back to the last page", func(t *testing.T) {
		doc := MustParse(t, MustRender(t, components.Pager(components.PagerData{Page: 9, Pages: 3, Href: href})))
		assert.Equal(t, "/x?q=a&page=3", attr(byTestID(doc, "pager-prev")[0], "href"))
	})
}

func sampleSummaries(n int) []transcript.Summary {
	out := make([]transcript.Summary, n)
	for i := range out {
		out[i] = transcript.Summary{
			ID: int64(100 + i), ExternalID: "X", Channel: transcript.ChannelChat, AgentName: "Dana",
			CustomerName: scriptTexts["arabic"].text, Language: "ar", Subject: "",
			Preview: scriptTexts["arabic"].text, TurnCount: 12, StartedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		}
	}
	return out
}

func TestInteractionResults(t *testing.T) {
	t.Run("rows, count, links that keep the filters", func(t *testing.T) {
		form := pages.InteractionFilterForm{Channel: "chat", Q: "refund", TZ: "Asia/Bangkok"}
		d := pages.InteractionResultsData{Form: form, Rows: sampleSummaries(2), Total: 1234, Page: 2, Pages: 50, Loc: MustZone(t, "Asia/Bangkok")}
		doc := MustParse(t, MustRender(t, pages.InteractionResults(d)))

		res := byTestID(doc, "interaction-results")
		require.Len(t, res, 1)
		assert.Equal(t, "interaction-results", attr(res[0], "id"))
		count := byTestID(doc, "interaction-count")[0]
		assert.Equal(t, "1,234 conversations", squash(text(count)))
		assert.Equal(t, "polite", attr(count, "aria-live"))

		rows := byTestID(doc, "interaction-row")
		require.Len(t, rows, 2)
		row := squash(text(rows[0]))
		assert.Contains(t, row, "1 Mar 2026, 16:00", "started time in the viewer's zone")
		assert.Contains(t, row, "Chat", "channel in words beside the icon")
		assert.Contains(t, row, "Arabic")
		assert.Contains(t, row, "12")
		assert.Contains(t, row, "no rating")

		link := byTestID(rows[0], "interaction-link")[0]
		u, err := url.Parse(attr(link, "href"))
		require.NoError(t, err)
		assert.Equal(t, "/interactions/100", u.Path)
		assert.Equal(t, "/interactions?channel=chat&page=2&q=refund&tz=Asia%2FBangkok", u.Query().Get("back"))
		assert.Equal(t, "auto", attr(link, "dir"))

		next := byTestID(doc, "pager-next")[0]
		nu, err := url.Parse(attr(next, "href"))
		require.NoError(t, err)
		assert.Equal(t, url.Values{"channel": {"chat"}, "q": {"refund"}, "tz": {"Asia/Bangkok"}, "page": {"3"}}, nu.Query())
	})
	t.Run("empty without filters teaches, without a dead link", func(t *testing.T) {
		doc := MustParse(t, MustRender(t, pages.InteractionResults(pages.InteractionResultsData{Page: 1, Pages: 1})))
		empty := byTestID(doc, "empty-state")
		require.Len(t, empty, 1)
		assert.Contains(t, squash(text(empty[0])), "No conversations yet — an admin can import a file (coming soon)")
		assert.Empty(t, byTag(empty[0], "a"), "no link to a page that does not exist yet")
		assert.Equal(t, "0 conversations", squash(text(byTestID(doc, "interaction-count")[0])))
	})
	t.Run("empty with filters offers to clear them", func(t *testing.T) {
		d := pages.InteractionResultsData{Form: pages.InteractionFilterForm{Language: "th", TZ: "Asia/Bangkok"}, Page: 1, Pages: 1}
		doc := MustParse(t, MustRender(t, pages.InteractionResults(d)))
		assert.Contains(t, squash(text(byTestID(doc, "empty-state")[0])), "No conversations match these filters")
		clear := byTestID(doc, "clear-filters")
		require.Len(t, clear, 1)
		assert.Equal(t, "/interactions?tz=Asia%2FBangkok", attr(clear[0], "href"), "clearing keeps the viewer's zone")
	})
	t.Run("problems replace the results", func(t *testing.T) {
		d := pages.InteractionResultsData{Form: pages.InteractionFilterForm{To: "2026-02-30", Problems: coaching.Problems{{Field: "to", Message: "Enter the end date"}}}}
		doc := MustParse(t, MustRender(t, pages.InteractionResults(d)))
		assert.Empty(t, byTestID(doc, "interaction-row"))
		probs := byTestID(doc, "filter-problems")
		require.Len(t, probs, 1)
		assert.Equal(t, "alert", attr(probs[0], "role"))
		assert.Equal(t, "#interaction-filter-to", attr(byTag(probs[0], "a")[0], "href"))
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
	doc := MustParse(t, MustRender(t, pages.InteractionList(d)))

	f := byTestID(doc, "interaction-filters")
	require.Len(t, f, 1)
	assert.Equal(t, "get", attr(f[0], "method"))
	assert.Equal(t, "/interactions", attr(f[0], "hx-get"))
	assert.Equal(t, "#interaction-results", attr(f[0], "hx-target"))
	assert.Equal(t, "true", attr(f[0], "hx-push-url"))
	assert.Contains(t, attr(f[0], "hx-trigger"), "change")

	field := func(id string) *html.Node {
		n := findAll(doc, func(e *html.Node) bool { return attr(e, "id") == id })
		require.Len(t, n, 1, id)
		return n[0]
	}
	q := field("interaction-filter-q")
	assert.Equal(t, "ผม ต้องการ", attr(q, "value"), "typed text is kept")
	assert.Contains(t, attr(q, "hx-trigger"), "keyup changed delay:")
	labels := findAll(doc, func(e *html.Node) bool { return e.Data == "label" && attr(e, "for") == "interaction-filter-q" })
	require.Len(t, labels, 1)
	assert.Equal(t, "Words in the conversation", text(labels[0]))

	from := field("interaction-filter-from")
	assert.Equal(t, "2026-13-01", attr(from, "value"))
	assert.Equal(t, "text", attr(from, "type"), "a value a date picker would blank stays visible")
	assert.Equal(t, "true", attr(from, "aria-invalid"))
	assert.Equal(t, "Enter the start date", text(field("interaction-filter-from-error")))
	assert.Equal(t, "date", attr(field("interaction-filter-to"), "type"))

	agent := field("interaction-filter-agent")
	selected := findAll(agent, func(e *html.Node) bool { return e.Data == "option" && hasAttr(e, "selected") })
	require.Len(t, selected, 1)
	assert.Equal(t, "abc", attr(selected[0], "value"), "a rejected choice stays selected beside its message")
	assert.Equal(t, "Choose an agent from the list.", text(field("interaction-filter-agent-error")))

	t.Run("agents see no agent or team selector", func(t *testing.T) {
		d.ShowPeople = false
		doc := MustParse(t, MustRender(t, pages.InteractionList(d)))
		assert.Empty(t, findAll(doc, func(e *html.Node) bool { return attr(e, "name") == "agent" || attr(e, "name") == "team" }))
	})
}
