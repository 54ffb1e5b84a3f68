package views

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/views/pages"
)

// maxEditorForm bounds the editor's form body. A rubric at Validate's
// limits (200 criteria with long guidance and anchors) stays well below.
const maxEditorForm = 4 << 20

// Editor status lines, announced to screen readers after each save.
const (
	msgEditorSaved    = "Draft saved."
	msgEditorNotSaved = "Not saved: fix the marked fields, then save again."
	msgEditorConflict = "Someone else changed this draft; reload to see their changes."
)

// editableVersion loads the :vid version for the editor. A frozen version
// sends the user to its read-only page with an explanation instead: the
// way to change it is a new draft. htmx requests are redirected with
// HX-Redirect so the whole page changes, not the editor fragment.
func (s *Server) editableVersion(c *gin.Context) (rubrics.Version, rubrics.Rubric, bool) {
	v, ok := s.loadVersion(c)
	if !ok {
		return v, rubrics.Rubric{}, false
	}
	if !v.Editable() {
		// A plain form post trying to change a frozen version is a
		// conflict (409) and says why; opening the editor, or an htmx
		// autosave racing a publish, goes back to the rubric page with
		// the same message, which htmx can follow.
		if c.Request.Method == http.MethodPost && !wantsFragment(c) {
			ed := errorContent(http.StatusConflict, RequestID(c.Request.Context()))
			ed.Heading, ed.Message = "This version is frozen", frozenMessage(v)
			s.render(c, http.StatusConflict, ed.Heading, pages.ErrorPage(ed))
			return v, rubrics.Rubric{}, false
		}
		s.flash(c, frozenMessage(v))
		s.redirect(c, pages.RubricHref(v.RubricID))
		return v, rubrics.Rubric{}, false
	}
	r, _, err := s.deps.Rubrics.Rubric(c.Request.Context(), v.RubricID)
	if err != nil {
		s.fail(c, err)
		return v, r, false
	}
	return v, r, true
}

// redirect sends the browser to target: a 303 for normal requests, an
// HX-Redirect for htmx ones (whose XHR would otherwise follow the 303 and
// swap a whole page into a fragment).
func (s *Server) redirect(c *gin.Context, target string) {
	if c.GetHeader("HX-Request") == "true" {
		c.Header("HX-Redirect", target)
		c.Status(http.StatusNoContent)
		return
	}
	c.Redirect(http.StatusSeeOther, target)
}

// handleRubricEditor shows a draft in the editor with its problems.
func (s *Server) handleRubricEditor(c *gin.Context) {
	v, r, ok := s.editableVersion(c)
	if !ok {
		return
	}
	f := draftFormFrom(v)
	d := editorData(r, v, f)
	setNotes(&d, validationNotes(&v, f))
	s.renderEditor(c, http.StatusOK, d)
}

func editorData(r rubrics.Rubric, v rubrics.Version, f pages.RubricDraftForm) pages.RubricEditorData {
	return pages.RubricEditorData{RubricID: r.ID, VersionID: v.ID, RubricName: r.Name, Number: v.Number, Form: f}
}

// renderEditor sends the editor fragment to htmx and the page otherwise.
func (s *Server) renderEditor(c *gin.Context, status int, d pages.RubricEditorData) {
	if wantsFragment(c) {
		s.render(c, status, "Edit "+d.RubricName, pages.RubricEditor(d))
		return
	}
	s.render(c, status, "Edit "+d.RubricName, pages.RubricEditorPage(d))
}

// handleRubricEditorPost applies one editor action (save, add, remove,
// move…) to the whole posted form and saves the draft. Values that are
// not numbers keep the draft unsaved (422) with a note on the field;
// Validate's problems are only notes, because a draft may be incomplete
// while it is being written.
func (s *Server) handleRubricEditorPost(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxEditorForm)
	if err := c.Request.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.renderError(c, http.StatusRequestEntityTooLarge)
			return
		}
		s.fail(c, errors.Join(err, rubrics.ErrInvalid))
		return
	}
	v, r, ok := s.editableVersion(c)
	if !ok {
		return
	}
	f, err := parseDraftForm(c.Request.PostForm)
	if err != nil {
		s.fail(c, err)
		return
	}
	focus := applyEditorAction(&f, c.Request.PostForm.Get("action"))
	normalizeScales(&f)
	nv, notes := draftVersion(f, v)
	d := editorData(r, v, f)
	d.Focus = focus
	if len(notes.order) > 0 {
		setNotes(&d, notes)
		d.Status = msgEditorNotSaved
		s.renderEditor(c, http.StatusUnprocessableEntity, d)
		return
	}
	assignKeys(&nv)
	err = s.deps.Rubrics.SaveDraft(c.Request.Context(), &nv, actor(c))
	switch {
	case errors.Is(err, rubrics.ErrConflict):
		// Keep everything typed: the user decides what to redo after
		// reloading. htmx only swaps 2xx and 422 responses, so the
		// fragment goes out as 200; a plain form post gets the 409.
		d.Conflict, d.Status = true, msgEditorConflict
		status := http.StatusConflict
		if wantsFragment(c) {
			status = http.StatusOK
		}
		s.renderEditor(c, status, d)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	d.Form = draftFormFrom(nv)
	setNotes(&d, validationNotes(&nv, d.Form))
	d.Status = msgEditorSaved
	if n := len(d.Problems); n > 0 {
		d.Status = fmt.Sprintf("%s %d %s before it can be published.", msgEditorSaved, n, plural(n, "thing to fix", "things to fix"))
	}
	s.renderEditor(c, http.StatusOK, d)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// setNotes puts notes on the editor's fields and in its summary.
func setNotes(d *pages.RubricEditorData, n editorNotes) {
	d.Notes, d.Problems = n.byField, n.order
}
