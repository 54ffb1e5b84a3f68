package views

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views/pages"
)

// handlePublishShow shows what stands between a draft and publishing:
// its problems, or else the impact preview — every agent's IQS under the
// published version and under the draft, from the same stored ratings.
func (s *Server) handlePublishShow(c *gin.Context) {
	v, ok := s.loadVersion(c)
	if !ok {
		return
	}
	if !v.Editable() {
		s.flash(c, frozenMessage(v))
		c.Redirect(http.StatusSeeOther, pages.RubricHref(v.RubricID))
		return
	}
	d, err := s.publishData(c, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "Publish "+d.Rubric.Name, pages.RubricPublish(d))
}

// handlePublish publishes the draft at the revision the user reviewed. A
// draft that changed since (or was published by someone else) is a 409
// with an explanation, never a silent publish of content nobody reviewed.
func (s *Server) handlePublish(c *gin.Context) {
	v, ok := s.loadVersion(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	r, _, err := s.deps.Rubrics.Rubric(ctx, v.RubricID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := pages.RubricPublishData{Rubric: r, Version: v}
	rev, err := strconv.ParseInt(c.PostForm("revision"), 10, 64)
	if err != nil {
		s.fail(c, fmt.Errorf("publish: revision %q: %w", c.PostForm("revision"), rubrics.ErrInvalid))
		return
	}
	if v.Editable() {
		if d.Problems = publishProblems(v, v.Validate()); len(d.Problems) > 0 {
			s.render(c, http.StatusUnprocessableEntity, "Publish "+r.Name, pages.RubricPublish(d))
			return
		}
	}
	pv, err := s.deps.Rubrics.PublishVersion(ctx, v.ID, rev, actor(c))
	var ps rubrics.Problems
	switch {
	case errors.As(err, &ps):
		d.Problems = publishProblems(v, ps)
		s.render(c, http.StatusUnprocessableEntity, "Publish "+r.Name, pages.RubricPublish(d))
		return
	case errors.Is(err, rubrics.ErrConflict):
		s.log(c).Info("publish refused", "version_id", v.ID, "err", err)
		d.Conflict = true
		s.render(c, http.StatusConflict, "Publish "+r.Name, pages.RubricPublish(d))
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	s.flash(c, fmt.Sprintf("Version %d published. New reviews of %s use it from now on.", pv.Number, r.Name))
	c.Redirect(http.StatusSeeOther, pages.RubricHref(v.RubricID))
}

// publishData gathers the publish page: problems, or the impact preview.
func (s *Server) publishData(c *gin.Context, v rubrics.Version) (pages.RubricPublishData, error) {
	ctx := c.Request.Context()
	r, refs, err := s.deps.Rubrics.Rubric(ctx, v.RubricID)
	if err != nil {
		return pages.RubricPublishData{}, err
	}
	d := pages.RubricPublishData{Rubric: r, Version: v}
	if d.Problems = publishProblems(v, v.Validate()); len(d.Problems) > 0 {
		return d, nil
	}
	pub, ok := publishedRef(refs)
	if !ok {
		return d, nil
	}
	cur, err := s.deps.Rubrics.Version(ctx, pub.ID)
	if err != nil {
		return d, err
	}
	d.Current = &cur
	reviews, err := s.deps.Rubrics.ReviewScoresForRubric(ctx, r.ID)
	if err != nil {
		return d, err
	}
	d.Reviews = len(reviews)
	if len(reviews) > 0 {
		d.Impact = scoring.Impact(cur, v, reviews, scoring.DefaultMinN)
	}
	return d, nil
}

// publishProblems lists Validate's problems with links to their fields
// in the editor.
func publishProblems(v rubrics.Version, err error) []pages.PublishProblem {
	if err == nil {
		return nil
	}
	edit := pages.VersionHref(v.ID, "edit")
	var ps rubrics.Problems
	if !errors.As(err, &ps) {
		return []pages.PublishProblem{{Where: "Rubric", Message: err.Error(), Href: edit}}
	}
	known := knownFields(draftFormFrom(v))
	out := make([]pages.PublishProblem, 0, len(ps))
	for _, p := range ps {
		field := fieldForPath(p.Path, known)
		ep := pages.EditorProblem{Field: field, Message: p.Message}
		out = append(out, pages.PublishProblem{Path: p.Path, Where: ep.Where(), Message: p.Message, Href: ep.Href(edit)})
	}
	return out
}
