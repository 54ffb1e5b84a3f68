package transcript_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

// samplesDir is the shared evaluation data, read in place and never
// copied into the repository.
func vdSamples(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data", "formats", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/data not found: sample-format tests skipped")
	}
	return dir
}

// diskFile opens a file on disk as an importer File.
func vdDisk(t testing.TB, p string) transcript.File {
	t.Helper()
	st, err := os.Stat(p)
	require.NoError(t, err)
	return transcript.File{Name: filepath.Base(p), Size: st.Size(), Open: func() (io.ReadCloser, error) { return os.Open(p) }}
}

// memFile is an importer File over bytes.
func vdMem(name string, data []byte) transcript.File {
	return transcript.File{Name: name, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(string(data))), nil
	}}
}

// parseAll runs an importer and collects its records.
func vdParse(t testing.TB, im transcript.Importer, files ...transcript.File) []transcript.Record {
	t.Helper()
	var recs []transcript.Record
	err := im.Parse(context.Background(), files, func(r transcript.Record) error {
		recs = append(recs, r)
		return nil
	})
	require.NoError(t, err)
	return recs
}

// readJSON decodes a sample independently of the importers, for counting.
func vdJSON(t testing.TB, p string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	return m
}

func vdHead(t testing.TB, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	if len(data) > 64<<10 {
		data = data[:64<<10]
	}
	return data
}

// checkRecords asserts the invariants every importer keeps for every
// record it emits without an error; fuzz tests and sample tests share it.
func vdCheck(t testing.TB, recs []transcript.Record) {
	t.Helper()
	for _, r := range recs {
		if r.Err != nil {
			var re *transcript.RecordError
			if !vdAs(r.Err, &re) {
				t.Fatalf("record error is not a *RecordError: %v", r.Err)
			}
			continue
		}
		in := r.Interaction
		if err := in.Validate(); err != nil {
			t.Fatalf("%s: emitted interaction fails Validate: %v", r.Ref, err)
		}
		if !utf8.ValidString(r.AgentEmail) || !utf8.ValidString(in.Subject) {
			t.Fatalf("%s: invalid UTF-8", r.Ref)
		}
		var prev int64 = -1
		for i, tu := range in.Turns {
			if !tu.Role.Valid() || !utf8.ValidString(tu.Text) || !utf8.ValidString(tu.Speaker) {
				t.Fatalf("%s: turn %d: bad role or text", r.Ref, i)
			}
			if tu.StartMS != nil {
				if *tu.StartMS > *tu.EndMS || *tu.StartMS < prev {
					t.Fatalf("%s: turn %d: times out of order", r.Ref, i)
				}
				prev = *tu.StartMS
			}
		}
	}
}

func vdAs(err error, target **transcript.RecordError) bool {
	re, ok := err.(*transcript.RecordError)
	if ok {
		*target = re
	}
	return ok
}

// roleCounts counts turns per role.
func vdRoles(in transcript.Interaction) map[transcript.Role]int {
	m := map[transcript.Role]int{}
	for _, t := range in.Turns {
		m[t.Role]++
	}
	return m
}

// TestDetectSamples checks that every vendor sample is detected as
// exactly its own format: no other importer claims it.
func TestDetectSamples(t *testing.T) {
	root := vdSamples(t, "")
	cases := []struct {
		path string
		want transcript.Format
	}{
		{"transcribe-call-analytics/example-call.json", transcript.FormatTranscribeCA},
		{"transcribe-standard/diarization-output-batch.json", transcript.FormatTranscribe},
		{"contact-lens/voice-original.json", transcript.FormatContactLens},
		{"contact-lens/voice-redacted.json", transcript.FormatContactLens},
		{"contact-lens/chat-original.json", transcript.FormatContactLens},
		{"contact-lens/chat-redacted.json", transcript.FormatContactLens},
		{"ccai/readme-example.json", transcript.FormatCCAI},
		{"zendesk/tickets.json", transcript.FormatZendesk},
		{"zendesk/ticket.json", transcript.FormatZendesk},
		{"zendesk/ticket_comments.json", transcript.FormatZendesk},
		{"zendesk/ticket_audits.json", transcript.FormatZendesk},
		{"zendesk/users.json", transcript.FormatZendesk},
	}
	gen, _ := filepath.Glob(filepath.Join(root, "ccai", "generated", "*.json"))
	for _, g := range gen {
		rel, _ := filepath.Rel(root, g)
		cases = append(cases, struct {
			path string
			want transcript.Format
		}{rel, transcript.FormatCCAI})
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			p := filepath.Join(root, c.path)
			h := vdHead(t, p)
			// Sniff with an uninformative name too: detection must not
			// rest on the file name alone.
			for _, name := range []string{filepath.Base(p), "upload.json"} {
				var got []transcript.Format
				for _, im := range transcript.Importers() {
					if im.Sniff(name, h) {
						got = append(got, im.Format())
					}
				}
				require.NotEmpty(t, got, name)
				assert.Equal(t, c.want, got[0], name)
				for _, g := range got[1:] {
					assert.NotContains(t, []transcript.Format{transcript.FormatZendesk, transcript.FormatTranscribeCA, transcript.FormatTranscribe, transcript.FormatContactLens, transcript.FormatCCAI}, g, "%s also sniffed as %s", name, g)
				}
				im, err := transcript.Detect(name, h)
				require.NoError(t, err)
				assert.Equal(t, c.want, im.Format())
			}
		})
	}
}
