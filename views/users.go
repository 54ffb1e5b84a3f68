package views

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/views/form"
	"github.com/qascore/qascore/views/pages"
	"github.com/qascore/qascore/views/password"
)

const usersPerPage = 25

const msgDuplicateEmail = "A user with this email already exists."

// handleUserList pages through user accounts with role and text filters.
func (s *Server) handleUserList(c *gin.Context) {
	q := form.ParseUserList(c.Request.URL.Query())
	us, total, err := s.deps.Users.ListUsers(c.Request.Context(), coaching.UserFilter{
		Role: q.Role, Query: q.Query, IncludeDisabled: true,
		Offset: (q.Page - 1) * usersPerPage, Limit: usersPerPage,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "Users", pages.UserList(pages.UserListData{
		Users: us, Total: total, Page: q.Page, Pages: max(1, (total+usersPerPage-1)/usersPerPage),
		Role: string(q.Role), Query: q.Query,
	}))
}

// handleUserNew shows the create-user form.
func (s *Server) handleUserNew(c *gin.Context) {
	s.render(c, http.StatusOK, "Add a user", pages.UserNew(pages.UserFormData{Role: string(coaching.RoleAgent)}))
}

// handleUserCreate creates an account. A generated password is shown in
// this response only and never stored in clear (not even in the session
// for a redirect), so it cannot leak later.
func (s *Server) handleUserCreate(c *gin.Context) {
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errors.Join(err, coaching.ErrInvalid))
		return
	}
	f := form.ParseUserCreate(c.Request.PostForm)
	again := func(p coaching.Problems) {
		s.render(c, http.StatusUnprocessableEntity, "Add a user",
			pages.UserNew(pages.UserFormData{Email: f.Email, Name: f.Name, Role: f.Role, Problems: p}))
	}
	if p := f.Problems(); len(p) > 0 {
		again(p)
		return
	}
	pw, generated := f.Password, false
	if pw == "" {
		pw, generated = password.Generate(), true
	}
	hash, err := s.hasher.Hash(pw)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := f.User()
	u.PasswordHash = hash
	err = s.deps.Users.CreateUser(c.Request.Context(), &u, actor(c))
	var ps coaching.Problems
	switch {
	case errors.Is(err, coaching.ErrConflict):
		again(coaching.Problems{{Field: "email", Message: msgDuplicateEmail}})
		return
	case errors.As(err, &ps):
		again(ps)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	if generated {
		s.render(c, http.StatusCreated, "User added", pages.UserCreated(pages.UserCreatedData{User: u, Password: pw}))
		return
	}
	s.flash(c, "Added "+u.Name+". They can sign in with the password you chose.")
	c.Redirect(http.StatusSeeOther, userPath(u.ID))
}

func userPath(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }

// pathID reads the :id parameter; a malformed id is simply not found.
func pathID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, coaching.ErrNotFound
	}
	return id, nil
}

// loadUser reads the :id user for the admin user pages.
func (s *Server) loadUser(c *gin.Context) (coaching.User, bool) {
	id, err := pathID(c)
	if err == nil {
		var u coaching.User
		if u, err = s.deps.Users.UserByID(c.Request.Context(), id); err == nil {
			return u, true
		}
	}
	s.fail(c, err)
	return coaching.User{}, false
}

func (s *Server) userShowData(c *gin.Context, u coaching.User) pages.UserShowData {
	me, _ := currentUser(c)
	return pages.UserShowData{User: u, Self: me.ID == u.ID, Role: string(u.Role)}
}

// handleUserShow shows one account with its role and access forms.
func (s *Server) handleUserShow(c *gin.Context) {
	u, ok := s.loadUser(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, u.Name, pages.UserShow(s.userShowData(c, u)))
}

// refuseSelf stops admins changing their own role or access: doing so by
// mistake could leave the workspace without an admin.
func (s *Server) refuseSelf(c *gin.Context, u coaching.User) bool {
	d := s.userShowData(c, u)
	if !d.Self {
		return false
	}
	s.render(c, http.StatusUnprocessableEntity, u.Name, pages.UserShow(d))
	return true
}

// handleUserRoleUpdate changes a user's role; the store bumps AuthVersion,
// which ends their sessions.
func (s *Server) handleUserRoleUpdate(c *gin.Context) {
	u, ok := s.loadUser(c)
	if !ok || s.refuseSelf(c, u) {
		return
	}
	role, err := coaching.ParseRole(c.PostForm("role"))
	if err != nil {
		d := s.userShowData(c, u)
		d.Role, d.RoleError = c.PostForm("role"), "Choose one of the roles in the list."
		s.render(c, http.StatusUnprocessableEntity, u.Name, pages.UserShow(d))
		return
	}
	if role == u.Role {
		s.flash(c, u.Name+" already has the role "+role.Label()+".")
		c.Redirect(http.StatusSeeOther, userPath(u.ID))
		return
	}
	if _, err := s.deps.Users.UpdateUser(c.Request.Context(), u.ID, coaching.UserUpdate{Role: &role}, actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, u.Name+" is now "+role.Label()+". They were signed out and sign in again with the new role.")
	c.Redirect(http.StatusSeeOther, userPath(u.ID))
}

// handleUserDisable stops a user signing in and ends their sessions.
func (s *Server) handleUserDisable(c *gin.Context) { s.setDisabled(c, true) }

// handleUserEnable lets a disabled user sign in again.
func (s *Server) handleUserEnable(c *gin.Context) { s.setDisabled(c, false) }

func (s *Server) setDisabled(c *gin.Context, disabled bool) {
	u, ok := s.loadUser(c)
	if !ok || s.refuseSelf(c, u) {
		return
	}
	if u.Disabled != disabled {
		if _, err := s.deps.Users.UpdateUser(c.Request.Context(), u.ID, coaching.UserUpdate{Disabled: &disabled}, actor(c)); err != nil {
			s.fail(c, err)
			return
		}
	}
	msg := u.Name + " can sign in again."
	if disabled {
		msg = u.Name + " is disabled and was signed out."
	}
	s.flash(c, msg)
	c.Redirect(http.StatusSeeOther, userPath(u.ID))
}
