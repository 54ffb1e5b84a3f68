package views

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/alexedwards/scs/v2/memstore"
	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/views/password"
	"github.com/qascore/qascore/views/static"
)

// Deps is everything the web layer needs, wired in cmd/qascore.
type Deps struct {
	Users        Users
	Teams        Teams
	Interactions Interactions
	Rubrics      Rubrics
	Reviews      Reviews
	Assignments  Assignments
	Imports      Imports
	Modules      Modules
	DB           Pinger
	// Sessions stores session data; the store implements it on the
	// database so several app replicas share sessions. nil means an
	// in-memory store (tests, single process).
	Sessions     scs.Store
	Logger       *slog.Logger
	CookieSecure bool // send the session cookie only over HTTPS
	Demo         bool // demo mode: the login page lists demo accounts
	Version      string
	Now          func() time.Time // nil means time.Now

	// Passwords hashes and verifies passwords. nil means a hasher capped
	// at 2×GOMAXPROCS concurrent hashes. Share one Hasher per process.
	Passwords *password.Hasher
	// Throttle limits failed sign-ins. nil means an in-memory throttle
	// with DefaultThrottlePolicy.
	Throttle LoginThrottle
	// TrustedProxies are the proxy addresses or CIDRs whose
	// X-Forwarded-For header is believed. Empty means none: the client IP
	// is the connection's remote address, which a client cannot spoof.
	TrustedProxies []string
	// DemoLogins are listed on the login page when Demo is true.
	DemoLogins []DemoLogin
	// Metrics, when set, counts and times requests and is readable by
	// admins at /metrics. nil means no metrics.
	Metrics *Metrics
}

// DemoLogin is one demo account shown on the login page in demo mode.
type DemoLogin struct {
	Email    string
	Role     string
	Password string
}

// Server holds the wired dependencies and the gin engine.
type Server struct {
	deps     Deps
	sessions *scs.SessionManager
	engine   *gin.Engine
	hasher   *password.Hasher
	throttle LoginThrottle
	assets   map[string]static.File
}

// Session lifetimes: a short idle timeout because the tool shows personal
// performance data on shared contact-centre desks, and a working day as the
// absolute cap.
//
// The idle timeout is enforced by requireUser from a last-seen time kept in
// the session, not by scs's IdleTimeout: that one re-saves the session on
// every request, a database write per page view that would queue every
// reader behind SQLite's single writer. Refreshing last-seen at most once
// per sessionTouchEvery keeps the timeout exact to within that interval.
const (
	sessionIdleTimeout = 30 * time.Minute
	sessionTouchEvery  = time.Minute
	sessionLifetime    = 12 * time.Hour
	sessionCookieName  = "qa_session"
)

// NewServer builds the complete HTTP handler. From the outside in: request
// id and security headers (so every response has them, even the refusals
// of the layers below), static files (which need no session), then
// cross-origin protection, the session manager and gin with the route
// table.
func NewServer(d Deps) (http.Handler, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Sessions == nil {
		d.Sessions = memstore.New()
	}
	assets, err := static.Files()
	if err != nil {
		return nil, fmt.Errorf("views: static files: %w", err)
	}
	// gin's mode is process-wide; set it before gin.New so the engine
	// does not print its debug banner.
	gin.SetMode(gin.ReleaseMode)
	s := &Server{deps: d, sessions: scs.New(), engine: gin.New(), hasher: d.Passwords, throttle: d.Throttle, assets: assets}
	if s.hasher == nil {
		s.hasher = password.NewHasher(2 * runtime.GOMAXPROCS(0))
	}
	if s.throttle == nil {
		s.throttle = NewMemoryThrottle(DefaultThrottlePolicy(), d.Now)
	}

	sm := s.sessions
	sm.Store = d.Sessions
	sm.Lifetime = sessionLifetime
	sm.Cookie.Name = sessionCookieName
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = d.CookieSecure
	sm.Cookie.Path = "/"
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.logFor(r.Context()).Error("session store failed", "err", err)
		s.writeErrorPage(w, r, http.StatusInternalServerError)
	}

	// Without this gin believes X-Forwarded-For from anyone, and the
	// sign-in throttle could be dodged by sending a new address each time.
	if err := s.engine.SetTrustedProxies(d.TrustedProxies); err != nil {
		return nil, fmt.Errorf("views: trusted proxies: %w", err)
	}
	s.engine.Use(s.accessLog, s.recoverPanics)
	if d.Metrics != nil {
		s.engine.Use(d.Metrics.observe)
	}
	s.engine.NoRoute(s.handleNotFound)
	s.engine.NoMethod(s.handleNotFound)
	s.routes()

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.logFor(r.Context()).Warn("cross-origin request refused",
			"method", r.Method, "path", r.URL.Path, "origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		s.writeErrorPage(w, r, http.StatusForbidden)
	}))
	app := csrf.Handler(sm.LoadAndSave(s.engine))

	return s.withRequestBasics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, staticPrefix) {
			s.serveStatic(w, r)
			return
		}
		app.ServeHTTP(w, r)
	})), nil
}
