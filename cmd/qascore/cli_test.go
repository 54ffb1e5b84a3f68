package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// cli runs the program in-process like a shell would and returns what it
// printed and its exit status.
type cliResult struct {
	Stdout, Stderr string
	Code           int
}

func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	code := exitCode(err, &errb)
	return cliResult{out.String(), errb.String(), code}
}

// countUsers reads the users table directly, to prove a failed command
// wrote nothing.
func countUsers(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM users").Scan(&n))
	return n
}

func TestCLIUserLifecycle(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "qa.db")
	env := map[string]string{"QA_DB": dbPath}

	r := runCLI(t, env, "", "migrate")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "schema version")

	r = runCLI(t, env, "", "user", "add", "--email", "Lan.Nguyen@Example.com", "--name", "Nguyễn Thị Lan", "--role", "supervisor")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "lan.nguyen@example.com")
	assert.Contains(t, r.Stdout, "Password (shown once")

	r = runCLI(t, env, "correct horse battery staple\n", "user", "add", "--email", "ops@example.com", "--name", "Ops", "--role", "admin", "--password-stdin")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.NotContains(t, r.Stdout, "shown once", "a password given on stdin is never echoed")

	r = runCLI(t, env, "", "user", "set-role", "--email", "lan.nguyen@example.com", "--role", "trainer")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "now trainer")

	r = runCLI(t, env, "", "user", "disable", "--email", "LAN.NGUYEN@example.com")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "disabled")
	assert.Equal(t, 2, countUsers(t, dbPath))
}

func TestCLIBadInput(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "qa.db")
	env := map[string]string{"QA_DB": dbPath}
	require.Equal(t, 0, runCLI(t, env, "", "migrate").Code)
	r := runCLI(t, env, "an existing pass\n", "user", "add", "--email", "dup@example.com", "--name", "Dup", "--role", "agent", "--password-stdin")
	require.Equal(t, 0, r.Code, r.Stderr)

	tests := []struct {
		name    string
		env     map[string]string
		stdin   string
		args    []string
		code    int
		wantErr string
	}{
		{"no command", env, "", nil, 2, "no command given"},
		{"unknown subcommand", env, "", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", env, "", []string{"serve", "--colour"}, 2, "flag provided but not defined: -colour"},
		{"unknown user verb", env, "", []string{"user", "delete"}, 2, `unknown verb "delete"`},
		{"missing email", env, "", []string{"user", "add", "--name", "X", "--role", "agent"}, 2, "missing --email"},
		{"missing role", env, "", []string{"user", "add", "--email", "x@example.com", "--name", "X"}, 2, "missing --role"},
		{"bad role", env, "", []string{"user", "add", "--email", "x@example.com", "--name", "X", "--role", "boss"}, 2, `role "boss"`},
		{"short password", env, "elevenchars\n", []string{"user", "add", "--email", "x@example.com", "--name", "X", "--role", "agent", "--password-stdin"}, 2, "at least 12 characters (got 11)"},
		{"duplicate email", env, "another long pass\n", []string{"user", "add", "--email", "DUP@example.com", "--name", "Dup 2", "--role", "agent", "--password-stdin"}, 1, "already exists"},
		{"unknown user", env, "", []string{"user", "disable", "--email", "ghost@example.com"}, 1, "no user with email ghost@example.com"},
		{"bad bool env", map[string]string{"QA_DB": dbPath, "QA_DEMO": "sometimes"}, "", []string{"config"}, 1, `QA_DEMO="sometimes": want true or false`},
		{"bad log format", map[string]string{"QA_DB": dbPath, "QA_LOG_FORMAT": "xml"}, "", []string{"config"}, 1, `log format "xml"`},
		{"bad metrics address", map[string]string{"QA_DB": dbPath, "QA_METRICS_ADDR": "9090"}, "", []string{"config"}, 1, `metrics address "9090": want host:port`},
		{"metrics on the app's address", map[string]string{"QA_DB": dbPath, "QA_ADDR": "127.0.0.1:8080", "QA_METRICS_ADDR": "127.0.0.1:8080"}, "", []string{"config"}, 1, "must differ from the app's address"},
		{"bad addr", env, "", []string{"serve", "--addr", "8080"}, 1, "want host:port"},
		{"malformed postgres DSN", map[string]string{"QA_DB": "postgres://user@%zz/db"}, "", []string{"migrate"}, 1, "open database"},
		{"unsupported DSN scheme", map[string]string{"QA_DB": "mysql://localhost/qa"}, "", []string{"migrate"}, 1, "open database"},
		{"seed without demo", env, "", []string{"seed"}, 2, "pass --demo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.env, tc.stdin, tc.args...)
			assert.Equal(t, tc.code, r.Code, "stderr: %s", r.Stderr)
			lines := strings.Split(strings.TrimSpace(r.Stderr), "\n")
			last := lines[len(lines)-1]
			assert.True(t, strings.HasPrefix(last, "qascore: "), "error line %q", last)
			assert.Contains(t, last, tc.wantErr)
			assert.NotContains(t, r.Stderr, "goroutine", "no stack traces")
			assert.Equal(t, 1, countUsers(t, dbPath), "a failed command writes nothing")
		})
	}
}

func TestCLIConfigMasksSecrets(t *testing.T) {
	r := runCLI(t, map[string]string{"QA_DB": "postgres://qa:hunter2@db.internal:5432/qa?sslmode=require", "QA_DEMO": "true"}, "", "config", "--log-format", "json")
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.NotContains(t, r.Stdout, "hunter2")
	assert.Contains(t, r.Stdout, "qa:xxxxx@db.internal")
	assert.Regexp(t, `QA_DEMO\s+true`, r.Stdout)
	assert.Regexp(t, `QA_LOG_FORMAT\s+json`, r.Stdout, "flags override the environment")
	assert.Regexp(t, `QA_METRICS_ADDR\s+\(none\)`, r.Stdout)
}

func TestCLIVersion(t *testing.T) {
	r := runCLI(t, nil, "", "version")
	require.Equal(t, 0, r.Code)
	assert.True(t, strings.HasPrefix(r.Stdout, "qascore "))
}

func TestServeRefusesNewerSchema(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "qa.db")
	env := map[string]string{"QA_DB": dbPath, "QA_ADDR": "127.0.0.1:0"}
	require.Equal(t, 0, runCLI(t, env, "", "migrate").Code)

	// A newer qascore has migrated this database further.
	db, err := sql.Open("sqlite", dbPath)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	for _, cmd := range []string{"serve", "migrate"} {
		r := runCLI(t, env, "", cmd)
		assert.Equal(t, 1, r.Code, cmd)
		assert.Contains(t, r.Stderr, "was migrated by a newer qascore", cmd)
		assert.NotContains(t, r.Stdout, "listening", "%s must not start", cmd)
	}
}
