package views

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/views/pages"
)

// statusFor is the one error→status map of the application. Forbidden
// becomes 404 like not-found, so a user cannot probe for objects they may
// not know exist.
func statusFor(err error) int {
	switch {
	case errors.Is(err, rubrics.ErrNotFound), errors.Is(err, rubrics.ErrForbidden):
		return http.StatusNotFound
	case errors.Is(err, rubrics.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, rubrics.ErrInvalid):
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}

// fail maps a domain error to a status and renders the friendly error page.
// The error itself goes only to the log, with the request id the page
// shows.
func (s *Server) fail(c *gin.Context, err error) {
	status := statusFor(err)
	if status == http.StatusInternalServerError {
		s.log(c).Error("request failed", "path", c.Request.URL.Path, "err", err)
	} else {
		s.log(c).Info("request refused", "path", c.Request.URL.Path, "status", status, "err", err)
	}
	c.Abort()
	if c.Writer.Written() {
		return
	}
	s.renderError(c, status)
}

// renderError renders the error page for status.
func (s *Server) renderError(c *gin.Context, status int) {
	ed := errorContent(status, RequestID(c.Request.Context()))
	s.render(c, status, ed.Heading, pages.ErrorPage(ed))
}

// handleNotFound answers unknown routes and methods with the 404 page.
// Unknown routes skip the auth middleware, so the user is loaded here (if
// the session is still valid) to keep the navigation on the page.
func (s *Server) handleNotFound(c *gin.Context) {
	if _, ok := currentUser(c); !ok {
		if u, ok := s.sessionUser(c); ok {
			c.Set(ctxUser, u)
		}
	}
	s.renderError(c, http.StatusNotFound)
}

// errorContent is what each status tells the user: what happened and what
// to do, nothing internal.
func errorContent(status int, requestID string) pages.ErrorData {
	d := pages.ErrorData{Status: status, RequestID: requestID}
	switch status {
	case http.StatusNotFound:
		d.Heading = "Page not found"
		d.Message = "There is nothing here, or you do not have access to it. Check the address, or start again from your start page."
	case http.StatusForbidden:
		d.Heading = "Request refused"
		d.Message = "This form was sent from another site or an old page, so it was refused. Go back, reload the page and try again."
	case http.StatusConflict:
		d.Heading = "Someone else changed this"
		d.Message = "This changed while you were working on it. Reload the page to see the latest version, then make your change again."
	case http.StatusUnprocessableEntity:
		d.Heading = "That did not work"
		d.Message = "Some of what was sent is not valid. Go back, check the form and try again."
	default:
		d.Status = http.StatusInternalServerError
		d.Heading = "Something went wrong"
		d.Message = "The problem is on our side and has been logged. Try again in a moment; if it keeps happening, tell your admin the reference below."
	}
	return d
}
