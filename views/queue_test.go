package views_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type skipCall struct {
	assignment, interaction int64
	reason                  string
}

// queueFixture is the grading fixture plus an assignment store with one
// assignment for the supervisor and the Vietnamese chat in the queue.
type queueFixture struct {
	*gradingFixture
	asg     *fakeAssignments
	items   []scoring.QueueItem
	skips   []skipCall
	created []scoring.Assignment
	starts  []int64
}

func mustQueueEnv(t *testing.T) *queueFixture {
	t.Helper()
	q := &queueFixture{}
	rdb := newRubricDB()
	revs := newReviewDB()
	g := &gradingFixture{rdb: revs}
	q.gradingFixture = g
	q.asg = &fakeAssignments{}
	fr := revs.fake()
	start := fr.StartReviewFn
	fr.StartReviewFn = func(ctx context.Context, iid, rid int64, by scoring.Actor) (scoring.Review, error) {
		q.starts = append(q.starts, rid)
		return start(ctx, iid, rid, by)
	}
	g.env = mustEnv(t, func(d *views.Deps) { d.Rubrics = rdb.fake(); d.Reviews = fr; d.Assignments = q.asg })
	r, vs := rdb.addRubric("Chat essentials", sampleVersion(rubrics.StatusPublished))
	g.version = vs[0]
	q.asg.ListAssignmentsFn = func(_ context.Context, reviewerID int64) ([]scoring.Assignment, error) {
		a := scoring.Assignment{ID: 5, Name: "North weekly", RubricID: r.ID, ReviewerIDs: []int64{g.supervisor.ID}, AgentIDs: []int64{g.agent.ID}, Quota: 20, Period: scoring.PeriodWeek, Sampling: scoring.SampleRandom}
		if reviewerID != 0 && reviewerID != g.supervisor.ID {
			return nil, nil
		}
		return []scoring.Assignment{a}, nil
	}
	q.items = []scoring.QueueItem{{AssignmentID: 5, InteractionID: 77, AgentID: g.agent.ID, AgentName: g.agent.Name}}
	q.asg.QueueFn = func(_ context.Context, reviewerID int64, _ time.Time) ([]scoring.QueueItem, []scoring.QueueProgress, error) {
		if reviewerID != g.supervisor.ID {
			return nil, nil, nil
		}
		return q.items, []scoring.QueueProgress{{AssignmentID: 5, Name: "North weekly", Done: 7, Goal: 20}}, nil
	}
	q.asg.SkipInteractionFn = func(_ context.Context, a, i int64, reason string, _ scoring.Actor) error {
		q.skips = append(q.skips, skipCall{a, i, reason})
		return nil
	}
	q.asg.CreateAssignmentFn = func(_ context.Context, a *scoring.Assignment, _ scoring.Actor) error {
		a.ID = 6
		q.created = append(q.created, *a)
		return nil
	}
	g.otherSup = g.supervisor
	return q
}

func TestQueueShowsProgressItemsAndStartNext(t *testing.T) {
	q := mustQueueEnv(t)
	c := q.mustLogin(q.supervisor)
	r := c.get("/queue")
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.Contains(t, r.body, "7 of 20 this week")
	assert.Contains(t, r.body, `<progress value="7" max="20">`)
	assert.Contains(t, r.body, `data-testid="start-next"`)
	assert.Contains(t, r.body, q.agent.Name)
	assert.Contains(t, r.body, `data-testid="queue-item"`)
	assert.NotContains(t, r.body, "Continue draft")

	// Start next: StartReview with the assignment's rubric, then grading.
	r = c.post("/queue/start", url.Values{})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.True(t, strings.HasSuffix(r.Header.Get("Location"), "/grade"), r.Header.Get("Location"))
	require.Len(t, q.starts, 1)

	// A draft in the queue offers "Continue draft".
	q.items[0].DraftReviewID = 900
	r = c.get("/queue")
	assert.Contains(t, r.body, "Continue draft")
	assert.Contains(t, r.body, `href="/reviews/900/grade"`)

	// Someone else's assignment cannot be started.
	r = q.mustLogin(q.admin).post("/queue/start", url.Values{"assignment": {"5"}, "interaction": {"77"}})
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
}

func TestQueueEmptyStateTeaches(t *testing.T) {
	q := mustQueueEnv(t)
	r := q.mustLogin(q.admin).get("/queue")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, r.body, "Nothing to review")
	assert.Contains(t, r.body, `href="/assignments/new"`)
	assert.NotContains(t, r.body, `data-testid="start-next"`)
	assert.Equal(t, http.StatusNotFound, q.mustLogin(q.agent).get("/queue").StatusCode)
}

func TestQueueSkipNeedsReason(t *testing.T) {
	q := mustQueueEnv(t)
	c := q.mustLogin(q.supervisor)
	r := c.post("/queue/skip", url.Values{"assignment": {"5"}, "interaction": {"77"}, "reason": {"  "}}, "HX-Request", "true")
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, "Say why you skip this conversation")
	assert.Contains(t, r.body, `aria-invalid="true"`)
	assert.Equal(t, "#skip-qi-5-77", r.Header.Get("HX-Retarget"))
	assert.Empty(t, q.skips)

	r = c.post("/queue/skip", url.Values{"assignment": {"5"}, "interaction": {"77"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, "7 of 20 this week", "the whole queue comes back without htmx")

	r = c.post("/queue/skip", url.Values{"assignment": {"5"}, "interaction": {"77"}, "reason": {"Test chat"}}, "HX-Request", "true")
	assert.Equal(t, http.StatusOK, r.StatusCode)
	assert.Empty(t, r.body)
	assert.Equal(t, []skipCall{{5, 77, "Test chat"}}, q.skips)
}

func TestAssignmentCreate(t *testing.T) {
	q := mustQueueEnv(t)
	c := q.mustLogin(q.supervisor)
	r := c.get("/assignments/new")
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.Contains(t, r.body, "Chat essentials")
	assert.Contains(t, r.body, q.agent.Name)

	r = c.post("/assignments", url.Values{"name": {""}, "quota": {"0"}, "period": {"week"}, "sampling": {"random"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	for _, m := range []string{"Give the assignment a name", "Choose a rubric", "Choose at least one reviewer", "Choose at least one agent or team", "Reviews per agent must be between 1 and 100"} {
		assert.Contains(t, r.body, m)
	}
	assert.Empty(t, q.created)

	v := url.Values{"name": {"North weekly"}, "rubric": {q.itoa(q.version.RubricID)}, "reviewers": {q.itoa(q.supervisor.ID)},
		"agents": {q.itoa(q.agent.ID)}, "quota": {"3"}, "period": {"month"}, "sampling": {"lowest-csat"}}
	r = c.post("/assignments", v)
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	require.Len(t, q.created, 1)
	a := q.created[0]
	assert.Equal(t, "North weekly", a.Name)
	assert.Equal(t, 3, a.Quota)
	assert.Equal(t, scoring.PeriodMonth, a.Period)
	assert.Equal(t, scoring.SampleLowestCSAT, a.Sampling)
	assert.Equal(t, []int64{q.agent.ID}, a.AgentIDs)

	r = c.get("/assignments")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, r.body, "North weekly")
	assert.Contains(t, r.body, "20 per agent this week")
	assert.Equal(t, http.StatusNotFound, q.mustLogin(q.agent).get("/assignments").StatusCode)
}

func (q *queueFixture) itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestScorecardsList(t *testing.T) {
	f := mustGradingEnv(t)
	c := f.mustLogin(f.agent)
	r := c.get("/scorecards")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, r.body, "No scorecards yet")

	score := 78.5
	at := fakeNow
	f.rdb.list = []scoring.ReviewSummary{
		{ID: 900, Subject: "Đổi địa chỉ", Channel: "chat", ReviewerName: "Sam Supervisor", RubricName: "Chat essentials", VersionNumber: 1, State: scoring.ReviewPublished, Score: &score, PublishedAt: &at},
		{ID: 901, Channel: "call", ReviewerName: "Sam Supervisor", RubricName: "Chat essentials", VersionNumber: 1, State: scoring.ReviewPublished, PublishedAt: &at, ReadAt: &at, AcknowledgedAt: &at},
	}
	r = c.get("/scorecards")
	require.Equal(t, http.StatusOK, r.StatusCode)
	// 900 is unread, 901 was opened: one "New" label, on 900's row.
	assert.Equal(t, 1, strings.Count(r.body, `data-testid="scorecard-new"`))
	row900 := r.body[strings.Index(r.body, `data-review-id="900"`):]
	assert.Contains(t, row900[:strings.Index(row900, "</tr>")], ">New<")
	assert.Contains(t, r.body, "1 new review.")
	assert.Equal(t, 1, strings.Count(r.body, `data-testid="scorecard-acknowledged"`), "901 was acknowledged")
	assert.Contains(t, r.body, "Đổi địa chỉ")
	assert.Contains(t, r.body, ">78.5<")
	assert.Contains(t, r.body, ">Unavailable<")
	assert.Contains(t, r.body, `href="/reviews/900"`)
	assert.Equal(t, f.agent.ID, f.rdb.lastFil.AgentID)
	assert.ElementsMatch(t, []scoring.ReviewState{scoring.ReviewPublished, scoring.ReviewDisputed, scoring.ReviewResolved}, f.rdb.lastFil.States)
	assert.Contains(t, navSection(r.body), "My scorecards")
	assert.Equal(t, http.StatusNotFound, f.mustLogin(f.supervisor).get("/scorecards").StatusCode)
}

// The agent's month figures: this month and last in the viewer's zone,
// with n and the interval, or "not enough reviews yet" below five — never
// a number that two reviews cannot support.
func TestScorecardsMonthStats(t *testing.T) {
	// The clock moves with real time from fakeNow, so sessions age as usual.
	start := time.Now()
	f := mustGradingEnv(t, func(d *views.Deps) { d.Now = func() time.Time { return fakeNow.Add(time.Since(start)) } })
	c := f.mustLogin(f.agent)
	body := func(path string) (this, last string) {
		r := c.get(path)
		require.Equal(t, http.StatusOK, r.StatusCode)
		return section(r.body, `data-testid="month-this"`), section(r.body, `data-testid="month-last"`)
	}
	this, last := body("/scorecards")
	assert.Contains(t, this, "March")
	assert.Contains(t, this, "no reviews yet")
	assert.Contains(t, last, "February")
	assert.Contains(t, last, "no reviews yet")
	assert.NotContains(t, this+last, ">0<", "nothing to measure is never 0")

	// fakeNow is 4 March 2025, 10:00 UTC. Five March reviews, two in
	// February, one published 20:00 UTC on 28 February — 03:00 on
	// 1 March in Ho Chi Minh City.
	pub := func(id int64, score float64, at time.Time) scoring.ReviewSummary {
		return scoring.ReviewSummary{ID: id, Channel: "chat", State: scoring.ReviewPublished, Score: &score, PublishedAt: &at}
	}
	march := time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC)
	f.rdb.list = []scoring.ReviewSummary{
		pub(1, 80, march), pub(2, 90, march), pub(3, 85, march), pub(4, 95, march), pub(5, 75, march),
		pub(6, 60, time.Date(2025, 2, 10, 9, 0, 0, 0, time.UTC)),
		pub(7, 70, time.Date(2025, 2, 11, 9, 0, 0, 0, time.UTC)),
		pub(8, 100, time.Date(2025, 2, 28, 20, 0, 0, 0, time.UTC)),
	}
	this, last = body("/scorecards")
	// Mean 85 of 80, 90, 85, 95, 75: sd 7.91, t(0.975, 4) = 2.776, ±9.82.
	assert.Contains(t, this, ">85<")
	assert.Contains(t, this, "n = 5 · 95 % interval 75–95")
	assert.Contains(t, last, "not enough reviews yet")
	assert.Contains(t, last, "n = 3; an average needs 5")

	// In Ho Chi Minh City the 28 February review is March's sixth.
	this, last = body("/scorecards?tz=Asia/Ho_Chi_Minh")
	assert.Contains(t, this, "n = 6")
	assert.Contains(t, last, "n = 2;")
}

// section returns the HTML from the element carrying attr to the end of
// its </div> (enough for the small blocks tested here).
func section(body, attr string) string {
	i := strings.Index(body, attr)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, "</div>"); j >= 0 {
		return rest[:j]
	}
	return rest
}
