package views

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/rubrics"
)

// fail maps a domain error to a status and renders the friendly error page.
// This is the one place errors become statuses.
func (s *Server) fail(c *gin.Context, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, rubrics.ErrNotFound), errors.Is(err, rubrics.ErrForbidden):
		status = http.StatusNotFound
	case errors.Is(err, rubrics.ErrConflict):
		status = http.StatusConflict
	case errors.Is(err, rubrics.ErrInvalid):
		status = http.StatusUnprocessableEntity
	}
	c.String(status, http.StatusText(status))
}
