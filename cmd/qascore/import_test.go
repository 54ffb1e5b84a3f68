package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

func importData(name string) string { return filepath.Join("testdata", "import", name) }

// queryInt reads one integer from the SQLite file directly.
func queryInt(t *testing.T, path, q string, args ...any) int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(q, args...).Scan(&n))
	return n
}

func TestCLIImportJSONL(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "qa.db")
	env := map[string]string{"QA_DB": dbPath}
	r := runCLI(t, env, "", "user", "add", "--email", "lan@example.com", "--name", "Lan Nguyen", "--role", "agent")
	require.Equal(t, 0, r.Code, r.Stderr)

	r = runCLI(t, env, "", "import", importData("chats.jsonl"))
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "chats.jsonl (jsonl): 3 imported, 0 already there, 0 failed")
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	assert.Equal(t, "Imported 3 conversations, 0 already there, 0 failed from 1 file; 1 agent needs mapping: Zed Stranger (map them at /imports/agents)",
		lines[len(lines)-1])
	assert.Empty(t, r.Stderr, "no progress bar when stderr is not a terminal")
	assert.Equal(t, 3, queryInt(t, dbPath, "SELECT COUNT(*) FROM interactions"))
	assert.Equal(t, 2, queryInt(t, dbPath, "SELECT COUNT(*) FROM interactions WHERE agent_id IS NOT NULL"), "by email, then by name")
	// Redaction is on by default: the address never reaches the database.
	assert.Zero(t, queryInt(t, dbPath, "SELECT COUNT(*) FROM turns WHERE text LIKE '%anna.k@example.org%'"))
	assert.Equal(t, 1, queryInt(t, dbPath, "SELECT COUNT(*) FROM turns WHERE text LIKE '%[EMAIL]%'"))

	// Importing again duplicates nothing.
	r = runCLI(t, env, "", "import", importData("chats.jsonl"))
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "Imported 0 conversations, 3 already there, 0 failed from 1 file")
	assert.Equal(t, 3, queryInt(t, dbPath, "SELECT COUNT(*) FROM interactions"))
	assert.Equal(t, 6, queryInt(t, dbPath, "SELECT COUNT(*) FROM turns"))
}

func TestCLIImportNoRedact(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "qa.db")
	env := map[string]string{"QA_DB": dbPath}
	r := runCLI(t, env, "", "import", "--no-redact", "--format", "jsonl", importData("chats.jsonl"))
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Equal(t, 1, queryInt(t, dbPath, "SELECT COUNT(*) FROM turns WHERE text LIKE '%anna.k@example.org%'"))
}

func TestCLIImportVTT(t *testing.T) {
	if _, err := transcript.ImporterFor(transcript.FormatWebVTT); err != nil {
		t.Skip("the WebVTT importer has not landed yet")
	}
	dbPath := filepath.Join(t.TempDir(), "qa.db")
	env := map[string]string{"QA_DB": dbPath}
	r := runCLI(t, env, "", "import", importData("call.vtt"))
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "call.vtt (webvtt): 1 imported")
	assert.Equal(t, 1, queryInt(t, dbPath, "SELECT COUNT(*) FROM interactions WHERE channel = 'call'"))
	// Captions have no date: the import time stands in for the epoch.
	assert.Zero(t, queryInt(t, dbPath, "SELECT COUNT(*) FROM interactions WHERE started_at < '2000-01-01'"))
}

func TestCLIImportFailures(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "qa.db")
	env := map[string]string{"QA_DB": dbPath}

	// A missing file stops everything before the database is touched.
	r := runCLI(t, env, "", "import", importData("chats.jsonl"), importData("nope.jsonl"))
	assert.Equal(t, 1, r.Code)
	assert.Contains(t, r.Stderr, "nope.jsonl: no such file")
	assert.Contains(t, r.Stderr, "nothing was imported")

	r = runCLI(t, env, "", "import", "--format", "docx", importData("chats.jsonl"))
	assert.Equal(t, 2, r.Code)
	assert.Contains(t, r.Stderr, `unknown format "docx"`)

	r = runCLI(t, env, "", "import")
	assert.Equal(t, 2, r.Code)
	assert.Contains(t, r.Stderr, "give one or more files")

	r = runCLI(t, env, "", "import", importData("chats.jsonl"), "--no-redact")
	assert.Equal(t, 2, r.Code)
	assert.Contains(t, r.Stderr, "flags go before the files")

	// An unknown format and a bad record fail their parts; the rest lands.
	r = runCLI(t, env, "", "import", importData("notes.txt"), importData("broken.jsonl"), importData("chats.jsonl"))
	assert.Equal(t, 1, r.Code)
	assert.Contains(t, r.Stdout, "notes.txt: not imported")
	assert.Contains(t, r.Stdout, "broken.jsonl (jsonl): 1 imported, 0 already there, 1 failed")
	assert.Contains(t, r.Stdout, "Imported 4 conversations, 0 already there, 1 failed from 3 files (1 file not readable)")
	// One line per problem (the migration log lines of a fresh database
	// aside), then the error.
	var errLines []string
	for _, l := range strings.Split(strings.TrimSpace(r.Stderr), "\n") {
		if strings.HasPrefix(l, "qascore: ") {
			errLines = append(errLines, l)
		}
	}
	require.Len(t, errLines, 3, r.Stderr)
	assert.Contains(t, errLines[0], "notes.txt: unknown format")
	assert.Contains(t, errLines[1], `broken.jsonl line 2: channel: "fax" is not chat, email or call`)
	assert.Contains(t, errLines[2], "could not be imported")
	assert.Equal(t, 4, queryInt(t, dbPath, "SELECT COUNT(*) FROM interactions"))
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 9812: "9,812", 1234567: "1,234,567", -1200: "-1,200"} {
		assert.Equal(t, want, thousands(n))
	}
}

// --agent gives conversations that name no agent to one agent account;
// anything else about it is refused before a single row is written.
func TestCLIImportDefaultAgent(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "qa.db")
	env := map[string]string{"QA_DB": dbPath}
	for _, u := range [][]string{{"lan@example.com", "Lan Nguyen", "agent"}, {"sam@example.com", "Sam Lead", "supervisor"}} {
		r := runCLI(t, env, "", "user", "add", "--email", u[0], "--name", u[1], "--role", u[2])
		require.Equal(t, 0, r.Code, r.Stderr)
	}
	file := filepath.Join(dir, "anon.jsonl")
	rec := func(id string) string {
		return `{"external_id":"` + id + `","channel":"chat","started_at":"2026-03-01T10:00:00Z","turns":[{"role":"customer","text":"Hello?"},{"role":"agent","text":"Hi, how can I help?"}]}` + "\n"
	}
	require.NoError(t, os.WriteFile(file, []byte(rec("anon-1")+rec("anon-2")), 0o600))

	for _, tc := range []struct{ agent, want string }{
		{"nobody@example.com", "no account with that email"},
		{"sam@example.com", "Sam Lead is not an active agent account"},
	} {
		r := runCLI(t, env, "", "import", "--agent", tc.agent, file)
		assert.Equal(t, 1, r.Code)
		assert.Contains(t, r.Stderr, tc.want)
		assert.Zero(t, queryInt(t, dbPath, "SELECT COUNT(*) FROM interactions"), "nothing imported")
	}

	r := runCLI(t, env, "", "import", "--agent", "LAN@example.com", file)
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Equal(t, 2, queryInt(t, dbPath, "SELECT COUNT(*) FROM interactions i JOIN users u ON u.id = i.agent_id WHERE u.email = 'lan@example.com'"))
}
