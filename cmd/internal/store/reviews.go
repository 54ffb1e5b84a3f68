package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
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

// evidenceRow is one evidence span of a rating.
type evidenceRow struct {
	ID           int64  `gorm:"column:id;primaryKey"`
	ReviewID     int64  `gorm:"column:review_id"`
	CriterionKey string `gorm:"column:criterion_key"`
	TurnID       int64  `gorm:"column:turn_id"`
	StartRune    int    `gorm:"column:start_rune"`
	EndRune      int    `gorm:"column:end_rune"`
	Quote        string `gorm:"column:quote"`
}

func (evidenceRow) TableName() string { return "review_evidence" }

// toRatingRows splits ratings into their rows and their evidence rows.
func toRatingRows(reviewID int64, rs []scoring.Rating) ([]ratingRow, []evidenceRow) {
	ratings := make([]ratingRow, len(rs))
	var evidence []evidenceRow
	for i, rt := range rs {
		ratings[i] = toRatingRow(reviewID, rt)
		for _, e := range rt.Evidence {
			evidence = append(evidence, evidenceRow{
				ReviewID: reviewID, CriterionKey: rt.CriterionKey, TurnID: e.TurnID,
				StartRune: e.Start, EndRune: e.End, Quote: e.Quote,
			})
		}
	}
	return ratings, evidence
}

// fromRatingRows joins ratings with their evidence, keeping both orders.
// A rating without evidence has nil Evidence.
func fromRatingRows(ratings []ratingRow, evidence []evidenceRow) []scoring.Rating {
	out := make([]scoring.Rating, len(ratings))
	idx := make(map[string]int, len(ratings))
	for i, r := range ratings {
		out[i] = fromRatingRow(r)
		idx[r.CriterionKey] = i
	}
	for _, e := range evidence {
		if i, ok := idx[e.CriterionKey]; ok {
			out[i].Evidence = append(out[i].Evidence, scoring.Evidence{TurnID: e.TurnID, Start: e.StartRune, End: e.EndRune, Quote: e.Quote})
		}
	}
	return out
}

// evidenceCheck is one span to check against the turns of the review's
// interaction.
type evidenceCheck struct {
	interactionID int64
	ev            *evidenceRow
}

// checkEvidence checks each span lies inside a turn of its review's
// interaction, counting the stored text in runes (as the span does), and
// fills in its quote from that text: the stored words, not whatever the
// browser sent, are what the evidence quotes. Problems (ErrInvalid) are at
// the criterion's path. The turns are read in chunks of 500 ids.
func checkEvidence(db *gorm.DB, checks []evidenceCheck) error {
	if len(checks) == 0 {
		return nil
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, c := range checks {
		if !seen[c.ev.TurnID] {
			seen[c.ev.TurnID] = true
			ids = append(ids, c.ev.TurnID)
		}
	}
	type turnText struct {
		ID            int64  `gorm:"column:id"`
		InteractionID int64  `gorm:"column:interaction_id"`
		Text          string `gorm:"column:text"`
	}
	turns := make(map[int64]turnText, len(ids))
	for start := 0; start < len(ids); start += 500 {
		var rows []turnText
		if err := db.Raw("SELECT id, interaction_id, text FROM turns WHERE id IN ?", ids[start:min(start+500, len(ids))]).Scan(&rows).Error; err != nil {
			return translate(err)
		}
		for _, r := range rows {
			turns[r.ID] = r
		}
	}
	var p rubrics.Problems
	for _, c := range checks {
		e := c.ev
		path := scoring.CriterionPath(e.CriterionKey)
		t, ok := turns[e.TurnID]
		switch {
		case !ok || t.InteractionID != c.interactionID:
			p = append(p, rubrics.Problem{Path: path, Message: fmt.Sprintf("evidence turn %d is not part of this conversation", e.TurnID)})
			continue
		case e.StartRune < 0 || e.StartRune >= e.EndRune:
			p = append(p, rubrics.Problem{Path: path, Message: fmt.Sprintf("evidence span [%d, %d) is empty or negative", e.StartRune, e.EndRune)})
			continue
		}
		runes := []rune(t.Text)
		if e.EndRune > len(runes) {
			p = append(p, rubrics.Problem{Path: path, Message: fmt.Sprintf("evidence span [%d, %d) runs past the end of the turn (%d characters)", e.StartRune, e.EndRune, len(runes))})
			continue
		}
		e.Quote = string(runes[e.StartRune:e.EndRune])
	}
	if len(p) > 0 {
		return p
	}
	return nil
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
	Key      string          `json:"key"`
	Level    *int            `json:"level,omitempty"`
	NA       bool            `json:"na,omitempty"`
	Comment  string          `json:"comment,omitempty"`
	Evidence []evidenceAudit `json:"evidence,omitempty"`
}

type evidenceAudit struct {
	TurnID int64  `json:"turn_id"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Quote  string `json:"quote"`
}

func auditReview(r reviewRow, ratings []ratingRow, evidence []evidenceRow) reviewAudit {
	a := reviewAudit{
		InteractionID: r.InteractionID, AgentID: derefID(r.AgentID), ReviewerID: r.ReviewerID,
		VersionID: r.VersionID, State: r.State, Score: r.Score, Comment: r.Comment,
		Ratings: make([]ratingAuditRow, len(ratings)),
	}
	idx := make(map[string]int, len(ratings))
	for i, rt := range ratings {
		a.Ratings[i] = ratingAuditRow{Key: rt.CriterionKey, Level: rt.Level, NA: rt.NA, Comment: rt.Comment}
		idx[rt.CriterionKey] = i
	}
	for _, e := range evidence {
		if i, ok := idx[e.CriterionKey]; ok {
			a.Ratings[i].Evidence = append(a.Ratings[i].Evidence, evidenceAudit{TurnID: e.TurnID, Start: e.StartRune, End: e.EndRune, Quote: e.Quote})
		}
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
func prepareReview(r *scoring.Review, v rubrics.Version, now time.Time) (reviewRow, []ratingRow, []evidenceRow, error) {
	if err := checkReview(r, v); err != nil {
		return reviewRow{}, nil, nil, err
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
	if r.State.VisibleToAgent() && row.PublishedAt == nil {
		t := *row.SubmittedAt
		row.PublishedAt = &t
	}
	ratings, evidence := toRatingRows(0, r.Ratings)
	return row, ratings, evidence, nil
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

// insertReviews writes prepared reviews, their ratings and evidence and
// one audit event each inside tx, filling in the rows' ids. Evidence is
// checked against the turns (see checkEvidence) and its quotes filled in.
// Published and resolved reviews are inserted as drafts and given their
// state once their ratings are in, because the database refuses ratings
// and evidence for a review in a final state.
func (d *DB) insertReviews(tx *gorm.DB, by scoring.Actor, rows []reviewRow, ratings [][]ratingRow, evidence [][]evidenceRow) error {
	final := map[string][]int{} // final state → indexes of rows inserted as drafts
	for i := range rows {
		switch st := rows[i].State; st {
		case string(scoring.ReviewPublished), string(scoring.ReviewResolved):
			final[st] = append(final[st], i)
			rows[i].State = string(scoring.ReviewDraft)
		}
	}
	err := tx.CreateInBatches(rows, 200).Error
	for st, idx := range final {
		for _, i := range idx {
			rows[i].State = st
		}
	}
	if err != nil {
		return translate(err)
	}
	var (
		all    []ratingRow
		allEv  []evidenceRow
		checks []evidenceCheck
	)
	for i := range rows {
		for j := range ratings[i] {
			ratings[i][j].ReviewID = rows[i].ID
		}
		all = append(all, ratings[i]...)
		for j := range evidence[i] {
			evidence[i][j].ReviewID = rows[i].ID
			checks = append(checks, evidenceCheck{interactionID: rows[i].InteractionID, ev: &evidence[i][j]})
		}
	}
	if err := checkEvidence(tx, checks); err != nil {
		return err
	}
	if len(all) > 0 {
		if err := tx.CreateInBatches(all, 500).Error; err != nil {
			return translate(err)
		}
	}
	for i := range rows {
		allEv = append(allEv, evidence[i]...)
	}
	if len(allEv) > 0 {
		if err := tx.CreateInBatches(allEv, 500).Error; err != nil {
			return translate(err)
		}
		// CreateInBatches filled ids into the copies in allEv.
		k := 0
		for i := range evidence {
			for j := range evidence[i] {
				evidence[i][j].ID = allEv[k].ID
				k++
			}
		}
	}
	for _, st := range []string{string(scoring.ReviewPublished), string(scoring.ReviewResolved)} {
		idx := final[st]
		if len(idx) == 0 {
			continue
		}
		ids := make([]int64, len(idx))
		for k, i := range idx {
			ids[k] = rows[i].ID
		}
		if err := tx.Exec("UPDATE reviews SET state = ? WHERE id IN ?", st, ids).Error; err != nil {
			return translate(err)
		}
	}
	events := make([]auditEntry, len(rows))
	for i := range rows {
		events[i] = auditEntry{Action: "review.create", Entity: "review", EntityID: rows[i].ID, After: auditReview(rows[i], ratings[i], evidence[i])}
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
		row      reviewRow
		ratings  []ratingRow
		evidence []evidenceRow
	)
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The version is read inside the transaction so it cannot be
		// deleted (as a draft) between the check and the insert.
		vs, err := d.versionsByID(tx, []int64{r.VersionID})
		if err != nil {
			return err
		}
		if row, ratings, evidence, err = prepareReview(r, vs[r.VersionID], now); err != nil {
			return err
		}
		rows := []reviewRow{row}
		evs := [][]evidenceRow{evidence}
		if err := d.insertReviews(tx, by, rows, [][]ratingRow{ratings}, evs); err != nil {
			return err
		}
		row, evidence = rows[0], evs[0] // with ids and quotes
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: create review of interaction %d: %w", r.InteractionID, err)
	}
	*r = fromReviewRow(row, fromRatingRows(ratings, evidence))
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
	evidence := make([][]evidenceRow, len(rs))
	for i := range rs {
		if rows[i], ratings[i], evidence[i], err = prepareReview(&rs[i], vs[rs[i].VersionID], now); err != nil {
			return 0, fmt.Errorf("store: create reviews: review %d (interaction %d): %w", i, rs[i].InteractionID, err)
		}
	}
	done := 0
	for start := 0; start < len(rs); start += reviewBatch {
		end := min(start+reviewBatch, len(rs))
		err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return d.insertReviews(tx, by, rows[start:end], ratings[start:end], evidence[start:end])
		})
		if err != nil {
			return done, fmt.Errorf("store: create reviews %d–%d: %w", start, end-1, err)
		}
		for i := start; i < end; i++ {
			rs[i] = fromReviewRow(rows[i], fromRatingRows(ratings[i], evidence[i]))
		}
		done = end
	}
	return done, nil
}

// Review returns a review with its ratings ordered by criterion key, each
// with its evidence in the order it was attached, or an error wrapping
// ErrNotFound. Three queries, on the read pool.
func (d *DB) Review(ctx context.Context, id int64) (scoring.Review, error) {
	r, err := d.loadReview(d.r.WithContext(ctx), id)
	if err != nil {
		return scoring.Review{}, fmt.Errorf("store: review %d: %w", id, err)
	}
	return r, nil
}

// loadReview reads a review with its ratings and evidence through db (a
// transaction when the caller needs a consistent view).
func (d *DB) loadReview(db *gorm.DB, id int64) (scoring.Review, error) {
	row, ratings, evidence, err := loadReviewRows(db, id)
	if err != nil {
		return scoring.Review{}, err
	}
	return fromReviewRow(row, fromRatingRows(ratings, evidence)), nil
}

func loadReviewRows(db *gorm.DB, id int64) (reviewRow, []ratingRow, []evidenceRow, error) {
	var row reviewRow
	if err := db.Where("id = ?", id).Take(&row).Error; err != nil {
		return reviewRow{}, nil, nil, translate(err)
	}
	var ratings []ratingRow
	if err := db.Where("review_id = ?", id).Order("criterion_key").Find(&ratings).Error; err != nil {
		return reviewRow{}, nil, nil, translate(err)
	}
	var evidence []evidenceRow
	if err := db.Where("review_id = ?", id).Order("criterion_key, id").Find(&evidence).Error; err != nil {
		return reviewRow{}, nil, nil, translate(err)
	}
	return row, ratings, evidence, nil
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

// forUpdate is the row-lock suffix for reads that decide a write: on
// PostgreSQL a SELECT … FOR NO KEY UPDATE (which, unlike FOR UPDATE, does
// not block inserts of rows that reference the locked one); SQLite
// transactions already hold the database's write lock.
func (d *DB) forUpdate() string {
	if d.dialect == DialectPostgres {
		return " FOR NO KEY UPDATE"
	}
	return ""
}

// StartReview returns by's draft of the interaction with any version of
// the rubric, or creates one pinned to the rubric's published version,
// with the interaction's agent, and an audit event. A missing interaction
// or rubric is ErrNotFound; a rubric without a published version, or the
// system actor (who cannot grade), is ErrInvalid. Concurrent starts by the
// same reviewer get the same draft: the interaction row is locked first.
func (d *DB) StartReview(ctx context.Context, interactionID, rubricID int64, by scoring.Actor) (scoring.Review, error) {
	if by.UserID == 0 {
		return scoring.Review{}, fmt.Errorf("store: start review: a review needs a reviewer: %w", rubrics.ErrInvalid)
	}
	var id int64
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ins []struct {
			ID      int64  `gorm:"column:id"`
			AgentID *int64 `gorm:"column:agent_id"`
		}
		if err := tx.Raw("SELECT id, agent_id FROM interactions WHERE id = ?"+d.forUpdate(), interactionID).Scan(&ins).Error; err != nil {
			return translate(err)
		}
		if len(ins) == 0 {
			return fmt.Errorf("interaction %d: %w", interactionID, rubrics.ErrNotFound)
		}
		var drafts []int64
		err := tx.Raw(`SELECT r.id FROM reviews r JOIN rubric_versions v ON v.id = r.rubric_version_id
			WHERE r.interaction_id = ? AND r.reviewer_id = ? AND v.rubric_id = ? AND r.state = ?
			ORDER BY r.id LIMIT 1`, interactionID, by.UserID, rubricID, string(scoring.ReviewDraft)).Scan(&drafts).Error
		if err != nil {
			return translate(err)
		}
		if len(drafts) > 0 {
			id = drafts[0]
			return nil
		}
		var vs []versionRow
		if err := tx.Where("rubric_id = ? AND status = ?", rubricID, string(rubrics.StatusPublished)).Find(&vs).Error; err != nil {
			return translate(err)
		}
		if len(vs) == 0 {
			var n int64
			if err := tx.Model(&rubricRow{}).Where("id = ?", rubricID).Count(&n).Error; err != nil {
				return translate(err)
			}
			if n == 0 {
				return fmt.Errorf("rubric %d: %w", rubricID, rubrics.ErrNotFound)
			}
			return fmt.Errorf("rubric %d has no published version yet; publish it before reviewing with it: %w", rubricID, rubrics.ErrInvalid)
		}
		now := utcMicro(time.Now())
		row := reviewRow{
			InteractionID: interactionID, AgentID: ins[0].AgentID, ReviewerID: by.UserID, VersionID: vs[0].ID,
			State: string(scoring.ReviewDraft), Revision: 1, CreatedAt: now, UpdatedAt: now,
		}
		if err := tx.Create(&row).Error; err != nil {
			return translate(err)
		}
		id = row.ID
		return d.appendAudit(tx, by, "review.start", "review", row.ID, nil, auditReview(row, nil, nil))
	})
	if err != nil {
		return scoring.Review{}, fmt.Errorf("store: start review of interaction %d with rubric %d: %w", interactionID, rubricID, err)
	}
	return d.Review(ctx, id)
}

// lockReview is the optimistic lock of the grading workflow: it bumps the
// review's revision if it is in state want at revision, and otherwise
// explains why not — ErrNotFound, or ErrConflict saying whether the
// review moved on (published, submitted) or someone else saved it. The
// guarded UPDATE runs first in the transaction, so of two writers at the
// same revision exactly one gets the row, on either database.
func (d *DB) lockReview(tx *gorm.DB, id, revision int64, want scoring.ReviewState, now time.Time) error {
	res := tx.Exec("UPDATE reviews SET revision = revision + 1, updated_at = ? WHERE id = ? AND state = ? AND revision = ?",
		now, id, string(want), revision)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var cur reviewRow
	if err := tx.Where("id = ?", id).Take(&cur).Error; err != nil {
		return translate(err)
	}
	if cur.State != string(want) {
		return fmt.Errorf("review is %s, not %s; reload to see it: %w", cur.State, want, rubrics.ErrConflict)
	}
	return fmt.Errorf("someone else saved this review (revision %d, you had %d); reload: %w",
		cur.Revision, revision, rubrics.ErrConflict)
}

// ownReview refuses changes to a draft by anyone but its reviewer (the
// system actor, 0, may: seeding and the CLI).
func ownReview(row reviewRow, by scoring.Actor) error {
	if by.UserID != 0 && by.UserID != row.ReviewerID {
		return fmt.Errorf("only the reviewer can change a draft: %w", rubrics.ErrForbidden)
	}
	return nil
}

// SaveReviewDraft replaces a draft's comment and ratings with their
// evidence, as r carries them (ID, Revision, Comment, Ratings; nothing
// else is read), and fills r with what was stored, its Revision
// incremented. A review that is not a draft, or a stale revision, is
// ErrConflict; a draft of another reviewer is ErrForbidden; ratings the
// pinned version cannot hold (see CreateReview), or evidence outside the
// interaction's turns (spans count runes of the stored text), are
// rubrics.Problems. Ratings need not be complete: SubmitReview checks
// that. One audit event records before and after.
func (d *DB) SaveReviewDraft(ctx context.Context, r *scoring.Review, by scoring.Actor) error {
	now := utcMicro(time.Now())
	var out scoring.Review
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := d.lockReview(tx, r.ID, r.Revision, scoring.ReviewDraft, now); err != nil {
			return err
		}
		// The row is ours until commit: what is read now is "before".
		cur, oldRatings, oldEvidence, err := loadReviewRows(tx, r.ID)
		if err != nil {
			return err
		}
		if err := ownReview(cur, by); err != nil {
			return err
		}
		before := auditReview(cur, oldRatings, oldEvidence)
		vs, err := d.versionsByID(tx, []int64{cur.VersionID})
		if err != nil {
			return err
		}
		in := fromReviewRow(cur, r.Ratings)
		in.Comment = r.Comment
		if err := checkReview(&in, vs[cur.VersionID]); err != nil {
			return err
		}
		ratings, evidence := toRatingRows(cur.ID, r.Ratings)
		checks := make([]evidenceCheck, len(evidence))
		for i := range evidence {
			checks[i] = evidenceCheck{interactionID: cur.InteractionID, ev: &evidence[i]}
		}
		if err := checkEvidence(tx, checks); err != nil {
			return err
		}
		if err := tx.Exec("UPDATE reviews SET comment = ? WHERE id = ?", r.Comment, cur.ID).Error; err != nil {
			return translate(err)
		}
		if err := tx.Exec("DELETE FROM review_evidence WHERE review_id = ?", cur.ID).Error; err != nil {
			return translate(err)
		}
		if err := tx.Exec("DELETE FROM review_ratings WHERE review_id = ?", cur.ID).Error; err != nil {
			return translate(err)
		}
		if len(ratings) > 0 {
			if err := tx.Create(&ratings).Error; err != nil {
				return translate(err)
			}
		}
		if len(evidence) > 0 {
			if err := tx.Create(&evidence).Error; err != nil {
				return translate(err)
			}
		}
		cur.Comment = r.Comment
		slices.SortFunc(ratings, func(a, b ratingRow) int { return strings.Compare(a.CriterionKey, b.CriterionKey) })
		out = fromReviewRow(cur, fromRatingRows(ratings, evidence))
		return d.appendAudit(tx, by, "review.save", "review", cur.ID, before, auditReview(cur, ratings, evidence))
	})
	if err != nil {
		return fmt.Errorf("store: save review %d: %w", r.ID, err)
	}
	*r = out
	return nil
}

// SubmitReview submits by's draft at revision: it must pass
// scoring.CheckSubmit against the pinned version (rubrics.Problems
// otherwise, and nothing changes), its score is scoring.Compute's (nil
// when unavailable), and it becomes published — or submitted, awaiting
// ApproveReview, when the version asks for a second check. Stale or not
// a draft: ErrConflict; another reviewer's draft: ErrForbidden. One audit
// event.
func (d *DB) SubmitReview(ctx context.Context, id, revision int64, by scoring.Actor) (scoring.Review, error) {
	now := utcMicro(time.Now())
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := d.lockReview(tx, id, revision, scoring.ReviewDraft, now); err != nil {
			return err
		}
		cur, ratings, evidence, err := loadReviewRows(tx, id)
		if err != nil {
			return err
		}
		if err := ownReview(cur, by); err != nil {
			return err
		}
		before := auditReview(cur, ratings, evidence)
		vs, err := d.versionsByID(tx, []int64{cur.VersionID})
		if err != nil {
			return err
		}
		v := vs[cur.VersionID]
		rs := fromRatingRows(ratings, evidence)
		if err := scoring.CheckSubmit(v, rs); err != nil {
			return err
		}
		res := scoring.Compute(v, rs)
		cur.Score = nil
		if res.Available {
			s := res.Score
			cur.Score = &s
		}
		cur.State = string(scoring.ReviewPublished)
		cur.SubmittedAt = &now
		cur.PublishedAt = &now
		action := "review.publish"
		if v.SecondCheck {
			cur.State, cur.PublishedAt, action = string(scoring.ReviewSubmitted), nil, "review.submit"
		}
		err = tx.Exec("UPDATE reviews SET state = ?, score = ?, submitted_at = ?, published_at = ? WHERE id = ?",
			cur.State, cur.Score, cur.SubmittedAt, cur.PublishedAt, id).Error
		if err != nil {
			return translate(err)
		}
		return d.appendAudit(tx, by, action, "review", id, before, auditReview(cur, ratings, evidence))
	})
	if err != nil {
		return scoring.Review{}, fmt.Errorf("store: submit review %d: %w", id, err)
	}
	return d.Review(ctx, id)
}

// ApproveReview publishes a submitted review at revision: the second
// check. Its reviewer may not approve it (ErrForbidden); a review that is
// not submitted, or a stale revision, is ErrConflict. One audit event.
func (d *DB) ApproveReview(ctx context.Context, id, revision int64, by scoring.Actor) (scoring.Review, error) {
	now := utcMicro(time.Now())
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Checked before the lock so that a reviewer approving their own
		// review hears why, not "conflict".
		var cur reviewRow
		if err := tx.Where("id = ?", id).Take(&cur).Error; err != nil {
			return translate(err)
		}
		if cur.ReviewerID == by.UserID {
			return fmt.Errorf("a reviewer cannot approve their own review: %w", rubrics.ErrForbidden)
		}
		if err := d.lockReview(tx, id, revision, scoring.ReviewSubmitted, now); err != nil {
			return err
		}
		cur, ratings, evidence, err := loadReviewRows(tx, id)
		if err != nil {
			return err
		}
		before := auditReview(cur, ratings, evidence)
		if err := tx.Exec("UPDATE reviews SET state = ?, published_at = ? WHERE id = ?", string(scoring.ReviewPublished), now, id).Error; err != nil {
			return translate(err)
		}
		cur.State, cur.PublishedAt = string(scoring.ReviewPublished), &now
		return d.appendAudit(tx, by, "review.approve", "review", id, before, auditReview(cur, ratings, evidence))
	})
	if err != nil {
		return scoring.Review{}, fmt.Errorf("store: approve review %d: %w", id, err)
	}
	return d.Review(ctx, id)
}

// reviewSummaryRow is a review joined with the names a list shows.
type reviewSummaryRow struct {
	ID            int64      `gorm:"column:id"`
	InteractionID int64      `gorm:"column:interaction_id"`
	Subject       string     `gorm:"column:subject"`
	Channel       string     `gorm:"column:channel"`
	AgentID       *int64     `gorm:"column:agent_id"`
	AgentName     *string    `gorm:"column:agent_name"`
	ReviewerID    int64      `gorm:"column:reviewer_id"`
	ReviewerName  string     `gorm:"column:reviewer_name"`
	RubricID      int64      `gorm:"column:rubric_id"`
	RubricName    string     `gorm:"column:rubric_name"`
	VersionID     int64      `gorm:"column:rubric_version_id"`
	VersionNumber int        `gorm:"column:version_number"`
	State         string     `gorm:"column:state"`
	Score         *float64   `gorm:"column:score"`
	UpdatedAt     time.Time  `gorm:"column:updated_at"`
	PublishedAt   *time.Time `gorm:"column:published_at"`
	ReadAt        *time.Time `gorm:"column:read_at"`
	AckAt         *time.Time `gorm:"column:acknowledged_at"`
}

// MarkReviewRead records that userID opened the review at at, once: the
// first read is kept, later ones change nothing. It is not audited —
// reading is not a change to the review — and it never touches the
// review's own row, which is immutable once published.
func (d *DB) MarkReviewRead(ctx context.Context, reviewID, userID int64, at time.Time) error {
	err := d.w.WithContext(ctx).Exec(`INSERT INTO review_reads (review_id, user_id, read_at) VALUES (?, ?, ?)
		ON CONFLICT (review_id, user_id) DO NOTHING`, reviewID, userID, utcMicro(at)).Error
	if err != nil {
		return fmt.Errorf("store: mark review read: %w", translate(err))
	}
	return nil
}

// AcknowledgeReview records that userID, the review's agent, acknowledged
// it at at, with an audit event in the same transaction: when an agent
// confirmed reading their scorecard is something a QA team answers for.
// Acknowledging again changes nothing (the first time stands). Only the
// review's own agent may acknowledge, and only a review they can see
// (published, disputed or resolved); anything else is ErrForbidden or
// ErrNotFound. It returns when the review was first acknowledged.
func (d *DB) AcknowledgeReview(ctx context.Context, reviewID, userID int64, at time.Time, by scoring.Actor) (time.Time, error) {
	at = utcMicro(at)
	var first time.Time
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var cur struct {
			AgentID *int64 `gorm:"column:agent_id"`
			State   string `gorm:"column:state"`
		}
		res := tx.Raw("SELECT agent_id, state FROM reviews WHERE id = ?", reviewID).Scan(&cur)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return rubrics.ErrNotFound
		}
		if cur.AgentID == nil || *cur.AgentID != userID {
			return rubrics.ErrForbidden
		}
		if !scoring.ReviewState(cur.State).VisibleToAgent() {
			return rubrics.ErrNotFound
		}
		var prev struct {
			AcknowledgedAt *time.Time `gorm:"column:acknowledged_at"`
		}
		if err := tx.Raw("SELECT acknowledged_at FROM review_reads WHERE review_id = ? AND user_id = ?", reviewID, userID).Scan(&prev).Error; err != nil {
			return err
		}
		if prev.AcknowledgedAt != nil {
			first = prev.AcknowledgedAt.UTC()
			return nil
		}
		if err := tx.Exec(`INSERT INTO review_reads (review_id, user_id, read_at, acknowledged_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (review_id, user_id) DO UPDATE SET acknowledged_at = excluded.acknowledged_at`, reviewID, userID, at, at).Error; err != nil {
			return err
		}
		first = at
		return d.appendAudit(tx, by, "review.acknowledge", "review", reviewID, nil, map[string]any{"acknowledged_at": at})
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("store: acknowledge review %d: %w", reviewID, translate(err))
	}
	return first, nil
}

// ReviewAcknowledgedAt returns when agentID acknowledged the review, or
// nil when they have not.
func (d *DB) ReviewAcknowledgedAt(ctx context.Context, reviewID, agentID int64) (*time.Time, error) {
	var row struct {
		AcknowledgedAt *time.Time `gorm:"column:acknowledged_at"`
	}
	if err := d.r.WithContext(ctx).Raw("SELECT acknowledged_at FROM review_reads WHERE review_id = ? AND user_id = ?", reviewID, agentID).Scan(&row).Error; err != nil {
		return nil, fmt.Errorf("store: review %d acknowledgement: %w", reviewID, translate(err))
	}
	return utcPtr(row.AcknowledgedAt), nil
}

// Review list paging: the default and the largest page.
const (
	defaultReviewPage = 50
	maxReviewPage     = 200
)

// ListReviews pages through reviews matching f, newest first (by
// creation, then id; oldest first with f.OldestFirst), with the total, in
// two queries. A Limit of 0 means
// 50; more than 200 is cut to 200. Visibility (whose drafts, whose
// agents) is the caller's filter.
func (d *DB) ListReviews(ctx context.Context, f scoring.ReviewFilter) ([]scoring.ReviewSummary, int, error) {
	where := []string{"1 = 1"}
	var args []any
	if f.AgentID != 0 {
		where, args = append(where, "r.agent_id = ?"), append(args, f.AgentID)
	}
	if f.ReviewerID != 0 {
		where, args = append(where, "r.reviewer_id = ?"), append(args, f.ReviewerID)
	}
	if f.SupervisorID != 0 {
		// The same "agents of teams I supervise" as the interaction scope.
		where = append(where, `r.agent_id IN (SELECT a.user_id FROM team_memberships sv
			JOIN team_memberships a ON a.team_id = sv.team_id AND a.kind = 'agent'
			WHERE sv.user_id = ? AND sv.kind = 'supervisor')`)
		args = append(args, f.SupervisorID)
	}
	if f.ExcludeReviewerID != 0 {
		where, args = append(where, "r.reviewer_id <> ?"), append(args, f.ExcludeReviewerID)
	}
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		where, args = append(where, "r.state IN ?"), append(args, states)
	}
	if !f.PublishedSince.IsZero() {
		where, args = append(where, "r.published_at >= ?"), append(args, utcMicro(f.PublishedSince))
	}
	if !f.PublishedBefore.IsZero() {
		where, args = append(where, "r.published_at < ?"), append(args, utcMicro(f.PublishedBefore))
	}
	cond := strings.Join(where, " AND ")
	limit := f.Limit
	if limit <= 0 {
		limit = defaultReviewPage
	}
	limit = min(limit, maxReviewPage)
	offset := max(f.Offset, 0)

	db := d.r.WithContext(ctx)
	var total int64
	if err := db.Raw("SELECT COUNT(*) FROM reviews r WHERE "+cond, args...).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: list reviews: %w", translate(err))
	}
	// The reader's first read, when asked for: a LEFT JOIN on the primary
	// key, so it costs nothing per row and no extra query.
	readCol, readJoin, readArgs := "NULL AS read_at, NULL AS acknowledged_at", "", []any{}
	if f.ReaderID != 0 {
		readCol, readJoin, readArgs = "rr.read_at, rr.acknowledged_at", "LEFT JOIN review_reads rr ON rr.review_id = r.id AND rr.user_id = ?", []any{f.ReaderID}
	}
	order := "r.created_at DESC, r.id DESC"
	if f.OldestFirst {
		order = "r.created_at, r.id"
	}
	var rows []reviewSummaryRow
	err := db.Raw(`SELECT r.id, r.interaction_id, i.subject, i.channel, r.agent_id, a.name AS agent_name,
			r.reviewer_id, rv.name AS reviewer_name, v.rubric_id, rb.name AS rubric_name,
			r.rubric_version_id, v.number AS version_number, r.state, r.score, r.updated_at, r.published_at,
			`+readCol+`
		FROM reviews r
		JOIN interactions i ON i.id = r.interaction_id
		JOIN rubric_versions v ON v.id = r.rubric_version_id
		JOIN rubrics rb ON rb.id = v.rubric_id
		JOIN users rv ON rv.id = r.reviewer_id
		LEFT JOIN users a ON a.id = r.agent_id
		`+readJoin+`
		WHERE `+cond+`
		ORDER BY `+order+`
		LIMIT ? OFFSET ?`, append(append(readArgs, args...), limit, offset)...).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: list reviews: %w", translate(err))
	}
	out := make([]scoring.ReviewSummary, len(rows))
	for i, r := range rows {
		s := scoring.ReviewSummary{
			ID: r.ID, InteractionID: r.InteractionID, Subject: r.Subject, Channel: r.Channel,
			AgentID: derefID(r.AgentID), ReviewerID: r.ReviewerID, ReviewerName: r.ReviewerName,
			RubricID: r.RubricID, RubricName: r.RubricName, VersionID: r.VersionID, VersionNumber: r.VersionNumber,
			State: scoring.ReviewState(r.State), Score: r.Score, UpdatedAt: r.UpdatedAt.UTC(), PublishedAt: utcPtr(r.PublishedAt),
			ReadAt: utcPtr(r.ReadAt), AcknowledgedAt: utcPtr(r.AckAt),
		}
		if r.AgentName != nil {
			s.AgentName = *r.AgentName
		}
		out[i] = s
	}
	return out, int(total), nil
}
