package views

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	// The tz filter names IANA zones; embedding the database makes them
	// resolve on minimal images without /usr/share/zoneinfo.
	_ "time/tzdata"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/views/pages"
)

const (
	// interactionPageSize is how many conversations one list page shows.
	interactionPageSize = 25
	// maxInteractionPage keeps (page-1)*size far from integer overflow;
	// nobody pages through 2.5 million conversations one page at a time.
	maxInteractionPage = 100_000
	// maxQueryRunes bounds the search box, in characters.
	maxQueryRunes = 200
	// dateLayout is what <input type="date"> submits.
	dateLayout = "2006-01-02"
)

// interactionScope is what u may see of the conversations: admins all,
// supervisors their teams' agents, agents their own. Any other role gets
// ok=false; the route group keeps trainers out, this keeps it fail-closed.
func interactionScope(u coaching.User) (transcript.Scope, bool) {
	switch u.Role {
	case coaching.RoleAdmin:
		return transcript.Scope{All: true}, true
	case coaching.RoleSupervisor:
		return transcript.Scope{SupervisorID: u.ID}, true
	case coaching.RoleAgent:
		return transcript.Scope{AgentID: u.ID}, true
	}
	return transcript.Scope{}, false
}

// viewerScope resolves the current user's scope, or reports not-found: a
// page the user may not use is one they need not know exists.
func viewerScope(c *gin.Context) (coaching.User, transcript.Scope, error) {
	u, ok := currentUser(c)
	if !ok {
		return coaching.User{}, transcript.Scope{}, fmt.Errorf("interactions: no user: %w", rubrics.ErrNotFound)
	}
	scope, ok := interactionScope(u)
	if !ok {
		return u, scope, fmt.Errorf("interactions: role %q: %w", u.Role, rubrics.ErrNotFound)
	}
	return u, scope, nil
}

// viewerLocation is the time zone dates are shown and read in: the tz query
// parameter, else the tz cookie (set by static/tz.js from the browser's
// own zone), else UTC — the honest default without scripts, because it is
// what the store keeps. It also returns the query value when that was
// usable, so links can carry it on.
func viewerLocation(c *gin.Context) (loc *time.Location, fromQuery string) {
	if name := c.Query("tz"); name != "" {
		if loc, ok := loadZone(name); ok {
			return loc, name
		}
	}
	if name, err := c.Cookie("tz"); err == nil {
		if loc, ok := loadZone(name); ok {
			return loc, ""
		}
	}
	return time.UTC, ""
}

// loadZone resolves an IANA zone name. "Local" is refused because it means
// the server's zone, which is nobody's in particular.
func loadZone(name string) (*time.Location, bool) {
	if len(name) > 64 || name == "Local" || !utf8.ValidString(name) {
		return nil, false
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	return loc, true
}

// interactionQuery is the parsed list request.
type interactionQuery struct {
	form   pages.InteractionFilterForm
	filter transcript.Filter
	page   int
}

// parseInteractionQuery turns the query string into a store filter. It
// never fails: each bad value becomes a message on its field, and the form
// keeps what was typed. Choices (agent, team, language) must be among the
// viewer's facets, so a stale or edited link is explained rather than
// silently matching nothing.
func parseInteractionQuery(q url.Values, loc *time.Location, showPeople bool, facets transcript.Facets) interactionQuery {
	get := func(k string) string { return strings.ToValidUTF8(strings.TrimSpace(q.Get(k)), "\uFFFD") }
	var r interactionQuery
	problem := func(field, msg string) {
		r.form.Problems = append(r.form.Problems, coaching.FieldError{Field: field, Message: msg})
	}

	if showPeople {
		r.form.Agent, r.form.Team = get("agent"), get("team")
		var ok bool
		if r.filter.AgentID, ok = parseOption(r.form.Agent, facets.Agents); !ok {
			problem("agent", "Choose an agent from the list.")
		}
		if r.filter.TeamID, ok = parseOption(r.form.Team, facets.Teams); !ok {
			problem("team", "Choose a team from the list.")
		}
	}

	r.form.Channel = get("channel")
	if ch := transcript.Channel(r.form.Channel); r.form.Channel != "" {
		if ch.Valid() {
			r.filter.Channel = ch
		} else {
			problem("channel", "Choose chat, email or call.")
		}
	}

	r.form.Language = get("language")
	if r.form.Language != "" {
		if slices.Contains(facets.Languages, r.form.Language) {
			r.filter.Language = r.form.Language
		} else {
			problem("language", "Choose a language from the list.")
		}
	}

	// Dates are whole days in the viewer's zone: From is the first instant
	// of its day, To the first instant of the day after, so [From, To)
	// includes all of the To day. time.Date normalises across DST changes.
	r.form.From, r.form.To = get("from"), get("to")
	fromDay, fromOK := parseDay(r.form.From, loc)
	toDay, toOK := parseDay(r.form.To, loc)
	if !fromOK {
		problem("from", "Enter the start date as YYYY-MM-DD, for example 2026-03-01.")
	}
	if !toOK {
		problem("to", "Enter the end date as YYYY-MM-DD, for example 2026-03-31.")
	}
	if fromOK && !fromDay.IsZero() {
		r.filter.From = fromDay.UTC()
	}
	if toOK && !toDay.IsZero() {
		r.filter.To = time.Date(toDay.Year(), toDay.Month(), toDay.Day()+1, 0, 0, 0, 0, loc).UTC()
	}
	if fromOK && toOK && !fromDay.IsZero() && !toDay.IsZero() && toDay.Before(fromDay) {
		problem("to", "The end date is before the start date; choose "+r.form.From+" or later.")
	}

	r.form.Q = get("q")
	switch {
	case !utf8.ValidString(strings.TrimSpace(q.Get("q"))):
		problem("q", "Some of these characters could not be read; type the words again.")
	case utf8.RuneCountInString(r.form.Q) > maxQueryRunes:
		problem("q", fmt.Sprintf("Use at most %d characters (this has %d).", maxQueryRunes, utf8.RuneCountInString(r.form.Q)))
	default:
		r.filter.Query = r.form.Q
	}

	r.page = 1
	if p := get("page"); p != "" {
		n, err := strconv.Atoi(p)
		switch {
		case err != nil && !isDigits(p), err == nil && n < 1:
			problem("page", "The page number must be a whole number, 1 or more.")
		case err != nil || n > maxInteractionPage:
			problem("page", "That page number is too large.")
		default:
			r.page = n
		}
	}
	r.filter.Offset = (r.page - 1) * interactionPageSize
	r.filter.Limit = interactionPageSize
	return r
}

// parseOption reads an id chosen from a facet list; "" means any.
func parseOption(v string, opts []transcript.Option) (int64, bool) {
	if v == "" {
		return 0, true
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, false
	}
	for _, o := range opts {
		if o.ID == id {
			return id, true
		}
	}
	return 0, false
}

// parseDay reads a YYYY-MM-DD day as midnight in loc; "" is the zero time.
func parseDay(v string, loc *time.Location) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation(dateLayout, v, loc)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// handleInteractionList shows the filterable conversation list.
func (s *Server) handleInteractionList(c *gin.Context) {
	u, scope, err := viewerScope(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	facets, err := s.deps.Interactions.InteractionFacets(ctx, scope)
	if err != nil {
		s.fail(c, fmt.Errorf("list interactions: facets: %w", err))
		return
	}
	loc, tz := viewerLocation(c)
	showPeople := u.Role != coaching.RoleAgent
	pq := parseInteractionQuery(c.Request.URL.Query(), loc, showPeople, facets)
	pq.form.TZ = tz
	pq.filter.Scope = scope

	status := http.StatusOK
	res := pages.InteractionResultsData{Form: pq.form, Page: pq.page, Pages: 1, Loc: loc}
	if len(pq.form.Problems) == 0 {
		rows, total, err := s.deps.Interactions.ListInteractions(ctx, pq.filter)
		switch {
		case errors.Is(err, rubrics.ErrInvalid):
			// The only free text is the search box, so a search the store
			// cannot run is explained there instead of as an error page.
			pq.form.Problems = coaching.Problems{{Field: "q", Message: "These words could not be searched; try plain words without symbols."}}
			res.Form = pq.form
		case err != nil:
			s.fail(c, fmt.Errorf("list interactions: %w", err))
			return
		default:
			res.Rows, res.Total = rows, total
			res.Pages = max(1, (total+interactionPageSize-1)/interactionPageSize)
		}
	}
	if len(pq.form.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	}

	data := pages.InteractionListData{Form: pq.form, ShowPeople: showPeople, Facets: facets, Results: res}
	// The same URL answers with a page or a fragment, so caches and the
	// back button must keep them apart.
	c.Header("Vary", "HX-Request")
	if wantsFragment(c) {
		s.render(c, status, "Conversations", pages.InteractionResultsSwap(data))
		return
	}
	s.render(c, status, "Conversations", pages.InteractionList(data))
}

// handleInteractionShow shows one conversation.
func (s *Server) handleInteractionShow(c *gin.Context) {
	_, scope, err := viewerScope(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		s.fail(c, fmt.Errorf("show interaction: id %q: %w", c.Param("id"), rubrics.ErrNotFound))
		return
	}
	in, err := s.deps.Interactions.Interaction(c.Request.Context(), id, scope)
	if err != nil {
		s.fail(c, fmt.Errorf("show interaction %d: %w", id, err))
		return
	}
	loc, _ := viewerLocation(c)
	s.render(c, http.StatusOK, pages.TranscriptTitle(in), pages.Transcript(pages.TranscriptData{
		Interaction: in, Loc: loc, Back: safeListBack(c.Query("back")),
	}))
}

// safeListBack accepts a "back" link only when it is a local path to the
// conversation list, so the parameter cannot send anyone off-site
// ("//evil.example", "https://…") or elsewhere in the app. The query is
// re-encoded, which also drops anything malformed.
func safeListBack(back string) string {
	if back == "" || strings.ContainsAny(back, "\\\r\n\t") || !strings.HasPrefix(back, pages.InteractionListPath) {
		return ""
	}
	u, err := url.Parse(back)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Path != pages.InteractionListPath {
		return ""
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil || len(q) == 0 {
		return pages.InteractionListPath
	}
	return pages.InteractionListPath + "?" + q.Encode()
}
