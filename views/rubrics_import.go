package views

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/views/pages"
)

const (
	// maxImportFile is the largest rubric file accepted. A rubric at
	// Validate's limits is far smaller.
	maxImportFile = 1 << 20
	// multipartSlack allows for the multipart framing and the name
	// field around the file.
	multipartSlack = 64 << 10
)

const (
	msgImportTooLarge = "The file is larger than 1 MiB. A rubric file is much smaller; check that you chose the right file."
	msgImportNoFile   = "Choose a rubric file (.json) to import."
	msgImportTaken    = "A rubric with this name already exists. Enter another name for the imported rubric."
)

// handleRubricImportForm shows the import form.
func (s *Server) handleRubricImportForm(c *gin.Context) {
	s.render(c, http.StatusOK, "Import a rubric", pages.RubricImport(pages.RubricImportData{}))
}

// handleRubricImport creates a rubric from an uploaded file. Oversized
// uploads are refused before anything is parsed; a file with problems
// creates nothing and lists every problem with its JSON path; the rubric
// and its draft are created in one store call, so nothing is ever
// half-imported.
func (s *Server) handleRubricImport(c *gin.Context) {
	again := func(status int, d pages.RubricImportData) {
		s.render(c, status, "Import a rubric", pages.RubricImport(d))
	}
	if c.Request.ContentLength > maxImportFile+multipartSlack {
		again(http.StatusRequestEntityTooLarge, pages.RubricImportData{FileError: msgImportTooLarge})
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxImportFile+multipartSlack)
	if err := c.Request.ParseMultipartForm(2 * (maxImportFile + multipartSlack)); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			again(http.StatusRequestEntityTooLarge, pages.RubricImportData{FileError: msgImportTooLarge})
			return
		}
		again(http.StatusUnprocessableEntity, pages.RubricImportData{FileError: msgImportNoFile})
		return
	}
	defer func() { _ = c.Request.MultipartForm.RemoveAll() }()
	d := pages.RubricImportData{Name: strings.TrimSpace(strings.ToValidUTF8(c.Request.PostFormValue("name"), "\uFFFD"))}
	files := c.Request.MultipartForm.File["file"]
	if len(files) == 0 || files[0].Size == 0 {
		d.FileError = msgImportNoFile
		again(http.StatusUnprocessableEntity, d)
		return
	}
	if files[0].Size > maxImportFile {
		d.FileError = msgImportTooLarge
		again(http.StatusRequestEntityTooLarge, d)
		return
	}
	f, err := files[0].Open()
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	r, v, err := rubrics.Decode(f, maxImportFile)
	var ps rubrics.Problems
	switch {
	case errors.As(err, &ps):
		for _, p := range ps {
			d.Problems = append(d.Problems, pages.ImportProblem{Path: p.Path, Message: p.Message})
		}
		again(http.StatusUnprocessableEntity, d)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	if d.Name != "" {
		if p := rubricFormProblems(d.Name, ""); len(p) > 0 {
			d.NameError = p.For("name")
			again(http.StatusUnprocessableEntity, d)
			return
		}
		r.Name = d.Name
	}
	// The file describes content only; the store numbers the version
	// and fills in ids. It always arrives as a draft, to be checked.
	r.ID, v.ID, v.RubricID, v.Number, v.Status, v.Revision = 0, 0, 0, 0, rubrics.StatusDraft, 0
	err = s.deps.Rubrics.CreateRubric(c.Request.Context(), &r, &v, actor(c))
	switch {
	case errors.Is(err, rubrics.ErrConflict):
		d.NameError = msgImportTaken
		if d.Name == "" {
			d.Name = r.Name
		}
		again(http.StatusUnprocessableEntity, d)
		return
	case errors.As(err, &ps):
		for _, p := range ps {
			d.Problems = append(d.Problems, pages.ImportProblem{Path: p.Path, Message: p.Message})
		}
		again(http.StatusUnprocessableEntity, d)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	s.flash(c, "Imported "+r.Name+" as a draft. Check it, then publish it.")
	c.Redirect(http.StatusSeeOther, pages.VersionHref(v.ID, "edit"))
}

// handleVersionExport downloads a version as a qascore.rubric/v1 file.
func (s *Server) handleVersionExport(c *gin.Context) {
	v, ok := s.loadVersion(c)
	if !ok {
		return
	}
	r, _, err := s.deps.Rubrics.Rubric(c.Request.Context(), v.RubricID)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := rubrics.Encode(&buf, r, v); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.json"`, fileSlug(r), v.Number))
	c.Data(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
}

// fileSlug is a file name made from the rubric's name: ASCII letters and
// digits joined by hyphens (safe in any header and file system), or
// "rubric-<id>" for a name with none.
func fileSlug(r rubrics.Rubric) string {
	var b strings.Builder
	dash := false
	for _, ch := range strings.ToLower(r.Name) {
		if (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(ch)
			if b.Len() >= 60 {
				break
			}
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "rubric-" + strconv.FormatInt(r.ID, 10)
	}
	return b.String()
}
