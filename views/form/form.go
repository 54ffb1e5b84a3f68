package form

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/qascore/qascore/coaching"
)

// Login is the sign-in form.
type Login struct {
	Email    string // normalised
	Password string // exactly as typed: spaces can be part of a password
	Next     string
}

// ParseLogin reads the sign-in form.
func ParseLogin(v url.Values) Login {
	return Login{
		Email:    coaching.NormalizeEmail(v.Get("email")),
		Password: v.Get("password"),
		Next:     v.Get("next"),
	}
}

// Problems reports empty fields, so an empty submit gets a field message
// instead of counting as a failed sign-in.
func (f Login) Problems() coaching.Problems {
	var p coaching.Problems
	if f.Email == "" {
		p = append(p, coaching.FieldError{Field: "email", Message: "Enter your email address."})
	}
	if f.Password == "" {
		p = append(p, coaching.FieldError{Field: "password", Message: "Enter your password."})
	}
	return p
}

// UserCreate is the admin's create-user form.
type UserCreate struct {
	Email    string
	Name     string
	Role     string
	Password string // optional; empty means "generate one"
}

// ParseUserCreate reads the create-user form.
func ParseUserCreate(v url.Values) UserCreate {
	return UserCreate{
		Email:    coaching.NormalizeEmail(v.Get("email")),
		Name:     strings.TrimSpace(v.Get("name")),
		Role:     strings.TrimSpace(v.Get("role")),
		Password: v.Get("password"),
	}
}

// User is the account the form describes, without a password hash.
func (f UserCreate) User() coaching.User {
	return coaching.User{Email: f.Email, Name: f.Name, Role: coaching.Role(f.Role)}
}

// Problems runs the domain's user validation plus the password length
// rule when a password was typed.
func (f UserCreate) Problems() coaching.Problems {
	var p coaching.Problems
	u := f.User()
	if err := u.Validate(); err != nil {
		if ps, ok := err.(coaching.Problems); ok {
			p = append(p, ps...)
		}
	}
	if f.Password != "" {
		if err := coaching.ValidatePassword(f.Password); err != nil {
			p = append(p, coaching.FieldError{Field: "password", Message: fmt.Sprintf(
				"Use %d to %d characters, or leave it empty to generate one.", coaching.MinPasswordLen, coaching.MaxPasswordLen)})
		}
	}
	return p
}

// UserList is the query of the admin user list.
type UserList struct {
	Role  coaching.Role // "" for any
	Query string
	Page  int // 1-based
}

// ParseUserList reads the list query; unknown roles and bad page numbers
// fall back to "any" and 1 because a hand-edited URL should still show a
// list rather than an error.
func ParseUserList(v url.Values) UserList {
	f := UserList{Query: strings.TrimSpace(v.Get("q")), Page: 1}
	if r, err := coaching.ParseRole(v.Get("role")); err == nil {
		f.Role = r
	}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 {
		f.Page = n
	}
	return f
}

// TeamCreate is the create-team form.
type TeamCreate struct {
	Name string
}

// ParseTeamCreate reads the create-team form.
func ParseTeamCreate(v url.Values) TeamCreate {
	return TeamCreate{Name: strings.TrimSpace(v.Get("name"))}
}

// TeamMembers is the member editor: the checked user ids per kind.
type TeamMembers struct {
	Supervisors []int64
	Agents      []int64
}

// ParseTeamMembers reads the checked boxes. A value that is not an id is
// coaching.ErrInvalid: the form only ever sends ids.
func ParseTeamMembers(v url.Values) (TeamMembers, error) {
	var f TeamMembers
	var err error
	if f.Supervisors, err = ids(v["supervisor"]); err != nil {
		return f, err
	}
	f.Agents, err = ids(v["agent"])
	return f, err
}

// Memberships turns the form into the domain's membership list.
func (f TeamMembers) Memberships(teamID int64) []coaching.Membership {
	ms := make([]coaching.Membership, 0, len(f.Supervisors)+len(f.Agents))
	for _, id := range f.Supervisors {
		ms = append(ms, coaching.Membership{TeamID: teamID, UserID: id, Kind: coaching.MemberSupervisor})
	}
	for _, id := range f.Agents {
		ms = append(ms, coaching.Membership{TeamID: teamID, UserID: id, Kind: coaching.MemberAgent})
	}
	return ms
}

func ids(vs []string) ([]int64, error) {
	out := make([]int64, 0, len(vs))
	for _, s := range vs {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("member id %q: %w", s, coaching.ErrInvalid)
		}
		out = append(out, id)
	}
	return out, nil
}
