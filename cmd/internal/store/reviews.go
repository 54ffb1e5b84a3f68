package store

import (
	"context"
	"fmt"
	"math"
	"time"

	"gorm.io/gorm"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

type reviewRow struct {
	ID            int64      `gorm:"column:id;primaryKey"`
	InteractionID int64      `gorm:"column:interaction_id"`
	AgentID       *int64     `gorm:"column:agent_id"`
	ReviewerID    int64      `gorm:"column:reviewer_id"`
	VersionID     int64      `gorm:"column:rubric_version_id"`
	State         string     `gorm:"column:state"`
	Comment       string     `gorm:"column:comment"`
	Score         *float64   `gorm:"column:score"`
	Revision      int64      `gorm:"column:revision"`
	CreatedAt     time.Time  `gorm:"column:created_at"`
	UpdatedAt     time.Time  `gorm:"column:updated_at"`
	SubmittedAt   *time.Time `gorm:"column:submitted_at"`
	PublishedAt   *time.Time `gorm:"column:published_at"`
}

func (reviewRow) TableName() string { return "reviews" }

func toReviewRow(r scoring.Review) reviewRow {
	return reviewRow{
		ID: r.ID, InteractionID: r.InteractionID, AgentID: nullID(r.AgentID), ReviewerID: r.ReviewerID,
		VersionID: r.VersionID, State: string(r.State), Comment: r.Comment, Score: r.Score,
		Revision: r.Revision, CreatedAt: utcMicro(r.CreatedAt), UpdatedAt: utcMicro(r.UpdatedAt),
		SubmittedAt: utcMicroPtr(r.SubmittedAt), PublishedAt: utcMicroPtr(r.PublishedAt),
	}
}

func fromReviewRow(r reviewRow, ratings []scoring.Rating) scoring.Review {
	return scoring.Review{
		ID: r.ID, InteractionID: r.InteractionID, AgentID: derefID(r.AgentID), ReviewerID: r.ReviewerID,
		VersionID: r.VersionID, State: scoring.ReviewState(r.State), Ratings: ratings, Comment: r.Comment,
		Score: r.Score, Revision: r.Revision, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		SubmittedAt: utcPtr(r.SubmittedAt), PublishedAt: utcPtr(r.PublishedAt),
	}
}

type ratingRow struct {
	ReviewID     int64  `gorm:"column:review_id;primaryKey"`
	CriterionKey string `gorm:"column:criterion_key;primaryKey"`
	Level        *int   `gorm:"column:level"`
	NA           bool   `gorm:"column:na"`
	Comment      string `gorm:"column:comment"`
}

func (ratingRow) TableName() string { return "review_ratings" }

func toRatingRow(reviewID int64, r scoring.Rating) ratingRow {
	return ratingRow{ReviewID: reviewID, CriterionKey: r.CriterionKey, Level: r.Level, NA: r.NA, Comment: r.Comment}
}

func fromRatingRow(r ratingRow) scoring.Rating {
	return scoring.Rating{CriterionKey: r.CriterionKey, Level: r.Level, NA: r.NA, Comment: r.Comment}
}

func utcMicroPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := utcMicro(*t)
	return &u
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// reviewAudit is what the audit log records about a created review.
type reviewAudit struct {
	InteractionID int64            `json:"interaction_id"`
	AgentID       int64            `json:"agent_id,omitempty"`
	ReviewerID    int64            `json:"reviewer_id"`
	VersionID     int64            `json:"rubric_version_id"`
	State         string           `json:"state"`
	Score         *float64         `json:"score"`
	Comment       string           `json:"comment,omitempty"`
	Ratings       []ratingAuditRow `json:"ratings"`
}

type ratingAuditRow struct {
	Key     string `json:"key"`
	Level   *int   `json:"level,omitempty"`
	NA      bool   `json:"na,omitempty"`
	Comment string `json:"comment,omitempty"`
}

func auditReview(r reviewRow, ratings []ratingRow) reviewAudit {
	a := reviewAudit{
		InteractionID: r.InteractionID, AgentID: derefID(r.AgentID), ReviewerID: r.ReviewerID,
		VersionID: r.VersionID, State: r.State, Score: r.Score, Comment: r.Comment,
		Ratings: make([]ratingAuditRow, len(ratings)),
	}
	for i, rt := range ratings {
		a.Ratings[i] = ratingAuditRow{Key: rt.CriterionKey, Level: rt.Level, NA: rt.NA, Comment: rt.Comment}
	}
	return a
}

var reviewStates = map[scoring.ReviewState]bool{
	scoring.ReviewDraft: true, scoring.ReviewSubmitted: true, scoring.ReviewPublished: true,
	scoring.ReviewDisputed: true, scoring.ReviewResolved: true,
}

// checkReview checks what the store can check of a review against its
// pinned version: a known state, a reviewer, a finite score, and ratings
// that name distinct criteria of the version with a level of the
// criterion's scale, or N/A where the criterion allows it. Problems wrap
// ErrInvalid. Scoring itself is the caller's (scoring.Compute).
func checkReview(r *scoring.Review, v rubrics.Version) error {
	var p rubrics.Problems
	if !reviewStates[r.State] {
		p = append(p, rubrics.Problem{Path: "state", Message: fmt.Sprintf("unknown review state %q", r.State)})
	}
	if r.ReviewerID == 0 {
		p = append(p, rubrics.Problem{Path: "reviewer", Message: "a review needs a reviewer"})
	}
	if r.InteractionID == 0 {
		p = append(p, rubrics.Problem{Path: "interaction", Message: "a review needs an interaction"})
	}
	if r.Score != nil && (math.IsNaN(*r.Score) || math.IsInf(*r.Score, 0)) {
		p = append(p, rubrics.Problem{Path: "score", Message: "not a number"})
	}
	if v.Status == rubrics.StatusDraft {
		// A draft can still change; a review must pin content that
		// cannot move under it.
		p = append(p, rubrics.Problem{Path: "version", Message: fmt.Sprintf("version %d is a draft; reviews use published versions", v.Number)})
	}
	criteria := map[string]*rubrics.Criterion{}
	for _, sc := range v.Criteria() {
		criteria[sc.Criterion.Key] = sc.Criterion
	}
	seen := map[string]bool{}
	for i, rt := range r.Ratings {
		path := fmt.Sprintf("ratings[%d]", i)
		c, ok := criteria[rt.CriterionKey]
		switch {
		case !ok:
			p = append(p, rubrics.Problem{Path: path, Message: fmt.Sprintf("version %d has no criterion %q", v.Number, rt.CriterionKey)})
			continue
		case seen[rt.CriterionKey]:
			p = append(p, rubrics.Problem{Path: path, Message: fmt.Sprintf("criterion %q is rated twice", rt.CriterionKey)})
			continue
		}
		seen[rt.CriterionKey] = true
		switch {
		case rt.NA && rt.Level != nil:
			p = append(p, rubrics.Problem{Path: path, Message: fmt.Sprintf("%q is both rated and N/A", c.Name)})
		case rt.NA && !c.AllowNA:
			p = append(p, rubrics.Problem{Path: path, Message: fmt.Sprintf("%q cannot be N/A", c.Name)})
		case rt.Level != nil:
			if _, ok := c.Scale.Level(*rt.Level); !ok {
				p = append(p, rubrics.Problem{Path: path, Message: fmt.Sprintf("%d is not a level of %q's %s scale", *rt.Level, c.Name, c.Scale.Kind)})
			}
		}
	}
	if len(p) > 0 {
		return p
	}
	return nil
}

// prepareReview validates r against v and builds its rows, filling in the
// defaults a new review gets: revision 1, now for missing times, and the
// submission and publication times its state implies (seeded reviews may
// carry their own).
func prepareReview(r *scoring.Review, v rubrics.Version, now time.Time) (reviewRow, []ratingRow, error) {
	if err := checkReview(r, v); err != nil {
		return reviewRow{}, nil, err
	}
	row := toReviewRow(*r)
	row.ID, row.Revision = 0, 1
	if r.CreatedAt.IsZero() {
		row.CreatedAt = now
	}
	if r.UpdatedAt.IsZero() {
		row.UpdatedAt = row.CreatedAt
	}
	if row.SubmittedAt == nil && r.State != scoring.ReviewDraft {
		t := row.CreatedAt
		row.SubmittedAt = &t
	}
	switch r.State {
	case scoring.ReviewPublished, scoring.ReviewDisputed, scoring.ReviewResolved:
		if row.PublishedAt == nil {
			t := *row.SubmittedAt
			row.PublishedAt = &t
		}
	}
	ratings := make([]ratingRow, len(r.Ratings))
	for i, rt := range r.Ratings {
		ratings[i] = toRatingRow(0, rt)
	}
	return row, ratings, nil
}

// versionsByID loads and decodes the given versions in one query. A
// missing version is ErrInvalid: the caller named it as a reference.
func (d *DB) versionsByID(db *gorm.DB, ids []int64) (map[int64]rubrics.Version, error) {
	var rows []versionRow
	if err := db.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make(map[int64]rubrics.Version, len(rows))
	for _, r := range rows {
		v, err := fromVersionRow(r)
		if err != nil {
			return nil, err
		}
		out[r.ID] = v
	}
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			return nil, fmt.Errorf("rubric version %d does not exist: %w", id, rubrics.ErrInvalid)
		}
	}
	return out, nil
}

// insertReviews writes prepared reviews, their ratings and one audit event
// each inside tx, filling in the rows' ids.
func (d *DB) insertReviews(tx *gorm.DB, by scoring.Actor, rows []reviewRow, ratings [][]ratingRow) error {
	if err := tx.CreateInBatches(rows, 200).Error; err != nil {
		return translate(err)
	}
	var all []ratingRow
	events := make([]auditEntry, len(rows))
	for i := range rows {
		for j := range ratings[i] {
			ratings[i][j].ReviewID = rows[i].ID
		}
		all = append(all, ratings[i]...)
		events[i] = auditEntry{Action: "review.create", Entity: "review", EntityID: rows[i].ID, After: auditReview(rows[i], ratings[i])}
	}
	if len(all) > 0 {
		if err := tx.CreateInBatches(all, 500).Error; err != nil {
			return translate(err)
		}
	}
	return d.appendAudits(tx, by, events)
}

// CreateReview stores a review and its ratings in one transaction with an
// audit event, and fills r with what was stored (ID, revision 1, times).
// Any state is accepted, so demo data and imports can seed history; the
// grading workflow enforces transitions. Ratings must name distinct
// criteria of the pinned version, which must not be a draft, with levels
// of their scales, and N/A only where allowed: otherwise rubrics.Problems
// (ErrInvalid) and nothing is written. The score is stored as given.
func (d *DB) CreateReview(ctx context.Context, r *scoring.Review, by scoring.Actor) error {
	now := utcMicro(time.Now())
	var (
		row     reviewRow
		ratings []ratingRow
	)
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The version is read inside the transaction so it cannot be
		// deleted (as a draft) between the check and the insert.
		vs, err := d.versionsByID(tx, []int64{r.VersionID})
		if err != nil {
			return err
		}
		if row, ratings, err = prepareReview(r, vs[r.VersionID], now); err != nil {
			return err
		}
		rows := []reviewRow{row}
		if err := d.insertReviews(tx, by, rows, [][]ratingRow{ratings}); err != nil {
			return err
		}
		row = rows[0] // with its id
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: create review of interaction %d: %w", r.InteractionID, err)
	}
	out := make([]scoring.Rating, len(ratings))
	for i, rt := range ratings {
		out[i] = fromRatingRow(rt)
	}
	*r = fromReviewRow(row, out)
	return nil
}

// reviewBatch is how many reviews CreateReviews writes per transaction:
// large enough to amortise commits, small enough that the SQLite writer
// is not held for long.
const reviewBatch = 200

// CreateReviews stores many reviews, as CreateReview does, in
// transactions of 200 for bulk seeding, and fills in each element of rs.
// Every review is validated before anything is written; it returns how
// many were stored, which on a failure part-way through counts the
// batches already committed.
func (d *DB) CreateReviews(ctx context.Context, rs []scoring.Review, by scoring.Actor) (int, error) {
	if len(rs) == 0 {
		return 0, nil
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, r := range rs {
		if !seen[r.VersionID] {
			seen[r.VersionID] = true
			ids = append(ids, r.VersionID)
		}
	}
	vs, err := d.versionsByID(d.r.WithContext(ctx), ids)
	if err != nil {
		return 0, fmt.Errorf("store: create reviews: %w", err)
	}
	now := utcMicro(time.Now())
	rows := make([]reviewRow, len(rs))
	ratings := make([][]ratingRow, len(rs))
	for i := range rs {
		if rows[i], ratings[i], err = prepareReview(&rs[i], vs[rs[i].VersionID], now); err != nil {
			return 0, fmt.Errorf("store: create reviews: review %d (interaction %d): %w", i, rs[i].InteractionID, err)
		}
	}
	done := 0
	for start := 0; start < len(rs); start += reviewBatch {
		end := min(start+reviewBatch, len(rs))
		err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return d.insertReviews(tx, by, rows[start:end], ratings[start:end])
		})
		if err != nil {
			return done, fmt.Errorf("store: create reviews %d–%d: %w", start, end-1, err)
		}
		for i := start; i < end; i++ {
			out := make([]scoring.Rating, len(ratings[i]))
			for j, rt := range ratings[i] {
				out[j] = fromRatingRow(rt)
			}
			rs[i] = fromReviewRow(rows[i], out)
		}
		done = end
	}
	return done, nil
}

// Review returns a review with its ratings ordered by criterion key, or an
// error wrapping ErrNotFound.
func (d *DB) Review(ctx context.Context, id int64) (scoring.Review, error) {
	db := d.r.WithContext(ctx)
	var row reviewRow
	if err := db.Where("id = ?", id).Take(&row).Error; err != nil {
		return scoring.Review{}, fmt.Errorf("store: review %d: %w", id, translate(err))
	}
	var rows []ratingRow
	if err := db.Where("review_id = ?", id).Order("criterion_key").Find(&rows).Error; err != nil {
		return scoring.Review{}, fmt.Errorf("store: review %d: %w", id, translate(err))
	}
	ratings := make([]scoring.Rating, len(rows))
	for i, r := range rows {
		ratings[i] = fromRatingRow(r)
	}
	return fromReviewRow(row, ratings), nil
}

// scoredStates are the review states whose ratings count: everything but
// a grader's private draft.
var scoredStates = []string{
	string(scoring.ReviewSubmitted), string(scoring.ReviewPublished),
	string(scoring.ReviewDisputed), string(scoring.ReviewResolved),
}

// reviewScoreRow is a review joined with its agent's name.
type reviewScoreRow struct {
	ID          int64      `gorm:"column:id"`
	AgentID     *int64     `gorm:"column:agent_id"`
	AgentName   *string    `gorm:"column:agent_name"`
	VersionID   int64      `gorm:"column:rubric_version_id"`
	CreatedAt   time.Time  `gorm:"column:created_at"`
	SubmittedAt *time.Time `gorm:"column:submitted_at"`
}

// ReviewScoresForRubric returns the ratings of every review in a state
// other than draft (submitted, published, disputed, resolved) made with
// any version of the rubric, ordered by review id, in two queries. At is
// when the review was submitted. An unknown rubric returns none.
func (d *DB) ReviewScoresForRubric(ctx context.Context, rubricID int64) ([]scoring.ReviewScores, error) {
	db := d.r.WithContext(ctx)
	var rows []reviewScoreRow
	err := db.Raw(`SELECT r.id, r.agent_id, u.name AS agent_name, r.rubric_version_id, r.created_at, r.submitted_at
		FROM reviews r
		JOIN rubric_versions v ON v.id = r.rubric_version_id
		LEFT JOIN users u ON u.id = r.agent_id
		WHERE v.rubric_id = ? AND r.state IN ?
		ORDER BY r.id`, rubricID, scoredStates).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: review scores of rubric %d: %w", rubricID, translate(err))
	}
	out := make([]scoring.ReviewScores, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	idx := make(map[int64]int, len(rows))
	for i, r := range rows {
		s := scoring.ReviewScores{ReviewID: r.ID, AgentID: derefID(r.AgentID), VersionID: r.VersionID, At: r.CreatedAt.UTC(), Ratings: []scoring.Rating{}}
		if r.AgentName != nil {
			s.AgentName = *r.AgentName
		}
		if r.SubmittedAt != nil {
			s.At = r.SubmittedAt.UTC()
		}
		out[i] = s
		idx[r.ID] = i
	}
	// The same conditions again rather than an IN list of review ids,
	// which could exceed the drivers' parameter limits.
	var ratings []ratingRow
	err = db.Raw(`SELECT rr.review_id, rr.criterion_key, rr.level, rr.na, rr.comment
		FROM review_ratings rr
		JOIN reviews r ON r.id = rr.review_id
		JOIN rubric_versions v ON v.id = r.rubric_version_id
		WHERE v.rubric_id = ? AND r.state IN ?
		ORDER BY rr.review_id, rr.criterion_key`, rubricID, scoredStates).Scan(&ratings).Error
	if err != nil {
		return nil, fmt.Errorf("store: review scores of rubric %d: %w", rubricID, translate(err))
	}
	for _, rt := range ratings {
		// A review that changed state between the two queries may
		// appear in only one of them; ratings without their review
		// are dropped.
		if i, ok := idx[rt.ReviewID]; ok {
			out[i].Ratings = append(out[i].Ratings, fromRatingRow(rt))
		}
	}
	return out, nil
}
