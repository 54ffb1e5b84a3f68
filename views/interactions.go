package views

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// handleInteractionList shows the filterable conversation list.
func (s *Server) handleInteractionList(c *gin.Context) {
	c.String(http.StatusNotImplemented, "not yet")
}

// handleInteractionShow shows one conversation.
func (s *Server) handleInteractionShow(c *gin.Context) {
	c.String(http.StatusNotImplemented, "not yet")
}
