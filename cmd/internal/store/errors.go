package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/qascore/qascore/rubrics"
)

// ErrAuditChainBroken is returned by VerifyAuditChain when an event's hash
// or link to its predecessor does not match.
var ErrAuditChainBroken = errors.New("audit chain broken")

// translate maps driver errors to domain sentinels, keeping the driver
// error in the chain for logs. gorm's TranslateError does not know
// modernc's error type, so constraint codes are checked here directly.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return rubrics.ErrNotFound
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %w", rubrics.ErrConflict, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, sqlite3.SQLITE_CONSTRAINT_CHECK,
			sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return fmt.Errorf("%w: %w", rubrics.ErrInvalid, err)
		case sqlite3.SQLITE_CONSTRAINT_TRIGGER:
			// The guard triggers (frozen rubric versions, append-only
			// audit) refuse writes that clash with stored state.
			return fmt.Errorf("%w: %w", rubrics.ErrConflict, err)
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return fmt.Errorf("%w: %w", rubrics.ErrConflict, err)
		case "23503", "23514", "23502", // foreign_key, check, not_null
			"22021", "22P05": // bad byte sequence, untranslatable character (NUL)
			return fmt.Errorf("%w: %w", rubrics.ErrInvalid, err)
		case "55000": // object_not_in_prerequisite_state: raised by the guard triggers
			return fmt.Errorf("%w: %w", rubrics.ErrConflict, err)
		}
	}
	return err
}
