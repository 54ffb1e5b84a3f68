package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// disputeRow is a review_disputes row.
type disputeRow struct {
	ID         int64      `gorm:"column:id;primaryKey"`
	ReviewID   int64      `gorm:"column:review_id"`
	AgentID    int64      `gorm:"column:agent_id"`
	Reason     string     `gorm:"column:reason"`
	Criteria   string     `gorm:"column:criteria"`
	CreatedAt  time.Time  `gorm:"column:created_at"`
	ResolvedBy *int64     `gorm:"column:resolved_by"`
	ResolvedAt *time.Time `gorm:"column:resolved_at"`
	Resolution string     `gorm:"column:resolution"`
	Outcome    string     `gorm:"column:outcome"`
}

func (disputeRow) TableName() string { return "review_disputes" }

func fromDisputeRow(r disputeRow) scoring.Dispute {
	d := scoring.Dispute{
		ID: r.ID, ReviewID: r.ReviewID, AgentID: r.AgentID, Reason: r.Reason,
		CreatedAt: r.CreatedAt.UTC(), ResolvedAt: utcPtr(r.ResolvedAt), Resolution: r.Resolution,
		Outcome: scoring.DisputeOutcome(r.Outcome),
	}
	if r.Criteria != "" {
		d.CriterionKeys = strings.Split(r.Criteria, ",")
	}
	if r.ResolvedBy != nil {
		d.ResolverID = *r.ResolvedBy
	}
	return d
}

// DisputeReview records the review's agent disputing it at revision: the
// review goes from published to disputed and the dispute is stored, with
// one audit event, in one transaction. keys must be criteria of the
// review's version (none: the whole review). Only the review's agent may
// dispute (ErrForbidden); a review that is not published, or moved on
// from revision, is ErrConflict; a bad reason or key is ErrInvalid.
func (d *DB) DisputeReview(ctx context.Context, reviewID, revision int64, reason string, keys []string, by scoring.Actor) (scoring.Dispute, error) {
	if err := scoring.CheckDisputeText("reason", reason); err != nil {
		return scoring.Dispute{}, fmt.Errorf("store: dispute review %d: %w", reviewID, err)
	}
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	now := utcMicro(time.Now())
	var out scoring.Dispute
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, _, _, err := loadReviewRows(tx, reviewID)
		if err != nil {
			return err
		}
		if cur.AgentID == nil || *cur.AgentID != by.UserID {
			return fmt.Errorf("only the review's agent can dispute it: %w", rubrics.ErrForbidden)
		}
		vs, err := d.versionsByID(tx, []int64{cur.VersionID})
		if err != nil {
			return err
		}
		for _, k := range keys {
			if _, _, ok := vs[cur.VersionID].Criterion(k); !ok {
				return fmt.Errorf("criterion %q is not in this review's rubric: %w", k, rubrics.ErrInvalid)
			}
		}
		res := tx.Exec("UPDATE reviews SET state = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND state = ? AND revision = ?",
			string(scoring.ReviewDisputed), now, reviewID, string(scoring.ReviewPublished), revision)
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected != 1 {
			return fmt.Errorf("the review is %s at revision %d, not published at %d; reload it: %w", cur.State, cur.Revision, revision, rubrics.ErrConflict)
		}
		row := disputeRow{ReviewID: reviewID, AgentID: by.UserID, Reason: reason, Criteria: strings.Join(keys, ","), CreatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return translate(err)
		}
		out = fromDisputeRow(row)
		return d.appendAudit(tx, by, "review.dispute", "review", reviewID,
			map[string]any{"state": cur.State}, map[string]any{"state": scoring.ReviewDisputed, "reason": reason, "criteria": keys})
	})
	if err != nil {
		return scoring.Dispute{}, fmt.Errorf("store: dispute review %d: %w", reviewID, translate(err))
	}
	return out, nil
}

// ResolveDispute answers the dispute of a review at revision with reply,
// setting the levels given (criterion key → level on its scale) and, when
// any changed, rescoring with scoring.Compute. The review becomes resolved — final —
// and the dispute records who answered, when, and whether any score
// changed; one audit event holds the levels and score before and after.
// Who may resolve is the caller's rule; the agent never may
// (ErrForbidden). Not disputed or stale: ErrConflict. Unknown criterion
// or level, or a bad reply: ErrInvalid.
func (d *DB) ResolveDispute(ctx context.Context, reviewID, revision int64, reply string, levels map[string]int, by scoring.Actor) (scoring.Review, error) {
	if err := scoring.CheckDisputeText("reply", reply); err != nil {
		return scoring.Review{}, fmt.Errorf("store: resolve review %d: %w", reviewID, err)
	}
	now := utcMicro(time.Now())
	var out scoring.Review
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, ratings, evidence, err := loadReviewRows(tx, reviewID)
		if err != nil {
			return err
		}
		if cur.AgentID != nil && *cur.AgentID == by.UserID {
			return fmt.Errorf("an agent cannot resolve their own dispute: %w", rubrics.ErrForbidden)
		}
		if err := d.lockReview(tx, reviewID, revision, scoring.ReviewDisputed, now); err != nil {
			return err
		}
		vs, err := d.versionsByID(tx, []int64{cur.VersionID})
		if err != nil {
			return err
		}
		v := vs[cur.VersionID]
		before := map[string]any{"score": cur.Score, "levels": levelsOf(ratings)}
		changed := false
		for _, k := range slices.Sorted(maps.Keys(levels)) {
			c, _, ok := v.Criterion(k)
			if !ok {
				return fmt.Errorf("criterion %q is not in this review's rubric: %w", k, rubrics.ErrInvalid)
			}
			lvl := levels[k]
			if _, ok := c.Scale.Level(lvl); !ok {
				return fmt.Errorf("%s: %d is not a level of its scale: %w", c.Name, lvl, rubrics.ErrInvalid)
			}
			i := slices.IndexFunc(ratings, func(r ratingRow) bool { return r.CriterionKey == k })
			switch {
			case i < 0:
				ratings = append(ratings, ratingRow{ReviewID: reviewID, CriterionKey: k, Level: &lvl})
				if err := tx.Create(&ratings[len(ratings)-1]).Error; err != nil {
					return translate(err)
				}
				changed = true
			case ratings[i].NA || ratings[i].Level == nil || *ratings[i].Level != lvl:
				if err := tx.Exec("UPDATE review_ratings SET level = ?, na = ? WHERE review_id = ? AND criterion_key = ?", lvl, false, reviewID, k).Error; err != nil {
					return translate(err)
				}
				ratings[i].Level, ratings[i].NA = &lvl, false
				changed = true
			}
		}
		// Upheld, the published score stands as it was; changed, the
		// review is rescored under its own version.
		if changed {
			res := scoring.Compute(v, fromRatingRows(ratings, evidence))
			cur.Score = nil
			if res.Available {
				s := res.Score
				cur.Score = &s
			}
		}
		cur.State, cur.Revision, cur.UpdatedAt = string(scoring.ReviewResolved), revision+1, now
		if err := tx.Exec("UPDATE reviews SET state = ?, score = ? WHERE id = ?", cur.State, cur.Score, reviewID).Error; err != nil {
			return translate(err)
		}
		outcome := scoring.DisputeUpheld
		if changed {
			outcome = scoring.DisputeChanged
		}
		upd := tx.Exec("UPDATE review_disputes SET resolved_by = ?, resolved_at = ?, resolution = ?, outcome = ? WHERE review_id = ? AND resolved_at IS NULL",
			by.UserID, now, reply, string(outcome), reviewID)
		if upd.Error != nil {
			return translate(upd.Error)
		}
		if upd.RowsAffected != 1 {
			return errors.New("the review is disputed but has no open dispute")
		}
		slices.SortFunc(ratings, func(a, b ratingRow) int { return strings.Compare(a.CriterionKey, b.CriterionKey) })
		out = fromReviewRow(cur, fromRatingRows(ratings, evidence))
		return d.appendAudit(tx, by, "review.resolve", "review", reviewID, before,
			map[string]any{"score": cur.Score, "levels": levelsOf(ratings), "outcome": outcome, "reply": reply})
	})
	if err != nil {
		return scoring.Review{}, fmt.Errorf("store: resolve review %d: %w", reviewID, translate(err))
	}
	return out, nil
}

// levelsOf maps criterion keys to levels ("na" for N/A), for the audit.
func levelsOf(rs []ratingRow) map[string]any {
	m := make(map[string]any, len(rs))
	for _, r := range rs {
		switch {
		case r.NA:
			m[r.CriterionKey] = "na"
		case r.Level != nil:
			m[r.CriterionKey] = *r.Level
		}
	}
	return m
}

// DisputeFor returns the review's dispute, or ErrNotFound when it has none.
func (d *DB) DisputeFor(ctx context.Context, reviewID int64) (scoring.Dispute, error) {
	var row disputeRow
	if err := d.r.WithContext(ctx).Where("review_id = ?", reviewID).Take(&row).Error; err != nil {
		return scoring.Dispute{}, fmt.Errorf("store: dispute of review %d: %w", reviewID, translate(err))
	}
	return fromDisputeRow(row), nil
}
