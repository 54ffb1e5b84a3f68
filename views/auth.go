package views

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views/form"
	"github.com/qascore/qascore/views/pages"
)

// Session and gin-context keys.
const (
	sessionUserID      = "uid"
	sessionAuthVersion = "authv"
	sessionFlash       = "flash"
	sessionLastSeen    = "seen" // unix seconds of the last request, for the idle timeout
	ctxUser            = "user"
)

// Sign-in messages. One message for unknown email and wrong password, so
// the form does not reveal which accounts exist.
const (
	msgBadCredentials   = "Email or password is incorrect."
	msgThrottledAccount = "Too many sign-in attempts for this account. Wait 15 minutes or ask an admin."
	msgThrottledIP      = "Too many sign-in attempts from your network. Wait 15 minutes and try again."
	msgDisabled         = "This account is disabled. Ask an admin to enable it."
	msgSessionEnded     = "Your session has ended. Please sign in again."
	msgSessionIdle      = "You were signed out after 30 minutes without activity. Please sign in again."
)

// flash stores a one-time message shown on the next page.
func (s *Server) flash(c *gin.Context, msg string) {
	s.sessions.Put(c.Request.Context(), sessionFlash, msg)
}

// actor is who is making a change, for the audit trail.
func actor(c *gin.Context) scoring.Actor {
	u, _ := currentUser(c)
	return scoring.Actor{UserID: u.ID, RequestID: RequestID(c.Request.Context())}
}

// requireUser loads the signed-in user on every request (one query) and
// ends the session if the account was disabled or its AuthVersion moved
// on (role or password changed), so such changes take effect at once.
func (s *Server) requireUser(c *gin.Context) {
	ctx := c.Request.Context()
	uid := s.sessions.GetInt64(ctx, sessionUserID)
	if uid == 0 {
		s.toLogin(c)
		return
	}
	u, err := s.deps.Users.UserByID(ctx, uid)
	if err != nil && !errors.Is(err, coaching.ErrNotFound) {
		s.fail(c, err)
		return
	}
	now := s.deps.Now()
	idle := s.idleFor(c, now)
	if err != nil || u.Disabled || u.AuthVersion != s.sessions.GetInt64(ctx, sessionAuthVersion) || idle > sessionIdleTimeout {
		reason, msg := endReason(err, u), msgSessionEnded
		if idle > sessionIdleTimeout {
			reason, msg = "idle", msgSessionIdle
		}
		s.log(c).Info("session ended", "user_id", uid, "reason", reason)
		if err := s.sessions.Destroy(ctx); err != nil {
			s.fail(c, err)
			return
		}
		s.flash(c, msg)
		s.toLogin(c)
		return
	}
	if idle >= sessionTouchEvery {
		s.sessions.Put(ctx, sessionLastSeen, now.Unix())
	}
	c.Set(ctxUser, u)
	c.Next()
}

// idleFor is how long the session has gone without a request.
func (s *Server) idleFor(c *gin.Context, now time.Time) time.Duration {
	seen := s.sessions.GetInt64(c.Request.Context(), sessionLastSeen)
	return now.Sub(time.Unix(seen, 0))
}

// sessionUser returns the session's user if the session is still valid,
// without ending it otherwise.
func (s *Server) sessionUser(c *gin.Context) (coaching.User, bool) {
	ctx := c.Request.Context()
	uid := s.sessions.GetInt64(ctx, sessionUserID)
	if uid == 0 {
		return coaching.User{}, false
	}
	u, err := s.deps.Users.UserByID(ctx, uid)
	if err != nil || u.Disabled || u.AuthVersion != s.sessions.GetInt64(ctx, sessionAuthVersion) || s.idleFor(c, s.deps.Now()) > sessionIdleTimeout {
		return coaching.User{}, false
	}
	return u, true
}

func endReason(err error, u coaching.User) string {
	switch {
	case err != nil:
		return "user gone"
	case u.Disabled:
		return "disabled"
	}
	return "auth version changed"
}

// toLogin sends an anonymous visitor to the login page. htmx requests get
// 401 with HX-Redirect, because a 303 would be followed by the XHR and its
// login page swapped into a fragment.
func (s *Server) toLogin(c *gin.Context) {
	c.Abort()
	if c.GetHeader("HX-Request") == "true" {
		c.Header("HX-Redirect", "/login")
		c.Status(http.StatusUnauthorized)
		return
	}
	target := "/login"
	if c.Request.Method == http.MethodGet && c.Request.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(c.Request.URL.RequestURI())
	}
	c.Redirect(http.StatusSeeOther, target)
}

// requireRole admits only the given roles. Others get 404, not 403: a role
// should not learn that pages for other roles exist.
func (s *Server) requireRole(roles ...coaching.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := currentUser(c)
		if !ok || !slices.Contains(roles, u.Role) {
			s.handleNotFound(c)
			c.Abort()
			return
		}
		c.Next()
	}
}

// handleLoginShow shows the sign-in form. A visitor who is already signed in
// goes to their start page.
func (s *Server) handleLoginShow(c *gin.Context) {
	if s.sessions.GetInt64(c.Request.Context(), sessionUserID) != 0 {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	s.renderLogin(c, http.StatusOK, pages.LoginData{Next: safeNext(c.Query("next"))})
}

func (s *Server) renderLogin(c *gin.Context, status int, d pages.LoginData) {
	if s.deps.Demo {
		for _, l := range s.deps.DemoLogins {
			d.DemoLogins = append(d.DemoLogins, pages.DemoLogin(l))
		}
	}
	s.render(c, status, "Sign in", pages.Login(d))
}

// handleLoginSubmit checks the credentials under the throttle and starts a
// session.
func (s *Server) handleLoginSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, errors.Join(err, coaching.ErrInvalid))
		return
	}
	f := form.ParseLogin(c.Request.PostForm)
	d := pages.LoginData{Email: f.Email, Next: safeNext(f.Next)}
	if p := f.Problems(); len(p) > 0 {
		d.EmailError, d.PassError = p.For("email"), p.For("password")
		s.renderLogin(c, http.StatusUnprocessableEntity, d)
		return
	}
	ip := c.ClientIP()
	verdict, err := s.throttle.Check(ctx, f.Email, ip)
	if err != nil {
		s.fail(c, err)
		return
	}
	if verdict != ThrottleAllow {
		s.log(c).Warn("sign-in throttled", "ip", ip, "account", f.Email, "by", map[ThrottleVerdict]string{ThrottleIP: "ip", ThrottleAccount: "account"}[verdict])
		d.Error = msgThrottledAccount
		if verdict == ThrottleIP {
			d.Error = msgThrottledIP
		}
		c.Header("Retry-After", strconv.Itoa(15*60))
		s.renderLogin(c, http.StatusTooManyRequests, d)
		return
	}

	u, err := s.deps.Users.UserByEmail(ctx, f.Email)
	ok := false
	switch {
	case errors.Is(err, coaching.ErrNotFound):
		s.hasher.DummyVerify() // same time as a real check
	case err != nil:
		s.fail(c, err)
		return
	default:
		ok, err = s.hasher.Verify(f.Password, u.PasswordHash)
		if err != nil {
			// A broken stored hash is our problem, but the user still
			// just cannot sign in; say nothing more to them.
			s.log(c).Error("stored password hash unreadable", "user_id", u.ID, "err", err)
			s.hasher.DummyVerify() // keep the timing of a real check
			ok = false
		}
	}
	if !ok {
		if err := s.throttle.Failure(ctx, f.Email, ip); err != nil {
			s.log(c).Error("throttle failure not recorded", "err", err)
		}
		s.log(c).Info("sign-in failed", "ip", ip)
		d.Error = msgBadCredentials
		s.renderLogin(c, http.StatusUnauthorized, d)
		return
	}
	if err := s.throttle.Success(ctx, f.Email, ip); err != nil {
		s.log(c).Error("throttle success not recorded", "err", err)
	}
	if u.Disabled {
		// Said only after the right password, so it reveals nothing to a
		// guesser.
		d.Error = msgDisabled
		s.renderLogin(c, http.StatusForbidden, d)
		return
	}
	// A new token at the privilege change defeats session fixation.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, sessionUserID, u.ID)
	s.sessions.Put(ctx, sessionAuthVersion, u.AuthVersion)
	s.sessions.Put(ctx, sessionLastSeen, s.deps.Now().Unix())
	s.log(c).Info("signed in", "user_id", u.ID, "ip", ip)
	target := d.Next
	if target == "" {
		target = homeFor(u.Role)
	}
	c.Redirect(http.StatusSeeOther, target)
}

// handleLogout ends the session. The old token is deleted from the store
// (RenewToken), so a copied cookie stops working too.
func (s *Server) handleLogout(c *gin.Context) {
	ctx := c.Request.Context()
	if err := s.sessions.Clear(ctx); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "You have signed out.")
	c.Redirect(http.StatusSeeOther, "/login")
}

// handleHome sends each role to its first screen.
func (s *Server) handleHome(c *gin.Context) {
	u, _ := currentUser(c)
	c.Redirect(http.StatusSeeOther, homeFor(u.Role))
}

// safeNext keeps ?next= only when it is a path on this site, so the login
// form cannot be used to bounce users to another site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	if u.Path == "/login" || u.Path == "/logout" {
		return ""
	}
	return next
}
