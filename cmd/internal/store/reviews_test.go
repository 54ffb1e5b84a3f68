package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/transcript"
)

// reviewWorld is a published rubric with a reviewer, two agents and an
// interaction for each.
type reviewWorld struct {
	rubric       rubrics.Rubric
	v1           rubrics.Version
	reviewer     coaching.User
	ana, bao     coaching.User
	chatA, chatB int64
	published    rubrics.Version
}

func mustReviewWorld(t *testing.T, db testDB) reviewWorld {
	t.Helper()
	w := reviewWorld{
		reviewer: MustCreateUser(t, db, "reviewer", coaching.RoleSupervisor),
		ana:      MustCreateUser(t, db, "ana", coaching.RoleAgent),
		bao:      MustCreateUser(t, db, "bao", coaching.RoleAgent),
	}
	// Non-Latin display names, to see them come through the join.
	var err error
	w.ana, err = db.UpdateUser(context.Background(), w.ana.ID, coaching.UserUpdate{Name: ptr("Trần Thị Ana")}, system)
	require.NoError(t, err)
	w.bao, err = db.UpdateUser(context.Background(), w.bao.ID, coaching.UserUpdate{Name: ptr("บ๋าว")}, system)
	require.NoError(t, err)
	w.chatA = MustCreateInteraction(t, db, newInteraction("a", w.ana.ID, t0, "xin chào", "dạ")).ID
	w.chatB = MustCreateInteraction(t, db, newInteraction("b", w.bao.ID, t0, "hello", "hi")).ID
	w.rubric, w.v1 = MustCreateRubric(t, db, "Reviews")
	w.published = MustPublish(t, db, w.v1)
	return w
}

func (w reviewWorld) review(interaction, agent int64, state scoring.ReviewState, ratings ...scoring.Rating) scoring.Review {
	return scoring.Review{
		InteractionID: interaction, AgentID: agent, ReviewerID: w.reviewer.ID, VersionID: w.published.ID,
		State: state, Ratings: ratings, Comment: "Nhận xét: tốt 👍",
	}
}

func rated(key string, level int) scoring.Rating {
	return scoring.Rating{CriterionKey: key, Level: ptr(level)}
}

func TestCreateReviewRoundTrip(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustReviewWorld(t, db)
		r := w.review(w.chatA, w.ana.ID, scoring.ReviewPublished,
			scoring.Rating{CriterionKey: "greeting", NA: true, Comment: "không áp dụng"},
			rated("verify-identity", 0),
			scoring.Rating{CriterionKey: "resolved", Level: ptr(1), Comment: "แก้ไขบางส่วน"},
			scoring.Rating{CriterionKey: "proactive", Comment: "not rated yet"},
		)
		r.Score = ptr(66.66666666666667)
		require.NoError(t, db.CreateReview(ctx, &r, scoring.Actor{UserID: w.reviewer.ID}))
		assert.Positive(t, r.ID)
		assert.EqualValues(t, 1, r.Revision)
		require.NotNil(t, r.SubmittedAt, "a published review has been submitted")
		require.NotNil(t, r.PublishedAt)
		assert.Equal(t, r.CreatedAt, *r.PublishedAt)

		got, err := db.Review(ctx, r.ID)
		require.NoError(t, err)
		want := r
		// Ratings come back ordered by criterion key.
		want.Ratings = []scoring.Rating{r.Ratings[0], r.Ratings[3], r.Ratings[2], r.Ratings[1]}
		assert.Equal(t, want, got)

		events, err := db.AuditEvents(ctx, 1)
		require.NoError(t, err)
		assert.Equal(t, "review.create", events[0].Action)
		assert.Equal(t, r.ID, events[0].EntityID)
		assert.Equal(t, w.reviewer.ID, events[0].ActorID)

		_, err = db.Review(ctx, 424242)
		assert.ErrorIs(t, err, rubrics.ErrNotFound)

		// Seeded history keeps its times; a draft has none of the later ones.
		at := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.FixedZone("ICT", 7*3600))
		d := w.review(w.chatB, 0, scoring.ReviewDraft)
		d.CreatedAt = at
		require.NoError(t, db.CreateReview(ctx, &d, system))
		got, err = db.Review(ctx, d.ID)
		require.NoError(t, err)
		assert.Equal(t, at.UTC().Truncate(time.Microsecond), got.CreatedAt)
		assert.Equal(t, got.CreatedAt, got.UpdatedAt)
		assert.Nil(t, got.SubmittedAt)
		assert.Nil(t, got.PublishedAt)
		assert.Nil(t, got.Score)
		assert.Zero(t, got.AgentID)
		assert.Empty(t, got.Ratings)
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}

func TestCreateReviewValidation(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustReviewWorld(t, db)
		draft, err := db.NewDraft(ctx, w.rubric.ID, system)
		require.NoError(t, err)
		events := db.count(t, "SELECT COUNT(*) FROM audit_events")

		for _, tc := range []struct {
			name string
			edit func(r *scoring.Review)
			path string
		}{
			{"unknown criterion", func(r *scoring.Review) { r.Ratings = append(r.Ratings, rated("no-such-key", 1)) }, "ratings[1]"},
			{"level above the scale", func(r *scoring.Review) { r.Ratings[0].Level = ptr(6) }, "ratings[0]"},
			{"level below the scale", func(r *scoring.Review) { r.Ratings[0].Level = ptr(0) }, "ratings[0]"},
			{"binary level 2", func(r *scoring.Review) { r.Ratings = append(r.Ratings, rated("verify-identity", 2)) }, "ratings[1]"},
			{"custom outcome out of range", func(r *scoring.Review) { r.Ratings = append(r.Ratings, rated("resolved", 4)) }, "ratings[1]"},
			{"N/A not allowed", func(r *scoring.Review) {
				r.Ratings = append(r.Ratings, scoring.Rating{CriterionKey: "verify-identity", NA: true})
			}, "ratings[1]"},
			{"N/A and a level", func(r *scoring.Review) { r.Ratings[0].NA = true }, "ratings[0]"},
			{"rated twice", func(r *scoring.Review) { r.Ratings = append(r.Ratings, rated("greeting", 3)) }, "ratings[1]"},
			{"unknown state", func(r *scoring.Review) { r.State = "approved" }, "state"},
			{"no reviewer", func(r *scoring.Review) { r.ReviewerID = 0 }, "reviewer"},
			{"draft version", func(r *scoring.Review) { r.VersionID = draft.ID }, "version"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := w.review(w.chatA, w.ana.ID, scoring.ReviewSubmitted, rated("greeting", 5))
				tc.edit(&r)
				err := db.CreateReview(ctx, &r, system)
				require.ErrorIs(t, err, rubrics.ErrInvalid)
				var p rubrics.Problems
				require.ErrorAs(t, err, &p)
				assert.NotEmpty(t, p.At(tc.path), p.Error())
				assert.Zero(t, r.ID)

				n, err := db.CreateReviews(ctx, []scoring.Review{w.review(w.chatB, w.bao.ID, scoring.ReviewSubmitted), r}, system)
				require.ErrorIs(t, err, rubrics.ErrInvalid)
				assert.Zero(t, n)
			})
		}
		t.Run("missing references", func(t *testing.T) {
			r := w.review(w.chatA, w.ana.ID, scoring.ReviewSubmitted)
			r.VersionID = 424242
			assert.ErrorIs(t, db.CreateReview(ctx, &r, system), rubrics.ErrInvalid)
			r = w.review(424242, w.ana.ID, scoring.ReviewSubmitted)
			assert.ErrorIs(t, db.CreateReview(ctx, &r, system), rubrics.ErrInvalid)
		})
		assert.Zero(t, db.count(t, "SELECT COUNT(*) FROM reviews"))
		assert.Zero(t, db.count(t, "SELECT COUNT(*) FROM review_ratings"))
		assert.Equal(t, events, db.count(t, "SELECT COUNT(*) FROM audit_events"))
	})
}

func TestCreateReviewsInBatches(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustReviewWorld(t, db)
		const n = 450 // three transactions
		rs := make([]scoring.Review, n)
		for i := range rs {
			rs[i] = w.review(w.chatA, w.ana.ID, scoring.ReviewPublished, rated("greeting", 1+i%5), rated("resolved", i%4))
			rs[i].Score = ptr(float64(i % 101))
		}
		got, err := db.CreateReviews(ctx, rs, system)
		require.NoError(t, err)
		assert.Equal(t, n, got)
		assert.EqualValues(t, n, db.count(t, "SELECT COUNT(*) FROM reviews"))
		assert.EqualValues(t, 2*n, db.count(t, "SELECT COUNT(*) FROM review_ratings"))
		assert.EqualValues(t, n, db.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'review.create'"))
		seen := map[int64]bool{}
		for _, r := range rs {
			assert.Positive(t, r.ID)
			seen[r.ID] = true
		}
		assert.Len(t, seen, n)
		one, err := db.Review(ctx, rs[n-1].ID)
		require.NoError(t, err)
		assert.Equal(t, rs[n-1].Score, one.Score)
		assert.Equal(t, []scoring.Rating{rated("greeting", 1+(n-1)%5), rated("resolved", (n-1)%4)}, one.Ratings)
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}

func TestReviewScoresForRubric(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustReviewWorld(t, db)
		other, ov := MustCreateRubric(t, db, "Other")
		ov = MustPublish(t, db, ov)

		var want []scoring.ReviewScores
		add := func(r *scoring.Review, counted bool, name string) {
			t.Helper()
			require.NoError(t, db.CreateReview(ctx, r, system))
			if counted {
				want = append(want, scoring.ReviewScores{
					ReviewID: r.ID, AgentID: r.AgentID, AgentName: name, VersionID: r.VersionID,
					Ratings: r.Ratings, At: *r.SubmittedAt,
				})
			}
		}
		submitted := time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)
		r := w.review(w.chatA, w.ana.ID, scoring.ReviewSubmitted, rated("greeting", 4), rated("resolved", 0))
		r.SubmittedAt = &submitted
		add(&r, true, w.ana.Name)
		add(ptr(w.review(w.chatB, w.bao.ID, scoring.ReviewDraft, rated("greeting", 1))), false, "")
		add(ptr(w.review(w.chatB, w.bao.ID, scoring.ReviewDisputed, rated("verify-identity", 1))), true, w.bao.Name)

		// Version 2 is published and version 1 archived: reviews of both count.
		d, err := db.NewDraft(ctx, w.rubric.ID, system)
		require.NoError(t, err)
		v2 := MustPublish(t, db, d)
		r2 := w.review(w.chatA, w.ana.ID, scoring.ReviewResolved, scoring.Rating{CriterionKey: "greeting", NA: true})
		r2.VersionID = v2.ID
		add(&r2, true, w.ana.Name)
		r3 := w.review(w.chatB, 0, scoring.ReviewPublished)
		r3.VersionID = v2.ID
		add(&r3, true, "")
		// Another rubric's reviews stay out.
		ro := w.review(w.chatA, w.ana.ID, scoring.ReviewPublished, rated("greeting", 2))
		ro.VersionID = ov.ID
		add(&ro, false, "")

		stmts := db.Statements()
		got, err := db.ReviewScoresForRubric(ctx, w.rubric.ID)
		require.NoError(t, err)
		assert.LessOrEqual(t, db.Statements()-stmts, int64(2), "no N+1")
		assert.Equal(t, want, got)
		assert.Equal(t, submitted, got[0].At)

		got, err = db.ReviewScoresForRubric(ctx, other.ID)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, ro.ID, got[0].ReviewID)

		got, err = db.ReviewScoresForRubric(ctx, 424242)
		require.NoError(t, err)
		assert.NotNil(t, got)
		assert.Empty(t, got)
	})
}

// A version that reviews pin cannot be deleted even before it is frozen
// (CreateReview refuses drafts, so only direct SQL could get there).
func TestReviewsPinVersions(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustReviewWorld(t, db)
		r := w.review(w.chatA, w.ana.ID, scoring.ReviewPublished, rated("greeting", 5))
		require.NoError(t, db.CreateReview(ctx, &r, system))
		require.NoError(t, db.ArchiveVersion(ctx, w.published.ID, system))
		err := db.exec(t, "DELETE FROM rubric_versions WHERE id = ?", w.published.ID)
		require.Error(t, err)
		got, err := db.Review(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, w.published.ID, got.VersionID)
		assert.Equal(t, r.Ratings, got.Ratings)
	})
}

// reviewEvents counts the audit events of one review.
func (db testDB) reviewEvents(tb testing.TB, id int64) int64 {
	tb.Helper()
	return db.count(tb, "SELECT COUNT(*) FROM audit_events WHERE entity = 'review' AND entity_id = ?", id)
}

// thaiText is a Thai and Vietnamese turn: multi-byte runes and combining
// marks, where byte and rune offsets differ.
const thaiText = "สวัสดีค่ะ ยินดีให้บริการ Xin chào, tôi có thể giúp gì?"

// mustGradingWorld is a review world plus a second supervisor, a Thai
// conversation and a rubric without a second check.
type gradingWorld struct {
	reviewWorld
	boss       coaching.User
	thai       int64 // interaction
	thaiTurn   int64 // its agent turn with thaiText
	direct     rubrics.Rubric
	directV    rubrics.Version
	otherTurn  int64 // a turn of chatA
	thaiAgentT string
}

func mustGradingWorld(t *testing.T, db testDB) gradingWorld {
	t.Helper()
	w := gradingWorld{reviewWorld: mustReviewWorld(t, db)}
	w.boss = MustCreateUser(t, db, "boss", coaching.RoleAdmin)
	in := MustCreateInteraction(t, db, newInteraction("thai", w.ana.ID, t0.Add(time.Hour), "ขอคืนเงินครับ", thaiText))
	w.thai, w.thaiTurn = in.ID, in.Turns[1].ID
	a, err := db.Interaction(context.Background(), w.chatA, transcript.Scope{All: true})
	require.NoError(t, err)
	w.otherTurn = a.Turns[0].ID
	w.direct = rubrics.Rubric{Name: "Direct"}
	v := sampleVersion()
	v.SecondCheck = false
	require.NoError(t, db.CreateRubric(context.Background(), &w.direct, &v, system))
	w.directV = MustPublish(t, db, v)
	return w
}

// complete is a full set of ratings for the sample rubric, each at the
// top or N/A, so it passes CheckSubmit.
func complete() []scoring.Rating {
	return []scoring.Rating{
		rated("greeting", 5), rated("verify-identity", 1), rated("resolved", 0), rated("proactive", 2),
	}
}

func TestGradingWorkflow(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustGradingWorld(t, db)
		me := scoring.Actor{UserID: w.reviewer.ID, RequestID: "req-1"}

		r, err := db.StartReview(ctx, w.thai, w.rubric.ID, me)
		require.NoError(t, err)
		assert.Equal(t, scoring.ReviewDraft, r.State)
		assert.Equal(t, w.published.ID, r.VersionID, "pinned to the published version")
		assert.Equal(t, w.ana.ID, r.AgentID, "agent from the interaction")
		assert.Equal(t, w.reviewer.ID, r.ReviewerID)
		assert.EqualValues(t, 1, r.Revision)
		again, err := db.StartReview(ctx, w.thai, w.rubric.ID, me)
		require.NoError(t, err)
		assert.Equal(t, r.ID, again.ID, "the open draft is reused")
		assert.EqualValues(t, 1, db.reviewEvents(t, r.ID))

		// Save a partial draft with evidence in the middle of Thai text.
		r.Comment = "Nhận xét"
		r.Ratings = []scoring.Rating{{CriterionKey: "greeting", Level: ptr(3),
			Evidence: []scoring.Evidence{{TurnID: w.thaiTurn, Start: 10, End: 24, Quote: "forged"}}}}
		require.NoError(t, db.SaveReviewDraft(ctx, &r, me))
		assert.EqualValues(t, 2, r.Revision)
		want := string([]rune(thaiText)[10:24])
		require.Equal(t, "ยินดีให้บริการ", want)
		got, err := db.Review(ctx, r.ID)
		require.NoError(t, err)
		assert.EqualValues(t, 2, got.Revision)
		assert.Equal(t, "Nhận xét", got.Comment)
		require.Len(t, got.Ratings, 1)
		assert.Equal(t, []scoring.Evidence{{TurnID: w.thaiTurn, Start: 10, End: 24, Quote: want}}, got.Ratings[0].Evidence,
			"the quote is the stored text, not what the client sent")
		assert.Equal(t, r, got)

		// Submitting an incomplete draft changes nothing.
		_, err = db.SubmitReview(ctx, r.ID, r.Revision, me)
		var p rubrics.Problems
		require.ErrorAs(t, err, &p)
		assert.ErrorIs(t, err, rubrics.ErrInvalid)
		for _, key := range []string{"verify-identity", "resolved", "proactive"} {
			assert.Equal(t, []string{"Rate this criterion or mark it N/A"}, p.At("criteria."+key), key)
		}
		assert.Empty(t, p.At("criteria.greeting"), "evidence satisfies the below-top rule")
		got, err = db.Review(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, r, got, "nothing changed")

		// Below the top without evidence or comment.
		r.Ratings = complete()
		r.Ratings[0] = scoring.Rating{CriterionKey: "greeting", Level: ptr(2), Comment: "   "}
		require.NoError(t, db.SaveReviewDraft(ctx, &r, me))
		_, err = db.SubmitReview(ctx, r.ID, r.Revision, me)
		require.ErrorAs(t, err, &p)
		assert.Equal(t, rubrics.Problems{{Path: "criteria.greeting", Message: "A rating below the top needs evidence or a comment"}}, p)

		r.Ratings = complete()
		require.NoError(t, db.SaveReviewDraft(ctx, &r, me))
		_, err = db.SubmitReview(ctx, r.ID, r.Revision-1, me)
		assert.ErrorIs(t, err, rubrics.ErrConflict, "stale revision")
		_, err = db.SubmitReview(ctx, r.ID, r.Revision, scoring.Actor{UserID: w.boss.ID})
		assert.ErrorIs(t, err, rubrics.ErrForbidden, "someone else's draft")

		sub, err := db.SubmitReview(ctx, r.ID, r.Revision, me)
		require.NoError(t, err)
		assert.Equal(t, scoring.ReviewSubmitted, sub.State, "the sample rubric asks for a second check")
		require.NotNil(t, sub.Score)
		assert.InDelta(t, 105, *sub.Score, 0.001, "100 plus half the 10-point bonus")
		assert.NotNil(t, sub.SubmittedAt)
		assert.Nil(t, sub.PublishedAt)

		r.Revision = sub.Revision
		assert.ErrorIs(t, db.SaveReviewDraft(ctx, &r, me), rubrics.ErrConflict, "a submitted review is no draft")

		_, err = db.ApproveReview(ctx, sub.ID, sub.Revision, me)
		assert.ErrorIs(t, err, rubrics.ErrForbidden, "no approving your own review")
		_, err = db.ApproveReview(ctx, sub.ID, sub.Revision-1, scoring.Actor{UserID: w.boss.ID})
		assert.ErrorIs(t, err, rubrics.ErrConflict)
		pub, err := db.ApproveReview(ctx, sub.ID, sub.Revision, scoring.Actor{UserID: w.boss.ID})
		require.NoError(t, err)
		assert.Equal(t, scoring.ReviewPublished, pub.State)
		assert.NotNil(t, pub.PublishedAt)
		assert.Equal(t, sub.Score, pub.Score)
		_, err = db.ApproveReview(ctx, pub.ID, pub.Revision, scoring.Actor{UserID: w.boss.ID})
		assert.ErrorIs(t, err, rubrics.ErrConflict)

		r.Revision = pub.Revision
		err = db.SaveReviewDraft(ctx, &r, me)
		assert.ErrorIs(t, err, rubrics.ErrConflict)
		assert.Contains(t, err.Error(), "review is published")

		// start, 3 saves, submit, approve.
		assert.EqualValues(t, 6, db.reviewEvents(t, r.ID))
		var actions []string
		rows, err := db.raw.QueryContext(ctx, db.rebind("SELECT action FROM audit_events WHERE entity = 'review' AND entity_id = ? ORDER BY id"), r.ID)
		require.NoError(t, err)
		for rows.Next() {
			var a string
			require.NoError(t, rows.Scan(&a))
			actions = append(actions, a)
		}
		require.NoError(t, rows.Close())
		assert.Equal(t, []string{"review.start", "review.save", "review.save", "review.save", "review.submit", "review.approve"}, actions)
		require.NoError(t, db.VerifyAuditChain(ctx))

		// Without a second check, submit publishes.
		d, err := db.StartReview(ctx, w.thai, w.direct.ID, me)
		require.NoError(t, err)
		assert.NotEqual(t, r.ID, d.ID, "a draft per rubric")
		d.Ratings = complete()
		d.Ratings[1] = rated("verify-identity", 0) // critical fail
		d.Ratings[1].Comment = "không xác minh"
		require.NoError(t, db.SaveReviewDraft(ctx, &d, me))
		d, err = db.SubmitReview(ctx, d.ID, d.Revision, me)
		require.NoError(t, err)
		assert.Equal(t, scoring.ReviewPublished, d.State)
		require.NotNil(t, d.Score)
		assert.Zero(t, *d.Score)
		assert.Equal(t, d.SubmittedAt, d.PublishedAt)
		assert.Equal(t, "review.publish", lastAction(t, db))
	})
}

func lastAction(t *testing.T, db testDB) string {
	t.Helper()
	var a string
	require.NoError(t, db.raw.QueryRowContext(context.Background(), "SELECT action FROM audit_events ORDER BY id DESC LIMIT 1").Scan(&a))
	return a
}

func TestStartReviewErrors(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustReviewWorld(t, db)
		me := scoring.Actor{UserID: w.reviewer.ID}
		unpublished, _ := MustCreateRubric(t, db, "Unpublished")
		_, err := db.StartReview(ctx, w.chatA, unpublished.ID, me)
		require.ErrorIs(t, err, rubrics.ErrInvalid)
		assert.Contains(t, err.Error(), "no published version")
		_, err = db.StartReview(ctx, w.chatA, 424242, me)
		assert.ErrorIs(t, err, rubrics.ErrNotFound)
		_, err = db.StartReview(ctx, 424242, w.rubric.ID, me)
		assert.ErrorIs(t, err, rubrics.ErrNotFound)
		_, err = db.StartReview(ctx, w.chatA, w.rubric.ID, system)
		assert.ErrorIs(t, err, rubrics.ErrInvalid)
		_, err = db.Review(ctx, 424242)
		assert.ErrorIs(t, err, rubrics.ErrNotFound)
		assert.Zero(t, db.count(t, "SELECT COUNT(*) FROM reviews"))
	})
}

func TestEvidenceSpans(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustGradingWorld(t, db)
		me := scoring.Actor{UserID: w.reviewer.ID}
		r, err := db.StartReview(ctx, w.thai, w.rubric.ID, me)
		require.NoError(t, err)
		n := len([]rune(thaiText))
		require.Less(t, n, len(thaiText), "bytes and runes differ")
		for _, tc := range []struct {
			name       string
			turn       int64
			start, end int
			ok         bool
		}{
			{"whole turn", w.thaiTurn, 0, n, true},
			{"last rune", w.thaiTurn, n - 1, n, true},
			{"Vietnamese tail", w.thaiTurn, n - 8, n - 1, true},
			{"past the end in runes (within bytes)", w.thaiTurn, 10, n + 1, false},
			{"empty", w.thaiTurn, 5, 5, false},
			{"reversed", w.thaiTurn, 6, 5, false},
			{"negative", w.thaiTurn, -1, 5, false},
			{"turn of another conversation", w.otherTurn, 0, 1, false},
			{"no such turn", 424242, 0, 1, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := r
				r.Ratings = []scoring.Rating{{CriterionKey: "greeting", Level: ptr(4),
					Evidence: []scoring.Evidence{{TurnID: tc.turn, Start: tc.start, End: tc.end}}}}
				err := db.SaveReviewDraft(ctx, &r, me)
				if !tc.ok {
					require.ErrorIs(t, err, rubrics.ErrInvalid)
					var p rubrics.Problems
					require.ErrorAs(t, err, &p)
					assert.NotEmpty(t, p.At("criteria.greeting"))
					got, err := db.Review(ctx, r.ID)
					require.NoError(t, err)
					assert.Equal(t, before.Revision, got.Revision, "nothing saved")
					r = got
					return
				}
				require.NoError(t, err)
				got, err := db.Review(ctx, r.ID)
				require.NoError(t, err)
				require.Len(t, got.Ratings[0].Evidence, 1)
				assert.Equal(t, string([]rune(thaiText)[tc.start:tc.end]), got.Ratings[0].Evidence[0].Quote)
			})
		}

		// CreateReview checks evidence the same way and stores it with a
		// published review.
		c := w.review(w.thai, w.ana.ID, scoring.ReviewPublished, scoring.Rating{CriterionKey: "greeting", Level: ptr(2),
			Evidence: []scoring.Evidence{{TurnID: w.thaiTurn, Start: 0, End: 6}, {TurnID: w.thaiTurn, Start: 25, End: 33}}})
		require.NoError(t, db.CreateReview(ctx, &c, system))
		got, err := db.Review(ctx, c.ID)
		require.NoError(t, err)
		assert.Equal(t, scoring.ReviewPublished, got.State)
		assert.Equal(t, []scoring.Evidence{
			{TurnID: w.thaiTurn, Start: 0, End: 6, Quote: "สวัสดี"},
			{TurnID: w.thaiTurn, Start: 25, End: 33, Quote: "Xin chào"},
		}, got.Ratings[0].Evidence)
		assert.Equal(t, c, got)
		bad := w.review(w.thai, w.ana.ID, scoring.ReviewPublished, scoring.Rating{CriterionKey: "greeting", Level: ptr(2),
			Evidence: []scoring.Evidence{{TurnID: w.otherTurn, Start: 0, End: 1}}})
		assert.ErrorIs(t, db.CreateReview(ctx, &bad, system), rubrics.ErrInvalid)
		_, err = db.CreateReviews(ctx, []scoring.Review{bad}, system)
		assert.ErrorIs(t, err, rubrics.ErrInvalid)
	})
}

func TestSaveReviewDraftConcurrent(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustGradingWorld(t, db)
		me := scoring.Actor{UserID: w.reviewer.ID}
		r, err := db.StartReview(ctx, w.thai, w.rubric.ID, me)
		require.NoError(t, err)
		for round := range 5 {
			const writers = 2
			var (
				start sync.WaitGroup
				done  sync.WaitGroup
				errs  = make([]error, writers)
			)
			start.Add(1)
			for i := range writers {
				done.Add(1)
				go func() {
					defer done.Done()
					mine := r
					mine.Comment = fmt.Sprintf("round %d writer %d", round, i)
					mine.Ratings = []scoring.Rating{rated("greeting", i+1)}
					start.Wait()
					errs[i] = db.SaveReviewDraft(ctx, &mine, me)
				}()
			}
			start.Done()
			done.Wait()
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
					continue
				}
				assert.ErrorIs(t, err, rubrics.ErrConflict, "round %d", round)
				assert.Contains(t, err.Error(), "someone else saved this review")
			}
			assert.Equal(t, 1, ok, "round %d: exactly one save wins", round)
			r, err = db.Review(ctx, r.ID)
			require.NoError(t, err)
			assert.EqualValues(t, round+2, r.Revision)
		}
		assert.EqualValues(t, 1+5, db.reviewEvents(t, r.ID))
	})
}

func TestPublishedReviewImmutableInDatabase(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustGradingWorld(t, db)
		ev := []scoring.Evidence{{TurnID: w.thaiTurn, Start: 0, End: 6}}
		pub := w.review(w.thai, w.ana.ID, scoring.ReviewPublished, scoring.Rating{CriterionKey: "greeting", Level: ptr(2), Evidence: ev})
		pub.Score = ptr(40.0)
		require.NoError(t, db.CreateReview(ctx, &pub, system))
		draft := w.review(w.thai, w.ana.ID, scoring.ReviewDraft, scoring.Rating{CriterionKey: "greeting", Level: ptr(2), Evidence: ev})
		require.NoError(t, db.CreateReview(ctx, &draft, system))
		sub := w.review(w.chatA, w.ana.ID, scoring.ReviewSubmitted)
		require.NoError(t, db.CreateReview(ctx, &sub, system))

		for _, tc := range []struct {
			name string
			q    string
		}{
			{"score", "UPDATE reviews SET score = 100 WHERE id = ?"},
			{"comment", "UPDATE reviews SET comment = 'x' WHERE id = ?"},
			{"back to draft", "UPDATE reviews SET state = 'draft' WHERE id = ?"},
			{"resolved", "UPDATE reviews SET state = 'resolved' WHERE id = ?"},
			{"disputed and rescored", "UPDATE reviews SET state = 'disputed', score = 1 WHERE id = ?"},
			{"revision jump", "UPDATE reviews SET state = 'disputed', revision = revision + 5 WHERE id = ?"},
			{"delete", "DELETE FROM reviews WHERE id = ?"},
			{"rating update", "UPDATE review_ratings SET level = 5 WHERE review_id = ?"},
			{"rating delete", "DELETE FROM review_ratings WHERE review_id = ?"},
			{"rating insert", "INSERT INTO review_ratings (review_id, criterion_key, comment) VALUES (?, 'resolved', '')"},
			{"evidence update", "UPDATE review_evidence SET end_rune = 3 WHERE review_id = ?"},
			{"evidence delete", "DELETE FROM review_evidence WHERE review_id = ?"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := db.exec(t, tc.q, pub.ID)
				require.Error(t, err)
				assert.Contains(t, err.Error(), "review")
			})
		}
		// The store maps the trigger to ErrConflict, like the frozen
		// rubric versions.
		assert.Error(t, db.exec(t, "INSERT INTO review_evidence (review_id, criterion_key, turn_id, start_rune, end_rune) VALUES (?, 'greeting', ?, 0, 1)", pub.ID, w.thaiTurn))
		assert.Error(t, db.exec(t, "DELETE FROM reviews WHERE id = ?", sub.ID), "submitted reviews are history too")
		got, err := db.Review(ctx, pub.ID)
		require.NoError(t, err)
		assert.Equal(t, pub, got, "unchanged")

		// The dispute flow's step is allowed; the draft is free.
		require.NoError(t, db.exec(t, "UPDATE reviews SET state = 'disputed', revision = revision + 1, updated_at = updated_at WHERE id = ?", pub.ID))
		require.NoError(t, db.exec(t, "UPDATE review_ratings SET level = 5 WHERE review_id = ?", draft.ID))
		require.NoError(t, db.exec(t, "DELETE FROM review_evidence WHERE review_id = ?", draft.ID))
		require.NoError(t, db.exec(t, "DELETE FROM review_ratings WHERE review_id = ?", draft.ID))
		require.NoError(t, db.exec(t, "DELETE FROM reviews WHERE id = ?", draft.ID))
	})
}

func TestListReviews(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustGradingWorld(t, db)
		other := MustCreateUser(t, db, "other", coaching.RoleSupervisor)
		mk := func(in, agent, reviewer int64, state scoring.ReviewState, at time.Time) int64 {
			r := w.review(in, agent, state)
			r.ReviewerID, r.CreatedAt = reviewer, at
			require.NoError(t, db.CreateReview(ctx, &r, system))
			return r.ID
		}
		a1 := mk(w.chatA, w.ana.ID, w.reviewer.ID, scoring.ReviewPublished, t0)
		a2 := mk(w.thai, w.ana.ID, other.ID, scoring.ReviewDraft, t0.Add(time.Hour))
		b1 := mk(w.chatB, w.bao.ID, w.reviewer.ID, scoring.ReviewSubmitted, t0.Add(2*time.Hour))
		for _, tc := range []struct {
			name  string
			f     scoring.ReviewFilter
			ids   []int64
			total int
		}{
			{"all newest first", scoring.ReviewFilter{}, []int64{b1, a2, a1}, 3},
			{"oldest first", scoring.ReviewFilter{OldestFirst: true}, []int64{a1, a2, b1}, 3},
			{"oldest first, second page", scoring.ReviewFilter{OldestFirst: true, Offset: 1, Limit: 1}, []int64{a2}, 3},
			{"agent", scoring.ReviewFilter{AgentID: w.ana.ID}, []int64{a2, a1}, 2},
			{"reviewer", scoring.ReviewFilter{ReviewerID: w.reviewer.ID}, []int64{b1, a1}, 2},
			{"states", scoring.ReviewFilter{States: []scoring.ReviewState{scoring.ReviewDraft, scoring.ReviewSubmitted}}, []int64{b1, a2}, 2},
			{"page", scoring.ReviewFilter{Offset: 1, Limit: 1}, []int64{a2}, 3},
			{"past the end", scoring.ReviewFilter{Offset: 10}, []int64{}, 3},
			// a1 is the only published one, at t0; the bounds are [since, before).
			{"published since", scoring.ReviewFilter{PublishedSince: t0}, []int64{a1}, 1},
			{"published since later", scoring.ReviewFilter{PublishedSince: t0.Add(time.Second)}, []int64{}, 0},
			{"published before", scoring.ReviewFilter{PublishedBefore: t0.Add(time.Second)}, []int64{a1}, 1},
			{"published before excludes the bound", scoring.ReviewFilter{PublishedBefore: t0}, []int64{}, 0},
			{"published in a zone", scoring.ReviewFilter{PublishedSince: t0.In(time.FixedZone("ICT", 7*3600)), AgentID: w.ana.ID}, []int64{a1}, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := db.Statements()
				got, total, err := db.ListReviews(ctx, tc.f)
				require.NoError(t, err)
				assert.LessOrEqual(t, db.Statements()-before, int64(2))
				assert.Equal(t, tc.total, total)
				ids := []int64{}
				for _, s := range got {
					ids = append(ids, s.ID)
				}
				assert.Equal(t, tc.ids, ids)
			})
		}
		got, _, err := db.ListReviews(ctx, scoring.ReviewFilter{AgentID: w.bao.ID})
		require.NoError(t, err)
		require.Len(t, got, 1)
		s := got[0]
		assert.Equal(t, "บ๋าว", s.AgentName)
		assert.Equal(t, "reviewer", s.ReviewerName)
		assert.Equal(t, "Reviews", s.RubricName)
		assert.Equal(t, w.rubric.ID, s.RubricID)
		assert.Equal(t, 1, s.VersionNumber)
		assert.Equal(t, "Subject b", s.Subject)
		assert.Equal(t, "chat", s.Channel)
		assert.Equal(t, scoring.ReviewSubmitted, s.State)
	})
}

func TestListReviewsSupervisor(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustGradingWorld(t, db)
		sup := MustCreateUser(t, db, "sup", coaching.RoleSupervisor)
		other := MustCreateUser(t, db, "other", coaching.RoleSupervisor)
		loner := MustCreateUser(t, db, "loner", coaching.RoleSupervisor)
		// sup supervises Red (ana, and other as a fellow supervisor); Blue
		// (bao) is other's. Being a supervisor-member of Red does not make
		// other's reviews "of an agent of Red".
		red, blue := MustCreateTeam(t, db, "Red"), MustCreateTeam(t, db, "Blue")
		MustSetMembers(t, db, red, []coaching.User{sup, other}, w.ana)
		MustSetMembers(t, db, blue, []coaching.User{other}, w.bao)
		mk := func(in, agent, reviewer int64, state scoring.ReviewState, at time.Time) int64 {
			r := w.review(in, agent, state)
			r.ReviewerID, r.CreatedAt = reviewer, at
			require.NoError(t, db.CreateReview(ctx, &r, system))
			return r.ID
		}
		anaBySup := mk(w.chatA, w.ana.ID, sup.ID, scoring.ReviewSubmitted, t0)
		anaByOther := mk(w.thai, w.ana.ID, other.ID, scoring.ReviewSubmitted, t0.Add(time.Hour))
		anaPublished := mk(w.chatA, w.ana.ID, w.reviewer.ID, scoring.ReviewPublished, t0.Add(2*time.Hour))
		baoByReviewer := mk(w.chatB, w.bao.ID, w.reviewer.ID, scoring.ReviewSubmitted, t0.Add(3*time.Hour))
		submitted := []scoring.ReviewState{scoring.ReviewSubmitted}
		for _, tc := range []struct {
			name string
			f    scoring.ReviewFilter
			ids  []int64
		}{
			{"my teams' agents", scoring.ReviewFilter{SupervisorID: sup.ID}, []int64{anaPublished, anaByOther, anaBySup}},
			{"submitted", scoring.ReviewFilter{SupervisorID: sup.ID, States: submitted}, []int64{anaByOther, anaBySup}},
			{"not mine", scoring.ReviewFilter{SupervisorID: sup.ID, ExcludeReviewerID: sup.ID, States: submitted}, []int64{anaByOther}},
			{"two teams", scoring.ReviewFilter{SupervisorID: other.ID, States: submitted}, []int64{baoByReviewer, anaByOther, anaBySup}},
			{"two teams, not mine", scoring.ReviewFilter{SupervisorID: other.ID, ExcludeReviewerID: other.ID, States: submitted}, []int64{baoByReviewer, anaBySup}},
			{"no teams", scoring.ReviewFilter{SupervisorID: loner.ID}, []int64{}},
			{"an agent is no supervisor", scoring.ReviewFilter{SupervisorID: w.ana.ID}, []int64{}},
			{"with agent", scoring.ReviewFilter{SupervisorID: other.ID, AgentID: w.bao.ID}, []int64{baoByReviewer}},
			{"everyone's, not mine", scoring.ReviewFilter{ExcludeReviewerID: w.reviewer.ID, States: submitted}, []int64{anaByOther, anaBySup}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := db.ListReviews(ctx, tc.f)
				require.NoError(t, err)
				assert.Equal(t, len(tc.ids), total)
				ids := []int64{}
				for _, s := range got {
					ids = append(ids, s.ID)
				}
				assert.Equal(t, tc.ids, ids)
			})
		}
	})
}

func TestReviewReads(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustGradingWorld(t, db)
		r := w.review(w.chatA, w.ana.ID, scoring.ReviewPublished)
		require.NoError(t, db.CreateReview(ctx, &r, system))
		other := w.review(w.thai, w.ana.ID, scoring.ReviewPublished)
		require.NoError(t, db.CreateReview(ctx, &other, system))

		readAt := func(reader int64) map[int64]*time.Time {
			t.Helper()
			before := db.Statements()
			got, _, err := db.ListReviews(ctx, scoring.ReviewFilter{AgentID: w.ana.ID, ReaderID: reader})
			require.NoError(t, err)
			assert.LessOrEqual(t, db.Statements()-before, int64(2), "no query per row")
			out := map[int64]*time.Time{}
			for _, s := range got {
				out[s.ID] = s.ReadAt
			}
			return out
		}
		assert.Equal(t, map[int64]*time.Time{r.ID: nil, other.ID: nil}, readAt(w.ana.ID), "nothing read yet")

		first := t0.Add(time.Hour)
		require.NoError(t, db.MarkReviewRead(ctx, r.ID, w.ana.ID, first))
		require.NoError(t, db.MarkReviewRead(ctx, r.ID, w.ana.ID, first.Add(time.Hour)), "a second read is fine")
		got := readAt(w.ana.ID)
		require.NotNil(t, got[r.ID])
		assert.True(t, first.Equal(*got[r.ID]), "the first read is kept: %v", got[r.ID])
		assert.Nil(t, got[other.ID])
		assert.Equal(t, map[int64]*time.Time{r.ID: nil, other.ID: nil}, readAt(w.reviewer.ID), "reads are per reader")
		assert.Equal(t, map[int64]*time.Time{r.ID: nil, other.ID: nil}, readAt(0), "no reader, no read times")

		// Reading a published review writes beside it, never to it.
		stored, err := db.Review(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, r.Revision, stored.Revision)
		assert.ErrorIs(t, db.MarkReviewRead(ctx, 999999, w.ana.ID, first), rubrics.ErrInvalid, "unknown review")
	})
}

func TestAcknowledgeReview(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustGradingWorld(t, db)
		pub := w.review(w.chatA, w.ana.ID, scoring.ReviewPublished)
		require.NoError(t, db.CreateReview(ctx, &pub, system))
		sub := w.review(w.thai, w.ana.ID, scoring.ReviewSubmitted)
		require.NoError(t, db.CreateReview(ctx, &sub, system))
		ana := scoring.Actor{UserID: w.ana.ID}

		at, err := db.ReviewAcknowledgedAt(ctx, pub.ID, w.ana.ID)
		require.NoError(t, err)
		assert.Nil(t, at)

		// Only the review's agent, only a review they can read.
		_, err = db.AcknowledgeReview(ctx, pub.ID, w.bao.ID, t0, scoring.Actor{UserID: w.bao.ID})
		assert.ErrorIs(t, err, rubrics.ErrForbidden)
		_, err = db.AcknowledgeReview(ctx, sub.ID, w.ana.ID, t0, ana)
		assert.ErrorIs(t, err, rubrics.ErrNotFound, "not yet published")
		_, err = db.AcknowledgeReview(ctx, 999999, w.ana.ID, t0, ana)
		assert.ErrorIs(t, err, rubrics.ErrNotFound)

		// First read, then acknowledgement: both kept, each the first time.
		require.NoError(t, db.MarkReviewRead(ctx, pub.ID, w.ana.ID, t0))
		before, err := db.AuditEvents(ctx, 100)
		require.NoError(t, err)
		first, err := db.AcknowledgeReview(ctx, pub.ID, w.ana.ID, t0.Add(time.Hour), ana)
		require.NoError(t, err)
		assert.True(t, t0.Add(time.Hour).Equal(first))
		again, err := db.AcknowledgeReview(ctx, pub.ID, w.ana.ID, t0.Add(2*time.Hour), ana)
		require.NoError(t, err)
		assert.True(t, first.Equal(again), "the first acknowledgement stands")
		after, err := db.AuditEvents(ctx, 100)
		require.NoError(t, err)
		assert.Len(t, after, len(before)+1, "one audit event, not one per click")
		require.NoError(t, db.VerifyAuditChain(ctx))

		at, err = db.ReviewAcknowledgedAt(ctx, pub.ID, w.ana.ID)
		require.NoError(t, err)
		require.NotNil(t, at)
		assert.True(t, first.Equal(*at))
		list, _, err := db.ListReviews(ctx, scoring.ReviewFilter{AgentID: w.ana.ID, ReaderID: w.ana.ID, States: []scoring.ReviewState{scoring.ReviewPublished}})
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.NotNil(t, list[0].ReadAt)
		assert.True(t, t0.Equal(*list[0].ReadAt), "acknowledging keeps the first read")
		require.NotNil(t, list[0].AcknowledgedAt)
		assert.True(t, first.Equal(*list[0].AcknowledgedAt))

		// Acknowledging an unread review reads it too.
		pub2 := w.review(w.chatB, w.ana.ID, scoring.ReviewPublished)
		require.NoError(t, db.CreateReview(ctx, &pub2, system))
		_, err = db.AcknowledgeReview(ctx, pub2.ID, w.ana.ID, t0, ana)
		require.NoError(t, err)
		list, _, err = db.ListReviews(ctx, scoring.ReviewFilter{AgentID: w.ana.ID, ReaderID: w.ana.ID, States: []scoring.ReviewState{scoring.ReviewPublished}})
		require.NoError(t, err)
		for _, s := range list {
			assert.NotNil(t, s.ReadAt, "review %d", s.ID)
		}
	})
}

// A resolved review is final: the database refuses any change to it, its
// ratings or its evidence, as it does for a published one.
func TestResolvedReviewImmutableInDatabase(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustGradingWorld(t, db)
		ev := []scoring.Evidence{{TurnID: w.thaiTurn, Start: 0, End: 6}}
		res := w.review(w.thai, w.ana.ID, scoring.ReviewResolved, scoring.Rating{CriterionKey: "greeting", Level: ptr(2), Evidence: ev})
		res.Score = ptr(40.0)
		require.NoError(t, db.CreateReview(ctx, &res, system), "seeding a resolved review still works")
		for _, tc := range []struct{ name, q string }{
			{"score", "UPDATE reviews SET score = 100 WHERE id = ?"},
			{"state", "UPDATE reviews SET state = 'published' WHERE id = ?"},
			{"revision", "UPDATE reviews SET revision = revision + 1 WHERE id = ?"},
			{"delete", "DELETE FROM reviews WHERE id = ?"},
			{"rating update", "UPDATE review_ratings SET level = 5 WHERE review_id = ?"},
			{"rating delete", "DELETE FROM review_ratings WHERE review_id = ?"},
			{"rating insert", "INSERT INTO review_ratings (review_id, criterion_key, comment) VALUES (?, 'other', '')"},
			{"evidence update", "UPDATE review_evidence SET end_rune = 3 WHERE review_id = ?"},
			{"evidence delete", "DELETE FROM review_evidence WHERE review_id = ?"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				require.Error(t, db.exec(t, tc.q, res.ID))
			})
		}
		got, err := db.Review(ctx, res.ID)
		require.NoError(t, err)
		assert.Equal(t, res, got, "unchanged")
		// Reading and acknowledging live beside it, so they still work.
		require.NoError(t, db.MarkReviewRead(ctx, res.ID, w.ana.ID, t0))
		_, err = db.AcknowledgeReview(ctx, res.ID, w.ana.ID, t0, scoring.Actor{UserID: w.ana.ID})
		require.NoError(t, err)
	})
}
