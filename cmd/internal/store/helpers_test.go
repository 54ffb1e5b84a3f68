package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/cmd/internal/store"
	"github.com/qascore/qascore/views"
)

// The store satisfies every interface its consumers declare.
var (
	_ views.Users          = (*store.DB)(nil)
	_ views.Teams          = (*store.DB)(nil)
	_ views.Interactions   = (*store.DB)(nil)
	_ views.Pinger         = (*store.DB)(nil)
	_ views.Rubrics        = (*store.DB)(nil)
	_ views.Reviews        = (*store.DB)(nil)
	_ views.Assignments    = (*store.DB)(nil)
	_ views.Modules        = (*store.DB)(nil)
	_ scs.CtxStore         = (*store.DB)(nil)
	_ scs.IterableStore    = (*store.DB)(nil)
	_ scs.IterableCtxStore = (*store.DB)(nil)
)

const pgEnv = "QA_TEST_PG_DSN"

// testDB is a migrated store plus a raw connection for the checks and
// tampering the store's API deliberately does not offer.
type testDB struct {
	*store.DB
	dsn string
	raw *sql.DB
}

// exec runs a raw statement written with ? placeholders.
func (db testDB) exec(tb testing.TB, q string, args ...any) error {
	tb.Helper()
	_, err := db.raw.ExecContext(context.Background(), db.rebind(q), args...)
	return err
}

// count returns a single integer from a raw query.
func (db testDB) count(tb testing.TB, q string, args ...any) int64 {
	tb.Helper()
	var n int64
	require.NoError(tb, db.raw.QueryRowContext(context.Background(), db.rebind(q), args...).Scan(&n))
	return n
}

func (db testDB) rebind(q string) string {
	if db.Dialect() != store.DialectPostgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// both runs fn as subtests "sqlite" and "postgres"; the latter skips when
// QA_TEST_PG_DSN is not set.
func both(t *testing.T, fn func(t *testing.T, db testDB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, MustOpen(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, MustOpenPostgres(t)) })
}

// SQLiteDSN returns a fresh database path in a temporary directory.
func SQLiteDSN(tb testing.TB) string {
	return filepath.Join(tb.TempDir(), "qa.db")
}

// MustOpen opens a migrated SQLite store in tb.TempDir().
func MustOpen(tb testing.TB) testDB {
	tb.Helper()
	return mustOpenDSN(tb, SQLiteDSN(tb))
}

func mustOpenDSN(tb testing.TB, dsn string) testDB {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{Migrate: true})
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = db.Close() })
	var raw *sql.DB
	if db.Dialect() == store.DialectPostgres {
		raw, err = sql.Open("pgx", dsn)
	} else {
		raw, err = sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(5000)&_time_format=sqlite")
	}
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = raw.Close() })
	return testDB{DB: db, dsn: dsn, raw: raw}
}

// MustCreatePostgresDB creates an empty database qa_<random> on the
// cluster named by QA_TEST_PG_DSN, drops it at cleanup, and returns its
// DSN. It skips the test when the variable is unset.
func MustCreatePostgresDB(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv(pgEnv)
	if admin == "" {
		tb.Skip("QA_TEST_PG_DSN not set: Postgres store tests skipped")
	}
	var rb [6]byte
	_, _ = rand.Read(rb[:])
	name := "qa_" + hex.EncodeToString(rb[:])
	adb, err := sql.Open("pgx", admin)
	require.NoError(tb, err)
	_, err = adb.Exec("CREATE DATABASE " + name)
	require.NoError(tb, err)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = adb.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		_ = adb.Close()
	})
	u, err := url.Parse(admin)
	require.NoError(tb, err)
	u.Path = "/" + name
	return u.String()
}

// MustOpenPostgres opens a migrated store on a fresh Postgres database.
func MustOpenPostgres(tb testing.TB) testDB {
	tb.Helper()
	return mustOpenDSN(tb, MustCreatePostgresDB(tb))
}
