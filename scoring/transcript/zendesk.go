package transcript

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ZendeskImporter reads Zendesk Support API v2 JSON. Parse receives every
// Zendesk file of one upload and joins them: tickets.json or ticket.json
// ({"tickets":[…]} or {"ticket":{…}}), ticket comments
// ({"comments":[…],"meta":…}, one ticket's comments per file), ticket
// audits (Comment events count as comments) and users.json. One combined
// export file is accepted too:
//
//	{"tickets":[…], "comments":{"<ticket id>":[…]}, "users":[…]}
//
// One interaction per ticket, with the ticket's public comments as turns
// in time order; internal notes (public:false) are left out because the
// customer never saw them.
type ZendeskImporter struct{}

// Format is FormatZendesk.
func (ZendeskImporter) Format() Format { return FormatZendesk }

var zendeskNameRE = regexp.MustCompile(`^(tickets?|ticket_comments|ticket_?\d+_comments|ticket_audits|ticket_\d+_audits|users|comments)\.json$`)

// Sniff accepts the Zendesk file names of the API endpoints, or content
// with a ticket's, comment's, audit's or user list's distinctive keys.
func (ZendeskImporter) Sniff(name string, head []byte) bool {
	if !looksLikeJSONObject(head) {
		return false
	}
	if zendeskNameRE.MatchString(strings.ToLower(path.Base(strings.ReplaceAll(name, "\\", "/")))) &&
		(headHas(head, "ticket") || headHas(head, "tickets") || headHas(head, "comments") ||
			headHas(head, "audits") || headHas(head, "users")) {
		return true
	}
	switch {
	case (headHas(head, "tickets") || headHas(head, "ticket")) && (headHas(head, "requester_id") || headHas(head, "assignee_id")):
		return true
	case headHas(head, "comments", "author_id"):
		return true
	case headHas(head, "audits", "events", "author_id"):
		return true
	case headHas(head, "users", "role") && (headHas(head, "end-user") || headHas(head, "admin") || headHas(head, "agent")):
		return true
	}
	return false
}

type zTicket struct {
	ID          int64  `json:"id"`
	Subject     string `json:"subject"`
	RawSubject  string `json:"raw_subject"`
	Description string `json:"description"`
	CreatedAt   string `json:"created_at"`
	RequesterID int64  `json:"requester_id"`
	AssigneeID  int64  `json:"assignee_id"`
	Via         struct {
		Channel string `json:"channel"`
		Source  struct {
			From struct {
				Name    string `json:"name"`
				Address string `json:"address"`
			} `json:"from"`
		} `json:"source"`
	} `json:"via"`
	SatisfactionRating *struct {
		Score string `json:"score"`
	} `json:"satisfaction_rating"`
}

type zComment struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Body      string `json:"body"`
	HTMLBody  string `json:"html_body"`
	PlainBody string `json:"plain_body"`
	Public    *bool  `json:"public"`
	AuthorID  int64  `json:"author_id"`
	CreatedAt string `json:"created_at"`
}

type zUser struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Role   string `json:"role"`
	Locale string `json:"locale"`
}

type zAudit struct {
	TicketID  int64             `json:"ticket_id"`
	AuthorID  int64             `json:"author_id"`
	CreatedAt string            `json:"created_at"`
	Events    []json.RawMessage `json:"events"`
}

// zCommentAt is a comment with where it came from, for messages.
type zCommentAt struct {
	zComment
	ref   string // file
	field string // e.g. "comments[2]" or "audits[0].events[1]"
}

// zPending is a list of comments whose ticket is not yet known: files are
// read in any order, so tickets may come after their comments.
type zPending struct {
	ref      string
	ticketID int64 // from a top-level ticket_id, an audit, or the file name
	comments []zCommentAt
	// bad is set when a comment could not be read: the ticket is then
	// reported instead of imported without it.
	bad *Record
}

type zSet struct {
	order    []int64
	tickets  map[int64]zTicket
	refs     map[int64]string
	users    map[int64]zUser
	pending  []zPending
	problems []Record
}

var zendeskFileTicketRE = regexp.MustCompile(`ticket[_-]?(\d+)`)

// Parse joins the files and emits file problems first, then one record
// per ticket in the order tickets first appear, then one error per
// ticket whose comments arrived without the ticket.
func (ZendeskImporter) Parse(ctx context.Context, files []File, emit func(Record) error) error {
	set := zSet{tickets: map[int64]zTicket{}, refs: map[int64]string{}, users: map[int64]zUser{}}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := readAll(f)
		if err != nil {
			return err
		}
		set.read(f.Name, data)
	}
	comments, broken, orphans := set.associate()
	for _, r := range set.problems {
		if err := emit(r); err != nil {
			return err
		}
	}
	for _, id := range set.order {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, bad := broken[id]
		if !bad {
			rec = set.record(id, comments[id])
		}
		if rec.Err == nil {
			rec = finish(rec.Ref, rec)
		}
		if err := emit(rec); err != nil {
			return err
		}
	}
	for _, o := range orphans {
		if err := emit(o); err != nil {
			return err
		}
	}
	return nil
}

// read sorts one file's contents into the set.
func (s *zSet) read(name string, data []byte) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		s.problems = append(s.problems, decodeErr(name, err))
		return
	}
	known := false
	if raw, ok := top["users"]; ok {
		known = true
		var users []json.RawMessage
		if err := json.Unmarshal(raw, &users); err != nil {
			s.problems = append(s.problems, recErr(name, "users", "is not a list: %v", err))
		}
		for _, u := range users {
			var user zUser
			// A user with broken fields only loses its name: comments by
			// them fall back to an unknown participant.
			if json.Unmarshal(u, &user) == nil && user.ID != 0 && checkUTF8OK(u) {
				s.users[user.ID] = user
			}
		}
	}
	if raw, ok := top["user"]; ok {
		known = true
		var user zUser
		if json.Unmarshal(raw, &user) == nil && user.ID != 0 && checkUTF8OK(raw) {
			s.users[user.ID] = user
		}
	}
	if raw, ok := top["ticket"]; ok {
		known = true
		s.addTicket(name, "ticket", raw)
	}
	if raw, ok := top["tickets"]; ok {
		known = true
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			s.problems = append(s.problems, recErr(name, "tickets", "is not a list: %v", err))
		}
		for i, t := range list {
			s.addTicket(name, fmt.Sprintf("tickets[%d]", i), t)
		}
	}
	hint := int64(0)
	if raw, ok := top["ticket_id"]; ok {
		hint, _, _ = jsonInt(raw)
	}
	if hint == 0 {
		if m := zendeskFileTicketRE.FindStringSubmatch(strings.ToLower(path.Base(name))); m != nil {
			hint, _ = strconv.ParseInt(m[1], 10, 64)
		}
	}
	if raw, ok := top["comments"]; ok {
		known = true
		if t := strings.TrimSpace(string(raw)); strings.HasPrefix(t, "{") {
			// The combined export: comments keyed by ticket id.
			var byTicket map[string][]json.RawMessage
			if err := json.Unmarshal(raw, &byTicket); err != nil {
				s.problems = append(s.problems, recErr(name, "comments", "is not an object of comment lists: %v", err))
			}
			keys := make([]string, 0, len(byTicket))
			for k := range byTicket {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				id, err := strconv.ParseInt(strings.TrimSpace(k), 10, 64)
				if err != nil || id == 0 {
					s.problems = append(s.problems, recErr(name, "comments."+truncate(k, 30), "key is not a ticket id"))
					continue
				}
				s.addComments(name, "comments."+k, id, byTicket[k])
			}
		} else {
			var list []json.RawMessage
			if err := json.Unmarshal(raw, &list); err != nil {
				s.problems = append(s.problems, recErr(name, "comments", "is not a list: %v", err))
			}
			s.addComments(name, "comments", hint, list)
		}
	}
	if raw, ok := top["audits"]; ok {
		known = true
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			s.problems = append(s.problems, recErr(name, "audits", "is not a list: %v", err))
		}
		for i, a := range list {
			s.addAudit(name, fmt.Sprintf("audits[%d]", i), hint, a)
		}
	}
	if !known {
		s.problems = append(s.problems, recErr(name, "", "has none of tickets, ticket, comments, audits or users: not a Zendesk API file"))
	}
}

// checkUTF8OK is checkUTF8 for values that are dropped rather than
// reported when broken.
func checkUTF8OK(raw []byte) bool {
	_, ok := checkUTF8("", raw)
	return ok
}

func (s *zSet) addTicket(name, field string, raw json.RawMessage) {
	if rec, ok := checkUTF8(name, raw); !ok {
		rec.Err.(*RecordError).Field = field + "." + rec.Err.(*RecordError).Field
		s.problems = append(s.problems, rec)
		return
	}
	var t zTicket
	if err := json.Unmarshal(raw, &t); err != nil {
		s.problems = append(s.problems, recErr(name, field, "not a ticket: %v", err))
		return
	}
	if t.ID <= 0 {
		s.problems = append(s.problems, recErr(name, field+".id", "a ticket needs a positive id"))
		return
	}
	if _, dup := s.tickets[t.ID]; dup {
		return // ticket.json and tickets.json often both hold it: first wins
	}
	s.order = append(s.order, t.ID)
	s.tickets[t.ID] = t
	s.refs[t.ID] = fmt.Sprintf("%s ticket %d", name, t.ID)
}

func (s *zSet) addComments(name, field string, ticketID int64, list []json.RawMessage) {
	p := zPending{ref: name, ticketID: ticketID}
	for i, raw := range list {
		c := zCommentAt{ref: name, field: fmt.Sprintf("%s[%d]", field, i)}
		if bad, ok := decodeComment(&c, raw); !ok {
			p.bad = &bad
			break
		}
		p.comments = append(p.comments, c)
	}
	s.pending = append(s.pending, p)
}

// decodeComment fills c from raw, or returns the error record of a
// broken comment.
func decodeComment(c *zCommentAt, raw json.RawMessage) (Record, bool) {
	if rec, ok := checkUTF8(c.ref, raw); !ok {
		rec.Err.(*RecordError).Field = c.field + "." + rec.Err.(*RecordError).Field
		return rec, false
	}
	if err := json.Unmarshal(raw, &c.zComment); err != nil {
		return recErr(c.ref, c.field, "not a comment: %v", err), false
	}
	return Record{}, true
}

func (s *zSet) addAudit(name, field string, hint int64, raw json.RawMessage) {
	var a zAudit
	if err := json.Unmarshal(raw, &a); err != nil {
		s.problems = append(s.problems, recErr(name, field, "not an audit: %v", err))
		return
	}
	if a.TicketID == 0 {
		a.TicketID = hint
	}
	p := zPending{ref: name, ticketID: a.TicketID}
	for j, ev := range a.Events {
		var kind struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(ev, &kind) != nil || kind.Type != "Comment" {
			continue
		}
		c := zCommentAt{ref: name, field: fmt.Sprintf("%s.events[%d]", field, j)}
		if bad, ok := decodeComment(&c, ev); !ok {
			p.bad = &bad
			break
		}
		if c.AuthorID == 0 {
			c.AuthorID = a.AuthorID
		}
		if c.CreatedAt == "" {
			c.CreatedAt = a.CreatedAt
		}
		p.comments = append(p.comments, c)
	}
	s.pending = append(s.pending, p)
}

// associate gives each pending comment list its ticket: the ticket it
// names, else the only ticket of the upload. Comments of the same
// comment id (a comment both in the comments file and in an audit) are
// kept once.
func (s *zSet) associate() (map[int64][]zCommentAt, map[int64]Record, []Record) {
	out := map[int64][]zCommentAt{}
	broken := map[int64]Record{}
	seen := map[int64]map[int64]bool{}
	var orphanOrder []int64
	orphanRef := map[int64]string{}
	for _, p := range s.pending {
		id := p.ticketID
		if id == 0 {
			if len(s.order) != 1 {
				msg := "cannot tell which ticket these comments belong to: the upload has no ticket"
				if len(s.order) > 1 {
					msg = fmt.Sprintf("cannot tell which of the %d tickets these comments belong to", len(s.order))
				}
				s.problems = append(s.problems, recErr(p.ref, "comments", "%s; name the file ticket_<id>_comments.json or add a top-level ticket_id", msg))
				if p.bad != nil {
					s.problems = append(s.problems, *p.bad)
				}
				continue
			}
			id = s.order[0]
		}
		if _, ok := s.tickets[id]; ok && p.bad != nil {
			if _, dup := broken[id]; !dup {
				bad := *p.bad
				re := *bad.Err.(*RecordError)
				re.Ref = fmt.Sprintf("%s ticket %d", p.ref, id)
				broken[id] = Record{Ref: re.Ref, Err: &re}
			}
			continue
		}
		if p.bad != nil {
			s.problems = append(s.problems, *p.bad)
		}
		if _, ok := s.tickets[id]; !ok {
			if _, ok := orphanRef[id]; !ok {
				orphanOrder = append(orphanOrder, id)
				orphanRef[id] = p.ref
			}
			continue
		}
		if seen[id] == nil {
			seen[id] = map[int64]bool{}
		}
		for _, c := range p.comments {
			if c.ID != 0 {
				if seen[id][c.ID] {
					continue
				}
				seen[id][c.ID] = true
			}
			out[id] = append(out[id], c)
		}
	}
	var orphans []Record
	for _, id := range orphanOrder {
		ref := fmt.Sprintf("%s ticket %d", orphanRef[id], id)
		orphans = append(orphans, recErr(ref, "ticket_id", "comments for ticket %d, which is not in the upload: add its tickets.json or ticket.json", id))
	}
	return out, broken, orphans
}

// zendeskChatChannels are via.channel values of live conversations.
var zendeskChatChannels = map[string]bool{
	"chat": true, "chat_transcript": true, "messaging": true, "native_messaging": true,
	"sunshine_conversations": true, "whatsapp": true, "instagram_dm": true, "facebook": true,
	"line": true, "wechat": true, "telegram": true, "sms": true,
}

// record maps one ticket. Author roles: the user's Zendesk role when the
// author is in users (end-user → customer, agent or admin → agent), else
// the requester is the customer and the assignee the agent, else an
// "Unknown participant" customer: words of unknown origin are never
// scored against an agent. The agent is the assignee's user, else the
// first agent-role author, else "Zendesk user <assignee id>" so the
// import page can still list the agent for mapping.
func (s *zSet) record(id int64, comments []zCommentAt) Record {
	t := s.tickets[id]
	ref := s.refs[id]
	in := Interaction{
		ExternalID: fmt.Sprintf("zendesk-%d", id),
		Source:     string(FormatZendesk),
		Channel:    ChannelEmail,
		Subject:    t.Subject,
	}
	if in.Subject == "" {
		in.Subject = t.RawSubject
	}
	if zendeskChatChannels[strings.ToLower(t.Via.Channel)] {
		in.Channel = ChannelChat
	}
	if t.CreatedAt != "" {
		v, err := time.Parse(time.RFC3339, t.CreatedAt)
		if err != nil {
			return recErr(ref, "created_at", "%q is not an ISO-8601 time", truncate(t.CreatedAt, 40))
		}
		in.StartedAt = v.UTC()
	}
	if t.SatisfactionRating != nil {
		switch strings.ToLower(t.SatisfactionRating.Score) {
		case "good":
			in.CSAT = ptr(5)
		case "bad":
			in.CSAT = ptr(1)
		}
	}
	requester, hasRequester := s.users[t.RequesterID]
	if hasRequester {
		in.CustomerName = requester.Name
		in.Language = primaryLanguage(requester.Locale)
	} else {
		in.CustomerName = t.Via.Source.From.Name
	}

	type turnAt struct {
		turn Turn
		at   *time.Time
	}
	var turns []turnAt
	allTimed := true
	var agentEmail, agentName string
	var firstAgentAuthor int64
	for _, c := range comments {
		if c.Public != nil && !*c.Public {
			continue
		}
		text := c.Body
		if text == "" {
			text = c.PlainBody
		}
		if text == "" && c.HTMLBody != "" {
			text = HTMLText(c.HTMLBody)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		role, speaker := s.author(t, c.AuthorID)
		if role == RoleAgent && firstAgentAuthor == 0 && c.AuthorID != 0 {
			firstAgentAuthor = c.AuthorID
		}
		tu := turnAt{turn: Turn{Role: role, Speaker: speaker, Text: text}}
		if c.CreatedAt != "" {
			v, err := time.Parse(time.RFC3339, c.CreatedAt)
			if err != nil {
				return recErr(fmt.Sprintf("%s ticket %d", c.ref, id), c.field+".created_at", "%q is not an ISO-8601 time", truncate(c.CreatedAt, 40))
			}
			v = v.UTC()
			tu.at = &v
		} else {
			allTimed = false
		}
		turns = append(turns, tu)
	}
	if len(turns) == 0 && strings.TrimSpace(t.Description) != "" {
		// No comments came with the ticket: its description is the text
		// of the first comment, so the conversation still has its opening.
		role, speaker := s.author(t, t.RequesterID)
		turns = append(turns, turnAt{turn: Turn{Role: role, Speaker: speaker, Text: t.Description}})
		if !in.StartedAt.IsZero() {
			turns[0].at = ptr(in.StartedAt)
		}
	}
	if len(turns) == 0 {
		return recErr(ref, "comments", "the ticket has no public comments and no description to import")
	}
	if allTimed {
		sort.SliceStable(turns, func(a, b int) bool { return turns[a].at.Before(*turns[b].at) })
	}
	for i, tu := range turns {
		tu.turn.Seq, tu.turn.At = i, tu.at
		in.Turns = append(in.Turns, tu.turn)
	}
	var first, last time.Time
	for _, tu := range turns {
		if tu.at != nil {
			if first.IsZero() || tu.at.Before(first) {
				first = *tu.at
			}
			if tu.at.After(last) {
				last = *tu.at
			}
		}
	}
	if in.StartedAt.IsZero() {
		in.StartedAt = first
	}
	if in.StartedAt.IsZero() {
		return recErr(ref, "created_at", "the ticket has no creation time")
	}
	if d := last.Sub(in.StartedAt).Milliseconds(); d > 0 {
		in.DurationMS = d
	}

	if u, ok := s.users[t.AssigneeID]; ok && t.AssigneeID != 0 {
		agentName, agentEmail = u.Name, u.Email
	} else if u, ok := s.users[firstAgentAuthor]; ok && firstAgentAuthor != 0 {
		agentName, agentEmail = u.Name, u.Email
	} else if t.AssigneeID != 0 {
		agentName = fmt.Sprintf("Zendesk user %d", t.AssigneeID)
	} else if firstAgentAuthor != 0 {
		agentName = fmt.Sprintf("Zendesk user %d", firstAgentAuthor)
	}
	in.AgentName = agentName
	return Record{Ref: ref, Interaction: in, AgentEmail: agentEmail}
}

// author gives a comment author's role and display name.
func (s *zSet) author(t zTicket, authorID int64) (Role, string) {
	if u, ok := s.users[authorID]; ok && authorID != 0 {
		name := u.Name
		if name == "" {
			name = u.Email
		}
		switch strings.ToLower(u.Role) {
		case "end-user":
			return RoleCustomer, name
		case "agent", "admin":
			return RoleAgent, name
		}
		if authorID == t.AssigneeID && authorID != t.RequesterID {
			return RoleAgent, name
		}
		return RoleCustomer, name
	}
	switch {
	case authorID != 0 && authorID == t.RequesterID:
		name := t.Via.Source.From.Name
		if name == "" {
			name = t.Via.Source.From.Address
		}
		if name == "" {
			name = "Requester"
		}
		return RoleCustomer, name
	case authorID != 0 && authorID == t.AssigneeID:
		return RoleAgent, fmt.Sprintf("Zendesk user %d", authorID)
	}
	return RoleCustomer, "Unknown participant"
}
