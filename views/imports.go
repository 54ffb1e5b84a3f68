package views

import (
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/scoring/transcript/ingest"
	"github.com/qascore/qascore/views/components"
	"github.com/qascore/qascore/views/pages"
)

const (
	// maxUploadFiles is the most files one upload may carry.
	maxUploadFiles = 20
	// maxUploadRequest bounds a whole upload request: every file at the
	// per-file limit plus the multipart framing.
	maxUploadRequest = maxUploadFiles*ingest.DefaultMaxFileBytes + 1<<20
	// uploadMemory is how much of an upload is kept in memory; the rest
	// is spooled to temporary files by the multipart reader.
	uploadMemory = 16 << 20
)

const (
	msgUploadTooLarge = "The upload is larger than 200 MiB (20 files of at most 10 MiB). Import fewer or smaller files at a time, or use qascore import on the server for large exports."
	msgUploadNoFile   = "Choose at least one file to import."
	msgUploadTooMany  = "Choose at most 20 files per import."
	msgMapChooseAgent = "Choose the agent account this name belongs to."
	msgDefaultAgent   = "Choose an agent from the list, or keep the conversations unassigned."
)

// importAgentChoices are the agents an uploader may give unattributed
// conversations to: any active agent for an admin, the agents of their own
// teams for a supervisor (whose imports they will grade). The first option
// keeps them unassigned.
func (s *Server) importAgentChoices(c *gin.Context) ([]components.Option, error) {
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	opts := []components.Option{{Value: "", Label: "Keep them unassigned"}}
	switch u.Role {
	case coaching.RoleAdmin:
		agents, _, err := s.deps.Users.ListUsers(ctx, coaching.UserFilter{Role: coaching.RoleAgent, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, a := range agents {
			opts = append(opts, components.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name + " (" + a.Email + ")"})
		}
	case coaching.RoleSupervisor:
		if s.deps.Teams == nil {
			return opts, nil
		}
		teams, err := s.deps.Teams.ListTeams(ctx)
		if err != nil {
			return nil, err
		}
		seen := map[int64]bool{}
		for _, t := range teams {
			if !slices.ContainsFunc(t.Supervisors, func(sv coaching.User) bool { return sv.ID == u.ID }) {
				continue
			}
			for _, a := range t.Agents {
				if !seen[a.ID] && !a.Disabled {
					seen[a.ID] = true
					opts = append(opts, components.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name + " (" + a.Email + ")"})
				}
			}
		}
	}
	return opts, nil
}

// handleImportForm shows the upload form.
func (s *Server) handleImportForm(c *gin.Context) {
	if s.deps.Imports == nil {
		s.handleNotFound(c)
		return
	}
	agents, err := s.importAgentChoices(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "Import conversations", pages.ImportPage(pages.ImportData{Agents: agents}))
}

// importResults renders an upload's results: the fragment for htmx, the
// whole page otherwise.
func (s *Server) importResults(c *gin.Context, status int, d pages.ImportResultsData) {
	u, _ := currentUser(c)
	d.CanMap = u.Role == coaching.RoleAdmin
	d.Scoped = u.Role == coaching.RoleSupervisor
	if wantsFragment(c) {
		s.render(c, status, "Import conversations", pages.ImportResults(d))
		return
	}
	agents, err := s.importAgentChoices(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "Import conversations", pages.ImportPage(pages.ImportData{Results: d, Agents: agents, DefaultAgent: multipartValue(c.Request, "default_agent")}))
}

// multipartValue is a form value of an upload already parsed, and "" when
// it was not: an upload refused for its size must not be read to find out.
func multipartValue(r *http.Request, key string) string {
	if r.MultipartForm == nil || len(r.MultipartForm.Value[key]) == 0 {
		return ""
	}
	return r.MultipartForm.Value[key][0]
}

// handleImportUpload imports the uploaded files. An upload over the
// request limit is refused as a whole (413) before anything is read; a
// single file over the per-file limit fails alone while the others are
// imported.
func (s *Server) handleImportUpload(c *gin.Context) {
	if s.deps.Imports == nil {
		s.handleNotFound(c)
		return
	}
	if c.Request.ContentLength > maxUploadRequest {
		s.importResults(c, http.StatusRequestEntityTooLarge, pages.ImportResultsData{Error: msgUploadTooLarge})
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUploadRequest)
	if err := c.Request.ParseMultipartForm(uploadMemory); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.importResults(c, http.StatusRequestEntityTooLarge, pages.ImportResultsData{Error: msgUploadTooLarge})
			return
		}
		s.importResults(c, http.StatusUnprocessableEntity, pages.ImportResultsData{Error: msgUploadNoFile})
		return
	}
	defer func() { _ = c.Request.MultipartForm.RemoveAll() }()
	headers := c.Request.MultipartForm.File["files"]
	var files []transcript.File
	for _, h := range headers {
		if h.Filename == "" && h.Size == 0 {
			continue // the empty part browsers send when no file was chosen
		}
		fh := h
		files = append(files, transcript.File{
			// The browser's name is only a label: keep the base name,
			// valid UTF-8, so no path from the client travels further.
			Name: strings.ToValidUTF8(filepath.Base(filepath.ToSlash(fh.Filename)), "\uFFFD"),
			Size: fh.Size,
			Open: func() (io.ReadCloser, error) { return fh.Open() },
		})
	}
	switch {
	case len(files) == 0:
		s.importResults(c, http.StatusUnprocessableEntity, pages.ImportResultsData{Error: msgUploadNoFile})
		return
	case len(files) > maxUploadFiles:
		s.importResults(c, http.StatusUnprocessableEntity, pages.ImportResultsData{Error: msgUploadTooMany})
		return
	}
	opts := ingest.Options{}
	if v := multipartValue(c.Request, "default_agent"); v != "" {
		agents, err := s.importAgentChoices(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		if !slices.ContainsFunc(agents[1:], func(o components.Option) bool { return o.Value == v }) {
			// Not an agent this uploader may choose: refuse the whole
			// upload, nothing is read.
			s.importResults(c, http.StatusUnprocessableEntity, pages.ImportResultsData{Error: msgDefaultAgent})
			return
		}
		opts.DefaultAgentID, _ = strconv.ParseInt(v, 10, 64)
	}
	rep, err := s.deps.Imports.Import(c.Request.Context(), files, opts)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.log(c).Info("import", "files", len(files), "imported", rep.Imported, "already_there", rep.AlreadyThere, "failed", rep.Failed)
	s.importResults(c, http.StatusOK, pages.ImportResultsData{Report: &rep})
}

// importAgentsData loads the unmapped names and the agent accounts.
func (s *Server) importAgentsData(c *gin.Context) (pages.ImportAgentsData, bool) {
	ctx := c.Request.Context()
	un, err := s.deps.Imports.UnmappedAgents(ctx)
	if err != nil {
		s.fail(c, err)
		return pages.ImportAgentsData{}, false
	}
	agents, _, err := s.deps.Users.ListUsers(ctx, coaching.UserFilter{Role: coaching.RoleAgent, Limit: 500})
	if err != nil {
		s.fail(c, err)
		return pages.ImportAgentsData{}, false
	}
	d := pages.ImportAgentsData{Unmapped: un}
	for _, a := range agents {
		d.Agents = append(d.Agents, components.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name + " (" + a.Email + ")"})
	}
	return d, true
}

// handleImportAgents lists the imported agent names without an account.
func (s *Server) handleImportAgents(c *gin.Context) {
	if s.deps.Imports == nil {
		s.handleNotFound(c)
		return
	}
	d, ok := s.importAgentsData(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "Map imported agents", pages.ImportAgents(d))
}

// handleImportAgentMap maps one name to an agent account.
func (s *Server) handleImportAgentMap(c *gin.Context) {
	if s.deps.Imports == nil {
		s.handleNotFound(c)
		return
	}
	name := c.PostForm("name")
	uid, _ := strconv.ParseInt(c.PostForm("user_id"), 10, 64)
	again := func(msg string) {
		d, ok := s.importAgentsData(c)
		if !ok {
			return
		}
		d.Name, d.Error = name, msg
		s.render(c, http.StatusUnprocessableEntity, "Map imported agents", pages.ImportAgents(d))
	}
	if uid <= 0 {
		again(msgMapChooseAgent)
		return
	}
	n, err := s.deps.Imports.MapAgent(c.Request.Context(), name, uid, actor(c))
	switch {
	case errors.Is(err, rubrics.ErrInvalid):
		again(msgMapChooseAgent)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	s.flash(c, "Mapped "+name+": "+strconv.Itoa(n)+" conversations now belong to the chosen agent.")
	c.Redirect(http.StatusSeeOther, "/imports/agents")
}
