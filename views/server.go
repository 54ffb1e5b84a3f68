package views

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"
)

// Deps is everything the web layer needs, wired in cmd/qascore.
type Deps struct {
	Users        Users
	Teams        Teams
	Interactions Interactions
	DB           Pinger
	// Sessions stores session data; the store implements it on the
	// database so several app replicas share sessions.
	Sessions     scs.Store
	Logger       *slog.Logger
	CookieSecure bool // send the session cookie only over HTTPS
	Demo         bool // demo mode: the login page lists demo accounts
	Version      string
	Now          func() time.Time // nil means time.Now
}

// Server holds the wired dependencies and the gin engine.
type Server struct {
	deps     Deps
	sessions *scs.SessionManager
	engine   *gin.Engine
}

// NewServer builds the complete HTTP handler: cross-origin protection, then
// the session manager, then gin with the route table.
func NewServer(d Deps) (http.Handler, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{deps: d, sessions: scs.New(), engine: gin.New()}
	s.sessions.Store = d.Sessions
	s.routes()
	return s.sessions.LoadAndSave(s.engine), nil
}
