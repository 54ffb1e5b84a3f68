package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// now is a Wednesday: its week runs 2025-03-03 to 2025-03-10.
var qNow = time.Date(2025, 3, 5, 12, 0, 0, 0, time.UTC)

// mustConversation stores a conversation of agent with turns turns
// (customer first, alternating), csat and duration.
func mustConversation(t *testing.T, db testDB, ext string, agent int64, started time.Time, csat *int, durationMS int64, turns int) int64 {
	t.Helper()
	texts := make([]string, turns)
	for i := range texts {
		texts[i] = fmt.Sprintf("lượt %d", i)
	}
	in := newInteraction(ext, agent, started, texts...)
	in.CSAT, in.DurationMS = csat, durationMS
	return MustCreateInteraction(t, db, in).ID
}

func queueIDs(items []scoring.QueueItem, assignment int64) []int64 {
	out := []int64{}
	for _, it := range items {
		if assignment == 0 || it.AssignmentID == assignment {
			out = append(out, it.InteractionID)
		}
	}
	return out
}

func TestQueueSampling(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustReviewWorld(t, db)
		dan := MustCreateUser(t, db, "dan", coaching.RoleAgent)
		d1 := mustConversation(t, db, "d1", dan.ID, t0, ptr(5), 10_000, 2)
		d2 := mustConversation(t, db, "d2", dan.ID, t0.Add(time.Hour), ptr(1), 20_000, 3)
		d3 := mustConversation(t, db, "d3", dan.ID, t0.Add(2*time.Hour), nil, 90_000, 1)
		d4 := mustConversation(t, db, "d4", dan.ID, t0.Add(3*time.Hour), ptr(3), 30_000, 7)
		for _, tc := range []struct {
			s    scoring.Sampling
			want []int64
		}{
			{scoring.SampleLowestCSAT, []int64{d2, d4, d1, d3}},
			{scoring.SampleLongest, []int64{d3, d4, d2, d1}},
			// d3 and d1 have one customer turn each: newest first.
			{scoring.SampleMostCustomer, []int64{d4, d2, d3, d1}},
		} {
			t.Run(string(tc.s), func(t *testing.T) {
				rv := MustCreateUser(t, db, "rv-"+string(tc.s), coaching.RoleSupervisor)
				a := MustCreateAssignment(t, db, string(tc.s), w.rubric.ID, 4, tc.s, []coaching.User{rv}, []coaching.User{dan})
				items, _, err := db.Queue(ctx, rv.ID, qNow)
				require.NoError(t, err)
				assert.Equal(t, tc.want, queueIDs(items, a.ID))
			})
		}

		t.Run("random", func(t *testing.T) {
			eve := MustCreateUser(t, db, "eve", coaching.RoleAgent)
			for i := range 30 {
				mustConversation(t, db, fmt.Sprintf("e%d", i), eve.ID, t0.Add(time.Duration(i)*time.Minute), nil, 1000, 2)
			}
			rv := MustCreateUser(t, db, "rv-random", coaching.RoleSupervisor)
			a := MustCreateAssignment(t, db, "random", w.rubric.ID, 5, scoring.SampleRandom, []coaching.User{rv}, []coaching.User{eve})
			queue := func(now time.Time) []int64 {
				items, _, err := db.Queue(ctx, rv.ID, now)
				require.NoError(t, err)
				return queueIDs(items, a.ID)
			}
			first := queue(qNow)
			assert.Len(t, first, 5)
			assert.Equal(t, first, queue(qNow), "stable across page loads")
			assert.Equal(t, first, queue(qNow.Add(4*24*time.Hour)), "stable through the week (Sunday)")
			assert.NotEqual(t, first, queue(qNow.AddDate(0, 0, 7)), "the next week samples afresh")
		})
	})
}

func TestQueueProgressDraftsAndSkips(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustReviewWorld(t, db)
		r1, r2 := w.reviewer, MustCreateUser(t, db, "second", coaching.RoleSupervisor)
		outsider := MustCreateUser(t, db, "outsider", coaching.RoleSupervisor)
		cuong := MustCreateUser(t, db, "cuong", coaching.RoleAgent)
		team := MustCreateTeam(t, db, "Nhóm C")
		MustSetMembers(t, db, team, nil, cuong)
		a := MustCreateAssignment(t, db, "Tuần", w.rubric.ID, 2, scoring.SampleLowestCSAT,
			[]coaching.User{r1, r2}, []coaching.User{w.ana}, team)

		var an, cu [5]int64
		for i := 1; i <= 4; i++ {
			an[i] = mustConversation(t, db, fmt.Sprintf("a%d", i), w.ana.ID, t0.Add(time.Duration(i)*time.Hour), ptr(i), 1000, 2)
		}
		for i := 2; i <= 4; i++ {
			cu[i] = mustConversation(t, db, fmt.Sprintf("c%d", i), cuong.ID, t0.Add(time.Duration(i)*time.Hour), ptr(i), 1000, 2)
		}
		check := func(t *testing.T, reviewer int64, now time.Time, want []int64, done int) []scoring.QueueItem {
			t.Helper()
			before := db.Statements()
			items, progress, err := db.Queue(ctx, reviewer, now)
			require.NoError(t, err)
			assert.EqualValues(t, 5, db.Statements()-before, "query count")
			assert.Equal(t, want, queueIDs(items, 0))
			require.Len(t, progress, 1)
			start, end := scoring.PeriodBounds(scoring.PeriodWeek, now)
			assert.Equal(t, scoring.QueueProgress{AssignmentID: a.ID, Name: "Tuần", Done: done, Goal: 4, PeriodStart: start, PeriodEnd: end}, progress[0])
			return items
		}
		review := func(in, agent int64, by coaching.User, state scoring.ReviewState, at time.Time) {
			t.Helper()
			r := w.review(in, agent, state)
			r.ReviewerID, r.CreatedAt, r.SubmittedAt = by.ID, at, &at
			require.NoError(t, db.CreateReview(ctx, &r, system))
		}

		// Agents in turn (by account id): ana's first pick, cuong's first, then seconds.
		items := check(t, r1.ID, qNow, []int64{an[1], cu[2], an[2], cu[3]}, 0)
		assert.Equal(t, w.ana.Name, items[0].AgentName)
		assert.Equal(t, cuong.ID, items[1].AgentID)

		// Another reviewer of the assignment counts toward done.
		review(an[1], w.ana.ID, r2, scoring.ReviewPublished, qNow.Add(-time.Hour))
		check(t, r1.ID, qNow, []int64{an[2], cu[2], cu[3]}, 1)
		// An outsider's review takes the conversation but not the quota.
		review(an[2], w.ana.ID, outsider, scoring.ReviewSubmitted, qNow.Add(-time.Hour))
		check(t, r1.ID, qNow, []int64{an[3], cu[2], cu[3]}, 1)
		// Last week's review does not count this week.
		review(cu[2], cuong.ID, r1, scoring.ReviewPublished, qNow.AddDate(0, 0, -7))
		check(t, r1.ID, qNow, []int64{an[3], cu[3], cu[4]}, 1)

		// The reviewer's draft comes first, only in their queue.
		d, err := db.StartReview(ctx, cu[4], w.rubric.ID, scoring.Actor{UserID: r1.ID})
		require.NoError(t, err)
		items = check(t, r1.ID, qNow, []int64{cu[4], an[3], cu[3]}, 1)
		assert.Equal(t, d.ID, items[0].DraftReviewID)
		assert.Zero(t, items[1].DraftReviewID)
		items = check(t, r2.ID, qNow, []int64{an[3], cu[3], cu[4]}, 1)
		assert.Zero(t, items[2].DraftReviewID)

		// Skips.
		events := db.count(t, "SELECT COUNT(*) FROM audit_events")
		me := scoring.Actor{UserID: r1.ID}
		assert.ErrorIs(t, db.SkipInteraction(ctx, a.ID, an[3], "  ", me), rubrics.ErrInvalid)
		assert.ErrorIs(t, db.SkipInteraction(ctx, a.ID, an[3], "wrong language", scoring.Actor{UserID: outsider.ID}), rubrics.ErrForbidden)
		assert.ErrorIs(t, db.SkipInteraction(ctx, 424242, an[3], "x", me), rubrics.ErrNotFound)
		assert.ErrorIs(t, db.SkipInteraction(ctx, a.ID, 424242, "x", me), rubrics.ErrNotFound)
		require.NoError(t, db.SkipInteraction(ctx, a.ID, an[3], "Khách nói tiếng Thái", me))
		require.NoError(t, db.SkipInteraction(ctx, a.ID, an[3], "again", me), "idempotent")
		assert.Equal(t, events+1, db.count(t, "SELECT COUNT(*) FROM audit_events"))
		check(t, r1.ID, qNow, []int64{cu[4], an[4], cu[3]}, 1)
		check(t, r2.ID, qNow, []int64{an[4], cu[3], cu[4]}, 1)

		// Next week the quota starts again (ana's second pick is her
		// conversation without CSAT); reviewed and skipped conversations
		// stay out.
		check(t, r1.ID, qNow.AddDate(0, 0, 7), []int64{cu[4], an[4], w.chatA, cu[3]}, 0)

		// Nothing for someone without assignments.
		items, progress, err := db.Queue(ctx, outsider.ID, qNow)
		require.NoError(t, err)
		assert.Empty(t, items)
		assert.Empty(t, progress)
	})
}
