package ingest_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/rubrics"
	"github.com/qascore/qascore/scoring/transcript"
	"github.com/qascore/qascore/scoring/transcript/ingest"
)

// fakeStore is a hand-written Store with function fields; the defaults
// remember what was written and treat (source, external id) as unique.
type fakeStore struct {
	resolve func(ctx context.Context, email, name string) (int64, error)
	write   func(ctx context.Context, ins []transcript.Interaction) ([]ingest.Outcome, error)

	stored  []transcript.Interaction
	batches []int
	lookups int
}

var _ ingest.Store = (*fakeStore)(nil)

func (f *fakeStore) ResolveAgent(ctx context.Context, email, name string) (int64, error) {
	f.lookups++
	if f.resolve != nil {
		return f.resolve(ctx, email, name)
	}
	return 0, nil
}

func (f *fakeStore) ImportInteractions(ctx context.Context, ins []transcript.Interaction) ([]ingest.Outcome, error) {
	if f.write != nil {
		return f.write(ctx, ins)
	}
	f.batches = append(f.batches, len(ins))
	outs := make([]ingest.Outcome, len(ins))
	for i, in := range ins {
		dup := false
		for _, s := range f.stored {
			if s.Source == in.Source && s.ExternalID == in.ExternalID {
				dup = true
			}
		}
		if dup {
			outs[i].AlreadyThere = true
			continue
		}
		in.ID = int64(len(f.stored) + 1)
		f.stored = append(f.stored, in)
		outs[i].ID = in.ID
	}
	return outs, nil
}

// lineFormat is a test importer: one JSON object per line, sniffed by
// file extension. Lines that are not JSON are bad records.
type lineFormat struct {
	name  transcript.Format
	ext   string
	calls *[][]string // file names of each Parse call
}

type lineRec struct {
	ID      string `json:"id"`
	Agent   string `json:"agent"`
	Email   string `json:"email"`
	Text    string `json:"text"`
	Started int64  `json:"started"` // unix seconds
	Channel string `json:"channel"`
}

func (l lineFormat) Format() transcript.Format { return l.name }
func (l lineFormat) Sniff(name string, _ []byte) bool {
	return strings.HasSuffix(name, l.ext)
}
func (l lineFormat) Parse(ctx context.Context, files []transcript.File, emit func(transcript.Record) error) error {
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if l.calls != nil {
		*l.calls = append(*l.calls, names)
	}
	for _, f := range files {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(rc)
		line := 0
		for sc.Scan() {
			line++
			ref := fmt.Sprintf("%s line %d", f.Name, line)
			var r lineRec
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				if err := emit(transcript.Record{Ref: ref, Err: &transcript.RecordError{Ref: ref, Message: "not JSON"}}); err != nil {
					_ = rc.Close()
					return err
				}
				continue
			}
			ch := transcript.Channel(r.Channel)
			if ch == "" {
				ch = transcript.ChannelChat
			}
			in := transcript.Interaction{
				ExternalID: r.ID, Channel: ch, AgentName: r.Agent,
				StartedAt: time.Unix(r.Started, 0).UTC(),
				Turns:     []transcript.Turn{{Role: transcript.RoleCustomer, Speaker: "Cus", Text: r.Text}, {Role: transcript.RoleAgent, Speaker: r.Agent, Text: "ok"}},
			}
			if err := emit(transcript.Record{Ref: ref, Interaction: in, AgentEmail: r.Email}); err != nil {
				_ = rc.Close()
				return err
			}
		}
		err = sc.Err()
		_ = rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func memFile(name, body string) transcript.File {
	return transcript.File{Name: name, Size: int64(len(body)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(body)), nil
	}}
}

func line(id, agent, email, text string, started int64) string {
	b, _ := json.Marshal(lineRec{ID: id, Agent: agent, Email: email, Text: text, Started: started})
	return string(b) + "\n"
}

var importTime = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func newService(st *fakeStore, calls *[][]string) *ingest.Service {
	return &ingest.Service{
		Store: st,
		Now:   func() time.Time { return importTime },
		Importers: []transcript.Importer{
			lineFormat{name: transcript.FormatZendesk, ext: ".zd", calls: calls},
			lineFormat{name: transcript.FormatJSONL, ext: ".jsonl", calls: calls},
		},
	}
}

// redactDigits stands in for the redactor: every digit becomes #.
func redactDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '#'
		}
		return r
	}, s)
}

func TestImportRedaction(t *testing.T) {
	body := line("a1", "Ann", "", "my card is 4111 1111 1111 1111", 1700000000)
	for _, redact := range []bool{true, false} {
		t.Run(fmt.Sprint("redact=", redact), func(t *testing.T) {
			st := &fakeStore{}
			svc := newService(st, nil)
			svc.Redact = redact
			svc.Redactor = redactDigits
			rep, err := svc.Import(context.Background(), []transcript.File{memFile("a.jsonl", body)}, ingest.Options{})
			require.NoError(t, err)
			require.Len(t, st.stored, 1)
			text := st.stored[0].Turns[0].Text
			if redact {
				assert.Equal(t, "my card is #### #### #### ####", text)
				assert.NotContains(t, text, "4111")
			} else {
				assert.Equal(t, "my card is 4111 1111 1111 1111", text)
			}
			// Speaker names are kept either way.
			assert.Equal(t, "Ann", st.stored[0].Turns[1].Speaker)
			assert.Equal(t, 1, rep.Imported)
		})
	}
}

func TestImportRefusesRedactionWithoutRedactor(t *testing.T) {
	st := &fakeStore{}
	svc := newService(st, nil)
	svc.Redact = true
	_, err := svc.Import(context.Background(), []transcript.File{memFile("a.jsonl", line("a", "Ann", "", "x", 1))}, ingest.Options{})
	require.Error(t, err)
	assert.Empty(t, st.stored)
}

func TestImportEpochBecomesImportTime(t *testing.T) {
	st := &fakeStore{}
	body := line("e", "Ann", "", "hi", 0) + line("k", "Ann", "", "hi", 1700000000)
	_, err := newService(st, nil).Import(context.Background(), []transcript.File{memFile("a.jsonl", body)}, ingest.Options{})
	require.NoError(t, err)
	require.Len(t, st.stored, 2)
	assert.Equal(t, importTime, st.stored[0].StartedAt)
	assert.Equal(t, time.Unix(1700000000, 0).UTC(), st.stored[1].StartedAt)
	assert.Equal(t, "jsonl", st.stored[0].Source, "the format names the source when the importer does not")
}

func TestImportMapsAgents(t *testing.T) {
	st := &fakeStore{resolve: func(_ context.Context, email, name string) (int64, error) {
		switch {
		case strings.EqualFold(email, "ann@example.com"):
			return 7, nil
		case strings.EqualFold(name, "bo"):
			return 8, nil
		}
		return 0, nil
	}}
	body := line("1", "Ann Whatever", "ANN@example.com", "x", 1) +
		line("2", "BO", "", "x", 1) +
		line("3", "Zed", "zed@elsewhere", "x", 1) +
		line("4", "zed", "", "x", 1) +
		line("5", "Ann Whatever", "ANN@example.com", "x", 1)
	rep, err := newService(st, nil).Import(context.Background(), []transcript.File{memFile("a.jsonl", body)}, ingest.Options{})
	require.NoError(t, err)
	require.Len(t, st.stored, 5, "unknown agents are kept, never dropped")
	got := []int64{}
	for _, in := range st.stored {
		got = append(got, in.AgentID)
	}
	assert.Equal(t, []int64{7, 8, 0, 0, 7}, got)
	assert.Equal(t, "Zed", st.stored[2].AgentName)
	assert.Equal(t, []string{"Zed"}, rep.UnmappedAgents, "listed once, case-insensitively")
	assert.Equal(t, 4, st.lookups, "repeated agents are resolved once")
}

// A default agent takes the conversations that name no agent at all; one
// that names an agent — known or not — keeps what the file says.
func TestImportDefaultAgent(t *testing.T) {
	st := &fakeStore{resolve: func(_ context.Context, email, name string) (int64, error) {
		if strings.EqualFold(name, "bo") {
			return 8, nil
		}
		return 0, nil
	}}
	body := line("1", "", "", "x", 1) + line("2", "BO", "", "x", 1) + line("3", "Zed", "", "x", 1)
	rep, err := newService(st, nil).Import(context.Background(), []transcript.File{memFile("a.jsonl", body)}, ingest.Options{DefaultAgentID: 42})
	require.NoError(t, err)
	require.Len(t, st.stored, 3)
	assert.Equal(t, []int64{42, 8, 0}, []int64{st.stored[0].AgentID, st.stored[1].AgentID, st.stored[2].AgentID})
	assert.Equal(t, []string{"Zed"}, rep.UnmappedAgents, "an unknown name is still listed, not defaulted")

	st2 := &fakeStore{}
	_, err = newService(st2, nil).Import(context.Background(), []transcript.File{memFile("b.jsonl", line("1", "", "", "x", 1))}, ingest.Options{})
	require.NoError(t, err)
	assert.Zero(t, st2.stored[0].AgentID, "no default, no agent")
}

func TestImportBadRecordDoesNotStopOthers(t *testing.T) {
	st := &fakeStore{}
	body := line("1", "Ann", "", "x", 1) + "garbage\n" + line("", "Ann", "", "no id", 1) + line("4", "Ann", "", "x", 1)
	rep, err := newService(st, nil).Import(context.Background(), []transcript.File{memFile("calls.jsonl", body)}, ingest.Options{})
	require.NoError(t, err)
	assert.Len(t, st.stored, 2)
	require.Len(t, rep.Files, 1)
	f := rep.Files[0]
	assert.Equal(t, 2, f.Imported)
	assert.Equal(t, 2, f.Failed)
	assert.False(t, f.OK())
	assert.False(t, rep.OK())
	assert.Equal(t, []string{"calls.jsonl line 2: not JSON", "calls.jsonl line 3: external_id: is required"}, f.Problems)
}

func TestImportProblemsAreCapped(t *testing.T) {
	st := &fakeStore{}
	body := strings.Repeat("garbage\n", ingest.MaxProblems+7)
	rep, err := newService(st, nil).Import(context.Background(), []transcript.File{memFile("x.jsonl", body)}, ingest.Options{})
	require.NoError(t, err)
	assert.Len(t, rep.Files[0].Problems, ingest.MaxProblems)
	assert.Equal(t, 7, rep.Files[0].MoreProblems)
	assert.Equal(t, ingest.MaxProblems+7, rep.Failed)
}

func TestImportBatchesAndAlreadyThere(t *testing.T) {
	st := &fakeStore{}
	var b strings.Builder
	for i := range 1203 {
		b.WriteString(line(fmt.Sprint(i), "Ann", "", "x", 1))
	}
	svc := newService(st, nil)
	var last ingest.Progress
	rep, err := svc.Import(context.Background(), []transcript.File{memFile("big.jsonl", b.String())}, ingest.Options{Progress: func(p ingest.Progress) { last = p }})
	require.NoError(t, err)
	assert.Equal(t, []int{500, 500, 203}, st.batches)
	assert.Equal(t, 1203, rep.Imported)
	assert.Equal(t, 1203, last.Records)
	assert.Equal(t, int64(b.Len()), last.Bytes)
	assert.Equal(t, int64(b.Len()), last.TotalBytes)

	rep, err = svc.Import(context.Background(), []transcript.File{memFile("big.jsonl", b.String())}, ingest.Options{})
	require.NoError(t, err)
	assert.Equal(t, 0, rep.Imported)
	assert.Equal(t, 1203, rep.AlreadyThere)
	assert.True(t, rep.OK())
	assert.Len(t, st.stored, 1203)
}

func TestImportInvalidBatchRetriesOneByOne(t *testing.T) {
	// The database refuses any batch holding "bad"; the rest must land.
	inner := &fakeStore{}
	st := &fakeStore{write: func(ctx context.Context, ins []transcript.Interaction) ([]ingest.Outcome, error) {
		for _, in := range ins {
			if in.ExternalID == "bad" {
				return nil, fmt.Errorf("store: NUL byte: %w", rubrics.ErrInvalid)
			}
		}
		return inner.ImportInteractions(ctx, ins)
	}}
	body := line("1", "A", "", "x", 1) + line("bad", "A", "", "x", 1) + line("3", "A", "", "x", 1)
	rep, err := newService(st, nil).Import(context.Background(), []transcript.File{memFile("a.jsonl", body)}, ingest.Options{})
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Imported)
	assert.Len(t, inner.stored, 2)
	assert.Equal(t, 1, rep.Failed)
	assert.Contains(t, rep.Files[0].Problems[0], "a.jsonl line 2")
}

func TestImportStoreFailureStops(t *testing.T) {
	boom := errors.New("disk full")
	st := &fakeStore{write: func(context.Context, []transcript.Interaction) ([]ingest.Outcome, error) { return nil, boom }}
	_, err := newService(st, nil).Import(context.Background(), []transcript.File{memFile("a.jsonl", line("1", "A", "", "x", 1))}, ingest.Options{})
	require.ErrorIs(t, err, boom)
}

func TestImportGroupsMultiFileFormats(t *testing.T) {
	st := &fakeStore{}
	var calls [][]string
	files := []transcript.File{
		memFile("tickets.zd", line("t1", "Ann", "", "x", 1)),
		memFile("calls.jsonl", line("c1", "Ann", "", "x", 1)),
		memFile("comments.zd", line("t2", "Ann", "", "x", 1)),
		memFile("more.jsonl", line("c2", "Ann", "", "x", 1)),
	}
	rep, err := newService(st, &calls).Import(context.Background(), files, ingest.Options{})
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"tickets.zd", "comments.zd"}, {"calls.jsonl"}, {"more.jsonl"}}, calls)
	require.Len(t, rep.Files, 3)
	assert.Equal(t, "tickets.zd, comments.zd", rep.Files[0].Name)
	assert.Equal(t, transcript.FormatZendesk, rep.Files[0].Format)
	assert.Equal(t, 2, rep.Files[0].Imported)
	assert.Equal(t, 4, rep.Imported)
}

func TestImportSizeLimit(t *testing.T) {
	st := &fakeStore{}
	svc := newService(st, nil)
	svc.MaxFileBytes = 100
	big := memFile("big.jsonl", strings.Repeat(line("x", "A", "", "x", 1), 10))
	// A file whose Size understates its length is stopped while reading.
	liar := memFile("liar.jsonl", strings.Repeat(line("y", "A", "", "x", 1), 10))
	liar.Size = 10
	small := memFile("small.jsonl", line("s", "A", "", "x", 1))
	rep, err := svc.Import(context.Background(), []transcript.File{big, liar, small}, ingest.Options{})
	require.NoError(t, err)
	require.Len(t, rep.Files, 3)
	assert.Equal(t, "big.jsonl: file is larger than 100 bytes", rep.Files[0].Error)
	assert.Contains(t, rep.Files[1].Error, "liar.jsonl: file is larger than 100 bytes")
	assert.Equal(t, 1, rep.Files[2].Imported)
	assert.Equal(t, 2, rep.FilesFailed)

	svc.MaxFileBytes = 0
	huge := transcript.File{Name: "huge.jsonl", Size: ingest.DefaultMaxFileBytes + 1, Open: func() (io.ReadCloser, error) {
		t.Fatal("an over-limit file must not be opened")
		return nil, nil
	}}
	rep, err = svc.Import(context.Background(), []transcript.File{huge}, ingest.Options{})
	require.NoError(t, err)
	assert.Equal(t, "huge.jsonl: file is larger than 10 MiB", rep.Files[0].Error)
}

func TestImportUnknownFormat(t *testing.T) {
	st := &fakeStore{}
	rep, err := newService(st, nil).Import(context.Background(), []transcript.File{
		memFile("notes.docx", "PK..."), memFile("empty.jsonl", ""), memFile("ok.jsonl", line("1", "A", "", "x", 1)),
	}, ingest.Options{})
	require.NoError(t, err)
	require.Len(t, rep.Files, 3)
	assert.Contains(t, rep.Files[0].Error, "notes.docx")
	assert.Contains(t, rep.Files[0].Error, "unknown format")
	assert.Equal(t, "empty.jsonl: the file is empty", rep.Files[1].Error)
	assert.Equal(t, 1, rep.Imported)
}

func TestImportForcedFormat(t *testing.T) {
	st := &fakeStore{}
	svc := newService(st, nil)
	rep, err := svc.Import(context.Background(), []transcript.File{memFile("data.txt", line("1", "A", "", "x", 1))}, ingest.Options{Format: transcript.FormatJSONL})
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Imported)

	_, err = svc.Import(context.Background(), []transcript.File{memFile("data.txt", "")}, ingest.Options{Format: "nope"})
	require.ErrorIs(t, err, rubrics.ErrInvalid)
}

func TestImportCancelled(t *testing.T) {
	st := &fakeStore{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newService(st, nil).Import(ctx, []transcript.File{memFile("a.jsonl", line("1", "A", "", "x", 1))}, ingest.Options{})
	require.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, st.stored)
}
