package views

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// handleHealthz says the process is up. It touches nothing else, so a slow
// database never gets a healthy process restarted.
func (s *Server) handleHealthz(c *gin.Context) {
	c.String(http.StatusOK, "ok")
}

// handleReadyz says whether the app can serve: the database answers a
// ping within two seconds.
func (s *Server) handleReadyz(c *gin.Context) {
	if s.deps.DB == nil {
		c.String(http.StatusServiceUnavailable, "not ready: no database")
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.deps.DB.Ping(ctx); err != nil {
		s.log(c).Warn("readiness check failed", "err", err)
		c.String(http.StatusServiceUnavailable, "not ready: database unavailable")
		return
	}
	c.String(http.StatusOK, "ok")
}
