package views

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/views/pages"
)

// Grading messages.
const (
	msgReviewConflict = "Someone else saved this review; reload to continue. Your changes are still on this page."
	maxCommentRunes   = 4000
	maxEvidence       = 200
)

// reviewID reads the :id of a review route; a malformed id is not found.
func reviewID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, fmt.Errorf("review id %q: %w", c.Param("id"), rubrics.ErrNotFound)
	}
	return id, nil
}

// grading is a draft review with what grading it needs, loaded for its
// own reviewer only.
type grading struct {
	review  scoring.Review
	inter   transcript.Interaction
	version rubrics.Version
	rubric  rubrics.Rubric
}

// loadOwnReview returns the review if the current user is its reviewer;
// anyone else gets not-found (DESIGN §5: 404, not 403).
func (s *Server) loadOwnReview(c *gin.Context) (scoring.Review, error) {
	id, err := reviewID(c)
	if err != nil {
		return scoring.Review{}, err
	}
	u, _ := currentUser(c)
	r, err := s.deps.Reviews.Review(c.Request.Context(), id)
	if err != nil {
		return r, fmt.Errorf("load review %d: %w", id, err)
	}
	if r.ReviewerID != u.ID {
		return r, fmt.Errorf("review %d is not user %d's: %w", id, u.ID, rubrics.ErrNotFound)
	}
	return r, nil
}

// loadAccessibleReview returns the review, the current user and what
// accessReview lets that user do with it; anyone it does not admit gets
// not-found.
func (s *Server) loadAccessibleReview(c *gin.Context) (scoring.Review, coaching.User, reviewAccess, error) {
	id, err := reviewID(c)
	if err != nil {
		return scoring.Review{}, coaching.User{}, reviewAccess{}, err
	}
	u, _ := currentUser(c)
	r, err := s.deps.Reviews.Review(c.Request.Context(), id)
	if err != nil {
		return r, u, reviewAccess{}, fmt.Errorf("load review %d: %w", id, err)
	}
	acc, err := accessReview(u, r)
	return r, u, acc, err
}

// loadAgentsReview is loadAccessibleReview for the actions only a
// review's own agent may take (acknowledge, dispute): anyone else gets
// not-found, as for a review they may not know exists.
func (s *Server) loadAgentsReview(c *gin.Context) (scoring.Review, coaching.User, reviewAccess, error) {
	r, u, acc, err := s.loadAccessibleReview(c)
	if err == nil && u.ID != r.AgentID {
		err = fmt.Errorf("review %d is not %d's: %w", r.ID, u.ID, rubrics.ErrNotFound)
	}
	return r, u, acc, err
}

// loadGrading loads the conversation and pinned rubric version of r. The
// reviewer may see the conversation because the review was started for
// them: the review is the permission.
func (s *Server) loadGrading(c *gin.Context, r scoring.Review) (grading, error) {
	ctx := c.Request.Context()
	g := grading{review: r}
	var err error
	if g.inter, err = s.deps.Interactions.Interaction(ctx, r.InteractionID, transcript.Scope{All: true}); err != nil {
		return g, fmt.Errorf("review %d: interaction: %w", r.ID, err)
	}
	if g.version, err = s.deps.Rubrics.Version(ctx, r.VersionID); err != nil {
		return g, fmt.Errorf("review %d: version: %w", r.ID, err)
	}
	if g.rubric, _, err = s.deps.Rubrics.Rubric(ctx, g.version.RubricID); err != nil {
		return g, fmt.Errorf("review %d: rubric: %w", r.ID, err)
	}
	return g, nil
}

func (s *Server) gradingData(c *gin.Context, g grading) pages.GradingData {
	loc, _ := viewerLocation(c)
	return pages.GradingData{
		Review: g.review, Interaction: g.inter, Rubric: g.rubric, Version: g.version, Loc: loc,
		Ratings: g.review.Ratings, Comment: g.review.Comment,
	}
}

// handleReviewGrade shows the grading screen of the reviewer's draft. A
// review that is no longer a draft opens read-only.
func (s *Server) handleReviewGrade(c *gin.Context) {
	r, err := s.loadOwnReview(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if r.State != scoring.ReviewDraft {
		c.Redirect(http.StatusSeeOther, pages.ReviewHref(r.ID))
		return
	}
	g, err := s.loadGrading(c, r)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := s.gradingData(c, g)
	s.render(c, http.StatusOK, "Grade: "+pages.TranscriptTitle(g.inter), pages.Grading(d))
}

// gradingForm is the grading form as posted.
type gradingForm struct {
	revision int64
	ratings  []scoring.Rating
	comment  string
}

// parseGradingForm reads the whole grading form against the version and
// the conversation: per criterion rating-<key> ("", a level value or
// "na"), comment-<key>, and evidence values key:turnID:start:end (rune
// offsets). set=key:value (a rating button pressed without scripts)
// overrides the hidden rating and remove=… drops one evidence span.
// Values that do not fit the rubric or the conversation are dropped: the
// form is the page's own, so they come only from a stale or edited page.
func parseGradingForm(v url.Values, ver rubrics.Version, in transcript.Interaction) gradingForm {
	clean := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	var f gradingForm
	f.revision, _ = strconv.ParseInt(v.Get("revision"), 10, 64)
	f.comment = truncateRunes(strings.TrimSpace(clean(v.Get("comment"))), maxCommentRunes)

	set := map[string]string{}
	for _, kv := range v["set"] {
		if k, val, ok := strings.Cut(kv, ":"); ok {
			set[k] = val
		}
	}
	removed := map[string]bool{}
	for _, x := range v["remove"] {
		removed[x] = true
	}
	turns := map[int64]transcript.Turn{}
	for _, t := range in.Turns {
		turns[t.ID] = t
	}
	evidence := map[string][]scoring.Evidence{}
	seen := map[string]bool{}
	for _, x := range v["evidence"] {
		if removed[x] || seen[x] || len(seen) >= maxEvidence {
			continue
		}
		parts := strings.Split(x, ":")
		if len(parts) != 4 {
			continue
		}
		tid, err1 := strconv.ParseInt(parts[1], 10, 64)
		start, err2 := strconv.Atoi(parts[2])
		end, err3 := strconv.Atoi(parts[3])
		t, ok := turns[tid]
		if err1 != nil || err2 != nil || err3 != nil || !ok || start < 0 || end <= start || end > utf8.RuneCountInString(t.Text) {
			continue
		}
		seen[x] = true
		evidence[parts[0]] = append(evidence[parts[0]], scoring.Evidence{TurnID: tid, Start: start, End: end, Quote: pages.RuneSlice(t.Text, start, end)})
	}

	for _, sc := range ver.Criteria() {
		c := sc.Criterion
		r := scoring.Rating{CriterionKey: c.Key}
		val := strings.TrimSpace(v.Get("rating-" + c.Key))
		if x, ok := set[c.Key]; ok {
			val = x
		}
		switch {
		case val == "na" && c.AllowNA:
			r.NA = true
		case val != "":
			if n, err := strconv.Atoi(val); err == nil {
				if _, ok := c.Scale.Level(n); ok {
					r.Level = &n
				}
			}
		}
		r.Comment = truncateRunes(strings.TrimSpace(clean(v.Get("comment-"+c.Key))), maxCommentRunes)
		r.Evidence = evidence[c.Key]
		if r.NA || r.Level != nil || r.Comment != "" || len(r.Evidence) > 0 {
			f.ratings = append(f.ratings, r)
		}
	}
	return f
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// evidenceKeys lists a review's evidence spans, to tell whether a save
// changed them (and the highlights must be re-sent).
func evidenceKeys(rs []scoring.Rating) []string {
	var out []string
	for _, r := range rs {
		for _, e := range r.Evidence {
			out = append(out, pages.EvidenceValue(r.CriterionKey, e))
		}
	}
	slices.Sort(out)
	return out
}

// loadDraftForPost loads the reviewer's review and its grading context
// and parses the posted form.
func (s *Server) loadDraftForPost(c *gin.Context) (grading, gradingForm, bool) {
	r, err := s.loadOwnReview(c)
	if err != nil {
		s.fail(c, err)
		return grading{}, gradingForm{}, false
	}
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errors.Join(err, rubrics.ErrInvalid))
		return grading{}, gradingForm{}, false
	}
	g, err := s.loadGrading(c, r)
	if err != nil {
		s.fail(c, err)
		return grading{}, gradingForm{}, false
	}
	return g, parseGradingForm(c.Request.PostForm, g.version, g.inter), true
}

// saveDraft stores the posted form over the draft. ok=false means a
// response was already written (conflict or error).
func (s *Server) saveDraft(c *gin.Context, g *grading, f gradingForm) bool {
	next := g.review
	next.Ratings, next.Comment, next.Revision = f.ratings, f.comment, f.revision
	if g.review.State != scoring.ReviewDraft {
		s.conflict(c, *g, f)
		return false
	}
	err := s.deps.Reviews.SaveReviewDraft(c.Request.Context(), &next, actor(c))
	switch {
	case errors.Is(err, rubrics.ErrConflict):
		s.conflict(c, *g, f)
		return false
	case err != nil:
		s.fail(c, err)
		return false
	}
	g.review = next
	return true
}

// conflict answers a save with a stale revision: htmx requests get the
// message (grading.js swaps 409s) and keep everything typed on the page;
// a plain form post re-renders the page with what was posted.
func (s *Server) conflict(c *gin.Context, g grading, f gradingForm) {
	s.log(c).Info("review save conflict", "review", g.review.ID, "revision", f.revision)
	if wantsFragment(c) {
		s.renderFragment(c, http.StatusConflict, pages.SaveStatus(msgReviewConflict, true, true))
		return
	}
	d := s.gradingData(c, g)
	d.Ratings, d.Comment, d.Review.Revision = f.ratings, f.comment, f.revision
	d.Message = msgReviewConflict
	s.render(c, http.StatusConflict, "Grade: "+pages.TranscriptTitle(g.inter), pages.Grading(d))
}

// renderFragment writes components without the page shell (htmx
// out-of-band swaps).
func (s *Server) renderFragment(c *gin.Context, status int, comps ...templ.Component) {
	s.render(c, status, "", templ.Join(comps...))
}

// handleReviewDraft autosaves the grading form. htmx gets the new score
// summary, revision and save status out of band (and the transcript when
// the evidence changed, so new highlights appear); a plain post goes back
// to the grading screen.
func (s *Server) handleReviewDraft(c *gin.Context) {
	g, f, ok := s.loadDraftForPost(c)
	if !ok {
		return
	}
	before := evidenceKeys(g.review.Ratings)
	if !s.saveDraft(c, &g, f) {
		return
	}
	if !wantsFragment(c) {
		c.Redirect(http.StatusSeeOther, pages.GradeHref(g.review.ID))
		return
	}
	loc, _ := viewerLocation(c)
	at := s.deps.Now().In(loc).Format("15:04:05")
	comps := []templ.Component{
		pages.ScoreSummary(pages.Summarize(g.version, f.ratings), true),
		pages.RevisionInput(g.review.Revision, true),
		pages.SaveStatus("Draft saved at "+at+".", false, true),
	}
	if !slices.Equal(before, evidenceKeys(f.ratings)) {
		comps = append(comps, pages.GradingTranscript(g.inter, f.ratings, loc, true))
	}
	s.renderFragment(c, http.StatusOK, comps...)
}

// handleReviewSubmit saves the posted form and submits the review. What
// stops the submit is shown next to each criterion (422) with everything
// the grader entered kept.
func (s *Server) handleReviewSubmit(c *gin.Context) {
	g, f, ok := s.loadDraftForPost(c)
	if !ok {
		return
	}
	if !s.saveDraft(c, &g, f) {
		return
	}
	done, err := s.deps.Reviews.SubmitReview(c.Request.Context(), g.review.ID, g.review.Revision, actor(c))
	var ps rubrics.Problems
	switch {
	case errors.As(err, &ps):
		d := s.gradingData(c, g)
		d.Problems = ps
		d.Message = "Not submitted: fix the criteria marked below. Your draft is saved."
		s.render(c, http.StatusUnprocessableEntity, "Grade: "+pages.TranscriptTitle(g.inter), pages.Grading(d))
		return
	case errors.Is(err, rubrics.ErrConflict):
		s.conflict(c, g, f)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	if done.State == scoring.ReviewSubmitted {
		s.flash(c, "Review sent for approval: "+pages.TranscriptTitle(g.inter)+".")
	} else {
		s.flash(c, "Review published: "+pages.TranscriptTitle(g.inter)+". The agent can see it now.")
	}
	c.Redirect(http.StatusSeeOther, "/queue")
}

// reviewAccess is what the current user may do with a review they may
// read.
type reviewAccess struct {
	// scope is how the conversation is loaded: for a supervisor, loading
	// it within their teams is what proves the review is theirs to see.
	scope           transcript.Scope
	back, backLabel string
	// grade: the reviewer's own draft, which opens on the grading screen.
	grade bool
	// approve: a submitted review, and a viewer who may give its second
	// check (an admin, or a supervisor — of the agent's team, once the
	// scope admits the conversation — who is not its reviewer).
	approve bool
}

// accessReview decides who may read r: its reviewer, the agent it is
// about (once published), supervisors of the agent's teams and admins
// (once submitted: a draft is private to its grader). Anyone else gets
// ErrNotFound.
func accessReview(u coaching.User, r scoring.Review) (reviewAccess, error) {
	notFound := fmt.Errorf("review %d for user %d: %w", r.ID, u.ID, rubrics.ErrNotFound)
	visible := r.State.VisibleToAgent()
	submitted := r.State == scoring.ReviewSubmitted
	switch {
	case r.ReviewerID == u.ID:
		return reviewAccess{scope: transcript.Scope{All: true}, back: "/queue", backLabel: "Back to my queue",
			grade: r.State == scoring.ReviewDraft}, nil
	case r.State == scoring.ReviewDraft:
		return reviewAccess{}, notFound
	case u.Role == coaching.RoleAdmin:
		a := reviewAccess{scope: transcript.Scope{All: true}, approve: submitted}
		if submitted {
			a.back, a.backLabel = "/queue", "Back to my queue"
		}
		return a, nil
	case u.Role == coaching.RoleSupervisor:
		// The interaction scope is "agents of teams I supervise".
		a := reviewAccess{scope: transcript.Scope{SupervisorID: u.ID}, approve: submitted}
		if submitted {
			a.back, a.backLabel = "/queue", "Back to my queue"
		}
		return a, nil
	case u.Role == coaching.RoleAgent && r.AgentID == u.ID && visible:
		return reviewAccess{scope: transcript.Scope{AgentID: u.ID}, back: "/scorecards", backLabel: "Back to my scorecards"}, nil
	}
	return reviewAccess{}, notFound
}

// handleReviewShow shows a review read-only to whoever accessReview
// admits, with "Approve and publish" for a submitted review and a viewer
// who may approve it.
func (s *Server) handleReviewShow(c *gin.Context) {
	r, u, acc, err := s.loadAccessibleReview(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if acc.grade {
		c.Redirect(http.StatusSeeOther, pages.GradeHref(r.ID))
		return
	}
	// The agent reading their own scorecard clears its "new" mark. A
	// failed write must not keep them from reading it: log and go on.
	if u.ID == r.AgentID {
		if err := s.deps.Reviews.MarkReviewRead(c.Request.Context(), r.ID, u.ID, s.deps.Now()); err != nil {
			s.log(c).Warn("mark review read", "review", r.ID, "err", err)
		}
	}
	s.renderReview(c, http.StatusOK, r, u, acc, pages.DisputeFormData{})
}

// renderReview shows a review read-only with what the viewer may do to it:
// approve, acknowledge, dispute or answer a dispute. form keeps a refused
// dispute or answer as typed.
func (s *Server) renderReview(c *gin.Context, status int, r scoring.Review, u coaching.User, acc reviewAccess, form pages.DisputeFormData) {
	ctx := c.Request.Context()
	in, err := s.deps.Interactions.Interaction(ctx, r.InteractionID, acc.scope)
	if err != nil {
		s.fail(c, err)
		return
	}
	ver, err := s.deps.Rubrics.Version(ctx, r.VersionID)
	if err != nil {
		s.fail(c, err)
		return
	}
	rub, _, err := s.deps.Rubrics.Rubric(ctx, ver.RubricID)
	if err != nil {
		s.fail(c, err)
		return
	}
	nameOf := func(id int64, otherwise string) string {
		if ru, err := s.deps.Users.UserByID(ctx, id); err == nil {
			return ru.Name
		}
		return otherwise
	}
	own := u.ID == r.AgentID
	d := pages.ReviewShowData{
		Review: r, Interaction: in, Rubric: rub, Version: ver, ReviewerName: nameOf(r.ReviewerID, "a former reviewer"),
		Back: acc.back, BackLabel: acc.backLabel, CanApprove: acc.approve,
		CanAcknowledge: own && r.State.VisibleToAgent(),
		CanDispute:     own && r.State == scoring.ReviewPublished,
		// Whoever may see a disputed review of someone else's and grades
		// (their teams' supervisors, admins) may answer it.
		CanResolve:  !own && r.State == scoring.ReviewDisputed && (u.Role == coaching.RoleSupervisor || u.Role == coaching.RoleAdmin),
		DisputeForm: form,
	}
	d.Loc, _ = viewerLocation(c)
	if r.AgentID != 0 && r.State.VisibleToAgent() {
		if d.AcknowledgedAt, err = s.deps.Reviews.ReviewAcknowledgedAt(ctx, r.ID, r.AgentID); err != nil {
			s.fail(c, err)
			return
		}
	}
	if r.State == scoring.ReviewDisputed || r.State == scoring.ReviewResolved {
		dsp, err := s.deps.Reviews.DisputeFor(ctx, r.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Dispute = &dsp
		if dsp.ResolverID != 0 {
			d.ResolverName = nameOf(dsp.ResolverID, "a former supervisor")
		}
	}
	s.render(c, status, "Review of "+pages.TranscriptTitle(in), pages.ReviewShow(d))
}

// handleReviewDispute records the agent disputing their published review.
// A missing or too long reason re-shows the review with the form open and
// what was typed; only the review's agent gets further than not-found.
func (s *Server) handleReviewDispute(c *gin.Context) {
	r, u, acc, err := s.loadAgentsReview(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	reason, keys := c.PostForm("reason"), c.PostFormArray("criteria")
	rev, _ := strconv.ParseInt(c.PostForm("revision"), 10, 64)
	if _, err := s.deps.Reviews.DisputeReview(c.Request.Context(), r.ID, rev, reason, keys, actor(c)); err != nil {
		if errors.Is(err, rubrics.ErrInvalid) {
			s.renderReview(c, http.StatusUnprocessableEntity, r, u, acc, pages.DisputeFormData{Text: reason, Criteria: keys, Error: disputeProblem(err)})
			return
		}
		s.fail(c, err)
		return
	}
	s.log(c).Info("review disputed", "review", r.ID, "user", u.ID)
	s.flash(c, "Dispute sent. Your supervisor will answer it here.")
	c.Redirect(http.StatusSeeOther, pages.ReviewHref(r.ID))
}

// handleReviewResolve answers a disputed review: the levels posted for the
// disputed criteria and a reply. The review is final afterwards.
func (s *Server) handleReviewResolve(c *gin.Context) {
	r, u, acc, err := s.loadAccessibleReview(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if u.ID == r.AgentID || (u.Role != coaching.RoleSupervisor && u.Role != coaching.RoleAdmin) {
		s.handleNotFound(c)
		return
	}
	reply := c.PostForm("reply")
	rev, _ := strconv.ParseInt(c.PostForm("revision"), 10, 64)
	levels := map[string]int{}
	for k, vs := range c.Request.PostForm {
		key, ok := strings.CutPrefix(k, "level-")
		if !ok || len(vs) == 0 {
			continue
		}
		lvl, err := strconv.Atoi(vs[0])
		if err != nil {
			s.renderReview(c, http.StatusUnprocessableEntity, r, u, acc, pages.DisputeFormData{Text: reply, Error: "Choose a level from the list."})
			return
		}
		levels[key] = lvl
	}
	if _, err := s.deps.Reviews.ResolveDispute(c.Request.Context(), r.ID, rev, reply, levels, actor(c)); err != nil {
		if errors.Is(err, rubrics.ErrInvalid) {
			s.renderReview(c, http.StatusUnprocessableEntity, r, u, acc, pages.DisputeFormData{Text: reply, Error: disputeProblem(err)})
			return
		}
		s.fail(c, err)
		return
	}
	s.log(c).Info("dispute resolved", "review", r.ID, "user", u.ID)
	s.flash(c, "Answer sent. The review is final now.")
	c.Redirect(http.StatusSeeOther, pages.ReviewHref(r.ID))
}

// disputeProblem is the sentence a refused dispute or answer shows: the
// store's own wording ("write a reason", "keep it to 2000"), without the
// layers' prefixes and the sentinel's text.
func disputeProblem(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "+rubrics.ErrInvalid.Error()); i >= 0 {
		msg = msg[:i]
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	if msg == "" {
		return "Check the form and try again."
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// handleReviewAcknowledge records the agent's acknowledgement of their
// scorecard and shows the review again. Whoever is not the review's agent
// gets not-found, as for any review they may not know exists.
func (s *Server) handleReviewAcknowledge(c *gin.Context) {
	r, u, _, err := s.loadAgentsReview(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.deps.Reviews.AcknowledgeReview(c.Request.Context(), r.ID, u.ID, s.deps.Now(), actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.log(c).Info("review acknowledged", "review", r.ID, "user", u.ID)
	s.flash(c, "Acknowledged. Your supervisor can see you have read this review.")
	c.Redirect(http.StatusSeeOther, pages.ReviewHref(r.ID))
}
