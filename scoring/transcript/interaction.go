package transcript

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qascore/qascore/rubrics"
)

// Channel is how the conversation happened.
type Channel string

// The supported channels.
const (
	ChannelChat  Channel = "chat"
	ChannelEmail Channel = "email"
	ChannelCall  Channel = "call"
)

// Channels lists every channel in the order the UI offers them.
var Channels = []Channel{ChannelChat, ChannelEmail, ChannelCall}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return c == ChannelChat || c == ChannelEmail || c == ChannelCall }

// Role is who spoke a turn.
type Role string

// The speaker roles a turn can have.
const (
	RoleAgent    Role = "agent"
	RoleCustomer Role = "customer"
	RoleBot      Role = "bot"
	RoleSystem   Role = "system"
)

// Valid reports whether r is a known speaker role.
func (r Role) Valid() bool {
	return r == RoleAgent || r == RoleCustomer || r == RoleBot || r == RoleSystem
}

// Turn is one message or utterance.
type Turn struct {
	ID      int64
	Seq     int // 0-based position in the conversation
	Role    Role
	Speaker string
	Text    string
	// StartMS and EndMS are offsets from the start of a call, when the
	// source has them. Either both are set or neither.
	StartMS, EndMS *int64
	// At is the wall-clock time of a chat message or email, when known.
	At *time.Time
}

// Interaction is one recorded conversation.
type Interaction struct {
	ID         int64
	ExternalID string // id in the source system; unique per Source
	Source     string // import format or "demo"
	Channel    Channel
	// AgentID is the user account of the agent who handled it, 0 while the
	// agent is not yet mapped to an account.
	AgentID      int64
	AgentName    string // as named in the source
	CustomerName string
	Language     string // BCP 47 primary tag, e.g. "en", "vi", "th"
	Subject      string
	StartedAt    time.Time // UTC
	DurationMS   int64
	CSAT         *int // customer satisfaction 1–5 when the source has it
	Turns        []Turn
	CreatedAt    time.Time
}

// Summary is an interaction as listed: no turns, but a preview of the
// first customer words and the turn count.
type Summary struct {
	ID           int64
	ExternalID   string
	Channel      Channel
	AgentID      int64
	AgentName    string
	CustomerName string
	Language     string
	Subject      string
	Preview      string
	TurnCount    int
	StartedAt    time.Time
	DurationMS   int64
	CSAT         *int
}

// Validate checks the invariants every stored interaction keeps. It
// returns an error wrapping rubrics.ErrInvalid that names the first broken
// field (turn fields as turns[i].field).
func (in *Interaction) Validate() error {
	bad := func(field, msg string) error {
		return fmt.Errorf("%s: %s: %w", field, msg, rubrics.ErrInvalid)
	}
	if !in.Channel.Valid() {
		return bad("channel", fmt.Sprintf("%q is not chat, email or call", in.Channel))
	}
	for name, s := range map[string]string{
		"external_id": in.ExternalID, "source": in.Source, "agent_name": in.AgentName,
		"customer_name": in.CustomerName, "language": in.Language, "subject": in.Subject,
	} {
		if !utf8.ValidString(s) {
			return bad(name, "is not valid UTF-8")
		}
	}
	if strings.TrimSpace(in.ExternalID) == "" {
		return bad("external_id", "is required")
	}
	if in.StartedAt.IsZero() {
		return bad("started_at", "is required")
	}
	if in.DurationMS < 0 {
		return bad("duration_ms", "must not be negative")
	}
	if in.CSAT != nil && (*in.CSAT < 1 || *in.CSAT > 5) {
		return bad("csat", "must be between 1 and 5")
	}
	if len(in.Turns) == 0 {
		return bad("turns", "a conversation needs at least one turn")
	}
	var prevStart int64 = -1
	for i, t := range in.Turns {
		f := fmt.Sprintf("turns[%d]", i)
		if !t.Role.Valid() {
			return bad(f+".role", fmt.Sprintf("%q is not agent, customer, bot or system", t.Role))
		}
		if !utf8.ValidString(t.Text) || !utf8.ValidString(t.Speaker) {
			return bad(f+".text", "is not valid UTF-8")
		}
		if (t.StartMS == nil) != (t.EndMS == nil) {
			return bad(f+".start_ms", "start and end must both be set or both be empty")
		}
		if t.StartMS != nil {
			if *t.StartMS < 0 || *t.EndMS < *t.StartMS {
				return bad(f+".end_ms", "must be ≥ start_ms ≥ 0")
			}
			if *t.StartMS < prevStart {
				return bad(f+".start_ms", "turns must be in time order")
			}
			prevStart = *t.StartMS
		}
	}
	return nil
}

// Scope limits which interactions a viewer may see. The zero value sees
// nothing, so forgetting to set it fails closed.
type Scope struct {
	// All is true for admins.
	All bool
	// SupervisorID, when set, admits interactions whose agent is an agent
	// member of a team this user supervises.
	SupervisorID int64
	// AgentID, when set, admits only this agent's own interactions.
	AgentID int64
}

// Filter selects interactions for the list. Zero values mean "any".
type Filter struct {
	Scope    Scope
	AgentID  int64
	TeamID   int64
	Channel  Channel
	Language string
	From, To time.Time // StartedAt in [From, To); zero means open
	Query    string    // words that must appear in the turn text
	Offset   int
	Limit    int // 0 means the store's default page size
}
