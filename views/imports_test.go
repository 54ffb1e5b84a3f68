package views_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/scoring/transcript/ingest"
	"github.com/qascore/qascore/views"
)

// fakeImports is views.Imports with function fields.
type fakeImports struct {
	ImportFn         func(ctx context.Context, files []transcript.File, opts ingest.Options) (ingest.Report, error)
	UnmappedAgentsFn func(ctx context.Context) ([]ingest.UnmappedAgent, error)
	MapAgentFn       func(ctx context.Context, name string, userID int64, by scoring.Actor) (int, error)
}

var _ views.Imports = (*fakeImports)(nil)

func (f *fakeImports) Import(ctx context.Context, files []transcript.File, opts ingest.Options) (ingest.Report, error) {
	return f.ImportFn(ctx, files, opts)
}
func (f *fakeImports) UnmappedAgents(ctx context.Context) ([]ingest.UnmappedAgent, error) {
	return f.UnmappedAgentsFn(ctx)
}
func (f *fakeImports) MapAgent(ctx context.Context, name string, userID int64, by scoring.Actor) (int, error) {
	return f.MapAgentFn(ctx, name, userID, by)
}

// memStore is an in-memory ingest.Store for driving the real import
// service behind the handlers.
type memStore struct {
	mu     sync.Mutex
	stored map[string]bool
}

func (m *memStore) ResolveAgent(context.Context, string, string) (int64, error) { return 0, nil }
func (m *memStore) ImportInteractions(_ context.Context, ins []transcript.Interaction) ([]ingest.Outcome, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	outs := make([]ingest.Outcome, len(ins))
	for i, in := range ins {
		k := in.Source + "\x00" + in.ExternalID
		if m.stored[k] {
			outs[i].AlreadyThere = true
			continue
		}
		m.stored[k] = true
		outs[i].ID = int64(len(m.stored))
	}
	return outs, nil
}

func mustImportEnv(t *testing.T) (*env, *fakeImports) {
	t.Helper()
	svc := &ingest.Service{Store: &memStore{stored: map[string]bool{}}, Redact: true, Redactor: strings.ToUpper}
	fi := &fakeImports{
		ImportFn: svc.Import,
		UnmappedAgentsFn: func(context.Context) ([]ingest.UnmappedAgent, error) {
			return []ingest.UnmappedAgent{{Name: "Zed Stranger", Conversations: 12}}, nil
		},
	}
	e := mustEnv(t, func(d *views.Deps) { d.Imports = fi })
	return e, fi
}

const jsonlLine = `{"external_id":"%s","channel":"chat","agent":{"name":"Zed Stranger"},"started_at":"2025-05-01T09:00:00Z","turns":[{"role":"customer","text":"hello"}]}` + "\n"

// upload posts files as a multipart form; bodies may be readers so tests
// can stream large uploads without holding them.
func (c *client) upload(files map[string]io.Reader, hdr ...string) resp {
	c.e.t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for name, body := range files {
			w, err := mw.CreateFormFile("files", name)
			if err == nil {
				_, err = io.Copy(w, body)
			}
			if err != nil {
				_ = pw.CloseWithError(err)
				return
			}
		}
		_ = pw.CloseWithError(mw.Close())
	}()
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+"/imports", pr)
	require.NoError(c.e.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return c.do(req)
}

func TestImportPage(t *testing.T) {
	e, _ := mustImportEnv(t)
	for _, u := range []coaching.User{e.admin, e.supervisor} {
		c := e.mustLogin(u)
		r := c.get("/imports")
		require.Equal(t, http.StatusOK, r.StatusCode)
		assert.Contains(t, r.body, `data-testid="upload-submit"`)
		assert.Contains(t, r.body, `name="files"`)
		assert.Contains(t, r.body, `multiple`)
		assert.Contains(t, r.body, `for="f-files"`, "the file input has a label")
		assert.Contains(t, r.body, `id="import-results"`)
		assert.Contains(t, navSection(r.body), `href="/imports"`)
		assert.Contains(t, r.body, "upload.js")
	}
	for _, u := range []coaching.User{e.agent, e.trainer} {
		c := e.mustLogin(u)
		assert.Equal(t, http.StatusNotFound, c.get("/imports").StatusCode)
		assert.NotContains(t, navSection(c.get("/").body), `href="/imports"`)
		r := c.upload(map[string]io.Reader{"a.jsonl": strings.NewReader(fmt.Sprintf(jsonlLine, "x"))})
		assert.Equal(t, http.StatusNotFound, r.StatusCode)
	}
	c := e.mustLogin(e.supervisor)
	assert.Equal(t, http.StatusNotFound, c.get("/imports/agents").StatusCode, "only admins map agents")
}

func TestImportUpload(t *testing.T) {
	e, _ := mustImportEnv(t)
	c := e.mustLogin(e.supervisor)
	big := io.MultiReader(strings.NewReader(fmt.Sprintf(jsonlLine, "big")), bytes.NewReader(bytes.Repeat([]byte(" "), ingest.DefaultMaxFileBytes)))
	r := c.upload(map[string]io.Reader{
		"chats.jsonl": strings.NewReader(fmt.Sprintf(jsonlLine, "c1") + fmt.Sprintf(jsonlLine, "c2")),
		"big.jsonl":   big,
		"notes.docx":  strings.NewReader("PK not a transcript"),
	}, "HX-Request", "true")
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	assert.NotContains(t, r.body, "<html", "htmx gets the fragment only")
	assert.Contains(t, r.body, `data-testid="import-results"`)
	assert.Equal(t, 3, strings.Count(r.body, `data-testid="import-file-result"`))
	assert.Contains(t, r.body, "big.jsonl: file is larger than 10 MiB")
	assert.Contains(t, r.body, "notes.docx: unknown format")
	assert.Contains(t, r.body, "2 imported, 0 already there, 0 failed; 2 of 3 files could not be read.")
	assert.Contains(t, r.body, "Zed Stranger")
	assert.Contains(t, r.body, `data-testid="import-scope-note"`, "supervisors are told what they will see")
	assert.NotContains(t, r.body, `href="/imports/agents"`, "supervisors cannot map agents")

	// Again, without htmx: the whole page, and nothing imported twice.
	r = c.upload(map[string]io.Reader{"chats.jsonl": strings.NewReader(fmt.Sprintf(jsonlLine, "c1"))})
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, r.body, "<html")
	assert.Contains(t, r.body, "0 imported, 1 already there, 0 failed.")

	admin := e.mustLogin(e.admin)
	r = admin.upload(map[string]io.Reader{"more.jsonl": strings.NewReader(fmt.Sprintf(jsonlLine, "c9"))}, "HX-Request", "true")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, r.body, `data-testid="map-agents-link"`)
	assert.NotContains(t, r.body, `data-testid="import-scope-note"`)

	r = admin.upload(map[string]io.Reader{}, "HX-Request", "true")
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, "Choose at least one file")
}

func TestImportUploadTooLarge(t *testing.T) {
	e, fi := mustImportEnv(t)
	called := false
	fi.ImportFn = func(context.Context, []transcript.File, ingest.Options) (ingest.Report, error) {
		called = true
		return ingest.Report{}, nil
	}
	c := e.mustLogin(e.admin)
	files := map[string]io.Reader{}
	for i := range 21 {
		files[fmt.Sprintf("f%02d.jsonl", i)] = io.LimitReader(zeros{}, ingest.DefaultMaxFileBytes)
	}
	r := c.upload(files)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.StatusCode)
	assert.Contains(t, r.body, "larger than 200 MiB")
	assert.False(t, called)
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestImportAgentMapping(t *testing.T) {
	e, fi := mustImportEnv(t)
	var gotName string
	var gotUser int64
	fi.MapAgentFn = func(_ context.Context, name string, userID int64, by scoring.Actor) (int, error) {
		if userID != e.agent.ID {
			return 0, fmt.Errorf("not an agent: %w", rubrics.ErrInvalid)
		}
		gotName, gotUser = name, userID
		return 12, nil
	}
	c := e.mustLogin(e.admin)
	r := c.get("/imports/agents")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, r.body, `data-testid="unmapped-agent"`)
	assert.Contains(t, r.body, "Zed Stranger")
	assert.Contains(t, r.body, fmt.Sprintf(`value="%d"`, e.agent.ID))
	assert.NotContains(t, r.body, fmt.Sprintf(`<option value="%d"`, e.supervisor.ID), "only agent accounts are offered")

	r = c.post("/imports/agents", url.Values{"name": {"Zed Stranger"}, "user_id": {fmt.Sprint(e.supervisor.ID)}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, `data-testid="map-agent-error"`)
	r = c.post("/imports/agents", url.Values{"name": {"Zed Stranger"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)

	r = c.post("/imports/agents", url.Values{"name": {"Zed Stranger"}, "user_id": {fmt.Sprint(e.agent.ID)}})
	require.Equal(t, http.StatusSeeOther, r.StatusCode, r.body)
	assert.Equal(t, "Zed Stranger", gotName)
	assert.Equal(t, e.agent.ID, gotUser)
	assert.Contains(t, c.get("/imports/agents").body, "12 conversations now belong")

	fi.UnmappedAgentsFn = func(context.Context) ([]ingest.UnmappedAgent, error) { return nil, nil }
	assert.Contains(t, c.get("/imports/agents").body, `data-testid="unmapped-empty"`)
}

// uploadWithFields is upload with form fields sent before the files.
func (c *client) uploadWithFields(fields map[string]string, files map[string]io.Reader, hdr ...string) resp {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		require.NoError(c.e.t, mw.WriteField(k, v))
	}
	for name, body := range files {
		w, err := mw.CreateFormFile("files", name)
		require.NoError(c.e.t, err)
		_, err = io.Copy(w, body)
		require.NoError(c.e.t, err)
	}
	require.NoError(c.e.t, mw.Close())
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+"/imports", &buf)
	require.NoError(c.e.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return c.do(req)
}

// The uploader may give conversations that name no agent to one agent:
// an admin any agent, a supervisor only their teams' agents. Anyone else
// is refused before a byte of the upload is imported.
func TestImportDefaultAgent(t *testing.T) {
	e, fi := mustImportEnv(t)
	var got []ingest.Options
	inner := fi.ImportFn
	fi.ImportFn = func(ctx context.Context, files []transcript.File, opts ingest.Options) (ingest.Report, error) {
		got = append(got, opts)
		return inner(ctx, files, opts)
	}
	other := e.db.add(coaching.User{Email: "ola@example.com", Name: "Ola Outside", Role: coaching.RoleAgent, PasswordHash: testHash(t)})
	e.teams.ListTeamsFn = func(context.Context) ([]coaching.TeamDetail, error) {
		return []coaching.TeamDetail{{Team: coaching.Team{ID: 1, Name: "North"}, Agents: []coaching.User{e.agent}, Supervisors: []coaching.User{e.supervisor}}}, nil
	}
	file := func(id string) map[string]io.Reader {
		return map[string]io.Reader{"a.jsonl": strings.NewReader(fmt.Sprintf(jsonlLine, id))}
	}
	agentID, otherID := fmt.Sprint(e.agent.ID), fmt.Sprint(other.ID)

	admin := e.mustLogin(e.admin)
	r := admin.get("/imports")
	assert.Contains(t, r.body, `name="default_agent"`)
	assert.Contains(t, r.body, "Keep them unassigned")
	assert.Contains(t, r.body, "Ola Outside")
	r = admin.uploadWithFields(map[string]string{"default_agent": otherID}, file("d1"), "HX-Request", "true")
	require.Equal(t, http.StatusOK, r.StatusCode, r.body)
	require.Len(t, got, 1)
	assert.Equal(t, other.ID, got[0].DefaultAgentID)

	sup := e.mustLogin(e.supervisor)
	r = sup.get("/imports")
	assert.Contains(t, r.body, e.agent.Name)
	assert.NotContains(t, r.body, "Ola Outside", "not an agent of my teams")
	r = sup.uploadWithFields(map[string]string{"default_agent": otherID}, file("d2"), "HX-Request", "true")
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.body, "Choose an agent from the list")
	r = sup.uploadWithFields(map[string]string{"default_agent": "not-a-number"}, file("d3"), "HX-Request", "true")
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	require.Len(t, got, 1, "refused uploads import nothing")
	r = sup.uploadWithFields(map[string]string{"default_agent": agentID}, file("d4"))
	require.Equal(t, http.StatusOK, r.StatusCode)
	require.Len(t, got, 2)
	assert.Equal(t, e.agent.ID, got[1].DefaultAgentID)
	assert.Contains(t, r.body, `<option value="`+agentID+`" selected`, "the choice is kept on the page")
	r = sup.uploadWithFields(map[string]string{"default_agent": ""}, file("d5"), "HX-Request", "true")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Zero(t, got[2].DefaultAgentID)
}
