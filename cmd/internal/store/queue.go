package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
)

// maxCandidates is how many of an agent's newest unreviewed conversations
// an assignment samples from: enough for any quota, few enough that
// sorting them on every queue load is cheap.
const maxCandidates = 500

// targetsSQL lists (assignment, rubric, agent, agent name) for the
// assignments in ?: the agents named directly plus the agents of the teams
// named, counted once, active agent accounts only. It takes the id list
// twice.
const targetsSQL = `SELECT t.assignment_id, a.rubric_id, u.id AS agent_id, u.name AS agent_name
	FROM (
		SELECT assignment_id, user_id FROM assignment_agents WHERE assignment_id IN ?
		UNION
		SELECT at.assignment_id, tm.user_id FROM assignment_teams at
		JOIN team_memberships tm ON tm.team_id = at.team_id AND tm.kind = 'agent'
		WHERE at.assignment_id IN ?
	) t
	JOIN assignments a ON a.id = t.assignment_id
	JOIN users u ON u.id = t.user_id
	WHERE u.role = 'agent' AND u.disabled = ?`

type queueTarget struct {
	AssignmentID int64  `gorm:"column:assignment_id"`
	RubricID     int64  `gorm:"column:rubric_id"`
	AgentID      int64  `gorm:"column:agent_id"`
	AgentName    string `gorm:"column:agent_name"`
}

type queueCandidate struct {
	AssignmentID  int64     `gorm:"column:assignment_id"`
	ID            int64     `gorm:"column:id"`
	AgentID       int64     `gorm:"column:agent_id"`
	CSAT          *int      `gorm:"column:csat"`
	DurationMS    int64     `gorm:"column:duration_ms"`
	TurnCount     int       `gorm:"column:turn_count"`
	StartedAt     time.Time `gorm:"column:started_at"`
	CustomerTurns int       `gorm:"column:customer_turns"`
}

type assignmentAgent struct{ assignment, agent int64 }

// Queue returns what reviewerID should review next and their progress on
// each active assignment they review, in the period around now
// (scoring.PeriodBounds, UTC).
//
// For each assignment and each of its agents (named directly or through a
// team), done is the number of reviews of that agent with the
// assignment's rubric, by any of the assignment's reviewers, submitted in
// the period (drafts do not count; submitted, published, disputed and
// resolved do). The agent's candidates are their newest 500 conversations
// with no non-draft review of the rubric by anyone and not skipped for
// the assignment; they are ordered by the assignment's sampling
// (scoring.OrderCandidates, random seeded by scoring.SampleSeed of the
// assignment and period, so the order holds for the whole period), the
// reviewer's own drafts moved to the front, and quota − done of them are
// queued. Items with the reviewer's draft come first, then by assignment,
// taking the agents in turn (in account order: each agent's first pick,
// then each one's second…) so a reviewer working down the list spreads
// over the team.
// A conversation queued by two assignments with the same rubric appears
// once. Progress per assignment is Σ min(done, quota) over Goal = quota ×
// agents.
//
// Five queries whatever the number of assignments and agents: the
// reviewer's assignments, their agents, the period's reviews, the
// candidates (one windowed query, ROW_NUMBER per assignment and agent),
// and the reviewer's drafts.
func (d *DB) Queue(ctx context.Context, reviewerID int64, now time.Time) ([]scoring.QueueItem, []scoring.QueueProgress, error) {
	db := d.r.WithContext(ctx)
	fail := func(err error) ([]scoring.QueueItem, []scoring.QueueProgress, error) {
		return nil, nil, fmt.Errorf("store: queue of reviewer %d: %w", reviewerID, translate(err))
	}
	// 1. The reviewer's active assignments.
	var as []assignmentRow
	err := db.Where("active = ? AND id IN (SELECT assignment_id FROM assignment_reviewers WHERE user_id = ?)", true, reviewerID).
		Order("id").Find(&as).Error
	if err != nil {
		return fail(err)
	}
	items, progress := []scoring.QueueItem{}, make([]scoring.QueueProgress, 0, len(as))
	if len(as) == 0 {
		return items, progress, nil
	}
	ids := make([]int64, len(as))
	type period struct{ start, end time.Time }
	periods := make(map[int64]period, len(as))
	var from, to time.Time
	for i, a := range as {
		ids[i] = a.ID
		s, e := scoring.PeriodBounds(scoring.Period(a.Period), now)
		periods[a.ID] = period{s, e}
		if from.IsZero() || s.Before(from) {
			from = s
		}
		if e.After(to) {
			to = e
		}
	}

	// 2. Their agents.
	var targets []queueTarget
	if err := db.Raw(targetsSQL+" ORDER BY t.assignment_id, u.id", ids, ids, false).Scan(&targets).Error; err != nil {
		return fail(err)
	}

	// 3. Reviews counting toward the quotas: every period in one range,
	// split per assignment below.
	var reviewed []struct {
		AssignmentID int64     `gorm:"column:assignment_id"`
		AgentID      int64     `gorm:"column:agent_id"`
		SubmittedAt  time.Time `gorm:"column:submitted_at"`
	}
	err = db.Raw(`SELECT a.id AS assignment_id, r.agent_id, r.submitted_at
		FROM assignments a
		JOIN rubric_versions v ON v.rubric_id = a.rubric_id
		JOIN reviews r ON r.rubric_version_id = v.id
		JOIN assignment_reviewers ar ON ar.assignment_id = a.id AND ar.user_id = r.reviewer_id
		WHERE a.id IN ? AND r.state <> ? AND r.agent_id IS NOT NULL
		  AND r.submitted_at >= ? AND r.submitted_at < ?`,
		ids, string(scoring.ReviewDraft), from, to).Scan(&reviewed).Error
	if err != nil {
		return fail(err)
	}
	done := map[assignmentAgent]int{}
	for _, r := range reviewed {
		p := periods[r.AssignmentID]
		if at := r.SubmittedAt.UTC(); !at.Before(p.start) && at.Before(p.end) {
			done[assignmentAgent{r.AssignmentID, r.AgentID}]++
		}
	}

	// 4. Candidates: each agent's newest unreviewed, unskipped
	// conversations, customer turns counted only for those kept.
	var cands []queueCandidate
	err = db.Raw(`SELECT c.assignment_id, c.id, c.agent_id, c.csat, c.duration_ms, c.turn_count, c.started_at,
			(SELECT COUNT(*) FROM turns t WHERE t.interaction_id = c.id AND t.role = 'customer') AS customer_turns
		FROM (
			SELECT x.assignment_id, i.id, i.agent_id, i.csat, i.duration_ms, i.turn_count, i.started_at,
				ROW_NUMBER() OVER (PARTITION BY x.assignment_id, i.agent_id ORDER BY i.started_at DESC, i.id DESC) AS rn
			FROM (`+targetsSQL+`) x
			JOIN interactions i ON i.agent_id = x.agent_id
			WHERE NOT EXISTS (SELECT 1 FROM reviews r JOIN rubric_versions v ON v.id = r.rubric_version_id
					WHERE r.interaction_id = i.id AND r.state <> ? AND v.rubric_id = x.rubric_id)
			  AND NOT EXISTS (SELECT 1 FROM queue_skips s WHERE s.assignment_id = x.assignment_id AND s.interaction_id = i.id)
		) c
		WHERE c.rn <= ?`, ids, ids, false, string(scoring.ReviewDraft), maxCandidates).Scan(&cands).Error
	if err != nil {
		return fail(err)
	}
	byTarget := map[assignmentAgent][]scoring.Candidate{}
	for _, c := range cands {
		k := assignmentAgent{c.AssignmentID, c.AgentID}
		byTarget[k] = append(byTarget[k], scoring.Candidate{
			InteractionID: c.ID, AgentID: c.AgentID, CSAT: c.CSAT, DurationMS: c.DurationMS,
			TurnCount: c.TurnCount, CustomerTurns: c.CustomerTurns, StartedAt: c.StartedAt.UTC(),
		})
	}

	// 5. The reviewer's drafts, by rubric and conversation.
	var drafts []struct {
		ID            int64 `gorm:"column:id"`
		InteractionID int64 `gorm:"column:interaction_id"`
		RubricID      int64 `gorm:"column:rubric_id"`
	}
	err = db.Raw(`SELECT r.id, r.interaction_id, v.rubric_id FROM reviews r
		JOIN rubric_versions v ON v.id = r.rubric_version_id
		WHERE r.reviewer_id = ? AND r.state = ? ORDER BY r.id`, reviewerID, string(scoring.ReviewDraft)).Scan(&drafts).Error
	if err != nil {
		return fail(err)
	}
	type rubricInteraction struct{ rubric, interaction int64 }
	draftOf := map[rubricInteraction]int64{}
	for _, dr := range drafts {
		k := rubricInteraction{dr.RubricID, dr.InteractionID}
		if draftOf[k] == 0 {
			draftOf[k] = dr.ID
		}
	}

	agentsOf := map[int64][]queueTarget{}
	for _, t := range targets {
		agentsOf[t.AssignmentID] = append(agentsOf[t.AssignmentID], t)
	}
	type ranked struct {
		item  scoring.QueueItem
		order int // assignment position
		rank  int // position within the agent's picks
		agent int // agent position within the assignment
	}
	var picked []ranked
	seen := map[rubricInteraction]bool{}
	for ai, a := range as {
		p := periods[a.ID]
		seed := scoring.SampleSeed(a.ID, p.start)
		prog := scoring.QueueProgress{AssignmentID: a.ID, Name: a.Name, PeriodStart: p.start, PeriodEnd: p.end}
		for gi, t := range agentsOf[a.ID] {
			k := assignmentAgent{a.ID, t.AgentID}
			prog.Goal += a.Quota
			prog.Done += min(done[k], a.Quota)
			need := a.Quota - done[k]
			if need <= 0 {
				continue
			}
			cs := byTarget[k]
			scoring.OrderCandidates(scoring.Sampling(a.Sampling), seed, cs)
			// The reviewer's started work first: a draft left behind
			// should not be overtaken by fresh picks.
			slices.SortStableFunc(cs, func(x, y scoring.Candidate) int {
				dx := draftOf[rubricInteraction{a.RubricID, x.InteractionID}] != 0
				dy := draftOf[rubricInteraction{a.RubricID, y.InteractionID}] != 0
				switch {
				case dx == dy:
					return 0
				case dx:
					return -1
				}
				return 1
			})
			rank := 0
			for _, c := range cs {
				if rank == need {
					break
				}
				ri := rubricInteraction{a.RubricID, c.InteractionID}
				if seen[ri] {
					continue
				}
				seen[ri] = true
				picked = append(picked, ranked{
					item: scoring.QueueItem{
						AssignmentID: a.ID, InteractionID: c.InteractionID, AgentID: t.AgentID,
						AgentName: t.AgentName, DraftReviewID: draftOf[ri],
					},
					order: ai, rank: rank, agent: gi,
				})
				rank++
			}
		}
		progress = append(progress, prog)
	}
	slices.SortStableFunc(picked, func(x, y ranked) int {
		if dx, dy := x.item.DraftReviewID != 0, y.item.DraftReviewID != 0; dx != dy {
			if dx {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(x.order, y.order), cmp.Compare(x.rank, y.rank), cmp.Compare(x.agent, y.agent))
	})
	for _, p := range picked {
		items = append(items, p.item)
	}
	return items, progress, nil
}

// SkipInteraction takes a conversation out of the assignment's queue
// (for every reviewer of it: they share the agents' quotas) with by's
// reason, and writes an audit event. A blank reason is ErrInvalid; an
// unknown assignment or conversation is ErrNotFound; a user who does not
// review the assignment is ErrForbidden, and the system actor (0), who
// reviews nothing, is ErrInvalid. Skipping again is a no-op.
func (d *DB) SkipInteraction(ctx context.Context, assignmentID, interactionID int64, reason string, by scoring.Actor) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fmt.Errorf("store: skip interaction %d: %w", interactionID,
			rubrics.Problems{{Path: "reason", Message: "Say why this conversation is skipped"}})
	}
	if by.UserID == 0 {
		return fmt.Errorf("store: skip interaction %d: a skip needs a reviewer: %w", interactionID, rubrics.ErrInvalid)
	}
	err := d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var a []int64
		if err := tx.Model(&assignmentRow{}).Where("id = ?", assignmentID).Pluck("id", &a).Error; err != nil {
			return translate(err)
		}
		if len(a) == 0 {
			return fmt.Errorf("assignment %d: %w", assignmentID, rubrics.ErrNotFound)
		}
		var in []int64
		if err := tx.Model(&interactionRow{}).Where("id = ?", interactionID).Pluck("id", &in).Error; err != nil {
			return translate(err)
		}
		if len(in) == 0 {
			return fmt.Errorf("interaction %d: %w", interactionID, rubrics.ErrNotFound)
		}
		var n int64
		if err := tx.Model(&assignmentReviewerRow{}).Where("assignment_id = ? AND user_id = ?", assignmentID, by.UserID).Count(&n).Error; err != nil {
			return translate(err)
		}
		if n == 0 {
			return fmt.Errorf("only the assignment's reviewers can skip its conversations: %w", rubrics.ErrForbidden)
		}
		row := queueSkipRow{AssignmentID: assignmentID, InteractionID: interactionID, ReviewerID: by.UserID, Reason: reason, At: utcMicro(time.Now())}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		return d.appendAudit(tx, by, "queue.skip", "assignment", assignmentID, nil, map[string]any{
			"interaction_id": interactionID, "reason": reason,
		})
	})
	if err != nil {
		return fmt.Errorf("store: skip interaction %d in assignment %d: %w", interactionID, assignmentID, err)
	}
	return nil
}

type queueSkipRow struct {
	AssignmentID  int64     `gorm:"column:assignment_id;primaryKey"`
	InteractionID int64     `gorm:"column:interaction_id;primaryKey"`
	ReviewerID    int64     `gorm:"column:reviewer_id;primaryKey"`
	Reason        string    `gorm:"column:reason"`
	At            time.Time `gorm:"column:at"`
}

func (queueSkipRow) TableName() string { return "queue_skips" }
