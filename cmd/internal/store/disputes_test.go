package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

func TestDisputeAndResolve(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		w := mustGradingWorld(t, db)
		ana, bao, reviewer := scoring.Actor{UserID: w.ana.ID}, scoring.Actor{UserID: w.bao.ID}, scoring.Actor{UserID: w.reviewer.ID}
		ratings := complete()
		ratings[0] = rated("greeting", 2) // the score the agent disputes
		pub := w.review(w.chatA, w.ana.ID, scoring.ReviewPublished, ratings...)
		pub.Score = ptr(70.0)
		require.NoError(t, db.CreateReview(ctx, &pub, system))

		// Who and what may be disputed.
		_, err := db.DisputeReview(ctx, pub.ID, pub.Revision, "Not mine to answer", nil, bao)
		assert.ErrorIs(t, err, rubrics.ErrForbidden)
		_, err = db.DisputeReview(ctx, pub.ID, pub.Revision, "  ", nil, ana)
		assert.ErrorIs(t, err, rubrics.ErrInvalid)
		_, err = db.DisputeReview(ctx, pub.ID, pub.Revision, strings.Repeat("ả", scoring.MaxDisputeText+1), nil, ana)
		assert.ErrorIs(t, err, rubrics.ErrInvalid)
		_, err = db.DisputeReview(ctx, pub.ID, pub.Revision, "Wrong criterion", []string{"no-such"}, ana)
		assert.ErrorIs(t, err, rubrics.ErrInvalid)
		_, err = db.DisputeReview(ctx, pub.ID, pub.Revision+5, "Stale", nil, ana)
		assert.ErrorIs(t, err, rubrics.ErrConflict)

		reason := "Tôi đã chào khách bằng tên — xem lượt 1 🙏"
		dsp, err := db.DisputeReview(ctx, pub.ID, pub.Revision, reason, []string{"greeting", "greeting"}, ana)
		require.NoError(t, err)
		assert.Equal(t, []string{"greeting"}, dsp.CriterionKeys)
		got, err := db.Review(ctx, pub.ID)
		require.NoError(t, err)
		assert.Equal(t, scoring.ReviewDisputed, got.State)
		assert.Equal(t, pub.Revision+1, got.Revision)
		assert.Equal(t, 70.0, *got.Score, "disputing changes no score")
		_, err = db.DisputeReview(ctx, pub.ID, got.Revision, "again", nil, ana)
		assert.ErrorIs(t, err, rubrics.ErrConflict, "one dispute per review")
		stored, err := db.DisputeFor(ctx, pub.ID)
		require.NoError(t, err)
		assert.Equal(t, reason, stored.Reason)
		assert.Nil(t, stored.ResolvedAt)

		// Resolving: never by the agent; a bad level changes nothing.
		_, err = db.ResolveDispute(ctx, pub.ID, got.Revision, "I agree with myself", nil, ana)
		assert.ErrorIs(t, err, rubrics.ErrForbidden)
		_, err = db.ResolveDispute(ctx, pub.ID, got.Revision, "Raised", map[string]int{"greeting": 9}, reviewer)
		assert.ErrorIs(t, err, rubrics.ErrInvalid)
		_, err = db.ResolveDispute(ctx, pub.ID, got.Revision, "", map[string]int{"greeting": 5}, reviewer)
		assert.ErrorIs(t, err, rubrics.ErrInvalid)
		again, err := db.Review(ctx, pub.ID)
		require.NoError(t, err)
		assert.Equal(t, got, again, "a refused resolution leaves the review as it was")

		res, err := db.ResolveDispute(ctx, pub.ID, got.Revision, "You did — raised to 5.", map[string]int{"greeting": 5}, reviewer)
		require.NoError(t, err)
		assert.Equal(t, scoring.ReviewResolved, res.State)
		assert.Equal(t, got.Revision+1, res.Revision)
		v, err := db.Version(ctx, w.published.ID)
		require.NoError(t, err)
		want := scoring.Compute(v, res.Ratings)
		require.True(t, want.Available)
		assert.Equal(t, want.Score, *res.Score, "rescored under the review's version")
		stored, err = db.DisputeFor(ctx, pub.ID)
		require.NoError(t, err)
		assert.Equal(t, scoring.DisputeChanged, stored.Outcome)
		assert.Equal(t, w.reviewer.ID, stored.ResolverID)
		assert.NotNil(t, stored.ResolvedAt)
		reread, err := db.Review(ctx, pub.ID)
		require.NoError(t, err)
		assert.Equal(t, res, reread)
		_, err = db.ResolveDispute(ctx, pub.ID, res.Revision, "twice", nil, reviewer)
		assert.ErrorIs(t, err, rubrics.ErrConflict, "resolved is final")

		// Upheld: the scores stand.
		pub2 := w.review(w.chatB, w.ana.ID, scoring.ReviewPublished, complete()...)
		pub2.Score = ptr(100.0)
		require.NoError(t, db.CreateReview(ctx, &pub2, system))
		_, err = db.DisputeReview(ctx, pub2.ID, pub2.Revision, "The whole review is unfair", nil, ana)
		require.NoError(t, err)
		res2, err := db.ResolveDispute(ctx, pub2.ID, pub2.Revision+1, "It stands: every criterion is at the top.", map[string]int{"greeting": 5}, reviewer)
		require.NoError(t, err)
		assert.Equal(t, 100.0, *res2.Score)
		d2, err := db.DisputeFor(ctx, pub2.ID)
		require.NoError(t, err)
		assert.Equal(t, scoring.DisputeUpheld, d2.Outcome)
		assert.Empty(t, d2.CriterionKeys)

		_, err = db.DisputeFor(ctx, w.chatA+999)
		assert.ErrorIs(t, err, rubrics.ErrNotFound)
		require.NoError(t, db.VerifyAuditChain(ctx))
	})
}
