package coaching

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Team is a group of agents with one or more supervisors. Supervisors see
// and grade the conversations of their teams' agents.
type Team struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// Validate checks a team name: present, valid text, at most 100 characters.
func (t *Team) Validate() error {
	name := strings.TrimSpace(t.Name)
	switch {
	case !utf8.ValidString(t.Name):
		return Problems{{"name", "team name is not valid text"}}
	case name == "":
		return Problems{{"name", "enter a team name"}}
	case utf8.RuneCountInString(name) > 100:
		return Problems{{"name", "team name is too long (at most 100 characters)"}}
	}
	return nil
}

// MemberKind says how a user belongs to a team.
type MemberKind string

// An agent is graded as part of the team; a supervisor grades it.
const (
	MemberAgent      MemberKind = "agent"
	MemberSupervisor MemberKind = "supervisor"
)

// Valid reports whether k is a known membership kind.
func (k MemberKind) Valid() bool { return k == MemberAgent || k == MemberSupervisor }

// Membership links a user to a team in one capacity. A user may be in
// several teams; the pair (team, user) is unique.
type Membership struct {
	TeamID int64
	UserID int64
	Kind   MemberKind
}

// TeamDetail is a team with its members resolved, for admin screens.
type TeamDetail struct {
	Team
	Agents      []User
	Supervisors []User
}

// ValidateMembers checks a proposed member list: kinds are known, no user
// appears twice.
func ValidateMembers(ms []Membership) error {
	seen := make(map[int64]bool, len(ms))
	for _, m := range ms {
		if !m.Kind.Valid() {
			return fmt.Errorf("membership kind %q: %w", m.Kind, ErrInvalid)
		}
		if seen[m.UserID] {
			return fmt.Errorf("user %d listed twice: %w", m.UserID, ErrInvalid)
		}
		seen[m.UserID] = true
	}
	return nil
}
