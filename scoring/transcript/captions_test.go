package transcript_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

// turnView is a turn reduced to what caption tests check.
type turnView struct {
	Role    transcript.Role
	Speaker string
	Text    string
	Start   int64
	End     int64
}

func viewTurns(in transcript.Interaction) []turnView {
	out := make([]turnView, 0, len(in.Turns))
	for _, t := range in.Turns {
		v := turnView{Role: t.Role, Speaker: t.Speaker, Text: t.Text}
		if t.StartMS != nil {
			v.Start, v.End = *t.StartMS, *t.EndMS
		}
		out = append(out, v)
	}
	return out
}

func TestWebVTTCall(t *testing.T) {
	recs := txParse(t, transcript.WebVTTImporter{},
		txDisk(t, filepath.Join("testdata", "webvtt", "call.vtt")),
		txDisk(t, filepath.Join("testdata", "webvtt", "bad-timing.vtt")),
		txDisk(t, filepath.Join("testdata", "webvtt", "utf16be.vtt")))
	require.Len(t, recs, 3)
	for _, r := range recs {
		assertInvariants(t, r)
	}
	require.NoError(t, recs[0].Err)
	in := recs[0].Interaction
	assert.Equal(t, "call-777", in.ExternalID)
	assert.Equal(t, "webvtt", in.Source)
	assert.Equal(t, transcript.ChannelCall, in.Channel)
	assert.Equal(t, time.Date(2024, 5, 1, 2, 30, 0, 0, time.UTC), in.StartedAt)
	assert.Equal(t, "th", in.Language)
	assert.Equal(t, "Somchai", in.AgentName)
	assert.Equal(t, "Hoa", in.CustomerName)
	assert.Equal(t, int64(9000), in.DurationMS)
	assert.Equal(t, []turnView{
		{transcript.RoleAgent, "Somchai", "สวัสดีครับ & ยินดีต้อนรับ 🙏", 0, 2500},
		{transcript.RoleCustomer, "Hoa", "Tôi cần giúp đỡ gấp Cảm ơn <3", 2000, 6900},
		{transcript.RoleAgent, "Somchai", "مرحبا Բարև still Somchai, no tag", 7000, 9000},
	}, viewTurns(in))

	re := txRecErr(t, recs[1])
	assert.Equal(t, "bad-timing.vtt", re.Ref)
	assert.Equal(t, "cue at line 3", re.Field)

	require.NoError(t, recs[2].Err)
	u := recs[2].Interaction
	assert.Equal(t, "utf16be", u.ExternalID)
	assert.Equal(t, time.Unix(0, 0).UTC(), u.StartedAt, "epoch placeholder")
	assert.Equal(t, "Agent Smith", u.AgentName)
	assert.Equal(t, []turnView{
		{transcript.RoleAgent, "Agent Smith", "Hello, thank you for calling.", 1000, 2000},
		{transcript.RoleCustomer, "Caller", "My order is late 😞 The time is 7:35 now.", 2500, 5000},
	}, viewTurns(u))
}

func TestWebVTTErrors(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		field string
	}{
		{"no header", "00:01.000 --> 00:02.000\nhi\n", "header"},
		{"WEBVTTX", "WEBVTTX\n\n00:01.000 --> 00:02.000\nhi\n", "header"},
		{"no cues", "WEBVTT\n\nNOTE nothing\n", "turns"},
		{"end before start", "WEBVTT\n\n00:05.000 --> 00:02.000\nhi\n", "cue at line 3"},
		{"minutes out of range", "WEBVTT\n\n00:75.000 --> 01:02.000\nhi\n", "cue at line 3"},
		{"latin-1", "WEBVTT\n\n00:01.000 --> 00:02.000\ncaf\xe9\n", "encoding"},
		{"odd UTF-16", "\xff\xfeW\x00E", "encoding"},
		{"bad started_at", "WEBVTT\n\nNOTE started_at: noon\n\n00:01.000 --> 00:02.000\nhi\n", "started_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := txParse(t, transcript.WebVTTImporter{}, txMem("x.vtt", []byte(tt.data)))
			require.Len(t, recs, 1)
			assertInvariants(t, recs[0])
			re := txRecErr(t, recs[0])
			assert.Equal(t, "x.vtt", re.Ref)
			assert.Equal(t, tt.field, re.Field, "%v", re)
		})
	}
}

// TestWebVTTSharedSamples runs every shared .vtt sample: the broken one
// is rejected with a header error, the rest import (UTF-16 included).
func TestWebVTTSharedSamples(t *testing.T) {
	dir := filepath.Join(needShared(t), "webvtt")
	tests := []struct {
		file     string
		errField string
		turns    int
		firstTxt string
	}{
		{"broken-1-in.vtt", "header", 0, ""},
		{"example-in.vtt", "", 2, "(deep rumbling)"},
		{"example-in-carriage-return.vtt", "", 3, "Did one of the last stories strike you as more interesting than the other?"},
		{"example-in-non-utf8.vtt", "", 2, "(deep rumbling)"},
		{"example-in-html-entities.vtt", "", 3, "The man in black fled across the desert, & the gunslinger followed."},
		{"example-out-html-entities.vtt", "", 3, "The man in black fled across the desert, & the gunslinger followed."},
		{"example-out-styled.vtt", "", 10, "[instrumental music]"},
		{"example-out.vtt", "", 2, "(deep rumbling)"},
		{"vttjs-spec-example.vtt", "", 5, "We are in New York City We're actually at the Lucern Hotel, just down the street from the American Museum of Natural History And with me is Neil deGrasse Tyson Astrophysicist, Director of the Hayden Planetarium at the AMNH. Thank you for walking down here. And I want to do a follow-up on the last conversation we did. When we e-mailedâ\u0080\u0094"},
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	vtt := 0
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".vtt" {
			vtt++
		}
	}
	assert.Equal(t, len(tests), vtt, "every shared .vtt file has a case")
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs := txParse(t, transcript.WebVTTImporter{}, txDisk(t, filepath.Join(dir, tt.file)))
			require.Len(t, recs, 1)
			assertInvariants(t, recs[0])
			if tt.errField != "" {
				assert.Equal(t, tt.errField, txRecErr(t, recs[0]).Field)
				return
			}
			require.NoError(t, recs[0].Err)
			in := recs[0].Interaction
			assert.Len(t, in.Turns, tt.turns)
			assert.Equal(t, tt.firstTxt, in.Turns[0].Text)
		})
	}
}

func TestWebVTTVoices(t *testing.T) {
	dir := filepath.Join(needShared(t), "webvtt")
	recs := txParse(t, transcript.WebVTTImporter{}, txDisk(t, filepath.Join(dir, "vttjs-spec-example.vtt")))
	require.NoError(t, recs[0].Err)
	in := recs[0].Interaction
	assert.Equal(t, "Roger Bingham", in.AgentName)
	assert.Equal(t, "Neil deGrasse Tyson", in.CustomerName)
	roles := []transcript.Role{}
	for _, tr := range in.Turns {
		roles = append(roles, tr.Role)
	}
	assert.Equal(t, []transcript.Role{"agent", "customer", "agent", "customer", "agent"}, roles)
	assert.Equal(t, "Laughs", in.Turns[3].Text)

	ex := txParse(t, transcript.WebVTTImporter{}, txDisk(t, filepath.Join(dir, "example-in.vtt")))
	require.NoError(t, ex[0].Err)
	assert.Equal(t, "MAN", ex[0].Interaction.Turns[1].Speaker)
	// Unlabelled cues after "MAN:" continue MAN, so they merge into his turn.
	assert.Equal(t, "How did we end up here? This place is horrible. Smells like balls. We don't belong in this shithole. (computer playing electronic melody)", ex[0].Interaction.Turns[1].Text)
	assert.Equal(t, int64(99000), *ex[0].Interaction.Turns[0].StartMS, "00:01:39 without a fraction")
	assert.Equal(t, int64(101040), *ex[0].Interaction.Turns[0].EndMS, "two-digit fraction .04 is 40 ms")
}

func TestSRT(t *testing.T) {
	recs := txParse(t, transcript.SRTImporter{},
		txDisk(t, filepath.Join("testdata", "srt", "bad.srt")),
		txDisk(t, filepath.Join("testdata", "srt", "call.srt")))
	require.Len(t, recs, 2)
	for _, r := range recs {
		assertInvariants(t, r)
	}
	re := txRecErr(t, recs[0])
	assert.Equal(t, "bad.srt", re.Ref)
	assert.Equal(t, "cue at line 6", re.Field)

	require.NoError(t, recs[1].Err)
	in := recs[1].Interaction
	assert.Equal(t, "call", in.ExternalID)
	assert.Equal(t, "srt", in.Source)
	assert.Equal(t, "Ana", in.AgentName)
	assert.Equal(t, "Karapet", in.CustomerName)
	// The unlabelled last cue continues Ana, so it merges into her turn,
	// and the block after a stray blank line is more text of that cue.
	assert.Equal(t, []turnView{
		{transcript.RoleAgent, "Ana", "Xin chào! Tôi có thể giúp gì?", 1000, 3200},
		{transcript.RoleCustomer, "Karapet", "Բարև, ես ուզում եմ չեղարկել պատվերը 📦", 3500, 6000},
		{transcript.RoleAgent, "Ana", "بالتأكيد a < b ขอบคุณครับ continued after a stray blank line", 6100, 9000},
	}, viewTurns(in))
}

func TestSRTErrors(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		field string
	}{
		{"empty", "", "turns"},
		{"text only", "hello\nworld\n", "cue at line 1"},
		{"bad time", "1\n00:00:01,000 --> 00:00:0a,000\nhi\n", "cue at line 2"},
		{"invalid UTF-8", "1\n00:00:01,000 --> 00:00:02,000\nhi \xc0\n", "encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := txParse(t, transcript.SRTImporter{}, txMem("x.srt", []byte(tt.data)))
			require.Len(t, recs, 1)
			assertInvariants(t, recs[0])
			assert.Equal(t, tt.field, txRecErr(t, recs[0]).Field, "%v", recs[0].Err)
		})
	}
}

func TestABCD(t *testing.T) {
	recs := txParse(t, transcript.ABCDImporter{}, txDisk(t, filepath.Join("testdata", "abcd", "mini.json")))
	txCheck(t, recs, []txWant{
		{id: "1001", turns: 4},
		{errRef: "mini.json dev conversation 2", errField: "original[1][0]"},
		{id: "1003", turns: 2},
	})
	in := recs[0].Interaction
	assert.Equal(t, "abcd", in.Source)
	assert.Equal(t, transcript.ChannelChat, in.Channel)
	assert.Equal(t, "en", in.Language)
	assert.Equal(t, "joseph banter", in.CustomerName)
	assert.Equal(t, time.Unix(0, 0).UTC(), in.StartedAt)
	assert.Equal(t, []transcript.Role{"agent", "customer", "system", "agent"},
		[]transcript.Role{in.Turns[0].Role, in.Turns[1].Role, in.Turns[2].Role, in.Turns[3].Role})
	assert.Equal(t, "ฉันต้องการคืนสินค้า 📦", in.Turns[1].Text)
	assert.Equal(t, "train conversation 1", recs[0].Ref[len("mini.json "):])
}

func TestABCDSharedSample(t *testing.T) {
	path := filepath.Join(needShared(t), "abcd", "abcd_sample.json")
	recs := txParse(t, transcript.ABCDImporter{}, txDisk(t, path))
	want := []struct {
		id                       string
		agent, customer, actions int
	}{{"3592", 12, 13, 4}, {"9489", 9, 10, 2}, {"3695", 11, 8, 3}}
	require.Len(t, recs, len(want))
	for i, w := range want {
		assertInvariants(t, recs[i])
		require.NoError(t, recs[i].Err)
		in := recs[i].Interaction
		assert.Equal(t, w.id, in.ExternalID)
		counts := map[transcript.Role]int{}
		for _, tr := range in.Turns {
			counts[tr.Role]++
		}
		assert.Equal(t, map[transcript.Role]int{"agent": w.agent, "customer": w.customer, "system": w.actions}, counts, in.ExternalID)
	}
	assert.Equal(t, "crystal minh", recs[0].Interaction.CustomerName)
	assert.Equal(t, transcript.RoleAgent, recs[0].Interaction.Turns[0].Role)
	assert.Equal(t, "Hi!", recs[0].Interaction.Turns[0].Text)
}
