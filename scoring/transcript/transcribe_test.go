package transcript_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

func TestTranscribeCASample(t *testing.T) {
	p := filepath.Join(vdSamples(t, "transcribe-call-analytics"), "example-call.json")
	raw := vdJSON(t, p)
	src := raw["Transcript"].([]any)
	want := map[transcript.Role]int{}
	for _, e := range src {
		switch e.(map[string]any)["ParticipantRole"] {
		case "AGENT":
			want[transcript.RoleAgent]++
		case "CUSTOMER":
			want[transcript.RoleCustomer]++
		}
	}

	recs := vdParse(t, transcript.TranscribeCAImporter{}, vdDisk(t, p))
	require.Len(t, recs, 1)
	require.NoError(t, recs[0].Err)
	vdCheck(t, recs)
	in := recs[0].Interaction
	require.Len(t, in.Turns, len(src))
	assert.Equal(t, want, vdRoles(in))
	assert.Equal(t, transcript.ChannelCall, in.Channel)
	assert.Equal(t, "transcribe-ca-example-call.wav", in.ExternalID)
	assert.Equal(t, "transcribe-ca", in.Source)
	assert.Equal(t, "en", in.Language)
	assert.Equal(t, "Agent (example-call.wav)", in.AgentName)
	assert.EqualValues(t, 182890, in.DurationMS)

	// Overlapping turns are all kept: every source turn's text appears once,
	// byte for byte, at the turn with its begin offset.
	byStart := map[int64]string{}
	for _, tu := range in.Turns {
		byStart[*tu.StartMS] += tu.Text
	}
	for _, i := range []int{0, 7, len(src) - 1} {
		e := src[i].(map[string]any)
		assert.Contains(t, byStart[int64(e["BeginOffsetMillis"].(float64))], e["Content"].(string))
	}
	overlaps := 0
	for i := 1; i < len(in.Turns); i++ {
		if *in.Turns[i].StartMS < *in.Turns[i-1].EndMS {
			overlaps++
		}
	}
	assert.Positive(t, overlaps, "the sample's cross-talk is kept")
	assert.True(t, strings.Contains(strings.Join(vdTexts(in), " "), "[PII]"), "redaction placeholders kept")
}

func vdTexts(in transcript.Interaction) []string {
	out := make([]string, len(in.Turns))
	for i, t := range in.Turns {
		out[i] = t.Text
	}
	return out
}

func TestGuessAgentSpeakerByWords(t *testing.T) {
	mk := func(lines ...string) []byte {
		var items []string
		for i, l := range lines {
			sp, text, _ := strings.Cut(l, ": ")
			for j, w := range strings.Fields(text) {
				s := fmt.Sprintf("%d.%d", i*10+j, 0)
				items = append(items, fmt.Sprintf(`{"start_time":%q,"end_time":%q,"alternatives":[{"content":%q}],"type":"pronunciation","speaker_label":%q}`, s, s, w, sp))
			}
		}
		return []byte(`{"jobName":"j","results":{"transcripts":[{"transcript":"x"}],"speaker_labels":{"speakers":2,"segments":[]},"items":[` + strings.Join(items, ",") + `]}}`)
	}
	tests := []struct {
		name  string
		doc   []byte
		agent string
	}{
		{"agent opens the call", mk("spk_0: Thank you for calling, my name is Dara", "spk_1: Hi my order is late"), "spk_0"},
		{"customer opens the call", mk("spk_0: I've been on hold forever and my bill is wrong", "spk_1: Sorry about that, let me check"), "spk_1"},
		{"no signal keeps the first speaker", mk("spk_0: Hello", "spk_1: Hello there"), "spk_0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs := vdParse(t, transcript.TranscribeImporter{}, vdMem("call.json", tc.doc))
			require.Len(t, recs, 1)
			require.NoError(t, recs[0].Err)
			for _, turn := range recs[0].Interaction.Turns {
				assert.Equal(t, turn.Speaker == tc.agent, turn.Role == transcript.RoleAgent, "%s: %s", turn.Speaker, turn.Text)
			}
		})
	}
}

func TestTranscribeStandardSample(t *testing.T) {
	p := filepath.Join(vdSamples(t, "transcribe-standard"), "diarization-output-batch.json")
	raw := vdJSON(t, p)
	results := raw["results"].(map[string]any)
	whole := results["transcripts"].([]any)[0].(map[string]any)["transcript"].(string)
	// Independent count: a turn starts wherever the speaker label changes.
	wantTurns, prev := 0, ""
	for _, it := range results["items"].([]any) {
		if l := it.(map[string]any)["speaker_label"].(string); l != prev {
			wantTurns, prev = wantTurns+1, l
		}
	}

	recs := vdParse(t, transcript.TranscribeImporter{}, vdDisk(t, p))
	require.Len(t, recs, 1)
	require.NoError(t, recs[0].Err)
	vdCheck(t, recs)
	in := recs[0].Interaction
	require.Len(t, in.Turns, wantTurns)
	assert.Equal(t, whole, strings.Join(vdTexts(in), " "), "punctuation attaches without a space")
	assert.Equal(t, "I've been on hold for an hour.", in.Turns[0].Text)
	// The words decide: the complaint is the customer's, the apology the
	// agent's, although the customer speaks first.
	assert.Equal(t, transcript.RoleCustomer, in.Turns[0].Role)
	assert.Equal(t, transcript.RoleAgent, in.Turns[1].Role)
	assert.Equal(t, "spk_1", in.Turns[1].Speaker)
	assert.EqualValues(t, 4870, *in.Turns[0].StartMS)
	assert.EqualValues(t, 6880, *in.Turns[0].EndMS)
	assert.Equal(t, "transcribe-my-first-transcription-job", in.ExternalID)
	assert.NotEmpty(t, in.AgentName)
}

func TestTranscribeCAErrors(t *testing.T) {
	cases := []struct {
		name, body, field string
	}{
		{"syntax", `{"JobName":"j","Transcript":[`, ""},
		{"end before begin", `{"JobName":"j","Transcript":[{"ParticipantRole":"AGENT","Content":"hi","BeginOffsetMillis":50,"EndOffsetMillis":10}]}`, "Transcript[0].EndOffsetMillis"},
		{"one offset", `{"JobName":"j","Transcript":[{"ParticipantRole":"AGENT","Content":"hi","BeginOffsetMillis":50}]}`, "Transcript[0]"},
		{"bad utf8", "{\"JobName\":\"j\",\"Transcript\":[{\"ParticipantRole\":\"AGENT\",\"Content\":\"ok\"},{\"ParticipantRole\":\"AGENT\",\"Content\":\"h\xffi\"}]}", "Transcript[1].Content"},
		{"no turns", `{"JobName":"j","Transcript":[]}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs := vdParse(t, transcript.TranscribeCAImporter{}, vdMem("x.json", []byte(c.body)))
			require.Len(t, recs, 1)
			require.Error(t, recs[0].Err)
			var re *transcript.RecordError
			require.True(t, vdAs(recs[0].Err, &re))
			assert.Equal(t, c.field, re.Field)
			assert.Equal(t, "x.json", re.Ref)
		})
	}
}

// seedDir adds every hand-written look-alike in testdata/vendor with the
// given prefix to a fuzz corpus.
func vdSeed(f *testing.F, prefix string) {
	matches, _ := filepath.Glob(filepath.Join("testdata", "vendor", prefix+"*"))
	for _, m := range matches {
		data, err := os.ReadFile(m)
		require.NoError(f, err)
		f.Add(data)
	}
}

func vdFuzz(t *testing.T, im transcript.Importer, data []byte) {
	_ = im.Sniff("f.json", data)
	vdCheck(t, vdParse(t, im, vdMem("f.json", data)))
}

func FuzzTranscribeCA(f *testing.F) {
	vdSeed(f, "transcribe-ca")
	f.Add([]byte(`{"JobName":"j","LanguageCode":"vi-VN","Transcript":[{"ParticipantRole":"AGENT","Content":"Xin chào","BeginOffsetMillis":10,"EndOffsetMillis":900},{"ParticipantRole":"CUSTOMER","Content":"Chào","BeginOffsetMillis":5,"EndOffsetMillis":20}]}`))
	f.Fuzz(func(t *testing.T, data []byte) { vdFuzz(t, transcript.TranscribeCAImporter{}, data) })
}

func FuzzTranscribe(f *testing.F) {
	vdSeed(f, "transcribe-std")
	f.Add([]byte(`{"jobName":"j","results":{"speaker_labels":{"segments":[]},"items":[{"type":"pronunciation","start_time":"0.5","end_time":"1.0","speaker_label":"spk_0","alternatives":[{"content":"Hello"}]},{"type":"punctuation","alternatives":[{"content":"."}]},{"type":"pronunciation","start_time":"0.4","end_time":"2","speaker_label":"spk_1","alternatives":[{"content":"Hi"}]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) { vdFuzz(t, transcript.TranscribeImporter{}, data) })
}
