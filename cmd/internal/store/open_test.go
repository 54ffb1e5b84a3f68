package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/cmd/internal/store"
)

func TestOpenRejectsBadDSN(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, dsn, want string
	}{
		{"empty", "", "empty database DSN"},
		{"blank", "   ", "empty database DSN"},
		{"mysql", "mysql://root@localhost/qa", `unsupported database scheme "mysql"`},
		{"unparsable postgres", "postgres://user:pa%zz@host:5432/qa", "invalid postgres URL"},
		{"bad postgres port", "postgres://user@host:notaport/qa", "invalid postgres URL"},
		{"memory", ":memory:", "in-memory SQLite is not supported"},
		{"memory uri", "file:qa?mode=memory", "in-memory SQLite is not supported"},
		{"missing directory", filepath.Join(dir, "no", "such", "qa.db"), "open sqlite"},
		{"file without path", "file:?_txlock=immediate", "no file path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := store.Open(context.Background(), tt.dsn, store.Options{Migrate: true})
			require.Error(t, err)
			assert.Nil(t, db)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "\n", "one-line error")
			assert.NotContains(t, err.Error(), "pa%zz", "never echo credentials")
		})
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "a failed open creates nothing")
}

func TestOpenAcceptsFileDSNAndAddsPragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "qa.db")
	for _, dsn := range []string{path, "file:" + path, "file:" + path + "?_pragma=busy_timeout(1000)"} {
		db, err := store.Open(context.Background(), dsn, store.Options{Migrate: true})
		require.NoError(t, err, dsn)
		assert.Equal(t, store.DialectSQLite, db.Dialect())
		require.NoError(t, db.Ping(context.Background()))
		require.NoError(t, db.Close())
	}
	raw := mustOpenDSN(t, path)
	var mode string
	require.NoError(t, raw.raw.QueryRow("PRAGMA journal_mode").Scan(&mode))
	assert.Equal(t, "wal", strings.ToLower(mode))
}

func TestMigrations(t *testing.T) {
	both(t, func(t *testing.T, db testDB) {
		ctx := context.Background()
		cur, latest, err := db.SchemaVersion(ctx)
		require.NoError(t, err)
		assert.Positive(t, latest)
		assert.Equal(t, latest, cur, "Open with Migrate applies everything")
		require.NoError(t, db.Migrate(ctx), "migrating again is a no-op")

		// A newer binary migrated this database: this one must refuse.
		require.NoError(t, db.exec(t, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)", latest+1, true))
		_, err = store.Open(ctx, db.dsn, store.Options{})
		require.ErrorIs(t, err, store.ErrSchemaTooNew)
		_, err = store.Open(ctx, db.dsn, store.Options{Migrate: true})
		require.ErrorIs(t, err, store.ErrSchemaTooNew)
		assert.ErrorIs(t, db.Migrate(ctx), store.ErrSchemaTooNew)
	})
}

func TestOpenWithoutMigrateLeavesFreshDatabaseAlone(t *testing.T) {
	db, err := store.Open(context.Background(), SQLiteDSN(t), store.Options{})
	require.NoError(t, err)
	defer db.Close()
	cur, latest, err := db.SchemaVersion(context.Background())
	require.NoError(t, err)
	assert.Zero(t, cur)
	assert.Positive(t, latest)
	require.NoError(t, db.Migrate(context.Background()))
	cur, _, err = db.SchemaVersion(context.Background())
	require.NoError(t, err)
	assert.Equal(t, latest, cur)
}
