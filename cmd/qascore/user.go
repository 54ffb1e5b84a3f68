package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/views/password"
)

// cliActor is who the audit trail names for changes made from the CLI:
// no user, and a request id that says where the change came from.
var cliActor = scoring.Actor{RequestID: "cli"}

// cmdUser dispatches `qascore user <verb>`.
func cmdUser(ctx context.Context, cfg config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("user: give a verb: add, set-role, disable or enable")
	}
	verb, args := args[0], args[1:]
	var email, name, role *string
	var pwStdin *bool
	switch verb {
	case "add", "set-role", "disable", "enable":
	default:
		return usageError("user: unknown verb %q (add, set-role, disable, enable)", verb)
	}
	help, err := parseCommand("user "+verb, &cfg, args, stdout, func(fs *flag.FlagSet) {
		email = fs.String("email", "", "the user's email address")
		switch verb {
		case "add":
			name = fs.String("name", "", "the user's full name")
			role = fs.String("role", "", "admin, supervisor, trainer or agent")
			pwStdin = fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of generating one")
		case "set-role":
			role = fs.String("role", "", "admin, supervisor, trainer or agent")
		}
	})
	if help || err != nil {
		return err
	}
	if strings.TrimSpace(*email) == "" {
		return usageError("user %s: missing --email", verb)
	}
	var parsedRole coaching.Role
	if role != nil {
		if strings.TrimSpace(*role) == "" {
			return usageError("user %s: missing --role (admin, supervisor, trainer or agent)", verb)
		}
		r, err := coaching.ParseRole(*role)
		if err != nil {
			return usageError("user %s: %v", verb, strings.TrimSuffix(err.Error(), ": "+coaching.ErrInvalid.Error()))
		}
		parsedRole = r
	}
	// Validate everything we can before touching the database, so a bad
	// call leaves nothing behind.
	var pw string
	generated := false
	if verb == "add" {
		u := coaching.User{Email: coaching.NormalizeEmail(*email), Name: *name, Role: parsedRole}
		if err := u.Validate(); err != nil {
			return usageError("user add: %v", err)
		}
		if *pwStdin {
			line, err := bufio.NewReader(stdin).ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				return fmt.Errorf("user add: read password: %w", err)
			}
			pw = strings.TrimRight(line, "\r\n")
		} else {
			pw, generated = password.Generate(), true
		}
		if err := coaching.ValidatePassword(pw); err != nil {
			return usageError("user add: %s", strings.TrimSuffix(err.Error(), ": "+coaching.ErrInvalid.Error()))
		}
	}

	db, err := openStore(ctx, cfg, stderr, true)
	if err != nil {
		return err
	}
	defer db.Close()

	switch verb {
	case "add":
		hash, err := password.NewHasher(1).Hash(pw)
		if err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		u := coaching.User{Email: coaching.NormalizeEmail(*email), Name: strings.TrimSpace(*name), Role: parsedRole, PasswordHash: hash}
		if err := db.CreateUser(ctx, &u, cliActor); err != nil {
			if errors.Is(err, coaching.ErrConflict) {
				return fmt.Errorf("user add: a user with email %s already exists", u.Email)
			}
			return fmt.Errorf("user add: %w", err)
		}
		fmt.Fprintf(stdout, "Created %s <%s> as %s.\n", u.Name, u.Email, u.Role)
		if generated {
			fmt.Fprintf(stdout, "Password (shown once, store it now): %s\n", pw)
		}
		return nil
	}

	u, err := db.UserByEmail(ctx, coaching.NormalizeEmail(*email))
	if err != nil {
		if errors.Is(err, coaching.ErrNotFound) {
			return fmt.Errorf("user %s: no user with email %s", verb, coaching.NormalizeEmail(*email))
		}
		return fmt.Errorf("user %s: %w", verb, err)
	}
	var upd coaching.UserUpdate
	switch verb {
	case "set-role":
		upd.Role = &parsedRole
	case "disable":
		t := true
		upd.Disabled = &t
	case "enable":
		f := false
		upd.Disabled = &f
	}
	if _, err := db.UpdateUser(ctx, u.ID, upd, cliActor); err != nil {
		return fmt.Errorf("user %s: %w", verb, err)
	}
	switch verb {
	case "set-role":
		fmt.Fprintf(stdout, "%s is now %s; their open sessions have ended.\n", u.Email, parsedRole)
	case "disable":
		fmt.Fprintf(stdout, "%s is disabled; their open sessions have ended.\n", u.Email)
	case "enable":
		fmt.Fprintf(stdout, "%s is enabled.\n", u.Email)
	}
	return nil
}
