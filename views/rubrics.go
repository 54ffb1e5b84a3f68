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
	"github.com/qascore/qascore/views/pages"
)

// Rubric messages shown next to fields or as flashes.
const (
	msgDuplicateRubric = "A rubric with this name already exists; choose another name."
	maxRubricName      = 120
	maxRubricDesc      = 4000
)

// rubricEditors may create, edit, publish, import and archive rubrics;
// trainers and agents only read published ones.
var rubricEditors = []coaching.Role{coaching.RoleAdmin, coaching.RoleSupervisor}

func isRubricEditor(u coaching.User) bool {
	return u.Role == coaching.RoleAdmin || u.Role == coaching.RoleSupervisor
}

func (s *Server) viewerIsEditor(c *gin.Context) bool {
	u, _ := currentUser(c)
	return isRubricEditor(u)
}

// asProblems is errors.As for rubrics.Problems.
func asProblems(err error, ps *rubrics.Problems) bool { return errors.As(err, ps) }

// handleRubricList lists rubrics: everything for editors, only rubrics
// with a published version for everyone else.
func (s *Server) handleRubricList(c *gin.Context) {
	editor := s.viewerIsEditor(c)
	list, err := s.deps.Rubrics.ListRubrics(c.Request.Context(), rubrics.ListFilter{PublishedOnly: !editor})
	if err != nil {
		s.fail(c, err)
		return
	}
	loc, _ := viewerLocation(c)
	s.render(c, http.StatusOK, "Rubrics", pages.RubricList(pages.RubricListData{Rubrics: list, Editor: editor, Loc: loc}))
}

// handleRubricNew shows the create-rubric form.
func (s *Server) handleRubricNew(c *gin.Context) {
	s.render(c, http.StatusOK, "New rubric", pages.RubricNew(pages.RubricFormData{}))
}

// rubricFormProblems checks the rubric's own fields (name, description).
func rubricFormProblems(name, desc string) coaching.Problems {
	var p coaching.Problems
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		p = append(p, coaching.FieldError{Field: "name", Message: "Enter a name for the rubric."})
	case n > maxRubricName:
		p = append(p, coaching.FieldError{Field: "name", Message: fmt.Sprintf("The name is %d characters long; shorten it to %d or fewer.", n, maxRubricName)})
	case strings.ContainsAny(name, "\r\n\t"):
		p = append(p, coaching.FieldError{Field: "name", Message: "Keep the name on one line."})
	}
	if n := utf8.RuneCountInString(desc); n > maxRubricDesc {
		p = append(p, coaching.FieldError{Field: "description", Message: fmt.Sprintf("The description is %d characters long; shorten it to %d or fewer.", n, maxRubricDesc)})
	}
	return p
}

// rubricProblemsAsFields turns the store's problems with a rubric's own
// fields into form problems.
func rubricProblemsAsFields(ps rubrics.Problems) coaching.Problems {
	out := make(coaching.Problems, 0, len(ps))
	for _, p := range ps {
		field := p.Path
		if field != "description" {
			field = "name"
		}
		out = append(out, coaching.FieldError{Field: field, Message: p.Message})
	}
	return out
}

// handleRubricCreate creates a rubric with a starter draft and opens the
// editor on it.
func (s *Server) handleRubricCreate(c *gin.Context) {
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errors.Join(err, rubrics.ErrInvalid))
		return
	}
	d := pages.RubricFormData{
		Name:        strings.TrimSpace(strings.ToValidUTF8(c.PostForm("name"), "\uFFFD")),
		Description: strings.TrimSpace(strings.ToValidUTF8(c.PostForm("description"), "\uFFFD")),
	}
	if d.Problems = rubricFormProblems(d.Name, d.Description); len(d.Problems) == 0 {
		r := rubrics.Rubric{Name: d.Name, Description: d.Description}
		v := starterDraft()
		err := s.deps.Rubrics.CreateRubric(c.Request.Context(), &r, &v, actor(c))
		var ps rubrics.Problems
		switch {
		case errors.Is(err, rubrics.ErrConflict):
			d.Problems = coaching.Problems{{Field: "name", Message: msgDuplicateRubric}}
		case errors.As(err, &ps):
			d.Problems = rubricProblemsAsFields(ps)
		case err != nil:
			s.fail(c, err)
			return
		default:
			s.flash(c, "Created the rubric "+r.Name+". Add its sections and criteria, then publish it.")
			c.Redirect(http.StatusSeeOther, pages.VersionHref(v.ID, "edit"))
			return
		}
	}
	s.render(c, http.StatusUnprocessableEntity, "New rubric", pages.RubricNew(d))
}

// pathInt64 reads a positive id parameter; a malformed one is not found.
func pathInt64(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q: %w", name, c.Param(name), rubrics.ErrNotFound)
	}
	return id, nil
}

// publishedRef is the version new reviews use, if any.
func publishedRef(refs []rubrics.VersionRef) (rubrics.VersionRef, bool) {
	for _, r := range refs {
		if r.Status == rubrics.StatusPublished {
			return r, true
		}
	}
	return rubrics.VersionRef{}, false
}

// draftRef is the rubric's open draft, if any.
func draftRef(refs []rubrics.VersionRef) (rubrics.VersionRef, bool) {
	for _, r := range refs {
		if r.Status == rubrics.StatusDraft {
			return r, true
		}
	}
	return rubrics.VersionRef{}, false
}

// handleRubricShow shows a rubric: its versions and the published version
// as graders see it. Readers only reach rubrics that have a published
// version, and see nothing of drafts or archived versions.
func (s *Server) handleRubricShow(c *gin.Context) {
	ctx := c.Request.Context()
	r, refs, ok := s.loadRubric(c)
	if !ok {
		return
	}
	id := r.ID
	editor := s.viewerIsEditor(c)
	pub, hasPub := publishedRef(refs)
	if !editor {
		if !hasPub {
			s.fail(c, fmt.Errorf("rubric %d has no published version: %w", id, rubrics.ErrNotFound))
			return
		}
		refs = []rubrics.VersionRef{pub}
	}
	d := pages.RubricShowData{Rubric: r, Versions: refs, Editor: editor}
	d.Loc, _ = viewerLocation(c)
	if hasPub {
		v, err := s.deps.Rubrics.Version(ctx, pub.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Published = &v
	}
	s.render(c, http.StatusOK, r.Name, pages.RubricShow(d))
}

// handleRubricEdit opens the rubric's draft, making one from the latest
// version when there is none: published versions are frozen because
// reviews pin them.
func (s *Server) handleRubricEdit(c *gin.Context) {
	id, err := pathInt64(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.deps.Rubrics.NewDraft(c.Request.Context(), id, actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, pages.VersionHref(v.ID, "edit"))
}

// handleRubricCloneForm asks for the name of the copy.
func (s *Server) handleRubricCloneForm(c *gin.Context) {
	id, err := pathInt64(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	r, _, err := s.deps.Rubrics.Rubric(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "Copy "+r.Name, pages.RubricClone(pages.RubricCloneData{Source: r, Name: cloneName(r.Name)}))
}

// cloneName suggests a name for a copy, cut by characters (never inside
// one) to fit the name limit.
func cloneName(name string) string {
	n := "Copy of " + name
	if utf8.RuneCountInString(n) > maxRubricName {
		n = string([]rune(n)[:maxRubricName])
	}
	return n
}

// handleRubricClone creates a new rubric whose first draft is a copy of
// the source's latest version.
func (s *Server) handleRubricClone(c *gin.Context) {
	ctx := c.Request.Context()
	src, refs, ok := s.loadRubric(c)
	if !ok {
		return
	}
	id := src.ID
	if len(refs) == 0 {
		s.fail(c, fmt.Errorf("rubric %d has no versions: %w", id, rubrics.ErrNotFound))
		return
	}
	from, err := s.deps.Rubrics.Version(ctx, refs[0].ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := pages.RubricCloneData{Source: src, Name: strings.TrimSpace(strings.ToValidUTF8(c.PostForm("name"), "\uFFFD"))}
	if d.Problems = rubricFormProblems(d.Name, ""); len(d.Problems) == 0 {
		r := rubrics.Rubric{Name: d.Name, Description: src.Description}
		v := rubrics.Version{Status: rubrics.StatusDraft, ScoreCap: from.ScoreCap, SecondCheck: from.SecondCheck, Sections: from.Sections}
		err = s.deps.Rubrics.CreateRubric(ctx, &r, &v, actor(c))
		var ps rubrics.Problems
		switch {
		case errors.Is(err, rubrics.ErrConflict):
			d.Problems = coaching.Problems{{Field: "name", Message: msgDuplicateRubric}}
		case errors.As(err, &ps):
			d.Problems = rubricProblemsAsFields(ps)
		case err != nil:
			s.fail(c, err)
			return
		default:
			s.flash(c, "Created "+r.Name+" as a copy of "+src.Name+".")
			c.Redirect(http.StatusSeeOther, pages.VersionHref(v.ID, "edit"))
			return
		}
	}
	s.render(c, http.StatusUnprocessableEntity, "Copy "+src.Name, pages.RubricClone(d))
}

// loadRubric reads the :id path parameter and loads that rubric with its
// version refs, or answers with the error page.
func (s *Server) loadRubric(c *gin.Context) (rubrics.Rubric, []rubrics.VersionRef, bool) {
	id, err := pathInt64(c, "id")
	if err == nil {
		var r rubrics.Rubric
		var refs []rubrics.VersionRef
		if r, refs, err = s.deps.Rubrics.Rubric(c.Request.Context(), id); err == nil {
			return r, refs, true
		}
	}
	s.fail(c, err)
	return rubrics.Rubric{}, nil, false
}

// loadVersion reads the :vid path parameter and loads that version, or
// answers with the error page; readers only reach published versions.
func (s *Server) loadVersion(c *gin.Context) (rubrics.Version, bool) {
	vid, err := pathInt64(c, "vid")
	if err == nil {
		var v rubrics.Version
		if v, err = s.deps.Rubrics.Version(c.Request.Context(), vid); err == nil {
			if v.Status == rubrics.StatusPublished || s.viewerIsEditor(c) {
				return v, true
			}
			err = fmt.Errorf("version %d is %s: %w", vid, v.Status, rubrics.ErrNotFound)
		}
	}
	s.fail(c, err)
	return rubrics.Version{}, false
}

// frozenMessage explains why a version cannot be edited.
func frozenMessage(v rubrics.Version) string {
	return fmt.Sprintf("Version %d is %s and frozen; Edit creates a new draft.", v.Number, v.Status)
}

// handleVersionPreview shows a version exactly as graders will see it.
func (s *Server) handleVersionPreview(c *gin.Context) {
	v, ok := s.loadVersion(c)
	if !ok {
		return
	}
	r, _, err := s.deps.Rubrics.Rubric(c.Request.Context(), v.RubricID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "Preview of "+r.Name, pages.RubricPreview(pages.RubricPreviewData{Rubric: r, Version: v, Editor: s.viewerIsEditor(c)}))
}

// handleVersionArchiveConfirm asks before hiding a published version from
// new reviews.
func (s *Server) handleVersionArchiveConfirm(c *gin.Context) {
	v, ok := s.loadVersion(c)
	if !ok {
		return
	}
	if v.Status != rubrics.StatusPublished {
		s.flash(c, fmt.Sprintf("Version %d is not published, so there is nothing to archive.", v.Number))
		c.Redirect(http.StatusSeeOther, pages.RubricHref(v.RubricID))
		return
	}
	r, _, err := s.deps.Rubrics.Rubric(c.Request.Context(), v.RubricID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "Archive "+r.Name, pages.RubricArchive(pages.RubricArchiveData{Rubric: r, Version: v}))
}

// handleVersionArchive hides a published version from new reviews; the
// reviews that pinned it keep it.
func (s *Server) handleVersionArchive(c *gin.Context) {
	v, ok := s.loadVersion(c)
	if !ok {
		return
	}
	if err := s.deps.Rubrics.ArchiveVersion(c.Request.Context(), v.ID, actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, fmt.Sprintf("Version %d archived. New reviews can no longer use it; existing reviews keep it.", v.Number))
	c.Redirect(http.StatusSeeOther, pages.RubricHref(v.RubricID))
}

// handleVersionDelete discards a draft.
func (s *Server) handleVersionDelete(c *gin.Context) {
	v, ok := s.loadVersion(c)
	if !ok {
		return
	}
	if err := s.deps.Rubrics.DeleteDraft(c.Request.Context(), v.ID, actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, fmt.Sprintf("Draft version %d deleted.", v.Number))
	c.Redirect(http.StatusSeeOther, pages.RubricHref(v.RubricID))
}
