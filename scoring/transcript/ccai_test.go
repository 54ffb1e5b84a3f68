package transcript_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

func TestCCAISamples(t *testing.T) {
	dir := vdSamples(t, "ccai")
	files, _ := filepath.Glob(filepath.Join(dir, "generated", "*.json"))
	files = append(files, filepath.Join(dir, "readme-example.json"))
	require.Len(t, files, 9)
	for _, p := range files {
		t.Run(filepath.Base(p), func(t *testing.T) {
			raw := vdJSON(t, p)
			entries := raw["entries"].([]any)
			want := map[transcript.Role]int{}
			for _, e := range entries {
				want[map[string]transcript.Role{"AGENT": transcript.RoleAgent, "CUSTOMER": transcript.RoleCustomer}[e.(map[string]any)["role"].(string)]]++
			}
			recs := vdParse(t, transcript.CCAIImporter{}, vdDisk(t, p))
			require.Len(t, recs, 1)
			require.NoError(t, recs[0].Err)
			vdCheck(t, recs)
			in := recs[0].Interaction
			require.Len(t, in.Turns, len(entries))
			assert.Equal(t, want, vdRoles(in))
			assert.Equal(t, transcript.ChannelChat, in.Channel)
			assert.NotEmpty(t, in.AgentName)
			assert.Equal(t, "ccai-"+vdStem(p), in.ExternalID)
			first := entries[0].(map[string]any)
			assert.Equal(t, first["text"], in.Turns[0].Text)
			last := entries[len(entries)-1].(map[string]any)
			assert.Equal(t, last["text"], in.Turns[len(in.Turns)-1].Text)
			assert.Equal(t, time.UnixMicro(int64(first["start_timestamp_usec"].(float64))).UTC(), in.StartedAt)
			require.NotNil(t, in.Turns[1].At)
		})
	}
}

func vdStem(p string) string {
	b := filepath.Base(p)
	return b[:len(b)-len(filepath.Ext(b))]
}

func TestCCAIShapes(t *testing.T) {
	cases := []struct {
		name    string
		body    string
		channel transcript.Channel
		extID   string
		roles   []transcript.Role
		timed   bool
	}{
		{
			"participant_role, string timestamps, automated agent",
			`{"name":"projects/p/locations/l/conversations/abc123","entries":[
			{"text":"สวัสดีครับ","participant_role":"AUTOMATED_AGENT","start_timestamp_usec":"1700000000000000","user_id":3},
			{"text":"hi","participant_role":"END_USER","start_timestamp_usec":"1700000001000000","user_id":1},
			{"text":"hello","participant_role":"HUMAN_AGENT","start_timestamp_usec":"1700000002000000","user_id":2}]}`,
			transcript.ChannelChat, "ccai-abc123",
			[]transcript.Role{transcript.RoleBot, transcript.RoleCustomer, transcript.RoleAgent}, false,
		},
		{
			"voice medium, out of order, role from user_id",
			`{"medium":"PHONE_CALL","conversation_info":{"categories":[{"display_name":"x"}]},"entries":[
			{"text":"second","role":"CUSTOMER","start_timestamp_usec":1700000005000000,"user_id":1},
			{"text":"first","role":"AGENT","start_timestamp_usec":1700000000000000,"user_id":2},
			{"text":"third","start_timestamp_usec":1700000009000000,"user_id":2}]}`,
			transcript.ChannelCall, "ccai-x",
			[]transcript.Role{transcript.RoleAgent, transcript.RoleCustomer, transcript.RoleAgent}, true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs := vdParse(t, transcript.CCAIImporter{}, vdMem("x.json", []byte(c.body)))
			require.Len(t, recs, 1)
			require.NoError(t, recs[0].Err)
			vdCheck(t, recs)
			in := recs[0].Interaction
			assert.Equal(t, c.channel, in.Channel)
			assert.Equal(t, c.extID, in.ExternalID)
			var roles []transcript.Role
			for _, tu := range in.Turns {
				roles = append(roles, tu.Role)
				assert.Equal(t, c.timed, tu.StartMS != nil)
			}
			assert.Equal(t, c.roles, roles)
		})
	}
}

func TestCCAIErrors(t *testing.T) {
	cases := []struct{ name, body, field string }{
		{"no timestamps", `{"entries":[{"text":"a","role":"AGENT"}]}`, "entries"},
		{"bad timestamp", `{"entries":[{"text":"a","role":"AGENT","start_timestamp_usec":"soon"}]}`, "entries[0].start_timestamp_usec"},
		{"negative timestamp", `{"entries":[{"text":"a","role":"AGENT","start_timestamp_usec":-5}]}`, "entries[0].start_timestamp_usec"},
		{"bad utf8", "{\"entries\":[{\"text\":\"\xe0\xb8\",\"role\":\"AGENT\",\"start_timestamp_usec\":1}]}", "entries[0].text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs := vdParse(t, transcript.CCAIImporter{}, vdMem("x.json", []byte(c.body)))
			require.Len(t, recs, 1)
			var re *transcript.RecordError
			require.True(t, vdAs(recs[0].Err, &re), "%v", recs[0].Err)
			assert.Equal(t, c.field, re.Field)
		})
	}
}

func FuzzCCAI(f *testing.F) {
	vdSeed(f, "ccai")
	f.Add([]byte(`{"entries":[{"text":"a","role":"AGENT","start_timestamp_usec":1700000000000000,"user_id":2}]}`))
	f.Add([]byte(`{"medium":"PHONE_CALL","entries":[{"text":"a","role":"END_USER","start_timestamp_usec":"1700000000000000"},{"text":"b","start_timestamp_usec":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) { vdFuzz(t, transcript.CCAIImporter{}, data) })
}
