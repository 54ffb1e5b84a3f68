package transcript_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/scoring/transcript"
)

func TestContactLensSamples(t *testing.T) {
	dir := vdSamples(t, "contact-lens")
	cases := []struct {
		file       string
		channel    transcript.Channel
		agentName  string
		externalID string
		spot       map[int]string // source Transcript index → exact text
	}{
		{"voice-original.json", transcript.ChannelCall, "Agent (voice-original)", "contact-lens-voice-original", nil},
		{"voice-redacted.json", transcript.ChannelCall, "Agent (voice-redacted)", "contact-lens-voice-redacted", map[int]string{1: "Just hello. My name is [PII] and help."}},
		{"chat-original.json", transcript.ChannelChat, "Jane", "contact-lens-b49644f6-672f-445c-b209-f76b36482830", nil},
		{"chat-redacted.json", transcript.ChannelChat, "Agent (b49644f6-672f-445c-b209-f76b36482830)", "contact-lens-b49644f6-672f-445c-b209-f76b36482830", map[int]string{5: "Hello, thanks for reaching Example Corp. This is [PII]. How may I help you?"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			p := filepath.Join(dir, c.file)
			raw := vdJSON(t, p)
			// Independent expectations: every item with Content that is
			// not an EVENT is a turn; its role is on the item or, for
			// voice, through Participants.
			roleOf := map[string]string{}
			for _, pp := range raw["Participants"].([]any) {
				m := pp.(map[string]any)
				if r, ok := m["ParticipantRole"].(string); ok {
					roleOf[m["ParticipantId"].(string)] = r
				}
			}
			want := map[transcript.Role]int{}
			var contents []string
			for _, it := range raw["Transcript"].([]any) {
				m := it.(map[string]any)
				content, ok := m["Content"].(string)
				if !ok || m["Type"] == "EVENT" {
					continue
				}
				contents = append(contents, content)
				r, _ := m["ParticipantRole"].(string)
				if r == "" {
					r = roleOf[m["ParticipantId"].(string)]
				}
				want[map[string]transcript.Role{"AGENT": transcript.RoleAgent, "CUSTOMER": transcript.RoleCustomer, "SYSTEM": transcript.RoleSystem}[r]]++
			}

			recs := vdParse(t, transcript.ContactLensImporter{}, vdDisk(t, p))
			require.Len(t, recs, 1)
			require.NoError(t, recs[0].Err)
			vdCheck(t, recs)
			in := recs[0].Interaction
			require.Len(t, in.Turns, len(contents))
			assert.Equal(t, want, vdRoles(in))
			assert.Positive(t, want[transcript.RoleAgent])
			assert.Positive(t, want[transcript.RoleCustomer])
			assert.Equal(t, c.channel, in.Channel)
			assert.Equal(t, c.agentName, in.AgentName)
			assert.Equal(t, c.externalID, in.ExternalID)
			assert.Equal(t, "en", in.Language)
			if c.channel == transcript.ChannelChat {
				assert.Equal(t, 3, want[transcript.RoleSystem], "SYSTEM messages stay system")
				assert.Equal(t, "2022-10-27T03:31:50.735Z", in.StartedAt.Format("2006-01-02T15:04:05.000Z"))
				require.NotNil(t, in.Turns[0].At)
			} else {
				require.NotNil(t, in.Turns[0].StartMS)
			}
			// Chat keeps source order, so turn i is content i; voice
			// sorts by start, which the voice samples already are in.
			for i := range contents {
				assert.Equal(t, contents[i], in.Turns[i].Text)
			}
			src := raw["Transcript"].([]any)
			for i, text := range c.spot {
				assert.Equal(t, text, src[i].(map[string]any)["Content"])
				assert.Contains(t, vdTexts(in), text)
			}
		})
	}
}

func TestContactLensNames(t *testing.T) {
	cases := []struct {
		name, body, agent, customer string
		roles                       []transcript.Role
	}{
		{
			"bot and supervisor",
			`{"Version":"CHAT-2022-11-30","CustomerMetadata":{"ContactId":"c1"},"Participants":[{"ParticipantId":"b","ParticipantRole":"CUSTOM_BOT"}],"Transcript":[
			{"Type":"MESSAGE","ParticipantId":"b","DisplayName":"Lex","Content":"Hi from bot","AbsoluteTime":"2024-01-02T03:04:05.000Z"},
			{"Type":"MESSAGE","ParticipantRole":"CUSTOMER","DisplayName":"Minh","Content":"Tôi cần giúp đỡ","AbsoluteTime":"2024-01-02T03:04:06Z"},
			{"Type":"MESSAGE","ParticipantRole":"SUPERVISOR","DisplayName":"Sup","Content":"ok","AbsoluteTime":"2024-01-02T03:04:07Z"}]}`,
			"Sup", "Minh", []transcript.Role{transcript.RoleBot, transcript.RoleCustomer, transcript.RoleAgent},
		},
		{
			"voice from participant ids",
			`{"Version":"VOICE-2022-11-30","Participants":[{"ParticipantId":"A","ParticipantRole":"AGENT"},{"ParticipantId":"C","ParticipantRole":"CUSTOMER"}],"Transcript":[
			{"ParticipantId":"C","Content":"hello","BeginOffsetMillis":100,"EndOffsetMillis":200},
			{"ParticipantId":"A","Content":"hi","BeginOffsetMillis":0,"EndOffsetMillis":90}]}`,
			"Agent (x)", "", []transcript.Role{transcript.RoleAgent, transcript.RoleCustomer},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs := vdParse(t, transcript.ContactLensImporter{}, vdMem("x.json", []byte(c.body)))
			require.Len(t, recs, 1)
			require.NoError(t, recs[0].Err)
			in := recs[0].Interaction
			assert.Equal(t, c.agent, in.AgentName)
			assert.Equal(t, c.customer, in.CustomerName)
			var roles []transcript.Role
			for _, tu := range in.Turns {
				roles = append(roles, tu.Role)
			}
			assert.Equal(t, c.roles, roles)
		})
	}
}

func FuzzContactLens(f *testing.F) {
	vdSeed(f, "contact-lens")
	f.Add([]byte(`{"Version":"CHAT-2022-11-30","Transcript":[{"Type":"MESSAGE","ParticipantRole":"AGENT","Content":"x","AbsoluteTime":"2022-10-27T03:31:50.735Z"},{"Type":"EVENT"}]}`))
	f.Add([]byte(`{"Version":"VOICE-2022-11-30","Participants":[{"ParticipantId":"A","ParticipantRole":"AGENT"}],"Transcript":[{"ParticipantId":"A","Content":"x","BeginOffsetMillis":5,"EndOffsetMillis":9}]}`))
	f.Fuzz(func(t *testing.T, data []byte) { vdFuzz(t, transcript.ContactLensImporter{}, data) })
}
