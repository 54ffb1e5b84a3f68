package views

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/views/pages"
)

const (
	// queuePageSize is how many waiting conversations the queue lists.
	queuePageSize = 25
	maxSkipReason = 500
	msgSkipReason = "Say why you skip this conversation, e.g. “wrong language” or “test chat”."
)

// queueView builds the queue page; skipped carries a refused skip's
// reason and message for its row.
func (s *Server) queueView(c *gin.Context, skip *pages.QueueItemView) (pages.QueueData, error) {
	ctx := c.Request.Context()
	u, _ := currentUser(c)
	disputes, err := s.disputesView(c)
	if err != nil {
		return pages.QueueData{}, fmt.Errorf("queue: %w", err)
	}
	approvals, err := s.approvalsView(c)
	if err != nil {
		return pages.QueueData{}, fmt.Errorf("queue: %w", err)
	}
	if s.deps.Assignments == nil {
		// No assignment store wired (a deployment without review
		// assignments yet): an empty queue that says how to fill it.
		return pages.QueueData{CanAssign: false, Approvals: approvals, Disputes: disputes}, nil
	}
	items, progress, err := s.deps.Assignments.Queue(ctx, u.ID, s.deps.Now())
	if err != nil {
		return pages.QueueData{}, fmt.Errorf("queue: %w", err)
	}
	as, err := s.deps.Assignments.ListAssignments(ctx, u.ID)
	if err != nil {
		return pages.QueueData{}, fmt.Errorf("queue: assignments: %w", err)
	}
	byID := map[int64]scoring.Assignment{}
	for _, a := range as {
		byID[a.ID] = a
	}
	d := pages.QueueData{CanAssign: canAssign(u), Approvals: approvals, Disputes: disputes}
	for _, p := range progress {
		d.Progress = append(d.Progress, pages.QueueProgressView{Name: p.Name, Done: p.Done, Goal: p.Goal, Period: pages.PeriodWord(byID[p.AssignmentID].Period)})
	}
	if len(items) > queuePageSize {
		d.More = len(items) - queuePageSize
		items = items[:queuePageSize]
	}
	for _, it := range items {
		v, err := s.queueItem(c, it, byID[it.AssignmentID].Name)
		if err != nil {
			return d, err
		}
		if skip != nil && skip.AssignmentID == it.AssignmentID && skip.InteractionID == it.InteractionID {
			v.Reason, v.SkipError = skip.Reason, skip.SkipError
		}
		d.Items = append(d.Items, v)
	}
	return d, nil
}

// queueItem describes one waiting conversation. The reviewer may see it
// because an assignment put it in their queue.
func (s *Server) queueItem(c *gin.Context, it scoring.QueueItem, assignment string) (pages.QueueItemView, error) {
	loc, _ := viewerLocation(c)
	v := pages.QueueItemView{
		AssignmentID: it.AssignmentID, AssignmentNm: assignment, InteractionID: it.InteractionID,
		AgentName: it.AgentName, DraftReviewID: it.DraftReviewID, Loc: loc, Title: "Conversation",
	}
	in, err := s.deps.Interactions.Interaction(c.Request.Context(), it.InteractionID, transcript.Scope{All: true})
	switch {
	case errors.Is(err, rubrics.ErrNotFound):
		return v, nil
	case err != nil:
		return v, fmt.Errorf("queue item %d: %w", it.InteractionID, err)
	}
	v.Title, v.Channel, v.StartedAt = pages.TranscriptTitle(in), in.Channel, in.StartedAt
	return v, nil
}

func canAssign(u coaching.User) bool {
	return u.Role == coaching.RoleAdmin || u.Role == coaching.RoleSupervisor
}

// handleQueue shows the reviewer's queue.
func (s *Server) handleQueue(c *gin.Context) {
	d, err := s.queueView(c, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "My queue", pages.Queue(d))
}

func formID(c *gin.Context, name string) int64 {
	id, err := strconv.ParseInt(strings.TrimSpace(c.PostForm(name)), 10, 64)
	if err != nil || id < 1 {
		return 0
	}
	return id
}

// handleQueueStart starts (or continues) the review of a queued
// conversation — the one posted, or the first in the queue — and opens
// the grading screen.
func (s *Server) handleQueueStart(c *gin.Context) {
	ctx := c.Request.Context()
	u, _ := currentUser(c)
	aid, iid := formID(c, "assignment"), formID(c, "interaction")
	if aid == 0 || iid == 0 {
		items, _, err := s.deps.Assignments.Queue(ctx, u.ID, s.deps.Now())
		if err != nil {
			s.fail(c, err)
			return
		}
		if len(items) == 0 {
			s.flash(c, "Nothing is waiting for review.")
			c.Redirect(http.StatusSeeOther, "/queue")
			return
		}
		if items[0].DraftReviewID != 0 {
			c.Redirect(http.StatusSeeOther, pages.GradeHref(items[0].DraftReviewID))
			return
		}
		aid, iid = items[0].AssignmentID, items[0].InteractionID
	}
	as, err := s.deps.Assignments.ListAssignments(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	var rubricID int64
	for _, a := range as {
		if a.ID == aid {
			rubricID = a.RubricID
		}
	}
	if rubricID == 0 {
		s.fail(c, fmt.Errorf("queue start: assignment %d is not user %d's: %w", aid, u.ID, rubrics.ErrNotFound))
		return
	}
	r, err := s.deps.Reviews.StartReview(ctx, iid, rubricID, actor(c))
	switch {
	case errors.Is(err, rubrics.ErrInvalid):
		s.flash(c, "This assignment's rubric has no published version. Publish the rubric, then start again.")
		c.Redirect(http.StatusSeeOther, "/queue")
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, pages.GradeHref(r.ID))
}

// handleQueueSkip takes a conversation out of the queue, with a required
// reason. htmx swaps the row away (or re-renders its form with the
// problem, 422); a plain post reloads the queue.
func (s *Server) handleQueueSkip(c *gin.Context) {
	u, _ := currentUser(c)
	aid, iid := formID(c, "assignment"), formID(c, "interaction")
	reason := strings.TrimSpace(strings.ToValidUTF8(c.PostForm("reason"), "\uFFFD"))
	it := pages.QueueItemView{AssignmentID: aid, InteractionID: iid, Reason: reason}
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		it.SkipError = msgSkipReason
	case n > maxSkipReason:
		it.SkipError = fmt.Sprintf("Keep the reason under %d characters (this has %d).", maxSkipReason, n)
	}
	if it.SkipError == "" {
		err := s.deps.Assignments.SkipInteraction(c.Request.Context(), aid, iid, reason, actor(c))
		var ps rubrics.Problems
		switch {
		case errors.As(err, &ps):
			it.SkipError = ps.Error()
		case err != nil:
			s.fail(c, err)
			return
		default:
			s.log(c).Info("conversation skipped", "user", u.ID, "assignment", aid, "interaction", iid)
			if wantsFragment(c) {
				// An empty answer swaps the row away.
				c.Data(http.StatusOK, "text/html; charset=utf-8", nil)
				return
			}
			s.flash(c, "Skipped. It will not come back in this assignment's queue.")
			c.Redirect(http.StatusSeeOther, "/queue")
			return
		}
	}
	if wantsFragment(c) {
		c.Header("HX-Retarget", "#skip-"+it.ID())
		s.render(c, http.StatusUnprocessableEntity, "", pages.SkipForm(it))
		return
	}
	d, err := s.queueView(c, &it)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusUnprocessableEntity, "My queue", pages.Queue(d))
}
