package views

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
)

// contentSecurityPolicy allows only same-origin resources and no inline
// script or style. img-src adds data: because Pico CSS draws its checkbox
// ticks and select arrows as data: SVG images; images cannot run script.
const contentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; img-src 'self' data:"

type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// newRequestID is short enough to read out over the phone ("Reference:
// …") and random enough (60 bits) not to collide in the logs.
func newRequestID() string { return rand.Text()[:12] }

// withRequestBasics gives every request an id and every response the
// security headers. It wraps everything else, so the headers are there
// on static files, cross-origin refusals and session-store errors too.
// Cache-Control defaults to no-store; only fingerprinted static files
// override it.
func (s *Server) withRequestBasics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		h := w.Header()
		h.Set("X-Request-Id", id)
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// logFor returns the logger with the request id attached, so every line a
// request logs can be found from the reference on the error page.
func (s *Server) logFor(ctx context.Context) *slog.Logger {
	return s.deps.Logger.With("request_id", RequestID(ctx))
}

func (s *Server) log(c *gin.Context) *slog.Logger { return s.logFor(c.Request.Context()) }

// accessLog writes one line per request after it is served.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	attrs := []any{
		"method", c.Request.Method,
		"path", c.Request.URL.Path,
		"status", c.Writer.Status(),
		"duration_ms", time.Since(start).Milliseconds(),
		"ip", c.ClientIP(),
	}
	if u, ok := currentUser(c); ok {
		attrs = append(attrs, "user_id", u.ID)
	}
	s.log(c).Info("request", attrs...)
}

// recoverPanics turns a panic into the friendly 500 page. The stack goes to
// the log with the request id, never to the user.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler { //nolint:errorlint // sentinel compared as net/http does
			panic(v)
		}
		s.log(c).Error("panic", "panic", v, "stack", string(debug.Stack()))
		if !c.Writer.Written() {
			s.renderError(c, http.StatusInternalServerError)
		}
		c.Abort()
	}()
	c.Next()
}
