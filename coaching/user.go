package coaching

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a user may do in the workspace. A user has exactly one role.
type Role string

// The four roles. Supervisors grade their teams' conversations, agents read
// their own scorecards, trainers write coaching modules, admins run the
// workspace.
const (
	RoleAdmin      Role = "admin"
	RoleSupervisor Role = "supervisor"
	RoleTrainer    Role = "trainer"
	RoleAgent      Role = "agent"
)

// Roles lists every role in the order the UI offers them.
var Roles = []Role{RoleAdmin, RoleSupervisor, RoleTrainer, RoleAgent}

// ParseRole returns the role named s, or ErrInvalid.
func ParseRole(s string) (Role, error) {
	r := Role(strings.TrimSpace(strings.ToLower(s)))
	if r.Valid() {
		return r, nil
	}
	return "", fmt.Errorf("role %q: must be one of admin, supervisor, trainer, agent: %w", s, ErrInvalid)
}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleSupervisor, RoleTrainer, RoleAgent:
		return true
	}
	return false
}

// Label is the role as shown to people.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Admin"
	case RoleSupervisor:
		return "Supervisor"
	case RoleTrainer:
		return "Trainer"
	case RoleAgent:
		return "Agent"
	}
	return string(r)
}

// User is a person with a login. PasswordHash is a PHC string (argon2id)
// and never leaves the server.
type User struct {
	ID           int64
	Email        string // normalised: trimmed and lower-cased
	Name         string
	Role         Role
	Disabled     bool
	PasswordHash string
	// AuthVersion increases whenever the user's role, password or
	// enabled state changes. Sessions remember the version they were
	// created with, so bumping it ends every existing session at once.
	AuthVersion int64
	// Version is the optimistic-lock counter for profile edits.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// UserUpdate is a partial update: nil fields are left alone. Pointer fields
// (rather than zero values) are what let an update set Disabled to false.
type UserUpdate struct {
	Name         *string
	Role         *Role
	Disabled     *bool
	PasswordHash *string
}

// NormalizeEmail trims and lower-cases an address so lookups match however
// the user typed it.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Password length bounds in characters (runes), per the security design.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 128
)

// ValidatePassword checks the length rule. It counts characters, not bytes,
// so a passphrase in Thai is measured the way its owner reads it.
func ValidatePassword(pw string) error {
	if !utf8.ValidString(pw) {
		return fmt.Errorf("password is not valid text: %w", ErrInvalid)
	}
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return fmt.Errorf("password must be at least %d characters (got %d): %w", MinPasswordLen, n, ErrInvalid)
	}
	if n > MaxPasswordLen {
		return fmt.Errorf("password must be at most %d characters (got %d): %w", MaxPasswordLen, n, ErrInvalid)
	}
	return nil
}

// FieldError is one problem with one named input field, so forms can show
// it next to the field it concerns.
type FieldError struct {
	Field   string
	Message string
}

// Problems is a list of field errors. It is an error wrapping ErrInvalid.
type Problems []FieldError

// Error joins the problems into one line.
func (p Problems) Error() string {
	parts := make([]string, len(p))
	for i, fe := range p {
		parts[i] = fe.Field + ": " + fe.Message
	}
	return strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(p, ErrInvalid) true.
func (p Problems) Unwrap() error { return ErrInvalid }

// For returns the message for field, or "".
func (p Problems) For(field string) string {
	for _, fe := range p {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

// Validate checks a user about to be created or saved. It returns Problems
// (wrapping ErrInvalid) or nil.
func (u *User) Validate() error {
	var p Problems
	if _, err := mail.ParseAddress(u.Email); err != nil || u.Email == "" || strings.ContainsAny(u.Email, " <>") {
		p = append(p, FieldError{"email", "enter an email address such as name@example.com"})
	} else if len(u.Email) > 254 {
		p = append(p, FieldError{"email", "email address is too long (at most 254 characters)"})
	}
	name := strings.TrimSpace(u.Name)
	switch {
	case !utf8.ValidString(u.Name):
		p = append(p, FieldError{"name", "name is not valid text"})
	case name == "":
		p = append(p, FieldError{"name", "enter the person's name"})
	case utf8.RuneCountInString(name) > 200:
		p = append(p, FieldError{"name", "name is too long (at most 200 characters)"})
	}
	if !u.Role.Valid() {
		p = append(p, FieldError{"role", "choose a role: admin, supervisor, trainer or agent"})
	}
	if len(p) > 0 {
		return p
	}
	return nil
}

// UserFilter selects users for listing. Zero values mean "any".
type UserFilter struct {
	Role            Role
	IncludeDisabled bool
	Query           string // matches name or email, case-insensitive
	Offset, Limit   int
}
