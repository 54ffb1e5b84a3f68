package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
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
