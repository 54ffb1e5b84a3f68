package views_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/views"
	"github.com/qascore/qascore/views/components"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHighlightSplitsAtRuneOffsets(t *testing.T) {
	type seg struct {
		text string
		keys string
	}
	tests := []struct {
		name  string
		text  string
		spans []components.Span
		want  []seg
	}{
		{"no spans", "Xin chào", nil, []seg{{"Xin chào", ""}}},
		{"vietnamese word", "Xin chào anh", []components.Span{{Key: "a", Start: 4, End: 8}}, []seg{{"Xin ", ""}, {"chào", "a"}, {" anh", ""}}},
		{"thai", "สวัสดีครับ ยินดีให้บริการ", []components.Span{{Key: "g", Start: 0, End: 6}}, []seg{{"สวัสดี", "g"}, {"ครับ ยินดีให้บริการ", ""}}},
		{"emoji and armenian", "👋🏽 Բարեւ", []components.Span{{Key: "x", Start: 1, End: 3}}, []seg{{"👋", ""}, {"🏽 ", "x"}, {"Բարեւ", ""}}},
		{"whole text", "ok", []components.Span{{Key: "a", Start: 0, End: 2}}, []seg{{"ok", "a"}}},
		{"overlap", "abcdef", []components.Span{{Key: "a", Start: 1, End: 4}, {Key: "b", Start: 2, End: 6}},
			[]seg{{"a", ""}, {"b", "a"}, {"cd", "a b"}, {"ef", "b"}}},
		{"nested same start", "abcdef", []components.Span{{Key: "a", Start: 0, End: 6}, {Key: "b", Start: 0, End: 2}},
			[]seg{{"ab", "a b"}, {"cdef", "a"}}},
		{"clamped and empty dropped", "héllo", []components.Span{{Key: "a", Start: -3, End: 2}, {Key: "b", Start: 4, End: 99}, {Key: "c", Start: 3, End: 3}},
			[]seg{{"hé", "a"}, {"ll", ""}, {"o", "b"}}},
		{"same key twice joins keys once", "abc", []components.Span{{Key: "a", Start: 0, End: 2}, {Key: "a", Start: 1, End: 3}},
			[]seg{{"a", "a"}, {"b", "a"}, {"c", "a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := components.Highlight(tt.text, tt.spans)
			var joined strings.Builder
			var gs []seg
			for _, s := range got {
				joined.WriteString(s.Text)
				gs = append(gs, seg{s.Text, strings.Join(s.Keys, " ")})
			}
			assert.Equal(t, tt.want, gs)
			assert.Equal(t, tt.text, joined.String(), "segments join back to the text")
		})
	}
}

func TestHighlightAnchorsMarkSpanStarts(t *testing.T) {
	got := components.Highlight("abcdef", []components.Span{{Key: "a", Start: 1, End: 4, Anchor: "ev-a"}, {Key: "b", Start: 1, End: 2, Anchor: "ev-b"}})
	require.Len(t, got, 4)
	assert.Equal(t, []string{"ev-a", "ev-b"}, got[1].Anchors)
	assert.Empty(t, got[2].Anchors)
}

// gradingFixture is a server with one conversation (Vietnamese and Thai
// turns), a published rubric and a draft review by the supervisor.
type gradingFixture struct {
	*env
	rdb      *reviewDB
	version  rubrics.Version
	inter    transcript.Interaction
	review   scoring.Review
	otherSup coaching.User
}

const (
	turnVI = "Xin chào, em có thể giúp gì cho anh?"
	turnTH = "สวัสดีครับ ยินดีให้บริการครับ"
)

func mustGradingEnv(t *testing.T, opts ...func(*views.Deps)) *gradingFixture {
	t.Helper()
	rdb := newRubricDB()
	revs := newReviewDB()
	f := &gradingFixture{rdb: revs}
	f.env = mustEnv(t, func(d *views.Deps) {
		d.Rubrics = rdb.fake()
		d.Reviews = revs.fake()
		for _, o := range opts {
			o(d)
		}
	})
	_, vs := rdb.addRubric("Chat essentials", sampleVersion(rubrics.StatusPublished))
	f.version = vs[0]
	f.otherSup = f.db.add(coaching.User{Email: "sol@example.com", Name: "Sol Other", Role: coaching.RoleSupervisor, PasswordHash: testHash(t)})
	f.inter = transcript.Interaction{
		ID: 77, ExternalID: "vi-1", Channel: transcript.ChannelChat, AgentID: f.agent.ID, AgentName: f.agent.Name,
		CustomerName: "Minh", Language: "vi", StartedAt: fakeNow,
		Turns: []transcript.Turn{
			{ID: 501, Seq: 0, Role: transcript.RoleAgent, Text: turnVI},
			{ID: 502, Seq: 1, Role: transcript.RoleCustomer, Text: turnTH},
		},
	}
	f.env.inter.InteractionFn = func(_ context.Context, id int64, s transcript.Scope) (transcript.Interaction, error) {
		if id != f.inter.ID || !(s.All || s.AgentID == f.agent.ID || s.SupervisorID == f.supervisor.ID) {
			return transcript.Interaction{}, fmt.Errorf("interaction %d: %w", id, rubrics.ErrNotFound)
		}
		return f.inter, nil
	}
	f.review = scoring.Review{ID: 900, InteractionID: f.inter.ID, AgentID: f.agent.ID, ReviewerID: f.supervisor.ID, VersionID: f.version.ID, State: scoring.ReviewDraft, Revision: 1}
	revs.put(f.review)
	return f
}

func gpath(id int64, what string) string {
	p := "/reviews/" + strconv.FormatInt(id, 10)
	if what != "" {
		p += "/" + what
	}
	return p
}

func TestGradingScreenOnlyForItsReviewer(t *testing.T) {
	f := mustGradingEnv(t)
	r := f.mustLogin(f.supervisor).get(gpath(900, "grade"))
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.Contains(t, r.body, `data-turn-id="501"`)
	assert.Contains(t, r.body, `data-runes="`+strconv.Itoa(len([]rune(turnVI)))+`"`)
	assert.Contains(t, r.body, `id="score-summary"`)
	assert.Contains(t, r.body, "Unavailable — nothing applicable rated yet")
	assert.Contains(t, r.body, `name="revision" value="1"`)
	assert.Contains(t, r.body, `aria-pressed="false"`)
	assert.Contains(t, r.body, "Keyboard shortcuts")

	for name, u := range map[string]coaching.User{"admin": f.admin, "other supervisor": f.otherSup, "agent": f.agent, "trainer": f.trainer} {
		got := f.mustLogin(u).get(gpath(900, "grade"))
		assert.Equal(t, http.StatusNotFound, got.StatusCode, name)
	}
	assert.Equal(t, http.StatusNotFound, f.mustLogin(f.supervisor).get(gpath(12345, "grade")).StatusCode)
	assert.Equal(t, http.StatusNotFound, f.mustLogin(f.supervisor).get("/reviews/abc/grade").StatusCode)
}

func TestGradingPublishedRedirectsToReadOnly(t *testing.T) {
	f := mustGradingEnv(t)
	rv := f.review
	rv.State = scoring.ReviewPublished
	f.rdb.put(rv)
	r := f.mustLogin(f.supervisor).get(gpath(900, "grade"))
	assert.Equal(t, http.StatusSeeOther, r.StatusCode)
	assert.Equal(t, gpath(900, ""), r.Header.Get("Location"))
}

func draftForm(rev string) url.Values {
	return url.Values{
		"revision":         {rev},
		"rating-greeting":  {"4"},
		"rating-empathy":   {"na"},
		"comment-greeting": {"  Warm, named the customer  "},
		"comment":          {"Good chat"},
		// "chào" is runes 4–8 of the Vietnamese turn; "สวัสดี" runes 0–6 of the Thai one.
		"evidence": {"greeting:501:4:8", "greeting:502:0:6", "greeting:999:0:1", "greeting:501:5:500", "nosuch:501:0:2"},
	}
}

func TestDraftSaveSendsRevisionRatingsAndEvidence(t *testing.T) {
	f := mustGradingEnv(t)
	c := f.mustLogin(f.supervisor)
	r := c.post(gpath(900, "draft"), draftForm("1"), "HX-Request", "true")
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)

	saved, ok := f.rdb.lastSave()
	require.True(t, ok)
	assert.Equal(t, int64(1), saved.Revision, "the revision read from the form")
	assert.Equal(t, "Good chat", saved.Comment)
	require.Len(t, saved.Ratings, 2)
	g, e := saved.Ratings[0], saved.Ratings[1]
	assert.Equal(t, "greeting", g.CriterionKey)
	require.NotNil(t, g.Level)
	assert.Equal(t, 4, *g.Level)
	assert.Equal(t, "Warm, named the customer", g.Comment)
	assert.Equal(t, []scoring.Evidence{{TurnID: 501, Start: 4, End: 8, Quote: "chào"}, {TurnID: 502, Start: 0, End: 6, Quote: "สวัสดี"}}, g.Evidence)
	assert.Equal(t, "empathy", e.CriterionKey)
	assert.True(t, e.NA)

	// Out-of-band: the live score, the new revision, the save status and,
	// because evidence changed, the transcript with its highlights.
	assert.Contains(t, r.body, `id="score-summary"`)
	assert.Contains(t, r.body, `hx-swap-oob="true"`)
	assert.Contains(t, r.body, ">75<", "4 on 1–5 is 75 %, empathy is N/A")
	assert.Contains(t, r.body, `id="revision" name="revision" value="2"`)
	assert.Contains(t, r.body, `<mark data-evidence="greeting" id="ev-greeting-501-4-8">chào</mark>`)
	assert.Contains(t, r.body, `<mark data-evidence="greeting" id="ev-greeting-502-0-6">สวัสดี</mark>`)
	assert.NotContains(t, r.body, "<html")

	// Same evidence again: the transcript is not re-sent.
	r = c.post(gpath(900, "draft"), draftForm("2"), "HX-Request", "true")
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.NotContains(t, r.body, `id="grading-transcript"`)

	// The grading screen shows the saved state.
	page := c.get(gpath(900, "grade"))
	assert.Contains(t, page.body, `value="greeting:501:4:8"`)
	assert.Contains(t, page.body, "“chào”")
	assert.Contains(t, page.body, `href="#ev-greeting-501-4-8"`)
}

func TestDraftSaveWithoutScriptsAppliesButtonAndRemove(t *testing.T) {
	f := mustGradingEnv(t)
	c := f.mustLogin(f.supervisor)
	v := draftForm("1")
	v.Set("set", "greeting:2")
	v.Set("remove", "greeting:502:0:6")
	r := c.post(gpath(900, "draft"), v)
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, gpath(900, "grade"), r.Header.Get("Location"))
	saved, _ := f.rdb.lastSave()
	require.NotNil(t, saved.Ratings[0].Level)
	assert.Equal(t, 2, *saved.Ratings[0].Level)
	assert.Len(t, saved.Ratings[0].Evidence, 1)
}

func TestDraftSaveStaleRevisionShowsMessage(t *testing.T) {
	f := mustGradingEnv(t)
	c := f.mustLogin(f.supervisor)
	r := c.post(gpath(900, "draft"), draftForm("0"), "HX-Request", "true")
	assert.Equal(t, http.StatusConflict, r.StatusCode)
	assert.Contains(t, r.body, "Someone else saved this review; reload to continue")
	assert.Contains(t, r.body, `id="save-status"`)
	assert.Equal(t, int64(1), f.rdb.get(900).Revision, "nothing was overwritten")

	// Without htmx the page comes back with what was typed.
	r = c.post(gpath(900, "draft"), draftForm("0"))
	assert.Equal(t, http.StatusConflict, r.StatusCode)
	assert.Contains(t, r.body, "Someone else saved this review; reload to continue")
	assert.Contains(t, r.body, "Warm, named the customer")
}

func TestDraftSaveOthers404(t *testing.T) {
	f := mustGradingEnv(t)
	r := f.mustLogin(f.otherSup).post(gpath(900, "draft"), draftForm("1"), "HX-Request", "true")
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
	_, saved := f.rdb.lastSave()
	assert.False(t, saved)
}

func TestSubmitProblemsShownAtTheirCriteria(t *testing.T) {
	f := mustGradingEnv(t)
	f.rdb.submitErr = rubrics.Problems{{Path: "criteria.empathy", Message: "rate this criterion or mark it N/A"}}
	v := draftForm("1")
	v.Del("rating-empathy")
	r := f.mustLogin(f.supervisor).post(gpath(900, "submit"), v)
	require.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, r.body)
	emp := strings.Index(r.body, `id="crit-empathy"`)
	greet := strings.Index(r.body, `id="crit-greeting"`)
	msg := strings.LastIndex(r.body, "Rate this criterion or mark it N/A.")
	require.True(t, emp > 0 && greet > 0 && msg > 0, r.body)
	assert.Greater(t, msg, emp, "the message sits in the empathy criterion")
	assert.Greater(t, emp, greet)
	assert.Contains(t, r.body, `aria-describedby="crit-empathy-problems"`)
	assert.Contains(t, r.body, "Warm, named the customer", "what was entered is kept")
	assert.Contains(t, r.body, `name="revision" value="2"`, "the draft was saved first")
}

func TestSubmitPublishesAndReturnsToQueue(t *testing.T) {
	f := mustGradingEnv(t)
	r := f.mustLogin(f.supervisor).post(gpath(900, "submit"), draftForm("1"))
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, "/queue", r.Header.Get("Location"))
	assert.Equal(t, scoring.ReviewPublished, f.rdb.get(900).State)
}

func TestReviewReadOnlyAccess(t *testing.T) {
	f := mustGradingEnv(t)
	// A draft is private to its grader.
	assert.Equal(t, http.StatusNotFound, f.mustLogin(f.agent).get(gpath(900, "")).StatusCode)
	assert.Equal(t, http.StatusNotFound, f.mustLogin(f.admin).get(gpath(900, "")).StatusCode)
	assert.Equal(t, http.StatusSeeOther, f.mustLogin(f.supervisor).get(gpath(900, "")).StatusCode)

	rv := f.review
	rv.State = scoring.ReviewPublished
	score := 78.5
	rv.Score = &score
	lvl := 4
	rv.Ratings = []scoring.Rating{{CriterionKey: "greeting", Level: &lvl, Comment: "Named the customer", Evidence: []scoring.Evidence{{TurnID: 502, Start: 0, End: 6}}}}
	f.rdb.put(rv)

	for name, u := range map[string]coaching.User{"agent": f.agent, "reviewer": f.supervisor, "admin": f.admin} {
		r := f.mustLogin(u).get(gpath(900, ""))
		require.Equal(t, http.StatusOK, r.StatusCode, name)
		assert.Contains(t, r.body, ">78.5<", name)
		assert.Contains(t, r.body, "Chat essentials", name)
		assert.Contains(t, r.body, `<mark data-evidence="greeting" id="ev-greeting-502-0-6">สวัสดี</mark>`, name)
		assert.Contains(t, r.body, `href="#ev-greeting-502-0-6"`, name)
		assert.Contains(t, r.body, "Named the customer", name)
	}
	for name, u := range map[string]coaching.User{"other supervisor": f.otherSup, "trainer": f.trainer} {
		assert.Equal(t, http.StatusNotFound, f.mustLogin(u).get(gpath(900, "")).StatusCode, name)
	}
	// Only the agent's own reading clears the scorecard's "new" mark.
	assert.Equal(t, [][2]int64{{900, f.agent.ID}}, f.rdb.readCalls(), "reads recorded")
	other := f.db.add(coaching.User{Email: "ola@example.com", Name: "Ola Agent", Role: coaching.RoleAgent, PasswordHash: testHash(t)})
	assert.Equal(t, http.StatusNotFound, f.mustLogin(other).get(gpath(900, "")).StatusCode)

	// A point-scale rating says out of how many, and the rubric's words for
	// the awarded level (Greeting 5: "Warm and personal") are shown with it.
	r := f.mustLogin(f.agent).get(gpath(900, ""))
	assert.Contains(t, r.body, ">4 of 5<")
	assert.NotContains(t, r.body, `data-testid="criterion-anchor"`, "the sample rubric has no anchor for 4")
	five := 5
	rv.Ratings[0].Level = &five
	f.rdb.put(rv)
	r = f.mustLogin(f.agent).get(gpath(900, ""))
	assert.Contains(t, r.body, ">5 of 5<")
	assert.Contains(t, r.body, "The rubric for this level: Warm and personal")

	rv.Score = nil
	f.rdb.put(rv)
	r = f.mustLogin(f.agent).get(gpath(900, ""))
	assert.Contains(t, r.body, ">Unavailable<")
}

// The agent acknowledges their scorecard: once, by their own hand; the
// reviewer sees that they did; nobody else can do it for them.
func TestReviewAcknowledge(t *testing.T) {
	f := mustGradingEnv(t)
	rv := f.review
	rv.State = scoring.ReviewPublished
	f.rdb.put(rv)

	agent := f.mustLogin(f.agent)
	r := agent.get(gpath(900, ""))
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, r.body, `data-testid="acknowledge-form"`)
	assert.NotContains(t, r.body, `data-testid="review-acknowledged"`)

	sup := f.mustLogin(f.supervisor)
	r = sup.get(gpath(900, ""))
	assert.NotContains(t, r.body, `data-testid="acknowledge-form"`, "only the agent acknowledges")
	assert.Equal(t, http.StatusNotFound, sup.post(gpath(900, "acknowledge"), nil).StatusCode)
	other := f.db.add(coaching.User{Email: "ola@example.com", Name: "Ola Agent", Role: coaching.RoleAgent, PasswordHash: testHash(t)})
	assert.Equal(t, http.StatusNotFound, f.mustLogin(other).post(gpath(900, "acknowledge"), nil).StatusCode)

	r = agent.post(gpath(900, "acknowledge"), nil)
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, gpath(900, ""), r.Header.Get("Location"))
	r = agent.get(gpath(900, ""))
	assert.Contains(t, r.body, "Acknowledged. Your supervisor can see")
	assert.Contains(t, r.body, `data-testid="review-acknowledged"`)
	assert.NotContains(t, r.body, `data-testid="acknowledge-form"`)
	r = sup.get(gpath(900, ""))
	assert.Contains(t, r.body, "Acknowledged by the agent on")
}

// The dispute flow on the review page: the agent disputes with a reason
// (a missing one keeps the form open with what was ticked), the supervisor
// sees it on the queue and answers with levels and a reply; the review is
// final and both read the outcome. Nobody else can do either step.
func TestReviewDisputeFlow(t *testing.T) {
	f := mustGradingEnv(t)
	rv := f.review
	rv.State = scoring.ReviewPublished
	lvl := 2
	rv.Ratings = []scoring.Rating{{CriterionKey: "greeting", Level: &lvl}}
	f.rdb.put(rv)
	rev := strconv.FormatInt(rv.Revision, 10)

	agent := f.mustLogin(f.agent)
	r := agent.get(gpath(900, ""))
	assert.Contains(t, r.body, `data-testid="dispute-form"`)
	assert.NotContains(t, r.body, `data-testid="resolve-form"`)

	// A missing reason: 422, the form open, the ticked criterion kept.
	r = agent.post(gpath(900, "dispute"), url.Values{"revision": {rev}, "criteria": {"greeting"}, "reason": {"  "}})
	require.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, r.body)
	assert.Contains(t, r.body, `data-testid="dispute-error"`)
	assert.Contains(t, r.body, "Write a reason.")
	assert.Contains(t, r.body, `value="greeting" checked`)
	assert.Contains(t, r.body, "<details")
	assert.Equal(t, scoring.ReviewPublished, f.rdb.get(900).State)

	// Nobody but the agent disputes.
	assert.Equal(t, http.StatusNotFound, f.mustLogin(f.supervisor).post(gpath(900, "dispute"), url.Values{"revision": {rev}, "reason": {"x"}}).StatusCode)

	reason := "Tôi đã chào khách bằng tên 🙏"
	r = agent.post(gpath(900, "dispute"), url.Values{"revision": {rev}, "criteria": {"greeting"}, "reason": {reason}})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, scoring.ReviewDisputed, f.rdb.get(900).State)
	r = agent.get(gpath(900, ""))
	assert.Contains(t, r.body, reason)
	assert.Contains(t, r.body, "Waiting for a supervisor")
	assert.NotContains(t, r.body, `data-testid="dispute-form"`, "one dispute per review")

	// The supervisor answers: the greeting goes to 5.
	sup := f.mustLogin(f.supervisor)
	r = sup.get(gpath(900, ""))
	require.Contains(t, r.body, `data-testid="resolve-form"`)
	assert.Contains(t, r.body, `name="level-greeting"`)
	assert.NotContains(t, r.body, `name="level-empathy"`, "only the disputed criteria")
	assert.Equal(t, http.StatusNotFound, agent.post(gpath(900, "resolve"), url.Values{"revision": {"2"}, "reply": {"mine"}}).StatusCode)
	r = sup.post(gpath(900, "resolve"), url.Values{"revision": {strconv.FormatInt(f.rdb.get(900).Revision, 10)}, "level-greeting": {"5"}, "reply": {""}})
	require.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, "Write a reply.")
	r = sup.post(gpath(900, "resolve"), url.Values{"revision": {strconv.FormatInt(f.rdb.get(900).Revision, 10)}, "level-greeting": {"5"}, "reply": {"You did — raised to 5."}})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, scoring.ReviewResolved, f.rdb.get(900).State)
	assert.Equal(t, []map[string]int{{"greeting": 5}}, f.rdb.resolved)

	for _, c := range []*client{agent, sup} {
		r = c.get(gpath(900, ""))
		assert.Contains(t, r.body, "Scores changed")
		assert.Contains(t, r.body, "You did — raised to 5.")
		assert.NotContains(t, r.body, `data-testid="resolve-form"`)
		assert.NotContains(t, r.body, `data-testid="dispute-form"`)
	}
}
