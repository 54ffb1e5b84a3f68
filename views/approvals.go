package views

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views/pages"
)

// approvalPageSize is how many reviews waiting for approval the queue
// lists.
const approvalPageSize = 25

// msgApproveConflict explains a refused approval: the review moved on.
const msgApproveConflict = "This review changed since you opened it: someone may have approved it already. Reload the review to see where it stands."

// approvalsView lists the submitted reviews the viewer may approve: of
// agents in the teams they supervise (admins: everyone's), never their
// own, the one waiting longest for its second check first.
func (s *Server) approvalsView(c *gin.Context) (pages.ApprovalsData, error) {
	u, _ := currentUser(c)
	return s.waitingReviews(c, "approvals", scoring.ReviewFilter{States: []scoring.ReviewState{scoring.ReviewSubmitted}, ExcludeReviewerID: u.ID})
}

// disputesView lists the disputed reviews the viewer may answer: of
// agents in the teams they supervise (admins: everyone's), the one waiting
// longest first.
func (s *Server) disputesView(c *gin.Context) (pages.ApprovalsData, error) {
	return s.waitingReviews(c, "disputes", scoring.ReviewFilter{States: []scoring.ReviewState{scoring.ReviewDisputed}})
}

// waitingReviews lists reviews matching f that wait for the viewer, oldest
// first: a supervisor's are their teams' agents', an admin's everyone's,
// and other roles have none.
func (s *Server) waitingReviews(c *gin.Context, what string, f scoring.ReviewFilter) (pages.ApprovalsData, error) {
	u, _ := currentUser(c)
	if s.deps.Reviews == nil {
		return pages.ApprovalsData{}, nil
	}
	f.Limit, f.OldestFirst = approvalPageSize, true
	switch u.Role {
	case coaching.RoleAdmin:
	case coaching.RoleSupervisor:
		f.SupervisorID = u.ID
	default:
		return pages.ApprovalsData{}, nil
	}
	list, total, err := s.deps.Reviews.ListReviews(c.Request.Context(), f)
	if err != nil {
		return pages.ApprovalsData{}, fmt.Errorf("%s: %w", what, err)
	}
	return pages.ApprovalsData{Reviews: list, Total: total}, nil
}

// handleReviewApprove is the second check: it publishes a submitted
// review at the posted revision and returns to the queue. Whoever may not
// approve it (its reviewer, a supervisor of other teams) gets not-found;
// a review that moved on (approved by someone else, a stale revision)
// gets 409 with a link to reload it.
func (s *Server) handleReviewApprove(c *gin.Context) {
	r, u, acc, err := s.loadAccessibleReview(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	id := r.ID
	if r.ReviewerID == u.ID {
		s.fail(c, fmt.Errorf("approve review %d: user %d is its reviewer: %w", id, u.ID, rubrics.ErrForbidden))
		return
	}
	// The conversation within the viewer's scope: for a supervisor, this
	// is what shows the agent is in one of their teams.
	in, err := s.deps.Interactions.Interaction(ctx, r.InteractionID, acc.scope)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !acc.approve {
		s.approveConflict(c, id, fmt.Errorf("approve review %d: it is %s: %w", id, r.State, rubrics.ErrConflict))
		return
	}
	revision, err := strconv.ParseInt(strings.TrimSpace(c.PostForm("revision")), 10, 64)
	if err != nil {
		// A form without its revision cannot say what was approved.
		s.approveConflict(c, id, fmt.Errorf("approve review %d: revision %q: %w", id, c.PostForm("revision"), rubrics.ErrConflict))
		return
	}
	done, err := s.deps.Reviews.ApproveReview(ctx, id, revision, actor(c))
	switch {
	case errors.Is(err, rubrics.ErrConflict):
		s.approveConflict(c, id, err)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	agent := in.AgentName
	if au, err := s.deps.Users.UserByID(ctx, done.AgentID); err == nil && done.AgentID != 0 {
		agent = au.Name
	}
	if agent == "" {
		agent = "the agent"
	}
	s.log(c).Info("review approved", "review", id, "user", u.ID)
	s.flash(c, "Review published to "+agent+".")
	c.Redirect(http.StatusSeeOther, "/queue")
}

// approveConflict answers an approval of a review that moved on: the 409
// page, saying to reload, with a link back to the review.
func (s *Server) approveConflict(c *gin.Context, id int64, err error) {
	s.log(c).Info("request refused", "path", c.Request.URL.Path, "status", http.StatusConflict, "err", err)
	ed := errorContent(http.StatusConflict, RequestID(c.Request.Context()))
	ed.Message = msgApproveConflict
	ed.Retry, ed.RetryLabel = pages.ReviewHref(id), "Reload the review"
	c.Abort()
	s.render(c, http.StatusConflict, ed.Heading, pages.ErrorPage(ed))
}
